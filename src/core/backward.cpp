// Backward pass of attention.h: from ∂loss/∂output back to Q, K, V, the scoring parameters
// and W_o. Masks and the top-k selection are held fixed, so masked cells get no gradient.
// Checked against central finite differences in tests/native/test_gradients.cpp.
#include <cmath>

#include "core/attention.h"

namespace ap {
namespace {

// Softmax backward, row by row: dz = w ⊙ (dw − Σ_k w_k dw_k). w, dw (n_q × n_k).
Matrix softmax_backward(const Matrix& w, const Matrix& dw) {
  Matrix dz(w.rows(), w.cols());
  for (Eigen::Index i = 0; i < w.rows(); ++i) {
    const double dot = w.row(i).dot(dw.row(i));
    dz.row(i) = (w.row(i).array() * (dw.row(i).array() - dot)).matrix();
  }
  return dz;
}

struct HeadGrads {
  Matrix dQh, dKh;
};

// dS (n_q × n_k) = ∂loss/∂scores → gradients of Qh, Kh; parameter gradients accumulate.
HeadGrads scores_backward(const ScoringParams& p, const Matrix& Qh, const Matrix& Kh,
                          const Matrix& dS, Gradients* g) {
  HeadGrads hg;
  switch (p.kind) {
    case ScoringKind::Dot:
    case ScoringKind::ScaledDot: {
      const double scale =
          p.kind == ScoringKind::ScaledDot ? 1.0 / std::sqrt(static_cast<double>(Kh.cols())) : 1.0;
      hg.dQh = scale * dS * Kh;
      hg.dKh = scale * dS.transpose() * Qh;
      break;
    }
    case ScoringKind::General:
      hg.dQh = dS * Kh * p.W.transpose();
      hg.dKh = dS.transpose() * Qh * p.W;
      g->dW += Qh.transpose() * dS * Kh;
      break;
    case ScoringKind::Additive: {
      const Matrix A = Qh * p.Wq.transpose();  // (n_q × a)
      const Matrix B = Kh * p.Wk.transpose();  // (n_k × a)
      Matrix dA = Matrix::Zero(A.rows(), A.cols());
      Matrix dB = Matrix::Zero(B.rows(), B.cols());
      for (Eigen::Index i = 0; i < A.rows(); ++i) {
        for (Eigen::Index j = 0; j < B.rows(); ++j) {
          if (dS(i, j) == 0) continue;
          const Eigen::ArrayXd t = (A.row(i) + B.row(j)).transpose().array().tanh();
          g->dv += dS(i, j) * t.matrix();
          // ∂s/∂(pre-activation) = v ⊙ (1 − tanh²)
          const Eigen::RowVectorXd gpre =
              (dS(i, j) * p.v.array() * (1.0 - t.square())).matrix().transpose();
          dA.row(i) += gpre;
          dB.row(j) += gpre;
        }
      }
      hg.dQh = dA * p.Wq;
      hg.dKh = dB * p.Wk;
      g->dWq += dA.transpose() * Qh;
      g->dWk += dB.transpose() * Kh;
      break;
    }
    case ScoringKind::Cosine: {
      // s = q̂ᵀk̂ with q̂ = q / a, a = √(‖q‖² + ε²): ∂q̂/∂q = (I − q̂ q̂ᵀ) / a, so
      // dq = (dq̂ − q̂ (q̂ᵀ dq̂)) / a, and the same for k.
      const auto lengths = [](const Matrix& X) {
        return Vector((X.rowwise().squaredNorm().array() + kCosineEpsilon * kCosineEpsilon).sqrt());
      };
      const Vector a = lengths(Qh), b = lengths(Kh);
      const Matrix Qu = Qh.array().colwise() / a.array();
      const Matrix Ku = Kh.array().colwise() / b.array();
      const Matrix dQu = dS * Ku, dKu = dS.transpose() * Qu;
      const auto through_unit = [](const Matrix& U, const Matrix& dU, const Vector& len) {
        const Vector along = (U.array() * dU.array()).rowwise().sum();
        return Matrix((dU - (U.array().colwise() * along.array()).matrix()).array().colwise() /
                      len.array());
      };
      hg.dQh = through_unit(Qu, dQu, a);
      hg.dKh = through_unit(Ku, dKu, b);
      break;
    }
  }
  return hg;
}

}  // namespace

Gradients attend_backward(const AttentionInput& in, const Result& fwd, const Matrix& dOutput) {
  Gradients g;
  const Eigen::Index h = in.heads, d_h = in.Q.cols() / h, dk_h = in.K.cols() / h,
                     dv_h = in.V.cols() / h;
  g.dQ = Matrix::Zero(in.Q.rows(), in.Q.cols());
  g.dK = Matrix::Zero(in.K.rows(), in.K.cols());
  g.dV = Matrix::Zero(in.V.rows(), in.V.cols());
  if (in.scoring.kind == ScoringKind::General)
    g.dW = Matrix::Zero(in.scoring.W.rows(), in.scoring.W.cols());
  if (in.scoring.kind == ScoringKind::Additive) {
    g.dWq = Matrix::Zero(in.scoring.Wq.rows(), in.scoring.Wq.cols());
    g.dWk = Matrix::Zero(in.scoring.Wk.rows(), in.scoring.Wk.cols());
    g.dv = Vector::Zero(in.scoring.v.size());
  }

  // output = concat · W_o  →  dconcat = dOutput · W_oᵀ, dW_o = concatᵀ · dOutput
  Matrix dConcat = dOutput;
  if (in.Wo.size() > 0) {
    g.dWo = fwd.concat.transpose() * dOutput;
    dConcat = dOutput * in.Wo.transpose();
  }

  for (Eigen::Index head = 0; head < h; ++head) {
    const HeadResult& hr = fwd.heads[head];
    const Matrix Qh = in.Q.middleCols(head * d_h, d_h);
    const Matrix Kh = in.K.middleCols(head * dk_h, dk_h);
    const Matrix Vh = in.V.middleCols(head * dv_h, dv_h);
    const Matrix dOut_h = dConcat.middleCols(head * dv_h, dv_h);

    // output_h = weights · V_h
    g.dV.middleCols(head * dv_h, dv_h) = hr.weights.transpose() * dOut_h;
    const Matrix dWeights = dOut_h * Vh.transpose();
    // weights = softmax(masked); masked cells have zero weight and so zero gradient.
    const Matrix dScaled = softmax_backward(hr.weights, dWeights);
    const Matrix dScores = dScaled / in.temperature;
    g.dScores.push_back(dScores);

    const HeadGrads hg = scores_backward(in.scoring, Qh, Kh, dScores, &g);
    g.dQ.middleCols(head * d_h, d_h) = hg.dQh;
    g.dK.middleCols(head * dk_h, dk_h) = hg.dKh;
  }
  return g;
}

}  // namespace ap
