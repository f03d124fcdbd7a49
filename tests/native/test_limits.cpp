// Hostile input (issue 9): the limits of core/limits.h hold at every entry, messages name
// the limit and are valid UTF-8 whatever they quote, and the small silent acceptances are
// refused. Each case is one of the issue's reproductions or its class.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "app/export_data.h"
#include "core/limits.h"
#include "lessons/lesson_lint.h"
#include "lessons/lesson_parse.h"
#include "state/state.h"

namespace {

using nlohmann::json;

// "0,0,…,0" with n zeros: one row of the URL form.
std::string zeros(int n, const char* sep = ",") {
  std::string out;
  for (int i = 0; i < n; ++i) out += (i ? sep : "") + std::string("0");
  return out;
}

json zero_rows(int rows, int cols) {
  return json(std::vector<std::vector<double>>(rows, std::vector<double>(cols, 0.0)));
}

std::string refusal_of_json(const json& j) {
  const ap::Decoded<ap::State> s = ap::state_from_json(j.dump());
  REQUIRE_FALSE(s.ok());
  CHECK(ap::utf8_valid(s.error));
  return s.error;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE(
    "the issue's 515-character link with 127-wide Q and K is refused, naming the width limit") {
  const std::string link = "Q=" + zeros(127) + "&K=" + zeros(127) + "&V=0";
  const ap::Decoded<ap::State> s = ap::state_from_url(link);
  REQUIRE_FALSE(s.ok());
  INFO(s.error);
  CHECK(contains(s.error, "127"));
  CHECK(contains(s.error, std::to_string(ap::kMaxWidth) + " wide"));
}

TEST_CASE(
    "every matrix wider than the matrix editor's table is refused, the widest allowed is "
    "accepted") {
  static_assert(ap::kMaxWidth + 1 <= ap::kImGuiMaxTableColumns);
  const int too_wide = ap::kMaxWidth + 1;
  SUBCASE("Q and K") {
    const std::string e = refusal_of_json(
        {{"Q", zero_rows(1, too_wide)}, {"K", zero_rows(1, too_wide)}, {"V", zero_rows(1, 1)}});
    CHECK(contains(e, "Q has width " + std::to_string(too_wide)));
  }
  SUBCASE("W of general scoring") {
    const std::string e = refusal_of_json({{"Q", zero_rows(1, 2)},
                                           {"K", zero_rows(1, 2)},
                                           {"V", zero_rows(1, 1)},
                                           {"scoring", "general"},
                                           {"W", zero_rows(2, 200)}});
    CHECK(contains(e, "W has width 200"));
  }
  SUBCASE("W_o") {
    const std::string e = refusal_of_json({{"Q", zero_rows(1, 1)},
                                           {"K", zero_rows(1, 1)},
                                           {"V", zero_rows(1, 1)},
                                           {"Wo", zero_rows(1, 700)}});
    CHECK(contains(e, "Wo has width 700"));
  }
  SUBCASE("the hidden width of additive scoring") {
    const std::string e = refusal_of_json({{"Q", zero_rows(1, 1)},
                                           {"K", zero_rows(1, 1)},
                                           {"V", zero_rows(1, 1)},
                                           {"scoring", "additive"},
                                           {"Wq", zero_rows(too_wide, 1)},
                                           {"Wk", zero_rows(too_wide, 1)},
                                           {"v", std::vector<double>(too_wide, 0.0)}});
    CHECK(contains(e, std::to_string(ap::kMaxWidth)));
  }
  SUBCASE("the widest matrix is accepted") {
    const ap::Decoded<ap::State> s = ap::state_from_json(json{
        {"Q", zero_rows(2, ap::kMaxWidth)},
        {"K", zero_rows(2, ap::kMaxWidth)},
        {"V", zero_rows(2, ap::kMaxWidth)}}.dump());
    CHECK_MESSAGE(s.ok(), s.error);
  }
}

TEST_CASE("a state with more matrix entries than kMaxStateCells is refused before attend") {
  // 4096 tokens × 40 columns three times: each matrix fits the shape limits, together not.
  const std::string e = refusal_of_json({{"Q", zero_rows(16, 40)},
                                         {"K", zero_rows(ap::kMaxTokens, 40)},
                                         {"V", zero_rows(ap::kMaxTokens, 40)}});
  CHECK(contains(e, "matrix entries"));
  CHECK(contains(e, std::to_string(ap::kMaxStateCells)));
}

TEST_CASE("the UI cells a frame draws stay below kMaxUiCellsPerFrame for the largest states") {
  ap::State s = ap::state_default();
  s.input.Q = ap::Matrix::Zero(ap::kMaxTokens, 20);
  s.input.K = ap::Matrix::Zero(ap::kMaxTokens, 20);
  s.input.V = ap::Matrix::Zero(ap::kMaxTokens, 20);
  s.input.scoring.kind = ap::ScoringKind::General;
  s.input.scoring.W = ap::Matrix::Zero(20, 20);
  s.input.Wo = ap::Matrix::Zero(20, ap::kMaxWidth);
  CHECK(ap::state_frame_work(s) <= ap::kMaxUiCellsPerFrame);
  // The bound counts the rows drawn, not the rows held.
  CHECK(ap::state_frame_work(s) < 3L * ap::kMaxTokens * 20);
}

TEST_CASE(
    "JSON text longer than kMaxJsonBytes or with too many values is refused before it is parsed") {
  SUBCASE("bytes") {
    const std::string big(ap::kMaxJsonBytes + 1, ' ');
    const ap::Decoded<ap::State> s = ap::state_from_json(big);
    REQUIRE_FALSE(s.ok());
    CHECK(contains(s.error, std::to_string(ap::kMaxJsonBytes)));
  }
  SUBCASE("values") {
    std::string many = "[";
    for (long i = 0; i <= ap::kMaxJsonValues; ++i) many += i ? ",0" : "0";
    many += "]";
    REQUIRE(many.size() <= ap::kMaxJsonBytes);
    const ap::Decoded<ap::State> s = ap::state_from_json(many);
    REQUIRE_FALSE(s.ok());
    CHECK(contains(s.error, std::to_string(ap::kMaxJsonValues)));
  }
}

TEST_CASE("a link longer than kMaxUrlBytes is refused naming the limit") {
  const ap::Decoded<ap::State> s = ap::state_from_url(std::string(ap::kMaxUrlBytes + 1, 'Q'));
  REQUIRE_FALSE(s.ok());
  CHECK(contains(s.error, std::to_string(ap::kMaxUrlBytes)));
}

TEST_CASE(
    "error messages cut their quotes at a character boundary (issue: temperature \"é\" × 30)") {
  std::string e_acute;
  for (int i = 0; i < 30; ++i) e_acute += "\xC3\xA9";
  const std::string e = refusal_of_json({{"Q", zero_rows(1, 1)},
                                         {"K", zero_rows(1, 1)},
                                         {"V", zero_rows(1, 1)},
                                         {"temperature", e_acute}});
  CHECK(contains(e, "temperature"));
  SUBCASE("every quote of a key, a scoring, a mask and a sparsity key") {
    for (const std::string& bad :
         {std::string(39, 'a') + "\xC3\xA9", std::string(38, 'a') + "\xE2\x82\xAC" + "x",
          std::string("\xF0\x9F\x98\x80").append(20, 'b')}) {
      CHECK(ap::utf8_valid(refusal_of_json({{bad, 1}})));
      CHECK(ap::utf8_valid(refusal_of_json({{"Q", zero_rows(1, 1)},
                                            {"K", zero_rows(1, 1)},
                                            {"V", zero_rows(1, 1)},
                                            {"scoring", bad}})));
      CHECK(ap::utf8_valid(refusal_of_json({{"Q", zero_rows(1, 1)},
                                            {"K", zero_rows(1, 1)},
                                            {"V", zero_rows(1, 1)},
                                            {"mask", bad}})));
      CHECK(ap::utf8_valid(refusal_of_json({{"Q", zero_rows(1, 1)},
                                            {"K", zero_rows(1, 1)},
                                            {"V", zero_rows(1, 1)},
                                            {"sparsity", {{bad, 1}}}})));
    }
  }
  SUBCASE("invalid bytes in a link's key are replaced, not copied") {
    const ap::Decoded<ap::State> s = ap::state_from_url("\xFF\xFEkey=1");
    REQUIRE_FALSE(s.ok());
    CHECK(ap::utf8_valid(s.error));
  }
}

TEST_CASE("utf8_quote gives valid UTF-8 within the byte budget for every cut") {
  const std::string mixed = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z\xFF\xC3";
  for (std::size_t max = 0; max <= mixed.size() + 4; ++max) {
    const std::string q = ap::utf8_quote(mixed, max);
    CAPTURE(max);
    CHECK(ap::utf8_valid(q));
    // "…" (3 bytes) marks a cut; the quoted text itself stays within max.
    const bool cut = q.size() >= 3 && q.compare(q.size() - 3, 3, "\xE2\x80\xA6") == 0;
    CHECK(q.size() - (cut ? 3 : 0) <= max);
  }
}

TEST_CASE("utf8_valid refuses overlong forms, surrogates and code points above U+10FFFF") {
  CHECK(ap::utf8_valid("plain"));
  CHECK(ap::utf8_valid("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF"));
  for (const char* bad :
       {"\xC0\xAF", "\xC1\xBF", "\xE0\x80\xAF", "\xE0\x9F\xBF", "\xED\xA0\x80", "\xED\xBF\xBF",
        "\xF0\x80\x80\xAF", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\x80", "\xC3", "\xE2\x82"}) {
    CAPTURE(bad);
    CHECK_FALSE(ap::utf8_valid(bad));
  }
  SUBCASE("in a link's labels") {
    const ap::Decoded<ap::State> overlong = ap::state_from_url("tokens=%C0%AF&Q=1&K=1&V=1");
    CHECK_FALSE(overlong.ok());
    const ap::Decoded<ap::State> surrogate = ap::state_from_url("tokens=%ED%A0%80&Q=1&K=1&V=1");
    CHECK_FALSE(surrogate.ok());
  }
}

TEST_CASE("numbers in a link are plain decimals, as in JSON: hex floats and words are refused") {
  for (const char* cell : {"0x1p3", "0x10", "infinity", "1e", "--1", ".", "1 "}) {
    CAPTURE(cell);
    const ap::Decoded<ap::State> s = ap::state_from_url(std::string("Q=") + cell + "&K=1&V=1");
    CHECK_FALSE(s.ok());
  }
  for (const char* cell : {"-1.5", "2e-3", ".5", "+3", "1E2"}) {
    CAPTURE(cell);
    const ap::Decoded<ap::State> s = ap::state_from_url(std::string("Q=") + cell + "&K=1&V=1");
    CHECK_MESSAGE(s.ok(), s.error);
  }
  double x = 0;
  CHECK_FALSE(ap::parse_decimal("0x1p3", &x));
  CHECK_FALSE(ap::parse_decimal(" ", &x));
  REQUIRE(ap::parse_decimal("-2.5e1", &x));
  CHECK(x == -25.0);
}

TEST_CASE("extra rows in a link's global= and v= are refused") {
  CHECK_FALSE(ap::state_from_url("Q=1;1&K=1;1&V=1;1&global=0;1").ok());
  CHECK_FALSE(ap::state_from_url("Q=1&K=1&V=1&scoring=additive&Wq=1&Wk=1&v=1;2").ok());
  CHECK(ap::state_from_url("Q=1;1&K=1;1&V=1;1&global=0,1").ok());
}

TEST_CASE("messages name what the input said: tokens, mask, valid_length, exact limits") {
  SUBCASE("tokens, not query_tokens") {
    const std::string e = refusal_of_json({{"tokens", {"a", "b"}},
                                           {"Q", zero_rows(3, 1)},
                                           {"K", zero_rows(3, 1)},
                                           {"V", zero_rows(3, 1)}});
    CHECK(contains(e, "tokens has 2 labels"));
    CHECK_FALSE(contains(e, "query_tokens"));
  }
  SUBCASE("mask: 1") {
    const std::string e = refusal_of_json(
        {{"Q", zero_rows(1, 1)}, {"K", zero_rows(1, 1)}, {"V", zero_rows(1, 1)}, {"mask", 1}});
    CHECK(contains(e, "mask must be \"none\", \"causal\", \"padding\" or an array"));
  }
  SUBCASE("valid_length without a padding mask") {
    const std::string e = refusal_of_json({{"Q", zero_rows(1, 1)},
                                           {"K", zero_rows(1, 1)},
                                           {"V", zero_rows(1, 1)},
                                           {"valid_length", 1}});
    CHECK(contains(e, "valid_length"));
    CHECK_FALSE(ap::state_from_url("Q=1&K=1&V=1&valid_length=1").ok());
  }
  SUBCASE("a value just above the magnitude limit is printed exactly") {
    const std::string e = refusal_of_json(
        {{"Q", {{1000000.0000000001}}}, {"K", zero_rows(1, 1)}, {"V", zero_rows(1, 1)}});
    INFO(e);
    CHECK(contains(e, "1000000.0000000001"));
    CHECK(contains(e, "±1000000"));
  }
  SUBCASE("a temperature below the limit") {
    const std::string e = refusal_of_json({{"Q", zero_rows(1, 1)},
                                           {"K", zero_rows(1, 1)},
                                           {"V", zero_rows(1, 1)},
                                           {"temperature", 1.234567e-7}});
    INFO(e);
    CHECK(contains(e, "1.234567e-07"));
  }
  SUBCASE("a long comment") {
    const std::string e =
        refusal_of_json({{"Q", zero_rows(1, 1)},
                         {"K", zero_rows(1, 1)},
                         {"V", zero_rows(1, 1)},
                         {"comment", std::string(ap::kMaxCommentBytes + 1, 'c')}});
    CHECK(contains(e, std::to_string(ap::kMaxCommentBytes)));
  }
}

TEST_CASE("CSV labels a spreadsheet would run as formulas are written as quoted text") {
  const ap::Matrix m = ap::Matrix::Zero(1, 1);
  const auto header_cell = [&](const std::string& label) {
    const std::string csv = ap::export_csv(m, {"r"}, {label});
    return csv.substr(1, csv.find("\r\n") - 1);  // after the empty corner cell's comma
  };
  CHECK(header_cell("=1+1") == "\"'=1+1\"");
  CHECK(header_cell("+cmd|' /C calc'!A0") == "\"'+cmd|' /C calc'!A0\"");
  CHECK(header_cell("-2+3") == "\"'-2+3\"");
  CHECK(header_cell("@SUM(A1)") == "\"'@SUM(A1)\"");
  CHECK(header_cell("\tx") == "\"'\tx\"");
  CHECK(header_cell("\rx") == "\"'\rx\"");
  // A plain number keeps its sign: spreadsheets read it as that number, never as a formula.
  CHECK(header_cell("-1") == "-1");
  CHECK(header_cell("+2.5") == "+2.5");
  CHECK(header_cell("cat") == "cat");
  CHECK(header_cell("a,b") == "\"a,b\"");
}

TEST_CASE("the lesson linter finds a prerequisite cycle") {
  const auto lesson = [](const std::string& id, const std::string& prereq) {
    return "---\nid: " + id + "\ntitle: " + id + "\nsummary: s\nprerequisites: " + prereq +
           "\n---\n\n## Step\n\nText.\n";
  };
  ap::LessonSet set;
  set.lessons.push_back(ap::lesson_parse(lesson("a", "b"), "a.md"));
  set.lessons.push_back(ap::lesson_parse(lesson("b", "a"), "b.md"));
  set.lessons.push_back(ap::lesson_parse(lesson("c", "a"), "c.md"));
  const std::vector<std::string> problems = ap::lesson_lint(set);
  int cycles = 0;
  for (const std::string& p : problems) cycles += contains(p, "cycle");
  INFO(problems.size());
  CHECK(cycles == 2);  // a and b; c only depends on the cycle
  CHECK(ap::lesson_lint_one(set, set.lessons[0]).front().find("a.md:5:") == 0);
  SUBCASE("the page keeps lint problems as the lesson's errors") {
    ap::lessons_keep_lint_errors(set);
    for (const ap::Lesson& l : set.lessons) CHECK_FALSE(l.errors.empty());
  }
}

TEST_CASE("a lesson file larger than kMaxLessonBytes is refused with the limit named") {
  const ap::Lesson l = ap::lesson_parse(std::string(ap::kMaxLessonBytes + 1, 'x'), "big.md");
  REQUIRE(l.errors.size() == 1);
  CHECK(contains(l.errors[0], std::to_string(ap::kMaxLessonBytes)));
}

TEST_CASE("every nlohmann dump() in src/ replaces invalid UTF-8 instead of throwing") {
  namespace fs = std::filesystem;
  int dumps = 0;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(AP_SOURCE_DIR) / "src")) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path());
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      const auto at = line.find(".dump(");
      if (at == std::string::npos) continue;
      ++dumps;
      INFO(entry.path().string(), ":", n, ": ", line);
      CHECK(contains(line.substr(at), "error_handler_t::replace"));
    }
  }
  CHECK(dumps > 0);
}

