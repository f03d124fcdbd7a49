// Internal to src/state: decoding a parsed JSON value into a State, shared by the JSON text
// decoder and the URL decoder (which first turns its pairs into the same JSON object).
#pragma once

#include <nlohmann/json.hpp>

#include "state/state.h"

namespace ap {

Decoded<State> state_from_json_value(const nlohmann::json& j);

// Parses JSON text without exceptions (they are off in the web build); on failure returns
// a discarded value and sets *error.
nlohmann::json json_parse_quiet(const std::string& text, std::string* error);

}  // namespace ap
