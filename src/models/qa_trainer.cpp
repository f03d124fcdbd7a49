// The stepped trainer of qa_trainer.h and the TASKS.md evaluation of a qa model.
#include "models/qa_trainer.h"

#include "models/trainer.h"

namespace ap::models {
namespace {

// The held-out seed differs from every training seed's stream by construction.
constexpr std::uint64_t kHeldoutSalt = 0x9A5EEDF00Dull;
constexpr std::uint64_t kDataSalt = 0x9ADA7A5EEDull;

}  // namespace

QaEvaluation qa_evaluate(const QaModel& model, const std::vector<qa::Story>& stories) {
  QaEvaluation ev;
  int right = 0, peaked = 0;
  for (const qa::Story& s : stories) {
    const QaPrediction p = model.predict(qa_input(s.sentences, s.question));
    right += p.answer == s.answer;
    peaked += unique_argmax(p.weights, p.weights.rows() - 1) == s.support;
  }
  ev.stories = static_cast<int>(stories.size());
  if (!stories.empty()) {
    ev.accuracy = static_cast<double>(right) / static_cast<double>(stories.size());
    ev.attention_accuracy = static_cast<double>(peaked) / static_cast<double>(stories.size());
  }
  return ev;
}

QaTrainer::QaTrainer(const QaTrainConfig& cfg)
    : UnitTrainer(cfg.steps),
      cfg_(cfg),
      model_(cfg.model, cfg.seed),
      data_rng_(cfg.seed ^ kDataSalt) {
  Rng held(cfg.seed ^ kHeldoutSalt);
  for (int i = 0; i < cfg.heldout; ++i) heldout_.push_back(qa::generate(held));
}

void QaTrainer::unit() {
  const double t0 = now_seconds();
  model_.params().zero_grad();
  double loss = 0;
  for (int i = 0; i < cfg_.batch; ++i) {
    const qa::Story s = qa::generate(data_rng_);
    loss += model_.loss(qa_input(s.sentences, s.question), s.answer, 1.0 / cfg_.batch, true);
  }
  clip_gradients(model_.params(), cfg_.adam.clip_norm);
  ++step_;
  adam_step(model_.params(), cfg_.adam, step_);
  QaCurvePoint pt;
  pt.step = step_;
  pt.loss = loss;
  seconds_ += now_seconds() - t0;
  if (step_ % cfg_.eval_every == 0 || done()) {
    const QaEvaluation ev = evaluate_heldout(cfg_.eval_stories);
    pt.heldout = ev.accuracy;
    pt.attention = ev.attention_accuracy;
  }
  curve_.push_back(pt);
}

QaEvaluation QaTrainer::evaluate_heldout(int stories) const {
  const std::size_t n =
      stories < 0 ? heldout_.size() : std::min(heldout_.size(), static_cast<std::size_t>(stories));
  const std::vector<qa::Story> subset(heldout_.begin(),
                                      heldout_.begin() + static_cast<std::ptrdiff_t>(n));
  return qa_evaluate(model_, subset);
}

}  // namespace ap::models
