// attention-cli: the command-line face of the core. Evaluates a State JSON to the Result
// JSON, converts states to and from their URL form, lints a lessons folder. Bad input: one
// line on stderr and a non-zero exit status, never a crash.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "lessons/lesson_lint.h"
#include "lessons/lesson_parse.h"
#include "state/result_json.h"
#include "state/state.h"

namespace {

const char* kUsage =
    "usage: attention-cli COMMAND [ARGS]\n"
    "  eval FILE|-         evaluate a State JSON; print scores, weights, output, … as JSON\n"
    "  url-encode FILE|-   print the compact URL form of a State JSON\n"
    "  url-decode TEXT     print the State JSON of a URL form (the part after '#')\n"
    "  lint-lessons DIR    check DIR/index.txt and its lessons; problems as FILE:LINE: reason\n"
    "  help                print this message\n";

bool read_input(const std::string& path, std::string* text) {
  std::ostringstream buf;
  if (path == "-") {
    buf << std::cin.rdbuf();
  } else {
    std::ifstream file(path, std::ios::binary);
    if (!file) return false;
    buf << file.rdbuf();
  }
  *text = buf.str();
  return true;
}

int fail(const std::string& message) {
  std::cerr << "attention-cli: " << message << "\n";
  return 1;
}

std::string counted(std::size_t n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

// Problems on stderr, one "FILE:LINE: reason" each (editors jump to them); the summary on
// stdout. Exit status 1 when there is any problem.
int lint_lessons(const std::string& dir) {
  const ap::LessonSet set = ap::lessons_load_dir(dir);
  const std::vector<std::string> problems = ap::lesson_lint(set);
  for (const std::string& p : problems) std::cerr << p << "\n";
  std::size_t steps = 0, goals = 0;
  for (const ap::Lesson& l : set.lessons) {
    steps += l.steps.size();
    for (const ap::Step& s : l.steps) goals += s.goals.size();
  }
  std::cout << counted(set.lessons.size(), "lesson") << ", " << counted(steps, "step") << ", "
            << counted(goals, "goal") << ": "
            << (problems.empty() ? "all good" : counted(problems.size(), "problem")) << "\n";
  return problems.empty() ? 0 : 1;
}

int run(int argc, char** argv) {
  if (argc < 2) return std::cerr << kUsage, 2;
  const std::string command = argv[1];
  if (command == "help" || command == "--help" || command == "-h") return std::cout << kUsage, 0;
  if (argc != 3) return std::cerr << kUsage, 2;
  const std::string arg = argv[2];

  if (command == "lint-lessons") return lint_lessons(arg);
  if (command == "url-decode") {
    const ap::Decoded<ap::State> s = ap::state_from_url(arg);
    if (!s.ok()) return fail(s.error);
    std::cout << ap::state_to_json(*s.value, 2) << "\n";
    return 0;
  }
  std::string text;
  if (command != "eval" && command != "url-encode") {
    std::cerr << "attention-cli: unknown command \"" << command << "\"\n" << kUsage;
    return 2;
  }
  if (!read_input(arg, &text)) return fail("cannot read \"" + arg + "\"");
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    return fail("\"" + arg + "\" is empty");
  if (command == "eval") {
    std::string error;
    const auto result = ap::eval_state_json(text, &error, 2);
    if (!result) return fail(error);
    std::cout << *result << "\n";
    return 0;
  }
  const ap::Decoded<ap::State> s = ap::state_from_json(text);
  if (!s.ok()) return fail(s.error);
  std::cout << ap::state_to_url(*s.value) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return run(argc, argv);
}
