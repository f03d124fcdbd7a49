// Tests of goal checks: the grammar of every check form (and its error messages), and
// evaluation of every check kind on hand-built states, both holding and not holding.
#include <doctest/doctest.h>

#include <string>

#include "lessons/check_parse.h"
#include "lessons/goal.h"

namespace {

ap::Check parsed(const std::string& text) {
  const ap::Decoded<ap::Check> c = ap::check_parse(text);
  INFO(text << ": " << c.error);
  REQUIRE(c.ok());
  return *c.value;
}

std::string parse_error(const std::string& text) {
  const ap::Decoded<ap::Check> c = ap::check_parse(text);
  return c.ok() ? "(parsed)" : c.error;
}

// Two tokens, "a" and "b", with b's query pointing at a's key: weight b → a ≈ 0.80.
ap::State two_tokens() {
  ap::State s;
  s.query_tokens = s.key_tokens = {"a", "b"};
  s.input.Q = ap::Matrix{{1, 0}, {2, 0}};
  s.input.K = ap::Matrix{{1, 0}, {0, 1}};
  s.input.V = ap::Matrix{{1, 0}, {0, 1}};
  s.input.scoring.kind = ap::ScoringKind::Dot;
  return s;
}

struct Eval {
  ap::State state;
  ap::Result result;
  explicit Eval(const ap::State& s) : state(s), result(ap::attend(s.input)) {
    REQUIRE(ap::state_validate(s).empty());
  }
  bool holds(const std::string& check) const {
    return ap::check_holds(parsed(check), state, result);
  }
  std::string detail(const std::string& check) const {
    return ap::check_evaluate(parsed(check), state, result).detail;
  }
};

}  // namespace

TEST_CASE("every check form parses into its tagged fields") {
  SUBCASE("weight with labels, quotes and indices") {
    const ap::Check c = parsed("weight \"the cat\" -> #3 >= 0.5");
    CHECK(c.kind == ap::CheckKind::Weight);
    CHECK(c.query.label == "the cat");
    CHECK(c.query.index == 0);
    CHECK(c.key.index == 3);
    CHECK(c.cmp == ap::Cmp::GreaterEq);
    CHECK(c.number == 0.5);
    CHECK(c.head == 1);
    CHECK(c.source == "weight \"the cat\" -> #3 >= 0.5");
  }
  SUBCASE("spaces are optional around symbols") {
    const ap::Check c = parsed("weight b->a<.25");
    CHECK(c.query.label == "b");
    CHECK(c.key.label == "a");
    CHECK(c.cmp == ap::Cmp::Less);
    CHECK(c.number == 0.25);
  }
  SUBCASE("a head prefix") {
    const ap::Check c = parsed("head 2: argmax b = a");
    CHECK(c.kind == ap::CheckKind::Argmax);
    CHECK(c.head == 2);
    CHECK(c.key.label == "a");
  }
  SUBCASE("escaped quotes in a label") {
    CHECK(parsed(R"(entropy "say \"hi\"" <= 1)").query.label == "say \"hi\"");
  }
  SUBCASE("output near a vector") {
    const ap::Check c = parsed("output #2 near [0.5, -1, 2e-1] within 0.05");
    CHECK(c.kind == ap::CheckKind::Output);
    CHECK(c.near == std::vector<double>{0.5, -1, 0.2});
    CHECK(c.number == 0.05);
  }
  SUBCASE("allowed, settings and parameters") {
    CHECK(parsed("allowed a -> b = 0").number == 0);
    CHECK(parsed("scoring = general").name == "general");
    CHECK(parsed("mask = causal").name == "causal");
    CHECK(parsed("temperature < 0.5").kind == ap::CheckKind::Temperature);
    CHECK(parsed("d_v = 4").kind == ap::CheckKind::DV);
    CHECK(parsed("d >= 8").kind == ap::CheckKind::D);
    CHECK(parsed("heads = 2").kind == ap::CheckKind::Heads);
    CHECK(parsed("tokens > 4").kind == ap::CheckKind::Tokens);
    CHECK(parsed("window = 1").kind == ap::CheckKind::Window);
    CHECK(parsed("window < 0").number == 0);
    CHECK(parsed("stride = 2").kind == ap::CheckKind::Stride);
    CHECK(parsed("top_k = 1").kind == ap::CheckKind::TopK);
    CHECK(parsed("global = 1").number == 1);
    CHECK(parsed("global = #3").number == 3);
    const ap::Check p = parsed("param Wq[2, 1] > -0.5");
    CHECK(p.name == "Wq");
    CHECK(p.row == 2);
    CHECK(p.col == 1);
    CHECK(p.number == -0.5);
    CHECK(parsed("param v[3] = 1").row == 3);
    CHECK(parsed("fully_masked #1").kind == ap::CheckKind::FullyMasked);
    CHECK(parsed("temperature = \xE2\x88\x92"
                 "1")
              .number == -1);  // U+2212 minus
  }
}

