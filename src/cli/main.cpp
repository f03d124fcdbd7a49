// attention-cli: the command-line face of the core. Evaluates a State JSON to the Result
// JSON, converts states to and from their URL form, lints a lessons folder. Bad input: one
// line on stderr and a non-zero exit status, never a crash.
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/task_captioning.h"
#include "cli/task_common.h"
#include "cli/task_induction.h"
#include "cli/task_qa.h"
#include "cli/task_sentiment.h"
#include "cli/task_translation.h"
#include "lessons/lesson_folder.h"
#include "lessons/lesson_lint.h"
#include "state/result_json.h"
#include "state/state.h"

namespace {

constexpr const char* kUsage =
    "usage: attention-cli COMMAND [ARGS]\n"
    "  eval FILE|-         evaluate a State JSON; print scores, weights, output, … as JSON\n"
    "  url-encode FILE|-   print the compact URL form of a State JSON\n"
    "  url-decode TEXT|-   print the State JSON of a URL form (the part after '#'); - reads it\n"
    "                      from stdin (links longer than a command-line argument may be)\n"
    "  lint-lessons DIR    check DIR/index.txt and its lessons; problems as FILE:LINE: reason\n"
    "  train translation [--seed S] [--steps N] [--scoring KIND] [--out FILE]\n"
    "                     train the translation model; print task, seed, steps, parameters,\n"
    "                     held-out accuracy, attention_accuracy and seconds as JSON\n"
    "  run translation --model FILE\n"
    "                     JSON lines in ({\"source\": …}), JSON lines out (translation,\n"
    "                     alignment); a bad line gives {\"error\": …} and the run goes on\n"
    "  train sentiment [--seed S] [--steps N] [--scoring KIND] [--out FILE]\n"
    "  run sentiment --model FILE\n"
    "                     JSON lines in ({\"text\": …}), JSON lines out (label, probability,\n"
    "                     one pooling weight per word, ignored words)\n"
    "  train qa [--seed S] [--steps N] [--out FILE]\n"
    "                     train the question-answering memory network (same JSON fields)\n"
    "  run qa --model FILE  JSON lines in ({\"story\": […], \"question\": …}), JSON lines\n"
    "                     out (answer, probability, weights per sentence, hops)\n"
    "  train captioning [--seed S] [--steps N] [--scoring KIND] [--out FILE]\n"
    "                     train the image captioner (same JSON fields)\n"
    "  run captioning --model FILE\n"
    "                     JSON lines in ({\"objects\": [two objects], \"noise_seed\": N}), JSON\n"
    "                     lines out (caption, attention: one row of 16 patches per word)\n"
    "  train induction [--seed S] [--steps N] [--scoring KIND] [--layers N] [--out FILE]\n"
    "                     train the induction transformer; print accuracy, attention_accuracy\n"
    "                     and every head's previous-token and induction score as JSON\n"
    "  run induction --model FILE\n"
    "                     JSON lines in ({\"tokens\": [\"s3\", …], \"continue\": 3}), JSON lines\n"
    "                     out (next, heads: every head's attention map, layer by layer)\n"
    "  help                print this message\n";

// Reads FILE or stdin ("-"), at most `limit` bytes: larger input is refused at once (a
// file by its size, a stream after limit + 1 bytes), so memory stays bounded.
bool read_input(const std::string& path, std::size_t limit, std::string* text, std::string* why) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > limit) {
      *why = "\"" + path + "\" is " + std::to_string(size) + " bytes; the limit is " +
             std::to_string(limit) + " bytes";
      return false;
    }
    file.open(path, std::ios::binary);
    if (!file) return *why = "cannot read \"" + path + "\"", false;
    in = &file;
  }
  text->clear();
  char buf[1 << 16];
  while (*in) {
    in->read(buf, sizeof buf);
    text->append(buf, static_cast<std::size_t>(in->gcount()));
    if (text->size() > limit) {
      *why = "the input is longer than " + std::to_string(limit) + " bytes, the limit";
      text->clear();
      return false;
    }
  }
  return true;
}

using ap::cli::fail;

