// The web program's single App, shared between its main loop (web_main.cpp) and the
// window.attention functions (js_api.cpp). Web build only.
#pragma once

#include "app/app.h"

namespace ap {

App& web_app();

}  // namespace ap
