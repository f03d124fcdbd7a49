// attention-cli train captioning [--seed S] [--steps N] [--scoring KIND] [--out FILE] and
// run captioning --model FILE.
#include "cli/task_captioning.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/task_common.h"
#include "core/limits.h"
#include "models/captioning_trainer.h"

namespace ap::cli {
namespace {

using nlohmann::json;
using ordered = nlohmann::ordered_json;

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
  std::string out, error;
  error = parse_train_options(
      args, {.seed = &cfg.seed, .steps = &cfg.steps, .scoring = &cfg.model.scoring, .out = &out});
  if (!error.empty()) return fail(error);
  models::CaptioningTrainer trainer(cfg);
  const double seconds = train_to_end(trainer, out, &error);
  if (seconds < 0) return fail(error);
  const models::CaptioningEvaluation ev = trainer.evaluate_heldout();
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
  models::CaptioningModel model(models::CaptioningConfig{}, 0);
  return run_json_lines(
      args, [&](std::istream& in) { return model.load(in); },
      [&](const std::string& line) { return run_line(model, line); });
}

}  // namespace ap::cli
