// The web program's single App, shared between its main loop (web_main.cpp) and the
// window.attention functions (js_api.cpp). Web build only.
#pragma once

#include "app/app.h"

namespace ap {

App& web_app();
// The main loop's CPU times of the last drawn frame (FrameLoop::ui_ms, render_ms).
double web_ui_ms();
double web_render_ms();

}  // namespace ap
