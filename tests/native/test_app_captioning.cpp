// The captioning session (src/app/captioning_session.h): the learner's edits keep the
// scene valid (two cells, not two identical objects), the image, the reference caption and
// the model's caption follow every edit and every step, and the shown word stays in range.
#include <doctest/doctest.h>

#include "app/captioning_session.h"

using namespace ap;

TEST_CASE("captioning session: edits keep the scene valid and the caption follows") {
  CaptioningSession s;
  captioning_ensure(s);
  REQUIRE(s.trainer);
  captioning_refresh(s);
  CHECK(s.expected == "a red circle above a blue square");
  REQUIRE(s.image.size() == 32u * 32u * 3u);
  // The image is the scene's: a red pixel at the centre of cell (0, 1).
  const auto px = [&](int y, int x, int c) {
    return s.image[static_cast<std::size_t>((y * 32 + x) * 3 + c)];
  };
  CHECK(px(3, 8 + 3, 0) > 0.9);
  CHECK(px(3, 8 + 3, 1) < 0.3);
  // Dragging object 2 to the first row puts it in the caption's relation.
  CHECK(captioning_move(s, 1, 0, 3));
  captioning_refresh(s);
  CHECK(s.expected == "a red circle left of a blue square");
  CHECK(captioning_move(s, 1, 0, 0));  // now it comes first in reading order
  captioning_refresh(s);
  CHECK(s.expected == "a blue square left of a red circle");
  CHECK_FALSE(captioning_move(s, 1, 0, 1));  // the other object's cell
  CHECK_FALSE(captioning_move(s, 1, 4, 0));
  CHECK_FALSE(captioning_move(s, 2, 1, 1));
  CHECK(s.objects[1].row == 0);
  CHECK(s.objects[1].col == 0);
  // Looks: a change that would make the two objects identical is refused.
  CHECK_FALSE(captioning_set_look(s, 1, 0, 0));
  CHECK(captioning_set_look(s, 1, 3, 3));
  captioning_refresh(s);
  CHECK(s.expected == "a yellow cross left of a red circle");
  // The model's caption and attention are recomputed after a step.
  const int before = s.computed_step;
  captioning_step(s);
  CHECK(s.computed_step == before + 1);
  CHECK(s.result.weights.rows() == static_cast<Eigen::Index>(s.result.words.size()));
  if (!s.result.words.empty()) CHECK(s.word < static_cast<int>(s.result.words.size()));
  // Frames while running train a slice each (a step may span frames) until a step is
  // done; New image draws a valid scene.
  s.running = true;
  const int steps_before = s.trainer->steps_done();
  int frames = 0, steps = 0;
  while (steps == 0 && frames < 1000) {
    steps += captioning_frame(s);
    ++frames;
  }
  CHECK(steps >= 1);
  CHECK(s.trainer->steps_done() == steps_before + steps);
  CHECK(s.computed_step == s.trainer->steps_done());
  for (int i = 0; i < 20; ++i) {
    captioning_new_image(s);
    std::string why;
    CHECK(captioning::valid_scene(s.objects[0], s.objects[1], &why));
  }
  captioning_reset(s);
  CHECK(s.trainer->steps_done() == 0);
  CHECK_FALSE(s.running);
}
