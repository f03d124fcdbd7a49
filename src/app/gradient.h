// The gradient the inspector shows: of one number — component c of query i's output,
// o_i[c] — with respect to each of that query's raw scores (after any ÷√d_k, before the
// temperature), per head. One thing with one name, rather than the gradient of a sum of
// outputs that cancels to 0 for an unsaturated row. Computed by core's backward pass.
#pragma once

#include <vector>

#include "core/attention.h"
#include "state/state.h"

namespace ap {

// ∂o_query[component] / ∂score_h(query, j) for every head h (outer) and key j (inner).
// Empty when query or component is out of range. Masked keys get exactly 0.
std::vector<Vector> output_score_gradient(const State& state, const Result& result, int query,
                                          int component);

// Gradients this small are rounding noise of a value that is 0: show them as 0.
inline constexpr double kGradientZero = 1e-12;

}  // namespace ap