TEST_CASE("malformed checks name what was expected") {
  CHECK(parse_error("").rfind("unknown check the end of the check: use weight, argmax", 0) == 0);
  CHECK(parse_error("wieght a -> b > 1").rfind("unknown check \"wieght\"", 0) == 0);
  CHECK(parse_error("weight a b > 1") == "expected \"->\" after the query, not \"b\"");
  CHECK(parse_error("weight a -> b 0.5") == "expected a comparison (<, <=, >, >=, =), not \"0.5\"");
  CHECK(parse_error("weight a -> b > much") == "expected the value (a number), not \"much\"");
  CHECK(parse_error("weight a -> b > 0.5 and more") == "unexpected \"and\" after the check");
  CHECK(parse_error("weight \"a -> b > 1") == "the query label has no closing quote \"");
  CHECK(parse_error("weight # -> b > 1") == "expected a query number after #, e.g. #2");
  CHECK(parse_error("weight #0 -> b > 1") == "query number must be a whole number from 1 to 4096");
  CHECK(parse_error("weight -> b > 1").rfind("expected a query token", 0) == 0);
  CHECK(parse_error("argmax a > b") == "expected \"=\" after the query, not \">\"");
  CHECK(parse_error("scoring = euclidean") ==
        "unknown scoring \"euclidean\": use dot, scaled_dot, general, additive or cosine");
  CHECK(parse_error("mask = diagonal") ==
        "unknown mask \"diagonal\": use none, causal, padding or custom");
  CHECK(parse_error("allowed a -> b = 2") == "allowed must be a whole number from 0 to 1");
  CHECK(parse_error("heads = 1.5") == "the number must be a whole number from -1 to 4096");
  CHECK(parse_error("global > 1") == "expected \"=\" after global, not \">\"");
  CHECK(parse_error("param X[1, 1] > 0") ==
        "unknown parameter \"X\": use Q, K, V, W, Wq, Wk, Wo or v");
  CHECK(parse_error("param Q[1] > 0") ==
        "expected \",\" between the row and the column, not \"]\"");
  CHECK(parse_error("output a near [1, 2]") ==
        "expected \"within X\" after the vector, not the end of the check");
  CHECK(parse_error("output a near [1 2] within 1") ==
        "expected \",\" or \"]\" in the vector, not \"2]\"");
  CHECK(parse_error("output a near [1] within -1") ==
        "the distance after \"within\" must not be negative");
  CHECK(parse_error("head 2: scoring = dot").rfind("\"head N:\" does not apply to scoring", 0) ==
        0);
  CHECK(parse_error("head 0: weight a -> b > 1") ==
        "the head must be a whole number from 1 to " + std::to_string(ap::kMaxHeads));
  CHECK(parse_error("temperature > 1e999") ==
        "the value 1e999 is out of range (at most 1e6 in size)");
  CHECK(parse_error("temperature > 1.2.3") == "expected the value (a number), not \"1.2.3\"");
}

