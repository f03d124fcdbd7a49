// Reading one lesson file (Markdown with front matter and ```preset, ```panels and ```goal
// blocks; format in lessons/README.md); a whole folder is read by lesson_folder.h. Never
// throws or crashes on any input: every problem becomes a "FILE:LINE: reason" line in the
// lesson's errors, and a lesson with errors is still returned so that the UI can list it
// with its reason. Semantic checks of presets and goals against states are in lesson_lint.h.
#pragma once

#include <string>
#include <vector>

#include "lessons/lesson.h"

namespace ap {

// Parses the text of one lesson file; `file` names it in every error message.
Lesson lesson_parse(const std::string& text, const std::string& file);

// The panel names a ```panels block may use, in the UI's order.
const std::vector<std::string>& lesson_panel_names();

// The panel is shown by default (every panel except "scaling").
bool lesson_panel_default_visible(const std::string& panel);

}  // namespace ap
