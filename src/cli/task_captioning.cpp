// attention-cli train captioning [--seed S] [--steps N] [--scoring KIND] [--out FILE] and
// run captioning --model FILE.
#include "cli/task_captioning.h"

#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/task_sentiment.h"  // read_bounded_line
#include "core/limits.h"
#include "models/captioning_trainer.h"

namespace ap::cli {
namespace {

using nlohmann::json;
using ordered = nlohmann::ordered_json;

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

std::string dump(const ordered& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// One object of a `run captioning` line; false with the reason.
bool read_object(const json& j, int k, captioning::Object* o, std::string* error) {
  const std::string where = "object " + std::to_string(k + 1) + ": ";
  if (!j.is_object())
    return *error = where + "expected {\"shape\": …, \"color\": …, \"row\": …, \"col\": …}", false;
  for (const char* key : {"shape", "color"})
    if (!j.contains(key) || !j[key].is_string())
      return *error = where + "\"" + key + "\" must be a string", false;
  for (const char* key : {"row", "col"})
    if (!j.contains(key) || !j[key].is_number_integer() || j[key].get<long long>() < 0 ||
        j[key].get<long long>() >= captioning::kGrid)
      return *error = where + "\"" + key + "\" must be an integer from 0 to 3", false;
  const std::string shape = j["shape"].get<std::string>(), color = j["color"].get<std::string>();
  o->shape = captioning::shape_index(shape);
  o->color = captioning::color_index(color);
  if (o->shape < 0)
    return *error = where + "unknown shape (circle, square, triangle, cross)", false;
  if (o->color < 0) return *error = where + "unknown color (red, green, blue, yellow)", false;
  o->row = j["row"].get<int>();
  o->col = j["col"].get<int>();
  return true;
}

// One output line for one input line of `run captioning`.
ordered run_line(const models::CaptioningModel& model, const std::string& line) {
  const json in = json::parse(line, nullptr, false);
  if (in.is_discarded() || !in.is_object()) return {{"error", "not a JSON object"}};
  if (!in.contains("objects") || !in["objects"].is_array() || in["objects"].size() != 2)
    return {{"error", "expected {\"objects\": [two objects], \"noise_seed\": N}"}};
  std::uint64_t noise_seed = 0;
  if (in.contains("noise_seed")) {
    if (!in["noise_seed"].is_number_unsigned())
      return {{"error", "\"noise_seed\" must be a non-negative integer"}};
    noise_seed = in["noise_seed"].get<std::uint64_t>();
  }
  captioning::Object a, b;
  std::string error;
  if (!read_object(in["objects"][0], 0, &a, &error) ||
      !read_object(in["objects"][1], 1, &b, &error) || !captioning::valid_scene(a, b, &error))
    return {{"error", error}};
  const captioning::Example ex = captioning::example_of(captioning::make_scene(a, b), noise_seed);
  const models::CaptionResult r = model.caption(ex.patches);
  std::string caption;
  for (const std::string& w : r.words) caption += (caption.empty() ? "" : " ") + w;
  ordered out;
  out["caption"] = caption;
  json rows = json::array();
  for (Eigen::Index t = 0; t < r.weights.rows(); ++t) {
    json row = json::array();
    for (Eigen::Index p = 0; p < r.weights.cols(); ++p) row.push_back(r.weights(t, p));
    rows.push_back(row);
  }
  out["attention"] = rows;
  out["expected"] = captioning::caption(ex.scene);
  return out;
}

}  // namespace

int train_captioning(const std::vector<std::string>& args) {
  models::CaptioningTrainConfig cfg;
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
        return fail("train: unknown scoring kind \"" + value +
                    "\" (dot, scaled_dot, general, additive)");
    } else if (key == "--out") {
      out = value;
    } else {
      return fail("train captioning: unknown option \"" + key +
                  "\" (--seed, --steps, --scoring, --out)");
    }
  }
  models::CaptioningTrainer trainer(cfg);
  const auto t0 = std::chrono::steady_clock::now();
  while (!trainer.done()) trainer.step();
  const models::CaptioningEvaluation ev = trainer.evaluate_heldout();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!out.empty()) {
    std::ofstream file(out, std::ios::binary);
    trainer.model().save(file);
    if (!file) return fail("cannot write \"" + out + "\"");
  }
  ordered j;
  j["task"] = "captioning";
  j["seed"] = cfg.seed;
  j["steps"] = trainer.steps_done();
  j["scoring"] = scoring_name(cfg.model.scoring);
  j["parameters"] = trainer.model().parameter_count();
  j["accuracy"] = ev.accuracy;
  j["attention_accuracy"] = ev.attention_accuracy;
  j["heldout_images"] = ev.images;
  j["final_loss"] = trainer.curve().back().loss;
  j["training_seconds"] = trainer.train_seconds();
  j["seconds"] = seconds;
  std::cout << dump(j) << "\n";
  return 0;
}

int run_captioning(const std::vector<std::string>& args) {
  if (args.size() != 3 || args[1] != "--model")
    return fail("run: usage: run captioning --model FILE");
  std::ifstream file(args[2], std::ios::binary);
  if (!file) return fail("cannot read \"" + args[2] + "\"");
  models::CaptioningModel model(models::CaptioningConfig{}, 0);
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
    std::cout << dump(run_line(model, line)) << "\n" << std::flush;
  }
  return 0;
}

}  // namespace ap::cli
