// The induction transformer (models/transformer.h): every backward pass against central
// finite differences (LayerNorm on its own; the whole model for every scoring kind, with
// and without the MLP, with an ablated head and a position offset), the causal mask, the
// ablation and the model file. Step 1e-6 in double; bound 1e-6 relative to max(1, |g|),
// as in test_models_gradients.cpp.
#include <functional>
#include <sstream>

#include "models/transformer.h"
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

TransformerConfig small_config(ScoringKind kind, int mlp) {
  TransformerConfig cfg;
  cfg.scoring = kind;
  cfg.layers = 2;
  cfg.heads = 2;
  cfg.width = 6;
  cfg.mlp = mlp;
  cfg.vocab = 5;
  cfg.context = 9;
  cfg.additive_hidden = 3;
  return cfg;
}

}  // namespace

TEST_CASE("LayerNorm: rows normalised as NumPy would, backward against finite differences") {
  std::mt19937 gen(21);
  Rng rng(21);
  ParamSet ps;
  Param* g = ps.add("g", 1, 5, 1.0, rng);
  Param* b = ps.add("b", 1, 5, 1.0, rng);
  Matrix X = test::random_matrix(gen, 4, 5, 2.0);
  LayerNormCache cache;
  const Matrix Y = layer_norm_forward(*g, *b, X, &cache);
  // (x − mean) / sqrt(var + 1e-5) · g + b, var the population variance (NumPy's np.var).
  for (Eigen::Index i = 0; i < X.rows(); ++i) {
    const double mean = X.row(i).mean();
    const double var = (X.row(i).array() - mean).square().sum() / 5.0;
    for (Eigen::Index j = 0; j < 5; ++j)
      CHECK(Y(i, j) == doctest::Approx((X(i, j) - mean) / std::sqrt(var + 1e-5) * g->value(0, j) +
                                       b->value(0, j))
                           .epsilon(1e-12));
  }
  const Matrix G = test::random_matrix(gen, 4, 5);
  auto f = [&] {
    LayerNormCache c;
    return inner(layer_norm_forward(*g, *b, X, &c), G);
  };
  const Matrix dX = layer_norm_backward(*g, *b, cache, G);
  AP_CHECK_CLOSE(g->grad, numeric_gradient(g->value, f), 1e-6);
  AP_CHECK_CLOSE(b->grad, numeric_gradient(b->value, f), 1e-6);
  AP_CHECK_CLOSE(dX, numeric_gradient(X, f), 1e-6);
}

TEST_CASE("the whole transformer's backward matches finite differences for every kind") {
  const std::vector<int> tokens{3, 1, 4, 0, 3, 1, 4, 2};
  for (ScoringKind kind : kAllKinds) {
    for (int mlp : {0, 4}) {
      for (bool ablate : {false, true}) {
        INFO("scoring ", scoring_name(kind), ", mlp ", mlp, ", ablated head ", ablate);
        Transformer model(small_config(kind, mlp), 17);
        if (ablate) model.set_ablated(0, 1, true);
        const int offset = ablate ? 1 : 0;
        model.params().zero_grad();
        const double loss = model.loss(tokens, 0.5, true, offset);
        CHECK(std::isfinite(loss));
        CHECK(loss == doctest::Approx(model.loss(tokens, 0.5, false, offset)).epsilon(1e-14));
        for (Param* q : model.params().all()) {
          INFO("parameter ", q->name);
          AP_CHECK_CLOSE(
              q->grad,
              numeric_gradient(q->value, [&] { return model.loss(tokens, 0.5, false, offset); }),
              1e-6);
        }
      }
    }
  }
}

