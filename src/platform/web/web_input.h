// The web program's input fixes (web_input.cpp, with web/input.js). Web build only.
#pragma once

namespace ap {

// Whether this animation frame should be drawn: within a second of the last input (or
// window.attention call), or when the state's version moved from `seen` (which then
// follows it). Otherwise the tab idles.
bool web_should_draw(long state_version, long& seen);

// Once per drawn frame, after drawing: counts it and shows the page's numeric field when
// the UI asked for one.
void web_input_frame();

}  // namespace ap
