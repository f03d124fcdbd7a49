// Tests of the built attention-cli as a user runs it: each case writes its input to a file
// in a fresh temporary folder, runs the program through the shell with stdin, stdout and
// stderr redirected to files, and checks the exit status and the text. A process killed by
// a signal (a crash, a sanitizer abort) always fails the test. Results are checked against
// ap::attend in this process.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/attention.h"
#include "state/state.h"
#include "temp_dir.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using ap::test::TempDir;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct Run {
  bool signalled = false;  // killed by a signal, or the shell reports one (status ≥ 128)
  int status = -1;         // exit status when not signalled
  std::string out, err;
};

// Runs attention-cli with `args` (already shell-quoted), stdin from `stdin_file` if given.
Run run_cli(const TempDir& dir, const std::string& args, const fs::path& stdin_file = {}) {
  const fs::path out = dir.path / "stdout.txt", err = dir.path / "stderr.txt";
  std::string cmd = shell_quote(AP_CLI_PATH) + " " + args;
  cmd += " <" + shell_quote(stdin_file.empty() ? "/dev/null" : stdin_file.string());
  cmd += " >" + shell_quote(out.string()) + " 2>" + shell_quote(err.string());
  const int raw = std::system(cmd.c_str());
  Run r;
  r.out = read_file(out);
  r.err = read_file(err);
  if (raw == -1 || WIFSIGNALED(raw)) {
    r.signalled = true;
  } else {
    r.status = WEXITSTATUS(raw);
    r.signalled = r.status >= 128;
  }
  INFO("command: ", cmd, "\nstdout: ", r.out, "\nstderr: ", r.err);
  CHECK_FALSE(r.signalled);
  return r;
}

Run eval_text(const TempDir& dir, const std::string& state_json) {
  const fs::path file = dir.write("state.json", state_json);
  return run_cli(dir, "eval " + shell_quote(file.string()));
}

// A failure is reported as exactly one non-empty line on stderr, and nothing on stdout.
void check_one_line_error(const Run& r, const std::vector<std::string>& must_contain) {
  INFO("stderr: ", r.err);
  CHECK(r.status != 0);
  CHECK(r.out.empty());
  REQUIRE(r.err.size() > 1);
  CHECK(r.err.back() == '\n');
  CHECK(r.err.find('\n') == r.err.size() - 1);
  for (const std::string& word : must_contain) CHECK(r.err.find(word) != std::string::npos);
}

