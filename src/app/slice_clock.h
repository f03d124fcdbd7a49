// How long a model trains in one page frame, and the figures its view shows about that
// (steps per second, seconds with training running). Every model session owns one and
// calls slice_frame() once per frame, so the page stays drawn and answering while a model
// trains. No ImGui, no GL, no Emscripten.
#pragma once

#include <functional>

namespace ap {

struct SliceClock {
  // Training time per frame: at least min_seconds (at 30 frames a second an 8 ms slice
  // leaves 25 ms to drawing); on a page whose frames take longer anyway (a slow GPU, a
  // software renderer), rest_share × the rest of the frame, at most max_seconds. With
  // rest_share 1 training gets half of the time, with 0.5 a third.
  double min_seconds = 0.008;
  double max_seconds = 0.05;
  double rest_share = 1.0;

  double rest_seconds = 0;      // the rest of a frame, smoothed over frames while training
  double last_frame_at = -1;    // when the latest frame with training running began
  double last_slice = 0;        // training seconds in the latest frame
  double running_seconds = 0;   // wall-clock seconds with training running, drawing included
  double steps_per_second = 0;  // per second of training time, over the latest ≥ 0.25 s
  double seconds_accum = 0;     // training seconds and steps since steps_per_second was set
  int steps_accum = 0;
};

// One frame: when `running`, calls work(budget) once with this frame's budget in seconds
// (work returns the steps it completed) and keeps the figures; when not, only notes that
// the next running frame starts a new interval. Returns the steps completed.
int slice_frame(SliceClock& c, bool running, const std::function<int(double)>& work);

// A new run: the figures start again from zero; the budget's settings stay.
void slice_clock_restart(SliceClock& c);

// The budget slice_frame() would give the next frame (the tests read it).
double slice_budget(const SliceClock& c);

}  // namespace ap
