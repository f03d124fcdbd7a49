// The JSON form of a Result, as printed by `attention-cli eval` and returned by the page's
// window.attention.getResult(). Matrices are arrays of rows with full double precision;
// −∞ in "masked" is written as null. With one head "scores", "scaled", "masked" and
// "weights" are (n_q × n_k); with h > 1 heads they are (h × n_q × n_k).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/attention.h"
#include "state/state.h"

namespace ap {

nlohmann::json result_to_json_value(const Result& r);
std::string result_to_json(const Result& r, int indent = -1);

// Parses a State JSON text, evaluates it and returns the Result JSON; on bad input
// returns an empty optional and sets *error to one sentence.
std::optional<std::string> eval_state_json(const std::string& state_json, std::string* error,
                                           int indent = -1);

}  // namespace ap
