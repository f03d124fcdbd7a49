// The interpretability measures of sentiment_explain.h.
#include "models/sentiment_explain.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ap::models {
namespace {

std::vector<double> ranks(const std::vector<double>& x) {
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  std::vector<double> r(x.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && x[order[j + 1]] == x[order[i]]) ++j;
    const double mean = 0.5 * static_cast<double>(i + j);  // ties share their mean rank
    for (std::size_t k = i; k <= j; ++k) r[order[k]] = mean;
    i = j + 1;
  }
  return r;
}

double label_probability(double p_positive, int label) {
  return label == 1 ? p_positive : 1.0 - p_positive;
}

}  // namespace

double spearman(const std::vector<double>& a, const std::vector<double>& b) {
  const std::vector<double> ra = ranks(a), rb = ranks(b);
  const double n = static_cast<double>(a.size());
  if (a.size() < 2) return 0;
  const double ma = std::accumulate(ra.begin(), ra.end(), 0.0) / n;
  const double mb = std::accumulate(rb.begin(), rb.end(), 0.0) / n;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (ra[i] - ma) * (rb[i] - mb);
    saa += (ra[i] - ma) * (ra[i] - ma);
    sbb += (rb[i] - mb) * (rb[i] - mb);
  }
  return saa == 0 || sbb == 0 ? 0 : sab / std::sqrt(saa * sbb);
}

double js_distance(const std::vector<double>& p, const std::vector<double>& q) {
  double js = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double m = 0.5 * (p[i] + q[i]);
    if (p[i] > 0) js += 0.5 * p[i] * std::log2(p[i] / m);
    if (q[i] > 0) js += 0.5 * q[i] * std::log2(q[i] / m);
  }
  return std::sqrt(std::max(0.0, js));
}

double probability_with_weights(const SentimentModel& model, const std::vector<int>& ids, int label,
                                const std::vector<double>& weights) {
  const SentimentReading r = model.read(ids);
  Matrix c = Matrix::Zero(1, r.V.cols());
  for (std::size_t t = 0; t < weights.size(); ++t)
    c += weights[t] * r.V.row(static_cast<Eigen::Index>(t));
  return label_probability(model.p_positive_of(c), label);
}

Explanation explain(const SentimentModel& model, const std::vector<int>& ids) {
  Explanation ex;
  const SentimentReading r = model.read(ids);
  ex.label = r.label;
  ex.probability = r.probability;
  const Matrix g = model.input_gradient(ids, r.label), E = model.embeddings(ids);
  for (std::size_t t = 0; t < ids.size(); ++t) {
    const Eigen::Index i = static_cast<Eigen::Index>(t);
    ex.attention.push_back(r.weights(0, i));
    ex.grad_x_input.push_back(std::abs(g.row(i).dot(E.row(i))));
    double drop = 0;
    if (ids.size() > 1) {
      std::vector<int> rest = ids;
      rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(t));
      drop = r.probability - label_probability(model.read(rest).p_positive, r.label);
    }
    ex.leave_one_out.push_back(drop);
  }
  ex.rank_attention_gradient = spearman(ex.attention, ex.grad_x_input);
  ex.rank_attention_leave_one_out = spearman(ex.attention, ex.leave_one_out);
  ex.rank_gradient_leave_one_out = spearman(ex.grad_x_input, ex.leave_one_out);
  return ex;
}

OtherExplanation find_other_explanation(const SentimentModel& model, const std::vector<int>& ids,
                                        double tolerance, int iterations, std::uint64_t seed) {
  const SentimentReading r = model.read(ids);
  const std::size_t T = ids.size();
  const double p0 = r.probability, sign = r.label == 1 ? 1.0 : -1.0;
  const Matrix u = model.logit_direction();
  std::vector<double> alpha(T), score(T);  // learned weights; u · V_t per word
  for (std::size_t t = 0; t < T; ++t) {
    alpha[t] = r.weights(0, static_cast<Eigen::Index>(t));
    score[t] = u.row(0).dot(r.V.row(static_cast<Eigen::Index>(t)));
  }
  OtherExplanation best{alpha, 0.0, p0};
  if (T < 2) return best;
  // w = softmax(z), from the learned weights' logits plus seeded noise (at w = α the
  // distance has no gradient).
  Rng rng(seed);
  std::vector<double> z(T), m(T, 0), v(T, 0), w(T), grad(T);
  for (std::size_t t = 0; t < T; ++t) z[t] = std::log(std::max(alpha[t], 1e-12)) + rng.normal();
  const double lr = 0.1, penalty = 1000;
  for (int it = 1; it <= iterations; ++it) {
    const double mx = *std::max_element(z.begin(), z.end());
    double sum = 0;
    for (std::size_t t = 0; t < T; ++t) sum += (w[t] = std::exp(z[t] - mx));
    for (double& x : w) x /= sum;
    const double p = probability_with_weights(model, ids, r.label, w);
    const double dist = js_distance(w, alpha);
    if (std::abs(p - p0) <= tolerance && dist > best.distance) best = {w, dist, p};
    // Ascend F = JS(w, α) − penalty · max(0, |p − p0| − tolerance)².
    const double excess = std::max(0.0, std::abs(p - p0) - tolerance);
    const double dF_dp = -penalty * 2 * excess * (p > p0 ? 1.0 : -1.0);
    double mean = 0;
    for (std::size_t t = 0; t < T; ++t) {
      const double mt = 0.5 * (w[t] + alpha[t]);
      const double djs = w[t] > 0 ? 0.5 * std::log2(w[t] / mt) : 0;
      // p = σ(sign · (u · c + b)): ∂p/∂w_t = p (1 − p) · sign · u · V_t.
      grad[t] = djs + dF_dp * p * (1 - p) * sign * score[t];
      mean += w[t] * grad[t];
    }
    for (std::size_t t = 0; t < T; ++t) {
      const double gz = w[t] * (grad[t] - mean);  // through the softmax
      m[t] = 0.9 * m[t] + 0.1 * gz;
      v[t] = 0.999 * v[t] + 0.001 * gz * gz;
      const double mh = m[t] / (1 - std::pow(0.9, it)), vh = v[t] / (1 - std::pow(0.999, it));
      z[t] += lr * mh / (std::sqrt(vh) + 1e-8);
    }
  }
  return best;
}

}  // namespace ap::models
