// The Eigen path (attend) against the plain-loop reference (reference_attend) on random
// inputs covering every scoring kind, mask, sparse pattern and head count. Both compute in
// double with different summation orders, so 1e-12 relative is the bound.
#include "core/reference.h"
#include "test_support.h"

using namespace ap;
using ap::test::kAllKinds;

namespace {

void check_same(const AttentionInput& in) {
  REQUIRE(validate(in) == "");
  const Result fast = attend(in), ref = reference_attend(in);
  REQUIRE(fast.heads.size() == ref.heads.size());
  for (std::size_t h = 0; h < fast.heads.size(); ++h) {
    CAPTURE(h);
    AP_CHECK_CLOSE(fast.heads[h].scores, ref.heads[h].scores, 1e-12);
    AP_CHECK_CLOSE(fast.heads[h].scaled, ref.heads[h].scaled, 1e-12);
    AP_CHECK_CLOSE(fast.heads[h].masked, ref.heads[h].masked, 1e-12);
    AP_CHECK_CLOSE(fast.heads[h].weights, ref.heads[h].weights, 1e-12);
    AP_CHECK_CLOSE(fast.heads[h].output, ref.heads[h].output, 1e-12);
    AP_CHECK_CLOSE(Matrix(fast.heads[h].entropy), Matrix(ref.heads[h].entropy), 1e-12);
    CHECK(fast.heads[h].allowed == ref.heads[h].allowed);
  }
  AP_CHECK_CLOSE(fast.output, ref.output, 1e-12);
  CHECK(fast.fully_masked_rows == ref.fully_masked_rows);
}

}  // namespace

TEST_CASE("the Eigen path agrees with the plain-loop reference for every scoring kind") {
  std::mt19937 rng(7);
  for (ScoringKind kind : kAllKinds) {
    CAPTURE(scoring_name(kind));
    for (auto [n_q, n_k, d, d_v] : {std::array{1, 1, 1, 1}, std::array{4, 4, 2, 2},
                                    std::array{3, 7, 4, 5}, std::array{9, 5, 6, 3}}) {
      AttentionInput in = test::random_input(rng, kind, n_q, n_k, d, d_v);
      in.temperature = 0.7;
      check_same(in);
    }
  }
}

TEST_CASE("the Eigen path agrees with the reference under masks, sparsity and heads") {
  std::mt19937 rng(11);
  for (ScoringKind kind : kAllKinds) {
    CAPTURE(scoring_name(kind));
    AttentionInput in = test::random_input(rng, kind, 6, 6, 4, 4, 2);
    SUBCASE("causal") {
      in.mask.kind = MaskKind::Causal;
    }
    SUBCASE("padding") {
      in.mask.kind = MaskKind::Padding;
      in.mask.valid_length = 4;
    }
    SUBCASE("custom with an empty row") {
      in.mask.kind = MaskKind::Custom;
      in.mask.allowed = MaskMatrix::Ones(6, 6);
      in.mask.allowed.row(2).setZero();
    }
    SUBCASE("window and global") {
      in.sparsity.window = 1;
      in.sparsity.global = {0};
    }
    SUBCASE("strided with top-k") {
      in.sparsity.stride = 2;
      in.sparsity.top_k = 2;
    }
    SUBCASE("output projection") {
      in.Wo = test::random_matrix(rng, 4, 3);
    }
    check_same(in);
  }
}
