// Which keys each query may attend to: the mask (none, causal, padding, custom) intersected
// with the sparse pattern (window ∪ stride ∪ global, then top-k). Shared by the Eigen path
// and the plain-loop reference so that both apply exactly the same rule.
#pragma once

#include "core/attention.h"

namespace ap {

// (n_q × n_k) mask ∩ local sparse pattern, before top-k.
MaskMatrix pattern_allowed(const MaskSpec& mask, const SparsitySpec& sparsity, int n_q, int n_k);

// Keeps, in each row, only the k largest `scores` among allowed keys (ties: lower index
// first). scores (n_q × n_k); allowed is updated in place.
void pattern_apply_top_k(const Matrix& scores, int k, MaskMatrix* allowed);

}  // namespace ap
