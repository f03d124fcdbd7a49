// attention-cli train / run induction as a user runs them (shared/TASKS.md, "The
// command-line interface"): training prints the TASKS.md fields and writes a model; `run`
// answers JSON lines in order — the greedy continuation and every head's causal map over
// all positions — with one {"error": …} per bad line; option mistakes fail with one line.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "core/limits.h"
#include "temp_dir.h"

namespace {

using ap::test::TempDir;
using nlohmann::json;

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

int cli(const TempDir& d, const std::string& args, const std::string& input, std::string* out,
        std::string* err) {
  const auto in = d.write("in.txt", input);
  const std::string cmd = std::string("'") + AP_CLI_PATH + "' " + args + " <'" + in.string() +
                          "' >'" + (d.path / "out.txt").string() + "' 2>'" +
                          (d.path / "err.txt").string() + "'";
  const int raw = std::system(cmd.c_str());
  *out = slurp(d.path / "out.txt");
  *err = slurp(d.path / "err.txt");
  INFO("command: ", cmd, "\nstdout: ", out->substr(0, 2000), "\nstderr: ", *err);
  REQUIRE(raw != -1);
  REQUIRE_FALSE(WIFSIGNALED(raw));
  return WEXITSTATUS(raw);
}

std::vector<json> lines(const std::string& text) {
  std::vector<json> out;
  std::istringstream is(text);
  std::string line;
  while (std::getline(is, line)) out.push_back(json::parse(line, nullptr, false));
  return out;
}

// Every map is (n × n), rows sum to one, nothing above the diagonal (causal).
void check_maps(const json& heads, std::size_t count, std::size_t n) {
  REQUIRE(heads.size() == count);
  for (const json& A : heads) {
    REQUIRE(A.size() == n);
    for (std::size_t i = 0; i < n; ++i) {
      REQUIRE(A[i].size() == n);
      double sum = 0;
      for (std::size_t j = 0; j < n; ++j) {
        sum += A[i][j].get<double>();
        if (j > i) CHECK(A[i][j].get<double>() == 0.0);
      }
      CHECK(sum == doctest::Approx(1.0));
    }
  }
}

}  // namespace

TEST_CASE("attention-cli train induction prints the TASKS.md fields and run answers line by line") {
  TempDir d("ap_test_induction");
  const std::string model = (d.path / "model.txt").string();
  std::string out, err;
  REQUIRE(
      cli(d,
          "train induction --seed 4 --steps 30 --scoring general --layers 3 --out '" + model + "'",
          "", &out, &err) == 0);
  const json j = json::parse(out, nullptr, false);
  REQUIRE(j.is_object());
  CHECK(j["task"] == "induction");
  CHECK(j["seed"] == 4);
  CHECK(j["steps"] == 30);
  CHECK(j["scoring"] == "general");
  CHECK(j["layers"] == 3);
  CHECK(j["parameters"].get<long long>() > 10000);
  for (const char* key : {"accuracy", "attention_accuracy", "seconds"}) {
    REQUIRE(j[key].is_number());
    CHECK(j[key].get<double>() >= 0);
    CHECK(j[key].get<double>() <= (std::string(key) == "seconds" ? 1e9 : 1.0));
  }
  REQUIRE(j["heads"].size() == 6);
  CHECK(j["heads"][5]["layer"] == 3);
  CHECK(j["heads"][5]["head"] == 2);
  REQUIRE(std::filesystem::exists(model));

  const std::string input =
      "{\"tokens\": [\"s3\", \"s1\", \"s9\", \"s4\", \"s3\"], \"continue\": 3}\n"
      "not json\n"
      "{\"tokens\": [\"s3\", \"s16\"]}\n"
      "\n"
      "{\"tokens\": [\"s2\", \"s5\"], \"continue\": -1}\n"
      "{\"tokens\": [\"s2\", \"s5\"], \"continue\": 31}\n"
      "{\"tokens\": []}\n"
      "{\"tokens\": [\"s0\"]}\n";
  REQUIRE(cli(d, "run induction --model '" + model + "'", input, &out, &err) == 0);
  const std::vector<json> got = lines(out);
  REQUIRE(got.size() == 7);
  REQUIRE(got[0].contains("next"));
  REQUIRE(got[0]["next"].size() == 3);
  for (const json& t : got[0]["next"]) CHECK(t.get<std::string>().rfind('s', 0) == 0);
  check_maps(got[0]["heads"], 6, 8);  // 3 layers × 2 heads over 5 + 3 positions
  CHECK(got[1].contains("error"));
  REQUIRE(got[2].contains("error"));
  CHECK(got[2]["error"].get<std::string>().find("s16") != std::string::npos);
  CHECK(got[3].contains("error"));
  REQUIRE(got[4].contains("error"));
  CHECK(got[4]["error"].get<std::string>().find("at most 32") != std::string::npos);
  CHECK(got[5].contains("error"));
  CHECK(got[6]["next"].empty());
  check_maps(got[6]["heads"], 6, 1);
}

