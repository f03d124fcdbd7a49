// Tests of whole lesson folders: the real lessons/ (every step's preset is a valid state,
// every goal is open at its step's start and met by its solution, lint reports nothing),
// the complete example in lessons/README.md, folder-level problems (index, missing files,
// ids, prerequisites), and `attention-cli lint-lessons` as a teacher runs it.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "lessons/goal.h"
#include "lessons/lesson_folder.h"
#include "lessons/lesson_lint.h"
#include "lessons/step_state.h"
#include "temp_dir.h"

namespace {

namespace fs = std::filesystem;

using ap::test::TempDir;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

std::string lesson_text(const std::string& id, const std::string& prerequisites = "") {
  return "---\nid: " + id + "\ntitle: T\nsummary: S\n" +
         (prerequisites.empty() ? "" : "prerequisites: " + prerequisites + "\n") +
         "---\n## Step\n```goal\ntext: Use dot.\ncheck: scoring = dot\n"
         "solution: {\"scoring\": \"dot\"}\n```\n";
}

// The lesson between the lines "````markdown" and "````" of lessons/README.md.
std::string readme_example() {
  const std::string readme = read_file(AP_SOURCE_DIR "/lessons/README.md");
  const auto open = readme.find("\n````markdown\n");
  REQUIRE(open != std::string::npos);
  const auto start = open + 14;
  const auto end = readme.find("\n````\n", start);
  REQUIRE(end != std::string::npos);
  return readme.substr(start, end - start + 1);
}

struct Run {
  int status = -1;
  std::string out, err;
};

Run run_cli(const std::string& args, const TempDir& tmp) {
  const std::string out = (tmp.path / "stdout").string(), err = (tmp.path / "stderr").string();
  const int raw =
      std::system((std::string(AP_CLI_PATH) + " " + args + " >" + out + " 2>" + err).c_str());
  Run r;
  REQUIRE(WIFEXITED(raw));
  r.status = WEXITSTATUS(raw);
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

}  // namespace

TEST_CASE("the real lessons load, and lint finds no problem in them") {
  const ap::LessonSet set = ap::lessons_load_dir(AP_SOURCE_DIR "/lessons");
  REQUIRE(!set.lessons.empty());
  const std::vector<std::string> problems = ap::lesson_lint(set);
  for (const std::string& p : problems) FAIL_CHECK(p);
  CHECK(problems.empty());
}

TEST_CASE("every real lesson step starts from a valid state and every goal is a task") {
  const ap::LessonSet set = ap::lessons_load_dir(AP_SOURCE_DIR "/lessons");
  REQUIRE(!set.lessons.empty());
  for (const ap::Lesson& l : set.lessons) {
    CAPTURE(l.file);
    CHECK(l.errors.empty());
    CHECK(!l.steps.empty());
    CHECK(l.steps.size() <= 8);
    for (int s = 0; s < static_cast<int>(l.steps.size()); ++s) {
      CAPTURE(l.steps[s].line);
      const ap::Decoded<ap::State> start = ap::lesson_step_start(l, s);
      REQUIRE_MESSAGE(start.ok(), start.error);
      const ap::Result start_result = ap::attend(start.value->input);
      CHECK(!l.steps[s].goals.empty());
      for (int g = 0; g < static_cast<int>(l.steps[s].goals.size()); ++g) {
        const ap::Goal& goal = l.steps[s].goals[g];
        CAPTURE(goal.line);
        CHECK_FALSE(ap::goal_met(goal, *start.value, start_result));
        // A recipe trains a model: test_lesson_models.cpp runs it.
        if (!goal.recipe.empty()) continue;
        const ap::Decoded<ap::State> solved = ap::goal_solution_state(l, s, g);
        REQUIRE_MESSAGE(solved.ok(), solved.error);
        const ap::Result solved_result = ap::attend(solved.value->input);
        CHECK_MESSAGE(ap::goal_met(goal, *solved.value, solved_result),
                      ap::goal_why_not(goal, *solved.value, solved_result));
      }
    }
  }
}

TEST_CASE("the example lesson in lessons/README.md passes lint") {
  TempDir tmp;
  tmp.write("index.txt", "example.md\n");
  tmp.write("example.md", readme_example());
  const ap::LessonSet set = ap::lessons_load_dir(tmp.dir());
  REQUIRE(set.lessons.size() == 1);
  CHECK(set.lessons[0].steps.size() >= 2);
  const std::vector<std::string> problems = ap::lesson_lint(set);
  for (const std::string& p : problems) FAIL_CHECK(p);
}

TEST_CASE("a lessons folder reports index, file, id and prerequisite problems") {
  TempDir tmp;
  const std::string d = tmp.dir();
  tmp.write("index.txt",
            "# comment\n"     // 1
            "a.md\n"          // 2
            "missing.md\n"    // 3
            "a.md\n"          // 4
            "../escape.md\n"  // 5
            "b.md\n"          // 6
            "c.md\n");        // 7
  tmp.write("a.md", lesson_text("a"));
  tmp.write("b.md", lesson_text("a", "c, nowhere"));
  tmp.write("c.md", lesson_text("c", "c"));
  tmp.write("forgotten.md", lesson_text("f"));
  tmp.write("README.md", "# not a lesson\n");
  const ap::LessonSet set = ap::lessons_load_dir(d);
  REQUIRE(set.lessons.size() == 4);
  CHECK(set.lessons[1].file == d + "/missing.md");
  CHECK(set.lessons[1].title == "missing.md");
  CHECK(set.lessons[1].errors == std::vector<std::string>{d + "/index.txt:3: cannot read \"" + d +
                                                          "/missing.md\" (no such file)"});
  CHECK(set.lessons[2].errors ==
        std::vector<std::string>{
            d + "/b.md:2: id \"a\" is already used by " + d + "/a.md",
            d + "/b.md:5: prerequisite \"nowhere\" is not the id of any lesson"});
  CHECK(set.lessons[3].errors ==
        std::vector<std::string>{d + "/c.md:5: a lesson cannot be its own prerequisite"});
  CHECK(set.errors ==
        std::vector<std::string>{
            d + "/index.txt:4: \"a.md\" is listed twice (first at line 2)",
            d + "/index.txt:5: \"../escape.md\" is not a lesson file name (NAME.md in this folder)",
            d + "/forgotten.md:1: not listed in " + d +
                "/index.txt, so the playground does not show it"});
  CHECK(ap::lesson_lint(set).size() == 7);
}

TEST_CASE("a folder without an index gives one message") {
  TempDir tmp;
  const ap::LessonSet set = ap::lessons_load_dir(tmp.dir() + "/nowhere");
  CHECK(set.lessons.empty());
  CHECK(set.errors == std::vector<std::string>{tmp.dir() + "/nowhere/index.txt:1: cannot read the "
                                                           "lesson index (no such file): it lists "
                                                           "the lesson files, one per line"});
}

TEST_CASE("attention-cli lint-lessons prints problems on stderr and a summary on stdout") {
  TempDir tmp;
  const std::string d = tmp.dir();
  tmp.write("index.txt", "good.md\n");
  tmp.write("good.md", lesson_text("good"));
  Run ok = run_cli("lint-lessons " + d, tmp);
  CHECK(ok.status == 0);
  CHECK(ok.out == "1 lesson, 1 step, 1 goal: all good\n");
  CHECK(ok.err.empty());

  tmp.write("index.txt", "good.md\nbad.md\n");
  tmp.write("bad.md", lesson_text("bad") + "## Empty step\n");
  Run bad = run_cli("lint-lessons " + d, tmp);
  CHECK(bad.status == 1);
  CHECK(bad.out == "2 lessons, 3 steps, 2 goals: 1 problem\n");
  CHECK(bad.err == d + "/bad.md:12: step \"Empty step\" has no goal: add a ```goal block\n");

  Run real = run_cli("lint-lessons " AP_SOURCE_DIR "/lessons", tmp);
  CHECK(real.status == 0);
  CHECK(real.out.find(": all good\n") != std::string::npos);
}
