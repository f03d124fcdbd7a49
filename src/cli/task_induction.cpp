// attention-cli train / run induction (task_induction.h).
#include "cli/task_induction.h"

#include <iostream>

#include "cli/task_common.h"
#include "core/limits.h"
#include "models/induction_trainer.h"

namespace ap::cli {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// The 1 × layers·heads scores as {"layer": l, "head": h, "previous_token": …, "induction": …}.
ordered_json head_scores(const models::InductionEval& ev, const models::TransformerConfig& mc) {
  ordered_json out = ordered_json::array();
  for (int l = 0; l < mc.layers; ++l)
    for (int h = 0; h < mc.heads; ++h) {
      const std::size_t k = static_cast<std::size_t>(l) * static_cast<std::size_t>(mc.heads) +
                            static_cast<std::size_t>(h);
      ordered_json one;
      one["layer"] = l + 1;
      one["head"] = h + 1;
      one["previous_token"] = ev.previous_token[k];
      one["induction"] = ev.induction[k];
      out.push_back(one);
    }
  return out;
}

}  // namespace

int induction_train(const std::vector<std::string>& args) {
  models::InductionConfig cfg;
  std::string out, error;
  error = parse_train_options(args, {.seed = &cfg.seed,
                                     .steps = &cfg.steps,
                                     .scoring = &cfg.model.scoring,
                                     .layers = &cfg.model.layers,
                                     .out = &out});
  if (!error.empty()) return fail(error);
  models::InductionTrainer trainer(cfg);
  const double seconds = train_to_end(trainer, out, &error);
  if (seconds < 0) return fail(error);
  const models::InductionEval ev = trainer.evaluate_heldout();
  ordered_json j;
  j["task"] = "induction";
  j["seed"] = cfg.seed;
  j["steps"] = trainer.steps_done();
  j["scoring"] = scoring_name(cfg.model.scoring);
  j["layers"] = cfg.model.layers;
  j["heads_per_layer"] = cfg.model.heads;
  j["parameters"] = trainer.model().parameter_count();
  j["accuracy"] = ev.accuracy;
  j["attention_accuracy"] = ev.attention_accuracy;
  j["heads"] = head_scores(ev, cfg.model);
  j["heldout_sequences"] = ev.sequences;
  j["final_loss"] = trainer.curve().back().loss;
  j["train_seconds"] = trainer.train_seconds();
  j["seconds"] = seconds;
  std::cout << dump(j) << "\n";
  return 0;
}

ordered_json induction_run_line(const models::Transformer& model, const std::string& line) {
  const json in = json::parse(line, nullptr, false);
  const char* shape = "expected {\"tokens\": [\"s3\", \"s1\", …], \"continue\": 3}";
  if (in.is_discarded() || !in.is_object() || !in.contains("tokens") || !in["tokens"].is_array())
    return {{"error", shape}};
  const int context = model.config().context;
  const json& toks = in["tokens"];
  if (toks.empty()) return {{"error", "\"tokens\" is empty"}};
  if (toks.size() > static_cast<std::size_t>(context))
    return {{"error", "at most " + std::to_string(context) + " tokens (the model's context)"}};
  std::vector<int> ids;
  for (const json& t : toks) {
    const int id = t.is_string() ? induction::token_id(t.get<std::string>()) : -1;
    if (id < 0 || id >= model.config().vocab)
      return {
          {"error",
           "tokens are \"s0\" … \"s" + std::to_string(model.config().vocab - 1) + "\"; got " +
               t.dump(-1, ' ', false, json::error_handler_t::replace).substr(0, kMaxQuoteBytes)}};
    ids.push_back(id);
  }
  long long more = 0;
  if (in.contains("continue")) {
    if (!in["continue"].is_number_integer() || in["continue"].get<long long>() < 0)
      return {{"error", "\"continue\" must be a non-negative integer"}};
    more = in["continue"].get<long long>();
  }
  if (static_cast<long long>(ids.size()) + more > context)
    return {{"error", "tokens + continue must be at most " + std::to_string(context) +
                          " (the model's context)"}};
  ordered_json out;
  ordered_json next = ordered_json::array();
  for (long long k = 0; k < more; ++k) {
    const models::TransformerForward f = model.forward(ids);
    Eigen::Index best = 0;
    f.logits.row(f.logits.rows() - 1).maxCoeff(&best);  // the first of tied maxima
    ids.push_back(static_cast<int>(best));
    next.push_back(induction::token_name(static_cast<int>(best)));
  }
  out["next"] = next;
  const models::TransformerForward f = model.forward(ids);
  ordered_json heads = ordered_json::array();
  for (int l = 0; l < model.config().layers; ++l)
    for (int h = 0; h < model.config().heads; ++h) {
      const Matrix& A = models::Transformer::attention(f, l, h);
      ordered_json rows = ordered_json::array();
      for (Eigen::Index i = 0; i < A.rows(); ++i) {
        ordered_json row = ordered_json::array();
        for (Eigen::Index j = 0; j < A.cols(); ++j) row.push_back(A(i, j));
        rows.push_back(row);
      }
      heads.push_back(rows);
    }
  out["heads"] = heads;
  return out;
}

int induction_run(const std::vector<std::string>& args) {
  models::Transformer model(models::InductionConfig::default_model(), 0);
  return run_json_lines(
      args, [&](std::istream& in) { return model.load(in); },
      [&](const std::string& line) { return induction_run_line(model, line); });
}

}  // namespace ap::cli
