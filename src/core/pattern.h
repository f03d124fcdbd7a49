// Which keys each query may attend to: the mask (none, causal, padding, custom) intersected
// with the sparse pattern (window ∪ stride ∪ global, then top-k). Shared by the Eigen path
// and the plain-loop reference so that both apply exactly the same rule.
#pragma once

#include "core/attention.h"

namespace ap {

// The per-cell rule (mask ∩ local sparse pattern, before top-k): may query i attend to
// key j? pattern_allowed and the f32 sparse kernels (core/kernels) both read it.
bool pattern_cell_allowed(const MaskSpec& mask, const SparsitySpec& sparsity, int i, int j);

// For a prefix mask (none, causal, padding) the keys query i may attend to are exactly
// [0, end): returns end (clamped to [0, n_k]). −1 for a custom mask, which is no prefix.
// The mask part of pattern_cell_allowed is defined through it, so dense kernels that loop
// over [0, end) apply the same rule.
int pattern_mask_row_end(const MaskSpec& mask, int i, int n_k);

// (n_q × n_k) mask ∩ local sparse pattern, before top-k.
MaskMatrix pattern_allowed(const MaskSpec& mask, const SparsitySpec& sparsity, int n_q, int n_k);

// Keeps, in each row, only the k largest `scores` among allowed keys (ties: lower index
// first). scores (n_q × n_k); allowed is updated in place.
void pattern_apply_top_k(const Matrix& scores, int k, MaskMatrix* allowed);

}  // namespace ap
