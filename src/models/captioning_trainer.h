// The captioning trainer, stepped by its caller like induction_trainer.h: the page gives it
// a time slice per frame (work()), the CLI and the tests loop until done(). The slice is
// kept at a fine grain: a step's batch (forward and backward of a few images at a time,
// their gradients summed, then one Adam update) and a due quick evaluation (a few greedy
// captions at a time) may span several frames, with exactly the maths of an uninterrupted
// step. A seed fixes the initial weights, the training images (an endless stream drawn
// from the seed) and the held-out images (drawn from a different seed), so a run is
// reproduced bit for bit on one build, however it is sliced.
#pragma once

#include <cstdint>
#include <vector>

#include "models/captioning_model.h"
#include "models/unit_trainer.h"

namespace ap::models {

struct CaptioningTrainConfig {
  std::uint64_t seed = 1;
  int steps = 1000;  // the fixed default step count the targets are judged at
  int batch = 32;
  AdamConfig adam;
  CaptioningConfig model;
  int heldout = 500;      // held-out images of the final evaluation
  int eval_every = 50;    // a quick evaluation for the live curves every this many steps
  int eval_images = 100;  // … on the first this many held-out images
};

struct CaptioningEvaluation {
  double accuracy = 0;            // share of held-out images captioned exactly right
  double attention_accuracy = 0;  // TASKS.md: colour and shape words' attention peaks at
                                  // their object's patch (a word not emitted counts wrong)
  int images = 0;
};

struct CaptioningCurvePoint {
  int step = 0;
  double loss = 0;        // mean training loss per caption of that step's batch
  double heldout = -1;    // exact-caption accuracy at this step, −1 when not evaluated
  double attention = -1;  // attention accuracy at this step, −1 when not evaluated
};

// Greedy captions of the examples against their reference captions.
CaptioningEvaluation captioning_evaluate(const CaptioningModel& model,
                                         const std::vector<captioning::Example>& examples);

// captioning_evaluate() one image at a time: add() each, then result().
class CaptioningEvalSum {
 public:
  void add(const CaptioningModel& model, const captioning::Example& ex);
  CaptioningEvaluation result() const;

 private:
  long right_ = 0, peaked_ = 0, scored_ = 0;
  int images_ = 0;
};

class CaptioningTrainer : public UnitTrainer {
 public:
  explicit CaptioningTrainer(const CaptioningTrainConfig& cfg);

  // Whether a step or its quick evaluation is part done (the model may be mid-step: its
  // gradients are partial sums, its parameters those of steps_done()).
  bool in_step() const { return !batch_.empty() || evaluating_; }

  CaptioningEvaluation evaluate_heldout(int images = -1) const;  // −1: all of cfg.heldout

  const CaptioningTrainConfig& config() const { return cfg_; }
  CaptioningModel& model() { return model_; }
  const CaptioningModel& model() const { return model_; }
  const std::vector<CaptioningCurvePoint>& curve() const { return curve_; }
  const std::vector<captioning::Example>& heldout() const { return heldout_; }

 private:
  CaptioningTrainConfig cfg_;
  CaptioningModel model_;
  Rng data_rng_;
  std::vector<captioning::Example> heldout_;
  std::vector<CaptioningCurvePoint> curve_;

  // One unit of work: the next few images of the step in progress (a new batch first; the
  // Adam update after its last image) or the next few images of the due quick evaluation.
  void unit() override;
  void begin_step();
  std::vector<captioning::Example> batch_;  // the step in progress, empty between steps
  std::size_t next_ = 0;                    // its next image
  double loss_ = 0;
  std::size_t eval_next_ = 0;
  CaptioningEvalSum eval_sum_;
};

}  // namespace ap::models
