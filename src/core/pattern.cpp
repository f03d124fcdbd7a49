// Masks and sparse patterns as boolean matrices; see pattern.h.
#include "core/pattern.h"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <numeric>

namespace ap {
namespace {

bool mask_allows(const MaskSpec& mask, int i, int j) {
  if (mask.kind == MaskKind::Custom) return mask.allowed(i, j) != 0;
  return j < pattern_mask_row_end(mask, i, std::numeric_limits<int>::max());
}

bool contains(const std::vector<int>& list, int x) {
  return std::find(list.begin(), list.end(), x) != list.end();
}

bool sparsity_allows(const SparsitySpec& s, int i, int j) {
  if (!s.any_local()) return true;
  const int distance = std::abs(i - j);
  if (s.window >= 0 && distance <= s.window) return true;
  if (s.stride > 0 && distance % s.stride == 0) return true;
  if (!s.global.empty() && (i == j || contains(s.global, i) || contains(s.global, j))) return true;
  return false;
}

}  // namespace

int pattern_mask_row_end(const MaskSpec& mask, int i, int n_k) {
  switch (mask.kind) {
    case MaskKind::None:
      return n_k;
    case MaskKind::Causal:
      return std::clamp(i + 1, 0, n_k);
    case MaskKind::Padding:
      return std::clamp(mask.valid_length, 0, n_k);
    case MaskKind::Custom:
      return -1;
  }
  return -1;
}

bool pattern_cell_allowed(const MaskSpec& mask, const SparsitySpec& sparsity, int i, int j) {
  return mask_allows(mask, i, j) && sparsity_allows(sparsity, i, j);
}

MaskMatrix pattern_allowed(const MaskSpec& mask, const SparsitySpec& sparsity, int n_q, int n_k) {
  MaskMatrix allowed(n_q, n_k);
  for (int i = 0; i < n_q; ++i)
    for (int j = 0; j < n_k; ++j) allowed(i, j) = pattern_cell_allowed(mask, sparsity, i, j);
  return allowed;
}

void pattern_apply_top_k(const Matrix& scores, int k, MaskMatrix* allowed) {
  if (k <= 0) return;
  std::vector<int> order(scores.cols());
  for (Eigen::Index i = 0; i < scores.rows(); ++i) {
    std::iota(order.begin(), order.end(), 0);
    // Allowed keys first, by descending score; stable so ties keep the lower index.
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      const bool aa = (*allowed)(i, a), ab = (*allowed)(i, b);
      if (aa != ab) return aa;
      return aa && scores(i, a) > scores(i, b);
    });
    for (std::size_t rank = static_cast<std::size_t>(k); rank < order.size(); ++rank)
      (*allowed)(i, order[rank]) = 0;
  }
}

}  // namespace ap
