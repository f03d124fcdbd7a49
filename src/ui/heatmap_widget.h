// The heatmap widget: a matrix as coloured cells (a shader-drawn texture from
// gfx/heatmap_gl.h, or ImDrawList rectangles if the GPU path fails), with row and column
// labels, the values written in cells wide enough for them, a colour legend, highlighted
// and hovered cells outlined, and hover/click reported back. It owns no data and does no
// maths beyond the colour range; tooltips and explanations are the caller's.
#pragma once

#include <string>
#include <vector>

#include "core/matrix.h"
#include "gfx/colormap.h"

namespace ap {

struct HeatmapSpec {
  const Matrix* values = nullptr;       // (rows × cols), row-major; −∞ allowed (masked)
  const MaskMatrix* allowed = nullptr;  // optional, same shape; 0 cells drawn hatched
  const std::vector<std::string>* row_labels = nullptr;  // optional, UTF-8, one per row
  const std::vector<std::string>* col_labels = nullptr;  // optional, UTF-8, one per column
  Colormap colormap = Colormap::Sequential;
  // The colour range; otherwise min/max of the finite allowed values (diverging: ±max|v|).
  bool fixed_range = false;
  double lo = 0, hi = 1;
  // Cell edge in ImGui units (device pixels here: the style and fonts are scaled by the
  // display scale, so pass multiples of ImGui::GetFontSize()). 0 = fit the available
  // width, between 1 px and 3.5 × the font size.
  float cell_size = 0;
  // When > 0, the cells shrink (never below 1 px) so that the widget is at most this tall.
  float max_height = 0;
  int highlight_row = -1, highlight_col = -1;  // outlined; -1 = none
  const char* number_format = "%.2f";          // printf for one double; nullptr = no numbers
  bool show_legend = true;
};

struct HeatmapEvent {
  int hovered_row = -1, hovered_col = -1;  // the cell under the mouse, or -1
  bool clicked = false;                    // a cell was clicked (it is the hovered one)
};

// Draws the heatmap as one ImGui item named `id` (unique in the current ID scope, like any
// ImGui label) at the cursor, and advances the cursor past it and its legend.
HeatmapEvent heatmap_widget(const char* id, const HeatmapSpec& spec);

}  // namespace ap
