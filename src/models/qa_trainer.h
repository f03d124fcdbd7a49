// The question-answering trainer, stepped by its caller like trainer.h: the page gives it
// a time slice per frame (work(0.008)), the CLI and the tests loop until done(). A seed
// fixes the initial weights, the order of the training stories (an endless stream drawn
// from the seed) and the held-out set (drawn from a different seed), so a run is
// reproduced bit for bit on one build.
#pragma once

#include <cstdint>
#include <vector>

#include "models/qa_model.h"
#include "models/unit_trainer.h"

namespace ap::models {

struct QaTrainConfig {
  std::uint64_t seed = 1;
  int steps = 600;  // the fixed default step count the targets are judged at
  int batch = 32;
  AdamConfig adam;
  QaModelConfig model;
  int heldout = 1000;      // held-out stories of the final evaluation
  int eval_every = 25;     // a quick evaluation for the live curves every this many steps
  int eval_stories = 200;  // … on the first this many held-out stories
};

struct QaEvaluation {
  double accuracy = 0;            // share of held-out stories answered right
  double attention_accuracy = 0;  // TASKS.md: the last hop's attention peaks at the support
  int stories = 0;
};

struct QaCurvePoint {
  int step = 0;
  double loss = 0;        // mean training loss of that step's batch
  double heldout = -1;    // held-out accuracy at this step, −1 when not evaluated
  double attention = -1;  // attention accuracy at this step, −1 when not evaluated
};

QaEvaluation qa_evaluate(const QaModel& model, const std::vector<qa::Story>& stories);

class QaTrainer : public UnitTrainer {
 public:
  explicit QaTrainer(const QaTrainConfig& cfg);

  QaEvaluation evaluate_heldout(int stories = -1) const;  // −1: all of cfg.heldout

  const QaTrainConfig& config() const { return cfg_; }
  QaModel& model() { return model_; }
  const QaModel& model() const { return model_; }
  const std::vector<QaCurvePoint>& curve() const { return curve_; }
  const std::vector<qa::Story>& heldout() const { return heldout_; }

 private:
  // One unit of work is one whole Adam step on a fresh batch, and its quick evaluation when
  // due (a step here takes a few milliseconds).
  void unit() override;
  QaTrainConfig cfg_;
  QaModel model_;
  Rng data_rng_;
  std::vector<qa::Story> heldout_;
  std::vector<QaCurvePoint> curve_;
};

}  // namespace ap::models
