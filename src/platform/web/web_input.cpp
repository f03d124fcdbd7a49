// The wasm side of web/input.js: the wheel in ImGui's units and direction, whether the last
// pointer was a finger, and the page's numeric field for touch screens (shown when the UI
// asks for it, its text handed back to the UI). Emscripten 3.1.6's GLFW gets these wrong or
// not at all (TOOLCHAIN.md, "Found on the playground as built").
#include <emscripten.h>

#include "imgui.h"
#include "platform/web/web_app.h"
#include "platform/web/web_input.h"
#include "ui/touch.h"

// The EM_JS body is JavaScript, which clang-format would break.
// clang-format off
EM_JS(void, ap_web_show_numeric_entry, (float x0, float y0, float x1, float y1,
                                        const char* value, const char* label), {
  if (!window.apNumericEntry) return;
  const dpr = window.devicePixelRatio || 1;
  const box = Module["canvas"].getBoundingClientRect();
  window.apNumericEntry(box.left + x0 / dpr, box.top + y0 / dpr, (x1 - x0) / dpr,
                        (y1 - y0) / dpr, UTF8ToString(value), UTF8ToString(label));
});
// Milliseconds since the last input or window.attention call (web/input.js stamps it).
EM_JS(double, ap_web_input_age_ms, (), {
  return performance.now() - (window.apLastInput || 0);
});

EM_JS(void, ap_web_stamp_input, (), { window.apLastInput = performance.now(); });

// Counts drawn frames for the idle test (window.attention.framesDrawn()).
EM_JS(void, ap_web_count_frame, (), {
  Module["apFramesDrawn"] = (Module["apFramesDrawn"] || 0) + 1;
});
// clang-format on

namespace ap {
namespace {

// How long the page keeps drawing after the last input or state change: covers ImGui's
// double-click time, the throttled URL write and the touch release that input.js delays.
constexpr double kDrawTailMs = 1000.0;

}  // namespace

bool web_should_draw(long state_version, long& seen) {
  if (state_version != seen) {
    // A change that came without input (a trainer's step, a timer) is drawn, and counts
    // as activity so that what follows it (the URL write) is drawn too.
    seen = state_version;
    ap_web_stamp_input();
    return true;
  }
  return ap_web_input_age_ms() < kDrawTailMs;
}

void web_input_frame() {
  ap_web_count_frame();
  NumericEntryRequest r;
  if (numeric_entry_take_request(web_app(), &r))
    ap_web_show_numeric_entry(r.x0, r.y0, r.x1, r.y1, r.value.c_str(), r.label.c_str());
}

}  // namespace ap

extern "C" {

// Wheel steps (one notch = 1), already in ImGui's direction: dy > 0 scrolls towards the top,
// dx > 0 towards the left.
EMSCRIPTEN_KEEPALIVE void ap_web_wheel(double dx, double dy) {
  if (!ImGui::GetCurrentContext()) return;
  ImGuiIO& io = ImGui::GetIO();
  io.MouseWheelH += static_cast<float>(dx);
  io.MouseWheel += static_cast<float>(dy);
}

EMSCRIPTEN_KEEPALIVE void ap_web_set_touch(int touch) {
  ap::ui_set_touch_input(ap::web_app(), touch != 0);
}

// The numeric field closed: ok = 1 with the typed text, 0 when cancelled.
EMSCRIPTEN_KEEPALIVE void ap_web_numeric_entry_done(int ok, const char* text) {
  ap::numeric_entry_done(ap::web_app(), ok != 0, text ? text : "");
}

}  // extern "C"
