// Touch input in the UI; see touch.h.
#include "ui/touch.h"

#include "imgui_internal.h"

namespace ap {
namespace {

struct NumericEntry {
  ImGuiID id = 0;         // the widget waiting for a value (0: none)
  bool pending = false;   // the request has not been taken by the platform yet
  bool answered = false;  // the platform answered with `text`
  NumericEntryRequest request;
  std::string text;
} g_entry;

// The window a swipe scrolls: the one under the finger, or its nearest ancestor that can
// scroll on the swipe's main axis.
ImGuiWindow* scrollable(ImGuiWindow* w, bool vertical) {
  for (; w; w = w->ParentWindow) {
    if ((vertical ? w->ScrollMax.y : w->ScrollMax.x) > 0.0f) return w;
    if (!(w->Flags & ImGuiWindowFlags_ChildWindow)) break;
  }
  return nullptr;
}

}  // namespace

void ui_set_touch_input(App& app, bool touch) {
  app.view.touch = touch;
}
bool ui_touch_input(const App& app) {
  return app.view.touch;
}

void touch_scroll_frame(App& app) {
  unsigned& target_id = app.view.swipe_window;
  ImGuiContext& g = *ImGui::GetCurrentContext();
  const ImGuiIO& io = g.IO;
  if (!app.view.touch || !io.MouseDown[0]) {
    target_id = 0;
    return;
  }
  if (io.MouseClicked[0]) target_id = g.HoveredWindow ? g.HoveredWindow->ID : 0;
  ImGuiWindow* target = target_id ? ImGui::FindWindowByID(target_id) : nullptr;
  // A widget under the finger (a cell, an arrow, a slider) takes the drag; a press on a
  // window's background only makes the window's move id active.
  const bool on_background =
      g.ActiveId == 0 || (g.ActiveIdWindow && g.ActiveId == g.ActiveIdWindow->MoveId);
  if (!target || !on_background || !ImGui::IsMouseDragging(0)) return;
  const ImVec2 d = io.MouseDelta;
  if (ImGuiWindow* w = scrollable(target, true); w && d.y != 0.0f)
    ImGui::SetScrollY(w, w->Scroll.y - d.y);
  if (ImGuiWindow* w = scrollable(target, false); w && d.x != 0.0f)
    ImGui::SetScrollX(w, w->Scroll.x - d.x);
}

void numeric_entry_request(ImGuiID id, const std::string& value, const std::string& label) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  g_entry.id = id;
  g_entry.pending = true;
  g_entry.answered = false;
  g_entry.request = {a.x, a.y, b.x, b.y, value, label};
}

bool numeric_entry_take_request(NumericEntryRequest* out) {
  if (!g_entry.pending) return false;
  g_entry.pending = false;
  *out = g_entry.request;
  return true;
}

void numeric_entry_done(bool ok, const std::string& text) {
  if (g_entry.id == 0) return;
  if (!ok) {
    g_entry.id = 0;
    return;
  }
  g_entry.answered = true;
  g_entry.text = text;
}

bool numeric_entry_result(ImGuiID id, std::string* text) {
  if (g_entry.id != id || !g_entry.answered) return false;
  *text = g_entry.text;
  g_entry = NumericEntry{};
  return true;
}

}  // namespace ap
