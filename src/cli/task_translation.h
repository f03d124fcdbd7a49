// attention-cli train|run translation (shared/TASKS.md, "The command-line interface").
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/seq2seq.h"

namespace ap::cli {

// `args` are the words after "train" / "run", args[0] == "translation". Exit status; one line
// on stderr for a mistake.
int train_translation(const std::vector<std::string>& args);
int run_translation(const std::vector<std::string>& args);

// The output object of one `run translation` input line: {"translation", "alignment"}, or
// {"error": …}.
nlohmann::ordered_json translation_run_line(models::Seq2Seq& model, const std::string& line);

}  // namespace ap::cli
