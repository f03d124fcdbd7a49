// The √d lab: three small charts against d (log scale) of the score variance, the largest
// softmax weight and the softmax gradient's size, for qᵀk (orange) and qᵀk/√d (blue), from
// core::scaling_experiment. The current d of the playground is marked. Shown by lessons.
#include <algorithm>
#include <cmath>
#include <string>

#include "app/explain.h"
#include "app/sqrt_d_experiment.h"
#include "imgui.h"
#include "ui/palette.h"
#include "ui/panels.h"
#include "ui/widgets.h"

namespace ap {
namespace {

struct Series {
  std::vector<ScalingPoint> dot, scaled;
};

// Computed once: the experiment is seeded, so its numbers never change.
const Series& series() {
  static const Series s = [] {
    ScalingSpec spec;
    spec.trials = 300;
    Series out;
    spec.scaled = false;
    out.dot = scaling_experiment(spec);
    spec.scaled = true;
    out.scaled = scaling_experiment(spec);
    return out;
  }();
  return s;
}

const ImU32 kDotColour = palette::kOrange;
const ImU32 kScaledColour = palette::kSkyBlue;

using Metric = double (*)(const ScalingPoint&);

void chart(const char* title, Metric metric, bool log_y, int current_d) {
  const Series& s = series();
  const float scale = ui_scale();
  const ImVec2 size(std::max(140.0f * scale, ImGui::GetContentRegionAvail().x), 110 * scale);
  ImGui::TextUnformatted(title);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::Dummy(size);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), IM_COL32(30, 33, 40, 255));
  double lo = 1e300, hi = -1e300;
  for (const auto* pts : {&s.dot, &s.scaled})
    for (const ScalingPoint& p : *pts) {
      const double v = log_y ? std::log10(std::max(metric(p), 1e-6)) : metric(p);
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  if (!log_y) lo = std::min(lo, 0.0);
  if (hi - lo < 1e-9) hi = lo + 1;
  const double x_max = std::log2(static_cast<double>(s.dot.back().d));
  const float pad = 8 * scale;
  const auto to_screen = [&](double d, double v) {
    const double y = log_y ? std::log10(std::max(v, 1e-6)) : v;
    return ImVec2(
        p0.x + pad + static_cast<float>(std::log2(d) / x_max) * (size.x - 2 * pad),
        p0.y + size.y - pad - static_cast<float>((y - lo) / (hi - lo)) * (size.y - 2 * pad));
  };
  const ImVec2 marker = to_screen(std::clamp(current_d, 1, s.dot.back().d), lo);
  dl->AddLine(ImVec2(marker.x, p0.y), ImVec2(marker.x, p0.y + size.y), IM_COL32(200, 200, 200, 90),
              1.5f * scale);
  for (const auto& [pts, colour] :
       {std::pair{&s.dot, kDotColour}, std::pair{&s.scaled, kScaledColour}}) {
    for (std::size_t i = 0; i + 1 < pts->size(); ++i)
      dl->AddLine(to_screen((*pts)[i].d, metric((*pts)[i])),
                  to_screen((*pts)[i + 1].d, metric((*pts)[i + 1])), colour, 2.0f * scale);
    for (const ScalingPoint& p : *pts)
      dl->AddCircleFilled(to_screen(p.d, metric(p)), 2.5f * scale, colour);
  }
  if (ImGui::IsItemHovered()) {
    const float t = (ImGui::GetMousePos().x - p0.x - pad) / (size.x - 2 * pad);
    const std::size_t i = std::min<std::size_t>(
        s.dot.size() - 1,
        static_cast<std::size_t>(std::max(0.0f, std::round(t * (s.dot.size() - 1)))));
    ImGui::SetTooltip("d = %d\nqᵀk: %s\nqᵀk/√d: %s", s.dot[i].d, fmt_num(metric(s.dot[i])).c_str(),
                      fmt_num(metric(s.scaled[i])).c_str());
  }
}

}  // namespace

void panel_scaling(App& app) {
  section_title(
      "The √d lab",
      "For random q and k whose entries have variance 1, qᵀk has variance d. Large scores "
      "push the softmax to put nearly all weight on one key, where its gradient is almost "
      "zero and learning stalls. Dividing by √d keeps the variance at 1.");
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kDotColour), "qᵀk");
  ImGui::SameLine();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kScaledColour), "qᵀk / √d");
  ImGui::SameLine();
  ImGui::TextDisabled("(d = 1 … 256, log scale; the line marks your d = %d)",
                      static_cast<int>(app.state.input.Q.cols()));
  const int d = static_cast<int>(app.state.input.Q.cols());
  chart(
      "Variance of the scores (log)", [](const ScalingPoint& p) { return p.score_variance; }, true,
      d);
  chart(
      "Largest softmax weight", [](const ScalingPoint& p) { return p.max_weight; }, false, d);
  chart(
      "Size of the softmax gradient", [](const ScalingPoint& p) { return p.gradient_norm; }, false,
      d);
}

}  // namespace ap
