// The stepped induction trainer of induction_trainer.h and its TASKS.md evaluation.
#include "models/induction_trainer.h"

#include <algorithm>
#include <chrono>

#include "models/trainer.h"

namespace ap::models {
namespace {

// The held-out stream differs from every training seed's stream by construction.
constexpr std::uint64_t kHeldoutSalt = 0x1D0C7105EEDull;
constexpr std::uint64_t kDataSalt = 0x5E9DA7Aull;

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

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

InductionEval evaluate_induction(const Transformer& model,
                                 const std::vector<induction::Sequence>& seqs) {
  const TransformerConfig& mc = model.config();
  const std::size_t nheads =
      static_cast<std::size_t>(mc.layers) * static_cast<std::size_t>(mc.heads);
  InductionEval ev;
  ev.previous_token.assign(nheads, 0.0);
  ev.induction.assign(nheads, 0.0);
  int scored = 0, right = 0, peaked = 0;
  for (const induction::Sequence& s : seqs) {
    const TransformerForward f = model.forward(s.tokens);
    const std::vector<int> pred = greedy_predictions(f);
    Matrix mean = Transformer::attention(f, mc.layers - 1, 0);
    for (int h = 1; h < mc.heads; ++h) mean += Transformer::attention(f, mc.layers - 1, h);
    for (int i = induction::first_scored(s); i <= induction::last_scored(s); ++i) {
      ++scored;
      right += pred[static_cast<std::size_t>(i)] == s.tokens[static_cast<std::size_t>(i) + 1];
      peaked += unique_argmax(mean, i) == i - s.segment + 1;
    }
    for (int l = 0; l < mc.layers; ++l)
      for (int h = 0; h < mc.heads; ++h) {
        const Matrix& A = Transformer::attention(f, l, h);
        const std::size_t k = static_cast<std::size_t>(l) * static_cast<std::size_t>(mc.heads) +
                              static_cast<std::size_t>(h);
        ev.previous_token[k] += induction::previous_token_score(A);
        ev.induction[k] += induction::induction_score(A, s.segment);
      }
  }
  ev.sequences = static_cast<int>(seqs.size());
  if (!seqs.empty()) {
    for (double& x : ev.previous_token) x /= static_cast<double>(seqs.size());
    for (double& x : ev.induction) x /= static_cast<double>(seqs.size());
  }
  ev.accuracy = scored ? static_cast<double>(right) / scored : 0;
  ev.attention_accuracy = scored ? static_cast<double>(peaked) / scored : 0;
  return ev;
}

InductionTrainer::InductionTrainer(const InductionConfig& cfg)
    : cfg_(cfg), model_(cfg.model, cfg.seed), data_rng_(cfg.seed ^ kDataSalt) {
  Rng held(cfg.seed ^ kHeldoutSalt);
  for (int i = 0; i < cfg.heldout; ++i) heldout_.push_back(induction::generate(held));
}

void InductionTrainer::step() {
  if (done()) return;
  const double t0 = now_seconds();
  model_.params().zero_grad();
  std::vector<induction::Sequence> batch;
  std::vector<int> offsets;
  int predictions = 0;
  for (int i = 0; i < cfg_.batch; ++i) {
    batch.push_back(induction::generate(data_rng_));
    const int n = static_cast<int>(batch.back().tokens.size());
    const int room = std::max(0, cfg_.model.context - n);
    // u² leans toward small offsets: the first positions (where the page and the CLI
    // start) are trained often, and absolute position still says little about L.
    const double u = data_rng_.uniform();
    offsets.push_back(cfg_.random_offsets ? static_cast<int>(u * u * (room + 1)) : 0);
    predictions += n - 1;
  }
  double loss = 0;
  for (std::size_t i = 0; i < batch.size(); ++i)
    loss += model_.loss(batch[i].tokens, 1.0 / predictions, true, offsets[i]);
  clip_gradients(model_.params(), cfg_.adam.clip_norm);
  ++step_;
  adam_step(model_.params(), cfg_.adam, step_);
  InductionPoint pt;
  pt.step = step_;
  pt.loss = loss;
  seconds_ += now_seconds() - t0;
  if (step_ % cfg_.eval_every == 0 || done()) {
    pt.evaluated = true;
    pt.eval = evaluate_heldout(cfg_.eval_sequences);
  }
  curve_.push_back(pt);
}

int InductionTrainer::work(double budget_seconds) {
  const double start = now_seconds();
  int n = 0;
  while (!done()) {
    step();
    ++n;
    if (now_seconds() - start >= budget_seconds) break;
  }
  return n;
}

InductionEval InductionTrainer::evaluate_heldout(int sequences) const {
  const std::size_t n = sequences < 0
                            ? heldout_.size()
                            : std::min(heldout_.size(), static_cast<std::size_t>(sequences));
  const std::vector<induction::Sequence> subset(heldout_.begin(),
                                                heldout_.begin() + static_cast<std::ptrdiff_t>(n));
  return evaluate_induction(model_, subset);
}

}  // namespace ap::models
