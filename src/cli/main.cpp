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

#include <chrono>
#include <nlohmann/json.hpp>

#include "cli/task_captioning.h"
#include "cli/task_induction.h"
#include "cli/task_qa.h"
#include "cli/task_sentiment.h"
#include "lessons/lesson_lint.h"
#include "lessons/lesson_parse.h"
#include "models/trainer.h"
#include "state/result_json.h"
#include "state/state.h"

namespace {

const char* kUsage =
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

int fail(const std::string& message) {
  std::cerr << "attention-cli: " << message << "\n";
  return 1;
}

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

bool parse_u64(const std::string& s, std::uint64_t* out) {
  if (s.empty() || s.size() > 19 || s.find_first_not_of("0123456789") != std::string::npos)
    return false;
  *out = std::stoull(s);
  return true;
}

int train_command(const std::vector<std::string>& args) {
  if (!args.empty() && args[0] == "sentiment") return ap::cli::train_sentiment(args);
  if (!args.empty() && args[0] == "qa") return ap::cli::train_qa(args);
  if (!args.empty() && args[0] == "captioning") return ap::cli::train_captioning(args);
  if (!args.empty() && args[0] == "induction") return ap::cli::induction_train(args);
  if (args.empty() || args[0] != "translation")
    return fail(args.empty()
                    ? "train: which task? (translation, sentiment, qa, captioning, induction)"
                    : "train: unknown task \"" + args[0] +
                          "\" (translation, sentiment, qa, captioning, induction)");
  ap::models::TrainConfig cfg;
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
      if (!ap::scoring_from_name(value, &cfg.model.scoring))
        return fail("train: unknown scoring kind \"" + value + "\"");
    } else if (key == "--out") {
      out = value;
    } else {
      return fail("train: unknown option \"" + key + "\"");
    }
  }
  ap::models::Trainer trainer(cfg);
  const auto t0 = std::chrono::steady_clock::now();
  while (!trainer.done()) trainer.step();
  const ap::models::Evaluation ev = trainer.evaluate_heldout();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!out.empty()) {
    std::ofstream file(out, std::ios::binary);
    trainer.model().save(file);
    if (!file) return fail("cannot write \"" + out + "\"");
  }
  nlohmann::ordered_json j;
  j["task"] = "translation";
  j["seed"] = cfg.seed;
  j["steps"] = trainer.steps_done();
  j["scoring"] = ap::scoring_name(cfg.model.scoring);
  j["parameters"] = trainer.model().parameter_count();
  j["accuracy"] = ev.exact_match;
  j["attention_accuracy"] = ev.attention_accuracy;
  j["heldout_sentences"] = ev.sentences;
  j["final_loss"] = trainer.curve().back().loss;
  j["seconds"] = seconds;
  std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  return 0;
}

// One output line for one input line of `run translation`.
nlohmann::ordered_json run_line(ap::models::Seq2Seq& model, const std::string& line) {
  using nlohmann::json;
  const json in = json::parse(line, nullptr, false);
  if (in.is_discarded() || !in.is_object()) return {{"error", "not a JSON object"}};
  if (!in.contains("source") || !in["source"].is_string())
    return {{"error", "expected {\"source\": \"an English sentence\"}"}};
  const std::vector<std::string> words =
      ap::translation::split_words(in["source"].get<std::string>());
  std::vector<int> ids;
  std::string error;
  if (!ap::models::source_ids(words, &ids, &error)) return {{"error", error}};
  if (words.size() > 64) return {{"error", "at most 64 words"}};
  const ap::models::SentenceAttention sa = model.translate(words);
  nlohmann::ordered_json out;
  out["translation"] = ap::translation::join_words(sa.output);
  json rows = json::array();
  for (Eigen::Index t = 0; t < sa.weights.rows(); ++t) {
    json row = json::array();
    for (Eigen::Index j = 0; j < sa.weights.cols(); ++j) row.push_back(sa.weights(t, j));
    rows.push_back(row);
  }
  out["alignment"] = rows;
  return out;
}

int run_command(const std::vector<std::string>& args) {
  if (!args.empty() && args[0] == "sentiment") return ap::cli::run_sentiment(args);
  if (!args.empty() && args[0] == "qa") return ap::cli::run_qa(args);
  if (!args.empty() && args[0] == "captioning") return ap::cli::run_captioning(args);
  if (!args.empty() && args[0] == "induction") return ap::cli::induction_run(args);
  if (args.empty() || args[0] != "translation")
    return fail(args.empty() ? "run: which task? (translation)"
                             : "run: unknown task \"" + args[0] + "\" (translation)");
  if (args.size() != 3 || args[1] != "--model")
    return fail("run: usage: run translation --model FILE");
  std::ifstream file(args[2], std::ios::binary);
  if (!file) return fail("cannot read \"" + args[2] + "\"");
  ap::models::Seq2Seq model(ap::models::Seq2SeqConfig{}, 0);
  const std::string error = model.load(file);
  if (!error.empty()) return fail(args[2] + ": " + error);
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::cout
        << run_line(model, line).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
        << "\n"
        << std::flush;
  }
  return 0;
}

int run(int argc, char** argv) {
  if (argc < 2) return std::cerr << kUsage, 2;
  const std::string command = argv[1];
  if (command == "help" || command == "--help" || command == "-h") return std::cout << kUsage, 0;
  if (command == "train" || command == "run") {
    const std::vector<std::string> args(argv + 2, argv + argc);
    return command == "train" ? train_command(args) : run_command(args);
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
