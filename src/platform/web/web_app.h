// The web program's single Program (created in web_main.cpp), shared between its main loop
// and the window.attention functions (js_api.cpp), which Emscripten calls without a
// context argument. Web build only.
#pragma once

#include "lessons/program.h"

namespace ap {

Program& web_program();
inline App& web_app() {
  return web_program().app;
}
// The main loop's CPU times of the last drawn frame (FrameLoop::ui_ms, render_ms).
double web_ui_ms();
double web_render_ms();

}  // namespace ap
