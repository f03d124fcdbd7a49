// attention-cli train qa [--seed S] [--steps N] [--out FILE] and run qa --model FILE.
#include "cli/task_qa.h"

#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/task_sentiment.h"  // read_bounded_line
#include "core/limits.h"
#include "models/qa_trainer.h"

namespace ap::cli {
namespace {

using nlohmann::json;
using ordered = nlohmann::ordered_json;

int fail(const std::string& message) {
  std::cerr << "attention-cli: " << message << "\n";
  return 1;
}

bool parse_u64(const std::string& s, std::uint64_t* out) {
  if (s.empty() || s.size() > 19 || s.find_first_not_of("0123456789") != std::string::npos)
    return false;
  *out = std::stoull(s);
  return true;
}

std::string dump(const ordered& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// One output line for one input line of `run qa`.
ordered run_line(const models::QaModel& model, const std::string& line) {
  const json in = json::parse(line, nullptr, false);
  const char* shape =
      "expected {\"story\": [\"Mary went to the kitchen\", …], \"question\": \"where is Mary\"}";
  if (in.is_discarded() || !in.is_object()) return {{"error", "not a JSON object"}};
  if (!in.contains("story") || !in["story"].is_array() || !in.contains("question") ||
      !in["question"].is_string())
    return {{"error", shape}};
  if (in["story"].size() > static_cast<std::size_t>(kMaxQaSentences))
    return {{"error", "the story has " + std::to_string(in["story"].size()) +
                          " sentences; at most " + std::to_string(kMaxQaSentences)}};
  std::vector<std::string> story;
  for (const json& s : in["story"]) {
    if (!s.is_string())
      return {{"error", std::string("every sentence must be a string: ") + shape}};
    story.push_back(s.get<std::string>());
  }
  std::vector<qa::Sentence> sentences;
  int name = 0;
  std::string error;
  if (!models::qa_parse(story, in["question"].get<std::string>(), &sentences, &name, &error))
    return {{"error", error}};
  const models::QaPrediction p = model.predict(models::qa_input(sentences, name));
  ordered out;
  out["answer"] = qa::places()[static_cast<std::size_t>(p.answer)];
  out["probability"] = p.probabilities(p.answer);
  json last = json::array(), hops = json::array();
  for (Eigen::Index k = 0; k < p.weights.rows(); ++k) {
    json row = json::array();
    for (Eigen::Index i = 0; i < p.weights.cols(); ++i) row.push_back(p.weights(k, i));
    if (k + 1 == p.weights.rows()) last = row;
    hops.push_back(row);
  }
  out["weights"] = last;
  out["hops"] = hops;
  return out;
}

}  // namespace

int train_qa(const std::vector<std::string>& args) {
  models::QaTrainConfig cfg;
  std::string out;
  for (std::size_t i = 1; i < args.size(); i += 2) {
    if (i + 1 >= args.size()) return fail("train: " + args[i] + " needs a value");
    const std::string& key = args[i];
    const std::string& value = args[i + 1];
    std::uint64_t n = 0;
    if (key == "--seed") {
      if (!parse_u64(value, &n)) return fail("train: --seed takes a non-negative integer");
      cfg.seed = n;
    } else if (key == "--steps") {
      if (!parse_u64(value, &n) || n < 1 || n > 1000000)
        return fail("train: --steps takes an integer from 1 to 1000000");
      cfg.steps = static_cast<int>(n);
    } else if (key == "--out") {
      out = value;
    } else {
      return fail("train qa: unknown option \"" + key + "\" (--seed, --steps, --out)");
    }
  }
  models::QaTrainer trainer(cfg);
  const auto t0 = std::chrono::steady_clock::now();
  while (!trainer.done()) trainer.step();
  const models::QaEvaluation ev = trainer.evaluate_heldout();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!out.empty()) {
    std::ofstream file(out, std::ios::binary);
    trainer.model().save(file);
    if (!file) return fail("cannot write \"" + out + "\"");
  }
  ordered j;
  j["task"] = "qa";
  j["seed"] = cfg.seed;
  j["steps"] = trainer.steps_done();
  j["hops"] = cfg.model.hops;
  j["parameters"] = trainer.model().parameter_count();
  j["accuracy"] = ev.accuracy;
  j["attention_accuracy"] = ev.attention_accuracy;
  j["heldout_stories"] = ev.stories;
  j["final_loss"] = trainer.curve().back().loss;
  j["training_seconds"] = trainer.train_seconds();
  j["seconds"] = seconds;
  std::cout << dump(j) << "\n";
  return 0;
}

int run_qa(const std::vector<std::string>& args) {
  if (args.size() != 3 || args[1] != "--model") return fail("run: usage: run qa --model FILE");
  std::ifstream file(args[2], std::ios::binary);
  if (!file) return fail("cannot read \"" + args[2] + "\"");
  models::QaModel model(models::QaModelConfig{}, 0);
  const std::string error = model.load(file);
  if (!error.empty()) return fail(args[2] + ": " + error);
  std::string line;
  bool too_long = false;
  while (read_bounded_line(std::cin, kMaxRunLineBytes, &line, &too_long)) {
    if (too_long) {
      std::cout << dump({{"error", "the line is longer than " + std::to_string(kMaxRunLineBytes) +
                                       " bytes, the limit"}})
                << "\n"
                << std::flush;
      continue;
    }
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::cout << dump(run_line(model, line)) << "\n" << std::flush;
  }
  return 0;
}

}  // namespace ap::cli
