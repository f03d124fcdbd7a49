// Tests of the lesson file parser on small inline fixtures: front matter, steps, each special
// block, line endings, and malformed input of many kinds, each of which must give one
// precise "FILE:LINE: reason" message. Check grammar details are in test_lessons_checks.cpp.
#include <doctest/doctest.h>

#include <string>

#include "lessons/lesson_folder.h"
#include "lessons/lesson_parse.h"

namespace {

// A valid front matter of five lines, so a body's first line is line 6.
const std::string kFront =
    "---\n"
    "id: tiny\n"
    "title: A tiny lesson\n"
    "summary: One sentence.\n"
    "---\n";

// The smallest valid goal block (four lines).
const std::string kGoal =
    "```goal\n"
    "text: Use dot.\n"
    "check: scoring = dot\n"
    "solution: {\"scoring\": \"dot\"}\n"
    "```\n";

ap::Lesson parse(const std::string& text) {
  return ap::lesson_parse(text, "f.md");
}

// The only error of `text`, or a note saying how many there were.
std::string only_error(const std::string& text) {
  const ap::Lesson l = parse(text);
  if (l.errors.size() == 1) return l.errors[0];
  std::string all = std::to_string(l.errors.size()) + " errors:";
  for (const auto& e : l.errors) all += "\n  " + e;
  return all;
}

const std::string kFull = kFront +
                          "\n"                                                                 // 6
                          "Intro with *emphasis*.\n"                                           // 7
                          "\n"                                                                 // 8
                          "## First step\n"                                                    // 9
                          "\n"                                                                 // 10
                          "Some prose.\n"                                                      // 11
                          "\n"                                                                 // 12
                          "```preset\n"                                                        // 13
                          "{\"temperature\": 2}\n"                                             // 14
                          "```\n"                                                              // 15
                          "\n"                                                                 // 16
                          "```panels\n"                                                        // 17
                          "hide: sparsity, heads\n"                                            // 18
                          "show: scaling\n"                                                    // 19
                          "```\n"                                                              // 20
                          "\n"                                                                 // 21
                          "```goal\n"                                                          // 22
                          "text: Make \"cat\" attend to \"the\".\n"                            // 23
                          "check: weight cat -> the > 0.6\n"                                   // 24
                          "check: argmax cat = the\n"                                          // 25
                          "hint: Drag cat's query.\n"                                          // 26
                          "solution: {\"Q\": [[1, 0.2], [5, 0], [-0.5, 0.8], [0.9, -0.4]]}\n"  // 27
                          "```\n"                                                              // 28
                          "\n"                                                                 // 29
                          "```python\n"                                                        // 30
                          "## not a step, just code\n"                                         // 31
                          "```\n"                                                              // 32
                          "More prose.\n"                                                      // 33
                          "\n"                                                                 // 34
                          "## Second step ##\n"                                                // 35
                          "\n" +                                                               // 36
                          kGoal;  // 37–41

}  // namespace

TEST_CASE("a complete lesson parses into front matter, intro, steps, blocks and goals") {
  const ap::Lesson l = parse(kFull);
  INFO((l.errors.empty() ? std::string() : l.errors[0]));
  REQUIRE(l.errors.empty());
  CHECK(l.id == "tiny");
  CHECK(l.title == "A tiny lesson");
  CHECK(l.summary == "One sentence.");
  CHECK(l.file == "f.md");
  CHECK(l.intro_markdown == "Intro with *emphasis*.");
  REQUIRE(l.steps.size() == 2);

  const ap::Step& s = l.steps[0];
  CHECK(s.title == "First step");
  CHECK(s.line == 9);
  CHECK(s.preset_line == 13);
  CHECK(s.preset_json == "{\"temperature\": 2}\n");
  CHECK(s.hidden_panels == std::vector<std::string>{"sparsity", "heads"});
  CHECK(s.shown_panels == std::vector<std::string>{"scaling"});
  CHECK(s.markdown == "Some prose.\n\n\n\n\n```python\n## not a step, just code\n```\nMore prose.");
  REQUIRE(s.goals.size() == 1);
  const ap::Goal& g = s.goals[0];
  CHECK(g.line == 22);
  CHECK(g.text == "Make \"cat\" attend to \"the\".");
  CHECK(g.hint == "Drag cat's query.");
  CHECK(g.solution_line == 27);
  CHECK(g.solution_json == "{\"Q\": [[1, 0.2], [5, 0], [-0.5, 0.8], [0.9, -0.4]]}");
  REQUIRE(g.checks.size() == 2);
  CHECK(g.checks[0].kind == ap::CheckKind::Weight);
  CHECK(g.checks[0].line == 24);
  CHECK(g.checks[1].kind == ap::CheckKind::Argmax);
  CHECK(g.checks[1].line == 25);

  CHECK(l.steps[1].title == "Second step");
  CHECK(l.steps[1].line == 35);
  CHECK(l.steps[1].preset_json.empty());
  CHECK(l.steps[1].preset_line == 0);
  CHECK(l.steps[1].goals.size() == 1);
}

