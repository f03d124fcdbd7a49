// The middle column: every stage of attention as its own heatmap, all from the same
// Result — raw scores → ÷ temperature → masked as a strip of small cards, then the softmax
// weights and the output large, sized so that both are on the first screen. Several heads
// sit side by side when they fit, else under tabs. Hovering a cell explains its arithmetic
// (src/app/explain.h); clicking a row selects that query; clicking a cell of the Masked view
// switches that query–key pair on or off.
#include <algorithm>
#include <string>

#include "app/edits.h"
#include "app/explain.h"
#include "imgui.h"
#include "ui/fonts.h"
#include "ui/heatmap_widget.h"
#include "ui/panels.h"
#include "ui/test_hooks.h"
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

const StageInfo& stage_info(Stage stage) {
  for (const StageInfo& info : kStages)
    if (info.stage == stage) return info;
  return kStages[0];
}

// Titles for the small cards of the strip.
const char* short_title(Stage stage) {
  switch (stage) {
    case Stage::Scores:
      return "Raw scores";
    case Stage::Scaled:
      return "÷ T";
    case Stage::Masked:
      return "Masked";
    case Stage::Weights:
      return "Weights";
    case Stage::Output:
      return "Output";
  }
  return "";
}

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

// What a stage's heatmap shows: its matrix, labels, mask hatching and colours.
HeatmapSpec stage_spec(const App& app, Stage stage, int head) {
  HeatmapSpec spec;
  spec.values = &stage_matrix(app, stage, head);
  spec.row_labels = &app.state.query_tokens;
  spec.highlight_row = app.selected_query;
  if (stage == Stage::Output) {
    spec.colormap = Colormap::Diverging;
  } else {
    spec.col_labels = &app.state.key_tokens;
    if (stage != Stage::Scores) spec.allowed = &app.result.heads[head].allowed;
    spec.colormap = stage == Stage::Weights ? Colormap::Sequential : Colormap::Diverging;
  }
  if (stage == Stage::Weights) {
    spec.fixed_range = true;
    spec.lo = 0.0;
    spec.hi = 1.0;
  }
  return spec;
}

// [SECTION] layout: a strip of small stage cards, then Weights and Output large
// The first screen must show the weights and the output, so the stages that lead to them
// (raw scores, ÷T, masked) are small cards in one row — a stage equal to the one before it
// (÷T at T = 1) is a one-line note instead — and the Weights and Output views share the
// row below at the largest cell size that keeps them inside the column's visible height.

// Whether the scaled scores equal the raw scores (T = 1).
bool scaled_is_raw(const App& app) {
  return app.state.input.temperature == 1.0;
}

// A small card: title and formula on one line, then the heatmap without labels or legend.
void small_card(App& app, Stage stage, int head, float width) {
  const StageInfo& info = stage_info(stage);
  ImGui::PushID(static_cast<int>(stage));
  ImGui::BeginGroup();
  ImGui::PushStyleColor(ImGuiCol_Text, color_accent());
  ImGui::TextUnformatted(short_title(stage));
  ImGui::PopStyleColor();
  help_marker(join({stage_title(stage), ": ", info.formula, ". ", info.help}).c_str());
  if (stage == Stage::Scaled && scaled_is_raw(app)) {
    // Equal to its predecessor: a note instead of a copy of the same numbers.
    ImGui::PushStyleColor(ImGuiCol_Text, color_muted());
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextWrapped("= raw scores, since T = 1");
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  } else {
    HeatmapSpec spec = stage_spec(app, stage, head);
    spec.row_labels = nullptr;
    spec.col_labels = nullptr;
    spec.show_legend = false;
    const int cols = std::max(1, static_cast<int>(spec.values->cols()));
    spec.cell_size =
        std::clamp(width / static_cast<float>(cols), 2.0f, 1.6f * ImGui::GetFontSize());
    const HeatmapEvent ev = heatmap_widget(stage_title(stage), spec);
    explain_tooltip(app, stage, head, ev);
    handle_click(app, stage, ev);
  }
  ImGui::EndGroup();
  ImGui::PopID();
}

// Scores → ÷T → masked, side by side in equal slots.
void stage_strip(App& app, int head) {
  const Stage stages[] = {Stage::Scores, Stage::Scaled, Stage::Masked};
  const float gap = ImGui::GetStyle().ItemSpacing.x * 2.0f;
  const float slot = (ImGui::GetContentRegionAvail().x - 2.0f * gap) / 3.0f;
  for (int k = 0; k < 3; ++k) {
    if (k > 0) ImGui::SameLine(0.0f, gap);
    small_card(app, stages[k], head, slot);
  }
}

// A large card: the full heatmap with labels and legend, no taller than `max_height`.
void large_card(App& app, Stage stage, int head, float max_height, const char* hook,
                const char* subtitle, bool compact = false) {
  const StageInfo& info = stage_info(stage);
  ImGui::PushID(static_cast<int>(stage) * 64 + head);
  ImGui::PushStyleColor(ImGuiCol_Text, color_accent());
  ImGui::TextUnformatted(short_title(stage));
  ImGui::PopStyleColor();
  if (!compact) {
    ImGui::SameLine();
    ImGui::PushFont(font_mono());
    ImGui::TextDisabled("%s", subtitle ? subtitle : info.formula);
    ImGui::PopFont();
  }
  help_marker(join({stage_title(stage), ": ", info.formula, ". ", info.help}).c_str());
  std::vector<std::string> out_cols;  // outlives spec: heatmap_widget reads it below
  HeatmapSpec spec = stage_spec(app, stage, head);
  if (stage == Stage::Output) {
    out_cols = output_columns(app);
    spec.col_labels = &out_cols;
  }
  spec.max_height = max_height;
  if (compact) {
    // A phone's pinned result: the cells get the width the legend and repeated labels take.
    spec.show_legend = false;
    if (stage == Stage::Output) spec.row_labels = nullptr;
  }
  const HeatmapEvent ev = heatmap_widget(stage_title(stage), spec);
  test_hook_rect(hook);  // test hook
  explain_tooltip(app, stage, head, ev);
  handle_click(app, stage, ev);
  ImGui::PopID();
}

