// The translation trainer: a seed reproduces a run bit for bit, the default settings meet
// the targets after the fixed default step count (judged by accuracy, never by
// time), and a saved model translates exactly as the trained one.
#include <doctest/doctest.h>

#include <sstream>

#include "models/trainer.h"

using namespace ap;
using namespace ap::models;

namespace {

TrainConfig short_run(std::uint64_t seed) {
  TrainConfig cfg;
  cfg.seed = seed;
  cfg.steps = 4;
  cfg.batch = 4;
  cfg.heldout = 10;
  cfg.eval_every = 2;
  cfg.eval_sentences = 5;
  return cfg;
}

bool same_parameters(Seq2Seq& a, Seq2Seq& b) {
  const auto& pa = a.params().all();
  const auto& pb = b.params().all();
  if (pa.size() != pb.size()) return false;
  for (std::size_t i = 0; i < pa.size(); ++i)
    if (pa[i]->value != pb[i]->value) return false;
  return true;
}

// The default run, trained once for every test that needs a trained model.
Trainer& default_run() {
  static Trainer t = [] {
    Trainer tr{TrainConfig{}};  // defaults, seed 1, the fixed default step count
    while (!tr.done()) tr.step();
    return tr;
  }();
  return t;
}

}  // namespace

TEST_CASE("a seed reproduces a training run bit for bit, another seed does not") {
  // b works one unit (four sentences of a batch of ten, or of a quick evaluation) per
  // work(0.0) call, so its steps span several calls: the slices must give a whole step's maths.
  TrainConfig sliced = short_run(5);
  sliced.batch = 10;
  TrainConfig whole = sliced, other = sliced;
  other.seed = 6;
  Trainer a(whole), b(sliced), c(other);
  while (!a.done()) a.step();
  int calls = 0;
  while (!b.done()) {
    b.work(0.0);
    ++calls;
  }
  CHECK(calls > b.steps_done());
  while (!c.done()) c.step();
  CHECK(same_parameters(a.model(), b.model()));
  CHECK_FALSE(same_parameters(a.model(), c.model()));
  REQUIRE(a.curve().size() == b.curve().size());
  for (std::size_t i = 0; i < a.curve().size(); ++i) {
    CHECK(a.curve()[i].loss == b.curve()[i].loss);
    CHECK(a.curve()[i].heldout == b.curve()[i].heldout);
    CHECK(a.curve()[i].attention == b.curve()[i].attention);
  }
  CHECK(a.curve()[1].heldout >= 0);  // evaluated every 2 steps
  CHECK(a.curve()[0].heldout == -1);
}

TEST_CASE("work() slices a step into units of four sentences, its evaluation too") {
  // Batch 10: units of 4 + 4 + 2 sentences; a quick evaluation of 5 held-out sentences
  // every 2 steps (units of 4 + 1).
  TrainConfig cfg = short_run(1);
  cfg.batch = 10;
  Trainer t(cfg);
  CHECK(t.work(0.0) == 0);
  CHECK(t.in_step());
  CHECK(t.work(0.0) == 0);
  CHECK(t.work(0.0) == 1);  // the batch's last two sentences and the Adam update
  CHECK_FALSE(t.in_step());
  CHECK(t.steps_done() == 1);
  for (int i = 0; i < 3; ++i) t.work(0.0);
  CHECK(t.steps_done() == 2);
  CHECK(t.in_step());                     // step 2's evaluation is due
  CHECK(t.curve().back().heldout == -1);  // … and not finished
  t.work(0.0);
  CHECK(t.in_step());
  t.work(0.0);  // the fifth sentence
  CHECK_FALSE(t.in_step());
  CHECK(t.curve().back().heldout >= 0);
  // step() completes whatever a slice left; work() with a large budget runs to the end.
  t.work(0.0);
  t.step();
  CHECK(t.steps_done() == 3);
  CHECK_FALSE(t.in_step());
  CHECK(t.work(1e9) == 1);
  CHECK(t.done());
  CHECK(t.curve().back().heldout >= 0);  // the last step is evaluated
  CHECK(t.work(1.0) == 0);
}

TEST_CASE("default training meets the targets: held-out exact match ≥ 95 %, attention ≥ 90 %" *
          doctest::test_suite("training")) {
  const TrainConfig cfg;
  Trainer& t = default_run();
  const Evaluation ev = t.evaluate_heldout();
  MESSAGE("held-out exact match ", ev.exact_match, ", attention accuracy ", ev.attention_accuracy,
          " after ", t.steps_done(), " steps");
  CHECK(ev.sentences == cfg.heldout);
  CHECK(ev.exact_match >= 0.95);
  CHECK(ev.attention_accuracy >= 0.90);
  CHECK(t.curve().back().loss < t.curve().front().loss / 10);
}

TEST_CASE("a saved model loads and translates the same, with the same alignment" *
          doctest::test_suite("training")) {
  Trainer& t = default_run();
  {
    std::stringstream file;
    t.model().save(file);
    Seq2Seq loaded(Seq2SeqConfig{}, 99);
    REQUIRE(loaded.load(file) == "");
    CHECK(loaded.parameter_count() == t.model().parameter_count());
    for (std::size_t i = 0; i < 20; ++i) {
      const auto& p = t.heldout()[i];
      const SentenceAttention x = t.model().translate(p.english), y = loaded.translate(p.english);
      CHECK(x.output == y.output);
      CHECK(x.weights == y.weights);
    }
  }
}

TEST_CASE("the learned alignment is not the diagonal: it follows src(t)" *
          doctest::test_suite("training")) {
  Trainer& t = default_run();
  {
    translation::Pair p;
    std::string error;
    REQUIRE(translation::translate(translation::split_words("the big red dog chases a small cat"),
                                   &p, &error));
    const SentenceAttention sa = t.model().translate(p.english);
    CHECK(translation::join_words(sa.output) == "ta bofa rua oma na miro piti kurat");
    REQUIRE(sa.weights.rows() == 8);
    for (int row : translation::scored_positions(p))
      CHECK(unique_argmax(sa.weights, row) == p.src[static_cast<std::size_t>(row)]);
  }
}

TEST_CASE("a model file that is not one, or is cut short, is refused with a reason") {
  Seq2Seq m(Seq2SeqConfig{}, 1);
  std::stringstream empty("");
  CHECK(m.load(empty).find("not an attention-playground model") != std::string::npos);
  std::stringstream full;
  m.save(full);
  const std::string text = full.str();
  std::stringstream cut(text.substr(0, text.size() / 2));
  Seq2Seq other(Seq2SeqConfig{}, 2);
  CHECK_FALSE(other.load(cut).empty());
  std::stringstream nan_file(text.substr(0, text.find("param src_emb")) +
                             "param src_emb 22 16\nnan");
  CHECK(other.load(nan_file).find("bad number") != std::string::npos);
}

TEST_CASE("translate of unknown words emits nothing, source_ids names each one") {
  Seq2Seq m(Seq2SeqConfig{}, 1);
  std::vector<int> ids;
  std::string error;
  CHECK_FALSE(source_ids({"the", "zebra", "sees", "a", "gnu"}, &ids, &error));
  CHECK(error == "unknown words: \"zebra\", \"gnu\"");
  CHECK(m.translate({"the", "zebra"}).output.empty());
}
