// The `qa` task of shared/TASKS.md: "where is somebody?" with one supporting fact.
// Names Mary · John · Sandra · Daniel; places kitchen · garden · hallway · bathroom ·
// office · bedroom; verbs "went to" · "moved to" · "journeyed to" · "travelled to" ·
// "went back to". A story is 2 to 10 sentences `NAME VERB the PLACE`; the question
// `where is NAME` asks about a name in the story; the answer is the place of the last
// sentence about that name, the supporting fact. Generated from a seed with ap::Rng,
// nothing downloaded. No model code here: see qa_model.h.
#pragma once

#include <string>
#include <vector>

#include "core/rng.h"

namespace ap::qa {

inline constexpr int kMinStorySentences = 2;  // the generator's range (TASKS.md)
inline constexpr int kMaxStorySentences = 10;

const std::vector<std::string>& names();   // capitalised, TASKS.md order
const std::vector<std::string>& places();  // TASKS.md order
const std::vector<std::string>& verbs();   // "went to", …, "went back to"

// One sentence as indices into names(), verbs(), places().
struct Sentence {
  int name = 0, verb = 0, place = 0;
  bool operator==(const Sentence& o) const {
    return name == o.name && verb == o.verb && place == o.place;
  }
};

struct Story {
  std::vector<Sentence> sentences;
  int question = 0;  // names() index: "where is NAME"
  int answer = 0;    // places() index
  int support = 0;   // index of the supporting sentence
};

// Draws one story: length uniform in 2 … 10, name, verb and place of each sentence
// uniform, the question's name uniform among the distinct names of the story.
Story generate(Rng& rng);

// The reference: place and index of the last sentence about `name`; false when the name
// does not occur.
bool answer(const std::vector<Sentence>& sentences, int name, int* place, int* support);

std::string sentence_text(const Sentence& s);  // "Mary went to the kitchen"
std::string question_text(int name);           // "where is Mary"
std::vector<std::string> sentence_words(const Sentence& s);
std::vector<std::string> question_words(int name);

// Index of a name or place, ignoring case; −1 when unknown.
int name_index(const std::string& word);
int place_index(const std::string& word);

// Reads "NAME VERB the PLACE" (words separated by spaces, case ignored, a final "." allowed).
// False with a clear `error` (the unknown name or place quoted) otherwise.
bool parse_sentence(const std::string& text, Sentence* out, std::string* error);
// Reads "where is NAME" (case ignored, a final "?" allowed) into a names() index.
bool parse_question(const std::string& text, int* name, std::string* error);

// Every word a story or question can hold, lower-case, in a fixed order: the model's
// vocabulary. word_index() ignores case; −1 when unknown.
const std::vector<std::string>& vocabulary();
int word_index(const std::string& word);

}  // namespace ap::qa
