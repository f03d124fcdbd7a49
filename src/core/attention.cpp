// The Eigen forward path of attention.h and input validation. The plain-loop reference
// in reference.cpp computes the same thing without Eigen; tests hold the two together.
//
// [SECTION] Validation
// [SECTION] Forward
#include "core/attention.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <sstream>

#include "core/pattern.h"

namespace ap {

// ---------------------------------------------------------------------------------------
// [SECTION] Validation
// ---------------------------------------------------------------------------------------
namespace {

// The shortest text that reads back to exactly `x`, so a message never says
// "1e+06, outside ±1e+06" for a value just above the limit.
std::string exact(double x) {
  char buf[40];
  if (x == std::floor(x) && std::abs(x) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", x);
    return buf;
  }
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, x);
    if (std::strtod(buf, nullptr) == x) break;
  }
  return buf;
}

std::string shape(Eigen::Index r, Eigen::Index c) {
  return std::to_string(r) + "×" + std::to_string(c);
}

// Names the first non-finite or too large entry of a matrix, or returns "".
template <class M>
std::string check_values(const char* name, const M& m) {
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
      const double x = m(i, j);
      std::string what;
      if (std::isnan(x))
        what = "is NaN";
      else if (std::isinf(x))
        what = x > 0 ? "is +Infinity" : "is −Infinity";
      else if (std::abs(x) > kMaxMagnitude) {
        what = "is " + exact(x) + ", outside the supported range ±" + exact(kMaxMagnitude);
      }
      if (!what.empty()) {
        std::ostringstream os;
        os << name;
        if (M::ColsAtCompileTime == 1)
          os << " entry " << i;
        else
          os << " row " << i << ", column " << j;
        os << ' ' << what;
        return os.str();
      }
    }
  }
  return "";
}

std::string check_width(const char* name, Eigen::Index width, int heads) {
  if (width % heads != 0) {
    return std::string(name) + " has width " + std::to_string(width) +
           ", which does not split into " + std::to_string(heads) + " heads";
  }
  return "";
}

std::string check_shape(const char* name, const Matrix& m, Eigen::Index rows, Eigen::Index cols) {
  if (m.rows() == rows && m.cols() == cols) return "";
  return std::string(name) + " is " + shape(m.rows(), m.cols()) + " but must be " +
         shape(rows, cols);
}

// The kind's row says which parameters it has and their shapes (kinds.h).
std::string validate_scoring(const AttentionInput& in, Eigen::Index d_h, Eigen::Index dk_h) {
  const ScoringParams& p = in.scoring;
  const ScoringKindInfo& kind = scoring_info(p.kind);
  if (kind.equal_widths && d_h != dk_h) {
    return std::string(kind.id) + " scoring needs queries and keys of equal " +
           "width, but Q has width " + std::to_string(in.Q.cols()) + " and K has width " +
           std::to_string(in.K.cols());
  }
  // A vector parameter sets the hidden width the matrices' shapes refer to: check it first.
  for (ScoringParam param : kind.param_list()) {
    const ScoringParamInfo& info = scoring_param_info(param);
    if (info.is_vector() && (p.*info.vector).size() == 0)
      return std::string(kind.id) + " scoring needs a non-empty " + info.name;
  }
  for (ScoringParam param : kind.param_list()) {
    const ScoringParamInfo& info = scoring_param_info(param);
    if (info.is_vector()) continue;
    if (auto e = check_shape(info.name, p.*info.matrix, dim_size(info.rows, d_h, dk_h, p),
                             dim_size(info.cols, d_h, dk_h, p));
        !e.empty())
      return e;
  }
  for (ScoringParam param : kind.param_list()) {
    const ScoringParamInfo& info = scoring_param_info(param);
    if (auto e = info.is_vector() ? check_values(info.name, p.*info.vector)
                                  : check_values(info.name, p.*info.matrix);
        !e.empty())
      return e;
  }
  return "";
}

