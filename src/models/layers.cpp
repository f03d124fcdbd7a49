// Forward and backward passes of layers.h.
#include "models/layers.h"

#include <algorithm>
#include <cmath>

namespace ap::models {

Matrix linear_forward(const Param& W, const Param& b, const Matrix& X) {
  Matrix Y = X * W.value.transpose();
  Y.rowwise() += b.value.row(0);
  return Y;
}

Matrix linear_backward(Param& W, Param& b, const Matrix& X, const Matrix& dY) {
  W.grad.noalias() += dY.transpose() * X;
  b.grad.row(0) += dY.colwise().sum();
  return dY * W.value;
}

Matrix embedding_forward(const Param& table, const std::vector<int>& ids) {
  Matrix Y(static_cast<Eigen::Index>(ids.size()), table.value.cols());
  for (std::size_t i = 0; i < ids.size(); ++i)
    Y.row(static_cast<Eigen::Index>(i)) = table.value.row(ids[i]);
  return Y;
}

void embedding_backward(Param& table, const std::vector<int>& ids, const Matrix& dY) {
  for (std::size_t i = 0; i < ids.size(); ++i)
    table.grad.row(ids[i]) += dY.row(static_cast<Eigen::Index>(i));
}

Matrix tanh_forward(const Matrix& X) {
  return X.array().tanh().matrix();
}

Matrix tanh_backward(const Matrix& Y, const Matrix& dY) {
  return (dY.array() * (1.0 - Y.array().square())).matrix();
}

Matrix relu_forward(const Matrix& X) {
  return X.cwiseMax(0.0);
}

Matrix relu_backward(const Matrix& X, const Matrix& dY) {
  return (X.array() > 0.0).select(dY, 0.0);
}

double softmax_cross_entropy(const Matrix& logits, const std::vector<int>& targets, double scale,
                             Matrix* dlogits) {
  *dlogits = Matrix::Zero(logits.rows(), logits.cols());
  double loss = 0;
  for (Eigen::Index i = 0; i < logits.rows(); ++i) {
    const int t = targets[static_cast<std::size_t>(i)];
    if (t < 0) continue;
    const double mx = logits.row(i).maxCoeff();
    const Eigen::RowVectorXd e = (logits.row(i).array() - mx).exp().matrix();
    const double sum = e.sum();
    loss += std::log(sum) - (logits(i, t) - mx);
    dlogits->row(i) = scale * e / sum;
    (*dlogits)(i, t) -= scale;
  }
  return loss;
}

namespace {
inline double sigmoid(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}
}  // namespace

GruCache gru_forward(const Gru& g, const Matrix& X, const Vector& h0) {
  const Eigen::Index T = X.rows(), H = g.hidden();
  GruCache c;
  c.X = X;
  c.H.resize(T + 1, H);
  c.R.resize(T, H);
  c.Z.resize(T, H);
  c.N.resize(T, H);
  c.An.resize(T, H);
  c.H.row(0) = h0.transpose();
  // Input projections of every step at once: (T × 3H).
  const Matrix Gx = linear_forward(*g.Wx, *g.bx, X);
  Eigen::RowVectorXd gh(3 * H);
  for (Eigen::Index t = 0; t < T; ++t) {
    gh.noalias() = c.H.row(t) * g.Wh->value.transpose();
    gh += g.bh->value.row(0);
    for (Eigen::Index j = 0; j < H; ++j) {
      const double r = sigmoid(Gx(t, j) + gh(j));
      const double z = sigmoid(Gx(t, H + j) + gh(H + j));
      const double an = gh(2 * H + j);
      const double n = std::tanh(Gx(t, 2 * H + j) + r * an);
      c.R(t, j) = r;
      c.Z(t, j) = z;
      c.N(t, j) = n;
      c.An(t, j) = an;
      c.H(t + 1, j) = (1.0 - z) * n + z * c.H(t, j);
    }
  }
  return c;
}

Matrix gru_backward(Gru& g, const GruCache& c, const Matrix& dH, Vector* dh0) {
  const Eigen::Index T = c.X.rows(), H = g.hidden();
  Matrix Gx(T, 3 * H), Gh(T, 3 * H);  // ∂loss/∂ input and hidden pre-activations
  Eigen::RowVectorXd dh = Eigen::RowVectorXd::Zero(H);
  for (Eigen::Index t = T - 1; t >= 0; --t) {
    dh += dH.row(t);
    for (Eigen::Index j = 0; j < H; ++j) {
      const double r = c.R(t, j), z = c.Z(t, j), n = c.N(t, j), hp = c.H(t, j);
      const double dn = dh(j) * (1.0 - z) * (1.0 - n * n);
      const double dz = dh(j) * (hp - n) * z * (1.0 - z);
      const double dr = dn * c.An(t, j) * r * (1.0 - r);
      Gx(t, j) = dr;
      Gx(t, H + j) = dz;
      Gx(t, 2 * H + j) = dn;
      Gh(t, j) = dr;
      Gh(t, H + j) = dz;
      Gh(t, 2 * H + j) = dn * r;
      dh(j) *= z;  // the direct path h' = … + z ⊙ h
    }
    dh.noalias() += Gh.row(t) * g.Wh->value;
  }
  // Hidden-weight gradients use the state before each step: rows 0 … T−1 of H.
  g.Wh->grad.noalias() += Gh.transpose() * c.H.topRows(T);
  g.bh->grad.row(0) += Gh.colwise().sum();
  *dh0 = dh.transpose();
  return linear_backward(*g.Wx, *g.bx, c.X, Gx);
}

namespace {

// Whether the kind's row (core/kinds.h) lists `param`.
bool scoring_uses(ScoringKind kind, ScoringParam param) {
  const auto params = scoring_info(kind).param_list();
  return std::find(params.begin(), params.end(), param) != params.end();
}

}  // namespace

bool scoring_has_bilinear(ScoringKind kind) {
  return scoring_uses(kind, ScoringParam::W);
}

bool scoring_has_additive(ScoringKind kind) {
  return scoring_uses(kind, ScoringParam::Wq);
}

AttentionInput Attention::input(const Matrix& Q, const Matrix& K, const Matrix& V) const {
  AttentionInput in;
  in.Q = Q;
  in.K = K;
  in.V = V;
  in.scoring.kind = kind;
  if (W) in.scoring.W = W->value;
  if (Wq) in.scoring.Wq = Wq->value;
  if (Wk) in.scoring.Wk = Wk->value;
  if (v) in.scoring.v = v->value.col(0);
  return in;
}

AttentionGrads attention_backward(Attention& a, const AttentionInput& in, const Result& fwd,
                                  const Matrix& dOutput) {
  const Gradients g = attend_backward(in, fwd, dOutput);
  if (a.W && g.dW.size()) a.W->grad += g.dW;
  if (a.Wq && g.dWq.size()) a.Wq->grad += g.dWq;
  if (a.Wk && g.dWk.size()) a.Wk->grad += g.dWk;
  if (a.v && g.dv.size()) a.v->grad.col(0) += g.dv;
  return {g.dQ, g.dK, g.dV};
}

}  // namespace ap::models

