// The attention core: every scoring function, mask, sparsity pattern and multi-head split,
// forward with all intermediates kept, and the backward pass. Pure C++ and Eigen: no UI,
// no GL, no Emscripten. The plain-loop reference of the same maths is in reference.h.
//
// Letters used in every shape comment:
//   n_q queries, n_k keys/values, d query width, d_k key width, d_v value width,
//   h heads, a additive hidden width, d_o output width (d_v unless W_o is given).
//   With h heads, Q, K, V are split into h contiguous column blocks of widths
//   d/h, d_k/h, d_v/h, and the scoring parameters (shared by all heads) have those widths.
#pragma once

#include <string>
#include <vector>

#include "core/kinds.h"
#include "core/limits.h"
#include "core/matrix.h"

namespace ap {

struct MaskSpec {
  MaskKind kind = MaskKind::None;
  int valid_length = 0;  // padding: keys j < valid_length may be attended
  MaskMatrix allowed;    // custom: (n_q × n_k), 1 = may attend
};

// Sparse patterns. The enabled local patterns (window, stride, global) are combined as a
// union; when none is enabled every key is kept. Top-k then keeps the k largest scores
// of what remains in each row. The pattern is intersected with the mask.
struct SparsitySpec {
  int window = -1;          // ≥ 0: keep |i − j| ≤ window
  int stride = 0;           // > 0: keep |i − j| divisible by stride
  std::vector<int> global;  // keep key j or query i in the list, and j == i
  int top_k = 0;            // > 0: keep only the k largest scaled scores per row
  bool any_local() const { return window >= 0 || stride > 0 || !global.empty(); }
};

struct AttentionInput {
  Matrix Q;  // (n_q × d)
  Matrix K;  // (n_k × d_k)
  Matrix V;  // (n_k × d_v)
  ScoringParams scoring;
  double temperature = 1.0;  // weights = softmax(scores / temperature)
  MaskSpec mask;
  SparsitySpec sparsity;
  int heads = 1;
  Matrix Wo;  // empty, or (d_v × d_o): output = concat(heads) · W_o
};

// Value limits (kMaxMagnitude, kMinTemperature, kMaxTemperature) are in core/limits.h.

// Cosine scoring divides by √(‖q‖² + ε²) · √(‖k‖² + ε²) rather than ‖q‖ ‖k‖: a zero query or
// key (a learner may type one) then scores 0 instead of 0/0 = NaN, and the score stays
// smooth there, so the backward pass needs no special case. For |q|, |k| ≥ 0.01 the
// relative change from the exact cosine is below 1e-8.
inline constexpr double kCosineEpsilon = 1e-6;

struct HeadResult {
  Matrix scores;       // (n_q × n_k) the scoring function's values (÷√d_k included)
  Matrix scaled;       // (n_q × n_k) scores / temperature
  MaskMatrix allowed;  // (n_q × n_k) mask ∩ sparsity pattern (top-k included)
  Matrix masked;       // (n_q × n_k) scaled, −∞ where not allowed
  Matrix weights;      // (n_q × n_k) softmax over keys; a fully masked row is all zero
  Matrix output;       // (n_q × d_v/h) weights · V_head
  Vector entropy;      // (n_q) of each weight row, in nats; 0 for a fully masked row
};

struct Result {
  std::vector<HeadResult> heads;       // h entries
  Matrix concat;                       // (n_q × d_v) head outputs side by side
  Matrix output;                       // (n_q × d_o) concat · W_o, or concat when W_o is empty
  std::vector<int> fully_masked_rows;  // queries that may attend to no key at all
};

struct Gradients {
  Matrix dQ, dK, dV;            // same shapes as Q, K, V
  Matrix dW, dWq, dWk;          // same shapes as the scoring parameters (empty if unused)
  Vector dv;                    // additive v (empty if unused)
  Matrix dWo;                   // same shape as W_o (empty if unused)
  std::vector<Matrix> dScores;  // per head (n_q × n_k): ∂loss/∂scores
};

// Empty string when `in` is valid; otherwise one sentence naming the matrix, row and
// column (or the parameter) at fault.
std::string validate(const AttentionInput& in);

// Forward pass. Precondition: validate(in) is empty.
Result attend(const AttentionInput& in);

// Backward pass for loss = ⟨dOutput, output⟩, dOutput (n_q × d_o), given the forward
// result of the same input. Top-k selection and masks are held fixed (piecewise gradient).
Gradients attend_backward(const AttentionInput& in, const Result& fwd, const Matrix& dOutput);

}  // namespace ap
