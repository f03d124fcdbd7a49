// The `sentiment` task of shared/TASKS.md: short reviews whose last clause decides.
// Exact vocabulary, clause grammar, label rule and the positions attention accuracy is
// scored on; generated from a seed with ap::Rng, nothing downloaded. No model code here:
// see sentiment_model.h.
#pragma once

#include <string>
#include <vector>

#include "core/rng.h"

namespace ap::sentiment {

enum class WordClass {
  PositiveAdjective,
  NegativeAdjective,
  Negator,
  Intensifier,
  Subject,
  Determiner,
  Verb,
  Opener,
  Conjunction,  // "and", "but": not a TASKS.md class, the words that join two clauses
};

struct VocabEntry {
  const char* word;
  WordClass cls;
};

// Every word a review can contain, in TASKS.md's table order, then "and" and "but". The
// model's word ids are rows of this table.
const std::vector<VocabEntry>& vocabulary();
int word_index(const std::string& word);  // row in vocabulary(), or −1

enum class Form { Single, And, But };

// One clause, as positions in its review: DET SUBJECT VERB [NEGATOR] [INTENSIFIER] ADJECTIVE.
struct Clause {
  int first = 0;         // the determiner
  int negator = -1;      // −1 when absent
  int intensifier = -1;  // −1 when absent
  int adjective = 0;
  int polarity = 0;  // +1 or −1: the adjective's sign, times −1 when negated
};

struct Review {
  std::vector<std::string> words;
  bool opener = false;
  Form form = Form::Single;
  std::vector<Clause> clauses;  // 1 or 2
  int label = 0;                // 1 positive, 0 negative: the last clause's polarity
  // The positions TASKS.md accepts as the most-attended word: the adjective or negator of
  // the last clause, of either clause for `and`. Ascending.
  std::vector<int> attention_targets;
};

const char* label_name(int label);  // "positive" (1) or "negative" (0)

// Draws one review: an optional opener (probability ¼), then a single clause, `C and C`
// with equal polarities or `C but C` with opposite ones, uniformly. Each clause has a
// negator and an intensifier with probability ½ each, every word uniform in its class; the
// second clause's negator is drawn first and its adjective then uniform in the class that
// gives the required polarity (the same distribution as redrawing until it fits).
Review generate(Rng& rng);

// Reads a typed review by the grammar (the and/but polarity constraints are not asked of
// a typed review; its label is still its last clause's polarity). Returns false, with `error`
// naming the first unknown word or the grammar problem, when it is not a review of the task.
bool parse(const std::vector<std::string>& words, Review* out, std::string* error);

}  // namespace ap::sentiment
