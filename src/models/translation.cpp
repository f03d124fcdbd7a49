// The `translation` generator and rule-based translator (shared/TASKS.md, exactly).
#include "models/translation.h"

namespace ap::translation {
namespace {

std::vector<int> class_rows(WordClass c) {
  std::vector<int> rows;
  const auto& lex = lexicon();
  for (int i = 0; i < static_cast<int>(lex.size()); ++i)
    if (lex[i].cls == c) rows.push_back(i);
  return rows;
}

int pick(Rng& rng, const std::vector<int>& rows) {
  return rows[static_cast<std::size_t>(rng.uniform() * static_cast<double>(rows.size()))];
}

// One NP as lexicon rows: DET ADJ₁ … ADJ_k NOUN.
std::vector<int> noun_phrase(Rng& rng) {
  static const std::vector<int> dets = class_rows(WordClass::Determiner),
                                nouns = class_rows(WordClass::Noun),
                                adjs = class_rows(WordClass::Adjective);
  std::vector<int> np{pick(rng, dets)};
  const int k = static_cast<int>(rng.uniform() * 3.0);
  std::vector<int> left = adjs;
  for (int i = 0; i < k; ++i) {
    const std::size_t j =
        static_cast<std::size_t>(rng.uniform() * static_cast<double>(left.size()));
    np.push_back(left[j]);
    left.erase(left.begin() + static_cast<std::ptrdiff_t>(j));
  }
  np.push_back(pick(rng, nouns));
  return np;
}

// Appends the Vashi form of the NP at English positions [first, last] (DET ADJ… NOUN):
// DET' NOUN' ADJ_k' … ADJ₁'.
void reorder_np(const std::vector<std::string>& en, int first, int last, Pair* out) {
  auto emit = [&](int pos) {
    out->vashi.push_back(
        lexicon()[static_cast<std::size_t>(english_index(en[static_cast<std::size_t>(pos)]))]
            .vashi);
    out->src.push_back(pos);
  };
  emit(first);
  emit(last);
  for (int pos = last - 1; pos > first; --pos) emit(pos);
}

}  // namespace

const std::vector<LexEntry>& lexicon() {
  static const std::vector<LexEntry> lex = {
      {"the", "ta", WordClass::Determiner},    {"a", "na", WordClass::Determiner},
      {"cat", "miro", WordClass::Noun},        {"dog", "bofa", WordClass::Noun},
      {"bird", "tweli", WordClass::Noun},      {"fish", "saku", WordClass::Noun},
      {"child", "kelo", WordClass::Noun},      {"teacher", "lumar", WordClass::Noun},
      {"farmer", "grodo", WordClass::Noun},    {"king", "reks", WordClass::Noun},
      {"big", "oma", WordClass::Adjective},    {"small", "piti", WordClass::Adjective},
      {"red", "rua", WordClass::Adjective},    {"old", "vetu", WordClass::Adjective},
      {"happy", "sela", WordClass::Adjective}, {"quick", "zipa", WordClass::Adjective},
      {"sees", "vidat", WordClass::Verb},      {"chases", "kurat", WordClass::Verb},
      {"likes", "amat", WordClass::Verb},      {"helps", "jurat", WordClass::Verb},
      {"finds", "trovat", WordClass::Verb},    {"feeds", "manat", WordClass::Verb},
  };
  return lex;
}

int english_index(const std::string& word) {
  const auto& lex = lexicon();
  for (std::size_t i = 0; i < lex.size(); ++i)
    if (word == lex[i].english) return static_cast<int>(i);
  return -1;
}

int vashi_index(const std::string& word) {
  const auto& lex = lexicon();
  for (std::size_t i = 0; i < lex.size(); ++i)
    if (word == lex[i].vashi) return static_cast<int>(i);
  return -1;
}

Pair generate(Rng& rng) {
  static const std::vector<int> verbs = class_rows(WordClass::Verb);
  std::vector<int> rows = noun_phrase(rng);
  rows.push_back(pick(rng, verbs));
  const std::vector<int> np2 = noun_phrase(rng);
  rows.insert(rows.end(), np2.begin(), np2.end());
  std::vector<std::string> en;
  for (int r : rows) en.push_back(lexicon()[static_cast<std::size_t>(r)].english);
  Pair p;
  std::string unused;
  translate(en, &p, &unused);
  return p;
}

bool translate(const std::vector<std::string>& english, Pair* out, std::string* error) {
  const auto& lex = lexicon();
  std::vector<std::string> unknown;
  for (const std::string& w : english)
    if (english_index(w) < 0) unknown.push_back(w);
  if (!unknown.empty()) {
    *error = "unknown word" + std::string(unknown.size() > 1 ? "s" : "") + ": ";
    for (std::size_t i = 0; i < unknown.size(); ++i)
      *error += (i ? ", \"" : "\"") + unknown[i] + "\"";
    return false;
  }
  const int n = static_cast<int>(english.size());
  auto cls = [&](int pos) {
    return lex[static_cast<std::size_t>(english_index(english[static_cast<std::size_t>(pos)]))].cls;
  };
  // Parses DET ADJ* NOUN from `pos`; returns the noun's position or −1.
  auto parse_np = [&](int pos) {
    if (pos >= n || cls(pos) != WordClass::Determiner) return -1;
    int i = pos + 1;
    while (i < n && cls(i) == WordClass::Adjective) ++i;
    if (i >= n || cls(i) != WordClass::Noun || i - pos - 1 > 2) return -1;
    return i;
  };
  const int noun1 = parse_np(0);
  const int noun2 =
      noun1 < 0 || noun1 + 1 >= n || cls(noun1 + 1) != WordClass::Verb ? -1 : parse_np(noun1 + 2);
  if (noun2 != n - 1) {
    *error = "not a sentence of the task: expected DET [ADJ] [ADJ] NOUN VERB DET [ADJ] [ADJ] NOUN";
    return false;
  }
  Pair p;
  p.english = english;
  reorder_np(english, 0, noun1, &p);
  reorder_np(english, noun1 + 2, noun2, &p);
  p.vashi.push_back(
      lex[static_cast<std::size_t>(english_index(english[static_cast<std::size_t>(noun1) + 1]))]
          .vashi);
  p.src.push_back(noun1 + 1);
  *out = std::move(p);
  return true;
}

std::vector<int> scored_positions(const Pair& p) {
  std::vector<int> scored;
  for (std::size_t t = 0; t < p.vashi.size(); ++t) {
    const std::string& en = p.english[static_cast<std::size_t>(p.src[t])];
    if (lexicon()[static_cast<std::size_t>(english_index(en))].cls == WordClass::Determiner)
      continue;
    int count = 0;
    for (const std::string& w : p.english) count += w == en;
    if (count == 1) scored.push_back(static_cast<int>(t));
  }
  return scored;
}

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> words;
  std::string cur;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!cur.empty()) words.push_back(cur), cur.clear();
    } else {
      // Learners type capitals; the task's words are lower-case ASCII.
      cur += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
  }
  if (!cur.empty()) words.push_back(cur);
  return words;
}

std::string join_words(const std::vector<std::string>& words) {
  std::string s;
  for (std::size_t i = 0; i < words.size(); ++i) s += (i ? " " : "") + words[i];
  return s;
}

}  // namespace ap::translation
