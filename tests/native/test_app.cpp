// The application model without any UI: edits keep states valid, presets decode, the
// last valid result survives bad edits, undo/redo, hostile links, hover explanations.
#include "app/app.h"
#include "app/edits.h"
#include "app/explain.h"
#include "app/presets.h"
#include "core/rng.h"
#include "test_support.h"

using namespace ap;

TEST_CASE("every preset decodes to a valid state") {
  REQUIRE(presets().size() >= 5);
  for (std::size_t i = 0; i < presets().size(); ++i) {
    CAPTURE(presets()[i].name);
    if (presets()[i].json == nullptr) continue;
    const Decoded<State> d = state_from_json(presets()[i].json);
    CHECK_MESSAGE(d.ok(), d.error);
  }
}

TEST_CASE("random sequences of edits always leave a valid state") {
  Rng rng(5);
  State s = state_default();
  std::string why;
  for (int step = 0; step < 2000; ++step) {
    const int op = static_cast<int>(rng.uniform() * 11);
    const int n_q = static_cast<int>(s.input.Q.rows()), n_k = static_cast<int>(s.input.K.rows());
    const auto pick = [&](int n) { return static_cast<int>(rng.uniform() * n); };
    const TokenSide side = state_is_self_attention(s)
                               ? TokenSide::Both
                               : (rng.uniform() < 0.5 ? TokenSide::Query : TokenSide::Key);
    switch (op) {
      case 0:
        edit_add_token(s, side, "t", &why);
        break;
      case 1:
        edit_remove_token(s, side, pick(side == TokenSide::Key ? n_k : n_q), &why);
        break;
      case 2:
        edit_set_widths(s, 1 + pick(6), 1 + pick(6), &why);
        break;
      case 3:
        edit_set_heads(s, 1 + pick(3), &why);
        break;
      case 4:
        edit_set_scoring(s, test::kAllKinds[pick(static_cast<int>(std::size(test::kAllKinds)))]);
        break;
      case 5:
        edit_randomize(s, rng.next_u64());
        break;
      case 6:
        edit_toggle_mask_cell(s, pick(n_q), pick(n_k));
        break;
      case 7:
        edit_set_mask_kind(s, static_cast<MaskKind>(pick(4)));
        break;
      case 8:
        edit_set_self_attention(s, rng.uniform() < 0.5, &why);
        break;
      case 9:
        s.input.sparsity.window = pick(3) - 1;
        s.input.sparsity.top_k = pick(3);
        s.input.sparsity.global = {pick(std::max(n_q, n_k))};
        break;
      case 10:
        edit_rename_token(s, side, 0, "renamed", &why);
        break;
    }
    const std::string error = state_validate(s);
    INFO("step " << step << " op " << op << ": " << state_to_json(s));
    REQUIRE(error == "");
    REQUIRE(state_from_url(state_to_url(s)).ok());
  }
}

TEST_CASE("removing a key keeps the custom mask, padding and global tokens aligned") {
  State s = state_default();
  edit_toggle_mask_cell(s, 0, 3);
  s.input.sparsity.global = {1, 3};
  std::string why;
  REQUIRE(edit_remove_token(s, TokenSide::Both, 1, &why));
  CHECK(s.input.mask.allowed.rows() == 3);
  CHECK(s.input.mask.allowed(0, 2) == 0);  // the toggled cell moved with its key
  CHECK(s.input.sparsity.global == std::vector<int>{2});
  CHECK(s.key_tokens == std::vector<std::string>{"the", "sat", "down"});
}

TEST_CASE("the same seed gives the same random example") {
  State a = state_default(), b = state_default();
  edit_randomize(a, 42);
  edit_randomize(b, 42);
  CHECK(a.input.Q == b.input.Q);
  CHECK(a.input.V == b.input.V);
  edit_randomize(b, 43);
  CHECK(a.input.Q != b.input.Q);
  // Portable generator: the first draw of seed 42 is pinned so a libc++ (web) build and a
  // libstdc++ (native) build agree.
  Rng rng(42);
  CHECK(rng.next_u64() == 0xBDD732262FEB6E95ull);
}

