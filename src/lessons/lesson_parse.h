// Reading lessons: one lesson file (Markdown with front matter and ```preset, ```panels and
// ```goal blocks; format in lessons/README.md), the index of lesson files, and a whole
// lessons folder. Never throws or crashes on any input: every problem becomes a
// "FILE:LINE: reason" line in the lesson's (or the set's) errors, and a lesson with errors
// is still returned so that the UI can list it with its reason. Semantic checks of presets
// and goals against states are in lesson_lint.h.
#pragma once

#include <string>
#include <vector>

#include "lessons/lesson.h"

namespace ap {

// Parses the text of one lesson file; `file` names it in every error message.
Lesson lesson_parse(const std::string& text, const std::string& file);

// The lesson file names listed in index.txt text, in order (blank lines and lines starting
// with '#' skipped, surrounding spaces trimmed).
std::vector<std::string> lesson_index_parse(const std::string& text);

// Reads DIR/index.txt and every file it lists. An unreadable file becomes a lesson with an
// error; ids must be unique and prerequisites must name lessons of the set; a .md file in
// DIR that the index does not list (other than README.md) is reported too.
LessonSet lessons_load_dir(const std::string& dir);

// The panel names a ```panels block may use, in the UI's order.
const std::vector<std::string>& lesson_panel_names();

// The panel is shown by default (every panel except "scaling").
bool lesson_panel_default_visible(const std::string& panel);

}  // namespace ap
