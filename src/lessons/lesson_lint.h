// Checks a whole lesson set the way a teacher needs before publishing: every parse error,
// plus what only running the lessons shows (a preset that does not make a valid state, a
// goal already met where its step starts, a solution that does not meet its goal).
// Used by `attention-cli lint-lessons DIR` (which the build runs on lessons/, failing on a
// problem), by the page when it loads its lessons, and by the test that loads lessons/.
#pragma once

#include <string>
#include <vector>

#include "lessons/lesson.h"

namespace ap {

// Every problem as "FILE:LINE: reason", in file order; empty when the set is ready to teach.
// A lesson with parse or link errors reports only those (later checks would only echo them).
std::vector<std::string> lesson_lint(const LessonSet& set);

// The problems of one lesson of `set` (its parse errors, or else prerequisite cycles,
// structure, presets and goals), as lesson_lint reports them.
std::vector<std::string> lesson_lint_one(const LessonSet& set, const Lesson& l);

// Moves every lesson's lint problems into its `errors`, so the page shows a lesson with
// problems as unavailable (greyed, with the first reason) and never opens it.
void lessons_keep_lint_errors(LessonSet& set);

// The most steps a lesson may have.
inline constexpr int kMaxLessonSteps = 8;

}  // namespace ap
