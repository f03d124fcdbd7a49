// The interface's entry points, called by the platform layer's frame loop (src/platform).
// The UI knows Dear ImGui and the Program (lessons/program.h: the App and the lesson
// session), nothing of Emscripten, GLFW or the browser.
#pragma once

#include "lessons/program.h"
#include "ui/ui_context.h"

namespace ap {

// Called once, after the fonts are loaded (fonts.h) and the ImGui style's sizes are scaled
// by dpi_scale (device pixels per CSS pixel / per screen coordinate). May change colours
// and add scaled sizes; must not reset the style to unscaled defaults. `ctx` (owned by the
// caller, alive as long as the ImGui context) becomes the context's UiContext.
void ui_init(Program& prog, float dpi_scale, UiContext& ctx);

// Draws every panel for one frame, between ImGui::NewFrame() and ImGui::Render().
// Edits go through app_apply(); the platform writes the URL when app.version moves.
void ui_draw(Program& prog);

}  // namespace ap
