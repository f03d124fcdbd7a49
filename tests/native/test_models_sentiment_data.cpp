// The `sentiment` generator against the rules of shared/TASKS.md, checked on thousands of
// generated reviews with a clause reader written here independently of the generator.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "models/sentiment_data.h"

using namespace ap;
using namespace ap::sentiment;

namespace {

// TASKS.md's table, written out again so a typo in the code's table is caught.
// P/N positive/negative adjective, G negator, I intensifier, S subject, D determiner,
// V verb, O opener.
const std::map<std::string, char> kClasses = {
    {"good", 'P'},      {"great", 'P'},    {"excellent", 'P'}, {"wonderful", 'P'},
    {"brilliant", 'P'}, {"charming", 'P'}, {"funny", 'P'},     {"moving", 'P'},
    {"bad", 'N'},       {"awful", 'N'},    {"boring", 'N'},    {"terrible", 'N'},
    {"dull", 'N'},      {"weak", 'N'},     {"annoying", 'N'},  {"bland", 'N'},
    {"not", 'G'},       {"never", 'G'},    {"very", 'I'},      {"really", 'I'},
    {"truly", 'I'},     {"movie", 'S'},    {"film", 'S'},      {"plot", 'S'},
    {"acting", 'S'},    {"story", 'S'},    {"ending", 'S'},    {"music", 'S'},
    {"cast", 'S'},      {"the", 'D'},      {"this", 'D'},      {"is", 'V'},
    {"was", 'V'},       {"honestly", 'O'}, {"overall", 'O'},   {"frankly", 'O'},
};

struct Read {
  int polarity = 0;
  bool negated = false, intensified = false;
  int negator = -1, adjective = -1;
};

// Reads DET SUBJECT VERB [NEG] [INT] ADJ from words[pos …]; advances pos. Fails the test
// when the words are not such a clause.
Read read_clause(const std::vector<std::string>& w, std::size_t* pos) {
  Read r;
  auto cls = [&](std::size_t i) { return i < w.size() ? kClasses.at(w[i]) : '?'; };
  REQUIRE(cls(*pos) == 'D');
  REQUIRE(cls(*pos + 1) == 'S');
  REQUIRE(cls(*pos + 2) == 'V');
  *pos += 3;
  if (cls(*pos) == 'G') r.negated = true, r.negator = static_cast<int>((*pos)++);
  if (cls(*pos) == 'I') r.intensified = true, ++*pos;
  const char a = cls(*pos);
  REQUIRE((a == 'P' || a == 'N'));
  r.adjective = static_cast<int>((*pos)++);
  r.polarity = (a == 'P' ? 1 : -1) * (r.negated ? -1 : 1);
  return r;
}

}  // namespace

TEST_CASE("the sentiment vocabulary is TASKS.md's, plus and/but") {
  REQUIRE(vocabulary().size() == kClasses.size() + 2);
  const std::map<WordClass, char> letter = {{WordClass::PositiveAdjective, 'P'},
                                            {WordClass::NegativeAdjective, 'N'},
                                            {WordClass::Negator, 'G'},
                                            {WordClass::Intensifier, 'I'},
                                            {WordClass::Subject, 'S'},
                                            {WordClass::Determiner, 'D'},
                                            {WordClass::Verb, 'V'},
                                            {WordClass::Opener, 'O'}};
  std::set<std::string> seen;
  for (const VocabEntry& e : vocabulary()) {
    CHECK(seen.insert(e.word).second);
    if (e.cls == WordClass::Conjunction) {
      CHECK((std::string(e.word) == "and" || std::string(e.word) == "but"));
      continue;
    }
    REQUIRE(kClasses.count(e.word) == 1);
    CHECK(kClasses.at(e.word) == letter.at(e.cls));
  }
  CHECK(word_index("charming") >= 0);
  CHECK(word_index("Good") == -1);
}

