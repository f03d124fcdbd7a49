// Hover explanations: one cell of one pipeline stage, written out with its own numbers,
// e.g. "q₂·k₃ = 0.50·1.20 + (−0.30)·0.40 = 0.48;  ÷√2 = 0.34". The numbers come from the
// State and the Result (never recomputed differently from the core), so what the tooltip
// says is what the heatmap shows. Indices shown to learners count from 1.
#pragma once

#include <string>

#include "core/attention.h"
#include "state/state.h"

namespace ap {

enum class Stage { Scores, Scaled, Masked, Weights, Output };

const char* stage_title(Stage stage);  // "Raw scores", "Scaled by temperature", …

// Explains row i, column j of `stage` in head `head` (Output: column j of the final
// output, head ignored). Several lines separated by '\n'; empty if out of range.
std::string explain_cell(const State& s, const Result& r, Stage stage, int head, int i, int j);

// Number formatting for learners: 2 decimals when that is exact enough, otherwise 3
// significant digits; below 1e-12 (a cancelling sum's noise) 0.00; the minus sign is U+2212;
// never "nan" (shown as "—").
std::string fmt_num(double x);

// "₁₂" for 12: subscript digits for token indices.
std::string subscript(int n);

}  // namespace ap