TEST_CASE("prerequisites are a comma-separated list of ids") {
  const ap::Lesson l = parse(
      "---\nid: b\ntitle: B\nsummary: S\nprerequisites: a,  scaled-dot-product ,\n---\n## S\n" +
      kGoal);
  REQUIRE(l.errors.empty());
  CHECK(l.prerequisites == std::vector<std::string>{"a", "scaled-dot-product"});
  CHECK(l.prerequisites_line == 5);
  CHECK(l.id_line == 2);
}

TEST_CASE("CRLF and lone CR line endings and a byte order mark read like plain newlines") {
  std::string crlf, cr;
  for (char c : kFull) {
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    cr += c == '\n' ? '\r' : c;
  }
  for (const std::string& text : {crlf, cr, "\xEF\xBB\xBF" + kFull}) {
    const ap::Lesson l = parse(text);
    REQUIRE(l.errors.empty());
    REQUIRE(l.steps.size() == 2);
    CHECK(l.steps[0].goals[0].line == 22);
    CHECK(l.steps[0].goals[0].checks[0].line == 24);
    CHECK(l.steps[1].line == 35);
    CHECK(l.steps[0].preset_json == "{\"temperature\": 2}\n");
    CHECK(l.steps[0].goals[0].solution_json.find('\r') == std::string::npos);
  }
}

TEST_CASE("goal values continue on indented lines and JSON may span lines") {
  const ap::Lesson l = parse(kFront +
                             "## S\n"
                             "```preset\n"
                             "{\"temperature\": 2,\n"
                             " \"scoring\": \"dot\"}\n"
                             "```\n"
                             "```goal\n"
                             "text: A long sentence\n"
                             "  that goes on.\n"
                             "check: scoring = dot\n"
                             "solution: {\"scoring\":\n"
                             "    \"scaled_dot\"}\n"
                             "```\n");
  REQUIRE(l.errors.empty());
  CHECK(l.steps[0].goals[0].text == "A long sentence that goes on.");
  CHECK(l.steps[0].goals[0].solution_json == "{\"scoring\":\n\"scaled_dot\"}");
}

TEST_CASE("a code block with four backticks may show a goal block as an example") {
  const ap::Lesson l =
      parse(kFront + "## S\n````markdown\n```goal\nnot: parsed\n```\n````\n" + kGoal);
  REQUIRE(l.errors.empty());
  REQUIRE(l.steps[0].goals.size() == 1);
  CHECK(l.steps[0].markdown == "````markdown\n```goal\nnot: parsed\n```\n````");
}

TEST_CASE(
    "lesson_panel_names lists every panel, scaling and the model views are hidden by default") {
  const auto& names = ap::lesson_panel_names();
  CHECK(names.size() == 16);
  CHECK(ap::lesson_panel_default_visible("pipeline"));
  CHECK_FALSE(ap::lesson_panel_default_visible("scaling"));
  CHECK_FALSE(ap::lesson_panel_default_visible("training"));
  CHECK_FALSE(ap::lesson_panel_default_visible("induction"));
  CHECK_FALSE(ap::lesson_panel_default_visible("sentiment"));
  CHECK_FALSE(ap::lesson_panel_default_visible("qa"));
  CHECK_FALSE(ap::lesson_panel_default_visible("scale"));
  CHECK_FALSE(ap::lesson_panel_default_visible("captioning"));
}

TEST_CASE("a quoted title or summary loses its quotes, as in YAML") {
  const ap::Lesson l = parse(
      "---\nid: tiny\ntitle: \"Case study: quoted\"\nsummary: \"One: sentence.\"\n---\n## A\n"
      "Text.\n" +
      kGoal);
  INFO((l.errors.empty() ? std::string() : l.errors[0]));
  REQUIRE(l.errors.empty());
  CHECK(l.title == "Case study: quoted");
  CHECK(l.summary == "One: sentence.");
  // A lone quote, or quotes inside, are the author's text.
  CHECK(parse("---\nid: tiny\ntitle: \"\nsummary: a \"b\" c\n---\n## A\nText.\n" + kGoal).summary ==
        "a \"b\" c");
}

