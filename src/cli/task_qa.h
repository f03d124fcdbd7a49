// attention-cli train qa / run qa (shared/TASKS.md, "The command-line interface").
#pragma once

#include <string>
#include <vector>

namespace ap::cli {

// `args` starts with the task name "qa". Both print one line on stderr and return 1 on a
// bad option or model file; otherwise 0.
int train_qa(const std::vector<std::string>& args);
int run_qa(const std::vector<std::string>& args);

}  // namespace ap::cli
