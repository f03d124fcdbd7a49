// libFuzzer target for window.attention's string entry points, run natively through the
// same C functions the page exports (src/platform/web/js_api.cpp is compiled into this
// target): ap_js_set_state, ap_js_open_lesson and ap_js_item_rect get the fuzzer's bytes
// as a NUL-terminated string, as the page's malloc'ed copy. Every answer must be valid
// UTF-8 JSON, {"ok":true} or {"ok":false,"error":<non-empty sentence>}, never an
// "internal error" (an exception caught at the boundary), and an accepted state must keep
// a frame's drawn cells under kMaxUiCellsPerFrame. The first byte picks the entry point.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "app/app.h"
#include "app/host.h"
#include "core/limits.h"
#include "fuzz_checks.h"
#include "imgui.h"
#include "platform/web/web_app.h"
#include "state/state.h"

extern "C" {
const char* ap_js_set_state(const char* json);
const char* ap_js_open_lesson(const char* id, int step);
const char* ap_js_item_rect(const char* name);
const char* ap_js_get_state();
const char* ap_js_get_result();
const char* ap_js_get_lesson();
const char* ap_js_limits();
}

// The web program's Program, natively, with a host that stores and tells nothing: libFuzzer
// calls the entry points without a context, as Emscripten does in the page.
namespace ap {
namespace {
class NullHost final : public Host {
 public:
  std::string initial_hash() override { return ""; }
  void set_hash(const std::string&) override {}
  bool take_hash_change(std::string*) override { return false; }
  std::string page_url() override { return ""; }
  void copy_text(const std::string&) override {}
  std::optional<std::string> storage_get(const std::string&) override { return std::nullopt; }
  void storage_set(const std::string&, const std::string&) override {}
  bool download(const std::string&, const std::string&, std::string_view) override { return false; }
  void announce(const std::string&) override {}
};
NullHost g_host;
Program g_program{g_host};
std::string g_reply;
}  // namespace
Program& web_program() {
  return g_program;
}
std::string& web_reply() {
  return g_reply;
}
// No frame is drawn here: frameStats() answers zero times.
double web_ui_ms() {
  return 0.0;
}
double web_render_ms() {
  return 0.0;
}
}  // namespace ap

namespace {

// An answer of the API: valid UTF-8 JSON; an {ok:false} answer carries a real sentence.
nlohmann::json check_answer(const char* answer, const char* what) {
  ap_fuzz::require(answer != nullptr, std::string(what) + " returned a null pointer");
  const std::string text = answer;
  ap_fuzz::require(ap::utf8_valid(text), std::string(what) + " answered invalid UTF-8: " + text);
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  ap_fuzz::require(!j.is_discarded(),
                   std::string(what) + " answered text that is not JSON: " + text);
  if (j.is_object() && j.contains("ok") && j["ok"] == false) {
    // guarded() (js_api.cpp) starts the error with "internal error" when it caught an
    // exception; an error that merely quotes those words from the input is fine.
    ap_fuzz::require(!(j.contains("error") && j["error"].is_string() &&
                       j["error"].get<std::string>().rfind("internal error", 0) == 0),
                     std::string(what) + " hit an exception: " + text);
    ap_fuzz::require(
        j.contains("error") && j["error"].is_string() && !j["error"].get<std::string>().empty(),
        std::string(what) + " refused without a message: " + text);
  }
  return j;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  ImGui::CreateContext();  // the test hooks read the frame count
  ap::app_init(ap::web_app(), "");
  ap::program_start_lessons(ap::web_program(), AP_LESSONS_DIR, "");
  check_answer(ap_js_limits(), "limits");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const int entry = data[0] % 4;
  const int step = size > 1 ? static_cast<int>(static_cast<std::int8_t>(data[1])) : 1;
  // As the page passes it: a NUL-terminated copy (an embedded NUL ends the string).
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (entry) {
    case 0: {
      const nlohmann::json j = check_answer(ap_js_set_state(text.c_str()), "setState");
      if (j.value("ok", false)) {
        const ap::State& s = ap::web_app().state;
        ap_fuzz::require(ap::state_frame_work(s) <= ap::kMaxUiCellsPerFrame,
                         "an accepted state makes a frame draw too many cells");
        check_answer(ap_js_get_state(), "getState");
        check_answer(ap_js_get_result(), "getResult");
      }
      break;
    }
    case 1:
      check_answer(ap_js_open_lesson(text.c_str(), step), "openLesson");
      check_answer(ap_js_get_lesson(), "getLesson");
      break;
    case 2:
      check_answer(ap_js_item_rect(text.c_str()), "itemRect");
      break;
    case 3:
      // A lesson id from the set with a fuzzed step, then a state on top of it.
      check_answer(ap_js_open_lesson("masks", step), "openLesson");
      check_answer(ap_js_set_state(text.c_str()), "setState");
      check_answer(ap_js_get_lesson(), "getLesson");
      break;
  }
  return 0;
}
