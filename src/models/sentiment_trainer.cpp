// The stepped trainer of sentiment_trainer.h and the TASKS.md evaluation of a sentiment model.
#include "models/sentiment_trainer.h"

#include <algorithm>

namespace ap::models {
namespace {

// The held-out seed differs from every training seed's stream by construction.
constexpr std::uint64_t kHeldoutSalt = 0x5E7714E7F00Dull;
constexpr std::uint64_t kDataSalt = 0x5E7714E7DA7Aull;

std::vector<int> ids_of(const sentiment::Review& r) {
  std::vector<int> ids;
  for (const std::string& w : r.words) ids.push_back(sentiment::word_index(w));
  return ids;
}

}  // namespace

SentimentEvaluation evaluate(const SentimentModel& model,
                             const std::vector<sentiment::Review>& reviews) {
  SentimentEvaluation ev;
  int right = 0, peaked = 0;
  for (const sentiment::Review& r : reviews) {
    const SentimentReading rd = model.read(ids_of(r));
    right += rd.label == r.label;
    const int top = unique_argmax(rd.weights, 0);
    peaked += std::find(r.attention_targets.begin(), r.attention_targets.end(), top) !=
              r.attention_targets.end();
  }
  ev.reviews = static_cast<int>(reviews.size());
  if (ev.reviews) {
    ev.accuracy = static_cast<double>(right) / ev.reviews;
    ev.attention_accuracy = static_cast<double>(peaked) / ev.reviews;
  }
  return ev;
}

SentimentTrainer::SentimentTrainer(const SentimentTrainConfig& cfg)
    : UnitTrainer(cfg.steps),
      cfg_(cfg),
      model_(cfg.model, cfg.seed),
      data_rng_(cfg.seed ^ kDataSalt) {
  Rng held(cfg.seed ^ kHeldoutSalt);
  for (int i = 0; i < cfg.heldout; ++i) heldout_.push_back(sentiment::generate(held));
}

void SentimentTrainer::unit() {
  const double t0 = now_seconds();
  model_.params().zero_grad();
  double loss = 0;
  for (int i = 0; i < cfg_.batch; ++i) {
    const sentiment::Review r = sentiment::generate(data_rng_);
    loss += model_.loss(ids_of(r), r.label, 1.0 / cfg_.batch, true);
  }
  clip_gradients(model_.params(), cfg_.adam.clip_norm);
  ++step_;
  adam_step(model_.params(), cfg_.adam, step_);
  CurvePoint pt;
  pt.step = step_;
  pt.loss = loss;
  seconds_ += now_seconds() - t0;
  if (step_ % cfg_.eval_every == 0 || done()) {
    const SentimentEvaluation ev = evaluate_heldout(cfg_.eval_reviews);
    pt.heldout = ev.accuracy;
    pt.attention = ev.attention_accuracy;
  }
  curve_.push_back(pt);
}

SentimentEvaluation SentimentTrainer::evaluate_heldout(int reviews) const {
  const std::size_t n =
      reviews < 0 ? heldout_.size() : std::min(heldout_.size(), static_cast<std::size_t>(reviews));
  const std::vector<sentiment::Review> subset(heldout_.begin(),
                                              heldout_.begin() + static_cast<std::ptrdiff_t>(n));
  return evaluate(model_, subset);
}

}  // namespace ap::models