TEST_CASE("transformer heads attend causally, and each is the core's attend() of its Q, K, V") {
  Transformer model(small_config(ScoringKind::General, 0), 5);
  const std::vector<int> tokens{0, 1, 2, 3, 4, 0, 1};
  const TransformerForward f = model.forward(tokens);
  REQUIRE(f.logits.rows() == 7);
  REQUIRE(f.logits.cols() == 5);
  for (int l = 0; l < 2; ++l)
    for (int h = 0; h < 2; ++h) {
      const Matrix& A = Transformer::attention(f, l, h);
      REQUIRE(A.rows() == 7);
      REQUIRE(A.cols() == 7);
      for (int i = 0; i < 7; ++i) {
        CHECK(A.row(i).sum() == doctest::Approx(1.0));
        for (int j = i + 1; j < 7; ++j) CHECK(A(i, j) == 0.0);
      }
      const TransformerHeadCache& hc =
          f.layers[static_cast<std::size_t>(l)].heads[static_cast<std::size_t>(h)];
      CHECK(hc.input.mask.kind == MaskKind::Causal);
      CHECK(validate(hc.input).empty());
      CHECK(attend(hc.input).heads[0].weights == A);
    }
  // The prediction at position i depends on tokens 0 … i only: change the last token.
  std::vector<int> other = tokens;
  other.back() = 3;
  const TransformerForward g = model.forward(other);
  CHECK(g.logits.topRows(6) == f.logits.topRows(6));
  CHECK(g.logits.row(6) != f.logits.row(6));
}

TEST_CASE("an ablated head's output is zero and changes the predictions") {
  Transformer model(small_config(ScoringKind::ScaledDot, 0), 8);
  const std::vector<int> tokens{2, 4, 1, 2, 4};
  const TransformerForward before = model.forward(tokens);
  model.set_ablated(1, 0, true);
  CHECK(model.ablated(1, 0));
  CHECK_FALSE(model.ablated(0, 0));
  const TransformerForward after = model.forward(tokens);
  const Matrix& concat = after.layers[1].concat;
  CHECK(concat.leftCols(3).norm() == 0.0);  // head 0 of width 6 / 2
  CHECK(concat.rightCols(3) == before.layers[1].concat.rightCols(3));
  // The map is still computed (the views show it), only its output is dropped.
  CHECK(Transformer::attention(after, 1, 0) == Transformer::attention(before, 1, 0));
  CHECK(after.logits != before.logits);
  model.clear_ablation();
  CHECK(model.forward(tokens).logits == before.logits);
}

TEST_CASE("a saved transformer loads to the same predictions; bad files are refused") {
  Transformer model(small_config(ScoringKind::Additive, 4), 9);
  std::ostringstream os;
  model.save(os);
  Transformer loaded(TransformerConfig{}, 0);
  std::istringstream is(os.str());
  REQUIRE(loaded.load(is) == "");
  CHECK(loaded.config().scoring == ScoringKind::Additive);
  CHECK(loaded.config().mlp == 4);
  CHECK(loaded.parameter_count() == model.parameter_count());
  const std::vector<int> tokens{1, 2, 3, 1, 2};
  CHECK(loaded.forward(tokens).logits == model.forward(tokens).logits);

  auto refused = [](const std::string& text) {
    Transformer m(TransformerConfig{}, 0);
    std::istringstream in(text);
    return m.load(in);
  };
  CHECK(refused("hello") == "not an attention-playground model file");
  CHECK(refused("attention-playground-model 1\ntask translation\n") ==
        "the model file is not for the induction task");
  std::string text = os.str();
  CHECK(refused(text.substr(0, text.size() / 2)).find("parameter") != std::string::npos);
  std::string huge = text;
  huge.replace(huge.find("width 6"), 7, "width 1000");
  huge.replace(huge.find("context 9"), 9, "context 1000");
  CHECK(refused(huge).find("limit") != std::string::npos);
  std::string odd = text;
  odd.replace(odd.find("heads 2"), 7, "heads 4");
  CHECK(refused(odd).find("heads must divide") != std::string::npos);
}

