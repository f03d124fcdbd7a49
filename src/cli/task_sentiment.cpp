// attention-cli train|run sentiment: the same trainer as the page, JSON lines in and out.
#include "cli/task_sentiment.h"

#include <iostream>

#include "cli/task_common.h"

#include "core/limits.h"
#include "models/sentiment_trainer.h"
#include "models/translation.h"  // split_words

namespace ap::cli {
int train_sentiment(const std::vector<std::string>& args) {
  models::SentimentTrainConfig cfg;
  std::string out, error;
  error = parse_train_options(
      args, {.seed = &cfg.seed, .steps = &cfg.steps, .scoring = &cfg.model.scoring, .out = &out});
  if (!error.empty()) return fail(error);
  models::SentimentTrainer trainer(cfg);
  const double seconds = train_to_end(trainer, out, &error);
  if (seconds < 0) return fail(error);
  const models::SentimentEvaluation ev = trainer.evaluate_heldout();
  nlohmann::ordered_json j;
  j["task"] = "sentiment";
  j["seed"] = cfg.seed;
  j["steps"] = trainer.steps_done();
  j["scoring"] = scoring_name(cfg.model.scoring);
  j["parameters"] = trainer.model().parameter_count();
  j["accuracy"] = ev.accuracy;
  j["attention_accuracy"] = ev.attention_accuracy;
  j["heldout_reviews"] = ev.reviews;
  j["final_loss"] = trainer.curve().back().loss;
  j["seconds"] = seconds;
  std::cout << dump(j) << "\n";
  return 0;
}

nlohmann::ordered_json sentiment_run_line(const models::SentimentModel& model,
                                          const std::string& line) {
  using nlohmann::json;
  const json in = json::parse(line, nullptr, false);
  if (in.is_discarded() || !in.is_object()) return {{"error", "not a JSON object"}};
  if (!in.contains("text") || !in["text"].is_string())
    return {{"error", "expected {\"text\": \"a review\"}"}};
  const std::vector<std::string> words = translation::split_words(in["text"].get<std::string>());
  if (words.size() > static_cast<std::size_t>(kMaxReviewWords))
    return {{"error", "a review has at most " + std::to_string(kMaxReviewWords) + " words"}};
  std::vector<std::string> unknown;
  const std::vector<int> ids = models::review_ids(words, &unknown);
  json ignored = unknown;
  if (ids.empty()) {
    nlohmann::ordered_json err;
    err["error"] = words.empty() ? "empty review" : "no word of the task's vocabulary";
    err["ignored"] = ignored;
    return err;
  }
  const models::SentimentReading r = model.read(ids);
  json weights = json::array();
  Eigen::Index k = 0;
  for (const std::string& w : words) {
    if (sentiment::word_index(w) < 0)
      weights.push_back(0.0);
    else
      weights.push_back(r.weights(0, k++));
  }
  nlohmann::ordered_json out;
  out["label"] = sentiment::label_name(r.label);
  out["probability"] = r.probability;
  out["weights"] = weights;
  out["ignored"] = ignored;
  return out;
}

int run_sentiment(const std::vector<std::string>& args) {
  models::SentimentModel model(models::SentimentConfig{}, 0);
  return run_json_lines(
      args, [&](std::istream& in) { return model.load(in); },
      [&](const std::string& line) { return sentiment_run_line(model, line); });
}

}  // namespace ap::cli
