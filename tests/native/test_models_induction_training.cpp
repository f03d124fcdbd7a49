// The induction trainer: a seed reproduces a run bit for bit, and after the fixed default
// step count (judged by accuracy and head scores, never by time) the 2-layer default
// continues repeated sequences and has formed the circuit TASKS.md names — a previous-token
// head in layer 1 and an induction head in layer 2 — while a 1-layer model trained the
// same way cannot do the task.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "models/induction_trainer.h"

using namespace ap;
using namespace ap::models;

namespace {

InductionConfig short_run(std::uint64_t seed) {
  InductionConfig cfg;
  cfg.seed = seed;
  cfg.steps = 4;
  cfg.batch = 4;
  cfg.heldout = 10;
  cfg.eval_every = 2;
  cfg.eval_sequences = 5;
  return cfg;
}

bool same_parameters(Transformer& a, Transformer& b) {
  const auto& pa = a.params().all();
  const auto& pb = b.params().all();
  if (pa.size() != pb.size()) return false;
  for (std::size_t i = 0; i < pa.size(); ++i)
    if (pa[i]->value != pb[i]->value) return false;
  return true;
}

// Trained once for every test that needs it: the defaults with `layers` layers, seed 1.
InductionTrainer& trained(int layers) {
  auto make = [](int n) {
    InductionConfig cfg;
    cfg.model.layers = n;
    InductionTrainer t(cfg);
    while (!t.done()) t.step();
    return t;
  };
  static InductionTrainer two = make(2);
  if (layers == 2) return two;
  static InductionTrainer one = make(1);
  return one;
}

double max_of(const std::vector<double>& v, std::size_t first, std::size_t count) {
  return *std::max_element(v.begin() + static_cast<std::ptrdiff_t>(first),
                           v.begin() + static_cast<std::ptrdiff_t>(first + count));
}

}  // namespace

TEST_CASE("a seed reproduces an induction training run bit for bit, another seed does not") {
  InductionTrainer a(short_run(5)), b(short_run(5)), c(short_run(6));
  while (!a.done()) a.step();
  while (!b.done()) b.work(0.0);
  while (!c.done()) c.step();
  CHECK(same_parameters(a.model(), b.model()));
  CHECK_FALSE(same_parameters(a.model(), c.model()));
  REQUIRE(a.curve().size() == b.curve().size());
  for (std::size_t i = 0; i < a.curve().size(); ++i) CHECK(a.curve()[i].loss == b.curve()[i].loss);
  CHECK(a.curve()[1].evaluated);  // every 2 steps
  CHECK_FALSE(a.curve()[0].evaluated);
  CHECK(a.curve()[1].eval.previous_token.size() == 4);  // 2 layers × 2 heads
  CHECK(a.curve()[1].eval.accuracy == b.curve()[1].eval.accuracy);
}

TEST_CASE("induction work() advances one sequence per call at least and stops at the step count") {
  // A quick evaluation of 5 sequences every 2 steps; 20 sequences a step, 8 per unit.
  InductionConfig cfg = short_run(1);
  cfg.batch = 20;
  InductionTrainer t(cfg);
  int calls = 0, steps = 0;
  while (t.steps_done() < 1) {
    steps += t.work(0.0);
    ++calls;
  }
  CHECK(calls == 3);  // 8 + 8 + 4 sequences
  CHECK(steps == 1);
  CHECK_FALSE(t.curve().back().evaluated);
  while (t.steps_done() < 2) t.work(0.0);
  CHECK_FALSE(t.curve().back().evaluated);  // step 2's evaluation is still to come
  t.step();                                 // finishes it
  CHECK(t.steps_done() == 2);
  CHECK(t.curve().back().evaluated);
  CHECK(t.curve().back().eval.sequences == 5);
  CHECK(t.work(1e9) == 2);
  CHECK(t.done());
  CHECK(t.curve().back().evaluated);
  CHECK(t.work(1.0) == 0);
}

TEST_CASE("after sharpen_from steps, layer 1's Wq and Wk alone take sharpen_lr × the step") {
  // Sharpened after step 2: the first two updates are the plain run's; the third differs in
  // layer 1's query and key projections only (the rest follows later, through the changed
  // attention).
  InductionConfig plain = short_run(2);
  plain.sharpen_lr = 1;
  InductionConfig sharp = short_run(2);
  REQUIRE(sharp.sharpen_lr > 1);
  sharp.sharpen_from = 2;
  InductionTrainer a(plain), b(sharp);
  while (a.steps_done() < 2) a.step();
  while (b.steps_done() < 2) b.step();
  CHECK(same_parameters(a.model(), b.model()));
  while (a.steps_done() < 3) a.step();
  while (b.steps_done() < 3) b.step();
  for (std::size_t i = 0; i < a.model().params().all().size(); ++i) {
    const Param* pa = a.model().params().all()[i];
    const Param* pb = b.model().params().all()[i];
    INFO("parameter ", pa->name);
    const bool sharpened = pa->name == "layer0.Wq" || pa->name == "layer0.Wk";
    CHECK((pa->value != pb->value) == sharpened);
  }
}

