// The `qa` generator against the rules of shared/TASKS.md, checked on thousands of
// generated stories through their text, with the lists written out here again and the
// answer found here independently of the generator; the parsers' errors.
#include <doctest/doctest.h>

#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "models/qa_data.h"

using namespace ap;
using namespace ap::qa;

namespace {

// TASKS.md's lists, written out again so a typo in the code's tables is caught.
const std::vector<std::string> kNames = {"Mary", "John", "Sandra", "Daniel"};
const std::vector<std::string> kPlaces = {"kitchen",  "garden", "hallway",
                                          "bathroom", "office", "bedroom"};
const std::vector<std::string> kVerbs = {"went to", "moved to", "journeyed to", "travelled to",
                                         "went back to"};

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> w;
  std::istringstream is(text);
  std::string x;
  while (is >> x) w.push_back(x);
  return w;
}

int index_in(const std::vector<std::string>& list, const std::string& s) {
  for (std::size_t i = 0; i < list.size(); ++i)
    if (list[i] == s) return static_cast<int>(i);
  return -1;
}

// Chi-square statistic of counts against a uniform distribution.
double chi_square(const std::map<int, int>& counts, int categories, int total) {
  const double expected = static_cast<double>(total) / categories;
  double chi = 0;
  for (int c = 0; c < categories; ++c) {
    const auto it = counts.find(c);
    const double o = it == counts.end() ? 0 : it->second;
    chi += (o - expected) * (o - expected) / expected;
  }
  return chi;
}

}  // namespace

TEST_CASE("the qa lists are TASKS.md's") {
  CHECK(names() == kNames);
  CHECK(places() == kPlaces);
  CHECK(verbs() == kVerbs);
  // The vocabulary holds every word of every sentence and question, lower-case, once.
  std::set<std::string> vocab(vocabulary().begin(), vocabulary().end());
  CHECK(vocab.size() == vocabulary().size());
  for (const auto& list : {kNames, kPlaces, kVerbs})
    for (const auto& entry : list)
      for (const auto& w : words_of(entry)) {
        std::string l = w;
        for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        CHECK(vocab.count(l) == 1);
        CHECK(word_index(w) >= 0);
      }
  CHECK(vocab.count("where") == 1);
  CHECK(vocab.count("is") == 1);
  CHECK(vocab.count("the") == 1);
  CHECK(vocabulary().size() == 4 + 6 + 6 + 3);  // went moved journeyed travelled back to
  CHECK(word_index("unicorn") == -1);
}

TEST_CASE("generated qa stories follow every rule of TASKS.md") {
  Rng rng(2024);
  const int n = 20000;
  std::map<int, int> length_count, name_count, place_count, verb_count, support_from_end;
  int sentences_total = 0, question_uniform_checks = 0;
  double question_share_sum = 0;
  for (int i = 0; i < n; ++i) {
    const Story s = generate(rng);
    INFO("story ", i);
    const int len = static_cast<int>(s.sentences.size());
    REQUIRE(len >= 2);
    REQUIRE(len <= 10);
    ++length_count[len];
    // Each sentence's text is NAME VERB the PLACE, read back here from the text alone.
    std::vector<int> story_names, story_places;
    for (const Sentence& t : s.sentences) {
      const std::string text = sentence_text(t);
      INFO("sentence: ", text);
      const std::vector<std::string> w = words_of(text);
      REQUIRE(w.size() >= 5);
      CHECK(text == [&] {
        std::string j;
        for (std::size_t k = 0; k < w.size(); ++k) j += (k ? " " : "") + w[k];
        return j;
      }());  // single spaces
      const int name = index_in(kNames, w.front());
      const int place = index_in(kPlaces, w.back());
      REQUIRE(name >= 0);
      REQUIRE(place >= 0);
      REQUIRE(w[w.size() - 2] == "the");
      std::string verb;
      for (std::size_t k = 1; k + 2 < w.size(); ++k) verb += (k > 1 ? " " : "") + w[k];
      const int v = index_in(kVerbs, verb);
      REQUIRE(v >= 0);
      ++name_count[name];
      ++place_count[place];
      ++verb_count[v];
      ++sentences_total;
      story_names.push_back(name);
      story_places.push_back(place);
      // The parser reads the text back to the same sentence.
      Sentence back;
      std::string error;
      REQUIRE(parse_sentence(text, &back, &error));
      CHECK(back == t);
    }
    // The question is about a name in the story; the answer is the place of the last
    // sentence about it, and that sentence is the supporting fact.
    const std::vector<std::string> q = words_of(question_text(s.question));
    REQUIRE(q.size() == 3);
    CHECK(q[0] == "where");
    CHECK(q[1] == "is");
    const int qname = index_in(kNames, q[2]);
    REQUIRE(qname >= 0);
    int last = -1;
    for (int k = 0; k < len; ++k)
      if (story_names[static_cast<std::size_t>(k)] == qname) last = k;
    REQUIRE(last >= 0);
    CHECK(s.support == last);
    CHECK(s.answer == story_places[static_cast<std::size_t>(last)]);
    ++support_from_end[len - 1 - last];
    // The question's name is uniform among the distinct names: track the mean share.
    const std::set<int> distinct(story_names.begin(), story_names.end());
    if (distinct.size() == 2) {
      ++question_uniform_checks;
      question_share_sum += qname == *distinct.begin() ? 1.0 : 0.0;
    }
  }
  // Uniform lengths 2 … 10, names, places and verbs: chi-square below the 0.999 quantile
  // (27.9 for 8 degrees of freedom, 16.3 for 3, 20.5 for 5, 18.5 for 4).
  std::map<int, int> lengths0;
  for (const auto& [len, c] : length_count) lengths0[len - 2] = c;
  CHECK(length_count.size() == 9);
  CHECK(chi_square(lengths0, 9, n) < 27.9);
  CHECK(chi_square(name_count, 4, sentences_total) < 16.3);
  CHECK(chi_square(place_count, 6, sentences_total) < 20.5);
  CHECK(chi_square(verb_count, 5, sentences_total) < 18.5);
  // With two distinct names each is asked about half the time (± 4 standard deviations).
  REQUIRE(question_uniform_checks > 500);
  const double share = question_share_sum / question_uniform_checks;
  CHECK(std::abs(share - 0.5) < 4 * 0.5 / std::sqrt(question_uniform_checks));
  // The supporting fact is not always the last sentence: time order matters.
  CHECK(support_from_end[0] < n * 0.6);
  CHECK(support_from_end.size() >= 8);
}