TEST_CASE("attention-cli run induction with the default model continues repeated sequences" *
          doctest::test_suite("training")) {
  TempDir d("ap_test_induction");
  const std::string model = (d.path / "model.txt").string();
  std::string out, err;
  REQUIRE(cli(d, "train induction --out '" + model + "'", "", &out, &err) == 0);
  const json j = json::parse(out, nullptr, false);
  REQUIRE(j.is_object());
  CHECK(j["steps"] == 1000);
  CHECK(j["accuracy"].get<double>() >= 0.95);
  // The TASKS.md example, and a segment of 7 given once and its first token again.
  const std::string input =
      "{\"tokens\": [\"s3\", \"s1\", \"s9\", \"s4\", \"s3\"], \"continue\": 3}\n"
      "{\"tokens\": [\"s12\", \"s0\", \"s7\", \"s15\", \"s2\", \"s8\", \"s5\", \"s12\"], "
      "\"continue\": 6}\n";
  REQUIRE(cli(d, "run induction --model '" + model + "'", input, &out, &err) == 0);
  const std::vector<json> got = lines(out);
  REQUIRE(got.size() == 2);
  CHECK(got[0]["next"] == json({"s1", "s9", "s4"}));
  CHECK(got[1]["next"] == json({"s0", "s7", "s15", "s2", "s8", "s5"}));
  check_maps(got[1]["heads"], 4, 14);
}

TEST_CASE("attention-cli train and run induction refuse bad options and files with one line") {
  TempDir d("ap_test_induction");
  std::string out, err;
  CHECK(cli(d, "train induction --steps 0", "", &out, &err) == 1);
  CHECK(cli(d, "train induction --layers 9", "", &out, &err) == 1);
  CHECK(err.find("--layers") != std::string::npos);
  CHECK(cli(d, "train induction --scoring cubic", "", &out, &err) == 1);
  CHECK(err.find("cubic") != std::string::npos);
  CHECK(cli(d, "train induction --colour red", "", &out, &err) == 1);
  CHECK(cli(d, "run induction", "", &out, &err) == 1);
  CHECK(cli(d, "run induction --model /nonexistent/model", "", &out, &err) == 1);
  const auto bad = d.write("bad.txt", "attention-playground-model 1\ntask translation\n");
  CHECK(cli(d, "run induction --model '" + bad.string() + "'", "", &out, &err) == 1);
  CHECK(err.find("not for the induction task") != std::string::npos);
  CHECK(out.empty());
}

TEST_CASE("run induction answers an over-long line with an error and reads on") {
  TempDir d("ap_test_induction");
  const std::string model = (d.path / "model.txt").string();
  std::string out, err;
  REQUIRE(cli(d, "train induction --steps 1 --out '" + model + "'", "", &out, &err) == 0);
  const std::string input = "{\"tokens\": [\"" + std::string(ap::kMaxRunLineBytes, 's') +
                            "\"]}\n{\"tokens\": [\"s1\", \"s2\"], \"continue\": 1}";
  REQUIRE(cli(d, "run induction --model '" + model + "'", input, &out, &err) == 0);
  const std::vector<json> got = lines(out);
  REQUIRE(got.size() == 2);
  REQUIRE(got[0].contains("error"));
  CHECK(got[0]["error"].get<std::string>().find("limit") != std::string::npos);
  CHECK(got[1]["next"].size() == 1);  // the last line has no line end and is still read
}
