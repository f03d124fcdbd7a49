// The induction view's model (the page's "Train a transformer: induction heads"): settings,
// the run in progress, the chosen held-out sequence with every head's live attention map,
// head ablation with its effect on accuracy. The page calls induction_frame() once per
// frame; it trains for a bounded time slice so drawing and input stay smooth. No ImGui, no
// GL, no Emscripten: src/ui/panel_induction.cpp reads this and calls the functions below.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/slice_clock.h"
#include "models/induction_trainer.h"
#include "state/state.h"

namespace ap {

// The circuit of a model with two layers or more: the layer-1 head with the best
// previous-token score (P), the layer-2 head with the best induction score (I), and the
// accuracy and head scores on the quick-evaluation sequences with P's output cut from the
// stream that layer 2 reads for its keys, its queries or its values (models::PathCut), and
// with all of layer 1 cut from its keys (some seeds share P's job between two heads).
struct InductionCircuit {
  int step = -1;                    // the training step it was measured at; −1: not measured
  bool ablation = false;            // measured with some head ablated
  int prev_head = 0, ind_head = 0;  // P in layer 1, I in layer 2 (0-based)
  models::InductionEval whole, keys, queries, values;
  models::InductionEval layer_keys;  // every layer-1 head cut from layer 2's keys
};

struct InductionSession {
  bool open = false;  // the induction view is shown
  // Settings for the next Reset (and the run made on first use).
  ScoringKind scoring = ScoringKind::ScaledDot;
  int seed = 1;
  int layers = 2;
  int steps = 1000;
  // Training time per frame: at least 12 ms (at 30 frames a second that leaves 21 ms of each
  // frame to drawing); on a page whose frames take longer anyway, half of what the rest of
  // the frame takes (training then gets a third of the time), at most 50 ms.
  SliceClock clock{0.012, 0.05, 0.5};

  std::unique_ptr<models::InductionTrainer> trainer;
  bool running = false;

  int sequence = 0;                  // the held-out sequence whose maps are shown
  models::TransformerForward shown;  // its forward pass at the current step and ablation
  std::vector<std::string> labels;   // its tokens as "s3", …
  int shown_step = -1;
  bool shown_dirty = true;  // the ablation changed since `shown` was made

  // Held-out accuracy with the current ablation (on the quick-evaluation sequences);
  // −1 until measured. Measured when the ablation changes; while training, the run's own
  // quick evaluations (made with the same ablation) take over.
  double ablated_accuracy = -1;
  int ablated_step = -1;

  // clock.running_seconds when a quick evaluation first reached 95 % accuracy (−1 until).
  double seconds_to_95 = -1;

  // Measured when training is paused and the step or the ablation changed (2 layers only).
  InductionCircuit circuit;
};

void induction_ensure(InductionSession& s);  // a run exists (made from the settings)
void induction_reset(InductionSession& s);   // a fresh run from the settings
// Sets Layers (1 or 2, as the view's control) and, when the run has another number of
// layers, makes a fresh run from the settings (the view's Reset).
void induction_set_layers(InductionSession& s, int layers);
// Trains for this frame's slice (s.clock) when running; keeps the shown maps up to date.
// Returns the steps taken.
int induction_frame(InductionSession& s);
// Zeroes (or restores) one head's output; the maps and the ablated accuracy follow.
void induction_set_ablated(InductionSession& s, int layer, int head, bool ablated);
bool induction_any_ablated(const InductionSession& s);
// The last quick evaluation of the run (accuracy, per-head scores), or nullptr.
const models::InductionEval* induction_last_eval(const InductionSession& s);
// Measures s.circuit now (four evaluations); no-op with one layer.
void induction_measure_circuit(InductionSession& s);
// One head's Q, K, V, scoring parameters and causal mask over the shown sequence, its
// tokens as labels: what "Open in playground" loads. An error when there is none.
Decoded<State> induction_playground_state(const InductionSession& s, int layer, int head);

}  // namespace ap
