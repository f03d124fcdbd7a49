// The induction view's session (app/induction_session.h) without a window: a run is made
// from the settings, frames train in slices until the step count, the shown maps follow the
// step and the ablation, and Reset starts over.
#include <doctest/doctest.h>

#include "app/induction_session.h"

using namespace ap;

TEST_CASE("the induction session trains in frames, shows live maps and measures ablation") {
  InductionSession s;
  s.steps = 12;
  s.layers = 2;
  induction_ensure(s);
  REQUIRE(s.trainer);
  CHECK(s.trainer->steps_done() == 0);
  CHECK(induction_frame(s) == 0);  // not running: no step, but the maps exist
  REQUIRE(s.shown.layers.size() == 2);
  const std::size_t n = s.trainer->heldout()[0].tokens.size();
  CHECK(s.labels.size() == n);
  CHECK(models::Transformer::attention(s.shown, 1, 1).rows() == static_cast<Eigen::Index>(n));

  s.running = true;
  int frames = 0;
  while (s.running && frames < 1000) {
    induction_frame(s);
    ++frames;
  }
  CHECK(s.trainer->done());
  CHECK(s.shown_step == 12);
  REQUIRE(induction_last_eval(s) != nullptr);
  CHECK(induction_last_eval(s)->previous_token.size() == 4);

  // Paused at the end: the circuit was measured at this step, with P's key path cut.
  CHECK(s.circuit.step == 12);
  CHECK(s.circuit.keys.sequences == s.trainer->config().eval_sequences);
  CHECK(s.circuit.layer_keys.sequences == s.trainer->config().eval_sequences);
  CHECK(s.circuit.whole.accuracy == induction_last_eval(s)->accuracy);

  // Open in playground: the head's own Q, K, V and mask give the playground the same map.
  for (int l = 0; l < 2; ++l)
    for (int h = 0; h < 2; ++h) {
      const Decoded<State> st = induction_playground_state(s, l, h);
      REQUIRE(st.ok());
      CHECK(st.value->query_tokens == s.labels);
      CHECK(st.value->input.Q.cols() == 16);
      const Result r = attend(st.value->input);
      CHECK((r.heads[0].weights - models::Transformer::attention(s.shown, l, h))
                .cwiseAbs()
                .maxCoeff() < 1e-12);
    }
  CHECK_FALSE(induction_playground_state(s, 2, 0).ok());

  const Matrix before = s.shown.logits;
  CHECK_FALSE(induction_any_ablated(s));
  induction_set_ablated(s, 1, 0, true);
  CHECK(induction_any_ablated(s));
  CHECK(s.shown.layers[1].concat.leftCols(16).norm() == 0.0);
  CHECK(s.shown.logits != before);
  CHECK(s.ablated_accuracy >= 0);
  induction_set_ablated(s, 1, 0, false);
  CHECK_FALSE(induction_any_ablated(s));
  CHECK(s.shown.logits == before);
  CHECK(s.ablated_accuracy == -1);

  s.layers = 1;
  induction_reset(s);
  CHECK(s.trainer->steps_done() == 0);
  CHECK(s.trainer->model().config().layers == 1);
  CHECK(s.shown.layers.size() == 1);
}
