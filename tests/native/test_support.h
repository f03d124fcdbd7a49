// Shared helpers for the native tests: random inputs for every scoring kind and matrix
// comparison that reports the first differing entry.
#pragma once

#include <doctest/doctest.h>

#include <random>
#include <sstream>

#include "core/attention.h"

namespace ap::test {

inline Matrix random_matrix(std::mt19937& rng, Eigen::Index rows, Eigen::Index cols,
                            double scale = 1.0) {
  std::normal_distribution<double> normal(0.0, scale);
  Matrix m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = normal(rng);
  return m;
}

// A valid input of the given shapes; scoring parameters sized for `heads`.
inline AttentionInput random_input(std::mt19937& rng, ScoringKind kind, int n_q, int n_k, int d,
                                   int d_v, int heads = 1, int hidden = 3) {
  AttentionInput in;
  const int d_k = scoring_info(kind).equal_widths ? d : d + heads;
  in.Q = random_matrix(rng, n_q, d);
  in.K = random_matrix(rng, n_k, d_k);
  in.V = random_matrix(rng, n_k, d_v);
  in.heads = heads;
  in.scoring.kind = kind;
  if (kind == ScoringKind::General) in.scoring.W = random_matrix(rng, d / heads, d_k / heads);
  if (kind == ScoringKind::Additive) {
    in.scoring.Wq = random_matrix(rng, hidden, d / heads);
    in.scoring.Wk = random_matrix(rng, hidden, d_k / heads);
    in.scoring.v = random_matrix(rng, hidden, 1);
  }
  return in;
}

// Largest |a − b| / max(1, |b|) over the entries, treating equal infinities as equal.
inline double max_relative_error(const Matrix& a, const Matrix& b, std::string* where) {
  REQUIRE(a.rows() == b.rows());
  REQUIRE(a.cols() == b.cols());
  double worst = 0;
  for (Eigen::Index i = 0; i < a.rows(); ++i)
    for (Eigen::Index j = 0; j < a.cols(); ++j) {
      if (a(i, j) == b(i, j)) continue;
      const double err = std::abs(a(i, j) - b(i, j)) / std::max(1.0, std::abs(b(i, j)));
      if (!(err <= worst)) {
        worst = std::isnan(err) ? INFINITY : err;
        std::ostringstream os;
        os << "(" << i << "," << j << "): " << a(i, j) << " vs " << b(i, j);
        *where = os.str();
      }
    }
  return worst;
}

#define AP_CHECK_CLOSE(a, b, tol)                                                \
  do {                                                                           \
    std::string ap_where_;                                                       \
    const double ap_err_ = ::ap::test::max_relative_error((a), (b), &ap_where_); \
    INFO(#a " vs " #b " first worst entry " << ap_where_);                       \
    CHECK(ap_err_ <= (tol));                                                     \
  } while (0)

inline const ScoringKind kAllKinds[] = {ScoringKind::Dot, ScoringKind::ScaledDot,
                                        ScoringKind::General, ScoringKind::Additive,
                                        ScoringKind::Cosine};

}  // namespace ap::test
