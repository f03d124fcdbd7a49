// The `translation` task of shared/TASKS.md: English → Vashi, an invented language that
// moves the verb to the end and puts each noun before its adjectives (reversed). Exact
// lexicon, grammar and alignment src(t); generated from a seed with ap::Rng, nothing
// downloaded. No model code here: see seq2seq.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/rng.h"

namespace ap::translation {

enum class WordClass { Determiner, Noun, Adjective, Verb };

struct LexEntry {
  const char* english;
  const char* vashi;
  WordClass cls;
};

// The 22 lexicon rows, in TASKS.md order (determiners, nouns, adjectives, verbs).
const std::vector<LexEntry>& lexicon();

// One English sentence, its Vashi translation and the alignment src(t): Vashi word t
// comes from English position src[t]. Words as strings, split on single spaces.
struct Pair {
  std::vector<std::string> english;
  std::vector<std::string> vashi;
  std::vector<int> src;
};

// Draws one pair: NP₁ VERB NP₂, NP = DET ADJ₁ … ADJ_k NOUN, k uniform in {0, 1, 2},
// adjectives of one NP distinct, each word uniform in its class.
Pair generate(Rng& rng);

// Translates an English sentence by the rules (the reference the model is scored
// against). Returns false, with `error` naming the first unknown word or the grammar
// problem, when the sentence is not NP VERB NP in the lexicon.
bool translate(const std::vector<std::string>& english, Pair* out, std::string* error);

// Index of an English (or Vashi) word in lexicon(), or −1.
int english_index(const std::string& word);
int vashi_index(const std::string& word);

// The Vashi positions that TASKS.md scores for attention accuracy: nouns, adjectives and
// verbs whose English word occurs once in the sentence.
std::vector<int> scored_positions(const Pair& p);

std::vector<std::string> split_words(const std::string& text);
std::string join_words(const std::vector<std::string>& words);

}  // namespace ap::translation
