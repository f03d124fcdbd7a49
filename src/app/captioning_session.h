// The captioning view's model (the page's "Caption an image"): the run in progress (seed,
// scoring kind, Train / Pause / Step / Reset) and a scene the learner edits — two objects
// placed by dragging, their shapes and colours picked — whose image, greedy caption and
// per-word attention over the 16 patches follow each edit and each training step. The page
// calls captioning_frame() once per frame; it trains for a bounded time slice so drawing
// and input stay smooth. No ImGui, no GL, no Emscripten: src/ui/panel_captioning.cpp reads
// this and calls the functions below.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "app/slice_clock.h"
#include "models/captioning_trainer.h"

namespace ap {

struct CaptioningSession {
  bool open = false;  // the view is shown
  int seed = 1;       // for the next Reset (and the run made on first use)
  ScoringKind scoring = ScoringKind::Additive;
  // Training time per frame (the defaults: at least 8 ms; on a slow page as long as the
  // rest of the frame, at most 50 ms). The trainer works a few images at a time, so a slice
  // ends within a few milliseconds of its budget.
  SliceClock clock;
  std::unique_ptr<models::CaptioningTrainer> trainer;
  bool running = false;

  // clock.running_seconds when a quick evaluation first reached 90 % exact captions and
  // 90 % attention accuracy (−1 until then).
  double seconds_to_target = -1;

  // The scene being edited (any order; valid_scene keeps them apart and different) and the
  // seed of its pixel noise.
  std::array<captioning::Object, 2> objects = {captioning::Object{0, 0, 0, 1},
                                               captioning::Object{1, 2, 2, 3}};
  std::uint64_t noise_seed = 7;
  int word = 0;  // the caption word whose attention the image shows

  // Derived (captioning_refresh): the scene's image (32 × 32 × 3), the reference caption,
  // the model's caption and each word's attention over the patches.
  std::vector<double> image;
  std::string expected;
  models::CaptionResult result;
  int computed_step = -1;
  std::array<captioning::Object, 2> computed_objects{};
  std::uint64_t computed_noise = 0;
  std::uint64_t scene_rng = 4242;  // "New image" draws from this stream
};

void captioning_ensure(CaptioningSession& s);  // a run exists (made from the settings)
void captioning_reset(CaptioningSession& s);   // a fresh run from the settings
// Trains for a bounded slice when running (see clock); keeps the caption up to
// date. Returns the steps completed (often 0: a step may span frames).
int captioning_frame(CaptioningSession& s);
void captioning_step(CaptioningSession& s);  // one training step (the Step button)
// Recomputes the image and caption when the scene, the noise or the step changed.
void captioning_refresh(CaptioningSession& s);

// Moves object k (0 or 1) to cell (row, col); false (and nothing changes) when the cell is
// outside the grid or holds the other object.
bool captioning_move(CaptioningSession& s, int k, int row, int col);
// Sets object k's shape or colour; false when the two objects would become the same shape
// and colour.
bool captioning_set_look(CaptioningSession& s, int k, int shape, int color);
void captioning_new_image(CaptioningSession& s);  // a generated scene from scene_rng

// Whether the model's caption is the reference caption.
bool captioning_right(const CaptioningSession& s);
// The last held-out accuracy and attention accuracy measured, or −1.
double captioning_heldout(const CaptioningSession& s);
double captioning_attention(const CaptioningSession& s);

}  // namespace ap