std::string counted(std::size_t n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

// Problems on stderr, one "FILE:LINE: reason" each (editors jump to them); the summary on
// stdout. Exit status 1 when there is any problem.
int lint_lessons(const std::string& dir) {
  const ap::LessonSet set = ap::lessons_load_dir(dir);
  const std::vector<std::string> problems = ap::lesson_lint(set);
  for (const std::string& p : problems) std::cerr << p << "\n";
  std::size_t steps = 0, goals = 0;
  for (const ap::Lesson& l : set.lessons) {
    steps += l.steps.size();
    for (const ap::Step& s : l.steps) goals += s.goals.size();
  }
  std::cout << counted(set.lessons.size(), "lesson") << ", " << counted(steps, "step") << ", "
            << counted(goals, "goal") << ": "
            << (problems.empty() ? "all good" : counted(problems.size(), "problem")) << "\n";
  return problems.empty() ? 0 : 1;
}

// [SECTION] Models: train and run (shared/TASKS.md, "The command-line interface").

// One row per task: `train NAME …` and `run NAME …` go to its functions (src/cli/task_*.h).
struct TaskCommands {
  const char* name;
  int (*train)(const std::vector<std::string>&);
  int (*run)(const std::vector<std::string>&);
};
const TaskCommands kTasks[] = {
    {"translation", ap::cli::train_translation, ap::cli::run_translation},
    {"sentiment", ap::cli::train_sentiment, ap::cli::run_sentiment},
    {"qa", ap::cli::train_qa, ap::cli::run_qa},
    {"captioning", ap::cli::train_captioning, ap::cli::run_captioning},
    {"induction", ap::cli::induction_train, ap::cli::induction_run},
};

// `train …` or `run …` (command) with the words after it.
int task_command(const std::string& command, const std::vector<std::string>& args) {
  std::string names;
  for (const TaskCommands& t : kTasks) {
    if (!args.empty() && args[0] == t.name) return command == "train" ? t.train(args) : t.run(args);
    names += names.empty() ? "" : ", ";
    names += t.name;
  }
  if (args.empty()) return fail(command + ": which task? (" + names + ")");
  return fail(command + ": unknown task \"" + ap::utf8_quote(args[0]) + "\" (" + names + ")");
}

int run(int argc, char** argv) {
  if (argc < 2) return std::cerr << kUsage, 2;
  const std::string command = argv[1];
  if (command == "help" || command == "--help" || command == "-h") return std::cout << kUsage, 0;
  if (command == "train" || command == "run") {
    const std::vector<std::string> args(argv + 2, argv + argc);
    return task_command(command, args);
  }
  if (argc != 3) return std::cerr << kUsage, 2;
  const std::string arg = argv[2];

  if (command == "lint-lessons") return lint_lessons(arg);
  if (command == "url-decode") {
    std::string link = arg, why;
    if (arg == "-") {
      // Room for a leading '#' and a line end around a link of the page's limit.
      if (!read_input(arg, ap::kMaxUrlBytes + 3, &link, &why)) {
        return fail("the link is longer than " + std::to_string(ap::kMaxUrlBytes) +
                    " bytes (1 MiB), the limit of a state link");
      }
      while (!link.empty() && (link.back() == '\n' || link.back() == '\r')) link.pop_back();
    }
    if (!link.empty() && link[0] == '#') link.erase(0, 1);
    const ap::Decoded<ap::State> s = ap::state_from_url(link);
    if (!s.ok()) return fail(s.error);
    std::cout << ap::state_to_json(*s.value, 2) << "\n";
    return 0;
  }
  std::string text;
  if (command != "eval" && command != "url-encode") {
    std::cerr << "attention-cli: unknown command \"" << command << "\"\n" << kUsage;
    return 2;
  }
  if (std::string why; !read_input(arg, ap::kMaxJsonBytes, &text, &why)) return fail(why);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    return fail("\"" + arg + "\" is empty");
  if (command == "eval") {
    std::string error;
    const auto result = ap::eval_state_json(text, &error, 2);
    if (!result) return fail(error);
    std::cout << *result << "\n";
    return 0;
  }
  const ap::Decoded<ap::State> s = ap::state_from_json(text);
  if (!s.ok()) return fail(s.error);
  std::cout << ap::state_to_url(*s.value) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Every expected failure is a message from run(); this catches the unexpected (e.g. out
  // of memory) so the tool still exits with status 1 and a line, never by std::terminate.
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "attention-cli: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "attention-cli: internal error\n";
  }
  return 1;
}
