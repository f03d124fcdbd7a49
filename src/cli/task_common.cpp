// The parts every train/run task command shares (task_common.h).
#include "cli/task_common.h"

#include <chrono>
#include <fstream>
#include <iostream>

#include "core/limits.h"
#include "state/state.h"  // utf8_quote

namespace ap::cli {
namespace {

bool parse_count(const std::string& s, std::uint64_t* out) {
  if (s.empty() || s.size() > 19 || s.find_first_not_of("0123456789") != std::string::npos)
    return false;
  *out = std::stoull(s);
  return true;
}

// "--seed, --steps, --out": the options `to` accepts, for the unknown-option message.
std::string accepted(const TrainOptions& to) {
  std::string names;
  const auto add = [&](const void* target, const char* name) {
    if (target == nullptr) return;
    names += names.empty() ? "" : ", ";
    names += name;
  };
  add(to.seed, "--seed");
  add(to.steps, "--steps");
  add(to.scoring, "--scoring");
  add(to.layers, "--layers");
  add(to.out, "--out");
  return names;
}

}  // namespace

int fail(const std::string& message) {
  std::cerr << "attention-cli: " << message << "\n";
  return 1;
}

std::string dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string parse_train_options(const std::vector<std::string>& args, const TrainOptions& to) {
  const std::string task = args.empty() ? "" : args[0];
  const std::string prefix = "train " + task + ": ";
  for (std::size_t i = 1; i < args.size(); i += 2) {
    const std::string& key = args[i];
    if (i + 1 >= args.size()) return prefix + key + " needs a value";
    const std::string& value = args[i + 1];
    std::uint64_t n = 0;
    if (key == "--seed" && to.seed != nullptr) {
      if (!parse_count(value, &n)) return prefix + "--seed takes a non-negative integer";
      *to.seed = n;
    } else if (key == "--steps" && to.steps != nullptr) {
      if (!parse_count(value, &n) || n < 1 || n > 1000000)
        return prefix + "--steps takes an integer from 1 to 1000000";
      *to.steps = static_cast<int>(n);
    } else if (key == "--scoring" && to.scoring != nullptr) {
      if (!scoring_from_name(value, to.scoring))
        return prefix + "unknown scoring kind \"" + utf8_quote(value) + "\"";
    } else if (key == "--layers" && to.layers != nullptr) {
      if (!parse_count(value, &n) || n < 1 || n > 4)
        return prefix + "--layers takes an integer from 1 to 4";
      *to.layers = static_cast<int>(n);
    } else if (key == "--out" && to.out != nullptr) {
      *to.out = value;
    } else {
      return prefix + "unknown option \"" + utf8_quote(key) + "\" (" + accepted(to) + ")";
    }
  }
  return "";
}

double monotonic_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

bool save_model_file(const std::string& out, const std::function<void(std::ostream&)>& save,
                     std::string* error) {
  std::ofstream file(out, std::ios::binary);
  if (file) save(file);
  if (file) return true;
  *error = "cannot write \"" + out + "\"";
  return false;
}

int run_json_lines(const std::vector<std::string>& args,
                   const std::function<std::string(std::istream&)>& load,
                   const std::function<nlohmann::ordered_json(const std::string&)>& answer) {
  const std::string task = args.empty() ? "" : args[0];
  if (args.size() != 3 || args[1] != "--model")
    return fail("run: usage: run " + task + " --model FILE");
  std::ifstream file(args[2], std::ios::binary);
  if (!file) return fail("cannot read \"" + args[2] + "\"");
  const std::string error = load(file);
  if (!error.empty()) return fail(args[2] + ": " + error);
  std::string line;
  bool too_long = false;
  while (read_bounded_line(std::cin, kMaxRunLineBytes, &line, &too_long)) {
    if (!too_long && line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const nlohmann::ordered_json reply =
        too_long ? nlohmann::ordered_json{{"error", "the line is longer than " +
                                                        std::to_string(kMaxRunLineBytes) +
                                                        " bytes, the limit"}}
                 : answer(line);
    std::cout << dump(reply) << "\n" << std::flush;
  }
  return 0;
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

}  // namespace ap::cli
