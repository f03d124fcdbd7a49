// The stepped induction trainer of induction_trainer.h and its TASKS.md evaluation.
#include "models/induction_trainer.h"

#include <algorithm>

#include "models/trainer.h"

namespace ap::models {
namespace {

// The held-out stream differs from every training seed's stream by construction.
constexpr std::uint64_t kHeldoutSalt = 0x1D0C7105EEDull;
constexpr std::uint64_t kDataSalt = 0x5E9DA7Aull;
// Training sequences per unit of work (one batched forward and backward): small enough that
// a unit stays well inside a frame's slice in the page.
constexpr std::size_t kSequencesPerUnit = 8;

}  // namespace

std::vector<int> greedy_predictions(const TransformerForward& f) {
  std::vector<int> out;
  for (Eigen::Index i = 0; i < f.logits.rows(); ++i) {
    Eigen::Index best = 0;
    const double mx = f.logits.row(i).maxCoeff(&best);
    int pick = static_cast<int>(best);
    for (Eigen::Index j = 0; j < f.logits.cols(); ++j)
      if (j != best && f.logits(i, j) == mx) pick = -1;
    out.push_back(pick);
  }
  return out;
}

InductionEvalSum::InductionEvalSum(const TransformerConfig& mc) : mc_(mc) {
  const std::size_t nheads =
      static_cast<std::size_t>(mc.layers) * static_cast<std::size_t>(mc.heads);
  sum_.previous_token.assign(nheads, 0.0);
  sum_.induction.assign(nheads, 0.0);
}

void InductionEvalSum::add(const Transformer& model, const induction::Sequence& s,
                           const PathCut* cut) {
  const TransformerForward f = cut ? model.forward_cut(s.tokens, *cut) : model.forward(s.tokens);
  const std::vector<int> pred = greedy_predictions(f);
  Matrix mean = Transformer::attention(f, mc_.layers - 1, 0);
  for (int h = 1; h < mc_.heads; ++h) mean += Transformer::attention(f, mc_.layers - 1, h);
  for (int i = induction::first_scored(s); i <= induction::last_scored(s); ++i) {
    ++scored_;
    right_ += pred[static_cast<std::size_t>(i)] == s.tokens[static_cast<std::size_t>(i) + 1];
    peaked_ += unique_argmax(mean, i) == i - s.segment + 1;
  }
  for (int l = 0; l < mc_.layers; ++l)
    for (int h = 0; h < mc_.heads; ++h) {
      const Matrix& A = Transformer::attention(f, l, h);
      const std::size_t k = static_cast<std::size_t>(l) * static_cast<std::size_t>(mc_.heads) +
                            static_cast<std::size_t>(h);
      sum_.previous_token[k] += induction::previous_token_score(A);
      sum_.induction[k] += induction::induction_score(A, s.segment);
    }
  ++sum_.sequences;
}

InductionEval InductionEvalSum::result() const {
  InductionEval ev = sum_;
  if (ev.sequences > 0) {
    for (double& x : ev.previous_token) x /= static_cast<double>(ev.sequences);
    for (double& x : ev.induction) x /= static_cast<double>(ev.sequences);
  }
  ev.accuracy = scored_ ? static_cast<double>(right_) / scored_ : 0;
  ev.attention_accuracy = scored_ ? static_cast<double>(peaked_) / scored_ : 0;
  return ev;
}

InductionEval evaluate_induction(const Transformer& model,
                                 const std::vector<induction::Sequence>& seqs, const PathCut* cut) {
  InductionEvalSum sum(model.config());
  for (const induction::Sequence& s : seqs) sum.add(model, s, cut);
  return sum.result();
}

InductionTrainer::InductionTrainer(const InductionConfig& cfg)
    : UnitTrainer(cfg.steps),
      cfg_(cfg),
      model_(cfg.model, cfg.seed),
      data_rng_(cfg.seed ^ kDataSalt),
      eval_sum_(cfg.model) {
  Rng held(cfg.seed ^ kHeldoutSalt);
  for (int i = 0; i < cfg.heldout; ++i) heldout_.push_back(induction::generate(held));
}

void InductionTrainer::begin_step() {
  model_.params().zero_grad();
  batch_.clear();
  offsets_.clear();
  next_ = 0;
  predictions_ = 0;
  loss_ = 0;
  for (int i = 0; i < cfg_.batch; ++i) {
    batch_.push_back(induction::generate(data_rng_));
    const int n = static_cast<int>(batch_.back().tokens.size());
    const int room = std::max(0, cfg_.model.context - n);
    // u² leans toward small offsets: the first positions (where the page and the CLI
    // start) are trained often, and absolute position still says little about L.
    const double u = data_rng_.uniform();
    offsets_.push_back(cfg_.random_offsets ? static_cast<int>(u * u * (room + 1)) : 0);
    predictions_ += n - 1;
  }
}

void InductionTrainer::unit() {
  if (evaluating_) {
    const std::size_t n = std::min(heldout_.size(), static_cast<std::size_t>(cfg_.eval_sequences));
    if (eval_next_ < n) eval_sum_.add(model_, heldout_[eval_next_++]);
    if (eval_next_ >= n) {
      curve_.back().evaluated = true;
      curve_.back().eval = eval_sum_.result();
      evaluating_ = false;
    }
    return;
  }
  if (step_ >= cfg_.steps) return;
  const double t0 = now_seconds();
  if (batch_.empty()) begin_step();
  // A few sequences per unit in one batched pass: fewer, larger matrix products.
  const std::size_t end = std::min(batch_.size(), next_ + kSequencesPerUnit);
  std::vector<std::vector<int>> seqs;
  for (std::size_t i = next_; i < end; ++i) seqs.push_back(batch_[i].tokens);
  const std::vector<int> offsets(offsets_.begin() + static_cast<std::ptrdiff_t>(next_),
                                 offsets_.begin() + static_cast<std::ptrdiff_t>(end));
  loss_ += model_.loss_batch(seqs, offsets, 1.0 / predictions_, true);
  next_ = end;
  if (next_ == batch_.size()) {
    clip_gradients(model_.params(), cfg_.adam.clip_norm);
    ++step_;
    const double scale = step_ > cfg_.sharpen_from ? cfg_.sharpen_lr : 1.0;
    for (const char* name : {"layer0.Wq", "layer0.Wk"})
      if (Param* p = model_.params().find(name)) p->lr_scale = scale;
    adam_step(model_.params(), cfg_.adam, step_);
    InductionPoint pt;
    pt.step = step_;
    pt.loss = loss_;
    curve_.push_back(pt);
    batch_.clear();
    if (step_ % cfg_.eval_every == 0 || step_ >= cfg_.steps) {
      evaluating_ = true;
      eval_next_ = 0;
      eval_sum_ = InductionEvalSum(cfg_.model);
    }
  }
  seconds_ += now_seconds() - t0;
}

InductionEval InductionTrainer::evaluate_heldout(int sequences, const PathCut* cut) const {
  const std::size_t n = sequences < 0
                            ? heldout_.size()
                            : std::min(heldout_.size(), static_cast<std::size_t>(sequences));
  const std::vector<induction::Sequence> subset(heldout_.begin(),
                                                heldout_.begin() + static_cast<std::ptrdiff_t>(n));
  return evaluate_induction(model_, subset, cut);
}

}  // namespace ap::models