// [SECTION] attention-cli under the size limits ------------------------------------------
namespace {

namespace fs = std::filesystem;

struct CliRun {
  int status = -1;
  long max_rss_kb = -1;  // GNU time's %M
  double seconds = -1;   // GNU time's %e, printed as a figure, never asserted
  std::string err;
};

// Runs `shell` (a command line using $CLI) under /usr/bin/time; stdout is discarded.
CliRun run_measured(const std::string& shell) {
  const fs::path dir = fs::temp_directory_path() / ("ap_test_limits_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path err = dir / "err.txt", time = dir / "time.txt";
  const std::string cmd = "CLI='" AP_CLI_PATH "'; /usr/bin/time -o '" + time.string() +
                          "' -f '%M %e' sh -c \"" + shell + "\" >/dev/null 2>'" + err.string() +
                          "'";
  const int raw = std::system(cmd.c_str());
  CliRun r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  std::ostringstream e;
  e << std::ifstream(err).rdbuf();
  r.err = e.str();
  // GNU time puts "Command exited with non-zero status N" first: the figures end the file.
  std::ifstream in(time);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  std::istringstream(last) >> r.max_rss_kb >> r.seconds;
  fs::remove_all(dir);
  return r;
}

// The RSS of the same binary evaluating a one-cell state. Sanitizer builds carry tens of MB of
// fixed shadow memory, so the memory bounds below are measured above this, not from zero.
long baseline_rss_kb() {
  static const long kb = [] {
    const CliRun r = run_measured(
        "printf '%s' '{\\\"Q\\\":[[1]],\\\"K\\\":[[1]],\\\"V\\\":[[1]]}' | $CLI eval -");
    REQUIRE(r.status == 0);
    REQUIRE(r.max_rss_kb > 0);
    return r.max_rss_kb;
  }();
  return kb;
}

// Reading input up to kMaxJsonBytes and refusing it holds the text and, while a string grows,
// its earlier buffers: about 2× natively (15.6 MiB measured), 3.2× under ASan, whose
// quarantine keeps freed buffers (26.1 MiB measured). An input read to its end would need
// its full size (48 MB and more below), so 4× still tells the two apart.
long bounded_extra_kb() {
  return static_cast<long>(4 * ap::kMaxJsonBytes / 1024);
}

}  // namespace

TEST_CASE("attention-cli refuses a 48 MB state file by its size, with bounded memory") {
  const fs::path file =
      fs::temp_directory_path() / ("ap_big_state_" + std::to_string(::getpid()) + ".json");
  {
    std::ofstream out(file, std::ios::binary);
    std::string chunk(1 << 20, ' ');
    out << "{\"Q\":[[";
    for (int i = 0; i < 48; ++i) out << chunk;
    out << "1]]}";
  }
  const CliRun r = run_measured("$CLI eval " + file.string());
  fs::remove(file);
  MESSAGE("eval of a 48 MB file: exit ", r.status, ", max RSS ", r.max_rss_kb, " KiB, ", r.seconds,
          " s");
  CHECK(r.status == 1);
  CHECK(contains(r.err, std::to_string(ap::kMaxJsonBytes)));
  CHECK(r.max_rss_kb > 0);
  CHECK(r.max_rss_kb - baseline_rss_kb() < bounded_extra_kb());
}

TEST_CASE("attention-cli stops reading endless input at the limit, with bounded memory") {
  const CliRun r = run_measured("head -c 60000000 /dev/zero | $CLI eval -");
  MESSAGE("eval of 60 MB on stdin: exit ", r.status, ", max RSS ", r.max_rss_kb, " KiB, ",
          r.seconds, " s");
  CHECK(r.status == 1);
  CHECK(contains(r.err, "longer than " + std::to_string(ap::kMaxJsonBytes)));
  MESSAGE("baseline RSS ", baseline_rss_kb(), " KiB");
  CHECK(r.max_rss_kb - baseline_rss_kb() < bounded_extra_kb());
}

TEST_CASE("attention-cli refuses a JSON of tiny values beyond kMaxJsonValues with bounded memory") {
  // 4 MB of "0," is within the byte limit but holds 2 million values.
  const fs::path file =
      fs::temp_directory_path() / ("ap_tiny_" + std::to_string(::getpid()) + ".json");
  {
    std::ofstream out(file, std::ios::binary);
    out << "{\"Q\":[";
    for (int i = 0; i < 2000000; ++i) out << "0,";
    out << "0]}";
  }
  const CliRun r = run_measured("$CLI eval " + file.string());
  fs::remove(file);
  MESSAGE("eval of 2 million tiny values: exit ", r.status, ", max RSS ", r.max_rss_kb, " KiB, ",
          r.seconds, " s");
  CHECK(r.status == 1);
  CHECK(contains(r.err, std::to_string(ap::kMaxJsonValues)));
  // 2 million parsed values before the count refuses them: a parse tree, bounded but larger.
  CHECK(r.max_rss_kb - baseline_rss_kb() < 128 * 1024);
}

TEST_CASE("attention-cli url-decode reads a link from stdin, up to the page's 1 MiB") {
  // A 300 KiB link: more than one command-line argument may hold (128 KiB on Linux).
  std::string link = "Q=";
  for (int i = 0; i < 50000; ++i) link += i ? ";0.25" : "0.25";
  link += "&K=1&V=1";
  const fs::path file =
      fs::temp_directory_path() / ("ap_link_" + std::to_string(::getpid()) + ".txt");
  std::ofstream(file) << "#" << link << "\n";
  const CliRun ok = run_measured("$CLI url-decode - < " + file.string());
  // 50000 queries exceed kMaxTokens: refused for that reason, not for its length.
  CHECK(ok.status == 1);
  CHECK(contains(ok.err, "at most " + std::to_string(ap::kMaxTokens) + " tokens"));
  std::ofstream(file) << std::string(ap::kMaxUrlBytes + 10, 'Q');
  const CliRun big = run_measured("$CLI url-decode - < " + file.string());
  fs::remove(file);
  CHECK(big.status == 1);
  CHECK(contains(big.err, std::to_string(ap::kMaxUrlBytes)));
}
