// The lesson "Case study: machine translation" is reachable the way a learner goes: train
// the model with the training view's defaults, open the typed sentence in the playground
// (training_playground_state), and every goal of steps 1 and 2 holds; switch to dot
// scoring, Reset, train again, and step 3's goal holds. Nothing here is a hand-made
// solution: the states come from trained models.
#include <doctest/doctest.h>

#include "app/training.h"
#include "lessons/goal.h"
#include "lessons/lesson_folder.h"

using namespace ap;

namespace {

const Lesson& translation_lesson(const LessonSet& set) {
  for (const Lesson& l : set.lessons)
    if (l.id == "case-study-translation") return l;
  FAIL("lesson case-study-translation not found");
  return set.lessons.front();
}

void train_to_end(TrainingSession& t) {
  training_ensure(t);
  t.running = true;
  t.clock.min_seconds = 1e9;  // the whole run in one "frame"
  while (t.running) training_frame(t);
}

// The goals that read the State (goals with model checks are run by their recipes in
// test_lesson_models.cpp).
void check_step_goals(const Step& step, const State& s) {
  const Result r = attend(s.input);
  for (const Goal& g : step.goals) {
    if (!g.recipe.empty()) continue;
    INFO("goal: ", g.text, "\nwhy not: ", goal_why_not(g, s, r));
    CHECK(goal_met(g, s, r));
  }
}

}  // namespace

TEST_CASE("the translation lesson's goals are met by models trained in the training view" *
          doctest::test_suite("training")) {
  const LessonSet set = lessons_load_dir(std::string(AP_SOURCE_DIR) + "/lessons");
  const Lesson& lesson = translation_lesson(set);
  REQUIRE(lesson.steps.size() == 4);

  TrainingSession t;
  train_to_end(t);
  CHECK(training_heldout(t) >= 0.9);
  const Decoded<State> opened = training_playground_state(t, true);
  REQUIRE(opened.ok());
  CHECK(opened.value->query_tokens ==
        std::vector<std::string>{"ta", "bofa", "rua", "oma", "na", "miro", "piti", "kurat"});
  check_step_goals(lesson.steps[0], *opened.value);
  check_step_goals(lesson.steps[1], *opened.value);
  // Step 3 wants a dot-scoring model: a finished additive run is kept for comparison.
  const Result r = attend(opened.value->input);
  CHECK_FALSE(goal_met(lesson.steps[2].goals[0], *opened.value, r));

  t.scoring = ScoringKind::Dot;
  training_reset(t);
  REQUIRE(t.finished.size() == 1);
  CHECK(t.finished[0].label == "additive, seed 1");
  train_to_end(t);
  const Decoded<State> dot = training_playground_state(t, true);
  REQUIRE(dot.ok());
  check_step_goals(lesson.steps[2], *dot.value);
}

TEST_CASE("the training view names unknown words in a typed sentence and opens nothing") {
  TrainingSession t;
  training_ensure(t);
  t.typed = "the zebra chases a cat";
  training_frame(t);
  CHECK(t.typed_error == "unknown word: \"zebra\"");
  const Decoded<State> s = training_playground_state(t, true);
  CHECK_FALSE(s.ok());
  CHECK(s.error == t.typed_error);
}