TEST_CASE("weight, argmax, entropy and max_weight checks read the weights") {
  const Eval e(two_tokens());
  // b's scores are (2, 0): weight b → a = e²/(e²+1) ≈ 0.881.
  CHECK(e.holds("weight b -> a > 0.88"));
  CHECK_FALSE(e.holds("weight b -> a > 0.9"));
  CHECK(e.holds("weight #2 -> #2 < 0.12"));
  CHECK(e.detail("weight b -> a > 0.9") == "weight b → a is 0.8808; needs > 0.9");
  CHECK(e.holds("argmax b = a"));
  CHECK_FALSE(e.holds("argmax b = b"));
  CHECK(e.detail("argmax b = b") == "b attends most to a (#1, weight 0.8808); needs b");
  CHECK(e.holds("entropy b < 0.4"));
  CHECK_FALSE(e.holds("entropy b > 0.4"));
  CHECK(e.holds("max_weight a >= 0.73"));
  CHECK_FALSE(e.holds("max_weight a >= 0.74"));
}

TEST_CASE("output checks measure the distance to a vector") {
  const Eval e(two_tokens());
  // b's output is 0.881·(1, 0) + 0.119·(0, 1).
  CHECK(e.holds("output b near [0.88, 0.12] within 0.01"));
  CHECK_FALSE(e.holds("output b near [0, 1] within 0.5"));
  CHECK_FALSE(e.holds("output b near [0.88] within 1"));
  CHECK(e.detail("output b near [0.88] within 1") ==
        "the output has 2 columns but the check's vector has 1");
}

TEST_CASE("allowed and fully_masked checks read the mask and sparsity pattern") {
  ap::State s = two_tokens();
  s.input.mask.kind = ap::MaskKind::Causal;
  const Eval causal(s);
  CHECK(causal.holds("allowed a -> a = 1"));
  CHECK(causal.holds("allowed a -> b = 0"));
  CHECK_FALSE(causal.holds("allowed a -> b = 1"));
  CHECK_FALSE(causal.holds("fully_masked a"));

  s.input.mask.kind = ap::MaskKind::Custom;
  s.input.mask.allowed = ap::MaskMatrix{{0, 0}, {1, 1}};
  const Eval custom(s);
  CHECK(custom.holds("fully_masked a"));
  CHECK_FALSE(custom.holds("fully_masked b"));
  CHECK_FALSE(custom.holds("argmax a = a"));
  CHECK(custom.detail("argmax a = a") == "argmax: a may attend to no key");
}

TEST_CASE("setting checks read the state's scoring, mask, sizes and sparsity") {
  ap::State s = two_tokens();
  s.input.temperature = 0.5;
  s.input.sparsity.window = 1;
  s.input.sparsity.global = {1};
  const Eval e(s);
  CHECK(e.holds("scoring = dot"));
  CHECK_FALSE(e.holds("scoring = scaled_dot"));
  CHECK(e.detail("scoring = scaled_dot") == "scoring is dot; needs scaled_dot");
  CHECK(e.holds("mask = none"));
  CHECK_FALSE(e.holds("mask = causal"));
  CHECK(e.holds("temperature = 0.5"));
  CHECK_FALSE(e.holds("temperature > 0.5"));
  CHECK(e.holds("d = 2"));
  CHECK_FALSE(e.holds("d > 2"));
  CHECK(e.holds("d_v <= 2"));
  CHECK(e.holds("heads = 1"));
  CHECK_FALSE(e.holds("heads = 2"));
  CHECK(e.holds("tokens = 2"));
  CHECK(e.holds("window = 1"));
  CHECK_FALSE(e.holds("window < 0"));
  CHECK(e.holds("stride = 0"));
  CHECK(e.holds("top_k = 0"));
  CHECK(e.holds("global = 2"));
  CHECK_FALSE(e.holds("global = 1"));
  CHECK(e.holds("param Q[2, 1] = 2"));
  CHECK_FALSE(e.holds("param Q[2, 1] < 2"));
  CHECK_FALSE(e.holds("param Q[3, 1] = 2"));
  CHECK(e.detail("param Q[3, 1] = 2") == "Q has no entry [3, 1] (it is 2 × 2)");
  CHECK_FALSE(e.holds("param W[1, 1] = 0"));
  CHECK_FALSE(e.holds("param v[1] = 0"));
  CHECK(e.holds("param V[2, 2] > 0.99"));
}

