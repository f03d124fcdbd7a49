// The lesson file parser: a line-by-line pass that knows front matter, level-2 step
// headings and fenced code blocks, which is all the structure the format has. Prose is kept
// as Markdown text for markdown.h; preset and solution JSON is syntax-checked here and
// merged onto states in step_state.h. Every problem is recorded, never thrown.
//
// [SECTION] Lines and small helpers
// [SECTION] Front matter
// [SECTION] Special blocks (preset, panels, goal)
// [SECTION] Body: steps, prose and fences
#include "lessons/lesson_parse.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>

#include "lessons/check_parse.h"
#include "lessons/lesson_text.h"
#include "lessons/model_recipe.h"
#include "lessons/panel_ids.h"
#include "state/json_decode.h"

namespace ap {

// ---------------------------------------------------------------------------------------
// [SECTION] Lines and small helpers
// ---------------------------------------------------------------------------------------
namespace {

// A file with more problems than this is wrong from the start; more lines would be noise.
constexpr std::size_t kMaxErrors = 50;
constexpr std::size_t kMaxIdLength = 64;

bool is_blank(const std::string& s) {
  return s.find_first_not_of(" \t") == std::string::npos;
}

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');)
    if (!trim(item).empty()) out.push_back(trim(item));
  return out;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// "key: value" with a lowercase key; false when the line has no such key.
bool split_key(const std::string& line, std::string* key, std::string* value) {
  const std::string t = trim(line);
  std::size_t i = 0;
  while (i < t.size() && ((t[i] >= 'a' && t[i] <= 'z') || t[i] == '_')) ++i;
  std::size_t colon = i;
  while (colon < t.size() && (t[colon] == ' ' || t[colon] == '\t')) ++colon;
  if (i == 0 || colon >= t.size() || t[colon] != ':') return false;
  *key = t.substr(0, i);
  *value = trim(t.substr(colon + 1));
  return true;
}

bool valid_id(const std::string& id) {
  if (id.empty() || id.size() > kMaxIdLength) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// An opening or closing code fence: up to 3 spaces, then 3+ backticks or tildes.
struct Fence {
  char mark = 0;
  std::size_t length = 0;
  std::string info;  // first word of the info string ("goal", "python", …)
};

bool parse_fence(const std::string& line, Fence* out) {
  std::size_t i = 0;
  while (i < line.size() && i < 3 && line[i] == ' ') ++i;
  if (i >= line.size() || (line[i] != '`' && line[i] != '~')) return false;
  const char mark = line[i];
  std::size_t n = 0;
  while (i + n < line.size() && line[i + n] == mark) ++n;
  if (n < 3) return false;
  const std::string info = trim(line.substr(i + n));
  // CommonMark: a backtick fence's info string may not contain a backtick (`` ```a``` `` is code).
  if (mark == '`' && info.find('`') != std::string::npos) return false;
  out->mark = mark;
  out->length = n;
  out->info = info.substr(0, info.find_first_of(" \t"));
  return true;
}

bool closes(const Fence& open, const std::string& line) {
  Fence f;
  return parse_fence(line, &f) && f.mark == open.mark && f.length >= open.length && f.info.empty();
}

// A level-2 ATX heading ("## Title", optional closing #s); false for any other line.
bool parse_step_heading(const std::string& line, std::string* title) {
  std::size_t i = 0;
  while (i < line.size() && i < 3 && line[i] == ' ') ++i;
  if (line.compare(i, 2, "##") != 0) return false;
  i += 2;
  if (i < line.size() && line[i] != ' ' && line[i] != '\t') return false;
  std::string t = trim(line.substr(i));
  // Closing sequence: trailing #s preceded by a space (CommonMark), or a title of only #s.
  const auto hashes = t.find_last_not_of('#');
  if (hashes == std::string::npos)
    t.clear();
  else if (hashes + 1 < t.size() && (t[hashes] == ' ' || t[hashes] == '\t'))
    t = trim(t.substr(0, hashes));
  *title = t;
  return true;
}

struct Parser {
  const std::string& file;
  Lesson& lesson;
  std::vector<std::string> lines;  // lines[k] is line k + 1

  int more = 0;  // problems beyond kMaxErrors, counted but not kept

  void error(int line, const std::string& reason) {
    if (lesson.errors.size() >= kMaxErrors) return void(++more);
    lesson.errors.push_back(file + ":" + std::to_string(line) + ": " + reason);
  }
  int count() const { return static_cast<int>(lines.size()); }
};

// nlohmann's "parse error at line L, column C: msg" → the file line and "msg (column C)".
void json_error(Parser& p, int first_line, const std::string& what, const std::string& error) {
  std::string message = error;
  int line = first_line;
  const std::string marker = "parse error at line ";
  if (const auto at = message.find(marker); at != std::string::npos) {
    const std::size_t num = at + marker.size();
    const long json_line = std::strtol(message.c_str() + num, nullptr, 10);
    if (json_line >= 1 && json_line <= p.count())
      line = first_line + static_cast<int>(json_line - 1);
    const auto colon = message.find(": ", num);
    const auto column = message.find("column ", num);
    std::string col_text;
    if (column != std::string::npos && column < colon)
      col_text = " (" + message.substr(column, colon - column) + ")";
    if (colon != std::string::npos) message = message.substr(colon + 2) + col_text;
  } else if (message.rfind("invalid JSON: ", 0) == 0) {
    message = message.substr(14);
  }
  p.error(line, what + " is not valid JSON: " + message);
}

// Syntax only: the text must be one JSON object. Whether it fits a state is lint's job.
bool check_json_object(Parser& p, int first_line, const std::string& what,
                       const std::string& text) {
  std::string error;
  const nlohmann::json j = json_parse_quiet(text, &error);
  if (j.is_discarded()) return json_error(p, first_line, what, error), false;
  if (!j.is_object()) {
    p.error(first_line, what + " must be a JSON object such as {\"temperature\": 2}");
    return false;
  }
  return true;
}

}  // namespace

const std::vector<std::string>& lesson_panel_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const PanelInfo& p : kPanels) out.push_back(p.id);
    return out;
  }();
  return names;
}

