// attention-cli's `induction` task (shared/TASKS.md, "The command-line interface"):
//   train induction [--seed S] [--steps N] [--scoring KIND] [--layers N] [--out FILE]
//   run induction --model FILE     JSON lines in, JSON lines out
// The training is the page's (models/induction_trainer.h). Bad options fail with one line
// on stderr; a bad input line of `run` is answered with {"error": …} and the run goes on.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/transformer.h"

namespace ap::cli {

// args[0] is "induction". Return the process exit status.
int induction_train(const std::vector<std::string>& args);
int induction_run(const std::vector<std::string>& args);

// One output object for one input line {"tokens": ["s3", …], "continue": k}:
// {"next": [k tokens], "heads": [every head's map, layer by layer, over all positions]}.
nlohmann::ordered_json induction_run_line(const models::Transformer& model,
                                          const std::string& line);

}  // namespace ap::cli
