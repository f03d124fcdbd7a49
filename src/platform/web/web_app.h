// The web program's single Program and what the page keeps beside it (created in
// web_main.cpp), shared between its main loop and the window.attention functions
// (js_api.cpp, js_fast.cpp), which Emscripten calls without a context argument. Web build
// and the js_api fuzz target (which defines its own) only.
#pragma once

#include <string>

#include "lessons/program.h"

namespace ap::kernels {
struct Workspace;
}

namespace ap {

Program& web_program();
inline App& web_app() {
  return web_program().app;
}
// The main loop's CPU times of the last drawn frame (FrameLoop::ui_ms, render_ms).
double web_ui_ms();
double web_render_ms();
// attendFast's kernel scratch (js_fast.cpp), kept between calls so that repeated timings
// do not allocate.
kernels::Workspace& web_fast_workspace();
// The text the last window.attention function answered (js_api.cpp, js_fast.cpp): its
// storage outlives the call, and the glue (web/attention_api.js) copies it at once.
std::string& web_reply();

}  // namespace ap
