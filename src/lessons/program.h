// Everything the running program knows, in one struct: the App (state, result, undo, the
// model sessions, the views' selections) and the lesson session. It lives in the lessons
// layer, not in App, because LessonSession is a lessons type and the include graph runs
// core ← state ← app ← lessons ← {ui, gfx} ← platform: this is the lowest layer that knows
// both. The platform's main creates the one Program and passes it down by reference to the
// frame, to ui_draw and to the lesson views; nothing keeps it in a global.
// The functions below are the program's non-UI glue between the App, the lessons and the
// host (app/host_services.h): no ImGui, no GL, so native tests drive them.
#pragma once

#include <string>

#include "app/app.h"
#include "lessons/lesson_session.h"
#include "lessons/panel_ids.h"

namespace ap {

struct Program {
  App app;
  LessonSession lessons;
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
