// What every `attention-cli train TASK` and `run TASK` command shares (shared/TASKS.md, "The
// command-line interface"): the error line, the option parser, training to the end and
// saving, and the bounded JSON-lines loop of `run`. Each task's file keeps only what is its
// own: its options' targets, its summary fields and the answer to one input line.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/kinds.h"

namespace ap::cli {

// Prints "attention-cli: MESSAGE" on stderr; returns the exit status 1.
int fail(const std::string& message);

// One JSON line; invalid UTF-8 in a string is replaced, never thrown on.
std::string dump(const nlohmann::ordered_json& j);

// Where `train TASK` puts each option's value. Only the options whose target is set are
// accepted; the others are "unknown option" naming the accepted ones.
struct TrainOptions {
  std::uint64_t* seed = nullptr;   // --seed S, any non-negative integer
  int* steps = nullptr;            // --steps N, 1 … 1,000,000
  ScoringKind* scoring = nullptr;  // --scoring KIND (core/kinds.h names)
  int* layers = nullptr;           // --layers L, 1 … 4
  std::string* out = nullptr;      // --out FILE
};

// Parses args[1..] (args[0] is the task) as `--name value` pairs. Empty when all is well,
// otherwise the mistake as one sentence starting with "train TASK:".
std::string parse_train_options(const std::vector<std::string>& args, const TrainOptions& to);

// Runs `trainer` (any of src/models' stepped trainers) to its end and writes its model to
// `out` unless `out` is empty. Returns the wall-clock seconds, or -1 when the file cannot be
// written (*error says so).
template <class Trainer>
double train_to_end(Trainer& trainer, const std::string& out, std::string* error);

// `run TASK --model FILE`: reads the model through `load` (which returns an error sentence,
// empty on success), then answers each line of stdin with one JSON line: `answer(line)`,
// or an error line for a line longer than kMaxRunLineBytes. Blank lines are skipped.
int run_json_lines(const std::vector<std::string>& args,
                   const std::function<std::string(std::istream&)>& load,
                   const std::function<nlohmann::ordered_json(const std::string&)>& answer);

// Reads one line (without its '\n') of at most `limit` bytes; a longer line is consumed to
// its end without being stored and flagged in *too_long. False at the end of the input.
bool read_bounded_line(std::istream& in, std::size_t limit, std::string* line, bool* too_long);

// [SECTION] Template definitions

// Implementation details of train_to_end: a steady clock in seconds, and writing a file.
double monotonic_seconds();
bool save_model_file(const std::string& out, const std::function<void(std::ostream&)>& save,
                     std::string* error);

template <class Trainer>
double train_to_end(Trainer& trainer, const std::string& out, std::string* error) {
  const double t0 = monotonic_seconds();
  while (!trainer.done()) trainer.step();
  const double seconds = monotonic_seconds() - t0;
  if (!out.empty() && !save_model_file(
                          out, [&](std::ostream& os) { trainer.model().save(os); }, error))
    return -1;
  return seconds;
}

}  // namespace ap::cli
