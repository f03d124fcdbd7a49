// The scale lab's view (app/scale_lab.h): the learner's n and sparse pattern, measured time
// and memory of dense, tiled and sparse attention against n on log–log axes beside the n²
// line (plot.h), a table of the figures, the refusals, and the weights at n downsampled
// into a heatmap (drawn by the heatmap shader, with the bins the pattern skips hatched).
// The lab works a slice per frame in app_models_frame; this file only reads it and edits settings.
// [SECTION] figures · plots · table · map · panel
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "app/scale_lab.h"
#include "core/limits.h"
#include "imgui.h"
#include "ui/heatmap_widget.h"
#include "ui/palette.h"
#include "ui/panels.h"
#include "ui/plot.h"
#include "ui/test_hooks.h"
#include "ui/widgets.h"

namespace ap {
namespace {

constexpr double kFrameMs = 1000.0 / 60;
constexpr double kMiB = 1024.0 * 1024.0;

ImU32 path_color(ScalePath p) {
  switch (p) {
    case ScalePath::Dense:
      return IM_COL32(230, 120, 90, 255);
    case ScalePath::Tiled:
      return IM_COL32(110, 170, 240, 255);
    case ScalePath::Sparse:
      return IM_COL32(120, 210, 130, 255);
  }
  return IM_COL32_WHITE;
}

std::string fmt(const char* f, double x) {
  char buf[48];
  std::snprintf(buf, sizeof buf, f, x);
  return buf;
}

std::string ms_text(double ms) {
  return fmt(ms < 1 ? "%.3f ms" : ms < 100 ? "%.1f ms" : "%.0f ms", ms);
}

// ---------------------------------------------------------------------------------------
// [SECTION] plots: log10 n on x (64 … 16384), log10 of the value on y over whole decades
// ---------------------------------------------------------------------------------------

struct LogAxes {
  double x0, x1, y0, y1;  // log10 bounds
  ImVec2 at(double n, double v) const {
    return ImVec2(static_cast<float>((std::log10(n) - x0) / (x1 - x0)),
                  static_cast<float>((std::log10(v) - y0) / (y1 - y0)));
  }
};

// The value a path's row shows on a plot (time in ms or memory in MiB), or −1.
double row_value(const ScaleRow& r, bool memory) {
  if (memory) return r.status == ScaleRow::Status::Done ? r.bytes / kMiB : -1;
  return r.status == ScaleRow::Status::Done && r.seconds > 0 ? 1000 * r.seconds : -1;
}

void log_plot(const ScaleLab& lab, bool memory, const char* title, const char* hook) {
  const std::vector<int>& sizes = scale_lab_sizes();
  const double line = memory ? static_cast<double>(kScaleLabBudgetBytes) / kMiB : kFrameMs;
  double lo = line, hi = line;
  for (std::size_t s = 0; s < lab.rows.size(); ++s)
    for (int p = 0; p < kScalePathCount; ++p) {
      const double v = row_value(lab.rows[s][static_cast<std::size_t>(p)], memory);
      if (v > 0) lo = std::min(lo, v), hi = std::max(hi, v);
    }
  const LogAxes ax{std::log10(sizes.front()), std::log10(sizes.back()), std::floor(std::log10(lo)),
                   std::ceil(std::log10(hi) + 1e-9)};
  const int decades = std::max(1, static_cast<int>(ax.y1 - ax.y0));
  ImGui::TextColored(color_accent(), "%s", title);
  ImGui::SameLine();
  ImGui::TextColored(color_muted(), "(%s … %s, a grid line per ×10)",
                     memory ? fmt("%g MiB", std::pow(10.0, ax.y0)).c_str()
                            : fmt("%g ms", std::pow(10.0, ax.y0)).c_str(),
                     memory ? fmt("%g MiB", std::pow(10.0, ax.y1)).c_str()
                            : fmt("%g ms", std::pow(10.0, ax.y1)).c_str());
  const float w = ImGui::GetContentRegionAvail().x, font = ImGui::GetFontSize();
  const PlotBox box = plot_box(w, 8 * font, decades);
  test_hook_rect(hook);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // A vertical grid line at each doubling of n from 128; labels at 256, 1024, 4096, 16384.
  for (int n = 128; n <= sizes.back(); n *= 2) {
    const ImVec2 a = box.at(ax.at(n, 1).x, 0), b = box.at(ax.at(n, 1).x, 1);
    dl->AddLine(a, b, palette::kPlotGrid);
    if (n == 256 || n == 1024 || n == 4096 || n == 16384) {
      const std::string label = std::to_string(n);
      const float tw = ImGui::CalcTextSize(label.c_str()).x;
      dl->AddText(ImVec2(std::min(a.x - tw / 2, box.p1.x - tw - 2), a.y - font - 2),
                  IM_COL32(140, 146, 160, 255), label.c_str());
    }
  }
  // The frame (or budget) line, and n² through the largest n dense finished (small n are
  // noisy: the clock's resolution, the first runs).
  const float y_line = ax.at(64, line).y;
  plot_dashed(box, ImVec2(0, y_line), ImVec2(1, y_line), IM_COL32(220, 200, 90, 255),
              1.5f * ui_scale(), 4 * ui_scale());
  double n_ref = 0, v_ref = 0;
  for (std::size_t s = 0; s < lab.rows.size(); ++s)
    if (const double v = row_value(lab.rows[s][0], memory); v > 0) n_ref = sizes[s], v_ref = v;
  if (n_ref > 0) {
    const double n0 = sizes.front(), n1 = sizes.back();
    plot_dashed(box, ax.at(n0, v_ref * (n0 / n_ref) * (n0 / n_ref)),
                ax.at(n1, v_ref * (n1 / n_ref) * (n1 / n_ref)), IM_COL32(170, 170, 180, 255),
                1.0f * ui_scale(), 3 * ui_scale());
  }
  for (int p = 0; p < kScalePathCount; ++p) {
    std::vector<ImVec2> points;
    for (std::size_t s = 0; s < lab.rows.size(); ++s) {
      const double v = row_value(lab.rows[s][static_cast<std::size_t>(p)], memory);
      if (v > 0) points.push_back(ax.at(sizes[s], v));
    }
    plot_line(box, points, path_color(static_cast<ScalePath>(p)), 2.0f * ui_scale());
    for (const ImVec2& pt : points)
      dl->AddCircleFilled(box.at(pt.x, std::clamp(pt.y, 0.0f, 1.0f)), 2.5f * ui_scale(),
                          path_color(static_cast<ScalePath>(p)));
  }
}

void legend(bool wrap_after_paths) {
  const float font = ImGui::GetFontSize();
  auto swatch = [&](ImU32 color, const char* label, bool dashed) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (dashed)
      for (int k = 0; k < 3; ++k)
        dl->AddLine(ImVec2(p.x + font * 0.4f * k, p.y + font * 0.5f),
                    ImVec2(p.x + font * (0.4f * k + 0.25f), p.y + font * 0.5f), color, 2);
    else
      dl->AddRectFilled(ImVec2(p.x, p.y + font * 0.35f), ImVec2(p.x + font, p.y + font * 0.65f),
                        color);
    ImGui::Dummy(ImVec2(font * 1.2f, font));
    ImGui::SameLine();
    ImGui::TextUnformatted(label);
  };
  for (int p = 0; p < kScalePathCount; ++p) {
    swatch(path_color(static_cast<ScalePath>(p)), scale_path_name(static_cast<ScalePath>(p)),
           false);
    ImGui::SameLine();
  }
  if (wrap_after_paths) ImGui::NewLine();
  swatch(IM_COL32(170, 170, 180, 255), "n² through dense", true);
  ImGui::SameLine();
  swatch(IM_COL32(220, 200, 90, 255), "16.7 ms frame / 64 MiB budget", true);
}

// ---------------------------------------------------------------------------------------
// [SECTION] table
// ---------------------------------------------------------------------------------------

std::string cell_text(const ScaleRow& r, bool memory) {
  switch (r.status) {
    case ScaleRow::Status::Pending:
      return "";
    case ScaleRow::Status::Running:
      return "…";
    case ScaleRow::Status::Refused:
      return memory ? fmt("%.0f MiB!", r.bytes / kMiB) : "refused";
    case ScaleRow::Status::Done:
      return memory ? fmt(r.bytes / kMiB < 10 ? "%.2f MiB" : "%.1f MiB", r.bytes / kMiB)
                    : ms_text(1000 * r.seconds);
  }
  return "";
}

void table(const ScaleLab& lab) {
  const std::vector<int>& sizes = scale_lab_sizes();
  const ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollX |
                                ImGuiTableFlags_ScrollY;
  const int last =
      std::min(scale_lab_size_index(lab.target_n), static_cast<int>(lab.rows.size()) - 1);
  const float h =
      ImGui::GetTextLineHeightWithSpacing() * static_cast<float>(std::min(last + 2, 9)) +
      ImGui::GetStyle().CellPadding.y * 2;
  if (last < 0 || !ImGui::BeginTable("##scale_table", 7, flags, ImVec2(0, h))) return;
  ImGui::TableSetupScrollFreeze(1, 1);
  for (const char* c : {"n", "dense", "tiled", "sparse", "dense mem", "tiled mem", "sparse mem"})
    ImGui::TableSetupColumn(c);
  ImGui::TableHeadersRow();
  for (int s = 0; s <= last; ++s) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::Text("%d", sizes[static_cast<std::size_t>(s)]);
    for (int memory = 0; memory < 2; ++memory)
      for (int p = 0; p < kScalePathCount; ++p) {
        ImGui::TableNextColumn();
        const ScaleRow& r = lab.rows[static_cast<std::size_t>(s)][static_cast<std::size_t>(p)];
        const std::string t = cell_text(r, memory != 0);
        if (r.status == ScaleRow::Status::Refused)
          ImGui::TextColored(color_warning(), "%s", t.c_str());
        else if (!memory && r.status == ScaleRow::Status::Done && 1000 * r.seconds > kFrameMs)
          ImGui::TextColored(ImVec4(0.86f, 0.78f, 0.35f, 1), "%s", t.c_str());
        else
          ImGui::TextUnformatted(t.c_str());
        if (r.status == ScaleRow::Status::Refused && ImGui::IsItemHovered())
          ImGui::SetTooltip("%s", r.refusal.c_str());
      }
  }
  ImGui::EndTable();
  test_hook_rect("scale.table");
}