TEST_CASE("malformed front matter gives one precise message each") {
  SUBCASE("empty file") {
    CHECK(only_error("") ==
          "f.md:1: the file is empty: a lesson starts with front matter (---, id:, title:, "
          "summary:, ---)");
    CHECK(only_error(" \n\r\n\t\n").rfind("f.md:1: the file is empty", 0) == 0);
  }
  SUBCASE("no front matter") {
    CHECK(only_error("# Title\n\n## S\n" + kGoal)
              .rfind("f.md:1: a lesson starts with front matter", 0) == 0);
  }
  SUBCASE("front matter never closed") {
    CHECK(only_error("---\nid: a\ntitle: T\nsummary: S\n") ==
          "f.md:1: the front matter opened here is never closed by a line \"---\"");
  }
  SUBCASE("missing id") {
    CHECK(only_error("---\ntitle: T\nsummary: S\n---\n## S\n" + kGoal) ==
          "f.md:4: the front matter has no \"id:\" line");
  }
  SUBCASE("bad id") {
    CHECK(only_error("---\nid: Bad_Id\ntitle: T\nsummary: S\n---\n## S\n" + kGoal) ==
          "f.md:2: id \"Bad_Id\" must be 1–64 lowercase letters, digits and '-', e.g. "
          "scaled-dot-product");
  }
  SUBCASE("empty title") {
    CHECK(only_error("---\nid: a\ntitle:\nsummary: S\n---\n## S\n" + kGoal) ==
          "f.md:3: the title is empty");
  }
  SUBCASE("unknown key") {
    CHECK(only_error("---\nid: a\ntitle: T\nsummary: S\nauthor: me\n---\n## S\n" + kGoal) ==
          "f.md:5: unknown front matter key \"author\": use id, title, summary, prerequisites");
  }
  SUBCASE("a key given twice") {
    CHECK(only_error("---\nid: a\nid: b\ntitle: T\nsummary: S\n---\n## S\n" + kGoal) ==
          "f.md:3: \"id:\" is given twice");
  }
  SUBCASE("a line that is not key: value") {
    CHECK(only_error("---\nid: a\ntitle: T\nsummary: S\njust words\n---\n## S\n" + kGoal) ==
          "f.md:5: expected \"key: value\" in the front matter (or \"---\" to end it)");
  }
  SUBCASE("a bad prerequisite") {
    CHECK(only_error("---\nid: a\ntitle: T\nsummary: S\nprerequisites: ok, Not OK\n---\n## S\n" +
                     kGoal) == "f.md:5: prerequisite \"Not OK\" is not a lesson id");
  }
}

TEST_CASE("malformed steps and blocks give one precise message each") {
  SUBCASE("a block before the first step") {
    CHECK(only_error(kFront + "\n" + kGoal + "## S\n" + kGoal) ==
          "f.md:7: ```goal block before the first step: put it under a \"## Step title\" heading");
  }
  SUBCASE("a step heading without a title") {
    CHECK(only_error(kFront + "##\n" + kGoal) ==
          "f.md:6: a step heading needs a title: \"## Title\"");
  }
  SUBCASE("an unclosed special block") {
    CHECK(only_error(kFront + "## S\n" + kGoal + "```preset\n{\"temperature\": 2}\n") ==
          "f.md:12: the ```preset block opened here is never closed: end it with a line ```");
  }
  SUBCASE("an unterminated code fence") {
    CHECK(only_error(kFront + "## S\n" + kGoal + "~~~~python\nx = 1\n## Two\n" + kGoal) ==
          "f.md:12: the code block opened here is never closed: end it with a line ~~~~");
  }
  SUBCASE("a preset that is not JSON") {
    CHECK(only_error(kFront +
                     "## S\n```preset\n{\"temperature\": 2,\n \"mask\" \"causal\"}\n```\n" +
                     kGoal) ==
          "f.md:9: the preset is not valid JSON: syntax error while parsing object separator - "
          "unexpected string literal; expected ':' (column 16)");
  }
  SUBCASE("a preset that is not an object") {
    CHECK(only_error(kFront + "## S\n```preset\n[1, 2]\n```\n" + kGoal) ==
          "f.md:8: the preset must be a JSON object such as {\"temperature\": 2}");
  }
  SUBCASE("an empty preset") {
    CHECK(only_error(kFront + "## S\n```preset\n```\n" + kGoal) ==
          "f.md:7: the preset is empty: write a JSON object such as {\"temperature\": 2}");
  }
  SUBCASE("two presets in a step") {
    CHECK(only_error(kFront + "## S\n```preset\n{}\n```\n```preset\n{}\n```\n" + kGoal) ==
          "f.md:10: a step has at most one ```preset block (this step's first is at line 7)");
  }
  SUBCASE("an unknown panel") {
    CHECK(only_error(kFront + "## S\n```panels\nhide: tokens, heatmap\n```\n" + kGoal) ==
          "f.md:8: unknown panel \"heatmap\": use tokens, matrices, scoring, mask, sparsity, "
          "heads, pipeline, inspector, plane, scaling, training, induction, sentiment, qa, scale, "
          "captioning");
  }
  SUBCASE("a panels line that is neither hide nor show") {
    CHECK(only_error(kFront + "## S\n```panels\nshowing: tokens\n```\n" + kGoal) ==
          "f.md:8: a panels line is \"hide: name, name\" or \"show: name, name\"");
  }
  SUBCASE("a panel both hidden and shown") {
    CHECK(only_error(kFront + "## S\n```panels\nhide: mask\nshow: mask\n```\n" + kGoal) ==
          "f.md:9: panel \"mask\" is both hidden and shown");
  }
  SUBCASE("two panels blocks in a step") {
    CHECK(only_error(kFront + "## S\n```panels\nhide: mask\n```\n```panels\nhide: heads\n```\n" +
                     kGoal) == "f.md:10: a step has at most one ```panels block");
  }
}

