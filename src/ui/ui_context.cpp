// The UI's per-context state, found through ImGui's io.UserData; see ui_context.h.
#include "ui/ui_context.h"

#include "imgui.h"

namespace ap {

UiContext* ui_context() {
  if (!ImGui::GetCurrentContext()) return nullptr;
  return static_cast<UiContext*>(ImGui::GetIO().UserData);
}

void ui_context_attach(UiContext& ctx) {
  ImGui::GetIO().UserData = &ctx;
}

}  // namespace ap