bool lesson_panel_default_visible(const std::string& panel) {
  Panel p;
  return !panel_from_name(panel, &p) || panel_info(p).default_visible;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Front matter
// ---------------------------------------------------------------------------------------
namespace {

// A title or summary may be written in quotes, as YAML allows for a value with a colon
// ("Case study: image captioning"); the learner sees it without them.
std::string unquoted(const std::string& value) {
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
    return value.substr(1, value.size() - 2);
  return value;
}

void front_matter_value(Parser& p, int line, const std::string& key, const std::string& raw) {
  Lesson& l = p.lesson;
  const std::string value = key == "title" || key == "summary" ? unquoted(raw) : raw;
  if (key == "id") {
    l.id = value;
    l.id_line = line;
    if (!valid_id(value))
      p.error(line,
              "id \"" + utf8_quote(value, 80) +
                  "\" must be 1–64 lowercase letters, digits and '-', e.g. scaled-dot-product");
  } else if (key == "title" || key == "summary") {
    (key == "title" ? l.title : l.summary) = value;
    if (value.empty()) p.error(line, "the " + key + " is empty");
  } else if (key == "prerequisites") {
    l.prerequisites_line = line;
    for (const std::string& id : split_list(value))
      if (valid_id(id))
        l.prerequisites.push_back(id);
      else
        p.error(line, "prerequisite \"" + utf8_quote(id, 80) + "\" is not a lesson id");
  } else {
    p.error(line,
            "unknown front matter key \"" + key + "\": use id, title, summary, prerequisites");
  }
}

// Returns the index of the first body line.
int parse_front_matter(Parser& p) {
  if (trim(p.lines[0]) != "---") {
    p.error(1,
            "a lesson starts with front matter: a line \"---\", then id:, title:, summary: "
            "lines, then \"---\"");
    return 0;
  }
  std::set<std::string> seen;
  for (int k = 1; k < p.count(); ++k) {
    const std::string& text = p.lines[k];
    if (trim(text) == "---") {
      for (const char* required : {"id", "title", "summary"})
        if (!seen.count(required))
          p.error(k + 1, std::string("the front matter has no \"") + required + ":\" line");
      return k + 1;
    }
    if (is_blank(text)) continue;
    std::string key, value;
    if (!split_key(text, &key, &value)) {
      p.error(k + 1, "expected \"key: value\" in the front matter (or \"---\" to end it)");
      continue;
    }
    if (!seen.insert(key).second) p.error(k + 1, "\"" + key + ":\" is given twice");
    front_matter_value(p, k + 1, key, value);
  }
  p.error(1, "the front matter opened here is never closed by a line \"---\"");
  return p.count();
}

// ---------------------------------------------------------------------------------------
// [SECTION] Special blocks (preset, panels, goal)
// ---------------------------------------------------------------------------------------

struct Block {
  std::string kind;  // preset, panels, goal
  int line = 0;      // the opening fence
  std::vector<std::string> content;
};

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

void handle_preset(Parser& p, Step& step, const Block& b) {
  if (step.preset_line) {
    p.error(b.line, "a step has at most one ```preset block (this step's first is at line " +
                        std::to_string(step.preset_line) + ")");
    return;
  }
  step.preset_line = b.line;
  const std::string text = joined(b.content);
  if (is_blank(text)) {
    p.error(b.line, "the preset is empty: write a JSON object such as {\"temperature\": 2}");
    return;
  }
  if (check_json_object(p, b.line + 1, "the preset", text)) step.preset_json = text;
}

void handle_panels(Parser& p, Step& step, const Block& b, bool* seen) {
  if (*seen) return p.error(b.line, "a step has at most one ```panels block");
  *seen = true;
  const auto& names = lesson_panel_names();
  for (std::size_t k = 0; k < b.content.size(); ++k) {
    const int line = b.line + 1 + static_cast<int>(k);
    std::string key, value;
    if (is_blank(b.content[k])) continue;
    if (!split_key(b.content[k], &key, &value) || (key != "hide" && key != "show")) {
      p.error(line, "a panels line is \"hide: name, name\" or \"show: name, name\"");
      continue;
    }
    auto& list = key == "hide" ? step.hidden_panels : step.shown_panels;
    const auto& other = key == "hide" ? step.shown_panels : step.hidden_panels;
    for (const std::string& name : split_list(value)) {
      if (std::find(names.begin(), names.end(), name) == names.end())
        p.error(line, "unknown panel \"" + utf8_quote(name) + "\": use " + join(names));
      else if (std::find(other.begin(), other.end(), name) != other.end())
        p.error(line, "panel \"" + name + "\" is both hidden and shown");
      else
        list.push_back(name);
    }
  }
}

// One `key: value` entry of a goal block; indented lines continue the previous value.
struct GoalEntry {
  std::string key, value;
  int line = 0;
};

std::vector<GoalEntry> goal_entries(Parser& p, const Block& b) {
  static const std::set<std::string> keys = {"text", "check", "hint", "solution"};
  std::vector<GoalEntry> entries;
  for (std::size_t k = 0; k < b.content.size(); ++k) {
    const std::string& text = b.content[k];
    const int line = b.line + 1 + static_cast<int>(k);
    if (is_blank(text)) continue;
    std::string key, value;
    const bool has_key = split_key(text, &key, &value);
    if (has_key && keys.count(key)) {
      entries.push_back({key, value, line});
    } else if ((text[0] == ' ' || text[0] == '\t') && !entries.empty()) {
      entries.back().value += "\n" + trim(text);
    } else if (has_key) {
      p.error(line, "unknown goal key \"" + key + "\": use text, check, hint, solution");
    } else {
      p.error(line,
              "expected \"key: value\" in the goal (text, check, hint or solution); "
              "indent a line to continue the previous value");
    }
  }
  return entries;
}

std::string one_line(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

void handle_goal(Parser& p, Step& step, const Block& b) {
  Goal goal;
  goal.line = b.line;
  std::map<std::string, int> first;  // key → line of its first appearance
  for (const GoalEntry& e : goal_entries(p, b)) {
    if (e.key != "check" && first.count(e.key)) {
      p.error(e.line, "\"" + e.key + ":\" is given twice in this goal (first at line " +
                          std::to_string(first[e.key]) + ")");
      continue;
    }
    first.emplace(e.key, e.line);
    if (e.key == "text") goal.text = one_line(e.value);
    if (e.key == "hint") goal.hint = one_line(e.value);
    if (e.key == "solution") {
      goal.solution_line = e.line;
      if (recipe_text(e.value)) {
        Decoded<std::vector<RecipeAction>> recipe = recipe_parse(e.value);
        if (recipe.ok())
          goal.recipe = std::move(*recipe.value);
        else
          p.error(e.line, recipe.error);
      } else if (check_json_object(p, e.line, "the solution", e.value)) {
        goal.solution_json = e.value;
      }
    }
    if (e.key == "check") {
      Decoded<Check> c = check_parse(one_line(e.value));
      if (!c.ok()) {
        p.error(e.line, "goal check: " + c.error);
        continue;
      }
      c.value->line = e.line;
      goal.checks.push_back(*c.value);
    }
  }
  if (!first.count("text") || goal.text.empty())
    p.error(b.line, "the goal has no text: line (the sentence shown to the learner)");
  if (!first.count("check")) p.error(b.line, "the goal has no check: line");
  if (!first.count("solution"))
    p.error(b.line, "the goal has no solution: line (a partial State JSON that meets it)");
  step.goals.push_back(std::move(goal));
}

// ---------------------------------------------------------------------------------------
// [SECTION] Body: steps, prose and fences
// ---------------------------------------------------------------------------------------

bool is_special(const std::string& info) {
  return info == "preset" || info == "panels" || info == "goal";
}

// Drops blank lines at both ends of a prose block.
std::string tidy(const std::vector<std::string>& lines) {
  std::size_t b = 0, e = lines.size();
  while (b < e && is_blank(lines[b])) ++b;
  while (e > b && is_blank(lines[e - 1])) --e;
  std::string out;
  for (std::size_t k = b; k < e; ++k) out += lines[k] + (k + 1 < e ? "\n" : "");
  return out;
}

// Reads the special block opened at line index k; returns the index of its closing fence
// (or of the last line when it is never closed).
int read_block(Parser& p, int k, const Fence& open, Block* b) {
  b->kind = open.info;
  b->line = k + 1;
  for (int j = k + 1; j < p.count(); ++j) {
    if (closes(open, p.lines[j])) return j;
    b->content.push_back(p.lines[j]);
  }
  p.error(b->line, "the ```" + b->kind + " block opened here is never closed: end it with a line " +
                       std::string(open.length, open.mark));
  return p.count() - 1;
}

struct BodyState {
  std::vector<std::string> prose;  // lines of the intro or of the current step
  Step* step = nullptr;
  bool panels_seen = false;
};

void finish_prose(Parser& p, BodyState& s) {
  (s.step ? s.step->markdown : p.lesson.intro_markdown) = tidy(s.prose);
  s.prose.clear();
}

void handle_block(Parser& p, BodyState& s, const Block& b) {
  if (!s.step) {
    p.error(b.line, "```" + b.kind +
                        " block before the first step: put it under a "
                        "\"## Step title\" heading");
    return;
  }
  if (b.kind == "preset") handle_preset(p, *s.step, b);
  if (b.kind == "panels") handle_panels(p, *s.step, b, &s.panels_seen);
  if (b.kind == "goal") handle_goal(p, *s.step, b);
}

void parse_body(Parser& p, int first) {
  BodyState s;
  Fence code;  // the open ordinary code fence, if code.mark != 0
  int code_line = 0;
  for (int k = first; k < p.count(); ++k) {
    const std::string& line = p.lines[k];
    Fence f;
    std::string title;
    if (code.mark) {
      // Inside ordinary code nothing is structure: "## x" or "```goal" are example text.
      if (closes(code, line)) code.mark = 0;
      s.prose.push_back(line);
    } else if (parse_fence(line, &f) && is_special(f.info)) {
      Block b;
      k = read_block(p, k, f, &b);
      handle_block(p, s, b);
    } else if (parse_fence(line, &f)) {
      code = f;
      code_line = k + 1;
      s.prose.push_back(line);
    } else if (parse_step_heading(line, &title)) {
      finish_prose(p, s);
      p.lesson.steps.push_back({});
      s.step = &p.lesson.steps.back();
      s.step->title = title;
      s.step->line = k + 1;
      s.panels_seen = false;
      if (title.empty()) p.error(k + 1, "a step heading needs a title: \"## Title\"");
    } else {
      s.prose.push_back(line);
    }
  }
  finish_prose(p, s);
  if (code.mark)
    p.error(code_line, "the code block opened here is never closed: end it with a line " +
                           std::string(code.length, code.mark));
}

int first_invalid_utf8_line(const std::vector<std::string>& lines) {
  for (std::size_t k = 0; k < lines.size(); ++k)
    if (!utf8_valid(lines[k])) return static_cast<int>(k) + 1;
  return 0;
}

}  // namespace

Lesson lesson_parse(const std::string& text, const std::string& file) {
  Lesson lesson;
  lesson.file = file;
  if (text.size() > kMaxLessonBytes) {
    lesson.title = file;
    lesson.errors.push_back(file + ":1: the file is " + std::to_string(text.size()) +
                            " bytes; a lesson is at most " + std::to_string(kMaxLessonBytes) +
                            " bytes (256 KiB)");
    return lesson;
  }
  Parser p{file, lesson, split_lines(text)};
  if (std::all_of(p.lines.begin(), p.lines.end(), is_blank)) {
    p.error(1,
            "the file is empty: a lesson starts with front matter (---, id:, title:, "
            "summary:, ---)");
    return lesson;
  }
  if (const int bad = first_invalid_utf8_line(p.lines))
    p.error(bad, "this line is not valid UTF-8 text (save the file as UTF-8)");
  parse_body(p, parse_front_matter(p));
  if (lesson.title.empty()) lesson.title = file;
  // Some problems are found at a block's end but belong to its first line: list top-down.
  const auto line = [&](const std::string& e) {
    return std::strtol(e.c_str() + std::min(e.size(), file.size() + 1), nullptr, 10);
  };
  std::stable_sort(lesson.errors.begin(), lesson.errors.end(),
                   [&](const std::string& a, const std::string& b) { return line(a) < line(b); });
  if (p.more)
    lesson.errors.push_back(file + ":" + std::to_string(line(lesson.errors.back())) + ": " +
                            std::to_string(p.more) + " more problems follow; fix these first");
  return lesson;
}

}  // namespace ap