// ---------------------------------------------------------------------------------------
// [SECTION] map
// ---------------------------------------------------------------------------------------

void weights_map(const ScaleLab& lab) {
  const int side = static_cast<int>(lab.map.rows());
  if (lab.map_n <= 0 || side == 0) return;
  const bool done = lab.map_rows_done >= side;
  ImGui::TextColored(color_accent(), "The weights at n = %d", lab.map_n);
  ImGui::TextWrapped(
      "%d queries (every %s) × %d bins of %s keys: each cell is the weight its query gives "
      "the keys of the bin. Hatched: bins the sparse pattern skips.%s",
      side, lab.map_n > side ? fmt("%.0fth", static_cast<double>(lab.map_n) / side).c_str() : "one",
      side, lab.map_n > side ? fmt("%.0f", static_cast<double>(lab.map_n) / side).c_str() : "1",
      done ? "" : " (computing…)");
  HeatmapSpec spec;
  spec.values = &lab.map;
  spec.allowed = &lab.map_kept;
  spec.number_format = nullptr;
  spec.fixed_range = true;
  spec.lo = 0;
  spec.hi = std::max(1e-9, lab.map.maxCoeff());
  const float w = ImGui::GetContentRegionAvail().x;
  spec.cell_size = std::max(
      1.0f, std::floor(std::min(w * 0.8f, 22 * ImGui::GetFontSize()) / static_cast<float>(side)));
  heatmap_widget("##scale_map", spec);
  test_hook_rect("scale.map");
}

