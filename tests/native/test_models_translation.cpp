// The `translation` generator against the rules of shared/TASKS.md, checked on thousands
// of generated pairs with a parser written here independently of the generator.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "models/translation.h"

using namespace ap;
using namespace ap::translation;

namespace {

// TASKS.md's lexicon, written out again so a typo in the code's table is caught.
const std::map<std::string, std::pair<std::string, char>> kLexicon = {
    {"the", {"ta", 'D'}},      {"a", {"na", 'D'}},          {"cat", {"miro", 'N'}},
    {"dog", {"bofa", 'N'}},    {"bird", {"tweli", 'N'}},    {"fish", {"saku", 'N'}},
    {"child", {"kelo", 'N'}},  {"teacher", {"lumar", 'N'}}, {"farmer", {"grodo", 'N'}},
    {"king", {"reks", 'N'}},   {"big", {"oma", 'A'}},       {"small", {"piti", 'A'}},
    {"red", {"rua", 'A'}},     {"old", {"vetu", 'A'}},      {"happy", {"sela", 'A'}},
    {"quick", {"zipa", 'A'}},  {"sees", {"vidat", 'V'}},    {"chases", {"kurat", 'V'}},
    {"likes", {"amat", 'V'}},  {"helps", {"jurat", 'V'}},   {"finds", {"trovat", 'V'}},
    {"feeds", {"manat", 'V'}},
};

char cls(const std::string& w) {
  return kLexicon.at(w).second;
}

}  // namespace

TEST_CASE("the translation lexicon is TASKS.md's, row for row") {
  REQUIRE(lexicon().size() == kLexicon.size());
  for (const LexEntry& e : lexicon()) {
    REQUIRE(kLexicon.count(e.english) == 1);
    CHECK(kLexicon.at(e.english).first == e.vashi);
  }
}

TEST_CASE("the TASKS.md example translates as written") {
  Pair p;
  std::string error;
  REQUIRE(translate(split_words("the big red dog chases a small cat"), &p, &error));
  CHECK(join_words(p.vashi) == "ta bofa rua oma na miro piti kurat");
  CHECK(p.src == std::vector<int>{0, 3, 2, 1, 5, 7, 6, 4});
  CHECK(scored_positions(p) == std::vector<int>{1, 2, 3, 5, 6, 7});
}

TEST_CASE("generated translation pairs follow every rule of TASKS.md") {
  Rng rng(2024);
  const int n = 5000;
  std::map<int, int> k_count, length_count;
  std::map<std::string, int> word_count;
  for (int i = 0; i < n; ++i) {
    const Pair p = generate(rng);
    const auto& en = p.english;
    INFO("pair ", i, ": ", join_words(en), " → ", join_words(p.vashi));
    REQUIRE(en.size() >= 5);
    REQUIRE(en.size() <= 9);
    ++length_count[static_cast<int>(en.size())];
    REQUIRE(p.vashi.size() == en.size());
    REQUIRE(p.src.size() == en.size());
    for (const std::string& w : en) {
      REQUIRE(kLexicon.count(w) == 1);
      ++word_count[w];
    }
    // English: DET ADJ{k} NOUN VERB DET ADJ{k} NOUN, adjectives of one NP distinct.
    std::vector<std::pair<int, int>> nps;  // [first, noun] positions
    std::size_t pos = 0;
    for (int np = 0; np < 2; ++np) {
      REQUIRE(cls(en[pos]) == 'D');
      const std::size_t first = pos++;
      std::set<std::string> adjs;
      while (cls(en[pos]) == 'A') adjs.insert(en[pos++]);
      const int k = static_cast<int>(pos - first - 1);
      REQUIRE(k <= 2);
      CHECK(static_cast<int>(adjs.size()) == k);
      ++k_count[k];
      REQUIRE(cls(en[pos]) == 'N');
      nps.push_back({static_cast<int>(first), static_cast<int>(pos)});
      ++pos;
      if (np == 0) {
        REQUIRE(cls(en[pos]) == 'V');
        ++pos;
      }
    }
    REQUIRE(pos == en.size());
    // Vashi: NP₁' NP₂' VERB' with NP' = DET' NOUN' ADJ_k' … ADJ₁'.
    std::vector<int> expect;
    for (auto [first, noun] : nps) {
      expect.push_back(first);
      expect.push_back(noun);
      for (int j = noun - 1; j > first; --j) expect.push_back(j);
    }
    expect.push_back(nps[0].second + 1);
    CHECK(p.src == expect);
    for (std::size_t t = 0; t < p.vashi.size(); ++t)
      CHECK(p.vashi[t] == kLexicon.at(en[static_cast<std::size_t>(p.src[t])]).first);
  }
  // k uniform in {0, 1, 2}: 10000 draws, each share within 1/3 ± 0.03 (> 6 σ).
  for (int k = 0; k < 3; ++k) CHECK(std::abs(k_count[k] / (2.0 * n) - 1.0 / 3.0) < 0.03);
  for (int len = 5; len <= 9; ++len) CHECK(length_count[len] > 0);
  // Every word of every class appears (uniform choice within a class).
  CHECK(word_count.size() == kLexicon.size());
  // Nouns: 2 per sentence over 8 nouns, each share 1/8 ± 0.02.
  for (const auto& [w, info] : kLexicon)
    if (info.second == 'N') CHECK(std::abs(word_count[w] / (2.0 * n) - 0.125) < 0.02);
}

TEST_CASE("the same seed generates the same pairs, another seed does not") {
  Rng a(7), b(7), c(8);
  bool differ = false;
  for (int i = 0; i < 100; ++i) {
    const Pair pa = generate(a), pb = generate(b), pc = generate(c);
    CHECK(pa.english == pb.english);
    differ = differ || pa.english != pc.english;
  }
  CHECK(differ);
}

TEST_CASE("translate names unknown words and rejects other word orders") {
  Pair p;
  std::string error;
  CHECK_FALSE(translate(split_words("the zebra sees a cat"), &p, &error));
  CHECK(error.find("\"zebra\"") != std::string::npos);
  CHECK_FALSE(translate(split_words("the cat a dog sees"), &p, &error));
  CHECK(error.find("not a sentence") != std::string::npos);
  CHECK_FALSE(translate(split_words("the big red old cat sees a dog"), &p, &error));
  CHECK(translate(split_words("The  Cat sees a dog"), &p, &error));
  CHECK(join_words(p.vashi) == "ta miro na bofa vidat");
}

TEST_CASE("scored positions skip determiners and words that occur twice") {
  Pair p;
  std::string error;
  REQUIRE(translate(split_words("the cat sees the big cat"), &p, &error));
  // ta miro ta miro oma vidat: only oma (t = 4) and vidat (t = 5) are scored.
  CHECK(join_words(p.vashi) == "ta miro ta miro oma vidat");
  CHECK(scored_positions(p) == std::vector<int>{4, 5});
}
