// The per-frame training budget every model session uses (app/slice_clock.h): its bounds,
// that work runs only while training runs, and the figures the views show.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "app/slice_clock.h"

using namespace ap;

TEST_CASE("the slice follows the rest of the frame, within its bounds") {
  SliceClock c;  // 8 ms to 50 ms, as long as the rest of the frame
  CHECK(slice_budget(c) == doctest::Approx(0.008));  // a fast page: the minimum
  c.rest_seconds = 0.030;
  CHECK(slice_budget(c) == doctest::Approx(0.030));
  c.rest_seconds = 0.200;  // a software renderer's frame: capped
  CHECK(slice_budget(c) == doctest::Approx(0.05));
  SliceClock third{0.012, 0.05, 0.5};
  third.rest_seconds = 0.060;
  CHECK(slice_budget(third) == doctest::Approx(0.030));
  third.rest_seconds = 0.001;
  CHECK(slice_budget(third) == doctest::Approx(0.012));
  SliceClock whole{1e9, 0.05, 1.0};  // a minimum above the maximum wins (a test's whole run)
  CHECK(slice_budget(whole) == doctest::Approx(1e9));
}

TEST_CASE("work runs only while training runs; the figures follow the frames") {
  SliceClock c;
  int calls = 0;
  double asked = -1;
  auto work = [&](double budget) {
    ++calls;
    asked = budget;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return 3;
  };
  CHECK(slice_frame(c, false, work) == 0);
  CHECK(calls == 0);
  CHECK(c.last_frame_at < 0);
  int steps = 0;
  for (int i = 0; i < 20; ++i) {
    steps += slice_frame(c, true, work);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // "drawing"
  }
  CHECK(calls == 20);
  CHECK(steps == 60);
  CHECK(asked >= 0.008);
  CHECK(c.last_slice >= 0.019);
  // About 3 steps per 20 ms of training: 150 a second (sleeps only overshoot).
  CHECK(c.steps_per_second > 50);
  CHECK(c.steps_per_second <= 151);
  // 19 intervals of at least 30 ms each, drawing included.
  CHECK(c.running_seconds >= 19 * 0.029);
  CHECK(c.rest_seconds > 0.0);
  // A pause ends the interval: the paused time is not counted as running.
  slice_frame(c, false, work);
  const double running = c.running_seconds;
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  slice_frame(c, true, work);
  CHECK(c.running_seconds == running);
  // A new run starts the figures again and keeps the settings.
  SliceClock s{0.012, 0.05, 0.5};
  slice_frame(s, true, work);
  slice_frame(s, true, work);
  slice_clock_restart(s);
  CHECK(s.running_seconds == 0);
  CHECK(s.last_frame_at < 0);
  CHECK(s.min_seconds == 0.012);
  CHECK(s.rest_share == 0.5);
}
