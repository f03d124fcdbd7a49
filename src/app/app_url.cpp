// Splitting the page hash into the State part and the lesson keys, and joining them; see
// app_url.h. Pairs are separated by '&'; a key is the text before the first '='.
#include "app/app_url.h"

#include <algorithm>
#include <cctype>

namespace ap {
namespace {

constexpr std::size_t kMaxIdLength = 64;
constexpr int kMaxStep = 99;

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(sep, start), text.size());
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

bool valid_id(const std::string& id) {
  if (id.empty() || id.size() > kMaxIdLength) return false;
  for (unsigned char c : id)
    if (!(std::islower(c) || std::isdigit(c) || c == '-')) return false;
  return true;
}

// 1..kMaxStep written in digits only; 0 otherwise.
int parse_step(const std::string& text) {
  if (text.empty() || text.size() > 2) return 0;
  int n = 0;
  for (unsigned char c : text) {
    if (!std::isdigit(c)) return 0;
    n = n * 10 + (c - '0');
  }
  return n >= 1 && n <= kMaxStep ? n : 0;
}

void read_pair(const std::string& key, const std::string& value, LessonLink& link) {
  if (key == "lesson") {
    if (valid_id(value)) {
      link.lesson = value;
    } else {
      link.error = "The link's lesson id is not valid (lowercase letters, digits and '-').";
    }
  } else if (key == "step") {
    link.step = parse_step(value);
    if (link.step == 0) link.error = "The link's step must be a number from 1.";
  } else {
    for (const std::string& name : split(value, ','))
      if (valid_id(name)) link.hide.push_back(name);
  }
}

}  // namespace

SplitHash url_split(const std::string& hash) {
  SplitHash out;
  for (const std::string& pair : split(hash, '&')) {
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    const std::string key = pair.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : pair.substr(eq + 1);
    if (key == "lesson" || key == "step" || key == "hide") {
      read_pair(key, value, out.link);
    } else {
      if (!out.state.empty()) out.state += '&';
      out.state += pair;
    }
  }
  return out;
}

std::string url_lesson_part(const LessonLink& link) {
  if (link.lesson.empty()) return "";
  std::string out = "lesson=" + link.lesson + "&step=" + std::to_string(link.step);
  if (!link.hide.empty()) {
    out += "&hide=";
    for (std::size_t i = 0; i < link.hide.size(); ++i) out += (i ? "," : "") + link.hide[i];
  }
  return out;
}

std::string url_merge(const std::string& state_url, const LessonLink& link) {
  const std::string lesson = url_lesson_part(link);
  if (lesson.empty()) return state_url;
  return state_url.empty() ? lesson : lesson + "&" + state_url;
}

}  // namespace ap