namespace ap::models {

Matrix layer_norm_forward(const Param& gain, const Param& bias, const Matrix& X,
                          LayerNormCache* cache) {
  constexpr double kEps = 1e-5;
  const Eigen::Index n = X.rows(), w = X.cols();
  cache->xhat.resize(n, w);
  cache->rstd.resize(n);
  Matrix Y(n, w);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double mean = X.row(i).mean();
    const double var = (X.row(i).array() - mean).square().mean();
    const double rstd = 1.0 / std::sqrt(var + kEps);
    cache->rstd(i) = rstd;
    cache->xhat.row(i) = (X.row(i).array() - mean) * rstd;
    Y.row(i) = cache->xhat.row(i).cwiseProduct(gain.value.row(0)) + bias.value.row(0);
  }
  return Y;
}

Matrix layer_norm_backward(Param& gain, Param& bias, const LayerNormCache& cache,
                           const Matrix& dY) {
  const Eigen::Index n = dY.rows();
  gain.grad.row(0) += (dY.array() * cache.xhat.array()).matrix().colwise().sum();
  bias.grad.row(0) += dY.colwise().sum();
  Matrix dX(n, dY.cols());
  for (Eigen::Index i = 0; i < n; ++i) {
    const Eigen::RowVectorXd dxhat = dY.row(i).cwiseProduct(gain.value.row(0));
    const double m1 = dxhat.mean();
    const double m2 = dxhat.cwiseProduct(cache.xhat.row(i)).mean();
    dX.row(i) = cache.rstd(i) * (dxhat.array() - m1 - cache.xhat.row(i).array() * m2).matrix();
  }
  return dX;
}

}  // namespace ap::models
