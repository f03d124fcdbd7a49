// Reading a whole lessons folder: the index of lesson files and every file it lists. One
// file's text is parsed by lesson_parse.h; semantic checks against states are in
// lesson_lint.h.
#pragma once

#include <string>
#include <vector>

#include "lessons/lesson.h"

namespace ap {

// The lesson file names listed in index.txt text, in order (blank lines and lines starting
// with '#' skipped, surrounding spaces trimmed).
std::vector<std::string> lesson_index_parse(const std::string& text);

// Reads DIR/index.txt and every file it lists. An unreadable file becomes a lesson with an
// error; ids must be unique and prerequisites must name lessons of the set; a .md file in
// DIR that the index does not list (other than README.md) is reported too.
LessonSet lessons_load_dir(const std::string& dir);

}  // namespace ap