TEST_CASE("qa stories are reproduced by their seed and differ between seeds") {
  Rng a(7), b(7), c(8);
  int differ = 0;
  for (int i = 0; i < 200; ++i) {
    const Story x = generate(a), y = generate(b), z = generate(c);
    CHECK(x.sentences == y.sentences);
    CHECK(x.question == y.question);
    differ += !(x.sentences == z.sentences);
  }
  CHECK(differ > 190);
}

TEST_CASE("qa parsers read the task's sentences and questions and name what is wrong") {
  Sentence s;
  std::string error;
  REQUIRE(parse_sentence("Mary went back to the kitchen", &s, &error));
  CHECK(s == Sentence{0, 4, 0});
  REQUIRE(parse_sentence("  daniel  TRAVELLED to the office.", &s, &error));
  CHECK(s == Sentence{3, 3, 4});
  CHECK_FALSE(parse_sentence("Bob went to the kitchen", &s, &error));
  CHECK(error.find("unknown name \"Bob\"") != std::string::npos);
  CHECK_FALSE(parse_sentence("Mary went to the moon", &s, &error));
  CHECK(error.find("unknown place \"moon\"") != std::string::npos);
  CHECK_FALSE(parse_sentence("Mary ran to the kitchen", &s, &error));
  CHECK(error.find("NAME VERB the PLACE") != std::string::npos);
  CHECK_FALSE(parse_sentence("Mary kitchen", &s, &error));
  CHECK_FALSE(parse_sentence("", &s, &error));
  CHECK_FALSE(parse_sentence("Mary", &s, &error));
  CHECK_FALSE(parse_sentence(std::string(1000, 'x'), &s, &error));
  CHECK(error.size() < 120);  // the quote is cut
  int name = -1;
  REQUIRE(parse_question("where is Sandra?", &name, &error));
  CHECK(name == 2);
  REQUIRE(parse_question("Where is john", &name, &error));
  CHECK(name == 1);
  CHECK_FALSE(parse_question("where is Bob", &name, &error));
  CHECK(error.find("unknown name \"Bob\"") != std::string::npos);
  CHECK_FALSE(parse_question("who is Mary", &name, &error));
  CHECK_FALSE(parse_question("where is", &name, &error));
  int place = -1, support = -1;
  CHECK_FALSE(answer({{0, 0, 1}}, 2, &place, &support));
  REQUIRE(answer({{0, 0, 1}, {2, 1, 3}, {0, 2, 5}, {1, 0, 0}}, 0, &place, &support));
  CHECK(place == 5);
  CHECK(support == 2);
}
