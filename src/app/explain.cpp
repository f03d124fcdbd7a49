// Hover explanations for every pipeline stage; see explain.h.
#include "app/explain.h"

#include <cmath>
#include <cstdio>
#include <limits>

#include "core/pattern.h"

namespace ap {
namespace {

constexpr int kMaxTerms = 6;  // longer sums are shortened with "…"

std::string paren(double x) {
  return x < 0 ? "(" + fmt_num(x) + ")" : fmt_num(x);
}

// "a₁·b₁ + a₂·b₂ + … = total" for the first kMaxTerms products.
template <class A, class B>
std::string sum_of_products(const A& a, const B& b, Eigen::Index n) {
  std::string out;
  for (Eigen::Index c = 0; c < n && c < kMaxTerms; ++c) {
    if (c) out += " + ";
    out += paren(a(c)) + "·" + paren(b(c));
  }
  if (n > kMaxTerms) out += " + … (" + std::to_string(n) + " terms)";
  return out;
}

std::string vec_text(const Eigen::RowVectorXd& v) {
  std::string out = "(";
  for (Eigen::Index c = 0; c < v.size() && c < kMaxTerms; ++c)
    out += (c ? ", " : "") + fmt_num(v(c));
  if (v.size() > kMaxTerms) out += ", …";
  return out + ")";
}

struct HeadView {
  Eigen::RowVectorXd q, k;
  Eigen::Index d_h, dk_h, dv_h;
};

HeadView head_view(const State& s, int head, int i, int j) {
  const AttentionInput& in = s.input;
  HeadView v;
  v.d_h = in.Q.cols() / in.heads;
  v.dk_h = in.K.cols() / in.heads;
  v.dv_h = in.V.cols() / in.heads;
  v.q = in.Q.row(i).segment(head * v.d_h, v.d_h);
  v.k = in.K.row(j).segment(head * v.dk_h, v.dk_h);
  return v;
}

std::string explain_score(const State& s, const Result& r, int head, int i, int j) {
  const AttentionInput& in = s.input;
  const HeadView hv = head_view(s, head, i, j);
  const std::string qi = "q" + subscript(i + 1), kj = "k" + subscript(j + 1);
  const double value = r.heads[head].scores(i, j);
  std::string out;
  switch (in.scoring.kind) {
    case ScoringKind::Dot:
      return qi + "·" + kj + " = " + sum_of_products(hv.q, hv.k, hv.d_h) + " = " + fmt_num(value);
    case ScoringKind::ScaledDot:
      return qi + "·" + kj + " = " + sum_of_products(hv.q, hv.k, hv.d_h) + " = " +
             fmt_num(hv.q.dot(hv.k)) + ";  ÷√" + std::to_string(hv.dk_h) + " = " + fmt_num(value);
    case ScoringKind::General: {
      const Eigen::RowVectorXd wk = (in.scoring.W * hv.k.transpose()).transpose();
      return "W" + kj + " = " + vec_text(wk) + "\n" + qi + "ᵀ(W" + kj +
             ") = " + sum_of_products(hv.q, wk, hv.d_h) + " = " + fmt_num(value);
    }
    case ScoringKind::Additive: {
      const Eigen::RowVectorXd pre =
          (in.scoring.Wq * hv.q.transpose() + in.scoring.Wk * hv.k.transpose()).transpose();
      const Eigen::RowVectorXd t = pre.array().tanh().matrix();
      const Eigen::RowVectorXd v = in.scoring.v.transpose();
      return "W_q " + qi + " + W_k " + kj + " = " + vec_text(pre) + "\ntanh(…) = " + vec_text(t) +
             "\nvᵀ tanh(…) = " + sum_of_products(v, t, v.size()) + " = " + fmt_num(value);
    }
    case ScoringKind::Cosine:
      return qi + "·" + kj + " = " + sum_of_products(hv.q, hv.k, hv.d_h) + " = " +
             fmt_num(hv.q.dot(hv.k)) + "\n‖" + qi + "‖ = " + fmt_num(hv.q.norm()) + ", ‖" + kj +
             "‖ = " + fmt_num(hv.k.norm()) + ";  " + qi + "·" + kj + " ÷ (‖" + qi + "‖ ‖" + kj +
             "‖) = " + fmt_num(value);
  }
  return out;
}

// Why cell (i, j) is masked, or "" when it is kept.
std::string mask_reason(const State& s, const HeadResult& h, int i, int j) {
  const AttentionInput& in = s.input;
  const std::string key = "key " + std::to_string(j + 1), query = "query " + std::to_string(i + 1);
  switch (in.mask.kind) {
    case MaskKind::Causal:
      if (j > i) return "causal mask: " + key + " comes after " + query;
      break;
    case MaskKind::Padding:
      if (j >= in.mask.valid_length)
        return "padding mask: " + key + " is padding (only the first " +
               std::to_string(in.mask.valid_length) + " keys are real)";
      break;
    case MaskKind::Custom:
      if (!in.mask.allowed(i, j)) return "custom mask: this cell is switched off";
      break;
    case MaskKind::None:
      break;
  }
  const MaskMatrix local = pattern_allowed(MaskSpec{}, in.sparsity, in.Q.rows(), in.K.rows());
  if (!local(i, j)) {
    std::string why = "sparse pattern: ";
    if (in.sparsity.window >= 0)
      why += "|" + std::to_string(i + 1) + " − " + std::to_string(j + 1) + "| > window " +
             std::to_string(in.sparsity.window) + "; ";
    if (in.sparsity.stride > 0) why += "distance not a multiple of the stride; ";
    if (!in.sparsity.global.empty()) why += "neither token is global";
    return why;
  }
  if (!h.allowed(i, j))
    return "top-k: not among the " + std::to_string(in.sparsity.top_k) +
           " largest scores of this row";
  return "";
}

std::string explain_weight(const HeadResult& h, int i, int j) {
  if (!h.allowed.row(i).any())
    return "every key is masked for this query:\nits weights are all 0 and its output is 0";
  if (!h.allowed(i, j)) return "masked (−∞) → exp(−∞) = 0, so the weight is 0";
  double row_max = -std::numeric_limits<double>::infinity(), sum = 0;
  for (Eigen::Index c = 0; c < h.masked.cols(); ++c)
    if (h.allowed(i, c)) row_max = std::max(row_max, h.masked(i, c));
  for (Eigen::Index c = 0; c < h.masked.cols(); ++c)
    if (h.allowed(i, c)) sum += std::exp(h.masked(i, c) - row_max);
  const double top = std::exp(h.masked(i, j) - row_max);
  return "w = exp(s − max) / Σ exp(s − max)\n  = exp(" + fmt_num(h.masked(i, j)) + " − " +
         fmt_num(row_max) + ") / " + fmt_num(sum) + " = " + fmt_num(top) + " / " + fmt_num(sum) +
         " = " + fmt_num(h.weights(i, j));
}

std::string explain_output(const State& s, const Result& r, int i, int j) {
  const AttentionInput& in = s.input;
  const std::string oi = "o" + subscript(i + 1);
  if (in.Wo.size() > 0) {
    return oi + "[" + std::to_string(j + 1) + "] = concat" + subscript(i + 1) + " · W_o[:, " +
           std::to_string(j + 1) +
           "] = " + sum_of_products(r.concat.row(i), in.Wo.col(j), in.Wo.rows()) + " = " +
           fmt_num(r.output(i, j));
  }
  const Eigen::Index dv_h = in.V.cols() / in.heads;
  const int head = static_cast<int>(j / dv_h);
  const HeadResult& h = r.heads[head];
  std::string out = oi + "[" + std::to_string(j + 1) + "] = Σⱼ w" + subscript(i + 1) + "ⱼ · vⱼ[" +
                    std::to_string(j + 1) +
                    "] = " + sum_of_products(h.weights.row(i), in.V.col(j), in.V.rows()) + " = " +
                    fmt_num(r.output(i, j));
  if (in.heads > 1) out += "\n(from head " + std::to_string(head + 1) + ")";
  return out;
}

}  // namespace

const char* stage_title(Stage stage) {
  switch (stage) {
    case Stage::Scores:
      return "Raw scores";
    case Stage::Scaled:
      return "Scaled by temperature";
    case Stage::Masked:
      return "Masked";
    case Stage::Weights:
      return "Softmax weights";
    case Stage::Output:
      return "Output";
  }
  return "";
}

std::string fmt_num(double x) {
  if (std::isnan(x)) return "—";
  if (std::isinf(x)) return x > 0 ? "∞" : "−∞";
  char buf[32];
  // Below 1e-12 a value is the rounding noise of a sum that is zero (eight equal weights
  // times values that cancel give -1.39e-17): shown as 0.00, not in scientific notation.
  // Above it, small values keep three significant digits (a weight of 0.00174 is not 0).
  constexpr double kNoise = 1e-12;
  const double ax = std::abs(x) < kNoise ? 0.0 : std::abs(x);
  if (ax == 0 || (ax >= 0.01 && ax < 1e4))
    std::snprintf(buf, sizeof buf, "%.2f", ax);
  else
    std::snprintf(buf, sizeof buf, "%.3g", ax);
  std::string s = buf;
  if (s == "0.00") return "0.00";
  return (x < 0 ? "−" : "") + s;
}

std::string subscript(int n) {
  static const char* digits[] = {"₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"};
  if (n < 0) return "₋" + subscript(-n);
  std::string s = n >= 10 ? subscript(n / 10) : "";
  return s + digits[n % 10];
}

std::string explain_cell(const State& s, const Result& r, Stage stage, int head, int i, int j) {
  if (head < 0 || head >= static_cast<int>(r.heads.size()) || i < 0) return "";
  const HeadResult& h = r.heads[head];
  if (stage == Stage::Output) {
    if (i >= r.output.rows() || j < 0 || j >= r.output.cols()) return "";
    return explain_output(s, r, i, j);
  }
  if (i >= h.scores.rows() || j < 0 || j >= h.scores.cols()) return "";
  const std::string who = s.query_tokens[i] + " → " + s.key_tokens[j] + "\n";
  switch (stage) {
    case Stage::Scores:
      return who + explain_score(s, r, head, i, j);
    case Stage::Scaled:
      if (s.input.temperature == 1.0)
        return who + "temperature 1: unchanged, " + fmt_num(h.scaled(i, j));
      return who + "score ÷ T = " + fmt_num(h.scores(i, j)) + " ÷ " + fmt_num(s.input.temperature) +
             " = " + fmt_num(h.scaled(i, j));
    case Stage::Masked: {
      const std::string why = mask_reason(s, h, i, j);
      return who + (why.empty() ? "kept: " + fmt_num(h.masked(i, j)) : why + "  →  −∞");
    }
    case Stage::Weights:
      return who + explain_weight(h, i, j);
    case Stage::Output:
      break;
  }
  return "";
}

}  // namespace ap
