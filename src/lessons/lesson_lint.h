// Checks a whole lesson set the way a teacher needs before publishing: every parse error,
// plus what only running the lessons shows (a preset that does not make a valid state, a
// goal already met where its step starts, a solution that does not meet its goal).
// Used by `attention-cli lint-lessons DIR` and by the test that loads lessons/.
#pragma once

#include <string>
#include <vector>

#include "lessons/lesson.h"

namespace ap {

// Every problem as "FILE:LINE: reason", in file order; empty when the set is ready to teach.
// A lesson with parse or link errors reports only those (later checks would only echo them).
std::vector<std::string> lesson_lint(const LessonSet& set);

// The most steps a lesson may have.
inline constexpr int kMaxLessonSteps = 8;

}  // namespace ap
