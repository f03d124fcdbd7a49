// Layers with hand-written forward and backward passes: linear, embedding, tanh, ReLU,
// a GRU over a sequence, softmax cross-entropy, and attention through the core (the same
// attend()/attend_backward() the playground evaluates). Row-major: a row is a token.
// Backward functions accumulate parameter gradients into Param::grad and return the
// gradient of the input. Each one is checked against central finite differences in
// tests/native/test_models_gradients.cpp.
#pragma once

#include <vector>

#include "core/attention.h"
#include "models/params.h"

namespace ap::models {

// Y (n × out) = X (n × in) · Wᵀ + b, W (out × in), b (1 × out).
Matrix linear_forward(const Param& W, const Param& b, const Matrix& X);
Matrix linear_backward(Param& W, Param& b, const Matrix& X, const Matrix& dY);

// Rows of `table` (vocab × width) for each id: (ids.size() × width).
Matrix embedding_forward(const Param& table, const std::vector<int>& ids);
void embedding_backward(Param& table, const std::vector<int>& ids, const Matrix& dY);

Matrix tanh_forward(const Matrix& X);
Matrix tanh_backward(const Matrix& Y, const Matrix& dY);  // Y = tanh(X)
Matrix relu_forward(const Matrix& X);
Matrix relu_backward(const Matrix& X, const Matrix& dY);

// Σ over rows of −log softmax(logits)[row, target]; `dlogits` (same shape) receives
// ∂(scale · loss)/∂logits. Rows with target −1 are skipped.
double softmax_cross_entropy(const Matrix& logits, const std::vector<int>& targets, double scale,
                             Matrix* dlogits);

// A GRU (PyTorch's equations) over a sequence:
//   r = σ(W_r x + b_r + U_r h + c_r), z = σ(W_z x + b_z + U_z h + c_z),
//   n = tanh(W_n x + b_n + r ⊙ (U_n h + c_n)), h' = (1 − z) ⊙ n + z ⊙ h.
// Wx (3H × I) = [W_r; W_z; W_n], Wh (3H × H), bx, bh (1 × 3H).
struct Gru {
  Param *Wx = nullptr, *Wh = nullptr, *bx = nullptr, *bh = nullptr;
  int hidden() const { return static_cast<int>(Wh->value.cols()); }
};

struct GruCache {
  Matrix X;            // (T × I) inputs
  Matrix H;            // (T+1 × H): row 0 = h₀, row t+1 = state after input t
  Matrix R, Z, N, An;  // (T × H) gates and U_n h + c_n
};

// Runs the GRU over the rows of X, first to last, from h0. Row t + 1 of cache.H is the
// state after reading row t of X.
GruCache gru_forward(const Gru& g, const Matrix& X, const Vector& h0);
// dH (T × H): ∂loss/∂(H rows 1 … T). Returns ∂loss/∂X (T × I); *dh0 receives ∂loss/∂h₀.
Matrix gru_backward(Gru& g, const GruCache& c, const Matrix& dH, Vector* dh0);

// Attention through the core. Parameters of the scoring kind (W; or Wq, Wk, v) live in
// Params so that Adam trains them.
struct Attention {
  ScoringKind kind = ScoringKind::ScaledDot;
  Param *W = nullptr, *Wq = nullptr, *Wk = nullptr, *v = nullptr;  // v is (a × 1)
  AttentionInput input(const Matrix& Q, const Matrix& K, const Matrix& V) const;
};
// Which parameters a scoring kind trains: general a d × d_k bilinear form, additive a
// hidden layer. One place decides (no default: the compiler names a new kind here).
bool scoring_has_bilinear(ScoringKind kind);
bool scoring_has_additive(ScoringKind kind);

struct AttentionGrads {
  Matrix dQ, dK, dV;
};
AttentionGrads attention_backward(Attention& a, const AttentionInput& in, const Result& fwd,
                                  const Matrix& dOutput);

}  // namespace ap::models

namespace ap::models {

// LayerNorm over each row: Y = (X − mean) / √(var + eps) ⊙ gain + bias, gain and bias
// (1 × width). The cache keeps the normalised rows and 1/√(var + eps) per row.
struct LayerNormCache {
  Matrix xhat;  // (n × width)
  Vector rstd;  // (n)
};
Matrix layer_norm_forward(const Param& gain, const Param& bias, const Matrix& X,
                          LayerNormCache* cache);
Matrix layer_norm_backward(Param& gain, Param& bias, const LayerNormCache& cache, const Matrix& dY);

}  // namespace ap::models
