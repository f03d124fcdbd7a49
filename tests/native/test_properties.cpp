// Properties every attention must have, whatever the numbers: weights are a distribution,
// softmax ignores a constant shift, temperature interpolates between argmax and uniform,
// causal weights vanish above the diagonal, self-attention commutes with permutations.
#include "test_support.h"

using namespace ap;
using ap::test::kAllKinds;

TEST_CASE("softmax rows sum to one and weights are never negative") {
  std::mt19937 rng(1);
  for (ScoringKind kind : kAllKinds) {
    CAPTURE(scoring_name(kind));
    const AttentionInput in = test::random_input(rng, kind, 5, 8, 4, 3);
    const Matrix w = attend(in).heads[0].weights;
    for (Eigen::Index i = 0; i < w.rows(); ++i) {
      CHECK(w.row(i).sum() == doctest::Approx(1.0).epsilon(1e-12));
      CHECK(w.row(i).minCoeff() >= 0.0);
    }
  }
}

TEST_CASE("adding a constant to a query's score row leaves its weights unchanged") {
  // With dot scoring, adding c·q to every key adds c·|q|² to the whole score row.
  std::mt19937 rng(2);
  AttentionInput in = test::random_input(rng, ScoringKind::Dot, 1, 6, 3, 2);
  const HeadResult before = attend(in).heads[0];
  const Vector q = in.Q.row(0).transpose();
  in.K.rowwise() += 5.0 * q.transpose();
  const HeadResult after = attend(in).heads[0];
  const Matrix shifted = before.scores.array() + 5.0 * q.squaredNorm();
  AP_CHECK_CLOSE(after.scores, shifted, 1e-12);
  AP_CHECK_CLOSE(after.weights, before.weights, 1e-12);
}

TEST_CASE("temperature near zero approaches argmax and a huge temperature approaches uniform") {
  std::mt19937 rng(3);
  for (ScoringKind kind : kAllKinds) {
    CAPTURE(scoring_name(kind));
    AttentionInput in = test::random_input(rng, kind, 4, 5, 4, 2);
    const Matrix scores = attend(in).heads[0].scores;
    in.temperature = 1e-4;
    const Matrix cold = attend(in).heads[0].weights;
    in.temperature = 1e5;
    const Matrix hot = attend(in).heads[0].weights;
    for (Eigen::Index i = 0; i < scores.rows(); ++i) {
      Eigen::Index argmax;
      scores.row(i).maxCoeff(&argmax);
      CHECK(cold(i, argmax) > 0.999);
      CHECK(hot.row(i).maxCoeff() - hot.row(i).minCoeff() < 1e-4);
    }
  }
}

TEST_CASE("causal weights above the diagonal are exactly zero") {
  std::mt19937 rng(4);
  for (ScoringKind kind : kAllKinds) {
    AttentionInput in = test::random_input(rng, kind, 7, 7, 4, 3);
    in.mask.kind = MaskKind::Causal;
    const Matrix w = attend(in).heads[0].weights;
    for (Eigen::Index i = 0; i < 7; ++i)
      for (Eigen::Index j = i + 1; j < 7; ++j) CHECK(w(i, j) == 0.0);
    CHECK(w(0, 0) == 1.0);
  }
}

TEST_CASE("self-attention without positions is permutation-equivariant") {
  std::mt19937 rng(5);
  for (ScoringKind kind : kAllKinds) {
    CAPTURE(scoring_name(kind));
    // Self-attention: Q, K and V come from one sequence X through fixed maps.
    const Matrix X = test::random_matrix(rng, 6, 4);
    AttentionInput in = test::random_input(rng, kind, 6, 6, 4, 4);
    const Matrix Wk = test::random_matrix(rng, 4, in.K.cols());
    const auto from = [&](const Matrix& x) {
      AttentionInput a = in;
      a.Q = x;
      a.K = x * Wk;
      a.V = x;
      return a;
    };
    Eigen::PermutationMatrix<Eigen::Dynamic> P(6);
    P.indices() << 3, 0, 5, 1, 4, 2;
    const Matrix out = attend(from(X)).output;
    const Matrix permuted_out = attend(from(P * X)).output;
    AP_CHECK_CLOSE(permuted_out, Matrix(P * out), 1e-12);
  }
}

