// The induction view's model (the page's "Train a transformer: induction heads"): settings,
// the run in progress, the chosen held-out sequence with every head's live attention map,
// head ablation with its effect on accuracy. The page calls induction_frame() once per
// frame; it trains for a bounded time slice so drawing and input stay smooth. No ImGui, no
// GL, no Emscripten: src/ui/panel_induction.cpp reads this and calls the functions below.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "models/induction_trainer.h"

namespace ap {

struct InductionSession {
  bool open = false;  // the induction view is shown
  // Settings for the next Reset (and the run made on first use).
  ScoringKind scoring = ScoringKind::ScaledDot;
  int seed = 1;
  int layers = 2;
  int steps = 1000;
  double slice_seconds = 0.008;  // training time per frame

  std::unique_ptr<models::InductionTrainer> trainer;
  bool running = false;

  int sequence = 0;                  // the held-out sequence whose maps are shown
  models::TransformerForward shown;  // its forward pass at the current step and ablation
  std::vector<std::string> labels;   // its tokens as "s3", …
  int shown_step = -1;
  bool shown_dirty = true;  // the ablation changed since `shown` was made

  // Held-out accuracy with the current ablation (on the quick-evaluation sequences);
  // −1 until measured. Measured when the ablation changes and after training steps.
  double ablated_accuracy = -1;
  int ablated_step = -1;

  double steps_per_second = 0;
  double frame_seconds_accum = 0;
  int frame_steps_accum = 0;
};

void induction_ensure(InductionSession& s);  // a run exists (made from the settings)
void induction_reset(InductionSession& s);   // a fresh run from the settings
// Trains for at most s.slice_seconds when running; keeps the shown maps up to date.
// Returns the steps taken.
int induction_frame(InductionSession& s);
// Zeroes (or restores) one head's output; the maps and the ablated accuracy follow.
void induction_set_ablated(InductionSession& s, int layer, int head, bool ablated);
bool induction_any_ablated(const InductionSession& s);
// The last quick evaluation of the run (accuracy, per-head scores), or nullptr.
const models::InductionEval* induction_last_eval(const InductionSession& s);

}  // namespace ap
