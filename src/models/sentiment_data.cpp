// The `sentiment` generator and grammar (shared/TASKS.md, exactly).
#include "models/sentiment_data.h"

namespace ap::sentiment {
namespace {

std::vector<int> class_rows(WordClass c) {
  std::vector<int> rows;
  const auto& voc = vocabulary();
  for (int i = 0; i < static_cast<int>(voc.size()); ++i)
    if (voc[static_cast<std::size_t>(i)].cls == c) rows.push_back(i);
  return rows;
}

int pick(Rng& rng, const std::vector<int>& rows) {
  return rows[static_cast<std::size_t>(rng.uniform() * static_cast<double>(rows.size()))];
}

const char* word(int row) {
  return vocabulary()[static_cast<std::size_t>(row)].word;
}

// Appends one clause to `r`. `polarity` 0: free; ±1: the clause must have this polarity.
Clause draw_clause(Rng& rng, int polarity, Review* r) {
  static const std::vector<int> dets = class_rows(WordClass::Determiner),
                                subjects = class_rows(WordClass::Subject),
                                verbs = class_rows(WordClass::Verb),
                                negators = class_rows(WordClass::Negator),
                                intensifiers = class_rows(WordClass::Intensifier),
                                positive = class_rows(WordClass::PositiveAdjective),
                                negative = class_rows(WordClass::NegativeAdjective);
  static const std::vector<int> adjectives = [] {
    std::vector<int> a = positive;
    a.insert(a.end(), negative.begin(), negative.end());
    return a;
  }();
  Clause c;
  auto push = [&](int row) {
    r->words.push_back(word(row));
    return static_cast<int>(r->words.size()) - 1;
  };
  c.first = push(pick(rng, dets));
  push(pick(rng, subjects));
  push(pick(rng, verbs));
  const bool negated = rng.uniform() < 0.5;
  if (negated) c.negator = push(pick(rng, negators));
  if (rng.uniform() < 0.5) c.intensifier = push(pick(rng, intensifiers));
  int adj = 0;
  if (polarity == 0) {
    adj = pick(rng, adjectives);
  } else {
    // The adjective's own sign must be polarity, flipped when negated.
    adj = pick(rng, (polarity > 0) != negated ? positive : negative);
  }
  c.adjective = push(adj);
  const int sign =
      vocabulary()[static_cast<std::size_t>(adj)].cls == WordClass::PositiveAdjective ? 1 : -1;
  c.polarity = negated ? -sign : sign;
  return c;
}

void finish(Review* r) {
  r->label = r->clauses.back().polarity > 0 ? 1 : 0;
  r->attention_targets.clear();
  const std::size_t first = r->form == Form::And ? 0 : r->clauses.size() - 1;
  for (std::size_t i = first; i < r->clauses.size(); ++i) {
    const Clause& c = r->clauses[i];
    if (c.negator >= 0) r->attention_targets.push_back(c.negator);
    r->attention_targets.push_back(c.adjective);
  }
}

}  // namespace

const std::vector<VocabEntry>& vocabulary() {
  using C = WordClass;
  static const std::vector<VocabEntry> v = {
      {"good", C::PositiveAdjective},
      {"great", C::PositiveAdjective},
      {"excellent", C::PositiveAdjective},
      {"wonderful", C::PositiveAdjective},
      {"brilliant", C::PositiveAdjective},
      {"charming", C::PositiveAdjective},
      {"funny", C::PositiveAdjective},
      {"moving", C::PositiveAdjective},
      {"bad", C::NegativeAdjective},
      {"awful", C::NegativeAdjective},
      {"boring", C::NegativeAdjective},
      {"terrible", C::NegativeAdjective},
      {"dull", C::NegativeAdjective},
      {"weak", C::NegativeAdjective},
      {"annoying", C::NegativeAdjective},
      {"bland", C::NegativeAdjective},
      {"not", C::Negator},
      {"never", C::Negator},
      {"very", C::Intensifier},
      {"really", C::Intensifier},
      {"truly", C::Intensifier},
      {"movie", C::Subject},
      {"film", C::Subject},
      {"plot", C::Subject},
      {"acting", C::Subject},
      {"story", C::Subject},
      {"ending", C::Subject},
      {"music", C::Subject},
      {"cast", C::Subject},
      {"the", C::Determiner},
      {"this", C::Determiner},
      {"is", C::Verb},
      {"was", C::Verb},
      {"honestly", C::Opener},
      {"overall", C::Opener},
      {"frankly", C::Opener},
      {"and", C::Conjunction},
      {"but", C::Conjunction},
  };
  return v;
}

int word_index(const std::string& w) {
  const auto& voc = vocabulary();
  for (std::size_t i = 0; i < voc.size(); ++i)
    if (w == voc[i].word) return static_cast<int>(i);
  return -1;
}

const char* label_name(int label) {
  return label == 1 ? "positive" : "negative";
}

Review generate(Rng& rng) {
  static const std::vector<int> openers = class_rows(WordClass::Opener);
  Review r;
  r.opener = rng.uniform() < 0.25;
  if (r.opener) r.words.push_back(word(pick(rng, openers)));
  const int form = static_cast<int>(rng.uniform() * 3.0);
  r.form = form == 0 ? Form::Single : form == 1 ? Form::And : Form::But;
  r.clauses.push_back(draw_clause(rng, 0, &r));
  if (r.form != Form::Single) {
    r.words.push_back(r.form == Form::And ? "and" : "but");
    const int p = r.clauses[0].polarity;
    r.clauses.push_back(draw_clause(rng, r.form == Form::And ? p : -p, &r));
  }
  finish(&r);
  return r;
}

bool parse(const std::vector<std::string>& words, Review* out, std::string* error) {
  const auto& voc = vocabulary();
  std::string unknown;
  int n_unknown = 0;
  for (const std::string& w : words)
    if (word_index(w) < 0) unknown += (n_unknown++ ? ", \"" : "\"") + w + "\"";
  if (n_unknown) {
    *error = (n_unknown > 1 ? "unknown words: " : "unknown word: ") + unknown;
    return false;
  }
  const int n = static_cast<int>(words.size());
  auto cls = [&](int pos) {
    return voc[static_cast<std::size_t>(word_index(words[static_cast<std::size_t>(pos)]))].cls;
  };
  Review r;
  r.words = words;
  int pos = 0;
  r.opener = n > 0 && cls(0) == WordClass::Opener;
  pos += r.opener ? 1 : 0;
  // Parses one clause from `pos`; false when the words there are not a clause.
  auto clause = [&](Clause* c) {
    if (pos + 3 >= n || cls(pos) != WordClass::Determiner || cls(pos + 1) != WordClass::Subject ||
        cls(pos + 2) != WordClass::Verb)
      return false;
    c->first = pos;
    pos += 3;
    if (pos < n && cls(pos) == WordClass::Negator) c->negator = pos++;
    if (pos < n && cls(pos) == WordClass::Intensifier) c->intensifier = pos++;
    if (pos >= n) return false;
    const WordClass a = cls(pos);
    if (a != WordClass::PositiveAdjective && a != WordClass::NegativeAdjective) return false;
    c->adjective = pos++;
    const int sign = a == WordClass::PositiveAdjective ? 1 : -1;
    c->polarity = c->negator >= 0 ? -sign : sign;
    return true;
  };
  Clause c1, c2;
  bool ok = clause(&c1);
  if (ok) r.clauses.push_back(c1);
  if (ok && pos < n) {
    const std::string& conj = words[static_cast<std::size_t>(pos)];
    ok = conj == "and" || conj == "but";
    r.form = conj == "and" ? Form::And : Form::But;
    ++pos;
    ok = ok && clause(&c2) && pos == n;
    if (ok) r.clauses.push_back(c2);
  }
  if (!ok) {
    *error =
        "not a review of the task: expected [OPENER] DET SUBJECT VERB [NEGATOR] [INTENSIFIER] "
        "ADJECTIVE, optionally followed by \"and\" or \"but\" and a second such clause";
    return false;
  }
  finish(&r);
  *out = std::move(r);
  return true;
}

}  // namespace ap::sentiment
