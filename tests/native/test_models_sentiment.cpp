// The sentiment model and trainer: the whole model's backward pass against central finite
// differences for every scoring kind (reviews of 1, 2 and 18 words reach the window's
// start and the shared distance row), its pooling weights are the core's attend() of its
// Q, K, V, a seed reproduces a run bit for bit, the default run meets the targets
// (judged by accuracy after the fixed step count, never by time), and a saved model reads
// reviews exactly as the trained one.
#include <cmath>
#include <functional>
#include <sstream>

#include "models/sentiment_trainer.h"
#include "test_support.h"

using namespace ap;
using namespace ap::models;
using ap::test::kAllKinds;

namespace {

Matrix numeric_gradient(Matrix& x, const std::function<double()>& f) {
  Matrix g(x.rows(), x.cols());
  const double h = 1e-6;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double keep = x.data()[i];
    x.data()[i] = keep + h;
    const double up = f();
    x.data()[i] = keep - h;
    const double down = f();
    x.data()[i] = keep;
    g.data()[i] = (up - down) / (2 * h);
  }
  return g;
}

std::vector<int> ids(const std::string& text) {
  std::vector<std::string> words, unknown;
  std::string cur;
  for (char c : text + " ") {
    if (c == ' ') {
      if (!cur.empty()) words.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  return review_ids(words, &unknown);
}

SentimentTrainConfig short_run(std::uint64_t seed) {
  SentimentTrainConfig cfg;
  cfg.seed = seed;
  cfg.steps = 4;
  cfg.batch = 4;
  cfg.heldout = 10;
  cfg.eval_every = 2;
  cfg.eval_reviews = 5;
  return cfg;
}

bool same_parameters(SentimentModel& a, SentimentModel& b) {
  const auto& pa = a.params().all();
  const auto& pb = b.params().all();
  if (pa.size() != pb.size()) return false;
  for (std::size_t i = 0; i < pa.size(); ++i)
    if (pa[i]->value != pb[i]->value) return false;
  return true;
}

// The default run, trained once for every test that needs a trained model.
SentimentTrainer& default_run() {
  static SentimentTrainer t = [] {
    SentimentTrainer tr{SentimentTrainConfig{}};  // defaults, seed 1, the fixed step count
    while (!tr.done()) tr.step();
    return tr;
  }();
  return t;
}

}  // namespace

TEST_CASE("the whole sentiment model's backward matches finite differences for every kind") {
  SentimentConfig cfg;
  cfg.embed = 4;
  cfg.hidden = 3;
  cfg.position = 2;
  cfg.additive_hidden = 3;
  const std::vector<std::vector<int>> reviews = {
      ids("good"), ids("not good"),
      ids("honestly the plot was not very good but this cast is never really awful and the film "
          "was")};
  REQUIRE(reviews[2].size() == 18);
  for (ScoringKind kind : kAllKinds) {
    cfg.scoring = kind;
    SentimentModel model(cfg, 11);
    for (std::size_t r = 0; r < reviews.size(); ++r) {
      INFO("scoring ", scoring_name(kind), ", review ", r);
      const int label = static_cast<int>(r % 2);
      model.params().zero_grad();
      const double loss = model.loss(reviews[r], label, 0.5, true);
      CHECK(std::isfinite(loss));
      for (Param* q : model.params().all()) {
        INFO("parameter ", q->name);
        AP_CHECK_CLOSE(
            q->grad,
            numeric_gradient(q->value, [&] { return model.loss(reviews[r], label, 0.5, false); }),
            1e-6);
      }
    }
  }
}

TEST_CASE("a reading's weights are the core's attend() of its Q, K, V; probabilities add up") {
  SentimentModel model(SentimentConfig{}, 3);
  const SentimentReading r = model.read(ids("this film was not very good"));
  REQUIRE(r.words.size() == 6);
  CHECK(r.K.rows() == 6);
  CHECK(r.V.rows() == 6);
  const Result res = attend(model.attention_input(r.Q, r.K, r.V));
  AP_CHECK_CLOSE(res.heads[0].weights, r.weights, 0);
  CHECK(r.weights.sum() == doctest::Approx(1.0));
  CHECK(r.probability >= 0.5);
  CHECK(r.probability ==
        doctest::Approx(r.label == 1 ? r.p_positive : 1 - r.p_positive).epsilon(1e-15));
  // A negator changes the value of the adjective after it (the window reaches it).
  const SentimentReading plain = model.read(ids("this film was very good"));
  CHECK((plain.V.row(4) - r.V.row(5)).norm() > 1e-3);
  // Unknown words are left out and named, in order.
  std::vector<std::string> unknown;
  CHECK(review_ids({"the", "superb", "film", "Was", "good"}, &unknown).size() == 3);
  CHECK(unknown == std::vector<std::string>{"superb", "Was"});
}

TEST_CASE("sentiment: a seed reproduces a training run bit for bit, another seed does not") {
  SentimentTrainer a(short_run(5)), b(short_run(5)), c(short_run(6));
  while (!a.done()) a.step();
  while (!b.done()) b.work(0.0);
  while (!c.done()) c.step();
  CHECK(same_parameters(a.model(), b.model()));
  CHECK_FALSE(same_parameters(a.model(), c.model()));
  REQUIRE(a.curve().size() == b.curve().size());
  for (std::size_t i = 0; i < a.curve().size(); ++i) CHECK(a.curve()[i].loss == b.curve()[i].loss);
  CHECK(a.curve()[1].heldout >= 0);  // evaluated every 2 steps
  CHECK(a.curve()[0].heldout == -1);
  CHECK(a.heldout().size() == 10);
}

TEST_CASE("sentiment: work() takes at least one step per call and stops at the step count") {
  SentimentTrainer t(short_run(1));
  CHECK(t.work(0.0) == 1);
  CHECK(t.steps_done() == 1);
  CHECK(t.work(1e9) == 3);
  CHECK(t.done());
  CHECK(t.work(1.0) == 0);
}

TEST_CASE("default sentiment training meets the targets: held-out ≥ 97 %, attention ≥ 90 %") {
  const SentimentTrainConfig cfg;
  SentimentTrainer& t = default_run();
  const SentimentEvaluation ev = t.evaluate_heldout();
  MESSAGE("held-out accuracy ", ev.accuracy, ", attention accuracy ", ev.attention_accuracy,
          " after ", t.steps_done(), " steps, ", t.model().parameter_count(), " parameters, ",
          t.train_seconds(), " s");
  CHECK(t.steps_done() == cfg.steps);
  CHECK(ev.reviews == cfg.heldout);
  CHECK(ev.accuracy >= 0.97);
  CHECK(ev.attention_accuracy >= 0.90);
  CHECK(t.curve().back().loss < t.curve().front().loss / 10);
}

TEST_CASE("a saved sentiment model reads reviews exactly as the trained one; bad files named") {
  SentimentTrainer& t = default_run();
  std::stringstream file;
  t.model().save(file);
  SentimentModel loaded(SentimentConfig{}, 99);
  REQUIRE(loaded.load(file) == "");
  CHECK(same_parameters(t.model(), loaded));
  for (int i = 0; i < 20; ++i) {
    const sentiment::Review& r = t.heldout()[static_cast<std::size_t>(i)];
    std::vector<std::string> unknown;
    const std::vector<int> x = review_ids(r.words, &unknown);
    const SentimentReading a = t.model().read(x), b = loaded.read(x);
    CHECK(a.weights == b.weights);
    CHECK(a.p_positive == b.p_positive);
  }
  std::stringstream bad("attention-playground-model 1\ntask translation\n");
  CHECK(loaded.load(bad) == "the model file is not for the sentiment task");
  std::string text = file.str();
  std::stringstream cut(text.substr(0, text.size() / 2));
  CHECK(loaded.load(cut).find("the model file's parameter") == 0);
  // A failed load leaves the model as it was.
  CHECK(same_parameters(t.model(), loaded));
}
