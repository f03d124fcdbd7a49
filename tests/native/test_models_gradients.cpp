// Every backward pass of src/models against central finite differences: each layer on its
// own with loss = ⟨G, output⟩ for a fixed random G, then the whole translation model's
// loss for every scoring kind. Step 1e-6 in double: truncation + rounding error near 1e-8
// for these sizes; the bound is 1e-6 relative to max(1, |g|).
#include <functional>

#include "models/seq2seq.h"
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

double inner(const Matrix& a, const Matrix& b) {
  return (a.array() * b.array()).sum();
}

Param* random_param(ParamSet& ps, const char* name, int r, int c, Rng& rng) {
  return ps.add(name, r, c, 1.0, rng);
}

}  // namespace

TEST_CASE("linear backward matches finite differences") {
  std::mt19937 gen(1);
  Rng rng(1);
  ParamSet ps;
  Param* W = random_param(ps, "W", 4, 3, rng);
  Param* b = random_param(ps, "b", 1, 4, rng);
  Matrix X = test::random_matrix(gen, 5, 3);
  const Matrix G = test::random_matrix(gen, 5, 4);
  auto f = [&] { return inner(linear_forward(*W, *b, X), G); };
  const Matrix dX = linear_backward(*W, *b, X, G);
  AP_CHECK_CLOSE(W->grad, numeric_gradient(W->value, f), 1e-6);
  AP_CHECK_CLOSE(b->grad, numeric_gradient(b->value, f), 1e-6);
  AP_CHECK_CLOSE(dX, numeric_gradient(X, f), 1e-6);
}

TEST_CASE("embedding backward matches finite differences, repeated ids included") {
  std::mt19937 gen(2);
  Rng rng(2);
  ParamSet ps;
  Param* E = random_param(ps, "E", 6, 3, rng);
  const std::vector<int> ids{2, 5, 2, 0};
  const Matrix G = test::random_matrix(gen, 4, 3);
  auto f = [&] { return inner(embedding_forward(*E, ids), G); };
  embedding_backward(*E, ids, G);
  AP_CHECK_CLOSE(E->grad, numeric_gradient(E->value, f), 1e-6);
}

TEST_CASE("tanh and ReLU backward match finite differences") {
  std::mt19937 gen(3);
  Matrix X = test::random_matrix(gen, 4, 5);
  // Keep ReLU inputs away from its kink at 0.
  for (Eigen::Index i = 0; i < X.size(); ++i)
    if (std::abs(X.data()[i]) < 0.05) X.data()[i] = 0.3;
  const Matrix G = test::random_matrix(gen, 4, 5);
  const Matrix dt = tanh_backward(tanh_forward(X), G);
  AP_CHECK_CLOSE(dt, numeric_gradient(X, [&] { return inner(tanh_forward(X), G); }), 1e-6);
  const Matrix dr = relu_backward(X, G);
  AP_CHECK_CLOSE(dr, numeric_gradient(X, [&] { return inner(relu_forward(X), G); }), 1e-6);
}

TEST_CASE(
    "softmax cross-entropy: value against NumPy's formula, gradient against finite differences") {
  std::mt19937 gen(4);
  Matrix L = test::random_matrix(gen, 4, 6, 2.0);
  const std::vector<int> targets{3, 0, -1, 5};
  Matrix d;
  const double loss = softmax_cross_entropy(L, targets, 0.5, &d);
  double expect = 0;
  for (int i : {0, 1, 3}) {
    const double lse = std::log(L.row(i).array().exp().sum());
    expect += lse - L(i, targets[static_cast<std::size_t>(i)]);
  }
  CHECK(loss == doctest::Approx(expect).epsilon(1e-12));
  Matrix unused;
  const Matrix num =
      numeric_gradient(L, [&] { return 0.5 * softmax_cross_entropy(L, targets, 0.5, &unused); });
  AP_CHECK_CLOSE(d, num, 1e-6);
  CHECK(d.row(2).norm() == 0);
}

TEST_CASE("GRU backward over a sequence matches finite differences") {
  std::mt19937 gen(5);
  Rng rng(5);
  ParamSet ps;
  Gru g;
  g.Wx = random_param(ps, "Wx", 9, 4, rng);
  g.Wh = random_param(ps, "Wh", 9, 3, rng);
  g.bx = random_param(ps, "bx", 1, 9, rng);
  g.bh = random_param(ps, "bh", 1, 9, rng);
  Matrix X = test::random_matrix(gen, 5, 4);
  Matrix h0 = test::random_matrix(gen, 3, 1);
  const Matrix G = test::random_matrix(gen, 5, 3);
  auto f = [&] {
    const GruCache c = gru_forward(g, X, h0.col(0));
    return inner(c.H.bottomRows(5), G);
  };
  const GruCache c = gru_forward(g, X, h0.col(0));
  Vector dh0;
  const Matrix dX = gru_backward(g, c, G, &dh0);
  for (Param* p : {g.Wx, g.Wh, g.bx, g.bh}) {
    INFO("parameter ", p->name);
    AP_CHECK_CLOSE(p->grad, numeric_gradient(p->value, f), 1e-6);
  }
  AP_CHECK_CLOSE(dX, numeric_gradient(X, f), 1e-6);
  AP_CHECK_CLOSE(Matrix(dh0), numeric_gradient(h0, f), 1e-6);
}

