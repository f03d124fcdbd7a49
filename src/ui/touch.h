// Touch screens in the UI: whether the learner's last pointer was a finger, one-finger
// swipes that scroll the panel under the finger (Dear ImGui 1.86 scrolls by wheel only),
// and the on-screen numeric entry that a tap on a number asks the platform for (a phone
// has no keyboard until a text field of the page has focus). Knows ImGui and the App,
// whose view state (app.view) remembers the pointer kind and the swipe between frames.
#pragma once

#include <string>

#include "app/app.h"
#include "imgui.h"

namespace ap {

// Set by the platform on every pointer press: true for a finger, false for a mouse or pen.
void ui_set_touch_input(App& app, bool touch);
bool ui_touch_input(const App& app);

// Call once per frame after the panels are drawn: while a finger drags on a panel's
// background (no widget active), that panel scrolls with the finger.
void touch_scroll_frame(App& app);

// The numeric entry's request (NumericEntryRequest) and answer are kept in app.view.
// Widgets: asks for numeric entry over the last ImGui item on behalf of widget `id`.
void numeric_entry_request(App& app, ImGuiID id, const std::string& value,
                           const std::string& label);
// Platform: takes the pending request, once.
bool numeric_entry_take_request(App& app, NumericEntryRequest* out);
// Platform: the learner submitted `text` (ok) or cancelled the field.
void numeric_entry_done(App& app, bool ok, const std::string& text);
// Widgets: the text typed for widget `id`, once, when there is one.
bool numeric_entry_result(App& app, ImGuiID id, std::string* text);

}  // namespace ap