TEST_CASE("an invalid edit keeps the last valid state and result and says why") {
  App app;
  app_init(app, "");
  const Matrix before = app.result.heads[0].weights;
  State bad = app.state;
  bad.input.Q(0, 0) = std::nan("");
  CHECK_FALSE(app_apply(app, bad));
  CHECK(app.notice.find("Q row 0, column 0 is NaN") != std::string::npos);
  CHECK(app.result.heads[0].weights == before);
  CHECK(app.state.input.Q(0, 0) == state_default().input.Q(0, 0));
}

TEST_CASE("undo and redo walk back and forth through edits") {
  App app;
  app_init(app, "");
  State next = app.state;
  next.input.Q(0, 0) = 3;
  REQUIRE(app_apply(app, next));
  next.input.Q(0, 0) = 4;
  REQUIRE(app_apply(app, next));
  CHECK(app_undo(app));
  CHECK(app.state.input.Q(0, 0) == 3);
  CHECK(app.result.heads[0].scores(0, 0) ==
        doctest::Approx(attend(app.state.input).heads[0].scores(0, 0)));
  CHECK(app_undo(app));
  CHECK(app.state.input.Q(0, 0) == 1);
  CHECK_FALSE(app_undo(app));
  CHECK(app_redo(app));
  CHECK(app.state.input.Q(0, 0) == 3);
}

TEST_CASE("a hostile link falls back to the default example with a notice") {
  for (const char* hash :
       {"Q=nan&K=1&V=1", "%%%", "Q=1;2&K=1,2&V=1", "<script>alert(1)</script>"}) {
    App app;
    app_init(app, hash);
    CHECK(app.notice.find("default example") != std::string::npos);
    CHECK(app.state.input.Q == state_default().input.Q);
  }
  App app;
  app_init(app, "Q=1,2&K=1,2;3,4&V=1;2&scoring=dot");
  CHECK(app.notice.empty());
  CHECK(app.state.input.K.rows() == 2);
}

TEST_CASE("hover explanations quote the cell's own numbers") {
  State s;
  s.query_tokens = {"a", "b"};
  s.key_tokens = s.query_tokens;
  s.input.Q = Matrix{{1, 0}, {0.5, -0.3}};
  s.input.K = Matrix{{1, 0}, {1.2, 0.4}};
  s.input.V = Matrix{{1, 0}, {0, 1}};
  s.input.scoring.kind = ScoringKind::ScaledDot;
  const Result r = attend(s.input);
  const std::string score = explain_cell(s, r, Stage::Scores, 0, 1, 1);
  CHECK(score.find("q₂·k₂ = 0.50·1.20 + (−0.30)·0.40 = 0.48;  ÷√2 = 0.34") != std::string::npos);
  const std::string weight = explain_cell(s, r, Stage::Weights, 0, 1, 1);
  CHECK(weight.find(fmt_num(r.heads[0].weights(1, 1))) != std::string::npos);
  s.input.mask.kind = MaskKind::Causal;
  const Result rc = attend(s.input);
  CHECK(explain_cell(s, rc, Stage::Masked, 0, 0, 1).find("causal mask") != std::string::npos);
  CHECK(explain_cell(s, rc, Stage::Weights, 0, 0, 1).find("weight is 0") != std::string::npos);
  CHECK(explain_cell(s, rc, Stage::Output, 0, 1, 0).find("Σ") != std::string::npos);
  CHECK(explain_cell(s, rc, Stage::Scores, 0, 5, 5).empty());
}

TEST_CASE("numbers for learners never read nan and use a true minus sign") {
  CHECK(fmt_num(std::nan("")) == "—");
  CHECK(fmt_num(-0.5) == "−0.50");
  CHECK(fmt_num(-1.3877787807814457e-17) == "0.00");  // a sum that cancels, not "−1.39e-17"
  CHECK(fmt_num(0.00174) == "0.00174");               // a small weight is not shown as 0
  CHECK(fmt_num(1234567.0) == "1.23e+06");
  CHECK(fmt_num(-INFINITY) == "−∞");
  CHECK(subscript(12) == "₁₂");
}

TEST_CASE("app_work_running holds while any one model trains or the scale lab measures") {
  ap::App app;
  CHECK_FALSE(ap::app_work_running(app));
  bool* flags[] = {&app.training.running,  &app.qa.running,         &app.induction.running,
                   &app.sentiment.running, &app.captioning.running, &app.scale.running};
  for (bool* flag : flags) {
    *flag = true;
    CHECK(ap::app_work_running(app));
    *flag = false;
  }
  CHECK_FALSE(ap::app_work_running(app));
}