std::string validate_mask(const AttentionInput& in) {
  const MaskSpec& m = in.mask;
  if (m.kind == MaskKind::Padding && (m.valid_length < 0 || m.valid_length > in.K.rows())) {
    return "padding valid_length is " + std::to_string(m.valid_length) + " but must be in 0.." +
           std::to_string(in.K.rows());
  }
  if (m.kind == MaskKind::Custom) {
    if (m.allowed.rows() != in.Q.rows() || m.allowed.cols() != in.K.rows()) {
      return "mask is " + shape(m.allowed.rows(), m.allowed.cols()) + " but must be " +
             shape(in.Q.rows(), in.K.rows()) + " (queries × keys)";
    }
    for (Eigen::Index i = 0; i < m.allowed.rows(); ++i)
      for (Eigen::Index j = 0; j < m.allowed.cols(); ++j)
        if (m.allowed(i, j) > 1) {
          return "mask row " + std::to_string(i) + ", column " + std::to_string(j) +
                 " must be 0 or 1";
        }
  }
  return "";
}

std::string validate_sparsity(const AttentionInput& in) {
  const SparsitySpec& s = in.sparsity;
  if (s.window < -1) return "sparsity window must be 0 or more";
  if (s.stride < 0) return "sparsity stride must be 1 or more";
  if (s.top_k < 0) return "sparsity top_k must be 1 or more";
  const Eigen::Index n = std::max(in.Q.rows(), in.K.rows());
  for (int g : s.global) {
    if (g < 0 || g >= n) {
      return "global token " + std::to_string(g) + " is out of range 0.." + std::to_string(n - 1);
    }
  }
  return "";
}

}  // namespace

std::string validate(const AttentionInput& in) {
  if (in.Q.rows() == 0) return "Q is empty: there must be at least one query";
  if (in.K.rows() == 0) return "K is empty: there must be at least one key";
  if (in.Q.cols() == 0) return "Q has width d = 0: queries need at least one dimension";
  if (in.K.cols() == 0) return "K has width d_k = 0: keys need at least one dimension";
  if (in.V.cols() == 0) return "V has width d_v = 0: values need at least one dimension";
  if (in.V.rows() != in.K.rows()) {
    return "K has " + std::to_string(in.K.rows()) + " rows but V has " +
           std::to_string(in.V.rows()) + ": every key needs exactly one value";
  }
  if (auto e = check_values("Q", in.Q); !e.empty()) return e;
  if (auto e = check_values("K", in.K); !e.empty()) return e;
  if (auto e = check_values("V", in.V); !e.empty()) return e;
  if (in.heads < 1) return "heads must be 1 or more";
  for (auto e : {check_width("Q", in.Q.cols(), in.heads), check_width("K", in.K.cols(), in.heads),
                 check_width("V", in.V.cols(), in.heads)})
    if (!e.empty()) return e;
  if (auto e = validate_scoring(in, in.Q.cols() / in.heads, in.K.cols() / in.heads); !e.empty())
    return e;
  if (!(in.temperature >= kMinTemperature && in.temperature <= kMaxTemperature)) {
    return "temperature is " + exact(in.temperature) + " but must be between " +
           exact(kMinTemperature) + " and " + exact(kMaxTemperature);
  }
  if (auto e = validate_mask(in); !e.empty()) return e;
  if (auto e = validate_sparsity(in); !e.empty()) return e;
  if (in.Wo.size() > 0) {
    if (in.Wo.rows() != in.V.cols()) {
      return "Wo is " + shape(in.Wo.rows(), in.Wo.cols()) + " but must have " +
             std::to_string(in.V.cols()) + " rows (the width of V)";
    }
    if (auto e = check_values("Wo", in.Wo); !e.empty()) return e;
  }
  return "";
}

