// The sentiment model and trainer: the whole model's backward pass against central finite
// differences for every scoring kind (reviews of 1, 2 and 18 words reach the window's
// start and the shared distance row), its pooling weights are the core's attend() of its
// Q, K, V, a seed reproduces a run bit for bit, the default run meets the targets
// (judged by accuracy after the fixed step count, never by time), and a saved model reads
// reviews exactly as the trained one.
#include <cmath>
#include <functional>
#include <sstream>

#include "models/sentiment_explain.h"
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

TEST_CASE("the input gradient matches finite differences of log p(label) in the embeddings") {
  SentimentConfig cfg;
  cfg.embed = 4;
  cfg.hidden = 3;
  cfg.position = 2;
  SentimentModel model(cfg, 5);
  const std::vector<int> x = ids("honestly this film was not very good");  // no repeated word
  Param* emb = model.params().find("emb");
  REQUIRE(emb);
  for (int label : {0, 1}) {
    const Matrix dE = model.input_gradient(x, label);
    const Matrix num = numeric_gradient(emb->value, [&] {
      const double p = model.read(x).p_positive;
      return std::log(label == 1 ? p : 1 - p);
    });
    for (std::size_t t = 0; t < x.size(); ++t)
      AP_CHECK_CLOSE(Matrix(dE.row(static_cast<Eigen::Index>(t))), Matrix(num.row(x[t])), 1e-6);
  }
}

TEST_CASE("Spearman rank correlation and Jensen-Shannon distance") {
  CHECK(spearman({1, 2, 3, 4}, {10, 20, 30, 40}) == doctest::Approx(1.0));
  CHECK(spearman({1, 2, 3, 4}, {4, 3, 2, 1}) == doctest::Approx(-1.0));
  // Ties share their mean rank: ranks (0.5, 0.5, 2) and (0, 1, 2) → 0.866….
  CHECK(spearman({1, 1, 5}, {1, 2, 3}) == doctest::Approx(std::sqrt(3.0) / 2));
  CHECK(spearman({1, 1, 1}, {1, 2, 3}) == 0);
  CHECK(js_distance({0.5, 0.5}, {0.5, 0.5}) == doctest::Approx(0.0));
  CHECK(js_distance({1, 0}, {0, 1}) == doctest::Approx(1.0));
  // JS divergence of (1, 0) and (½, ½): ½·log2(4/3) + ½·(¼ log2(2/3)·… ) written out.
  const double m0 = 0.75, m1 = 0.25;
  const double js =
      0.5 * (1 * std::log2(1 / m0)) + 0.5 * (0.5 * std::log2(0.5 / m0) + 0.5 * std::log2(0.5 / m1));
  CHECK(js_distance({1, 0}, {0.5, 0.5}) == doctest::Approx(std::sqrt(js)));
  CHECK(js_distance({0.2, 0.8}, {0.6, 0.4}) ==
        doctest::Approx(js_distance({0.6, 0.4}, {0.2, 0.8})));
}

TEST_CASE(
    "explanations of a trained model: three measures, leave-one-out by hand, another explanation") {
  SentimentTrainer& t = default_run();
  const SentimentModel& model = t.model();
  const std::vector<int> x = ids("honestly the plot was dull but this cast is truly brilliant");
  const Explanation ex = explain(model, x);
  const SentimentReading r = model.read(x);
  REQUIRE(ex.attention.size() == x.size());
  CHECK(ex.label == r.label);
  for (std::size_t i = 0; i < x.size(); ++i) {
    CHECK(ex.attention[i] == r.weights(0, static_cast<Eigen::Index>(i)));
    CHECK(ex.grad_x_input[i] >= 0);
    std::vector<int> rest = x;
    rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(i));
    const double p = model.read(rest).p_positive;
    CHECK(ex.leave_one_out[i] == doctest::Approx(r.probability - (r.label == 1 ? p : 1 - p)));
  }
  CHECK(ex.rank_attention_gradient == doctest::Approx(spearman(ex.attention, ex.grad_x_input)));
  CHECK(std::abs(ex.rank_attention_leave_one_out) <= 1);
  // The learned weights give the model's own probability back.
  std::vector<double> learned(ex.attention);
  CHECK(probability_with_weights(model, x, r.label, learned) ==
        doctest::Approx(r.probability).epsilon(1e-12));
  const OtherExplanation other = find_other_explanation(model, x, 0.01, 300, 1);
  MESSAGE("another explanation: Jensen-Shannon distance ", other.distance, ", probability ",
          other.probability, " (learned ", r.probability, ")");
  REQUIRE(other.weights.size() == x.size());
  double sum = 0;
  for (double w : other.weights) sum += w;
  CHECK(sum == doctest::Approx(1.0));
  CHECK(std::abs(other.probability - r.probability) <= 0.01);
  CHECK(other.distance == doctest::Approx(js_distance(other.weights, learned)));
  CHECK(other.probability ==
        doctest::Approx(probability_with_weights(model, x, r.label, other.weights)));
  CHECK(other.distance > 0.1);
}
