// The two text helpers the lesson file parser and the lesson folder loader share: lines
// from any editor's line endings, and a line without its surrounding spaces.
#pragma once

#include <string>
#include <vector>

namespace ap {

// Lines without their terminators; "\r\n", "\n" and a lone "\r" all end a line, and a
// UTF-8 byte order mark at the start is dropped, so files from any editor read the same.
std::vector<std::string> split_lines(const std::string& text);

// `s` without leading and trailing spaces and tabs.
std::string trim(const std::string& s);

}  // namespace ap