// ---------------------------------------------------------------------------------------
// [SECTION] Forward
// ---------------------------------------------------------------------------------------
namespace {

// The ε-guarded length √(‖x‖² + ε²) of each row (kCosineEpsilon).
Vector row_lengths(const Matrix& X) {
  return (X.rowwise().squaredNorm().array() + kCosineEpsilon * kCosineEpsilon).sqrt();
}

// Qh (n_q × d_h), Kh (n_k × dk_h) → (n_q × n_k)
Matrix head_scores(const ScoringParams& p, const Matrix& Qh, const Matrix& Kh) {
  switch (p.kind) {
    case ScoringKind::Dot:
      return Qh * Kh.transpose();
    case ScoringKind::ScaledDot:
      return (Qh * Kh.transpose()) / std::sqrt(static_cast<double>(Kh.cols()));
    case ScoringKind::General:
      return Qh * p.W * Kh.transpose();
    case ScoringKind::Additive: {
      const Matrix A = Qh * p.Wq.transpose();  // (n_q × a)
      const Matrix B = Kh * p.Wk.transpose();  // (n_k × a)
      Matrix S(Qh.rows(), Kh.rows());
      for (Eigen::Index i = 0; i < S.rows(); ++i)
        S.row(i) = ((B.rowwise() + A.row(i)).array().tanh().matrix() * p.v).transpose();
      return S;
    }
    case ScoringKind::Cosine:
      // qᵀk first, then ÷ (|q| |k|): the order of the reference, NumPy and the exports, so
      // equal cosines stay bit-for-bit equal and top-k breaks their ties the same way.
      return ((Qh * Kh.transpose()).array() /
              (row_lengths(Qh) * row_lengths(Kh).transpose()).array())
          .matrix();
  }
  return {};
}

// Max-subtracted softmax of each row over its allowed keys; all-zero for an empty row.
Matrix masked_softmax(const Matrix& scaled, const MaskMatrix& allowed) {
  Matrix w = Matrix::Zero(scaled.rows(), scaled.cols());
  for (Eigen::Index i = 0; i < scaled.rows(); ++i) {
    double row_max = -std::numeric_limits<double>::infinity();
    for (Eigen::Index j = 0; j < scaled.cols(); ++j)
      if (allowed(i, j)) row_max = std::max(row_max, scaled(i, j));
    if (row_max == -std::numeric_limits<double>::infinity()) continue;
    double sum = 0;
    for (Eigen::Index j = 0; j < scaled.cols(); ++j)
      if (allowed(i, j)) sum += (w(i, j) = std::exp(scaled(i, j) - row_max));
    w.row(i) /= sum;
  }
  return w;
}

Vector row_entropy(const Matrix& w) {
  Vector h = Vector::Zero(w.rows());
  for (Eigen::Index i = 0; i < w.rows(); ++i)
    for (Eigen::Index j = 0; j < w.cols(); ++j)
      if (w(i, j) > 0) h(i) -= w(i, j) * std::log(w(i, j));
  return h;
}

HeadResult attend_head(const AttentionInput& in, const Matrix& Qh, const Matrix& Kh,
                       const Matrix& Vh) {
  HeadResult r;
  r.scores = head_scores(in.scoring, Qh, Kh);
  r.scaled = r.scores / in.temperature;
  r.allowed = pattern_allowed(in.mask, in.sparsity, static_cast<int>(Qh.rows()),
                              static_cast<int>(Kh.rows()));
  pattern_apply_top_k(r.scaled, in.sparsity.top_k, &r.allowed);
  r.masked = r.allowed.cast<bool>().select(
      r.scaled,
      Matrix::Constant(r.scaled.rows(), r.scaled.cols(), -std::numeric_limits<double>::infinity()));
  r.weights = masked_softmax(r.scaled, r.allowed);
  r.output = r.weights * Vh;
  r.entropy = row_entropy(r.weights);
  return r;
}

}  // namespace

Result attend(const AttentionInput& in) {
  Result res;
  const Eigen::Index h = in.heads, d_h = in.Q.cols() / h, dk_h = in.K.cols() / h,
                     dv_h = in.V.cols() / h;
  res.concat.resize(in.Q.rows(), in.V.cols());
  for (Eigen::Index head = 0; head < h; ++head) {
    res.heads.push_back(attend_head(in, in.Q.middleCols(head * d_h, d_h),
                                    in.K.middleCols(head * dk_h, dk_h),
                                    in.V.middleCols(head * dv_h, dv_h)));
    res.concat.middleCols(head * dv_h, dv_h) = res.heads.back().output;
  }
  res.output = in.Wo.size() > 0 ? Matrix(res.concat * in.Wo) : res.concat;
  for (Eigen::Index i = 0; i < in.Q.rows(); ++i) {
    bool any = false;
    for (const HeadResult& hr : res.heads) any = any || hr.allowed.row(i).any();
    if (!any) res.fully_masked_rows.push_back(static_cast<int>(i));
  }
  return res;
}

}  // namespace ap
