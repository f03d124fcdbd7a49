// What the views remember between frames that is not part of the State: never in the URL,
// not undone. Plain data (no ImGui types, so the app layer stays free of ImGui); each field
// names the ui file that owns it. It lives in App::view so that the one Program owns it and
// the ui keeps no mutable globals.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "core/limits.h"
#include "core/matrix.h"

namespace ap {

// What the UI asks the platform to show (ui/touch.h): a numeric field over the rectangle
// (ImGui units, i.e. device pixels of the canvas) holding `value`, described by `label`
// ("Q[1, 2]").
struct NumericEntryRequest {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  std::string value;
  std::string label;
};

struct ViewState {
  int pipeline_head = 0;   // panel_pipeline: the head whose stages are shown
  int inspector_head = 0;  // panel_inspector: the head explained
  int random_seed = 1;     // panel_inputs: the seed of "Randomize Q, K, V"

  // panel_inspector: the output component whose ∂/∂scores is shown, and that gradient
  // cached for (version, query, component) so a frame does not redo the backward pass.
  int inspector_component = 0;
  struct GradientCache {
    long version = -1;
    int query = -1, component = -1;
    std::vector<Vector> grads;  // one per head
  } inspector_grads;

  // panel_vector_plane: the half-width of the visible square in vector units (refitted only
  // while nothing is dragged, so the view holds still under the cursor) and the drag in
  // progress: which arrow (a query or a key, its index) and the grab's offset from its tip.
  struct Plane {
    double extent = 1.5;
    bool dragging = false;
    bool drag_query = true;
    int drag_index = -1;
    float grab_dx = 0, grab_dy = 0;
  } plane;

  // widgets.cpp: the matrix cell being typed into (an ImGuiID; 0: none) and its text.
  struct CellTyping {
    unsigned id = 0;
    bool focus = false;
    std::array<char, kMaxCellText + 1> text{};
  } typing;

  // widgets.cpp: input cells drawn in the frame being drawn and in the last finished one.
  long cells_drawn = 0, cells_drawn_last = 0;

  // touch.cpp: whether the learner's last pointer was a finger (set by the platform), and
  // the window a one-finger swipe scrolls (an ImGuiID; 0: none).
  bool touch = false;
  unsigned swipe_window = 0;

  // touch.cpp: the on-screen numeric entry between the widget that asked for it and the
  // platform that shows it.
  struct NumericEntry {
    unsigned id = 0;        // the widget waiting for a value (an ImGuiID; 0: none)
    bool pending = false;   // the request has not been taken by the platform yet
    bool answered = false;  // the platform answered with `text`
    NumericEntryRequest request;
    std::string text;
  } numeric_entry;

  int captioning_drag = -1;  // panel_captioning: the object being dragged (0 or 1; −1: none)

  float phone_result_height = 0;  // ui_main: the phone's pinned result, last frame's height
};

}  // namespace ap
