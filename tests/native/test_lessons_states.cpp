// Tests of the states lessons work with: merging partial State JSON (merge_partial), the
// starting state of each step (presets accumulate), solution states, panel visibility,
// and the lint rules that run steps through the pipeline.
#include <doctest/doctest.h>

#include <string>

#include "lessons/lesson_lint.h"
#include "lessons/lesson_parse.h"
#include "lessons/step_state.h"

namespace {

ap::State merged(const ap::State& base, const std::string& partial) {
  const ap::Decoded<ap::State> s = ap::merge_partial(base, partial);
  INFO(partial << ": " << s.error);
  REQUIRE(s.ok());
  return *s.value;
}

std::string merge_error(const ap::State& base, const std::string& partial) {
  const ap::Decoded<ap::State> s = ap::merge_partial(base, partial);
  return s.ok() ? "(merged)" : s.error;
}

const std::string kFront = "---\nid: t\ntitle: T\nsummary: S\n---\n";

std::vector<std::string> lint(const std::string& text) {
  ap::LessonSet set;
  set.lessons.push_back(ap::lesson_parse(text, "f.md"));
  return ap::lesson_lint(set);
}

std::string goal(const std::string& check, const std::string& solution) {
  return "```goal\ntext: T\ncheck: " + check + "\nsolution: " + solution + "\n```\n";
}

}  // namespace

TEST_CASE("merge_partial replaces only the keys the partial state gives") {
  const ap::State base = ap::state_default();
  const ap::State s = merged(base, R"({"temperature": 2, "scoring": "dot"})");
  CHECK(s.input.temperature == 2);
  CHECK(s.input.scoring.kind == ap::ScoringKind::Dot);
  CHECK(s.input.Q == base.input.Q);
  CHECK(s.key_tokens == base.key_tokens);

  CHECK(ap::state_to_json(merged(base, "")) == ap::state_to_json(base));
  CHECK(ap::state_to_json(merged(base, " {} ")) == ap::state_to_json(base));
}

TEST_CASE("merge_partial treats the two spellings of token labels as one key") {
  const ap::State base = ap::state_default();
  SUBCASE("tokens replaces both sides, even after a cross-attention state") {
    ap::State cross = merged(base, R"({"query_tokens": ["A", "B", "C", "D"]})");
    CHECK(cross.query_tokens == std::vector<std::string>{"A", "B", "C", "D"});
    CHECK(cross.key_tokens == base.key_tokens);
    const ap::State s = merged(cross, R"({"tokens": ["w", "x", "y", "z"]})");
    CHECK(s.query_tokens == s.key_tokens);
    CHECK(s.key_tokens == std::vector<std::string>{"w", "x", "y", "z"});
  }
  SUBCASE("key_tokens replaces one side") {
    const ap::State s = merged(base, R"({"key_tokens": ["k1", "k2", "k3", "k4"]})");
    CHECK(s.query_tokens == base.query_tokens);
    CHECK(s.key_tokens == std::vector<std::string>{"k1", "k2", "k3", "k4"});
  }
  SUBCASE("a new sequence length comes with its labels") {
    const ap::State s = merged(
        base,
        R"({"tokens": ["a", "b"], "Q": [[1, 0], [0, 1]], "K": [[1, 0], [0, 1]], "V": [[1], [2]]})");
    CHECK(s.input.Q.rows() == 2);
    CHECK(s.key_tokens == std::vector<std::string>{"a", "b"});
  }
}

TEST_CASE("merge_partial removes optional keys given as null") {
  const ap::State base = merged(ap::state_default(), R"({"sparsity": {"window": 1}})");
  CHECK(base.input.sparsity.window == 1);
  CHECK(merged(base, R"({"sparsity": null})").input.sparsity.window == -1);
}

TEST_CASE("merge_partial refuses partial states that do not make a valid state") {
  const ap::State base = ap::state_default();
  CHECK(merge_error(base, "[1]") ==
        "a partial state must be a JSON object such as {\"temperature\": 2}");
  CHECK(merge_error(base, "{").rfind("invalid JSON", 0) == 0);
  CHECK(merge_error(base, R"({"colour": "red"})") == "unknown key \"colour\" in the state");
  CHECK(merge_error(base, R"({"scoring": "general"})") == "general scoring needs \"W\" (d × d_k)");
  CHECK(merge_error(base, R"({"Q": [[1, 0], [0, 1]], "K": [[1, 0], [0, 1]], "V": [[1], [2]]})") ==
        "tokens has 4 labels but K has 2 rows (one label per token)");
}

