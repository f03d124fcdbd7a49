// The stepped trainer of captioning_trainer.h and the TASKS.md evaluation of a captioner.
#include "models/captioning_trainer.h"

#include <algorithm>
#include <chrono>

#include "models/trainer.h"

namespace ap::models {
namespace {

// The held-out stream differs from every training seed's stream by construction.
constexpr std::uint64_t kHeldoutSalt = 0xCA9710E5EEDull;
constexpr std::uint64_t kDataSalt = 0xCA97DA7A5EEDull;

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

CaptioningEvaluation captioning_evaluate(const CaptioningModel& model,
                                         const std::vector<captioning::Example>& examples) {
  CaptioningEvaluation ev;
  long right = 0, peaked = 0, scored = 0;
  for (const captioning::Example& ex : examples) {
    const CaptionResult r = model.caption(ex.patches);
    right += r.words == captioning::caption_words(ex.scene);
    const std::vector<int> targets = captioning::caption_targets(ex.scene);
    for (std::size_t t = 0; t < targets.size(); ++t) {
      if (targets[t] < 0) continue;
      ++scored;
      if (t < r.words.size())
        peaked += unique_argmax(r.weights, static_cast<Eigen::Index>(t)) == targets[t];
    }
  }
  ev.images = static_cast<int>(examples.size());
  if (!examples.empty()) {
    ev.accuracy = static_cast<double>(right) / static_cast<double>(examples.size());
    ev.attention_accuracy = static_cast<double>(peaked) / static_cast<double>(scored);
  }
  return ev;
}

CaptioningTrainer::CaptioningTrainer(const CaptioningTrainConfig& cfg)
    : cfg_(cfg), model_(cfg.model, cfg.seed), data_rng_(cfg.seed ^ kDataSalt) {
  Rng held(cfg.seed ^ kHeldoutSalt);
  for (int i = 0; i < cfg.heldout; ++i) heldout_.push_back(captioning::generate(held));
}

void CaptioningTrainer::step() {
  if (done()) return;
  const double t0 = now_seconds();
  model_.params().zero_grad();
  double loss = 0;
  for (int i = 0; i < cfg_.batch; ++i)
    loss += model_.loss(captioning::generate(data_rng_), 1.0 / cfg_.batch, true);
  clip_gradients(model_.params(), cfg_.adam.clip_norm);
  ++step_;
  // The learning rate falls linearly to a tenth over the run, so the last steps settle.
  AdamConfig adam = cfg_.adam;
  adam.lr *= 1.0 - 0.9 * static_cast<double>(step_ - 1) / static_cast<double>(cfg_.steps);
  adam_step(model_.params(), adam, step_);
  CaptioningCurvePoint pt;
  pt.step = step_;
  pt.loss = loss;
  seconds_ += now_seconds() - t0;
  if (step_ % cfg_.eval_every == 0 || done()) {
    const CaptioningEvaluation ev = evaluate_heldout(cfg_.eval_images);
    pt.heldout = ev.accuracy;
    pt.attention = ev.attention_accuracy;
  }
  curve_.push_back(pt);
}

int CaptioningTrainer::work(double budget_seconds) {
  const double start = now_seconds();
  int n = 0;
  while (!done()) {
    step();
    ++n;
    if (now_seconds() - start >= budget_seconds) break;
  }
  return n;
}

CaptioningEvaluation CaptioningTrainer::evaluate_heldout(int images) const {
  const std::size_t n =
      images < 0 ? heldout_.size() : std::min(heldout_.size(), static_cast<std::size_t>(images));
  const std::vector<captioning::Example> subset(heldout_.begin(),
                                                heldout_.begin() + static_cast<std::ptrdiff_t>(n));
  return captioning_evaluate(model_, subset);
}

}  // namespace ap::models
