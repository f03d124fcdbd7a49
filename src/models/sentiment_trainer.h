// The sentiment trainer, stepped by its caller like models/trainer.h: the page gives it a
// time slice per frame (work(0.008)), the CLI and the tests loop until done(). A seed fixes
// the initial weights, the order of the training reviews (an endless stream drawn from the
// seed) and the held-out set (drawn from a different seed), so a run is reproduced bit for
// bit on one build.
#pragma once

#include <cstdint>
#include <vector>

#include "models/sentiment_model.h"
#include "models/trainer.h"  // CurvePoint, unique_argmax

namespace ap::models {

struct SentimentTrainConfig {
  std::uint64_t seed = 1;
  int steps = 300;  // the fixed default step count the targets are judged at
  int batch = 32;
  AdamConfig adam;
  SentimentConfig model;
  int heldout = 1000;      // held-out reviews of the final evaluation
  int eval_every = 25;     // a quick evaluation for the live curves every this many steps
  int eval_reviews = 200;  // … on the first this many held-out reviews
};

struct SentimentEvaluation {
  double accuracy = 0;            // share of held-out reviews labelled right
  double attention_accuracy = 0;  // TASKS.md: reviews whose pooling peaks at a target word
  int reviews = 0;
};

// Label accuracy and attention accuracy (the most-attended word, ties wrong, is one of the
// review's attention_targets) of `model` over `reviews`.
SentimentEvaluation evaluate(const SentimentModel& model,
                             const std::vector<sentiment::Review>& reviews);

class SentimentTrainer : public UnitTrainer {
 public:
  explicit SentimentTrainer(const SentimentTrainConfig& cfg);

  SentimentEvaluation evaluate_heldout(int reviews = -1) const;  // −1: all of cfg.heldout

  const SentimentTrainConfig& config() const { return cfg_; }
  SentimentModel& model() { return model_; }
  const SentimentModel& model() const { return model_; }
  const std::vector<CurvePoint>& curve() const { return curve_; }  // heldout = accuracy
  const std::vector<sentiment::Review>& heldout() const { return heldout_; }

 private:
  // One unit of work is one whole Adam step on a fresh batch, and its quick evaluation when
  // due (a step here takes a few milliseconds).
  void unit() override;
  SentimentTrainConfig cfg_;
  SentimentModel model_;
  Rng data_rng_;
  std::vector<sentiment::Review> heldout_;
  std::vector<CurvePoint> curve_;
};

}  // namespace ap::models
