// The middle column: every stage of attention as its own heatmap, all from the same
// Result — raw scores → ÷ temperature → masked → softmax weights → output. Hovering a cell
// explains its arithmetic (src/app/explain.h); clicking a row selects that query; clicking
// a cell of the Masked view switches that query–key pair on or off.
#include <string>

#include "app/edits.h"
#include "app/explain.h"
#include "imgui.h"
#include "ui/fonts.h"
#include "ui/heatmap_widget.h"
#include "ui/panels.h"
#include "ui/widgets.h"

namespace ap {
namespace {

struct StageInfo {
  Stage stage;
  const char* formula;
  const char* help;
};

const StageInfo kStages[] = {
    {Stage::Scores, "s = score(q, k)", "The scoring function applied to every query–key pair."},
    {Stage::Scaled, "s ÷ T", "Scores divided by the temperature T."},
    {Stage::Masked, "−∞ where masked",
     "Masked pairs become −∞ so that the softmax gives them weight 0. Click a cell to toggle it."},
    {Stage::Weights, "softmax over each row",
     "Each row is a probability distribution over the keys: non-negative, sums to 1."},
    {Stage::Output, "weights · V", "Each output row is the weighted average of the value rows."},
};

const Matrix& stage_matrix(const App& app, Stage stage, int head) {
  const HeadResult& h = app.result.heads[head];
  switch (stage) {
    case Stage::Scores:
      return h.scores;
    case Stage::Scaled:
      return h.scaled;
    case Stage::Masked:
      return h.masked;
    case Stage::Weights:
      return h.weights;
    case Stage::Output:
      return app.result.output;
  }
  return h.scores;
}

void explain_tooltip(const App& app, Stage stage, int head, const HeatmapEvent& ev) {
  if (ev.hovered_row < 0 || ev.hovered_col < 0) return;
  const std::string text =
      explain_cell(app.state, app.result, stage, head, ev.hovered_row, ev.hovered_col);
  if (text.empty()) return;
  ImGui::BeginTooltip();
  ImGui::PushFont(font_mono());
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopFont();
  ImGui::EndTooltip();
}

void handle_click(App& app, Stage stage, const HeatmapEvent& ev) {
  if (!ev.clicked || ev.hovered_row < 0) return;
  app.selected_query = ev.hovered_row;
  if (stage == Stage::Masked && ev.hovered_col >= 0) {
    State next = app.state;
    edit_toggle_mask_cell(next, ev.hovered_row, ev.hovered_col);
    app_apply(app, next);
  }
}

std::vector<std::string> output_columns(const App& app) {
  std::vector<std::string> cols;
  for (Eigen::Index c = 0; c < app.result.output.cols(); ++c)
    cols.push_back("o" + subscript(static_cast<int>(c) + 1));
  return cols;
}

void stage_card(App& app, const StageInfo& info, int head) {
  ImGui::PushID(static_cast<int>(info.stage));
  ImGui::PushStyleColor(ImGuiCol_Text, color_accent());
  ImGui::TextUnformatted(stage_title(info.stage));
  ImGui::PopStyleColor();
  ImGui::SameLine();
  ImGui::PushFont(font_mono());
  ImGui::TextDisabled("%s", info.formula);
  ImGui::PopFont();
  help_marker(info.help);

  static std::vector<std::string> out_cols;
  HeatmapSpec spec;
  spec.values = &stage_matrix(app, info.stage, head);
  spec.row_labels = &app.state.query_tokens;
  spec.highlight_row = app.selected_query;
  if (info.stage == Stage::Output) {
    out_cols = output_columns(app);
    spec.col_labels = &out_cols;
    spec.colormap = Colormap::Diverging;
  } else {
    spec.col_labels = &app.state.key_tokens;
    if (info.stage != Stage::Scores) spec.allowed = &app.result.heads[head].allowed;
    spec.colormap = info.stage == Stage::Weights ? Colormap::Sequential : Colormap::Diverging;
  }
  if (info.stage == Stage::Weights) {
    spec.fixed_range = true;
    spec.lo = 0.0;
    spec.hi = 1.0;
  }
  const HeatmapEvent ev = heatmap_widget(stage_title(info.stage), spec);
  explain_tooltip(app, info.stage, head, ev);
  handle_click(app, info.stage, ev);
  ImGui::PopID();
}

int head_selector(const App& app) {
  static int head = 0;
  const int heads = static_cast<int>(app.result.heads.size());
  head = std::min(head, heads - 1);
  if (heads <= 1) return 0;
  if (ImGui::BeginTabBar("heads")) {
    for (int h = 0; h < heads; ++h) {
      const std::string name = "Head " + std::to_string(h + 1);
      if (ImGui::BeginTabItem(name.c_str())) {
        head = h;
        ImGui::EndTabItem();
      }
    }
    ImGui::EndTabBar();
  }
  return head;
}

}  // namespace

void panel_pipeline(App& app) {
  section_title("The pipeline",
                "Every stage of attention for the current inputs, recomputed the moment anything "
                "changes. Hover a cell to see its arithmetic.");
  if (app.result.heads.empty()) return;
  const int head = head_selector(app);
  const bool two_columns = ImGui::GetContentRegionAvail().x > 560 * ui_scale();
  if (!ImGui::BeginTable("stages", two_columns ? 2 : 1, ImGuiTableFlags_SizingStretchSame)) return;
  for (const StageInfo& info : kStages) {
    ImGui::TableNextColumn();
    stage_card(app, info, info.stage == Stage::Output ? 0 : head);
    ImGui::Spacing();
  }
  ImGui::EndTable();
  if (!app.result.fully_masked_rows.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, color_warning());
    ImGui::TextWrapped(
        "Some queries may attend to no key at all: their weights and output are 0 (not NaN).");
    ImGui::PopStyleColor();
  }
}

}  // namespace ap
