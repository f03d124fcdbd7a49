// Everything the running program knows, in one struct: the App (state, result, undo, the
// model sessions, the views' selections), the lesson session and what the lesson views
// remember between frames. It lives in the lessons
// layer, not in App, because LessonSession is a lessons type and the include graph runs
// core ← state ← app ← lessons ← {ui, gfx} ← platform: this is the lowest layer that knows
// both. The platform's main creates the one Program and passes it down by reference to the
// frame, to ui_draw and to the lesson views; nothing keeps it in a global.
// The functions below are the program's non-UI glue between the App, the lessons and the
// host (app/host.h): no ImGui, no GL, so native tests drive them with a fake host.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/host.h"
#include "lessons/lesson_session.h"
#include "lessons/markdown.h"
#include "lessons/panel_ids.h"

namespace ap {

// What the lesson views (ui/panel_lesson.cpp, ui_main.cpp's phone tabs) remember between
// frames: plain data like app.view (app/view_state.h), kept here because it holds lessons
// types.
struct LessonView {
  std::string hints_step;        // "lesson#step" that hints_open belongs to
  std::vector<bool> hints_open;  // which goals of that step show their hint
  // Markdown that changes with the step only (its prose, its title, the lesson's intro),
  // parsed again when its text changes.
  std::array<std::string, 3> parsed_source;
  std::array<RichText, 3> parsed;
  float footer_height = 0;  // the goals and buttons under the prose, last frame's height
  std::string tab_step;     // the phone's tabs: the "lesson#step" shown last frame
};

struct Program {
  explicit Program(Host& h) : host(h) {}
  Host& host;  // created by the platform's main (or a test) before the Program
  App app;
  LessonSession lessons;
  LessonView lesson_view;
};

// Loads DIR's lessons and the saved progress (platform storage), then opens the lesson
// named in `hash` (the page's initial hash, without '#'). Call after app_init(app, hash).
void program_start_lessons(Program& prog, const std::string& dir, const std::string& hash);

// A hash changed from outside (a pasted link): applies its state and its lesson keys.
void program_follow_link(Program& prog, const std::string& hash);

// Once per frame: re-evaluates the step's goals, saves progress through the host and
// tells screen readers about step and goal changes.
void program_lessons_frame(Program& prog);

// Whether `panel` is drawn this frame (the open step and the link's hide list decide).
bool program_panel_visible(const Program& prog, Panel panel);

// The page hash (without '#') for the current state and lesson: the state's URL form
// merged with the lesson keys.
std::string program_page_hash(const Program& prog);

}  // namespace ap