// ---------------------------------------------------------------------------------------
// [SECTION] panel: settings, status, figures
// ---------------------------------------------------------------------------------------

void settings(ScaleLab& lab) {
  const std::vector<int>& sizes = scale_lab_sizes();
  int idx = scale_lab_size_index(lab.target_n);
  const std::string label = "n = " + std::to_string(sizes[static_cast<std::size_t>(idx)]);
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 18 * ImGui::GetFontSize()));
  if (ImGui::SliderInt("##scale_n", &idx, 0, static_cast<int>(sizes.size()) - 1, label.c_str(),
                       ImGuiSliderFlags_NoInput))
    scale_lab_set_n(lab, sizes[static_cast<std::size_t>(idx)]);
  test_hook_rect("scale.n");
  ImGui::SameLine();
  help_marker(
      "Sequence length: queries = keys = n, d = 64, float32, one thread. Every size of the "
      "grid up to n is measured, a slice of the work per frame.");
  if (ImGui::Button(lab.running ? "Pause" : "Measure")) {
    if (lab.running)
      lab.running = false;
    else
      scale_lab_start(lab);
  }
  test_hook_rect("scale.measure");
  ImGui::SameLine();
  if (ImGui::Button("Clear")) scale_lab_clear(lab);
  test_hook_rect("scale.clear");

  // The sparse pattern: a window and/or a stride.
  SparsitySpec p = lab.pattern;
  bool window = p.window >= 0, stride = p.stride > 0;
  const float slider =
      std::min(ImGui::GetContentRegionAvail().x * 0.55f, 12 * ImGui::GetFontSize());
  bool changed = ImGui::Checkbox("window", &window);
  test_hook_rect("scale.window_on");
  ImGui::SameLine();
  int wv = std::max(p.window, 0), sv = std::max(p.stride, 1);
  ImGui::SetNextItemWidth(slider);
  ImGui::BeginDisabled(!window);
  changed |= ImGui::SliderInt("##window", &wv, 0, 256, "w = %d", ImGuiSliderFlags_Logarithmic);
  ImGui::EndDisabled();
  test_hook_rect("scale.window");
  changed |= ImGui::Checkbox("stride", &stride);
  test_hook_rect("scale.stride_on");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(slider);
  ImGui::BeginDisabled(!stride);
  changed |= ImGui::SliderInt("##stride", &sv, 1, 64, "s = %d");
  ImGui::EndDisabled();
  test_hook_rect("scale.stride");
  if (changed) {
    p.window = window ? wv : -1;
    p.stride = stride ? sv : 0;
    scale_lab_set_pattern(lab, p);
  }
}

