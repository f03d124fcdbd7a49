// Touch input in the UI; see touch.h.
#include "ui/touch.h"

#include "imgui_internal.h"

namespace ap {
namespace {

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

void numeric_entry_request(App& app, ImGuiID id, const std::string& value,
                           const std::string& label) {
  ViewState::NumericEntry& entry = app.view.numeric_entry;
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  entry.id = id;
  entry.pending = true;
  entry.answered = false;
  entry.request = {a.x, a.y, b.x, b.y, value, label};
}

bool numeric_entry_take_request(App& app, NumericEntryRequest* out) {
  ViewState::NumericEntry& entry = app.view.numeric_entry;
  if (!entry.pending) return false;
  entry.pending = false;
  *out = entry.request;
  return true;
}

void numeric_entry_done(App& app, bool ok, const std::string& text) {
  ViewState::NumericEntry& entry = app.view.numeric_entry;
  if (entry.id == 0) return;
  if (!ok) {
    entry.id = 0;
    return;
  }
  entry.answered = true;
  entry.text = text;
}

bool numeric_entry_result(App& app, ImGuiID id, std::string* text) {
  ViewState::NumericEntry& entry = app.view.numeric_entry;
  if (entry.id != id || !entry.answered) return false;
  *text = entry.text;
  entry = ViewState::NumericEntry{};
  return true;
}

}  // namespace ap
