// Test hook: lets browser tests find widgets; see test_hooks.h. The rectangles live in the
// context's UiContext (ui_context.h).
#include "ui/test_hooks.h"

#include "imgui.h"
#include "ui/ui_context.h"

namespace ap {

void test_hook_rect(const std::string& name) {
  UiContext* ctx = ui_context();
  if (!ctx) return;
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  ctx->hook_rects[name] = {min.x, min.y, max.x, max.y, ImGui::GetFrameCount()};
}

const TestHookRect* test_hook_find(const std::string& name) {
  const UiContext* ctx = ui_context();
  if (!ctx) return nullptr;
  const auto it = ctx->hook_rects.find(name);
  if (it == ctx->hook_rects.end()) return nullptr;
  if (ImGui::GetFrameCount() != it->second.frame) return nullptr;
  return &it->second;
}

}  // namespace ap