TEST_CASE("malformed goals give one precise message each") {
  const std::string step = kFront + "## S\n";  // the goal block opens at line 7
  SUBCASE("no text") {
    CHECK(only_error(step + "```goal\ncheck: scoring = dot\nsolution: {}\n```\n") ==
          "f.md:7: the goal has no text: line (the sentence shown to the learner)");
  }
  SUBCASE("no check") {
    CHECK(only_error(step + "```goal\ntext: T\nsolution: {}\n```\n") ==
          "f.md:7: the goal has no check: line");
  }
  SUBCASE("no solution") {
    CHECK(only_error(step + "```goal\ntext: T\ncheck: scoring = dot\n```\n") ==
          "f.md:7: the goal has no solution: line (a partial State JSON that meets it)");
  }
  SUBCASE("an unknown key") {
    CHECK(only_error(step +
                     "```goal\ntext: T\nhints: H\ncheck: scoring = dot\nsolution: {}\n```\n") ==
          "f.md:9: unknown goal key \"hints\": use text, check, hint, solution");
  }
  SUBCASE("a line that is not key: value") {
    CHECK(only_error(step + "```goal\ntext: T\n\"Q\": 1\ncheck: scoring = dot\nsolution: {}\n```\n")
              .rfind("f.md:9: expected \"key: value\" in the goal", 0) == 0);
  }
  SUBCASE("text given twice") {
    CHECK(
        only_error(step + "```goal\ntext: T\ntext: U\ncheck: scoring = dot\nsolution: {}\n```\n") ==
        "f.md:9: \"text:\" is given twice in this goal (first at line 8)");
  }
  SUBCASE("a check that does not parse") {
    CHECK(only_error(step + "```goal\ntext: T\ncheck: scoring = dot\ncheck: wieght a -> b > 1\n"
                            "solution: {}\n```\n")
              .rfind("f.md:10: goal check: unknown check \"wieght\": use weight, argmax,", 0) == 0);
  }
  SUBCASE("a solution that is not JSON") {
    CHECK(only_error(step +
                     "```goal\ntext: T\ncheck: scoring = dot\nsolution: {scoring: dot}\n```\n") ==
          "f.md:10: the solution is not valid JSON: syntax error while parsing object key - "
          "invalid literal; last read: '{s'; expected string literal (column 2)");
  }
}

TEST_CASE("invalid UTF-8 is reported at its line and parsing goes on") {
  const ap::Lesson l = parse(kFront + "## S\nbad \xC3( byte\n" + kGoal);
  REQUIRE(l.errors.size() == 1);
  CHECK(l.errors[0] == "f.md:7: this line is not valid UTF-8 text (save the file as UTF-8)");
  CHECK(l.steps.size() == 1);
}

TEST_CASE("a file with hundreds of problems reports the first fifty and a last line") {
  std::string text = kFront + "## S\n```goal\n";
  for (int i = 0; i < 300; ++i) text += "nonsense\n";
  const ap::Lesson l = parse(text + "```\n");
  CHECK(l.errors.size() == 51);
  CHECK(l.errors.back().find("more problems follow") != std::string::npos);
}

TEST_CASE("lesson_index_parse skips blank lines and comments and trims names") {
  CHECK(ap::lesson_index_parse("# order\n\n  01-a.md  \r\n02-b.md\n#03-c.md\n") ==
        std::vector<std::string>{"01-a.md", "02-b.md"});
  CHECK(ap::lesson_index_parse("").empty());
}
