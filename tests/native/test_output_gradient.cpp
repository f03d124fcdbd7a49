// The inspector's gradient, ∂o_i[c]/∂score(i, j), against central finite differences:
// with dot-product scoring and q_i = e₁, moving K[j][1] by h moves score(i, j) by exactly h
// (and only rows other than i otherwise, which o_i does not read), so the difference
// quotient of o_i[c] over K[j][1] is the gradient itself. Also: masked keys get 0, the
// gradients of a row sum to 0, and out-of-range requests give nothing.
#include <doctest/doctest.h>

#include "app/gradient.h"

using namespace ap;

TEST_CASE("output_score_gradient matches finite differences through a key") {
  State s = state_default();
  s.input.scoring.kind = ScoringKind::Dot;
  s.input.temperature = 0.7;
  s.input.Q.row(1) << 1.0, 0.0;  // query 2 = e₁
  const int i = 1;
  const Result r = attend(s.input);
  for (int c = 0; c < 2; ++c) {
    const std::vector<Vector> g = output_score_gradient(s, r, i, c);
    REQUIRE(g.size() == 1);
    REQUIRE(g[0].size() == s.input.K.rows());
    double sum = 0;
    for (int j = 0; j < s.input.K.rows(); ++j) {
      const double h = 1e-6;
      State up = s, down = s;
      up.input.K(j, 0) += h;
      down.input.K(j, 0) -= h;
      const double fd = (attend(up.input).output(i, c) - attend(down.input).output(i, c)) / (2 * h);
      CHECK(g[0](j) == doctest::Approx(fd).epsilon(1e-6));
      sum += g[0](j);
    }
    // Raising every score of the row equally changes no weight.
    CHECK(std::abs(sum) < 1e-12);
  }
}

TEST_CASE("output_score_gradient is 0 for masked keys and empty out of range") {
  State s = state_default();
  s.input.mask.kind = MaskKind::Causal;
  const Result r = attend(s.input);
  const std::vector<Vector> g = output_score_gradient(s, r, 0, 0);
  REQUIRE(g.size() == 1);
  for (int j = 1; j < g[0].size(); ++j) CHECK(g[0](j) == 0.0);
  CHECK(output_score_gradient(s, r, 9, 0).empty());
  CHECK(output_score_gradient(s, r, 0, 5).empty());
}
