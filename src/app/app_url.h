// The page address's hash holds the State (state_url.cpp) and, when a lesson is open, the
// lesson keys `lesson=ID&step=N&hide=a,b` (N 1-based; lessons/README.md). This splits the
// two apart before the State decoder sees them and joins them back. Pure string work: it
// does not know which lessons exist (the lesson session checks the id and step).
#pragma once

#include <string>
#include <vector>

namespace ap {

struct LessonLink {
  std::string lesson;             // empty: no lesson in the link
  int step = 0;                   // 1-based; 0 when absent or unreadable
  std::vector<std::string> hide;  // panel names from hide=
  std::string error;              // one sentence when a lesson key was unreadable
};

struct SplitHash {
  std::string state;  // the remaining pairs, for state_from_url (may be empty)
  LessonLink link;
};

// Takes the lesson, step and hide pairs out of `hash` (without '#'). Never throws.
SplitHash url_split(const std::string& hash);

// `state_url` with the link's lesson keys in front (none when link.lesson is empty).
std::string url_merge(const std::string& state_url, const LessonLink& link);

// Only the lesson keys, e.g. "lesson=masks&step=2"; empty when no lesson is open.
std::string url_lesson_part(const LessonLink& link);

}  // namespace ap