TEST_CASE("the evaluation scores only positions L … 2L − 2 and averages maps per sequence") {
  // An untrained model's accuracy is a share of exactly the scored predictions: with one
  // sequence of L = 4 there are 3 of them, so the accuracy is a multiple of 1/3.
  Transformer model(InductionConfig::default_model(), 3);
  induction::Sequence s;
  s.segment = 4;
  s.tokens = {5, 9, 2, 7, 5, 9, 2, 7};
  const InductionEval ev = evaluate_induction(model, {s});
  const double thirds = ev.accuracy * 3;
  CHECK(thirds == doctest::Approx(std::round(thirds)));
  const TransformerForward f = model.forward(s.tokens);
  CHECK(ev.previous_token[3] ==
        doctest::Approx(induction::previous_token_score(Transformer::attention(f, 1, 1))));
  CHECK(ev.induction[2] ==
        doctest::Approx(induction::induction_score(Transformer::attention(f, 1, 0), 4)));
}

TEST_CASE("default induction training forms the circuit: accuracy ≥ 95 %, induction head ≥ 0.6" *
          doctest::test_suite("training")) {
  InductionTrainer& t = trained(2);
  const InductionEval ev = t.evaluate_heldout();
  MESSAGE("2 layers, seed 1, ", t.steps_done(), " steps: accuracy ", ev.accuracy,
          ", previous-token ", ev.previous_token[0], " ", ev.previous_token[1], " | ",
          ev.previous_token[2], " ", ev.previous_token[3], ", induction ", ev.induction[0], " ",
          ev.induction[1], " | ", ev.induction[2], " ", ev.induction[3]);
  CHECK(ev.sequences == t.config().heldout);
  CHECK(ev.accuracy >= 0.95);
  // Layer 1 (heads 0, 1) holds the previous-token head, layer 2 (heads 2, 3) the induction
  // head; neither job sits in the other layer.
  // Measured for seed 1: previous-token 0.85 (seeds 2, 3: 0.75, 0.91; without the faster
  // layer-1 Q/K learning rate of the second half, InductionConfig::sharpen_lr: 0.61, 0.56,
  // 0.54), induction 0.94 (0.91, 0.93).
  CHECK(max_of(ev.previous_token, 0, 2) >= 0.63);
  CHECK(max_of(ev.induction, 2, 2) >= 0.6);
  CHECK(max_of(ev.induction, 0, 2) < 0.3);
  CHECK(t.curve().back().loss < t.curve().front().loss * 0.6);
}

TEST_CASE("ablating the induction head breaks the continuation" * doctest::test_suite("training")) {
  InductionTrainer& t = trained(2);
  const InductionEval ev = t.evaluate_heldout();
  const int best = ev.induction[2] >= ev.induction[3] ? 0 : 1;
  t.model().set_ablated(1, best, true);
  const InductionEval ablated = t.evaluate_heldout();
  t.model().clear_ablation();
  MESSAGE("accuracy with layer-2 head ", best, " ablated: ", ablated.accuracy);
  CHECK(ablated.accuracy < ev.accuracy - 0.3);
}

TEST_CASE("the induction head reads the previous-token head through its keys" *
          doctest::test_suite("training")) {
  // K-composition: layer 2's keys need layer 1's previous-token head; cutting that head's
  // output from the stream layer 2 reads for its keys (and only there) breaks the circuit.
  InductionTrainer& t = trained(2);
  const InductionEval ev = t.evaluate_heldout(200);
  PathCut cut;
  cut.from_layer = 0;
  cut.from_head = ev.previous_token[0] >= ev.previous_token[1] ? 0 : 1;
  cut.into_layer = 1;
  cut.keys = true;
  const InductionEval keys = t.evaluate_heldout(200, &cut);
  cut.keys = false;
  cut.queries = true;
  const InductionEval queries = t.evaluate_heldout(200, &cut);
  const double ind = max_of(ev.induction, 2, 2);
  MESSAGE("previous-token head L1H", cut.from_head + 1, " cut from layer 2's keys: accuracy ",
          ev.accuracy, " → ", keys.accuracy, ", induction ", ind, " → ",
          max_of(keys.induction, 2, 2), "; from its queries: accuracy ", queries.accuracy);
  // The other layer-1 head carries a little of the predecessor too (cutting both layer-1
  // heads, below, is the full collapse), so one head's cut costs at least 20 points.
  CHECK(keys.accuracy < ev.accuracy - 0.2);
  CHECK(max_of(keys.induction, 2, 2) < ind - 0.3);
  CHECK(queries.accuracy > keys.accuracy);
  // Every layer-1 head cut from the keys: no previous token left to match.
  cut.queries = false;
  cut.keys = true;
  cut.from_head = -1;
  const InductionEval layer = t.evaluate_heldout(200, &cut);
  MESSAGE("all of layer 1 cut from layer 2's keys: accuracy ", layer.accuracy);
  CHECK(layer.accuracy < ev.accuracy - 0.3);
}

TEST_CASE("one layer trained the same way cannot do the task" * doctest::test_suite("training")) {
  InductionTrainer& t = trained(1);
  const InductionEval ev = t.evaluate_heldout();
  const InductionEval two = trained(2).evaluate_heldout();
  MESSAGE("1 layer, seed 1, ", t.steps_done(), " steps: accuracy ", ev.accuracy);
  CHECK(ev.accuracy <= 0.8);
  CHECK(ev.accuracy < two.accuracy - 0.2);
}

TEST_CASE("a saved induction model continues sequences exactly as the trained one" *
          doctest::test_suite("training")) {
  InductionTrainer& t = trained(2);
  std::stringstream file;
  t.model().save(file);
  Transformer loaded(TransformerConfig{}, 0);
  REQUIRE(loaded.load(file) == "");
  for (int k = 0; k < 20; ++k) {
    const std::vector<int>& tokens = t.heldout()[static_cast<std::size_t>(k)].tokens;
    CHECK(loaded.forward(tokens).logits == t.model().forward(tokens).logits);
  }
}
