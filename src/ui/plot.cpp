// The plots of plot.h.
#include "ui/plot.h"

#include <algorithm>
#include <cmath>

#include "ui/palette.h"
#include "ui/widgets.h"

namespace ap {

PlotBox plot_box(float width, float height, int grid) {
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const PlotBox box{p0, ImVec2(p0.x + width, p0.y + height)};
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(box.p0, box.p1, palette::kPlotBackground);
  dl->AddRect(box.p0, box.p1, palette::kPlotFrame);
  for (int g = 1; g < grid; ++g) {
    const float y = box.p0.y + height * static_cast<float>(g) / static_cast<float>(grid);
    dl->AddLine(ImVec2(box.p0.x, y), ImVec2(box.p1.x, y), palette::kPlotGrid);
  }
  ImGui::Dummy(ImVec2(width, height));
  return box;
}

void plot_line(const PlotBox& box, const std::vector<ImVec2>& points, ImU32 color,
               float thickness) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (std::size_t i = 1; i < points.size(); ++i)
    dl->AddLine(box.at(points[i - 1].x, std::clamp(points[i - 1].y, 0.0f, 1.0f)),
                box.at(points[i].x, std::clamp(points[i].y, 0.0f, 1.0f)), color, thickness);
}

void plot_dashed(const PlotBox& box, ImVec2 a, ImVec2 b, ImU32 color, float thickness, float dash) {
  const ImVec2 pa = box.at(a.x, a.y), pb = box.at(b.x, b.y);
  const float len = std::hypot(pb.x - pa.x, pb.y - pa.y);
  if (len <= 0 || dash <= 0) return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(box.p0, box.p1, true);
  for (float t = 0; t < len; t += 2 * dash) {
    const float u0 = t / len, u1 = std::min(len, t + dash) / len;
    dl->AddLine(ImVec2(pa.x + (pb.x - pa.x) * u0, pa.y + (pb.y - pa.y) * u0),
                ImVec2(pa.x + (pb.x - pa.x) * u1, pa.y + (pb.y - pa.y) * u1), color, thickness);
  }
  dl->PopClipRect();
}

void plot_legend(ImU32 color, const char* label) {
  const float font = ImGui::GetFontSize();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + font * 0.3f),
                                            ImVec2(p.x + font, p.y + font * 0.7f), color);
  ImGui::Dummy(ImVec2(font * 1.2f, font));
  ImGui::SameLine();
  ImGui::TextUnformatted(label);
}

void plot_legend_after(ImU32 color, const char* label) {
  same_line_if_fits(ImGui::GetFontSize() * 1.2f + ImGui::GetStyle().ItemSpacing.x +
                    ImGui::CalcTextSize(label).x);
  plot_legend(color, label);
}

}  // namespace ap
