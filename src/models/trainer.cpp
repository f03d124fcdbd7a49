// The stepped trainer of trainer.h and the TASKS.md evaluation of a translation model.
#include "models/trainer.h"

#include <chrono>

namespace ap::models {
namespace {

// The held-out seed differs from every training seed's stream by construction.
constexpr std::uint64_t kHeldoutSalt = 0x5EEDF00DCAFEull;
constexpr std::uint64_t kDataSalt = 0xDA7A5EEDull;

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

int unique_argmax(const Matrix& weights, Eigen::Index row) {
  Eigen::Index best = 0;
  const double mx = weights.row(row).maxCoeff(&best);
  for (Eigen::Index j = 0; j < weights.cols(); ++j)
    if (j != best && weights(row, j) == mx) return -1;
  return static_cast<int>(best);
}

Evaluation evaluate(Seq2Seq& model, const std::vector<translation::Pair>& pairs) {
  Evaluation ev;
  int exact = 0, scored = 0, peaked = 0;
  for (const translation::Pair& p : pairs) {
    exact += model.translate(p.english).output == p.vashi;
    const SentenceAttention tf = model.teacher_forced(p);
    for (int t : translation::scored_positions(p)) {
      ++scored;
      peaked += unique_argmax(tf.weights, t) == p.src[static_cast<std::size_t>(t)];
    }
  }
  ev.sentences = static_cast<int>(pairs.size());
  ev.exact_match =
      pairs.empty() ? 0 : static_cast<double>(exact) / static_cast<double>(pairs.size());
  ev.attention_accuracy = scored ? static_cast<double>(peaked) / scored : 0;
  return ev;
}

Trainer::Trainer(const TrainConfig& cfg)
    : cfg_(cfg), model_(cfg.model, cfg.seed), data_rng_(cfg.seed ^ kDataSalt) {
  Rng held(cfg.seed ^ kHeldoutSalt);
  for (int i = 0; i < cfg.heldout; ++i) heldout_.push_back(translation::generate(held));
}

void Trainer::step() {
  if (done()) return;
  const double t0 = now_seconds();
  model_.params().zero_grad();
  std::vector<translation::Pair> batch;
  int tokens = 0;
  for (int i = 0; i < cfg_.batch; ++i) {
    batch.push_back(translation::generate(data_rng_));
    tokens += static_cast<int>(batch.back().vashi.size()) + 1;
  }
  double loss = 0;
  for (const translation::Pair& p : batch) loss += model_.loss(p, 1.0 / tokens, true);
  clip_gradients(model_.params(), cfg_.adam.clip_norm);
  ++step_;
  adam_step(model_.params(), cfg_.adam, step_);
  CurvePoint pt;
  pt.step = step_;
  pt.loss = loss;
  seconds_ += now_seconds() - t0;
  if (step_ % cfg_.eval_every == 0 || done()) {
    const Evaluation ev = evaluate_heldout(cfg_.eval_sentences);
    pt.heldout = ev.exact_match;
    pt.attention = ev.attention_accuracy;
  }
  curve_.push_back(pt);
}

int Trainer::work(double budget_seconds) {
  const double start = now_seconds();
  int n = 0;
  while (!done()) {
    step();
    ++n;
    if (now_seconds() - start >= budget_seconds) break;
  }
  return n;
}

Evaluation Trainer::evaluate_heldout(int sentences) {
  const std::size_t n = sentences < 0
                            ? heldout_.size()
                            : std::min(heldout_.size(), static_cast<std::size_t>(sentences));
  const std::vector<translation::Pair> subset(heldout_.begin(),
                                              heldout_.begin() + static_cast<std::ptrdiff_t>(n));
  return evaluate(model_, subset);
}

}  // namespace ap::models
