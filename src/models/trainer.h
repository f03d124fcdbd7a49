// The translation trainer, stepped by its caller: the page gives it a time slice per frame
// (work(0.008)), the CLI and the tests loop until done(). A seed fixes the initial weights,
// the order of the training data (an endless stream drawn from the seed) and the held-out
// set (drawn from a different seed), so a run is reproduced bit for bit on one build.
#pragma once

#include <cstdint>
#include <vector>

#include "models/seq2seq.h"

namespace ap::models {

struct TrainConfig {
  std::uint64_t seed = 1;
  int steps = 400;  // the fixed default step count the targets are judged at
  int batch = 32;
  AdamConfig adam;
  Seq2SeqConfig model;
  int heldout = 500;         // held-out sentences of the final evaluation
  int eval_every = 25;       // a quick evaluation for the live curves every this many steps
  int eval_sentences = 100;  // … on the first this many held-out sentences
};

struct Evaluation {
  double exact_match = 0;         // share of held-out sentences translated exactly (greedy)
  double attention_accuracy = 0;  // TASKS.md: scored positions whose attention peaks at src(t)
  int sentences = 0;
};

struct CurvePoint {
  int step = 0;
  double loss = 0;        // mean per-token training loss of that step's batch
  double heldout = -1;    // exact match at this step, −1 when not evaluated
  double attention = -1;  // attention accuracy at this step, −1 when not evaluated
};

// Exact match and attention accuracy of `model` over `pairs`. Attention accuracy is taken
// with the reference prefix fed to the decoder, so row t is the step that emits word t.
Evaluation evaluate(Seq2Seq& model, const std::vector<translation::Pair>& pairs);

// Argmax of a weight row; −1 when the maximum is tied (ties count as wrong).
int unique_argmax(const Matrix& weights, Eigen::Index row);

class Trainer {
 public:
  explicit Trainer(const TrainConfig& cfg);

  // One Adam step on a fresh batch; no-op once done().
  void step();
  // Steps (with the due quick evaluations) until `budget_seconds` have passed or the run is
  // done; at least one step when not done. Returns the steps taken.
  int work(double budget_seconds);
  bool done() const { return step_ >= cfg_.steps; }

  Evaluation evaluate_heldout(int sentences = -1);  // −1: all of cfg.heldout

  int steps_done() const { return step_; }
  const TrainConfig& config() const { return cfg_; }
  Seq2Seq& model() { return model_; }
  const std::vector<CurvePoint>& curve() const { return curve_; }
  const std::vector<translation::Pair>& heldout() const { return heldout_; }
  double train_seconds() const { return seconds_; }

 private:
  TrainConfig cfg_;
  Seq2Seq model_;
  Rng data_rng_;
  std::vector<translation::Pair> heldout_;
  std::vector<CurvePoint> curve_;
  int step_ = 0;
  double seconds_ = 0;
};

}  // namespace ap::models
