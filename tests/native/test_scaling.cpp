// The √d experiment: unscaled score variance grows like d and saturates the softmax;
// scaling by √d keeps the variance near 1. Sample sizes make the statistical bounds loose
// enough to be stable (the run is seeded, so it is also reproducible).
#include <doctest/doctest.h>

#include <cmath>

#include "app/sqrt_d_experiment.h"

using namespace ap;

TEST_CASE("unscaled dot products have variance close to d") {
  ScalingSpec spec;
  spec.scaled = false;
  spec.trials = 2000;
  spec.d_values = {1, 4, 16, 64};
  for (const ScalingPoint& p : scaling_experiment(spec)) {
    CAPTURE(p.d);
    CHECK(p.score_variance / p.d == doctest::Approx(1.0).epsilon(0.15));
  }
}

TEST_CASE("scaling by the square root of d keeps the variance near one") {
  ScalingSpec spec;
  spec.trials = 2000;
  for (const ScalingPoint& p : scaling_experiment(spec)) {
    CAPTURE(p.d);
    CHECK(p.score_variance == doctest::Approx(1.0).epsilon(0.15));
  }
}

TEST_CASE("without scaling the softmax saturates and its gradient vanishes as d grows") {
  ScalingSpec spec;
  spec.scaled = false;
  spec.d_values = {1, 256};
  const auto pts = scaling_experiment(spec);
  REQUIRE(pts.size() == 2);
  CHECK(pts[1].max_weight > 0.9);
  CHECK(pts[1].max_weight > pts[0].max_weight);
  CHECK(pts[1].gradient_norm < 0.5 * pts[0].gradient_norm);
  spec.scaled = true;
  const auto scaled = scaling_experiment(spec);
  CHECK(scaled[1].max_weight < 0.8);
}

TEST_CASE("the softmax Jacobian norm matches finite differences of the softmax") {
  const std::vector<double> s = {0.3, -1.2, 2.0, 0.5};
  const auto softmax = [](std::vector<double> x) {
    double top = x[0], z = 0;
    for (double v : x) top = std::max(top, v);
    for (double& v : x) z += (v = std::exp(v - top));
    for (double& v : x) v /= z;
    return x;
  };
  const std::vector<double> w = softmax(s);
  double fd_sq = 0;
  const double h = 1e-6;
  for (std::size_t j = 0; j < s.size(); ++j) {
    std::vector<double> up = s, down = s;
    up[j] += h;
    down[j] -= h;
    const auto wu = softmax(up), wd = softmax(down);
    for (std::size_t i = 0; i < s.size(); ++i) fd_sq += std::pow((wu[i] - wd[i]) / (2 * h), 2);
  }
  CHECK(softmax_jacobian_norm(w) == doctest::Approx(std::sqrt(fd_sq)).epsilon(1e-6));
  CHECK(softmax_jacobian_norm({1.0, 0.0, 0.0}) == 0.0);
}
