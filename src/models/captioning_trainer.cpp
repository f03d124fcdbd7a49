// The stepped trainer of captioning_trainer.h and the TASKS.md evaluation of a captioner.
#include "models/captioning_trainer.h"

#include <algorithm>

#include "models/trainer.h"

namespace ap::models {
namespace {

// The held-out stream differs from every training seed's stream by construction.
constexpr std::uint64_t kHeldoutSalt = 0xCA9710E5EEDull;
constexpr std::uint64_t kDataSalt = 0xCA97DA7A5EEDull;

// Images per unit of work (a forward and backward pass each, or a greedy caption): small
// enough that a unit stays well inside a frame's slice in the page.
constexpr std::size_t kImagesPerUnit = 2;

}  // namespace

void CaptioningEvalSum::add(const CaptioningModel& model, const captioning::Example& ex) {
  const CaptionResult r = model.caption(ex.patches);
  right_ += r.words == captioning::caption_words(ex.scene);
  const std::vector<int> targets = captioning::caption_targets(ex.scene);
  for (std::size_t t = 0; t < targets.size(); ++t) {
    if (targets[t] < 0) continue;
    ++scored_;
    if (t < r.words.size())
      peaked_ += unique_argmax(r.weights, static_cast<Eigen::Index>(t)) == targets[t];
  }
  ++images_;
}

CaptioningEvaluation CaptioningEvalSum::result() const {
  CaptioningEvaluation ev;
  ev.images = images_;
  if (images_ > 0) {
    ev.accuracy = static_cast<double>(right_) / static_cast<double>(images_);
    ev.attention_accuracy = static_cast<double>(peaked_) / static_cast<double>(scored_);
  }
  return ev;
}

CaptioningEvaluation captioning_evaluate(const CaptioningModel& model,
                                         const std::vector<captioning::Example>& examples) {
  CaptioningEvalSum sum;
  for (const captioning::Example& ex : examples) sum.add(model, ex);
  return sum.result();
}

CaptioningTrainer::CaptioningTrainer(const CaptioningTrainConfig& cfg)
    : UnitTrainer(cfg.steps),
      cfg_(cfg),
      model_(cfg.model, cfg.seed),
      data_rng_(cfg.seed ^ kDataSalt) {
  Rng held(cfg.seed ^ kHeldoutSalt);
  for (int i = 0; i < cfg.heldout; ++i) heldout_.push_back(captioning::generate(held));
}

void CaptioningTrainer::begin_step() {
  model_.params().zero_grad();
  batch_.clear();
  for (int i = 0; i < cfg_.batch; ++i) batch_.push_back(captioning::generate(data_rng_));
  next_ = 0;
  loss_ = 0;
}

void CaptioningTrainer::unit() {
  if (evaluating_) {
    const std::size_t n = std::min(heldout_.size(), static_cast<std::size_t>(cfg_.eval_images));
    const std::size_t end = std::min(n, eval_next_ + kImagesPerUnit);
    for (; eval_next_ < end; ++eval_next_) eval_sum_.add(model_, heldout_[eval_next_]);
    if (eval_next_ >= n) {
      const CaptioningEvaluation ev = eval_sum_.result();
      curve_.back().heldout = ev.accuracy;
      curve_.back().attention = ev.attention_accuracy;
      evaluating_ = false;
    }
    return;
  }
  if (step_ >= cfg_.steps) return;
  const double t0 = now_seconds();
  if (batch_.empty()) begin_step();
  const std::size_t end = std::min(batch_.size(), next_ + kImagesPerUnit);
  for (; next_ < end; ++next_) loss_ += model_.loss(batch_[next_], 1.0 / cfg_.batch, true);
  if (next_ == batch_.size()) {
    clip_gradients(model_.params(), cfg_.adam.clip_norm);
    ++step_;
    // The learning rate falls linearly to a tenth over the run, so the last steps settle.
    AdamConfig adam = cfg_.adam;
    adam.lr *= 1.0 - 0.9 * static_cast<double>(step_ - 1) / static_cast<double>(cfg_.steps);
    adam_step(model_.params(), adam, step_);
    CaptioningCurvePoint pt;
    pt.step = step_;
    pt.loss = loss_;
    curve_.push_back(pt);
    batch_.clear();
    if (step_ % cfg_.eval_every == 0 || step_ >= cfg_.steps) {
      evaluating_ = true;
      eval_next_ = 0;
      eval_sum_ = CaptioningEvalSum{};
    }
  }
  seconds_ += now_seconds() - t0;
}

CaptioningEvaluation CaptioningTrainer::evaluate_heldout(int images) const {
  const std::size_t n =
      images < 0 ? heldout_.size() : std::min(heldout_.size(), static_cast<std::size_t>(images));
  const std::vector<captioning::Example> subset(heldout_.begin(),
                                                heldout_.begin() + static_cast<std::ptrdiff_t>(n));
  return captioning_evaluate(model_, subset);
}

}  // namespace ap::models
