// attention-cli train|run sentiment: the same trainer as the page, JSON lines in and out.
#include "cli/task_sentiment.h"

#include <chrono>
#include <fstream>
#include <iostream>

#include "core/limits.h"
#include "models/sentiment_trainer.h"
#include "models/translation.h"  // split_words

namespace ap::cli {
namespace {

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

std::string dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

int train_sentiment(const std::vector<std::string>& args) {
  models::SentimentTrainConfig cfg;
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
    } else if (key == "--scoring") {
      if (!scoring_from_name(value, &cfg.model.scoring))
        return fail("train: unknown scoring kind \"" + value + "\"");
    } else if (key == "--out") {
      out = value;
    } else {
      return fail("train: unknown option \"" + key + "\"");
    }
  }
  models::SentimentTrainer trainer(cfg);
  const auto t0 = std::chrono::steady_clock::now();
  while (!trainer.done()) trainer.step();
  const models::SentimentEvaluation ev = trainer.evaluate_heldout();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!out.empty()) {
    std::ofstream file(out, std::ios::binary);
    trainer.model().save(file);
    if (!file) return fail("cannot write \"" + out + "\"");
  }
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

bool read_bounded_line(std::istream& in, std::size_t limit, std::string* line, bool* too_long) {
  line->clear();
  *too_long = false;
  bool any = false;
  char c = 0;
  while (in.get(c)) {
    any = true;
    if (c == '\n') return true;
    if (*too_long) continue;
    if (line->size() >= limit) {
      *too_long = true;
      line->clear();
      line->shrink_to_fit();
      continue;
    }
    line->push_back(c);
  }
  return any;
}

int run_sentiment(const std::vector<std::string>& args) {
  if (args.size() != 3 || args[1] != "--model")
    return fail("run: usage: run sentiment --model FILE");
  std::ifstream file(args[2], std::ios::binary);
  if (!file) return fail("cannot read \"" + args[2] + "\"");
  models::SentimentModel model(models::SentimentConfig{}, 0);
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
    std::cout << dump(sentiment_run_line(model, line)) << "\n" << std::flush;
  }
  return 0;
}

}  // namespace ap::cli
