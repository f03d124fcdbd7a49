// The inspector follows the step: step_focus_query names the first query a step's goal
// checks are about (by label or #n), skips checks without a query, and gives -1 for none.
#include <doctest/doctest.h>

#include "lessons/lesson_parse.h"
#include "lessons/step_state.h"

namespace {

ap::Step step_with(const std::string& checks) {
  const ap::Lesson l = ap::lesson_parse(
      "---\nid: t\ntitle: T\nsummary: S\n---\n## Step\nText.\n```goal\ntext: Do it.\n" + checks +
          "solution: {\"scoring\": \"dot\"}\n```\n",
      "t.md");
  REQUIRE(l.errors.empty());
  return l.steps.at(0);
}

}  // namespace

TEST_CASE("step_focus_query finds the query a step's goals are about") {
  const ap::State s = ap::state_default();  // the, cat, sat, down
  CHECK(ap::step_focus_query(step_with("check: weight cat -> the > 0.9\n"), s) == 1);
  CHECK(ap::step_focus_query(step_with("check: scoring = dot\ncheck: entropy #3 > 1\n"), s) == 2);
  CHECK(ap::step_focus_query(step_with("check: scoring = dot\n"), s) == -1);
  CHECK(ap::step_focus_query(step_with("check: argmax dog = the\n"), s) == -1);
}
