// attention-cli train|run sentiment (shared/TASKS.md, "The command-line interface").
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/sentiment_model.h"

namespace ap::cli {

// `args` are the words after "train" / "run", args[0] == "sentiment". Exit status; one line
// on stderr for a mistake.
int train_sentiment(const std::vector<std::string>& args);
int run_sentiment(const std::vector<std::string>& args);

// The output object of one `run sentiment` input line: {"label", "probability", "weights",
// "ignored"}, or {"error": …}.
nlohmann::ordered_json sentiment_run_line(const models::SentimentModel& model,
                                          const std::string& line);

}  // namespace ap::cli
