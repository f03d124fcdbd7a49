// libFuzzer target for lesson files: any bytes must parse (lesson_parse) and lint
// (lesson_lint, which merges presets and runs attend) without crashing, every message must
// read "FILE:LINE: reason" with a line inside the file and be valid UTF-8 (lesson text is
// checked for UTF-8, but quotes must not cut a character), every step's start must keep a
// frame's work bounded, and every prose field must go
// through the Markdown model. Built only with -DAP_BUILD_FUZZERS=ON.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz_checks.h"
#include "lessons/goal.h"
#include "lessons/lesson_lint.h"
#include "lessons/lesson_parse.h"
#include "lessons/markdown.h"
#include "lessons/step_state.h"

namespace {

void require_located(const std::string& message, long lines) {
  const std::string prefix = "fuzz.md:";
  ap_fuzz::require(message.rfind(prefix, 0) == 0, "message without the file: " + message);
  char* end = nullptr;
  const long line = std::strtol(message.c_str() + prefix.size(), &end, 10);
  ap_fuzz::require(line >= 1 && line <= lines + 1,
                   "message with a line outside the file: " + message);
  ap_fuzz::require(end && end[0] == ':' && end[1] == ' ', "message without \": \": " + message);
}

void render(const std::string& markdown) {
  const ap::RichText t = ap::markdown_parse(markdown);
  (void)ap::markdown_plain_text(t);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const ap::Lesson lesson = ap::lesson_parse(text, "fuzz.md");
  const long lines =
      1 + std::count(text.begin(), text.end(), '\n') + std::count(text.begin(), text.end(), '\r');
  ap::LessonSet set;
  set.lessons.push_back(lesson);
  for (const std::string& m : ap::lesson_lint(set)) {
    require_located(m, lines);
    ap_fuzz::require_message(m, "lesson_lint");
  }

  render(lesson.intro_markdown);
  for (int s = 0; s < static_cast<int>(lesson.steps.size()); ++s) {
    const ap::Step& step = lesson.steps[s];
    render(step.markdown);
    const ap::Decoded<ap::State> start = ap::lesson_step_start(lesson, s);
    if (!start.ok()) continue;
    ap_fuzz::require(ap::state_validate(*start.value).empty(), "a step start is not valid");
    ap_fuzz::require_frame_work(*start.value);
    const ap::Result result = ap::attend(start.value->input);
    for (const ap::Goal& g : step.goals) {
      render(g.text);
      render(g.hint);
      (void)ap::goal_why_not(g, *start.value, result);
    }
  }
  return 0;
}
