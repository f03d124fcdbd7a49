// The captioning session of captioning_session.h.
#include "app/captioning_session.h"

#include <algorithm>

namespace ap {
void captioning_ensure(CaptioningSession& s) {
  if (s.trainer) return;
  models::CaptioningTrainConfig cfg;
  cfg.seed = static_cast<std::uint64_t>(std::max(s.seed, 0));
  cfg.model.scoring = s.scoring;
  cfg.eval_every = 20;
  s.trainer = std::make_unique<models::CaptioningTrainer>(cfg);
  s.computed_step = -1;
  slice_clock_restart(s.clock);
  s.seconds_to_target = -1;
  captioning_refresh(s);
}

void captioning_reset(CaptioningSession& s) {
  s.trainer.reset();
  s.running = false;
  captioning_ensure(s);
}

int captioning_frame(CaptioningSession& s) {
  captioning_ensure(s);
  const int n = slice_frame(s.clock, s.running && !s.trainer->done(),
                            [&](double budget) { return s.trainer->work(budget); });
  if (s.trainer->done()) s.running = false;
  if (s.seconds_to_target < 0 && captioning_heldout(s) >= 0.9 && captioning_attention(s) >= 0.9)
    s.seconds_to_target = s.clock.running_seconds;
  captioning_refresh(s);
  return n;
}

void captioning_step(CaptioningSession& s) {
  captioning_ensure(s);
  s.trainer->step();
  captioning_refresh(s);
}

void captioning_refresh(CaptioningSession& s) {
  captioning_ensure(s);
  if (s.computed_step == s.trainer->steps_done() && s.computed_objects == s.objects &&
      s.computed_noise == s.noise_seed && !s.image.empty())
    return;
  s.computed_step = s.trainer->steps_done();
  s.computed_objects = s.objects;
  s.computed_noise = s.noise_seed;
  const captioning::Scene scene = captioning::make_scene(s.objects[0], s.objects[1]);
  Rng noise(s.noise_seed);
  s.image = captioning::render(scene, noise);
  s.expected = captioning::caption(scene);
  s.result = s.trainer->model().caption(captioning::patches(s.image));
  const int words = static_cast<int>(s.result.words.size());
  s.word = words == 0 ? 0 : std::clamp(s.word, 0, words - 1);
}

bool captioning_move(CaptioningSession& s, int k, int row, int col) {
  if (k < 0 || k > 1 || row < 0 || row >= captioning::kGrid || col < 0 || col >= captioning::kGrid)
    return false;
  const captioning::Object& other = s.objects[static_cast<std::size_t>(1 - k)];
  if (other.row == row && other.col == col) return false;
  captioning::Object& o = s.objects[static_cast<std::size_t>(k)];
  o.row = row;
  o.col = col;
  return true;
}

bool captioning_set_look(CaptioningSession& s, int k, int shape, int color) {
  if (k < 0 || k > 1) return false;
  captioning::Object o = s.objects[static_cast<std::size_t>(k)];
  o.shape = shape;
  o.color = color;
  std::string why;
  if (!captioning::valid_scene(o, s.objects[static_cast<std::size_t>(1 - k)], &why)) return false;
  s.objects[static_cast<std::size_t>(k)] = o;
  return true;
}

void captioning_new_image(CaptioningSession& s) {
  Rng rng(s.scene_rng);
  const captioning::Scene scene = captioning::generate_scene(rng);
  s.scene_rng = rng.next_u64();
  s.noise_seed = rng.next_u64() % 1000000;
  s.objects = scene.objects;
}

bool captioning_right(const CaptioningSession& s) {
  std::string c;
  for (const std::string& w : s.result.words) c += (c.empty() ? "" : " ") + w;
  return !s.expected.empty() && c == s.expected;
}

double captioning_heldout(const CaptioningSession& s) {
  if (!s.trainer) return -1;
  for (auto it = s.trainer->curve().rbegin(); it != s.trainer->curve().rend(); ++it)
    if (it->heldout >= 0) return it->heldout;
  return -1;
}

double captioning_attention(const CaptioningSession& s) {
  if (!s.trainer) return -1;
  for (auto it = s.trainer->curve().rbegin(); it != s.trainer->curve().rend(); ++it)
    if (it->attention >= 0) return it->attention;
  return -1;
}

}  // namespace ap