// The head whose stages are shown (view state, not part of the State).
int& shown_head(App& app) {
  return app.view.pipeline_head;
}

int head_selector(App& app) {
  int& head = shown_head(app);
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

// With the heads side by side, which head's stages the strip shows.
void head_radio(App& app) {
  int& shown = shown_head(app);
  ImGui::TextDisabled("Stages of head");
  for (int h = 0; h < static_cast<int>(app.result.heads.size()); ++h) {
    ImGui::SameLine();
    if (ImGui::RadioButton(std::to_string(h + 1).c_str(), shown == h)) shown = h;
  }
}

// The Weights (one map per head when side by side) and the Output in one row, as large as
// the column's visible height allows: both stay on the first screen.
void result_row(App& app, bool side_by_side, bool may_stack) {
  const int heads = static_cast<int>(app.result.heads.size());
  const float em = ImGui::GetFontSize();
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float visible = ImGui::GetWindowHeight() - (ImGui::GetCursorPosY() - ImGui::GetScrollY());
  const float max_h = std::max(visible - 2.5f * line, 5.0f * em);
  const int maps = side_by_side ? heads : 1;
  const float n_k = static_cast<float>(app.state.key_tokens.size());
  const float n_out = static_cast<float>(app.result.output.cols());
  // Each view needs its labels and legend (about 7.5 em) and cells of about 2.6 em to show
  // their numbers: in a narrower column the Output goes under the Weights instead.
  const float need =
      (7.5f + 2.6f * n_k) * static_cast<float>(maps) * em + (7.5f + 2.6f * n_out) * em;
  if (may_stack && !side_by_side && ImGui::GetContentRegionAvail().x < need) {
    const float half = std::max(0.5f * max_h - line, 4.0f * em);
    large_card(app, Stage::Weights, shown_head(app), half, "view:weights", nullptr);
    large_card(app, Stage::Output, 0, half, "view:output", nullptr);
    return;
  }
  if (!ImGui::BeginTable("large", maps + 1, ImGuiTableFlags_SizingStretchProp)) return;
  // Widths in proportion to what each needs (the phone's compact cards: labels only once).
  const float fixed = may_stack ? 7.5f : 4.0f;
  const float weights_share = fixed + 2.6f * n_k;
  float output_share = (may_stack ? 7.5f : 0.5f) + 2.6f * n_out;
  // A narrow output (d_v = 1 beside eight keys on a phone) still gets the width of its title
  // and help marker, which would be clipped: share / (all shares) of the row ≥ title.
  const float title = ImGui::CalcTextSize(short_title(Stage::Output)).x + help_marker_width() +
                      2.0f * ImGui::GetStyle().CellPadding.x;
  const float row = ImGui::GetContentRegionAvail().x;
  const float others = weights_share * static_cast<float>(maps);
  if (row > title) output_share = std::max(output_share, others * title / (row - title));
  for (int m = 0; m < maps; ++m)
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, weights_share);
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, output_share);
  ImGui::TableNextRow();
  for (int m = 0; m < maps; ++m) {
    ImGui::TableNextColumn();
    const int h = side_by_side ? m : shown_head(app);
    large_card(app, Stage::Weights, h, max_h, m == 0 ? "view:weights" : "view:weights:more",
               side_by_side ? join({"head ", std::to_string(h + 1)}).c_str() : nullptr, !may_stack);
  }
  ImGui::TableNextColumn();
  large_card(app, Stage::Output, 0, max_h, "view:output", nullptr, !may_stack);
  ImGui::EndTable();
}

}  // namespace

void panel_pipeline(App& app, PipelineParts parts) {
  if (parts != PipelineParts::Result)
    section_title("The pipeline",
                  "Every stage of attention for the current inputs, recomputed the moment "
                  "anything changes: the small cards lead to the weights and the output below "
                  "them. Hover a cell to see its arithmetic; click a row to inspect that query.");
  if (app.result.heads.empty()) return;
  const int heads = static_cast<int>(app.result.heads.size());
  int& shown = shown_head(app);
  shown = std::clamp(shown, 0, heads - 1);
  // Heads side by side when each weights map gets about 2 em per key plus its labels.
  const float em = ImGui::GetFontSize();
  const float per_map = (7.5f + 2.0f * static_cast<float>(app.state.key_tokens.size())) * em;
  const float per_out = (7.5f + 2.0f * static_cast<float>(app.result.output.cols())) * em;
  const bool side_by_side =
      parts != PipelineParts::Stages && heads > 1 &&
      ImGui::GetContentRegionAvail().x >= per_map * static_cast<float>(heads) + per_out;
  if (parts != PipelineParts::Result) {
    if (side_by_side)
      head_radio(app);
    else
      head_selector(app);
    stage_strip(app, shown);
    ImGui::Spacing();
  } else if (heads > 1 && !side_by_side) {
    head_selector(app);
  }
  // The phone's pinned result is short and wide: never stacked there.
  if (parts != PipelineParts::Stages) result_row(app, side_by_side, parts == PipelineParts::All);
  if (!app.result.fully_masked_rows.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, color_warning());
    ImGui::TextWrapped(
        "Some queries may attend to no key at all: their weights and output are 0 (not NaN).");
    ImGui::PopStyleColor();
  }
}

}  // namespace ap
