// attention-cli train qa [--seed S] [--steps N] [--out FILE] and run qa --model FILE.
#include "cli/task_qa.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/task_common.h"
#include "core/limits.h"
#include "models/qa_trainer.h"

namespace ap::cli {
namespace {

using nlohmann::json;
using ordered = nlohmann::ordered_json;

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
  std::string out, error;
  error = parse_train_options(args, {.seed = &cfg.seed, .steps = &cfg.steps, .out = &out});
  if (!error.empty()) return fail(error);
  models::QaTrainer trainer(cfg);
  const double seconds = train_to_end(trainer, out, &error);
  if (seconds < 0) return fail(error);
  const models::QaEvaluation ev = trainer.evaluate_heldout();
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
  models::QaModel model(models::QaModelConfig{}, 0);
  return run_json_lines(
      args, [&](std::istream& in) { return model.load(in); },
      [&](const std::string& line) { return run_line(model, line); });
}

}  // namespace ap::cli
