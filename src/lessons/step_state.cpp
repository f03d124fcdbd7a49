// Merging partial State JSON onto states, and the starting state of each lesson step.
// JSON is handled with nlohmann's non-throwing calls only (exceptions are off on the web).
#include "lessons/step_state.h"

#include <algorithm>

#include "lessons/lesson_parse.h"
#include "state/json_decode.h"

namespace ap {
namespace {

using nlohmann::json;

// Labels may be spelled "tokens" (both sides) or "query_tokens" + "key_tokens". Before the
// partial's keys replace the base's, make the base use the spelling the partial replaces,
// so that a new "tokens" never meets stale "key_tokens" and vice versa.
void prepare_labels(json& base, const json& partial) {
  const bool p_tokens = partial.contains("tokens");
  const bool p_keys = partial.contains("key_tokens");
  const bool p_queries = partial.contains("query_tokens");
  if (base.contains("tokens") && !p_tokens && (p_keys || p_queries)) {
    base["query_tokens"] = base["tokens"];
    base["key_tokens"] = base["tokens"];
    base.erase("tokens");
  }
  if (p_tokens) {
    base.erase("key_tokens");
    if (!p_queries) base.erase("query_tokens");
  }
  if (p_keys) base.erase("tokens");
}

}  // namespace

Decoded<State> merge_partial(const State& base, const std::string& partial_json) {
  if (partial_json.find_first_not_of(" \t\r\n") == std::string::npos) return {base, ""};
  std::string error;
  const json partial = json_parse_quiet(partial_json, &error);
  if (partial.is_discarded()) return {std::nullopt, error};
  if (!partial.is_object())
    return {std::nullopt, "a partial state must be a JSON object such as {\"temperature\": 2}"};
  json merged = json_parse_quiet(state_to_json(base), &error);
  if (!merged.is_object()) return {std::nullopt, "the current state does not encode: " + error};
  prepare_labels(merged, partial);
  for (const auto& [key, value] : partial.items()) merged[key] = value;
  // A new mask replaces the padding mask's valid_length unless it gives its own.
  if (partial.contains("mask") && !partial.contains("valid_length") && merged["mask"] != "padding")
    merged.erase("valid_length");
  return state_from_json_value(merged);
}

Decoded<State> lesson_step_start(const Lesson& lesson, int step) {
  if (step < 0 || step >= static_cast<int>(lesson.steps.size()))
    return {std::nullopt, lesson.file + ": there is no step " + std::to_string(step + 1)};
  Decoded<State> state{state_default(), ""};
  for (int k = 0; k <= step; ++k) {
    const Step& s = lesson.steps[k];
    state = merge_partial(*state.value, s.preset_json);
    if (!state.ok()) {
      state.error = lesson.file + ":" + std::to_string(s.preset_line) + ": preset: " + state.error;
      return state;
    }
  }
  return state;
}

Decoded<State> goal_solution_state(const Lesson& lesson, int step, int goal) {
  Decoded<State> start = lesson_step_start(lesson, step);
  if (!start.ok()) return start;
  const auto& goals = lesson.steps[step].goals;
  if (goal < 0 || goal >= static_cast<int>(goals.size()))
    return {std::nullopt, lesson.file + ": step " + std::to_string(step + 1) + " has no goal " +
                              std::to_string(goal + 1)};
  const Goal& g = goals[goal];
  Decoded<State> solved = merge_partial(*start.value, g.solution_json);
  if (!solved.ok())
    solved.error =
        lesson.file + ":" + std::to_string(g.solution_line) + ": solution: " + solved.error;
  return solved;
}

bool step_panel_visible(const Step& step, const std::string& panel) {
  const auto has = [&](const std::vector<std::string>& v) {
    return std::find(v.begin(), v.end(), panel) != v.end();
  };
  if (has(step.hidden_panels)) return false;
  if (has(step.shown_panels)) return true;
  return lesson_panel_default_visible(panel);
}

int step_focus_query(const Step& step, const State& state) {
  const int n_q = static_cast<int>(state.query_tokens.size());
  for (const Goal& goal : step.goals)
    for (const Check& c : goal.checks) {
      switch (c.kind) {
        case CheckKind::Weight:
        case CheckKind::Argmax:
        case CheckKind::Entropy:
        case CheckKind::MaxWeight:
        case CheckKind::Output:
        case CheckKind::Allowed:
        case CheckKind::FullyMasked:
          break;
        case CheckKind::Scoring:
        case CheckKind::Mask:
        case CheckKind::Temperature:
        case CheckKind::D:
        case CheckKind::DV:
        case CheckKind::Heads:
        case CheckKind::Tokens:
        case CheckKind::Window:
        case CheckKind::Stride:
        case CheckKind::TopK:
        case CheckKind::Global:
        case CheckKind::Param:
        case CheckKind::Model:
          continue;
      }
      if (c.query.index > 0) return c.query.index <= n_q ? c.query.index - 1 : -1;
      for (int i = 0; i < n_q; ++i)
        if (state.query_tokens[i] == c.query.label) return i;
    }
  return -1;
}

}  // namespace ap