TEST_CASE("generated reviews follow every rule of TASKS.md") {
  Rng rng(77);
  const int n = 6000;
  int openers = 0, negated = 0, intensified = 0, clauses = 0;
  std::map<int, int> forms;  // 1 single, 2 and, 3 but
  std::map<std::string, int> words_seen;
  int positive = 0;
  for (int i = 0; i < n; ++i) {
    const Review r = generate(rng);
    const auto& w = r.words;
    std::string text;
    for (const std::string& x : w) text += x + " ";
    INFO("review ", i, ": ", text);
    for (const std::string& x : w) ++words_seen[x];
    std::size_t pos = 0;
    const bool opener = kClasses.count(w[0]) && kClasses.at(w[0]) == 'O';
    CHECK(opener == r.opener);
    openers += opener;
    pos += opener ? 1 : 0;
    std::vector<Read> read{read_clause(w, &pos)};
    int form = 1;
    if (pos < w.size()) {
      REQUIRE((w[pos] == "and" || w[pos] == "but"));
      form = w[pos] == "and" ? 2 : 3;
      ++pos;
      read.push_back(read_clause(w, &pos));
    }
    REQUIRE(pos == w.size());
    ++forms[form];
    CHECK(static_cast<int>(r.form) + 1 == form);
    if (form == 2) CHECK(read[0].polarity == read[1].polarity);
    if (form == 3) CHECK(read[0].polarity == -read[1].polarity);
    for (const Read& c : read) negated += c.negated, intensified += c.intensified, ++clauses;
    // The label is the last clause's polarity.
    CHECK(r.label == (read.back().polarity > 0 ? 1 : 0));
    positive += r.label;
    // Attention targets: the adjective or negator of the last clause, of either for `and`.
    std::vector<int> expect;
    for (std::size_t c = form == 2 ? 0 : read.size() - 1; c < read.size(); ++c) {
      if (read[c].negator >= 0) expect.push_back(read[c].negator);
      expect.push_back(read[c].adjective);
    }
    CHECK(r.attention_targets == expect);
    // The grammar reader of the library agrees with this one.
    Review parsed;
    std::string error;
    REQUIRE(parse(w, &parsed, &error));
    CHECK(parsed.label == r.label);
    CHECK(parsed.attention_targets == r.attention_targets);
  }
  // Binomial bounds at about 5 standard deviations.
  CHECK(openers == doctest::Approx(n / 4.0).epsilon(0.1));
  for (int f = 1; f <= 3; ++f) CHECK(forms[f] == doctest::Approx(n / 3.0).epsilon(0.07));
  CHECK(negated == doctest::Approx(clauses / 2.0).epsilon(0.05));
  CHECK(intensified == doctest::Approx(clauses / 2.0).epsilon(0.05));
  CHECK(positive == doctest::Approx(n / 2.0).epsilon(0.07));
  // Every word of the table occurs.
  for (const auto& [word, c] : kClasses) CHECK(words_seen[word] > 0);
  CHECK(words_seen["and"] > 0);
  CHECK(words_seen["but"] > 0);
}

TEST_CASE("a seed fixes the reviews, another seed gives others") {
  Rng a(5), b(5), c(6);
  int same = 0;
  for (int i = 0; i < 50; ++i) {
    const Review x = generate(a), y = generate(b), z = generate(c);
    CHECK(x.words == y.words);
    same += x.words == z.words;
  }
  CHECK(same < 5);
}

TEST_CASE("typed reviews: labels by the last clause, unknown words and bad grammar named") {
  Review r;
  std::string error;
  REQUIRE(parse({"the", "film", "was", "not", "good"}, &r, &error));
  CHECK(r.label == 0);
  CHECK(r.attention_targets == std::vector<int>{3, 4});
  REQUIRE(parse({"honestly", "the", "plot", "is", "dull", "but", "this", "cast", "was", "never",
                 "really", "bland"},
                &r, &error));
  CHECK(r.label == 1);
  CHECK(r.attention_targets == std::vector<int>{9, 11});
  CHECK(std::string(label_name(r.label)) == "positive");
  CHECK_FALSE(parse({"the", "film", "was", "superb"}, &r, &error));
  CHECK(error == "unknown word: \"superb\"");
  CHECK_FALSE(parse({"the", "film", "good"}, &r, &error));
  CHECK(error.find("not a review") == 0);
  CHECK_FALSE(parse({"the", "film", "was", "good", "and"}, &r, &error));
  CHECK_FALSE(parse({}, &r, &error));
}