json parse_output(const Run& r) {
  INFO("stdout: ", r.out, "\nstderr: ", r.err);
  REQUIRE(r.status == 0);
  const json j = json::parse(r.out, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

// Printed numbers carry full precision, so they agree with attend to rounding.
void check_matrix(const json& printed, const ap::Matrix& expected, const char* name) {
  INFO("matrix ", name, ": ", printed.dump());
  REQUIRE(printed.is_array());
  REQUIRE(printed.size() == static_cast<std::size_t>(expected.rows()));
  for (Eigen::Index i = 0; i < expected.rows(); ++i) {
    REQUIRE(printed[i].size() == static_cast<std::size_t>(expected.cols()));
    for (Eigen::Index j = 0; j < expected.cols(); ++j) {
      REQUIRE(printed[i][j].is_number());
      CHECK(printed[i][j].get<double>() == doctest::Approx(expected(i, j)).epsilon(1e-12));
    }
  }
}

void check_against_attend(const json& printed, const std::string& state_json) {
  const ap::Decoded<ap::State> s = ap::state_from_json(state_json);
  REQUIRE(s.ok());
  const ap::Result r = ap::attend(s.value->input);
  if (r.heads.size() == 1) {
    check_matrix(printed.at("scores"), r.heads[0].scores, "scores");
    check_matrix(printed.at("weights"), r.heads[0].weights, "weights");
  } else {
    REQUIRE(printed.at("scores").size() == r.heads.size());
    for (std::size_t h = 0; h < r.heads.size(); ++h) {
      check_matrix(printed.at("scores")[h], r.heads[h].scores, "scores");
      check_matrix(printed.at("weights")[h], r.heads[h].weights, "weights");
    }
  }
  check_matrix(printed.at("output"), r.output, "output");
}

const char* const kGoodStates[] = {
    R"({"tokens":["a","b"],"Q":[[1,0],[0,1]],"K":[[1,0],[0,1]],"V":[[1,2],[3,4]],
        "scoring":"scaled_dot","mask":"causal"})",
    R"({"tokens":["the","cat","sat"],"Q":[[1,0.5],[0,1],[-1,2]],"K":[[1,0],[0,1],[1,1]],
        "V":[[1],[2],[3]],"scoring":"dot","temperature":0.5,"mask":"padding","valid_length":2})",
    R"({"query_tokens":["x","y"],"key_tokens":["p","q","r"],"Q":[[1,0],[0,1]],
        "K":[[1,0,0],[0,1,0],[0,0,1]],"V":[[1,0],[0,1],[1,1]],"scoring":"general",
        "W":[[1,0,2],[0,1,-1]]})",
    R"({"tokens":["a","b","c","d"],"Q":[[1,0],[0,1],[1,1],[0.5,-0.5]],
        "K":[[1,0],[0,1],[1,1],[-1,0]],"V":[[1],[2],[3],[4]],"scoring":"additive",
        "Wq":[[1,0],[0,1],[1,1]],"Wk":[[0.5,0],[0,0.5],[1,-1]],"v":[1,-1,0.5],
        "sparsity":{"window":1,"global":[0],"top_k":2}})",
    R"({"Q":[[1,0,0,1],[0,1,1,0]],"K":[[1,0,0,1],[0,1,1,0],[1,1,1,1]],"V":[[1,0],[0,1],[1,1]],
        "heads":2,"Wo":[[1,0,0],[0,1,1]]})",
};

const char* const kExample =
    R"({"tokens":["a","b"],"Q":[[1,0],[0,1]],"K":[[1,0],[0,1]],"V":[[1,2],[3,4]],
        "scoring":"scaled_dot","mask":"causal"})";

}  // namespace

TEST_CASE("eval of a good state file prints scores, weights and output that match attend") {
  TempDir dir;
  for (const std::string state : kGoodStates) {
    CAPTURE(state);
    const Run r = eval_text(dir, state);
    CHECK(r.err.empty());
    const json printed = parse_output(r);
    check_against_attend(printed, state);
  }
}

TEST_CASE("eval with a dash reads the state from stdin and prints the same result") {
  TempDir dir;
  const fs::path file = dir.write("state.json", kExample);
  const Run from_file = run_cli(dir, "eval " + shell_quote(file.string()));
  const Run from_stdin = run_cli(dir, "eval -", file);
  check_against_attend(parse_output(from_stdin), kExample);
  CHECK(from_stdin.out == from_file.out);
}