TEST_CASE("a fully masked row gives zero weights, zero output and is flagged") {
  std::mt19937 rng(6);
  AttentionInput in = test::random_input(rng, ScoringKind::ScaledDot, 3, 4, 2, 2);
  in.mask.kind = MaskKind::Custom;
  in.mask.allowed = MaskMatrix::Ones(3, 4);
  in.mask.allowed.row(1).setZero();
  const Result r = attend(in);
  CHECK(r.heads[0].weights.row(1).isZero(0));
  CHECK(r.output.row(1).isZero(0));
  CHECK(r.heads[0].entropy(1) == 0.0);
  CHECK(r.fully_masked_rows == std::vector<int>{1});
  CHECK(r.heads[0].weights.allFinite());
  CHECK(r.output.allFinite());
}

TEST_CASE("padding with no valid key masks every row without producing NaN") {
  std::mt19937 rng(8);
  AttentionInput in = test::random_input(rng, ScoringKind::Dot, 2, 3, 2, 2);
  in.mask.kind = MaskKind::Padding;
  in.mask.valid_length = 0;
  const Result r = attend(in);
  CHECK(r.fully_masked_rows == std::vector<int>{0, 1});
  CHECK(r.output.allFinite());
}

TEST_CASE("large but allowed values keep every intermediate finite") {
  std::mt19937 rng(9);
  for (ScoringKind kind : kAllKinds) {
    AttentionInput in = test::random_input(rng, kind, 4, 4, 4, 2);
    in.Q *= 1e5;
    in.K *= 1e5;
    in.temperature = kMinTemperature;
    REQUIRE(validate(in) == "");
    const Result r = attend(in);
    CHECK(r.heads[0].weights.allFinite());
    CHECK(r.output.allFinite());
    for (Eigen::Index i = 0; i < 4; ++i)
      CHECK(r.heads[0].weights.row(i).sum() == doctest::Approx(1.0));
  }
}

TEST_CASE("top-k keeps exactly k keys per row, the largest ones") {
  std::mt19937 rng(10);
  AttentionInput in = test::random_input(rng, ScoringKind::Dot, 5, 8, 3, 2);
  in.sparsity.top_k = 3;
  const HeadResult h = attend(in).heads[0];
  for (Eigen::Index i = 0; i < 5; ++i) {
    CHECK(h.allowed.row(i).cast<int>().sum() == 3);
    double kept_min = INFINITY, dropped_max = -INFINITY;
    for (Eigen::Index j = 0; j < 8; ++j)
      (h.allowed(i, j) ? kept_min : dropped_max) = h.allowed(i, j)
                                                       ? std::min(kept_min, h.scores(i, j))
                                                       : std::max(dropped_max, h.scores(i, j));
    CHECK(kept_min >= dropped_max);
  }
}

TEST_CASE("cosine scores lie in [−1, 1], ignore lengths, and a zero query scores 0") {
  std::mt19937 rng(11);
  AttentionInput in = test::random_input(rng, ScoringKind::Cosine, 4, 5, 3, 2);
  const Matrix s = attend(in).heads[0].scores;
  CHECK(s.maxCoeff() <= 1.0);
  CHECK(s.minCoeff() >= -1.0);
  // A key against itself is 1, against its negation −1.
  in.K.row(0) = in.Q.row(0);
  in.K.row(1) = -in.Q.row(1);
  // Lengths do not matter: scaling a query or a key leaves its scores (almost) unchanged.
  AttentionInput scaled = in;
  scaled.Q.row(2) *= 7.5;
  scaled.K.row(3) *= 0.1;
  const Matrix a = attend(in).heads[0].scores, b = attend(scaled).heads[0].scores;
  CHECK(a(0, 0) == doctest::Approx(1.0).epsilon(1e-10));
  CHECK(a(1, 1) == doctest::Approx(-1.0).epsilon(1e-10));
  AP_CHECK_CLOSE(b, a, 1e-9);
  // A zero query: the ε guard gives 0, not 0/0, and the weights stay a distribution.
  in.Q.row(3).setZero();
  const Result r = attend(in);
  CHECK(r.heads[0].scores.row(3).cwiseAbs().maxCoeff() == 0.0);
  CHECK(r.heads[0].weights.row(3).sum() == doctest::Approx(1.0));
  CHECK(r.output.allFinite());
}
