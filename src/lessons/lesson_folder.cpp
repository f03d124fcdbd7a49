// Reading a lessons folder: index.txt (the lesson files in order) and every file it lists,
// each parsed by lesson_parse.h, then the checks that need the whole set (unique ids,
// prerequisites, files the index forgets). Never throws: every problem is a
// "FILE:LINE: reason" line in the set's or a lesson's errors.
#include "lessons/lesson_folder.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/limits.h"
#include "lessons/lesson_parse.h"
#include "lessons/lesson_text.h"
#include "state/state.h"

namespace ap {
namespace {

namespace fs = std::filesystem;

struct IndexEntry {
  std::string name;
  int line = 0;
};

std::vector<IndexEntry> index_entries(const std::string& text) {
  std::vector<IndexEntry> out;
  const std::vector<std::string> lines = split_lines(text);
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const std::string name = trim(lines[k]);
    if (!name.empty() && name[0] != '#') out.push_back({name, static_cast<int>(k) + 1});
  }
  return out;
}

std::string path_join(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  return dir.back() == '/' ? dir + name : dir + "/" + name;
}

// Reads a regular file of at most kMaxLessonFileRead; false (with *why) otherwise.
bool read_text(const std::string& path, std::string* text, std::string* why) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return *why = "no such file", false;
  const auto size = fs::file_size(path, ec);
  if (ec || size > kMaxLessonFileRead) return *why = "larger than 1 MiB", false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return *why = "cannot open it", false;
  std::ostringstream buf;
  buf << in.rdbuf();
  *text = buf.str();
  return true;
}

// A plain file name in the folder: no path separators, no leading dot, ends in .md.
bool valid_file_name(const std::string& name) {
  return name.find_first_of("/\\") == std::string::npos && name[0] != '.' && name.size() > 3 &&
         name.compare(name.size() - 3, 3, ".md") == 0;
}

void report_unlisted(const std::string& dir, const std::set<std::string>& listed,
                     const std::string& index_path, LessonSet& set) {
  std::error_code ec;
  std::vector<std::string> unlisted;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (it->is_regular_file(ec) && valid_file_name(name) && name != "README.md" &&
        !listed.count(name))
      unlisted.push_back(name);
  }
  std::sort(unlisted.begin(), unlisted.end());
  for (const std::string& name : unlisted)
    set.errors.push_back(path_join(dir, name) + ":1: not listed in " + index_path +
                         ", so the playground does not show it");
}

// Ids are unique; prerequisites name lessons of the set (and not the lesson itself).
void check_links(LessonSet& set) {
  std::map<std::string, const Lesson*> by_id;
  for (Lesson& l : set.lessons) {
    if (l.id.empty()) continue;
    const auto [it, fresh] = by_id.emplace(l.id, &l);
    if (!fresh)
      l.errors.push_back(l.file + ":" + std::to_string(l.id_line) + ": id \"" + l.id +
                         "\" is already used by " + it->second->file);
  }
  for (Lesson& l : set.lessons)
    for (const std::string& id : l.prerequisites) {
      const std::string where = l.file + ":" + std::to_string(l.prerequisites_line) + ": ";
      if (id == l.id)
        l.errors.push_back(where + "a lesson cannot be its own prerequisite");
      else if (!by_id.count(id))
        l.errors.push_back(where + "prerequisite \"" + id + "\" is not the id of any lesson");
    }
}

}  // namespace

std::vector<std::string> lesson_index_parse(const std::string& text) {
  std::vector<std::string> names;
  for (const IndexEntry& e : index_entries(text)) names.push_back(e.name);
  return names;
}

LessonSet lessons_load_dir(const std::string& dir) {
  LessonSet set;
  const std::string index_path = path_join(dir, "index.txt");
  std::string text, why;
  if (!read_text(index_path, &text, &why)) {
    set.errors.push_back(index_path + ":1: cannot read the lesson index (" + why +
                         "): it lists the lesson files, one per line");
    return set;
  }
  std::map<std::string, int> listed;  // file name → index line
  for (const IndexEntry& e : index_entries(text)) {
    const std::string where = index_path + ":" + std::to_string(e.line) + ": ";
    if (!valid_file_name(e.name)) {
      set.errors.push_back(where + "\"" + utf8_quote(e.name, 80) +
                           "\" is not a lesson file name (NAME.md in this folder)");
    } else if (const auto [it, fresh] = listed.emplace(e.name, e.line); !fresh) {
      set.errors.push_back(where + "\"" + e.name + "\" is listed twice (first at line " +
                           std::to_string(it->second) + ")");
    } else if (std::string lesson_text; read_text(path_join(dir, e.name), &lesson_text, &why)) {
      set.lessons.push_back(lesson_parse(lesson_text, path_join(dir, e.name)));
    } else {
      Lesson missing;
      missing.file = path_join(dir, e.name);
      missing.title = e.name;
      missing.errors.push_back(where + "cannot read \"" + missing.file + "\" (" + why + ")");
      set.lessons.push_back(std::move(missing));
    }
  }
  if (listed.empty()) set.errors.push_back(index_path + ":1: the index lists no lesson file");
  std::set<std::string> names;
  for (const auto& [name, line] : listed) names.insert(name);
  report_unlisted(dir, names, index_path, set);
  check_links(set);
  return set;
}

}  // namespace ap