TEST_CASE("eval of a bad state exits non-zero with one line that names the problem") {
  // Each case is the example with one thing broken; the words are what the line must say.
  struct Bad {
    const char* what;
    std::string json;
    std::vector<std::string> words;
  };
  const std::string qk = R"("K":[[1,0],[0,1]],"V":[[1,2],[3,4]])";
  const std::vector<Bad> cases = {
      {"NaN in a cell", R"({"Q":[[1,0],["NaN",1]],)" + qk + "}", {"Q row 1, column 0", "NaN"}},
      {"Infinity in a cell",
       R"({"Q":[[1,0],[0,1]],"K":[[1,"Infinity"],[0,1]],"V":[[1,2],[3,4]]})",
       {"K row 0, column 1", "Infinity"}},
      {"-Infinity in a cell",
       R"({"Q":[[1,0],[0,1]],"K":[[1,0],[0,1]],"V":[[1,2],[3,"-Infinity"]]})",
       {"V row 1, column 1", "Infinity"}},
      {"1e30 in a cell", R"({"Q":[[1,1e30],[0,1]],)" + qk + "}", {"Q row 0, column 1"}},
      {"-1e30 in a cell",
       R"({"Q":[[1,0],[0,1]],"K":[[1,0],[0,1]],"V":[[-1e30,2],[3,4]]})",
       {"V row 0, column 0"}},
      {"an empty Q", R"({"Q":[],)" + qk + "}", {"Q", "empty"}},
      {"d = 0", R"({"Q":[[],[]],"K":[[],[]],"V":[[1,2],[3,4]]})", {"Q", "width"}},
      {"ragged rows", R"({"Q":[[1,0],[0]],)" + qk + "}", {"Q row 1"}},
      {"K and V row counts differ",
       R"({"Q":[[1,0],[0,1]],"K":[[1,0],[0,1]],"V":[[1],[2],[3]]})",
       {"K", "V", "rows"}},
      {"Q and K widths differ for dot",
       R"({"Q":[[1,0,0],[0,1,0]],"K":[[1,0],[0,1]],"V":[[1,2],[3,4]],"scoring":"dot"})",
       {"Q", "K", "width"}},
      {"an unknown scoring kind",
       R"({"Q":[[1,0],[0,1]],)" + qk + R"(,"scoring":"euclidean"})",
       {"scoring", "euclidean"}},
      {"invalid JSON text", R"({"Q":[[1,0],[0,1]],)", {"JSON"}},
      {"a wrong mask shape",
       R"({"Q":[[1,0],[0,1]],)" + qk + R"(,"mask":[[1,0],[1,1],[1,1]]})",
       {"mask"}},
      {"temperature 0", R"({"Q":[[1,0],[0,1]],)" + qk + R"(,"temperature":0})", {"temperature"}},
      {"a negative temperature",
       R"({"Q":[[1,0],[0,1]],)" + qk + R"(,"temperature":-1})",
       {"temperature"}},
  };
  TempDir dir;
  for (const Bad& bad : cases) {
    CAPTURE(bad.what);
    CAPTURE(bad.json);
    check_one_line_error(eval_text(dir, bad.json), bad.words);
  }
}

TEST_CASE("eval of an empty file or a missing file exits non-zero with one line naming it") {
  TempDir dir;
  SUBCASE("empty file") {
    const fs::path empty = dir.write("empty.json", "");
    check_one_line_error(run_cli(dir, "eval " + shell_quote(empty.string())), {"empty.json"});
  }
  SUBCASE("empty stdin") {
    check_one_line_error(run_cli(dir, "eval -"), {"empty"});
  }
  SUBCASE("missing file") {
    const fs::path missing = dir.path / "no_such_state.json";
    check_one_line_error(run_cli(dir, "eval " + shell_quote(missing.string())),
                         {"no_such_state.json"});
  }
}

TEST_CASE("a fully masked row is not an error and gets zero weights and zero output") {
  TempDir dir;
  const std::string state =
      R"({"tokens":["a","b"],"Q":[[1,0],[0,1]],"K":[[1,0],[0,1]],"V":[[1,2],[3,4]],
          "mask":[[1,1],[0,0]]})";
  const Run r = eval_text(dir, state);
  CHECK(r.err.empty());
  const json printed = parse_output(r);
  check_against_attend(printed, state);
  for (int j = 0; j < 2; ++j) {
    CHECK(printed["weights"][1][j].get<double>() == 0.0);
    CHECK(printed["output"][1][j].get<double>() == 0.0);
  }
  CHECK(printed["weights"][0][0].get<double>() + printed["weights"][0][1].get<double>() ==
        doctest::Approx(1.0));
  CHECK(printed["fully_masked_rows"] == json::array({1}));
}