TEST_CASE("attention layer backward (through the core) matches finite differences for every kind") {
  for (ScoringKind kind : kAllKinds) {
    INFO("scoring ", scoring_name(kind));
    std::mt19937 gen(6);
    Rng rng(6);
    ParamSet ps;
    Attention a;
    a.kind = kind;
    if (scoring_has_bilinear(kind)) a.W = random_param(ps, "W", 4, 4, rng);
    if (scoring_has_additive(kind)) {
      a.Wq = random_param(ps, "Wq", 3, 4, rng);
      a.Wk = random_param(ps, "Wk", 3, 4, rng);
      a.v = random_param(ps, "v", 3, 1, rng);
    }
    Matrix Q = test::random_matrix(gen, 3, 4), K = test::random_matrix(gen, 5, 4),
           V = test::random_matrix(gen, 5, 2);
    const Matrix G = test::random_matrix(gen, 3, 2);
    auto f = [&] { return inner(attend(a.input(Q, K, V)).output, G); };
    const AttentionInput in = a.input(Q, K, V);
    const AttentionGrads g = attention_backward(a, in, attend(in), G);
    for (Param* p : ps.all()) {
      INFO("parameter ", p->name);
      AP_CHECK_CLOSE(p->grad, numeric_gradient(p->value, f), 1e-6);
    }
    AP_CHECK_CLOSE(g.dQ, numeric_gradient(Q, f), 1e-6);
    AP_CHECK_CLOSE(g.dK, numeric_gradient(K, f), 1e-6);
    AP_CHECK_CLOSE(g.dV, numeric_gradient(V, f), 1e-6);
  }
}

TEST_CASE("the whole translation model's backward matches finite differences for every kind") {
  Seq2SeqConfig cfg;
  cfg.embed = 4;
  cfg.hidden = 3;
  cfg.out_hidden = 5;
  cfg.additive_hidden = 4;
  translation::Pair p;
  std::string error;
  REQUIRE(
      translation::translate(translation::split_words("the big red dog chases a cat"), &p, &error));
  for (ScoringKind kind : kAllKinds) {
    INFO("scoring ", scoring_name(kind));
    cfg.scoring = kind;
    Seq2Seq model(cfg, 11);
    model.params().zero_grad();
    const double loss = model.loss(p, 0.25, true);
    CHECK(std::isfinite(loss));
    for (Param* q : model.params().all()) {
      INFO("parameter ", q->name);
      AP_CHECK_CLOSE(q->grad,
                     numeric_gradient(q->value, [&] { return model.loss(p, 0.25, false); }), 1e-6);
    }
  }
}

TEST_CASE("Adam takes the bias-corrected step and clipping caps the global norm") {
  Rng rng(3);
  ParamSet ps;
  Param* a = ps.add("a", 1, 2, 1.0, rng);
  Param* b = ps.add("b", 2, 1, 1.0, rng);
  a->grad << 3, 0;
  b->grad << 0, 4;
  CHECK(clip_gradients(ps, 1.0) == doctest::Approx(5.0));
  CHECK(grad_norm(ps) == doctest::Approx(1.0));
  const Matrix a0 = a->value, b0 = b->value;
  AdamConfig cfg;
  cfg.lr = 0.1;
  adam_step(ps, cfg, 1);
  // First step: m̂ = g, v̂ = g², so each entry moves by lr · g / (|g| + ε) = ±lr (or 0).
  CHECK(a->value(0, 0) == doctest::Approx(a0(0, 0) - 0.1));
  CHECK(a->value(0, 1) == doctest::Approx(a0(0, 1)));
  CHECK(b->value(1, 0) == doctest::Approx(b0(1, 0) - 0.1));
  // Second step with a new gradient, against the formulas written out.
  a->grad << -1, 2;
  b->grad.setZero();
  const double m0 = 0.1 * 0.6, v0 = 0.001 * 0.36;  // first step's moments for a(0,0)
  const double m1 = 0.9 * m0 + 0.1 * -1, v1 = 0.999 * v0 + 0.001 * 1;
  const double before = a->value(0, 0);
  adam_step(ps, cfg, 2);
  const double step = 0.1 * (m1 / (1 - 0.81)) / (std::sqrt(v1 / (1 - 0.999 * 0.999)) + 1e-8);
  CHECK(a->value(0, 0) == doctest::Approx(before - step).epsilon(1e-12));
}

TEST_CASE("a parameter's lr_scale multiplies its Adam step; lr_scale 1 is the plain step") {
  Rng r1(5), r2(5);
  ParamSet ps, ref;
  Param* a = ps.add("a", 1, 2, 1.0, r1);
  Param* s = ps.add("s", 1, 2, 1.0, r1);
  Param* ra = ref.add("a", 1, 2, 1.0, r2);
  Param* rs = ref.add("s", 1, 2, 1.0, r2);
  s->lr_scale = 4;
  const Matrix s0 = s->value, rs0 = rs->value;
  AdamConfig cfg;
  cfg.lr = 0.01;
  for (int t = 1; t <= 3; ++t) {
    a->grad << 0.5 * t, -2;
    s->grad = ra->grad = rs->grad = a->grad;
    adam_step(ps, cfg, t);
    adam_step(ref, cfg, t);
    if (t == 1) {
      // First step: each entry moves by lr · lr_scale · g / (|g| + ε) ≈ ±0.04.
      CHECK(s->value(0, 0) == doctest::Approx(s0(0, 0) - 0.04).epsilon(1e-9));
      CHECK(s->value(0, 1) == doctest::Approx(s0(0, 1) + 0.04).epsilon(1e-9));
    }
  }
  CHECK(a->value == ra->value);  // lr_scale 1: bit for bit the step without it
  // Same gradients, same moments: 4 × the displacement of the unscaled twin.
  for (int j = 0; j < 2; ++j)
    CHECK(s->value(0, j) - s0(0, j) ==
          doctest::Approx(4 * (rs->value(0, j) - rs0(0, j))).epsilon(1e-12));
}
