// Lint rules beyond parsing: step and goal counts, each step run through the pipeline
// (preset → starting state → attend; solution → state → attend) with every goal checked at
// both ends, and the numbers the prose quotes (quoted_numbers.h) against the pipeline.
#include "lessons/lesson_lint.h"

#include <algorithm>
#include <cstdlib>

#include "lessons/goal.h"
#include "lessons/quoted_numbers.h"
#include "lessons/step_state.h"

namespace ap {
namespace {

std::string at(const Lesson& l, int line) {
  return l.file + ":" + std::to_string(line) + ": ";
}

void lint_structure(const Lesson& l, std::vector<std::string>& out) {
  if (l.steps.empty())
    out.push_back(at(l, 1) + "the lesson has no step: start one with a line \"## Step title\"");
  if (static_cast<int>(l.steps.size()) > kMaxLessonSteps)
    out.push_back(at(l, l.steps[kMaxLessonSteps].line) + "a lesson has at most " +
                  std::to_string(kMaxLessonSteps) + " steps; this is step " +
                  std::to_string(kMaxLessonSteps + 1));
  for (const Step& s : l.steps)
    if (s.goals.empty())
      out.push_back(at(l, s.line) + "step \"" + s.title + "\" has no goal: add a ```goal block");
}

// A goal must be something to do: not met where the step starts, met once solved.
void lint_goal(const Lesson& l, const Goal& g, const State& start, const Result& start_result,
               std::vector<std::string>& out) {
  const Decoded<State> solved = merge_partial(start, g.solution_json);
  if (!solved.ok()) {
    out.push_back(at(l, g.solution_line) + "solution: " + solved.error);
    return;
  }
  for (const Check& c : g.checks)
    if (const std::string e = check_token_error(c, *solved.value); !e.empty()) {
      out.push_back(at(l, c.line) + "goal check: " + e);
      return;
    }
  if (goal_met(g, start, start_result))
    out.push_back(at(l, g.line) + "goal already met at the start");
  const Result solved_result = attend(solved.value->input);
  if (!goal_met(g, *solved.value, solved_result))
    out.push_back(at(l, g.line) + "solution does not meet the goal: " +
                  goal_why_not(g, *solved.value, solved_result));
}

void lint_states(const Lesson& l, std::vector<std::string>& out) {
  State start = state_default();
  for (const Step& s : l.steps) {
    Decoded<State> next = merge_partial(start, s.preset_json);
    if (!next.ok()) {
      // Later steps start from this one, so their messages would only repeat this one.
      out.push_back(at(l, s.preset_line) + "preset: " + next.error);
      return;
    }
    start = std::move(*next.value);
    const Result result = attend(start.input);
    for (const Goal& g : s.goals) lint_goal(l, g, start, result, out);
  }
}

// The LINE of "FILE:LINE: reason" for a message about `l`.
long line_of(const Lesson& l, const std::string& message) {
  return std::strtol(message.c_str() + std::min(message.size(), l.file.size() + 1), nullptr, 10);
}

}  // namespace

std::vector<std::string> lesson_lint(const LessonSet& set) {
  std::vector<std::string> out = set.errors;
  for (const Lesson& l : set.lessons) {
    if (!l.errors.empty()) {
      out.insert(out.end(), l.errors.begin(), l.errors.end());
      continue;
    }
    std::vector<std::string> found;
    lint_structure(l, found);
    lint_states(l, found);
    const std::vector<std::string> quotes = lint_quoted_numbers(l);
    found.insert(found.end(), quotes.begin(), quotes.end());
    // A teacher fixes a file from the top down.
    std::stable_sort(found.begin(), found.end(), [&](const std::string& a, const std::string& b) {
      return line_of(l, a) < line_of(l, b);
    });
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace ap
