// attention-cli train / run captioning as a user runs them (shared/TASKS.md, "The
// command-line interface"): a short training run writes a model, `run captioning` answers
// JSON lines in order with one error line per bad line, sizes are bounded, and option
// mistakes fail with one line.
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

json object(const char* shape, const char* color, int row, int col) {
  return {{"shape", shape}, {"color", color}, {"row", row}, {"col", col}};
}

}  // namespace

TEST_CASE("attention-cli train captioning prints the TASKS.md fields; run captions lines") {
  ap::test::TempDir d("ap_test_captioning_cli");
  const std::string model = (d.path / "cap.txt").string();
  std::string out, err;
  REQUIRE(cli(d, "train captioning --seed 2 --steps 20 --scoring dot --out '" + model + "'", "",
              &out, &err) == 0);
  const json j = json::parse(out, nullptr, false);
  REQUIRE(j.is_object());
  CHECK(j["task"] == "captioning");
  CHECK(j["seed"] == 2);
  CHECK(j["steps"] == 20);
  CHECK(j["scoring"] == "dot");
  CHECK(j["parameters"].get<long long>() > 1000);
  for (const char* key : {"accuracy", "attention_accuracy", "seconds"}) {
    REQUIRE(j[key].is_number());
    CHECK(j[key].get<double>() >= 0);
    CHECK(j[key].get<double>() <= (std::string(key) == "seconds" ? 1e9 : 1.0));
  }
  REQUIRE(fs::exists(model));

  const json good = {{"objects", {object("circle", "red", 0, 1), object("square", "blue", 2, 3)}},
                     {"noise_seed", 7}};
  const std::string input =
      good.dump() + "\nnot json\n" + json{{"objects", {object("circle", "red", 0, 1)}}}.dump() +
      "\n" +
      json{{"objects", {object("circle", "red", 0, 1), object("circle", "red", 1, 1)}}}.dump() +
      "\n" +
      json{{"objects", {object("circle", "red", 0, 1), object("square", "red", 0, 1)}}}.dump() +
      "\n" +
      json{{"objects", {object("hexagon", "red", 0, 1), object("square", "red", 0, 2)}}}.dump() +
      "\n" +
      json{{"objects", {object("circle", "red", 0, 4), object("square", "red", 0, 2)}}}.dump() +
      "\n" + json{{"objects", good["objects"]}, {"noise_seed", -3}}.dump() + "\n\n" +
      std::string(ap::kMaxRunLineBytes + 10, 'x') + "\n" +
      json{{"objects", {object("cross", "yellow", 3, 3), object("triangle", "green", 3, 0)}}}
          .dump() +
      "\n";
  REQUIRE(cli(d, "run captioning --model '" + model + "'", input, &out, &err) == 0);
  const std::vector<json> got = lines(out);
  REQUIRE(got.size() == 10);
  REQUIRE(got[0].contains("caption"));
  CHECK(got[0]["expected"] == "a red circle above a blue square");
  REQUIRE(got[0]["attention"].is_array());
  std::size_t words = 0;
  {
    std::istringstream is(got[0]["caption"].get<std::string>());
    std::string w;
    while (is >> w) ++words;
  }
  CHECK(got[0]["attention"].size() == words);
  for (const json& row : got[0]["attention"]) {
    REQUIRE(row.size() == 16);
    double sum = 0;
    for (const json& w : row) sum += w.get<double>();
    CHECK(sum == doctest::Approx(1.0));
  }
  CHECK(got[1].contains("error"));
  CHECK(got[2]["error"].get<std::string>().find("two objects") != std::string::npos);
  CHECK(got[3]["error"].get<std::string>().find("differ in shape or colour") != std::string::npos);
  CHECK(got[4]["error"].get<std::string>().find("different cells") != std::string::npos);
  CHECK(got[5]["error"].get<std::string>().find("object 1: unknown shape") != std::string::npos);
  CHECK(got[6]["error"].get<std::string>().find("\"col\" must be an integer from 0 to 3") !=
        std::string::npos);
  CHECK(got[7]["error"].get<std::string>().find("noise_seed") != std::string::npos);
  CHECK(got[8]["error"].get<std::string>().find("limit") != std::string::npos);
  CHECK(got[9]["expected"] == "a green triangle left of a yellow cross");
}

TEST_CASE("attention-cli train and run captioning refuse bad options and model files") {
  ap::test::TempDir d("ap_test_captioning_cli");
  std::string out, err;
  CHECK(cli(d, "train captioning --steps 0", "", &out, &err) == 1);
  CHECK(cli(d, "train captioning --scoring cosmic", "", &out, &err) == 1);
  CHECK(err.find("unknown scoring kind") != std::string::npos);
  CHECK(cli(d, "train captioning --layers 2", "", &out, &err) == 1);
  CHECK(err.find("unknown option") != std::string::npos);
  CHECK(cli(d, "run captioning --model /nonexistent/model", "", &out, &err) == 1);
  CHECK(cli(d, "run captioning", "", &out, &err) == 1);
  const fs::path bad = d.write("bad.txt", "hello");
  CHECK(cli(d, "run captioning --model '" + bad.string() + "'", "", &out, &err) == 1);
  CHECK(err.find("not an attention-playground model") != std::string::npos);
  const fs::path wrong = d.write("wrong.txt", "attention-playground-model 1\ntask qa\n");
  CHECK(cli(d, "run captioning --model '" + wrong.string() + "'", "", &out, &err) == 1);
  CHECK(err.find("not for the captioning task") != std::string::npos);
  CHECK(out.empty());
}
