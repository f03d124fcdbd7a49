// The application model between the State and the views: the edited state, the last valid
// result, the message shown when an edit is invalid, and undo/redo. No ImGui, no GL, no
// Emscripten: views read it and call the functions below; platform code drives the frame.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/captioning_session.h"
#include "app/induction_session.h"
#include "app/qa_session.h"
#include "app/scale_lab.h"
#include "app/sentiment_session.h"
#include "app/training.h"
#include "app/view_state.h"
#include "core/attention.h"
#include "state/state.h"

namespace ap {

struct App {
  State state;    // what the learner is editing (always a valid state)
  Result result;  // the result of `state`
  // Backward pass for loss = sum of all outputs: grads.dScores[h] row i is then the
  // gradient of the sum of query i's output with respect to its scores (inspector view).
  Gradients grads;
  int selected_query = 0;          // the query the inspector explains (always < n_q)
  bool started_from_link = false;  // app_init used the state given in the link
  std::string notice;              // a one-line message for the learner (bad input, bad URL, …)
  std::vector<State> undo_stack, redo_stack;
  std::optional<State> gesture_start;  // the state before the current drag, if any
  // Counts state replacements: views that cache by state, and the platform's URL writer,
  // compare it with the version they last saw.
  long version = 0;
  TrainingSession training;      // the training view (src/app/training.h)
  InductionSession induction;    // the induction view (src/app/induction_session.h)
  CaptioningSession captioning;  // the captioning view (src/app/captioning_session.h)
  QaSession qa;                  // the question-answering view (src/app/qa_session.h)
  SentimentSession sentiment;    // the sentiment view (src/app/sentiment_session.h)
  ScaleLab scale;                // the scale lab (src/app/scale_lab.h)
  ViewState view;                // what the views remember between frames
};

// Starts from the URL hash (without '#'), falling back to the default with a notice.
// Lesson keys in the hash (app_url.h) are skipped here; the lesson session reads them.
void app_init(App& app, const std::string& url_hash);

// Replaces the state when `next` is valid (recording undo when asked); otherwise keeps the
// current state and result and sets app.notice. Returns whether it was applied.
bool app_apply(App& app, const State& next, bool record_undo = true);

// A gesture (a drag, a typed edit) applies many states but is undone in one step: call
// app_begin_gesture when it starts and app_end_gesture when it ends; edits in between use
// app_apply(app, next, false).
void app_begin_gesture(App& app);
void app_end_gesture(App& app);

bool app_undo(App& app);
bool app_redo(App& app);

// Whether a model trains or the scale lab measures: each does a slice per drawn frame, so
// the page keeps drawing while this holds. A new session adds its flag here, not in the
// platform.
bool app_work_running(const App& app);

// Which model views are on screen this frame. The UI decides (a view opened from the Models
// menu, or one a lesson step shows); the app layer only reads the answer.
struct ShownViews {
  bool translation = false, sentiment = false, qa = false, captioning = false, induction = false,
       scale = false;
};

// One rule for every model session and the scale lab: it works this frame when it is
// training (measuring) or its view is shown. Working is a bounded slice of training, then
// its shown results brought up to date, so a model trains on while a phone shows another
// tab, and a shown view follows edits while paused. The lesson's goals then read this
// frame's models.
void app_models_frame(App& app, const ShownViews& shown);

}  // namespace ap
