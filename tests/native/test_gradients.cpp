// The backward pass against central finite differences of loss = ⟨G, output⟩ for a fixed
// random G. Step 1e-6 in double gives truncation + rounding error near 1e-9; the bound is
// 1e-6 relative to max(1, |g|). Inputs are chosen without ties so top-k stays fixed.
#include "test_support.h"

using namespace ap;
using ap::test::kAllKinds;

namespace {

double loss(const AttentionInput& in, const Matrix& G) {
  return (attend(in).output.array() * G.array()).sum();
}

template <class Get>
Matrix finite_difference(const AttentionInput& base, Get get, const Matrix& G) {
  AttentionInput in = base;
  auto& p = get(in);
  Matrix g(p.rows(), p.cols());
  const double h = 1e-6;
  for (Eigen::Index i = 0; i < p.rows(); ++i)
    for (Eigen::Index j = 0; j < p.cols(); ++j) {
      const double keep = p(i, j);
      p(i, j) = keep + h;
      const double up = loss(in, G);
      p(i, j) = keep - h;
      const double down = loss(in, G);
      p(i, j) = keep;
      g(i, j) = (up - down) / (2 * h);
    }
  return g;
}

void check_gradients(const AttentionInput& in) {
  REQUIRE(validate(in) == "");
  std::mt19937 rng(99);
  const Result fwd = attend(in);
  const Matrix G = test::random_matrix(rng, fwd.output.rows(), fwd.output.cols());
  const Gradients g = attend_backward(in, fwd, G);
  AP_CHECK_CLOSE(g.dQ,
                 finite_difference(
                     in, [](AttentionInput& a) -> Matrix& { return a.Q; }, G),
                 1e-6);
  AP_CHECK_CLOSE(g.dK,
                 finite_difference(
                     in, [](AttentionInput& a) -> Matrix& { return a.K; }, G),
                 1e-6);
  AP_CHECK_CLOSE(g.dV,
                 finite_difference(
                     in, [](AttentionInput& a) -> Matrix& { return a.V; }, G),
                 1e-6);
  if (in.scoring.kind == ScoringKind::General)
    AP_CHECK_CLOSE(g.dW,
                   finite_difference(
                       in, [](AttentionInput& a) -> Matrix& { return a.scoring.W; }, G),
                   1e-6);
  if (in.scoring.kind == ScoringKind::Additive) {
    AP_CHECK_CLOSE(g.dWq,
                   finite_difference(
                       in, [](AttentionInput& a) -> Matrix& { return a.scoring.Wq; }, G),
                   1e-6);
    AP_CHECK_CLOSE(g.dWk,
                   finite_difference(
                       in, [](AttentionInput& a) -> Matrix& { return a.scoring.Wk; }, G),
                   1e-6);
    AP_CHECK_CLOSE(Matrix(g.dv),
                   finite_difference(
                       in, [](AttentionInput& a) -> Vector& { return a.scoring.v; }, G),
                   1e-6);
  }
  if (in.Wo.size() > 0)
    AP_CHECK_CLOSE(g.dWo,
                   finite_difference(
                       in, [](AttentionInput& a) -> Matrix& { return a.Wo; }, G),
                   1e-6);
}

}  // namespace

TEST_CASE("gradients of every scoring kind match finite differences") {
  std::mt19937 rng(21);
  for (ScoringKind kind : kAllKinds) {
    CAPTURE(scoring_name(kind));
    AttentionInput in = test::random_input(rng, kind, 3, 4, 2, 3);
    in.temperature = 0.8;
    SUBCASE("plain") {}
    SUBCASE("causal mask") {
      in.mask.kind = MaskKind::Causal;
    }
    SUBCASE("two heads with an output projection") {
      in = test::random_input(rng, kind, 3, 5, 4, 4, 2);
      in.Wo = test::random_matrix(rng, 4, 3);
    }
    SUBCASE("sliding window and top-k") {
      in = test::random_input(rng, kind, 5, 5, 2, 2);
      in.sparsity.window = 2;
      in.sparsity.top_k = 2;
    }
    SUBCASE("a fully masked row") {
      in.mask.kind = MaskKind::Custom;
      in.mask.allowed = MaskMatrix::Ones(3, 4);
      in.mask.allowed.row(0).setZero();
    }
    check_gradients(in);
  }
}

TEST_CASE(
    "the gradient with respect to the scores is zero on masked cells and sums to zero per row") {
  std::mt19937 rng(22);
  AttentionInput in = test::random_input(rng, ScoringKind::ScaledDot, 4, 4, 3, 2);
  in.mask.kind = MaskKind::Causal;
  const Result fwd = attend(in);
  const Gradients g = attend_backward(in, fwd, Matrix::Ones(4, 2));
  REQUIRE(g.dScores.size() == 1);
  for (Eigen::Index i = 0; i < 4; ++i) {
    for (Eigen::Index j = i + 1; j < 4; ++j) CHECK(g.dScores[0](i, j) == 0.0);
    // Softmax is shift-invariant, so its input gradient has zero row sums.
    CHECK(g.dScores[0].row(i).sum() == doctest::Approx(0.0).epsilon(1e-12));
  }
}
