// Numbers quoted in lesson prose are the page's numbers: the {= quantity} marks are read,
// hidden from the learner, and checked against the pipeline at the step's start or after a
// goal's solution — a wrong number, a wrong token or too many digits fail the lint, and every
// lesson in lessons/ passes with a good share of its numbers marked.
#include <doctest/doctest.h>

#include <string>

#include "lessons/lesson_folder.h"
#include "lessons/lesson_parse.h"
#include "lessons/markdown.h"
#include "lessons/quoted_numbers.h"

namespace {

// A one-step lesson on the default state (the cat sat down) whose prose is `prose`.
ap::Lesson lesson_with(const std::string& prose) {
  return ap::lesson_parse("---\nid: t\ntitle: T\nsummary: S\n---\n## Step\n" + prose +
                              "\n```goal\ntext: Use dot.\ncheck: scoring = dot\nsolution: "
                              "{\"scoring\": \"dot\"}\n```\n",
                          "t.md");
}

}  // namespace

TEST_CASE("quoted_numbers reads numbers, signs, vectors and goal marks") {
  std::vector<std::string> errors;
  const auto q = ap::quoted_numbers(
      "w = 0.674{= weight the -> cat}, −0.5{=goal 2: param Q[1, 1]} and [1, 0]{= output the}.",
      &errors);
  CHECK(errors.empty());
  REQUIRE(q.size() == 3);
  CHECK(q[0].quoted == "0.674");
  CHECK(q[0].quantity == "weight the -> cat");
  CHECK(q[0].goal == 0);
  CHECK(q[1].quoted == "−0.5");
  CHECK(q[1].goal == 2);
  CHECK(q[1].quantity == "param Q[1, 1]");
  CHECK(q[2].quoted == "[1, 0]");
  CHECK(ap::strip_number_marks("w = 0.674{= weight the -> cat}, {x=1}") == "w = 0.674, {x=1}");
}

TEST_CASE("markdown_parse hides the marks from the learner") {
  const ap::RichText t = ap::markdown_parse("The weight is 0.25{= weight the -> cat}.");
  CHECK(ap::markdown_plain_text(t) == "The weight is 0.25.");
}

TEST_CASE("the lint accepts a right number and names a wrong one") {
  // The default state's temperature is 1: quoting 1 and 1.0 is right, 1.2 and 0.999 are not.
  CHECK(ap::lint_quoted_numbers(lesson_with("T = 1{= temperature}, 1.0{= temperature}.")).empty());
  const auto wrong = ap::lint_quoted_numbers(lesson_with("T = 1.2{= temperature}."));
  REQUIRE(wrong.size() == 1);
  CHECK(wrong[0].find("t.md:6: quoted number: quotes 1.2") == 0);
  CHECK(ap::lint_quoted_numbers(lesson_with("T = 0.999{= temperature}.")).size() == 1);
  // Unknown tokens and unreadable quantities are reported, not ignored.
  CHECK(ap::lint_quoted_numbers(lesson_with("0.5{= weight dog -> cat}")).size() == 1);
  CHECK(ap::lint_quoted_numbers(lesson_with("0.5{= loudness the}")).size() == 1);
  CHECK(ap::lint_quoted_numbers(lesson_with("0.5{=goal 3: temperature}")).size() == 1);
}

TEST_CASE("a goal mark reads the state after that goal's solution") {
  // The goal's solution switches to dot scoring; its temperature stays 1.
  CHECK(ap::lint_quoted_numbers(lesson_with("1{=goal 1: temperature}")).empty());
}

TEST_CASE("every number marked in lessons/ is what the page computes") {
  const ap::LessonSet set = ap::lessons_load_dir(AP_SOURCE_DIR "/lessons");
  REQUIRE(!set.lessons.empty());
  int marked = 0;
  std::string problems;
  for (const ap::Lesson& l : set.lessons) {
    for (const ap::Step& s : l.steps) {
      marked += static_cast<int>(ap::quoted_numbers(s.markdown, nullptr).size());
      for (const ap::Goal& g : s.goals)
        marked += static_cast<int>(ap::quoted_numbers(g.text, nullptr).size() +
                                   ap::quoted_numbers(g.hint, nullptr).size());
    }
    for (const std::string& e : ap::lint_quoted_numbers(l)) problems += e + "\n";
  }
  INFO(problems);
  CHECK(problems.empty());
  CHECK(marked >= 20);
  MESSAGE(marked << " quoted numbers checked");
}
