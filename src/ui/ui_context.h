// What the UI keeps beside the Program for one ImGui context: the rectangles of the
// widgets' test hooks (test_hooks.h) and the GPU heatmap renderer when there is GL. Whoever
// creates the ImGui context owns one (the platform's frame loop, a native test) and hands it
// to ui_init, which stores it in ImGui's io.UserData: widgets deep in the UI find it there,
// as Dear ImGui's own backends find their state through io.BackendRendererUserData, so no
// file of the UI keeps a global.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "gfx/heatmap_gl.h"
#include "ui/test_hooks.h"

namespace ap {

struct UiContext {
  std::unordered_map<std::string, TestHookRect> hook_rects;  // test_hooks.cpp
  // heatmap_widget.cpp; made by the owner once GL is current, reset before GL goes;
  // null (a native test): cells drawn as ImGui rectangles.
  std::unique_ptr<HeatmapGl> heatmaps;
};

// The current ImGui context's UiContext (set by ui_init), or nullptr before ui_init.
UiContext* ui_context();

// Makes `ctx` the current ImGui context's UiContext (ui_init calls it).
void ui_context_attach(UiContext& ctx);

}  // namespace ap
