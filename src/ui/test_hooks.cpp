// Test hook: lets browser tests find widgets; see test_hooks.h.
#include "ui/test_hooks.h"

#include <unordered_map>

#include "imgui.h"

namespace ap {
namespace {

std::unordered_map<std::string, TestHookRect>& rects() {
  static std::unordered_map<std::string, TestHookRect> map;
  return map;
}

}  // namespace

void test_hook_rect(const std::string& name) {
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  rects()[name] = {min.x, min.y, max.x, max.y, ImGui::GetFrameCount()};
}

const TestHookRect* test_hook_find(const std::string& name) {
  const auto it = rects().find(name);
  if (it == rects().end()) return nullptr;
  if (ImGui::GetCurrentContext() && ImGui::GetFrameCount() != it->second.frame) return nullptr;
  return &it->second;
}

}  // namespace ap
