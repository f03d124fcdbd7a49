// The C side of window.attention (web/attention_api.js): getState, setState, getResult,
// getLesson and openLesson as exported C functions that speak JSON text. Each returns a
// pointer to a static string that stays valid until the next call of the same function;
// the glue copies it at once.
#include <emscripten.h>

#include <nlohmann/json.hpp>
#include <string>

#include "platform/web/web_app.h"
#include "state/result_json.h"
#include "state/state.h"
#include "ui/lesson_ui.h"
#include "ui/test_hooks.h"

namespace {

std::string reply(bool ok, const std::string& error) {
  nlohmann::json j = {{"ok", ok}};
  if (!ok) j["error"] = error;
  return j.dump();
}

}  // namespace

extern "C" {

// The current State as JSON text (the schema of state_to_json).
EMSCRIPTEN_KEEPALIVE const char* ap_js_get_state() {
  static std::string text;
  text = ap::state_to_json(ap::web_app().state);
  return text.c_str();
}

// Replaces the state with the State JSON text `json` when it is valid and returns
// {"ok":true}; otherwise keeps the state and returns {"ok":false,"error":"<sentence>"}.
EMSCRIPTEN_KEEPALIVE const char* ap_js_set_state(const char* json) {
  static std::string text;
  ap::Decoded<ap::State> decoded = ap::state_from_json(json ? json : "");
  if (!decoded.ok()) {
    text = reply(false, decoded.error);
  } else if (!ap::app_apply(ap::web_app(), *decoded.value)) {
    text = reply(false, ap::web_app().notice);
  } else {
    text = reply(true, "");
  }
  return text.c_str();
}

// The Result of the current state as JSON text (the schema of result_to_json).
EMSCRIPTEN_KEEPALIVE const char* ap_js_get_result() {
  static std::string text;
  text = ap::result_to_json(ap::web_app().result);
  return text.c_str();
}

// The notice line's text ("" when none): what the learner was told about bad input.
EMSCRIPTEN_KEEPALIVE const char* ap_js_get_notice() {
  static std::string text;
  text = ap::web_app().notice;
  return text.c_str();
}

// Test hook: lets browser tests find widgets. The rectangle the widget `name` had in the
// latest frame as {"x0","y0","x1","y1"} in device pixels of the canvas, or "null".
EMSCRIPTEN_KEEPALIVE const char* ap_js_item_rect(const char* name) {
  static std::string text;
  const ap::TestHookRect* r = ap::test_hook_find(name ? name : "");
  text = r ? nlohmann::json{{"x0", r->x0}, {"y0", r->y0}, {"x1", r->x1}, {"y1", r->y1}}.dump()
           : "null";
  return text.c_str();
}

// The open lesson as {"lesson","title","step","steps","goals":[{"text","met"}],"a11y"}
// (step 1-based; "lesson" is null when none is open). "a11y" is the text last announced.
EMSCRIPTEN_KEEPALIVE const char* ap_js_get_lesson() {
  static std::string text;
  ap::LessonSession& s = ap::lesson_session();
  ap::session_update(s, ap::web_app());
  const ap::Lesson* lesson = ap::session_lesson(s);
  nlohmann::json j = {{"lesson", nullptr}, {"a11y", s.announced}};
  if (lesson) {
    const ap::Step& step = lesson->steps[s.step];
    nlohmann::json goals = nlohmann::json::array();
    for (std::size_t i = 0; i < step.goals.size(); ++i)
      goals.push_back(
          {{"text", step.goals[i].text}, {"met", i < s.goals_met.size() && s.goals_met[i]}});
    j.update({{"lesson", lesson->id},
              {"title", lesson->title},
              {"step", s.step + 1},
              {"steps", lesson->steps.size()},
              {"goals", goals}});
  }
  text = j.dump();
  return text.c_str();
}

// Every lesson that loaded as [{"id","title","steps"}], in teaching order.
EMSCRIPTEN_KEEPALIVE const char* ap_js_list_lessons() {
  static std::string text;
  nlohmann::json list = nlohmann::json::array();
  for (const ap::Lesson& l : ap::lesson_session().set.lessons)
    if (l.errors.empty())
      list.push_back({{"id", l.id}, {"title", l.title}, {"steps", l.steps.size()}});
  text = list.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return text.c_str();
}

// Opens step `step` (1-based) of lesson `id` at its starting state; {"ok":true} or
// {"ok":false,"error":"<sentence>"}. An out-of-range step opens step 1 with an error.
EMSCRIPTEN_KEEPALIVE const char* ap_js_open_lesson(const char* id, int step) {
  static std::string text;
  std::string error;
  const bool ok =
      ap::session_open(ap::lesson_session(), ap::web_app(), id ? id : "", step - 1, true, &error);
  text = reply(ok && error.empty(), error);
  return text.c_str();
}

// The training view as {"open","running","step","steps","scoring","seed","parameters",
// "loss","heldout","attention","steps_per_second","seconds_to_90","train_seconds",
// "source","output","weights"}: the last training loss, the last held-out exact match and
// attention accuracy (−1 before the first evaluation), and the shown held-out sentence's
// greedy translation with its attention rows.
EMSCRIPTEN_KEEPALIVE const char* ap_js_get_training() {
  static std::string text;
  const ap::TrainingSession& t = ap::web_app().training;
  nlohmann::json j = {{"open", t.open}, {"running", t.running}};
  if (t.trainer) {
    const ap::models::Trainer& tr = *t.trainer;
    nlohmann::json weights = nlohmann::json::array();
    for (Eigen::Index r = 0; r < t.shown.weights.rows(); ++r) {
      nlohmann::json row = nlohmann::json::array();
      for (Eigen::Index c = 0; c < t.shown.weights.cols(); ++c)
        row.push_back(t.shown.weights(r, c));
      weights.push_back(row);
    }
    j.update({{"step", tr.steps_done()},
              {"steps", tr.config().steps},
              {"scoring", ap::scoring_name(tr.config().model.scoring)},
              {"seed", tr.config().seed},
              {"parameters", t.trainer->model().parameter_count()},
              {"loss", tr.curve().empty() ? -1.0 : tr.curve().back().loss},
              {"heldout", ap::training_heldout(t)},
              {"attention", ap::training_attention(t)},
              {"steps_per_second", t.steps_per_second},
              {"seconds_to_90", t.first_train_seconds},
              {"train_seconds", tr.train_seconds()},
              {"finished_runs", t.finished.size()},
              {"source", t.shown.source},
              {"output", t.shown.output},
              {"weights", weights}});
  }
  text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return text.c_str();
}

}  // extern "C"
