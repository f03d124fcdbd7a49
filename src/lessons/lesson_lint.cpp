// Lint rules beyond parsing: step and goal counts, each step run through the pipeline
// (preset → starting state → attend; solution → state → attend) with every goal checked at
// both ends, and the numbers the prose quotes (quoted_numbers.h) against the pipeline.
#include "lessons/lesson_lint.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>

#include "lessons/goal.h"
#include "lessons/model_recipe.h"
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

// A goal with model checks has a recipe (a State cannot train a model) and the reverse; the
// recipe trains no further than the view's Train goes, and the goal's other checks hold at
// the step's start. Whether the recipe meets the goal is a native test's job (it trains).
void lint_recipe_goal(const Lesson& l, const Goal& g, const State& start,
                      const Result& start_result, std::vector<std::string>& out) {
  if (g.recipe.empty()) {
    out.push_back(at(l, g.solution_line) +
                  "a goal with a model check needs a recipe solution (\"train MODEL STEPS\", "
                  "then what the learner does): a State cannot train a model");
    return;
  }
  if (!goal_reads_models(g)) {
    out.push_back(at(l, g.solution_line) +
                  "a recipe solution is for goals with a model check (\"model NAME …\")");
    return;
  }
  if (const std::string e = recipe_check(g.recipe); !e.empty())
    out.push_back(at(l, g.solution_line) + e);
  for (const Check& c : g.checks) {
    if (check_reads_models(c)) continue;
    if (const std::string e = check_token_error(c, start); !e.empty()) {
      out.push_back(at(l, c.line) + "goal check: " + e);
    } else if (const CheckOutcome o = check_evaluate(c, start, start_result); !o.holds) {
      out.push_back(at(l, c.line) +
                    "the recipe changes no State, so this check must hold at "
                    "the step's start: " +
                    o.detail);
    }
  }
}

// A goal must be something to do: not met where the step starts, met once solved.
void lint_goal(const Lesson& l, const Goal& g, const State& start, const Result& start_result,
               std::vector<std::string>& out) {
  if (goal_reads_models(g) || !g.recipe.empty()) {
    lint_recipe_goal(l, g, start, start_result, out);
    return;
  }
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

// A lesson whose prerequisites lead back to it can never be started in order: the path
// from `l` back to itself ("a → b → a"), or "" when there is none.
std::string prerequisite_cycle(const LessonSet& set, const Lesson& l) {
  std::map<std::string, const Lesson*> by_id;
  for (const Lesson& x : set.lessons)
    if (!x.id.empty()) by_id.emplace(x.id, &x);
  // Depth-first over prerequisites; `path` is the chain from l, `done` what led nowhere.
  std::vector<std::string> path = {l.id};
  std::set<std::string> done;
  const std::function<bool(const Lesson&)> visit = [&](const Lesson& at) -> bool {
    for (const std::string& id : at.prerequisites) {
      if (id == l.id) return path.push_back(id), true;
      const auto it = by_id.find(id);
      if (it == by_id.end() || done.count(id) ||
          std::find(path.begin(), path.end(), id) != path.end())
        continue;
      path.push_back(id);
      if (visit(*it->second)) return true;
      path.pop_back();
      done.insert(id);
    }
    return false;
  };
  if (l.id.empty() || !visit(l)) return "";
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) out += (i ? " → " : "") + path[i];
  return out;
}

// The LINE of "FILE:LINE: reason" for a message about `l`.
long line_of(const Lesson& l, const std::string& message) {
  return std::strtol(message.c_str() + std::min(message.size(), l.file.size() + 1), nullptr, 10);
}

}  // namespace

std::vector<std::string> lesson_lint_one(const LessonSet& set, const Lesson& l) {
  if (!l.errors.empty()) return l.errors;
  std::vector<std::string> found;
  if (const std::string cycle = prerequisite_cycle(set, l); !cycle.empty())
    found.push_back(at(l, l.prerequisites_line) + "prerequisites form a cycle (" + cycle +
                    "): no order of lessons can satisfy them");
  lint_structure(l, found);
  lint_states(l, found);
  const std::vector<std::string> quotes = lint_quoted_numbers(l);
  found.insert(found.end(), quotes.begin(), quotes.end());
  // A teacher fixes a file from the top down.
  std::stable_sort(found.begin(), found.end(), [&](const std::string& a, const std::string& b) {
    return line_of(l, a) < line_of(l, b);
  });
  return found;
}

std::vector<std::string> lesson_lint(const LessonSet& set) {
  std::vector<std::string> out = set.errors;
  for (const Lesson& l : set.lessons) {
    const std::vector<std::string> found = lesson_lint_one(set, l);
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

void lessons_keep_lint_errors(LessonSet& set) {
  std::vector<std::vector<std::string>> found;
  for (const Lesson& l : set.lessons) found.push_back(lesson_lint_one(set, l));
  for (std::size_t i = 0; i < set.lessons.size(); ++i) set.lessons[i].errors = std::move(found[i]);
}

}  // namespace ap
