// The translation trainer, stepped by its caller: the page gives it a time slice per frame
// (work(0.008)), the CLI and the tests loop until done(). A slice can end inside a step (a
// few sentences of its batch at a time) or inside its quick evaluation, so a frame never
// waits for a whole batch; the maths is the same as whole steps, in the same order. A seed fixes
// the initial weights, the order of the training data (an endless stream drawn from the seed) and
// the held-out set (drawn from a different seed), so a run is reproduced bit for bit on one build.
#pragma once

#include <cstdint>
#include <vector>

#include "models/seq2seq.h"
#include "models/unit_trainer.h"

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

// evaluate() one sentence at a time: add() each, then result().
class EvalSum {
 public:
  void add(Seq2Seq& model, const translation::Pair& p);
  Evaluation result() const;

 private:
  int exact_ = 0, scored_ = 0, peaked_ = 0, sentences_ = 0;
};

// Argmax of a weight row; −1 when the maximum is tied (ties count as wrong).
int unique_argmax(const Matrix& weights, Eigen::Index row);

class Trainer : public UnitTrainer {
 public:
  explicit Trainer(const TrainConfig& cfg);

  // Whether a step or its quick evaluation is part done (the model may be mid-step: its
  // gradients are partial sums, its parameters those of steps_done()).
  bool in_step() const { return !batch_.empty() || evaluating_; }

  Evaluation evaluate_heldout(int sentences = -1);  // −1: all of cfg.heldout

  const TrainConfig& config() const { return cfg_; }
  Seq2Seq& model() { return model_; }
  const std::vector<CurvePoint>& curve() const { return curve_; }
  const std::vector<translation::Pair>& heldout() const { return heldout_; }

 private:
  TrainConfig cfg_;
  Seq2Seq model_;
  Rng data_rng_;
  std::vector<translation::Pair> heldout_;
  std::vector<CurvePoint> curve_;

  // One unit of work: the next few sentences of the step in progress (a new batch first;
  // the Adam update after its last sentence) or of the due quick evaluation.
  void unit() override;
  void begin_step();
  std::vector<translation::Pair> batch_;  // the step in progress, empty between steps
  std::size_t next_ = 0;                  // its next sentence
  int tokens_ = 0;                        // target tokens of the batch (the loss's divisor)
  double loss_ = 0;
  std::size_t eval_next_ = 0;
  EvalSum eval_sum_;
};

}  // namespace ap::models