TEST_CASE("a step starts from the presets of every step up to it") {
  const ap::Lesson l =
      ap::lesson_parse(kFront + "## One\n```preset\n{\"temperature\": 2}\n```\n" +
                           goal("scoring = dot", "{\"scoring\": \"dot\"}") + "## Two\n" +
                           goal("scoring = dot", "{\"scoring\": \"dot\"}") +
                           "## Three\n```preset\n{\"mask\": \"causal\"}\n```\n" +
                           goal("scoring = dot", "{\"scoring\": \"dot\"}"),
                       "f.md");
  REQUIRE(l.errors.empty());
  REQUIRE(l.steps.size() == 3);
  const ap::State one = *ap::lesson_step_start(l, 0).value;
  const ap::State two = *ap::lesson_step_start(l, 1).value;
  const ap::State three = *ap::lesson_step_start(l, 2).value;
  CHECK(one.input.temperature == 2);
  CHECK(ap::state_to_json(two) == ap::state_to_json(one));
  CHECK(three.input.temperature == 2);
  CHECK(three.input.mask.kind == ap::MaskKind::Causal);
  CHECK_FALSE(ap::lesson_step_start(l, 3).ok());
  CHECK_FALSE(ap::lesson_step_start(l, -1).ok());

  const ap::Decoded<ap::State> solved = ap::goal_solution_state(l, 2, 0);
  REQUIRE(solved.ok());
  CHECK(solved.value->input.scoring.kind == ap::ScoringKind::Dot);
  CHECK(solved.value->input.mask.kind == ap::MaskKind::Causal);
  CHECK_FALSE(ap::goal_solution_state(l, 2, 1).ok());
}

TEST_CASE("a step whose preset does not fit names the preset's line") {
  const ap::Lesson l = ap::lesson_parse(
      kFront + "## One\n```preset\n{\"heads\": 3}\n```\n" + goal("heads = 1", "{}"), "f.md");
  const ap::Decoded<ap::State> s = ap::lesson_step_start(l, 0);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error.rfind("f.md:7: preset: ", 0) == 0);
}

TEST_CASE("a step shows its panels block's choices over the defaults") {
  ap::Step s;
  s.hidden_panels = {"mask"};
  s.shown_panels = {"scaling"};
  CHECK_FALSE(ap::step_panel_visible(s, "mask"));
  CHECK(ap::step_panel_visible(s, "scaling"));
  CHECK(ap::step_panel_visible(s, "tokens"));
  CHECK_FALSE(ap::step_panel_visible(ap::Step{}, "scaling"));
}

TEST_CASE("lint accepts a lesson whose goals are open at the start and met by the solution") {
  const std::vector<std::string> problems =
      lint(kFront + "## One\n" + goal("scoring = dot", "{\"scoring\": \"dot\"}"));
  CHECK(problems.empty());
}

TEST_CASE("lint reports every kind of semantic problem at its line, top down") {
  const std::string text = kFront +                                          // 1–5
                           "## Many problems\n"                              // 6
                           "```goal\n"                                       // 7
                           "text: Already met.\n"                            // 8
                           "check: scoring = scaled_dot\n"                   // 9
                           "solution: {}\n"                                  // 10
                           "```\n"                                           // 11
                           "```goal\n"                                       // 12
                           "text: Never met.\n"                              // 13
                           "check: temperature > 5\n"                        // 14
                           "solution: {\"temperature\": 2}\n"                // 15
                           "```\n"                                           // 16
                           "```goal\n"                                       // 17
                           "text: Unknown token.\n"                          // 18
                           "check: weight dog -> cat > 0.5\n"                // 19
                           "solution: {\"temperature\": 2}\n"                // 20
                           "```\n"                                           // 21
                           "```goal\n"                                       // 22
                           "text: Bad solution.\n"                           // 23
                           "check: heads = 2\n"                              // 24
                           "solution: {\"heads\": 3}\n"                      // 25
                           "```\n"                                           // 26
                           "## No goal\n"                                    // 27
                           "## Bad preset\n"                                 // 28
                           "```preset\n"                                     // 29
                           "{\"mask\": \"padding\"}\n"                       // 30
                           "```\n" +                                         // 31
                           goal("mask = causal", "{\"mask\": \"causal\"}");  // 32–36
  const std::vector<std::string> problems = lint(text);
  REQUIRE(problems.size() == 6);
  CHECK(problems[0] == "f.md:7: goal already met at the start");
  CHECK(problems[1] == "f.md:12: solution does not meet the goal: temperature is 2; needs > 5");
  CHECK(problems[2] ==
        "f.md:19: goal check: unknown token \"dog\" (the tokens are the, cat, sat, down)");
  CHECK(problems[3].rfind("f.md:25: solution: ", 0) == 0);
  CHECK(problems[4] == "f.md:27: step \"No goal\" has no goal: add a ```goal block");
  CHECK(problems[5] ==
        "f.md:29: preset: mask \"padding\" needs \"valid_length\" (how many keys are real)");
}

TEST_CASE("lint reports lessons without steps and with more than eight") {
  CHECK(lint(kFront + "Only an intro.\n") ==
        std::vector<std::string>{
            "f.md:1: the lesson has no step: start one with a line \"## Step title\""});
  std::string nine = kFront;
  for (int i = 1; i <= 9; ++i)
    nine += "## Step " + std::to_string(i) + "\n```preset\n{\"temperature\": " + std::to_string(i) +
            "}\n```\n" + goal("temperature > " + std::to_string(i), "{\"temperature\": 10}");
  const std::vector<std::string> problems = lint(nine);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] == "f.md:" + std::to_string(ap::lesson_parse(nine, "f.md").steps[8].line) +
                           ": a lesson has at most 8 steps; this is step 9");
}

TEST_CASE("lint repeats a lesson's parse errors and adds nothing more for it") {
  const std::vector<std::string> problems = lint(kFront + "## S\n```goal\ntext: T\n```\n");
  REQUIRE(problems.size() == 2);
  CHECK(problems[0] == "f.md:7: the goal has no check: line");
  CHECK(problems[1] ==
        "f.md:7: the goal has no solution: line (a partial State JSON that meets it)");
}
