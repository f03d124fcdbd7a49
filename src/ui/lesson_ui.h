// The lessons in the interface: the one LessonSession of the page (lesson_session.h), its
// start from the lessons folder and the page address, and the visibility of panels that
// the open step hides. Drawing is in panel_lesson.cpp; the frame loop calls lessons_start
// once and lessons_frame every frame.
#pragma once

#include <string>

#include "app/app.h"
#include "lessons/lesson_session.h"
#include "lessons/panel_ids.h"

namespace ap {

LessonSession& lesson_session();

// Loads DIR's lessons and the saved progress, then opens the lesson named in `hash` (the
// page's initial hash, without '#'). Call after app_init(app, hash).
void lessons_start(App& app, const std::string& dir, const std::string& hash);

// A hash changed from outside (a pasted link): applies its state and its lesson keys.
void lessons_follow_link(App& app, const std::string& hash);

// Re-evaluates goals, saves progress and tells screen readers about changes.
void lessons_frame(App& app);

// Whether `panel` is drawn this frame.
bool ui_panel_visible(Panel panel);

// The page hash for the current state and lesson.
std::string lessons_page_hash(const App& app);

}  // namespace ap
