// The learner's side of the lessons: the loaded LessonSet, the open lesson and step, which
// goals of the step are met (re-evaluated only when app.version changes), the progress
// (completed steps per lesson, kept as JSON by the caller in platform storage) and the
// actions of the lesson panel. Pure C++ over the App: no ImGui, no platform calls.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/app_url.h"
#include "lessons/lesson.h"

namespace ap {

// Completed steps (0-based) per lesson id.
using LessonProgress = std::map<std::string, std::set<int>>;

struct LessonSession {
  LessonSet set;
  int lesson = -1;                // index into set.lessons; -1: no lesson open
  int step = 0;                   // 0-based step of the open lesson
  std::vector<std::string> hide;  // panels a teacher's link hides (hide=…)
  std::vector<bool> goals_met;    // one per goal of the step
  long evaluated_version = -1;    // app.version the goals were evaluated at
  LessonProgress progress;
  bool progress_changed = false;  // set when a step is completed; the caller saves and clears
  std::string announced;          // the last status passed to the screen reader
};

// The storage key the progress JSON is kept under.
inline constexpr const char* kProgressStorageKey = "attention-playground.progress";

// {"masks":[1,2],…} (1-based steps) and back; anything unreadable is skipped, never thrown.
std::string progress_to_json(const LessonProgress& progress);
LessonProgress progress_from_json(const std::string& text);

// The open lesson, or nullptr.
const Lesson* session_lesson(const LessonSession& s);

// Index of the lesson with this id, or -1.
int session_find(const LessonSession& s, const std::string& id);

// Opens step `step` (0-based) of lesson `id` and applies its starting state (with undo when
// record_undo). A missing/broken lesson or step: returns false with *error set; a step out
// of range opens step 1 with *error set and returns true.
bool session_open(LessonSession& s, App& app, const std::string& id, int step, bool record_undo,
                  std::string* error);

// Opens a link's lesson: with `keep_state` the app's state (from the same link) is kept;
// otherwise the step's starting state is applied. Problems go to app.notice.
void session_open_link(LessonSession& s, App& app, const LessonLink& link, bool keep_state);

void session_close(LessonSession& s);
bool session_reset_step(LessonSession& s, App& app);
bool session_show_me(LessonSession& s, App& app, int goal);  // applies the goal's solution
bool session_next(LessonSession& s, App& app);
bool session_previous(LessonSession& s, App& app);

// Re-evaluates the step's goals when the app's state changed (on every call when a goal
// reads a trained model); marks the step completed when all are met. Returns whether
// anything was evaluated.
bool session_update(LessonSession& s, const App& app);

bool session_all_met(const LessonSession& s);

// The "why not yet" sentence of goal `goal` (0-based) of the open step, reading the trained
// models when the goal does; empty when it is met.
std::string session_why_not(const LessonSession& s, const App& app, int goal);

// Whether `panel` (lesson_panel_names()) is drawn: the step's ```panels block (the default
// without a lesson) and not in the link's hide list.
bool session_panel_visible(const LessonSession& s, const std::string& panel);

// The lesson keys for the page address (empty link when no lesson is open).
LessonLink session_link(const LessonSession& s);

// What the screen reader hears: step title and prose as plain text, then each goal's status
// ("Goal 1 of 2 done: …" / "Goal 2 of 2 not yet done: …"). Empty when no lesson is open.
std::string session_status_text(const LessonSession& s);

}  // namespace ap