TEST_CASE("scoring parameters and heads are checked on the state that has them") {
  ap::State s;
  s.query_tokens = s.key_tokens = {"x", "y"};
  s.input.Q = ap::Matrix{{1, 0, 0, 1}, {0, 1, 1, 0}};
  s.input.K = ap::Matrix{{1, 0, 1, 0}, {0, 1, 0, 1}};
  s.input.V = ap::Matrix{{1, 0}, {0, 1}};
  s.input.heads = 2;
  s.input.scoring.kind = ap::ScoringKind::Additive;
  s.input.scoring.Wq = ap::Matrix{{1, 0}};
  s.input.scoring.Wk = ap::Matrix{{0, 1}};
  s.input.scoring.v = ap::Vector::Constant(1, 3.0);
  const Eval e(s);
  CHECK(e.holds("param v[1] = 3"));
  CHECK(e.holds("param Wk[1, 2] = 1"));
  CHECK(e.holds("heads = 2"));
  // Head 1 reads columns 1 of Q and K, head 2 columns 3: x's scores differ between heads.
  const double w1 = e.result.heads[0].weights(0, 0), w2 = e.result.heads[1].weights(0, 0);
  REQUIRE(w1 != doctest::Approx(w2));
  CHECK(e.holds("head 1: weight x -> x " + std::string(w1 > 0.5 ? ">" : "<") + " 0.5"));
  CHECK(e.holds("head 2: weight x -> x " + std::string(w2 > 0.5 ? ">" : "<") + " 0.5"));
  CHECK_FALSE(e.holds("head 3: weight x -> x > 0"));
  CHECK(e.detail("head 3: weight x -> x > 0") == "there is no head 3 (the state has 2)");
}

TEST_CASE("token references are resolved against the state when evaluated") {
  ap::State s = two_tokens();
  const Eval e(s);
  CHECK(e.detail("weight dog -> a > 0") == "unknown token \"dog\" (the tokens are a, b)");
  CHECK(e.detail("weight #5 -> a > 0") == "there is no token #5 (there are 2 tokens)");
  CHECK(ap::check_token_error(parsed("weight dog -> a > 0"), s) ==
        "unknown token \"dog\" (the tokens are a, b)");
  CHECK(ap::check_token_error(parsed("weight b -> a > 0"), s).empty());

  // Renaming a token changes what a label names; an index keeps naming the row.
  s.query_tokens = s.key_tokens = {"b", "a"};
  const Eval renamed(s);
  CHECK_FALSE(renamed.holds("weight b -> a > 0.88"));
  CHECK(renamed.holds("weight #2 -> #1 > 0.88"));

  s.query_tokens = s.key_tokens = {"a", "a"};
  const Eval twice(s);
  CHECK(twice.detail("entropy a > 0") == "token \"a\" appears 2 times: name it by number, e.g. #1");

  s.query_tokens = {"q1", "q2"};
  s.key_tokens = {"k1", "k2"};
  const Eval cross(s);
  CHECK(cross.holds("weight q2 -> k1 > 0.88"));
  CHECK(cross.detail("weight k1 -> k1 > 0") ==
        "unknown query token \"k1\" (the queries are q1, q2)");
  CHECK(cross.detail("weight q1 -> q1 > 0") == "unknown key token \"q1\" (the keys are k1, k2)");
}

TEST_CASE("a goal is met when all its checks hold, and never without checks") {
  const Eval e(two_tokens());
  ap::Goal g;
  CHECK_FALSE(ap::goal_met(g, e.state, e.result));
  CHECK(ap::goal_why_not(g, e.state, e.result) == "the goal has no check");
  g.checks = {parsed("scoring = dot"), parsed("argmax b = a")};
  CHECK(ap::goal_met(g, e.state, e.result));
  CHECK(ap::goal_why_not(g, e.state, e.result).empty());
  g.checks.push_back(parsed("heads = 2"));
  CHECK_FALSE(ap::goal_met(g, e.state, e.result));
  CHECK(ap::goal_why_not(g, e.state, e.result) == "heads is 1; needs = 2");
}
