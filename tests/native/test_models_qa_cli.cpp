// attention-cli train / run qa as a user runs them (shared/TASKS.md, "The command-line
// interface"): a short training run writes a model, `run qa` answers JSON lines in order
// with one error line per bad line (unknown names and places named), sizes are bounded,
// and option mistakes fail with one line.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "core/limits.h"
#include "temp_dir.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// Runs attention-cli with `args` (shell words) and stdin text.
int cli(const ap::test::TempDir& d, const std::string& args, const std::string& input,
        std::string* out, std::string* err) {
  d.write("in.txt", input);
  const std::string cmd = std::string("'") + AP_CLI_PATH + "' " + args + " <'" +
                          (d.path / "in.txt").string() + "' >'" + (d.path / "out.txt").string() +
                          "' 2>'" + (d.path / "err.txt").string() + "'";
  const int raw = std::system(cmd.c_str());
  *out = slurp(d.path / "out.txt");
  *err = slurp(d.path / "err.txt");
  INFO("command: ", cmd, "\nstdout: ", *out, "\nstderr: ", *err);
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

std::string story_line(const std::vector<std::string>& story, const std::string& question) {
  return json{{"story", story}, {"question", question}}.dump() + "\n";
}

}  // namespace

TEST_CASE("attention-cli train qa prints the TASKS.md fields and run qa answers line by line") {
  ap::test::TempDir d("ap_test_qa_cli");
  const std::string model = (d.path / "qa.txt").string();
  std::string out, err;
  REQUIRE(cli(d, "train qa --seed 2 --steps 300 --out '" + model + "'", "", &out, &err) == 0);
  const json j = json::parse(out, nullptr, false);
  REQUIRE(j.is_object());
  CHECK(j["task"] == "qa");
  CHECK(j["seed"] == 2);
  CHECK(j["steps"] == 300);
  CHECK(j["parameters"].get<long long>() > 1000);
  for (const char* key : {"accuracy", "attention_accuracy", "seconds"}) {
    REQUIRE(j[key].is_number());
    CHECK(j[key].get<double>() >= 0);
    CHECK(j[key].get<double>() <= (std::string(key) == "seconds" ? 1e9 : 1.0));
  }
  // 300 steps of seed 2 answer held-out stories nearly always (≥ 99 % measured).
  CHECK(j["accuracy"].get<double>() >= 0.95);
  REQUIRE(fs::exists(model));

  const std::string input =
      story_line({"Mary went to the kitchen", "John moved to the office",
                  "Mary travelled to the garden", "John went back to the hallway"},
                 "where is Mary") +
      "not json\n" + story_line({"Bob went to the kitchen"}, "where is Bob") +
      story_line({"Mary went to the moon"}, "where is Mary") +
      story_line({"Mary went to the kitchen"}, "where is John") + "{\"story\": \"x\"}\n" + "\n" +
      story_line(std::vector<std::string>(ap::kMaxQaSentences + 1, "Mary went to the kitchen"),
                 "where is Mary") +
      std::string(ap::kMaxRunLineBytes + 10, 'x') + "\n" +
      story_line({"Sandra journeyed to the bathroom", "Daniel went to the bedroom"},
                 "where is Daniel");
  REQUIRE(cli(d, "run qa --model '" + model + "'", input, &out, &err) == 0);
  const std::vector<json> got = lines(out);
  REQUIRE(got.size() == 9);
  REQUIRE(got[0].contains("answer"));
  CHECK(got[0]["answer"] == "garden");
  REQUIRE(got[0]["weights"].size() == 4);
  double sum = 0;
  for (const json& w : got[0]["weights"]) sum += w.get<double>();
  CHECK(sum == doctest::Approx(1.0));
  // The supporting fact (sentence 3) carries the most weight.
  CHECK(got[0]["weights"][2].get<double>() > 0.5);
  REQUIRE(got[0]["hops"].size() == 2);
  CHECK(got[0]["hops"][1] == got[0]["weights"]);
  CHECK(got[0]["probability"].get<double>() > 0.5);
  CHECK(got[1].contains("error"));
  REQUIRE(got[2].contains("error"));
  CHECK(got[2]["error"] == "sentence 1: unknown name \"Bob\" (Mary, John, Sandra or Daniel)");
  REQUIRE(got[3].contains("error"));
  CHECK(got[3]["error"].get<std::string>().find("unknown place \"moon\"") != std::string::npos);
  CHECK(got[4]["error"] == "the story says nothing about John");
  CHECK(got[5].contains("error"));
  CHECK(got[6]["error"].get<std::string>().find("at most 10") != std::string::npos);
  CHECK(got[7]["error"].get<std::string>().find("limit") != std::string::npos);
  CHECK(got[8]["answer"] == "bedroom");
}

TEST_CASE("attention-cli train and run qa refuse bad options and model files with one line") {
  ap::test::TempDir d("ap_test_qa_cli");
  std::string out, err;
  CHECK(cli(d, "train qa --steps 0", "", &out, &err) == 1);
  CHECK(cli(d, "train qa --scoring dot", "", &out, &err) == 1);
  CHECK(err.find("unknown option") != std::string::npos);
  CHECK(cli(d, "train qa --seed", "", &out, &err) == 1);
  CHECK(cli(d, "run qa --model /nonexistent/model", "", &out, &err) == 1);
  CHECK(cli(d, "run qa", "", &out, &err) == 1);
  const fs::path bad = d.write("bad.txt", "hello");
  CHECK(cli(d, "run qa --model '" + bad.string() + "'", "", &out, &err) == 1);
  CHECK(err.find("not an attention-playground model") != std::string::npos);
  const fs::path wrong = d.write("wrong.txt", "attention-playground-model 1\ntask translation\n");
  CHECK(cli(d, "run qa --model '" + wrong.string() + "'", "", &out, &err) == 1);
  CHECK(err.find("not for the qa task") != std::string::npos);
  const fs::path hops =
      d.write("hops.txt", "attention-playground-model 1\ntask qa\ndim 20\nhops 100000\n");
  CHECK(cli(d, "run qa --model '" + hops.string() + "'", "", &out, &err) == 1);
  CHECK(err.find("hops") != std::string::npos);
  CHECK(out.empty());
}
