// attention-cli train|run translation: the same trainer as the page, JSON lines in and out.
#include "cli/task_translation.h"

#include <iostream>

#include "cli/task_common.h"
#include "core/limits.h"
#include "models/trainer.h"

namespace ap::cli {

int train_translation(const std::vector<std::string>& args) {
  models::TrainConfig cfg;
  std::string out, error;
  error = parse_train_options(
      args, {.seed = &cfg.seed, .steps = &cfg.steps, .scoring = &cfg.model.scoring, .out = &out});
  if (!error.empty()) return fail(error);
  models::Trainer trainer(cfg);
  const double seconds = train_to_end(trainer, out, &error);
  if (seconds < 0) return fail(error);
  const models::Evaluation ev = trainer.evaluate_heldout();
  nlohmann::ordered_json j;
  j["task"] = "translation";
  j["seed"] = cfg.seed;
  j["steps"] = trainer.steps_done();
  j["scoring"] = scoring_name(cfg.model.scoring);
  j["parameters"] = trainer.model().parameter_count();
  j["accuracy"] = ev.exact_match;
  j["attention_accuracy"] = ev.attention_accuracy;
  j["heldout_sentences"] = ev.sentences;
  j["final_loss"] = trainer.curve().back().loss;
  j["seconds"] = seconds;
  std::cout << dump(j) << "\n";
  return 0;
}

nlohmann::ordered_json translation_run_line(models::Seq2Seq& model, const std::string& line) {
  using nlohmann::json;
  const json in = json::parse(line, nullptr, false);
  if (in.is_discarded() || !in.is_object()) return {{"error", "not a JSON object"}};
  if (!in.contains("source") || !in["source"].is_string())
    return {{"error", "expected {\"source\": \"an English sentence\"}"}};
  const std::vector<std::string> words = translation::split_words(in["source"].get<std::string>());
  std::vector<int> ids;
  std::string error;
  if (!models::source_ids(words, &ids, &error)) return {{"error", error}};
  if (words.size() > 64) return {{"error", "at most 64 words"}};
  const models::SentenceAttention sa = model.translate(words);
  nlohmann::ordered_json out;
  out["translation"] = translation::join_words(sa.output);
  json rows = json::array();
  for (Eigen::Index t = 0; t < sa.weights.rows(); ++t) {
    json row = json::array();
    for (Eigen::Index j = 0; j < sa.weights.cols(); ++j) row.push_back(sa.weights(t, j));
    rows.push_back(row);
  }
  out["alignment"] = rows;
  return out;
}

int run_translation(const std::vector<std::string>& args) {
  models::Seq2Seq model(models::Seq2SeqConfig{}, 0);
  return run_json_lines(
      args, [&](std::istream& in) { return model.load(in); },
      [&](const std::string& line) { return translation_run_line(model, line); });
}

}  // namespace ap::cli
