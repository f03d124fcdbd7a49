// Test hook: lets browser tests find widgets. Widgets that tests drive with the mouse call
// test_hook_rect("name") right after themselves; the last item's rectangle (ImGui units =
// device pixels) is kept with the frame number, and window.attention.itemRect(name)
// (src/platform/web/js_api.cpp) reads it between frames. A rectangle not recorded in the
// latest frame (e.g. an item of a closed combo) counts as absent.
#pragma once

#include <string>

namespace ap {

struct TestHookRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // ImGui::GetItemRectMin/Max
  int frame = -1;                        // ImGui::GetFrameCount() when recorded
};

// Records the last ImGui item's rectangle under `name`.
void test_hook_rect(const std::string& name);

// The rectangle recorded under `name` in the latest frame, or nullptr.
const TestHookRect* test_hook_find(const std::string& name);

}  // namespace ap
