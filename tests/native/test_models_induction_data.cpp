// The `induction` generator against the rules of shared/TASKS.md on thousands of
// sequences, and the two head scores on attention maps made by hand.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "models/induction_data.h"

using namespace ap;
using namespace ap::induction;

TEST_CASE("generated induction sequences follow every rule of TASKS.md") {
  Rng rng(2024);
  const int n = 20000;
  std::map<int, int> length_count;
  std::vector<int> first_token(16, 0), any_token(16, 0);
  std::map<std::pair<int, int>, int> first_pair;  // (token 0, token 1) of the segment
  for (int k = 0; k < n; ++k) {
    const Sequence s = generate(rng);
    INFO("sequence ", k);
    REQUIRE(s.segment >= 4);
    REQUIRE(s.segment <= 8);
    ++length_count[s.segment];
    REQUIRE(s.tokens.size() == 2 * static_cast<std::size_t>(s.segment));
    std::set<int> seen;
    for (int i = 0; i < s.segment; ++i) {
      const int t = s.tokens[static_cast<std::size_t>(i)];
      REQUIRE(t >= 0);
      REQUIRE(t < 16);
      seen.insert(t);
      ++any_token[static_cast<std::size_t>(t)];
      // The second copy repeats the first token for token.
      CHECK(s.tokens[static_cast<std::size_t>(i + s.segment)] == t);
    }
    CHECK(static_cast<int>(seen.size()) == s.segment);  // distinct: without replacement
    ++first_token[static_cast<std::size_t>(s.tokens[0])];
    ++first_pair[{s.tokens[0], s.tokens[1]}];
    CHECK(first_scored(s) == s.segment);
    CHECK(last_scored(s) == 2 * s.segment - 2);
  }
  // L uniform in 4 … 8: each 1/5 of n = 4000, binomial sd ≈ 57; 5 sd allowed.
  REQUIRE(length_count.size() == 5);
  for (const auto& [L, c] : length_count) CHECK(std::abs(c - n / 5) < 5 * 57);
  // The first token uniform over 16: n/16 = 1250, sd ≈ 34.
  for (int c : first_token) CHECK(std::abs(c - n / 16) < 5 * 34);
  // Every symbol equally often over the segments: n · E[L] / 16 = 7500, sd < 90.
  for (int c : any_token) CHECK(std::abs(c - n * 6 / 16) < 5 * 90);
  // Ordered pairs of distinct symbols are all equally likely (240 of them, ≈ 83 each,
  // sd ≈ 9) and no pair repeats a symbol.
  CHECK(first_pair.size() == 240);
  for (const auto& [pair, c] : first_pair) {
    CHECK(pair.first != pair.second);
    CHECK(std::abs(c - n / 240) < 5 * 10);
  }
}

TEST_CASE("a seed reproduces the induction sequences, another seed does not") {
  Rng a(7), b(7), c(8);
  bool all_same = true, any_differs = false;
  for (int k = 0; k < 100; ++k) {
    const Sequence sa = generate(a), sb = generate(b), sc = generate(c);
    all_same = all_same && sa.tokens == sb.tokens;
    any_differs = any_differs || sa.tokens != sc.tokens;
  }
  CHECK(all_same);
  CHECK(any_differs);
}

TEST_CASE("token names are s0 … s15 and nothing else") {
  for (int id = 0; id < 16; ++id) CHECK(token_id(token_name(id)) == id);
  CHECK(token_name(3) == "s3");
  CHECK(token_id("s16") == -1);
  CHECK(token_id("S3") == -1);
  CHECK(token_id("s03") == -1);
  CHECK(token_id("") == -1);
}

TEST_CASE("head scores of hand-made attention maps") {
  const int L = 4, n = 2 * L;
  SUBCASE("a perfect previous-token head") {
    Matrix A = Matrix::Zero(n, n);
    A(0, 0) = 1;
    for (int i = 1; i < n; ++i) A(i, i - 1) = 1;
    CHECK(previous_token_score(A) == doctest::Approx(1.0));
    CHECK(induction_score(A, L) == doctest::Approx(0.0));
  }
  SUBCASE("a perfect induction head") {
    Matrix A = Matrix::Zero(n, n);
    for (int i = 0; i < n; ++i) A(i, i) = 1;
    for (int i = L; i <= 2 * L - 2; ++i) {
      A(i, i) = 0;
      A(i, i - L + 1) = 1;
    }
    CHECK(induction_score(A, L) == doctest::Approx(1.0));
    // Query 4 attends to key 1 = 4 − 3, the only one-step-back cell set.
    CHECK(previous_token_score(A) == doctest::Approx(0.0));
  }
  SUBCASE("uniform causal attention") {
    Matrix A = Matrix::Zero(n, n);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j <= i; ++j) A(i, j) = 1.0 / (i + 1);
    // Previous-token: (1/2 + 1/3 + … + 1/8) / 7; induction: (1/5 + 1/6 + 1/7) / 3.
    CHECK(previous_token_score(A) ==
          doctest::Approx((1. / 2 + 1. / 3 + 1. / 4 + 1. / 5 + 1. / 6 + 1. / 7 + 1. / 8) / 7));
    CHECK(induction_score(A, L) == doctest::Approx((1. / 5 + 1. / 6 + 1. / 7) / 3));
  }
  SUBCASE("a map with numbers written out, L = 2") {
    // Rows: queries 0 … 3. Induction reads A[2, 1] only; previous-token A[1,0], A[2,1],
    // A[3,2].
    Matrix A(4, 4);
    A << 1, 0, 0, 0,       //
        0.3, 0.7, 0, 0,    //
        0.1, 0.6, 0.3, 0,  //
        0.2, 0.2, 0.5, 0.1;
    CHECK(previous_token_score(A) == doctest::Approx((0.3 + 0.6 + 0.5) / 3));
    CHECK(induction_score(A, 2) == doctest::Approx(0.6));
  }
}
