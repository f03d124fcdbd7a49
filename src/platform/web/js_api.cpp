// The C side of window.attention (web/attention_api.js): getState, setState and getResult
// as exported C functions that speak JSON text. Each returns a pointer to a static string
// that stays valid until the next call of the same function; the glue copies it at once.
#include <emscripten.h>

#include <nlohmann/json.hpp>
#include <string>

#include "platform/web/web_app.h"
#include "state/result_json.h"
#include "state/state.h"

namespace {

std::string reply(bool ok, const std::string& error) {
  nlohmann::json j = {{"ok", ok}};
  if (!ok) j["error"] = error;
  return j.dump();
}

}  // namespace

extern "C" {

// The current State as JSON text (the schema of state_to_json).
EMSCRIPTEN_KEEPALIVE const char* ap_js_get_state() {
  static std::string text;
  text = ap::state_to_json(ap::web_app().state);
  return text.c_str();
}

// Replaces the state with the State JSON text `json` when it is valid and returns
// {"ok":true}; otherwise keeps the state and returns {"ok":false,"error":"<sentence>"}.
EMSCRIPTEN_KEEPALIVE const char* ap_js_set_state(const char* json) {
  static std::string text;
  ap::Decoded<ap::State> decoded = ap::state_from_json(json ? json : "");
  if (!decoded.ok()) {
    text = reply(false, decoded.error);
  } else if (!ap::app_apply(ap::web_app(), *decoded.value)) {
    text = reply(false, ap::web_app().notice);
  } else {
    text = reply(true, "");
  }
  return text.c_str();
}

// The Result of the current state as JSON text (the schema of result_to_json).
EMSCRIPTEN_KEEPALIVE const char* ap_js_get_result() {
  static std::string text;
  text = ap::result_to_json(ap::web_app().result);
  return text.c_str();
}

}  // extern "C"
