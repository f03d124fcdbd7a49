// The lesson session: opening steps, live goal ticks, progress JSON and the status text for
// screen readers; see lesson_session.h.
#include "lessons/lesson_session.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "lessons/goal.h"
#include "lessons/lesson_parse.h"
#include "lessons/markdown.h"
#include "lessons/model_recipe.h"
#include "lessons/step_state.h"

namespace ap {
namespace {

constexpr int kMaxStoredStep = 99;

// Markdown to one plain line (trailing newlines dropped).
std::string plain(const std::string& md) {
  std::string text = markdown_plain_text(markdown_parse(md));
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

void set_step(LessonSession& s, int lesson, int step) {
  s.lesson = lesson;
  s.step = step;
  s.goals_met.assign(s.set.lessons[lesson].steps[step].goals.size(), false);
  s.evaluated_version = -1;
}

bool apply_step_start(LessonSession& s, App& app, bool record_undo, std::string* error) {
  Decoded<State> start = lesson_step_start(s.set.lessons[s.lesson], s.step);
  if (!start.ok()) {
    *error = "This step's starting state is broken: " + start.error;
    return false;
  }
  if (!app_apply(app, *start.value, record_undo)) {
    *error = app.notice;
    return false;
  }
  // The inspector shows the query the step is about.
  const int focus = step_focus_query(s.set.lessons[s.lesson].steps[s.step], app.state);
  if (focus >= 0) app.selected_query = focus;
  return true;
}

}  // namespace

std::string progress_to_json(const LessonProgress& progress) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [id, steps] : progress) {
    nlohmann::json list = nlohmann::json::array();
    for (int step : steps) list.push_back(step + 1);
    j[id] = list;
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

LessonProgress progress_from_json(const std::string& text) {
  LessonProgress out;
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return out;
  for (const auto& [id, steps] : j.items()) {
    if (!steps.is_array() || id.empty() || id.size() > 64) continue;
    for (const auto& step : steps) {
      if (!step.is_number_integer()) continue;
      const long long n = step.get<long long>();
      if (n >= 1 && n <= kMaxStoredStep) out[id].insert(static_cast<int>(n - 1));
    }
  }
  return out;
}

const Lesson* session_lesson(const LessonSession& s) {
  if (s.lesson < 0 || s.lesson >= static_cast<int>(s.set.lessons.size())) return nullptr;
  return &s.set.lessons[s.lesson];
}

int session_find(const LessonSession& s, const std::string& id) {
  for (std::size_t i = 0; i < s.set.lessons.size(); ++i)
    if (s.set.lessons[i].id == id) return static_cast<int>(i);
  return -1;
}

bool session_open(LessonSession& s, App& app, const std::string& id, int step, bool record_undo,
                  std::string* error) {
  const int index = session_find(s, id);
  if (index < 0) {
    *error = "There is no lesson \"" + id + "\".";
    return false;
  }
  const Lesson& lesson = s.set.lessons[index];
  if (!lesson.errors.empty() || lesson.steps.empty()) {
    *error = "The lesson \"" + id + "\" cannot be opened: " +
             (lesson.errors.empty() ? "it has no steps" : lesson.errors.front());
    return false;
  }
  const int n = static_cast<int>(lesson.steps.size());
  if (step < 0 || step >= n) {
    *error =
        "The lesson \"" + id + "\" has steps 1 to " + std::to_string(n) + ", so step 1 is shown.";
    step = 0;
  }
  const int before_lesson = s.lesson, before_step = s.step;
  set_step(s, index, step);
  std::string apply_error;
  if (!apply_step_start(s, app, record_undo, &apply_error)) {
    if (before_lesson >= 0) {
      set_step(s, before_lesson, before_step);
    } else {
      session_close(s);
    }
    *error = apply_error;
    return false;
  }
  return true;
}

void session_open_link(LessonSession& s, App& app, const LessonLink& link, bool keep_state) {
  const std::string earlier_notice = app.notice;
  std::string error = link.error;
  if (link.lesson.empty()) {
    if (!error.empty()) app.notice = error;
    return;
  }
  const int step = link.step > 0 ? link.step - 1 : 0;
  const int index = session_find(s, link.lesson);
  const bool step_ok = index >= 0 && step < static_cast<int>(s.set.lessons[index].steps.size());
  if (keep_state && step_ok && s.set.lessons[index].errors.empty()) {
    set_step(s, index, step);
  } else {
    // A failed open and an open with a warning (e.g. the step was out of range) both report.
    std::string open_error;
    const bool opened = session_open(s, app, link.lesson, step, false, &open_error);
    if (!opened || !open_error.empty()) error = open_error;
  }
  s.hide = link.hide;
  // app_apply clears the notice: keep what the link's state part reported, if anything.
  if (!error.empty())
    app.notice = earlier_notice.empty() ? error : earlier_notice + " " + error;
  else
    app.notice = earlier_notice;
}

void session_close(LessonSession& s) {
  s.lesson = -1;
  s.step = 0;
  s.hide.clear();
  s.goals_met.clear();
  s.evaluated_version = -1;
}

bool session_reset_step(LessonSession& s, App& app) {
  if (!session_lesson(s)) return false;
  std::string error;
  if (apply_step_start(s, app, true, &error)) return true;
  app.notice = error;
  return false;
}

bool session_show_me(LessonSession& s, App& app, int goal) {
  const Lesson* lesson = session_lesson(s);
  if (!lesson || goal < 0 || goal >= static_cast<int>(lesson->steps[s.step].goals.size()))
    return false;
  Decoded<State> solved = goal_solution_state(*lesson, s.step, goal);
  if (!solved.ok()) {
    app.notice = "This goal's solution is broken: " + solved.error;
    return false;
  }
  const std::vector<RecipeAction>& recipe = lesson->steps[s.step].goals[goal].recipe;
  // A recipe trains a model: Show me presses Train and types what the recipe types.
  if (!recipe.empty()) recipe_start(recipe, app);
  return app_apply(app, *solved.value);
}

bool session_next(LessonSession& s, App& app) {
  const Lesson* lesson = session_lesson(s);
  if (!lesson || s.step + 1 >= static_cast<int>(lesson->steps.size())) return false;
  std::string error;
  const bool ok = session_open(s, app, lesson->id, s.step + 1, true, &error);
  if (!error.empty()) app.notice = error;
  return ok;
}

bool session_previous(LessonSession& s, App& app) {
  const Lesson* lesson = session_lesson(s);
  if (!lesson || s.step == 0) return false;
  std::string error;
  const bool ok = session_open(s, app, lesson->id, s.step - 1, true, &error);
  if (!error.empty()) app.notice = error;
  return ok;
}

bool session_update(LessonSession& s, const App& app) {
  const Lesson* lesson = session_lesson(s);
  if (!lesson) return false;
  const std::vector<Goal>& goals = lesson->steps[s.step].goals;
  // Models train and take typed text without changing the State: their goals are
  // re-evaluated on every call.
  const bool models = std::any_of(goals.begin(), goals.end(), goal_reads_models);
  if (!models && s.evaluated_version == app.version) return false;
  s.evaluated_version = app.version;
  ModelFacts facts;
  if (models) facts = model_facts_read(app);
  s.goals_met.assign(goals.size(), false);
  for (std::size_t i = 0; i < goals.size(); ++i)
    s.goals_met[i] = goal_met(goals[i], app.state, app.result, &facts);
  if (session_all_met(s) && s.progress[lesson->id].insert(s.step).second) s.progress_changed = true;
  return true;
}

std::string session_why_not(const LessonSession& s, const App& app, int goal) {
  const Lesson* lesson = session_lesson(s);
  if (!lesson || goal < 0 || goal >= static_cast<int>(lesson->steps[s.step].goals.size()))
    return "";
  const Goal& g = lesson->steps[s.step].goals[goal];
  const ModelFacts facts = goal_reads_models(g) ? model_facts_read(app) : ModelFacts{};
  return goal_why_not(g, app.state, app.result, &facts);
}

bool session_all_met(const LessonSession& s) {
  return !s.goals_met.empty() &&
         std::all_of(s.goals_met.begin(), s.goals_met.end(), [](bool met) { return met; });
}

bool session_panel_visible(const LessonSession& s, const std::string& panel) {
  if (std::find(s.hide.begin(), s.hide.end(), panel) != s.hide.end()) return false;
  const Lesson* lesson = session_lesson(s);
  if (!lesson) return lesson_panel_default_visible(panel);
  return step_panel_visible(lesson->steps[s.step], panel);
}

LessonLink session_link(const LessonSession& s) {
  LessonLink link;
  const Lesson* lesson = session_lesson(s);
  if (!lesson) return link;
  link.lesson = lesson->id;
  link.step = s.step + 1;
  link.hide = s.hide;
  return link;
}

std::string session_status_text(const LessonSession& s) {
  const Lesson* lesson = session_lesson(s);
  if (!lesson) return "";
  const Step& step = lesson->steps[s.step];
  const std::size_t n = step.goals.size();
  std::string text = lesson->title + ", step " + std::to_string(s.step + 1) + " of " +
                     std::to_string(lesson->steps.size()) + ": " + step.title + ".\n" +
                     plain(step.markdown) + "\n";
  for (std::size_t i = 0; i < n; ++i) {
    const bool met = i < s.goals_met.size() && s.goals_met[i];
    text += "Goal " + std::to_string(i + 1) + " of " + std::to_string(n) +
            (met ? " done: " : " not yet done: ") + plain(step.goals[i].text) + "\n";
  }
  return text;
}

}  // namespace ap
