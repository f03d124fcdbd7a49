// Small line plots drawn with ImDrawList (the curves of the model views, the scale lab's
// log–log plots): a dark box with horizontal grid lines at the cursor, and polylines given
// in unit coordinates (x from 0 at the left to 1 at the right, y from 0 at the bottom to 1
// at the top). No axes, labels or legend: callers write their own titles and legends.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

#include "imgui.h"

namespace ap {

struct PlotBox {
  ImVec2 p0, p1;  // top-left and bottom-right, screen coordinates
  ImVec2 at(float x, float y) const {
    return ImVec2(p0.x + (p1.x - p0.x) * x, p1.y - (p1.y - p0.y) * y);
  }
};

// Draws the box (width × height at the cursor, `grid` − 1 horizontal lines) and reserves
// its space, so the next item goes below it.
PlotBox plot_box(float width, float height, int grid = 4);

// A polyline through unit-coordinate points (y clamped to [0, 1]); fewer than two: nothing.
void plot_line(const PlotBox& box, const std::vector<ImVec2>& points, ImU32 color, float thickness);
// The same, dashed (dash and gap in pixels).
void plot_dashed(const PlotBox& box, ImVec2 a, ImVec2 b, ImU32 color, float thickness, float dash);

// A training curve (any point type with a .step): x = step / max_step, y = value(point) in
// [0, 1]; points whose value is negative (not evaluated at that step) are skipped.
template <class Point, class F>
void plot_curve(const PlotBox& box, const std::vector<Point>& curve, int max_step, F value,
                ImU32 color, float thickness) {
  const float steps = static_cast<float>(std::max(1, max_step));
  std::vector<ImVec2> points;
  for (const Point& pt : curve) {
    const double y = value(pt);
    if (y >= 0) points.emplace_back(static_cast<float>(pt.step) / steps, static_cast<float>(y));
  }
  plot_line(box, points, color, thickness);
}

// A training loss on the curves' log scale: 10⁻³ … 10 mapped to [0, 1].
inline double plot_log_loss(double loss) {
  return (std::log10(std::max(loss, 1e-3)) + 3.0) / 4.0;
}

// A legend entry on the current line: a swatch of `color`, then the label.
void plot_legend(ImU32 color, const char* label);
// The same, after the previous item on its line when it fits there, else on the next line
// (a phone's narrow column clips nothing).
void plot_legend_after(ImU32 color, const char* label);

}  // namespace ap