TEST_CASE("attention-cli without a command or with an unknown one prints usage and fails") {
  TempDir dir;
  SUBCASE("no arguments") {
    const Run r = run_cli(dir, "");
    CHECK(r.status != 0);
    CHECK(r.err.find("usage") != std::string::npos);
  }
  SUBCASE("unknown command") {
    const Run r = run_cli(dir, "frobnicate x");
    CHECK(r.status != 0);
    CHECK(r.err.find("usage") != std::string::npos);
  }
  SUBCASE("eval without a file") {
    const Run r = run_cli(dir, "eval");
    CHECK(r.status != 0);
    CHECK(r.err.find("usage") != std::string::npos);
  }
}

TEST_CASE("url-encode then url-decode gives back a state that evaluates the same") {
  TempDir dir;
  for (const std::string state : kGoodStates) {
    CAPTURE(state);
    const fs::path file = dir.write("state.json", state);
    const Run url = run_cli(dir, "url-encode " + shell_quote(file.string()));
    REQUIRE(url.status == 0);
    REQUIRE(url.out.size() > 1);
    const std::string text = url.out.substr(0, url.out.size() - 1);
    CHECK(text.find_first_of(" \n\"'#<>\\") == std::string::npos);
    const Run decoded = run_cli(dir, "url-decode " + shell_quote(text));
    REQUIRE(decoded.status == 0);
    const Run again = eval_text(dir, decoded.out);
    check_against_attend(parse_output(again), state);
  }
}

TEST_CASE("url-decode of a hostile link fails with one line or prints JSON and never crashes") {
  // Broken escapes, bytes that are not UTF-8, out-of-range numbers, stray separators.
  const char* const links[] = {
      "Q=1&K=1&V=1&tokens=%FF",
      "Q=%FF&K=1&V=1",
      "Q=1&K=1&V=1&heads=%C3",
      "Q=1&K=1&V=1&mask=%FE",
      "Q=1&K=1&V=1&scoring=%FF",
      "%FF=1&Q=1&K=1&V=1",
      "Q=1&K=1&V=1&window=1e999",
      "Q=1e999&K=1&V=1",
      "Q=nan&K=1&V=1",
      "Q=1&K=1&V=1&temperature=0x1p-30",
      "Q=1&K=1&V=1&global=99999999999999999999",
      "Q=%&K=1&V=1",
      "Q=1;;&K=1&V=1",
      "&&&=&==",
      "",
  };
  TempDir dir;
  for (const std::string link : links) {
    CAPTURE(link);
    const Run r = run_cli(dir, "url-decode " + shell_quote(link));
    if (r.signalled) continue;
    if (r.status == 0) {
      CHECK_FALSE(json::parse(r.out, nullptr, false).is_discarded());
    } else {
      check_one_line_error(r, {});
    }
  }
}

TEST_CASE("a state whose only token label is empty survives url-encode and url-decode") {
  // A learner who clears the label of a one-token example must still get a working link.
  const char* const states[] = {
      R"({"tokens":[""],"Q":[[1,2]],"K":[[1,2]],"V":[[3]]})",
      R"({"query_tokens":[""],"key_tokens":["a","b"],"Q":[[1]],"K":[[1],[2]],"V":[[3],[4]]})",
  };
  TempDir dir;
  for (const std::string state : states) {
    CAPTURE(state);
    const fs::path file = dir.write("state.json", state);
    const Run url = run_cli(dir, "url-encode " + shell_quote(file.string()));
    REQUIRE(url.status == 0);
    const std::string text = url.out.substr(0, url.out.size() - 1);
    CAPTURE(text);
    const Run decoded = run_cli(dir, "url-decode " + shell_quote(text));
    INFO("url-decode stderr: ", decoded.err);
    REQUIRE(decoded.status == 0);
    const json original = json::parse(state), back = json::parse(decoded.out);
    if (original.contains("tokens")) {
      CHECK(back.at("tokens") == original.at("tokens"));
    } else {
      CHECK(back.at("query_tokens") == original.at("query_tokens"));
    }
  }
}
