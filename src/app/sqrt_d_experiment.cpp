// The √d experiment; see sqrt_d_experiment.h.
#include "app/sqrt_d_experiment.h"

#include <algorithm>
#include <cmath>

#include "core/rng.h"

namespace ap {

double softmax_jacobian_norm(const std::vector<double>& w) {
  double sum = 0;
  for (std::size_t i = 0; i < w.size(); ++i)
    for (std::size_t j = 0; j < w.size(); ++j) {
      const double entry = (i == j ? w[i] : 0.0) - w[i] * w[j];
      sum += entry * entry;
    }
  return std::sqrt(sum);
}

namespace {

ScalingPoint measure(int d, const ScalingSpec& spec, Rng& rng) {
  ScalingPoint p;
  p.d = d;
  const double scale = spec.scaled ? 1.0 / std::sqrt(static_cast<double>(d)) : 1.0;
  double sum = 0, sum_sq = 0;
  std::vector<double> q(d), s(spec.keys), w(spec.keys);
  for (int t = 0; t < spec.trials; ++t) {
    for (double& x : q) x = rng.normal();
    for (int j = 0; j < spec.keys; ++j) {
      double dot = 0;
      for (int c = 0; c < d; ++c) dot += q[c] * rng.normal();
      s[j] = dot * scale;
      sum += s[j];
      sum_sq += s[j] * s[j];
    }
    const double top = *std::max_element(s.begin(), s.end());
    double z = 0;
    for (int j = 0; j < spec.keys; ++j) z += (w[j] = std::exp(s[j] - top));
    for (double& x : w) x /= z;
    p.max_weight += *std::max_element(w.begin(), w.end());
    p.gradient_norm += softmax_jacobian_norm(w);
  }
  const double n = static_cast<double>(spec.trials) * spec.keys;
  p.score_variance = (sum_sq - sum * sum / n) / (n - 1);
  p.max_weight /= spec.trials;
  p.gradient_norm /= spec.trials;
  return p;
}

}  // namespace

std::vector<ScalingPoint> scaling_experiment(const ScalingSpec& spec) {
  std::vector<ScalingPoint> points;
  if (spec.keys < 1 || spec.trials < 2) return points;
  for (int d : spec.d_values) {
    if (d < 1) continue;
    // One stream per d, so adding a d value does not change the others' numbers.
    Rng rng(spec.seed * 1000003ull + static_cast<std::uint64_t>(d));
    points.push_back(measure(d, spec, rng));
  }
  return points;
}

}  // namespace ap
