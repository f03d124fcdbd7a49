// The training view's model (the page's "Train a translator"): settings, the run in
// progress, finished runs kept for comparison, the chosen held-out sentence and its
// alignment, a typed sentence and its translation. The page calls training_frame() once
// per frame; it trains for a bounded time slice so drawing and input stay smooth. No ImGui,
// no GL, no Emscripten: the views in src/ui read this and call the functions below.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/slice_clock.h"
#include "models/trainer.h"
#include "state/state.h"

namespace ap {

struct FinishedRun {
  std::string label;  // e.g. "additive, seed 1"
  ScoringKind scoring = ScoringKind::Additive;
  std::uint64_t seed = 0;
  std::vector<models::CurvePoint> curve;
};

struct TrainingSession {
  bool open = false;  // the training view is shown
  // Settings for the next Reset (and the run made on first use).
  ScoringKind scoring = ScoringKind::Additive;
  int seed = 1;
  float learning_rate = 0.01f;
  int steps = 400;
  SliceClock clock;  // training time per frame, steps per second

  std::unique_ptr<models::Trainer> trainer;
  bool running = false;
  std::vector<FinishedRun> finished;  // earlier runs, newest last

  int sentence = 0;                 // the held-out sentence whose alignment is shown
  models::SentenceAttention shown;  // its greedy translation and attention, current step
  int shown_step = -1;              // the step `shown` was computed at
  std::string typed = "the big red dog chases a small cat";
  models::SentenceAttention typed_result;
  std::string typed_error;  // names unknown words, or the grammar problem
  int typed_step = -1;
  std::string typed_seen;

  double first_train_seconds = -1;  // training seconds when held-out exact match first ≥ 90 %
};

// Starts a fresh run from the settings (keeping a finished or stopped run's curve for
// comparison when it took any steps).
void training_reset(TrainingSession& t);
void training_ensure(TrainingSession& t);  // a run exists (made from the settings)
void training_step_once(TrainingSession& t);
// Trains for this frame's slice (t.clock) when running; keeps the shown alignment and the
// typed sentence's translation up to date. Returns the steps taken.
int training_frame(TrainingSession& t);

// The last held-out exact match and attention accuracy measured, or −1.
double training_heldout(const TrainingSession& t);
double training_attention(const TrainingSession& t);

// A State holding the model's attention for the shown held-out sentence (or, when
// `typed`, the typed sentence) at this step: Q (decoder states), K (encoder states), V
// (word embeddings), the scoring kind with its trained parameters, Vashi words as query
// labels and English words as key labels; or the reason there is none.
Decoded<State> training_playground_state(const TrainingSession& t, bool typed = false);

}  // namespace ap