TEST_CASE("a batched pass gives each sequence's forward pass and the sum of their gradients") {
  Transformer model(small_config(ScoringKind::ScaledDot, 0), 31);
  const std::vector<std::vector<int>> seqs = {{1, 3, 0, 4}, {2, 2, 1, 0, 3, 4, 1}, {4, 0}};
  const std::vector<int> offsets = {0, 2, 5};
  const TransformerForward batch = model.forward_batch(seqs, offsets);
  REQUIRE(batch.starts == std::vector<int>{0, 4, 11, 13});
  double separate = 0;
  for (std::size_t s = 0; s < seqs.size(); ++s) {
    const TransformerForward one = model.forward(seqs[s], offsets[s]);
    const Eigen::Index r0 = batch.starts[s], n = static_cast<Eigen::Index>(seqs[s].size());
    CHECK((batch.logits.middleRows(r0, n) - one.logits).cwiseAbs().maxCoeff() < 1e-12);
    for (int l = 0; l < 2; ++l)
      for (int h = 0; h < 2; ++h)
        CHECK((Transformer::attention(batch, l, h, static_cast<int>(s)) -
               Transformer::attention(one, l, h))
                  .cwiseAbs()
                  .maxCoeff() < 1e-12);
    separate += model.loss(seqs[s], 0.1, true, offsets[s]);
  }
  std::vector<Matrix> grads;
  for (const Param* p : model.params().all()) grads.push_back(p->grad);
  model.params().zero_grad();
  CHECK(model.loss_batch(seqs, offsets, 0.1, true) == doctest::Approx(separate).epsilon(1e-12));
  for (std::size_t i = 0; i < grads.size(); ++i)
    CHECK((model.params().all()[i]->grad - grads[i]).cwiseAbs().maxCoeff() < 1e-12);
}

TEST_CASE("a path cut changes only what reads the cut stream") {
  Transformer model(small_config(ScoringKind::ScaledDot, 0), 32);
  const std::vector<int> tokens = {1, 3, 0, 4, 1, 3, 0};
  const TransformerForward whole = model.forward(tokens);
  SUBCASE("cutting nothing changes nothing") {
    const TransformerForward f = model.forward_cut(tokens, PathCut{});
    CHECK(f.logits == whole.logits);
  }
  SUBCASE(
      "cutting a head from layer 2's queries, keys and values gives layer 2 the maps of "
      "the model with that head ablated, but not its logits") {
    PathCut cut;
    cut.from_layer = 0;
    cut.from_head = 1;
    cut.into_layer = 1;
    cut.queries = cut.keys = cut.values = true;
    const TransformerForward f = model.forward_cut(tokens, cut);
    model.set_ablated(0, 1, true);
    const TransformerForward ablated = model.forward(tokens);
    model.clear_ablation();
    for (int h = 0; h < 2; ++h) {
      CHECK((Transformer::attention(f, 1, h) - Transformer::attention(ablated, 1, h))
                .cwiseAbs()
                .maxCoeff() < 1e-12);
      CHECK(Transformer::attention(f, 0, h) == Transformer::attention(whole, 0, h));
    }
    CHECK((f.logits - ablated.logits).cwiseAbs().maxCoeff() > 1e-6);
    CHECK((f.logits - whole.logits).cwiseAbs().maxCoeff() > 1e-6);
  }
  SUBCASE("cutting every head of layer 1 from layer 2 is cutting each one's share") {
    PathCut all;
    all.from_head = -1;
    all.queries = all.keys = all.values = true;
    const TransformerForward f = model.forward_cut(tokens, all);
    model.set_ablated(0, 0, true);
    model.set_ablated(0, 1, true);
    const TransformerForward ablated = model.forward(tokens);
    model.clear_ablation();
    for (int h = 0; h < 2; ++h)
      CHECK((Transformer::attention(f, 1, h) - Transformer::attention(ablated, 1, h))
                .cwiseAbs()
                .maxCoeff() < 1e-12);
  }
  SUBCASE("cutting the keys alone leaves layer 2's queries and values whole") {
    PathCut cut;
    cut.from_head = 0;
    cut.keys = true;
    const TransformerForward f = model.forward_cut(tokens, cut);
    CHECK(f.layers[1].Q == whole.layers[1].Q);
    CHECK(f.layers[1].V == whole.layers[1].V);
    CHECK((f.layers[1].K - whole.layers[1].K).cwiseAbs().maxCoeff() > 1e-6);
  }
}
