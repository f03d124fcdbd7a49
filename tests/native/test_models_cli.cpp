// attention-cli train / run translation as a user runs them (shared/TASKS.md, "The
// command-line interface"): a short training run writes a model, `run` answers JSON lines
// in order with one error line per bad line, and option mistakes fail with one line.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

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

using Dir = ap::test::TempDir;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// Runs attention-cli with `args` (shell words, no quotes needed here) and stdin text.
int cli(const Dir& d, const std::string& args, const std::string& input, std::string* out,
        std::string* err) {
  std::ofstream(d.path / "in.txt", std::ios::binary) << input;
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

}  // namespace

TEST_CASE(
    "attention-cli train translation prints the TASKS.md fields and run answers line by line" *
    doctest::test_suite("training")) {
  Dir d;
  const std::string model = (d.path / "model.txt").string();
  std::string out, err;
  REQUIRE(cli(d, "train translation --seed 3 --steps 150 --scoring dot --out '" + model + "'", "",
              &out, &err) == 0);
  const json j = json::parse(out, nullptr, false);
  REQUIRE(j.is_object());
  CHECK(j["task"] == "translation");
  CHECK(j["seed"] == 3);
  CHECK(j["steps"] == 150);
  CHECK(j["scoring"] == "dot");
  CHECK(j["parameters"].get<long long>() > 1000);
  for (const char* key : {"accuracy", "attention_accuracy", "seconds"}) {
    REQUIRE(j[key].is_number());
    CHECK(j[key].get<double>() >= 0);
  }
  CHECK(j["accuracy"].get<double>() <= 1);
  REQUIRE(fs::exists(model));

  const std::string input =
      "{\"source\": \"the big dog sees a cat\"}\n"
      "not json\n"
      "{\"source\": \"the zebra sees a gnu\"}\n"
      "{\"text\": \"the cat\"}\n"
      "\n"
      "{\"source\": \"a small red king feeds the fish\"}\n";
  REQUIRE(cli(d, "run translation --model '" + model + "'", input, &out, &err) == 0);
  const std::vector<json> got = lines(out);
  REQUIRE(got.size() == 5);
  REQUIRE(got[0].contains("translation"));
  // A seed-3 dot model after 150 steps translates held-out sentences exactly (≥ 99 %
  // measured); this one is in the grammar.
  CHECK(got[0]["translation"] == "ta bofa oma na miro vidat");
  REQUIRE(got[0]["alignment"].size() == 6);
  for (const json& row : got[0]["alignment"]) {
    REQUIRE(row.size() == 6);
    double sum = 0;
    for (const json& w : row) sum += w.get<double>();
    CHECK(sum == doctest::Approx(1.0));
  }
  CHECK(got[1].contains("error"));
  REQUIRE(got[2].contains("error"));
  CHECK(got[2]["error"] == "unknown words: \"zebra\", \"gnu\"");
  CHECK(got[3].contains("error"));
  CHECK(got[4]["translation"] == "na reks rua piti ta saku manat");
}

TEST_CASE("attention-cli train and run refuse bad options with one line") {
  Dir d;
  std::string out, err;
  CHECK(cli(d, "train nosuchtask", "", &out, &err) == 1);
  CHECK(err.find("unknown task") != std::string::npos);
  CHECK(cli(d, "train translation --steps -3", "", &out, &err) == 1);
  CHECK(cli(d, "train translation --scoring cubic", "", &out, &err) == 1);
  CHECK(err.find("cubic") != std::string::npos);
  CHECK(cli(d, "train translation --seed", "", &out, &err) == 1);
  CHECK(cli(d, "run translation --model /nonexistent/model", "", &out, &err) == 1);
  std::ofstream(d.path / "bad.txt") << "hello";
  CHECK(cli(d, "run translation --model '" + (d.path / "bad.txt").string() + "'", "", &out, &err) ==
        1);
  CHECK(err.find("not an attention-playground model") != std::string::npos);
  CHECK(out.empty());
}

TEST_CASE("attention-cli train sentiment prints the TASKS.md fields and run answers line by line") {
  Dir d("ap_test_sentiment_cli");
  const std::string model = (d.path / "model.txt").string();
  std::string out, err;
  // The default step count: the model the README's example would give.
  REQUIRE(cli(d, "train sentiment --seed 1 --out '" + model + "'", "", &out, &err) == 0);
  const json j = json::parse(out, nullptr, false);
  REQUIRE(j.is_object());
  CHECK(j["task"] == "sentiment");
  CHECK(j["seed"] == 1);
  CHECK(j["steps"] == 300);
  CHECK(j["scoring"] == "scaled_dot");
  CHECK(j["parameters"].get<long long>() > 1000);
  CHECK(j["accuracy"].get<double>() >= 0.97);
  CHECK(j["attention_accuracy"].get<double>() >= 0.90);
  CHECK(j["seconds"].get<double>() >= 0);
  REQUIRE(fs::exists(model));

  const std::string long_line = "{\"text\": \"" + std::string(ap::kMaxRunLineBytes, 'a') + "\"}";
  const std::string input =
      "{\"text\": \"the film was not good\"}\n"
      "not json\n"
      "{\"text\": \"Honestly the superb plot is dull but this cast was really charming !\"}\n" +
      long_line +
      "\n"
      "{\"source\": \"the film\"}\n"
      "\n"
      "{\"text\": \"zebra gnu\"}\n"
      "{\"text\": \"the movie was very good\"}";  // no final line end
  REQUIRE(cli(d, "run sentiment --model '" + model + "'", input, &out, &err) == 0);
  const std::vector<json> got = lines(out);
  REQUIRE(got.size() == 7);
  REQUIRE(got[0].contains("label"));
  CHECK(got[0]["label"] == "negative");
  CHECK(got[0]["probability"].get<double>() > 0.9);
  REQUIRE(got[0]["weights"].size() == 5);
  double sum = 0;
  for (const json& w : got[0]["weights"]) sum += w.get<double>();
  CHECK(sum == doctest::Approx(1.0));
  CHECK(got[1].contains("error"));
  // Unknown words ("superb", "!") get weight 0 and are named; capitals are read as lower case.
  REQUIRE(got[2].contains("label"));
  CHECK(got[2]["label"] == "positive");
  REQUIRE(got[2]["weights"].size() == 13);
  CHECK(got[2]["weights"][2] == 0.0);
  CHECK(got[2]["weights"][12] == 0.0);
  CHECK(got[2]["ignored"] == json::array({"superb", "!"}));
  // The most-attended word is the last clause's adjective.
  std::size_t top = 0;
  for (std::size_t i = 0; i < 13; ++i)
    if (got[2]["weights"][i] > got[2]["weights"][top]) top = i;
  CHECK(top == 11);
  REQUIRE(got[3].contains("error"));
  CHECK(got[3]["error"].get<std::string>().find("longer than") != std::string::npos);
  CHECK(got[4].contains("error"));
  REQUIRE(got[5].contains("error"));
  CHECK(got[5]["ignored"] == json::array({"zebra", "gnu"}));
  CHECK(got[6]["label"] == "positive");

  CHECK(cli(d, "run sentiment --model '" + model + "' extra", "", &out, &err) == 1);
  CHECK(cli(d, "train sentiment --steps 0", "", &out, &err) == 1);
}
