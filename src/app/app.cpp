// Applying edits, keeping the last valid result, undo and redo; see app.h.
#include "app/app.h"

#include <algorithm>

#include "app/app_url.h"
#include "core/limits.h"

namespace ap {
namespace {

constexpr std::size_t kMaxUndo = 200;

void set_state(App& app, State next) {
  app.state = std::move(next);
  app.result = attend(app.state.input);
  app.grads = attend_backward(app.state.input, app.result,
                              Matrix::Ones(app.result.output.rows(), app.result.output.cols()));
  const int n_q = static_cast<int>(app.state.input.Q.rows());
  app.selected_query = std::clamp(app.selected_query, 0, n_q - 1);
  ++app.version;
}

}  // namespace

void app_init(App& app, const std::string& url_hash) {
  set_state(app, state_default());
  app.notice.clear();
  const std::string state_part = url_split(url_hash).state;
  if (state_part.empty()) return;
  Decoded<State> decoded = state_from_url(state_part);
  app.started_from_link = decoded.ok();
  if (decoded.ok()) {
    set_state(app, std::move(*decoded.value));
  } else {
    app.notice = "The link's state could not be used (" + decoded.error +
                 "), so the default example is shown.";
  }
}

bool app_apply(App& app, const State& next, bool record_undo) {
  if (std::string error = state_validate(next); !error.empty()) {
    app.notice = error;
    return false;
  }
  if (record_undo) {
    app.undo_stack.push_back(app.state);
    if (app.undo_stack.size() > kMaxUndo) app.undo_stack.erase(app.undo_stack.begin());
    app.redo_stack.clear();
  }
  app.notice.clear();
  set_state(app, next);
  return true;
}

void app_begin_gesture(App& app) {
  app.gesture_start = app.state;
}

void app_end_gesture(App& app) {
  if (!app.gesture_start) return;
  const State& before = *app.gesture_start;
  const bool changed = state_to_url(before) != state_to_url(app.state);
  if (changed) {
    app.undo_stack.push_back(before);
    if (app.undo_stack.size() > kMaxUndo) app.undo_stack.erase(app.undo_stack.begin());
    app.redo_stack.clear();
  }
  app.gesture_start.reset();
}

bool app_undo(App& app) {
  if (app.undo_stack.empty()) return false;
  app.redo_stack.push_back(app.state);
  set_state(app, app.undo_stack.back());
  app.undo_stack.pop_back();
  return true;
}

bool app_redo(App& app) {
  if (app.redo_stack.empty()) return false;
  app.undo_stack.push_back(app.state);
  set_state(app, app.redo_stack.back());
  app.redo_stack.pop_back();
  return true;
}

bool app_work_running(const App& app) {
  return app.training.running || app.qa.running || app.induction.running || app.sentiment.running ||
         app.captioning.running || app.scale.running;
}

void app_models_frame(App& app, const ShownViews& shown) {
  if (shown.translation || app.training.running) training_frame(app.training);
  if (shown.sentiment || app.sentiment.running) sentiment_frame(app.sentiment);
  if (shown.qa || app.qa.running) qa_frame(app.qa);
  if (shown.induction || app.induction.running) induction_frame(app.induction);
  if (shown.captioning || app.captioning.running) captioning_frame(app.captioning);
  if (shown.scale || app.scale.running) scale_lab_frame(app.scale, kScaleLabSecondsPerFrame);
}

}  // namespace ap
