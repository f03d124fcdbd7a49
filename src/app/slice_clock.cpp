// The per-frame training budget of slice_clock.h.
#include "app/slice_clock.h"

#include <algorithm>
#include <chrono>

namespace ap {
namespace {

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Steps per second are recomputed after this much training time, so the figure is steady.
constexpr double kRateWindowSeconds = 0.25;

}  // namespace

void slice_clock_restart(SliceClock& c) {
  const SliceClock fresh{c.min_seconds, c.max_seconds, c.rest_share};
  c = fresh;
}

double slice_budget(const SliceClock& c) {
  return std::clamp(c.rest_share * c.rest_seconds, c.min_seconds,
                    std::max(c.min_seconds, c.max_seconds));
}

int slice_frame(SliceClock& c, bool running, const std::function<int(double)>& work) {
  const double frame_at = now_seconds();
  if (running && c.last_frame_at >= 0) {
    const double frame = frame_at - c.last_frame_at;
    c.running_seconds += frame;
    c.rest_seconds = 0.8 * c.rest_seconds + 0.2 * std::max(0.0, frame - c.last_slice);
  }
  c.last_frame_at = running ? frame_at : -1;
  c.last_slice = 0;
  if (!running) return 0;
  const double t0 = now_seconds();
  const int steps = work(slice_budget(c));
  c.last_slice = now_seconds() - t0;
  c.seconds_accum += c.last_slice;
  c.steps_accum += steps;
  if (c.seconds_accum > kRateWindowSeconds) {
    c.steps_per_second = c.steps_accum / c.seconds_accum;
    c.seconds_accum = 0;
    c.steps_accum = 0;
  }
  return steps;
}

}  // namespace ap
