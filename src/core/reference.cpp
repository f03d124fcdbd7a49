// Plain loops for every stage of one head, then concat and W_o. Shapes:
//   q (n_q × d_h), k (n_k × dk_h), v (n_k × dv_h) are column blocks of Q, K, V;
//   scores, scaled, masked, weights (n_q × n_k); output (n_q × dv_h).
#include "core/reference.h"

#include <cmath>
#include <limits>

#include "core/pattern.h"

namespace ap {
namespace {

double score(const AttentionInput& in, int i, int j, int q0, int k0, int d_h, int dk_h) {
  const ScoringParams& p = in.scoring;
  double s = 0;
  switch (p.kind) {
    case ScoringKind::Dot:
    case ScoringKind::ScaledDot:
      for (int c = 0; c < d_h; ++c) s += in.Q(i, q0 + c) * in.K(j, k0 + c);
      if (p.kind == ScoringKind::ScaledDot) s /= std::sqrt(static_cast<double>(dk_h));
      break;
    case ScoringKind::General:
      for (int a = 0; a < d_h; ++a)
        for (int b = 0; b < dk_h; ++b) s += in.Q(i, q0 + a) * p.W(a, b) * in.K(j, k0 + b);
      break;
    case ScoringKind::Additive:
      for (int u = 0; u < p.v.size(); ++u) {
        double pre = 0;
        for (int c = 0; c < d_h; ++c) pre += p.Wq(u, c) * in.Q(i, q0 + c);
        for (int c = 0; c < dk_h; ++c) pre += p.Wk(u, c) * in.K(j, k0 + c);
        s += p.v(u) * std::tanh(pre);
      }
      break;
    case ScoringKind::Cosine: {
      double qq = 0, kk = 0;
      for (int c = 0; c < d_h; ++c) {
        s += in.Q(i, q0 + c) * in.K(j, k0 + c);
        qq += in.Q(i, q0 + c) * in.Q(i, q0 + c);
        kk += in.K(j, k0 + c) * in.K(j, k0 + c);
      }
      const double eps2 = kCosineEpsilon * kCosineEpsilon;
      s /= std::sqrt(qq + eps2) * std::sqrt(kk + eps2);
      break;
    }
  }
  return s;
}

HeadResult reference_head(const AttentionInput& in, int head) {
  const int n_q = in.Q.rows(), n_k = in.K.rows(), h = in.heads;
  const int d_h = in.Q.cols() / h, dk_h = in.K.cols() / h, dv_h = in.V.cols() / h;
  const double neg_inf = -std::numeric_limits<double>::infinity();
  HeadResult r;
  r.scores.resize(n_q, n_k);
  r.scaled.resize(n_q, n_k);
  r.masked.resize(n_q, n_k);
  r.weights.resize(n_q, n_k);
  r.output.resize(n_q, dv_h);
  r.entropy.resize(n_q);
  for (int i = 0; i < n_q; ++i)
    for (int j = 0; j < n_k; ++j) {
      r.scores(i, j) = score(in, i, j, head * d_h, head * dk_h, d_h, dk_h);
      r.scaled(i, j) = r.scores(i, j) / in.temperature;
    }
  r.allowed = pattern_allowed(in.mask, in.sparsity, n_q, n_k);
  pattern_apply_top_k(r.scaled, in.sparsity.top_k, &r.allowed);

  for (int i = 0; i < n_q; ++i) {
    double row_max = neg_inf;
    for (int j = 0; j < n_k; ++j) {
      r.masked(i, j) = r.allowed(i, j) ? r.scaled(i, j) : neg_inf;
      if (r.masked(i, j) > row_max) row_max = r.masked(i, j);
    }
    double sum = 0;
    for (int j = 0; j < n_k; ++j) {
      r.weights(i, j) = r.allowed(i, j) ? std::exp(r.masked(i, j) - row_max) : 0.0;
      sum += r.weights(i, j);
    }
    r.entropy(i) = 0;
    for (int j = 0; j < n_k; ++j) {
      if (sum > 0) r.weights(i, j) /= sum;
      if (r.weights(i, j) > 0) r.entropy(i) -= r.weights(i, j) * std::log(r.weights(i, j));
    }
    for (int c = 0; c < dv_h; ++c) {
      double acc = 0;
      for (int j = 0; j < n_k; ++j) acc += r.weights(i, j) * in.V(j, head * dv_h + c);
      r.output(i, c) = acc;
    }
  }
  return r;
}

}  // namespace

Result reference_attend(const AttentionInput& in) {
  Result res;
  const int n_q = in.Q.rows(), dv = in.V.cols(), dv_h = dv / in.heads;
  res.concat.resize(n_q, dv);
  for (int head = 0; head < in.heads; ++head) {
    res.heads.push_back(reference_head(in, head));
    for (int i = 0; i < n_q; ++i)
      for (int c = 0; c < dv_h; ++c) res.concat(i, head * dv_h + c) = res.heads.back().output(i, c);
  }
  if (in.Wo.size() == 0) {
    res.output = res.concat;
  } else {
    res.output.resize(n_q, in.Wo.cols());
    for (int i = 0; i < n_q; ++i)
      for (int o = 0; o < in.Wo.cols(); ++o) {
        double acc = 0;
        for (int c = 0; c < dv; ++c) acc += res.concat(i, c) * in.Wo(c, o);
        res.output(i, o) = acc;
      }
  }
  for (int i = 0; i < n_q; ++i) {
    bool any = false;
    for (int j = 0; j < in.K.rows(); ++j) any = any || res.heads[0].allowed(i, j);
    if (!any) res.fully_masked_rows.push_back(i);
  }
  return res;
}

}  // namespace ap