void status(const ScaleLab& lab) {
  const std::vector<int>& sizes = scale_lab_sizes();
  std::string now;
  for (std::size_t s = 0; s < lab.rows.size() && now.empty(); ++s)
    for (int p = 0; p < kScalePathCount; ++p)
      if (lab.rows[s][static_cast<std::size_t>(p)].status == ScaleRow::Status::Running)
        now = join(
            {"measuring ", scale_path_name(static_cast<ScalePath>(p)),
             " at n = ", std::to_string(sizes[s]), ": ",
             std::to_string(100 * lab.rows[s][static_cast<std::size_t>(p)].rows_done / sizes[s]),
             " % of its queries"});
  if (lab.running) ImGui::TextColored(color_muted(), "%s", now.empty() ? "working…" : now.c_str());
  const int crossing = scale_lab_crossing_n(lab, kFrameMs / 1000);
  if (crossing > 0)
    ImGui::TextWrapped("Dense takes longer than a 16.7 ms frame from n = %d on this machine.",
                       crossing);
  const int refused = scale_lab_dense_refused_n(lab);
  if (refused > 0) {
    const ScaleRow* r = scale_lab_row(lab, refused, ScalePath::Dense);
    ImGui::PushStyleColor(ImGuiCol_Text, color_warning());
    ImGui::TextWrapped("%s", r->refusal.c_str());
    ImGui::PopStyleColor();
    const ScaleRow* t = scale_lab_row(lab, refused, ScalePath::Tiled);
    ImGui::TextWrapped("Tiled ran at n = %d in %s with %.1f MiB: it never holds the n × n weights.",
                       refused, ms_text(1000 * t->seconds).c_str(), t->bytes / kMiB);
  }
  if (lab.mass_kept >= 0 && lab.map_n == lab.target_n)
    ImGui::TextWrapped(
        "Sparse pattern at n = %d: keeps %.0f %% of the weights' mass with %.1f %% of "
        "the pairs.",
        lab.target_n, 100 * lab.mass_kept, 100 * scale_lab_sparse_cost(lab));
  test_hook_rect("scale.status");
}

}  // namespace

void panel_scale_lab_controls(App& app) {
  ImGui::PushID("scale_lab");
  section_title("Scale lab: the cost of attention",
                "Measured on this machine with the page's float32 kernels: dense (keeps the "
                "n × n weights), tiled (online softmax over 64 × 64 blocks) and sparse (only "
                "the pairs the pattern keeps). Each path may use 64 MiB.");
  settings(app.scale);
  ImGui::PopID();
}

void panel_scale_lab(App& app, bool controls) {
  if (controls) panel_scale_lab_controls(app);
  ScaleLab& lab = app.scale;
  ImGui::PushID("scale_lab");
  status(lab);
  log_plot(lab, false, "Time", "scale.time_plot");
  log_plot(lab, true, "Memory", "scale.memory_plot");
  legend(ImGui::GetContentRegionAvail().x < 40 * ImGui::GetFontSize());
  table(lab);
  weights_map(lab);
  ImGui::PopID();
}

}  // namespace ap
