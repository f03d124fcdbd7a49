// The √d experiment behind the scaled dot-product lesson: for random unit-variance queries
// and keys of width d, how the variance of qᵀk, the softmax's largest weight and the size of
// its gradient change with d, with and without dividing by √d. Pure maths, seeded and
// deterministic on every platform (core/rng.h), so the lesson's plot is the same for all.
#pragma once

#include <cstdint>
#include <vector>

namespace ap {

struct ScalingPoint {
  int d = 0;
  double score_variance = 0;  // sample variance of the scores (qᵀk, or qᵀk/√d)
  double max_weight = 0;      // mean over trials of the largest softmax weight of a row
  double gradient_norm = 0;   // mean Frobenius norm of the softmax Jacobian diag(w) − wwᵀ
};

struct ScalingSpec {
  std::vector<int> d_values = {1, 2, 4, 8, 16, 32, 64, 128, 256};
  int keys = 8;      // keys per query: one softmax row has this many scores
  int trials = 200;  // rows sampled per d
  bool scaled = true;
  std::uint64_t seed = 1;
};

// One point per entry of spec.d_values.
std::vector<ScalingPoint> scaling_experiment(const ScalingSpec& spec);

// ‖diag(w) − wwᵀ‖_F for a probability vector w: how strongly the softmax output still
// responds to its input; 0 when all weight sits on one key.
double softmax_jacobian_norm(const std::vector<double>& w);

}  // namespace ap
