// The stepped trainer of trainer.h and the TASKS.md evaluation of a translation model.
#include "models/trainer.h"

#include <algorithm>

namespace ap::models {
namespace {

// The held-out seed differs from every training seed's stream by construction.
constexpr std::uint64_t kHeldoutSalt = 0x5EEDF00DCAFEull;
constexpr std::uint64_t kDataSalt = 0xDA7A5EEDull;
// Sentences per unit of work: a unit stays a few ms in the page, far below a frame's slice.
constexpr std::size_t kSentencesPerUnit = 4;

}  // namespace

int unique_argmax(const Matrix& weights, Eigen::Index row) {
  Eigen::Index best = 0;
  const double mx = weights.row(row).maxCoeff(&best);
  for (Eigen::Index j = 0; j < weights.cols(); ++j)
    if (j != best && weights(row, j) == mx) return -1;
  return static_cast<int>(best);
}

void EvalSum::add(Seq2Seq& model, const translation::Pair& p) {
  ++sentences_;
  exact_ += model.translate(p.english).output == p.vashi;
  const SentenceAttention tf = model.teacher_forced(p);
  for (int t : translation::scored_positions(p)) {
    ++scored_;
    peaked_ += unique_argmax(tf.weights, t) == p.src[static_cast<std::size_t>(t)];
  }
}

Evaluation EvalSum::result() const {
  Evaluation ev;
  ev.sentences = sentences_;
  ev.exact_match = sentences_ ? static_cast<double>(exact_) / sentences_ : 0;
  ev.attention_accuracy = scored_ ? static_cast<double>(peaked_) / scored_ : 0;
  return ev;
}

Evaluation evaluate(Seq2Seq& model, const std::vector<translation::Pair>& pairs) {
  EvalSum sum;
  for (const translation::Pair& p : pairs) sum.add(model, p);
  return sum.result();
}

Trainer::Trainer(const TrainConfig& cfg)
    : UnitTrainer(cfg.steps),
      cfg_(cfg),
      model_(cfg.model, cfg.seed),
      data_rng_(cfg.seed ^ kDataSalt) {
  Rng held(cfg.seed ^ kHeldoutSalt);
  for (int i = 0; i < cfg.heldout; ++i) heldout_.push_back(translation::generate(held));
}

void Trainer::begin_step() {
  model_.params().zero_grad();
  batch_.clear();
  tokens_ = 0;
  for (int i = 0; i < cfg_.batch; ++i) {
    batch_.push_back(translation::generate(data_rng_));
    tokens_ += static_cast<int>(batch_.back().vashi.size()) + 1;
  }
  next_ = 0;
  loss_ = 0;
}

void Trainer::unit() {
  if (evaluating_) {
    const std::size_t n =
        cfg_.eval_sentences < 0
            ? heldout_.size()
            : std::min(heldout_.size(), static_cast<std::size_t>(cfg_.eval_sentences));
    const std::size_t end = std::min(n, eval_next_ + kSentencesPerUnit);
    for (; eval_next_ < end; ++eval_next_) eval_sum_.add(model_, heldout_[eval_next_]);
    if (eval_next_ >= n) {
      const Evaluation ev = eval_sum_.result();
      curve_.back().heldout = ev.exact_match;
      curve_.back().attention = ev.attention_accuracy;
      evaluating_ = false;
    }
    return;
  }
  if (step_ >= cfg_.steps) return;
  const double t0 = now_seconds();
  if (batch_.empty()) begin_step();
  const std::size_t end = std::min(batch_.size(), next_ + kSentencesPerUnit);
  for (; next_ < end; ++next_) loss_ += model_.loss(batch_[next_], 1.0 / tokens_, true);
  if (next_ == batch_.size()) {
    clip_gradients(model_.params(), cfg_.adam.clip_norm);
    ++step_;
    adam_step(model_.params(), cfg_.adam, step_);
    CurvePoint pt;
    pt.step = step_;
    pt.loss = loss_;
    curve_.push_back(pt);
    batch_.clear();
    if (step_ % cfg_.eval_every == 0 || step_ >= cfg_.steps) {
      evaluating_ = true;
      eval_next_ = 0;
      eval_sum_ = EvalSum{};
    }
  }
  seconds_ += now_seconds() - t0;
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
