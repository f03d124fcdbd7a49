// attention-cli train captioning / run captioning (shared/TASKS.md, "The command-line
// interface").
#pragma once

#include <string>
#include <vector>

namespace ap::cli {

// `args` starts with the task name "captioning". Both print one line on stderr and return
// 1 on a bad option or model file; otherwise 0.
int train_captioning(const std::vector<std::string>& args);
int run_captioning(const std::vector<std::string>& args);

}  // namespace ap::cli
