// The `induction` task of shared/TASKS.md: a segment of L distinct tokens (L uniform in
// 4 … 8, drawn without replacement from the 16 symbols s0 … s15) followed by the same
// segment again, and the two head scores (previous-token, induction) of a causal attention
// map. Generated from a seed with ap::Rng, nothing downloaded. No model code here: see
// transformer.h.
#pragma once

#include <string>
#include <vector>

#include "core/matrix.h"
#include "core/rng.h"

namespace ap::induction {

inline constexpr int kVocab = 16;      // symbols s0 … s15
inline constexpr int kMinSegment = 4;  // L
inline constexpr int kMaxSegment = 8;
inline constexpr int kMaxLength = 2 * kMaxSegment;  // positions of the longest sequence

// One sequence: tokens (2L ids in 0 … 15) and its segment length L.
struct Sequence {
  int segment = 0;
  std::vector<int> tokens;
};

// Draws L uniform in 4 … 8, then L distinct tokens uniformly without replacement, then
// repeats them.
Sequence generate(Rng& rng);

// The positions TASKS.md scores: predictions made at positions L … 2L − 2, i.e. of the
// tokens at L + 1 … 2L − 1 (the second copy's tokens 2 … L).
int first_scored(const Sequence& s);  // L
int last_scored(const Sequence& s);   // 2L − 2

// "s7" for 7; −1 from token_id when the name is not s0 … s15.
std::string token_name(int id);
int token_id(const std::string& name);

// The scores of one causal attention map A (rows: queries, columns: keys) over a repeated
// sequence of 2L positions (A is 2L × 2L):
//   previous-token = mean over i ≥ 1 of A[i, i − 1];
//   induction      = mean over i = L … 2L − 2 of A[i, i − L + 1].
// TASKS.md averages these over held-out sequences.
double previous_token_score(const Matrix& A);
double induction_score(const Matrix& A, int segment);

}  // namespace ap::induction
