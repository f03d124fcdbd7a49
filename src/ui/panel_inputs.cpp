// The left column's lower half: what attention is applied to — the tokens, the widths d and
// d_v, a seeded randomizer, and the Q, K, V editors.
#include <algorithm>
#include <cstdio>
#include <string>

#include "app/edits.h"
#include "core/limits.h"
#include "imgui.h"
#include "ui/panels.h"
#include "ui/widgets.h"

namespace ap {
namespace {

void apply_or_explain(App& app, bool ok, const State& next, const std::string& why) {
  if (ok)
    app_apply(app, next);
  else
    app.notice = why;
}

// One row of token chips: a text field per token (rename) with a × to remove it, and "+".
void token_row(App& app, TokenSide side, const char* title) {
  const std::vector<std::string>& labels =
      side == TokenSide::Key ? app.state.key_tokens : app.state.query_tokens;
  ImGui::PushID(static_cast<int>(side));
  ImGui::TextUnformatted(title);
  const int n = static_cast<int>(labels.size());
  // A frame draws a bounded number of chips (core/limits.h); longer sequences are summarised.
  const int shown = std::min(n, kMaxTokenChipsDrawn);
  ui_cells_add(app, shown);
  for (int t = 0; t < shown; ++t) {
    ImGui::PushID(t);
    char buf[72];
    std::snprintf(buf, sizeof buf, "%s", labels[t].c_str());
    const float width = std::max(48.0f * ui_scale(), ImGui::CalcTextSize(buf).x + 14 * ui_scale());
    if (ImGui::GetContentRegionAvail().x < width + 30 * ui_scale()) ImGui::NewLine();
    ImGui::SetNextItemWidth(width);
    if (ImGui::InputText("##label", buf, 65)) {
      State next = app.state;
      std::string why;
      const bool ok = edit_rename_token(next, side, t, buf, &why);
      apply_or_explain(app, ok, next, why);
    }
    ImGui::SameLine(0, 1);
    if (ImGui::SmallButton("×")) {
      State next = app.state;
      std::string why;
      const bool ok = edit_remove_token(next, side, t, &why);
      apply_or_explain(app, ok, next, why);
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove \"%s\"", labels[t].c_str());
    ImGui::SameLine();
    ImGui::PopID();
  }
  if (shown < n) {
    ImGui::TextDisabled("… and %d more", n - shown);
    ImGui::SameLine();
  }
  // The "+" goes to the next line rather than past the column's edge.
  const float plus_w = ImGui::CalcTextSize("+ token").x + 2 * ImGui::GetStyle().FramePadding.x;
  if (ImGui::GetContentRegionAvail().x < plus_w) ImGui::NewLine();
  if (ImGui::Button("+ token")) {
    State next = app.state;
    std::string why;
    const std::size_t n = labels.size() + 1;
    const bool ok = edit_add_token(next, side, "tok" + std::to_string(n), &why);
    apply_or_explain(app, ok, next, why);
  }
  ImGui::PopID();
}

void tokens_section(App& app) {
  bool self = state_is_self_attention(app.state);
  constexpr const char* kHelp =
      "Self-attention: a sequence attends to itself. Cross-attention: queries come from "
      "one sequence (e.g. the translation being written) and keys/values from another "
      "(the source sentence).";
  // The long label with its help marker where both fit; the long label alone (the help as
  // the box's tooltip) where only it fits, as in a laptop's inputs column; a phone's column
  // gets the short label and the marker. One ID for both labels.
  const char* label = "Self-attention (same tokens for queries and keys)###self";
  const float box = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x;
  const float label_w = box + ImGui::CalcTextSize(label, nullptr, true).x;
  const float avail = ImGui::GetContentRegionAvail().x;
  const bool marker = label_w + help_marker_width() <= avail || label_w > avail;
  if (label_w > avail) label = "Self-attention###self";
  if (ImGui::Checkbox(label, &self)) {
    State next = app.state;
    std::string why;
    const bool ok = edit_set_self_attention(next, self, &why);
    apply_or_explain(app, ok, next, why);
  }
  if (marker)
    help_marker(kHelp);
  else
    help_tooltip(kHelp);
  if (self) {
    token_row(app, TokenSide::Both, "Tokens");
  } else {
    token_row(app, TokenSide::Query, "Queries");
    token_row(app, TokenSide::Key, "Keys / values");
  }
}

void widths_section(App& app) {
  int d = static_cast<int>(app.state.input.Q.cols()),
      d_v = static_cast<int>(app.state.input.V.cols());
  ImGui::SetNextItemWidth(110 * ui_scale());
  const bool dc = ImGui::SliderInt("d (q, k)", &d, 1, 8);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(110 * ui_scale());
  const bool vc = ImGui::SliderInt("d_v", &d_v, 1, 8);
  if (dc || vc) {
    State next = app.state;
    std::string why;
    const bool ok = edit_set_widths(next, d, d_v, &why);
    if (ok)
      edit_item(app, &next);
    else
      app.notice = why;
  } else {
    edit_item(app, nullptr);
  }
  help_marker(
      "d is the width of queries and keys, d_v the width of values (and so of the "
      "output). New dimensions start at 0.");
}

void randomize_section(App& app) {
  int& seed = app.view.random_seed;
  ImGui::SetNextItemWidth(110 * ui_scale());
  ImGui::InputInt("seed", &seed);
  ImGui::SameLine();
  if (ImGui::Button("Randomize Q, K, V")) {
    State next = app.state;
    edit_randomize(next, static_cast<std::uint64_t>(seed));
    app_apply(app, next);
  }
  help_marker(
      "Fills the matrices (and the scoring parameters) with normal random numbers. "
      "The same seed always gives the same numbers, on every computer.");
}

}  // namespace

// "tokens" and "matrices" are drawn unless the open lesson step hides them (lessons/program.h).
void panel_inputs(Program& prog) {
  App& app = prog.app;
  if (program_panel_visible(prog, Panel::Tokens)) {
    section_title("Tokens", "The sequence(s) attention works on.");
    tokens_section(app);
    widths_section(app);
    randomize_section(app);
  }
  if (!program_panel_visible(prog, Panel::Matrices)) return;
  section_title("Queries Q", "One row per query: what each token is looking for.");
  matrix_editor(app, MatrixId::Q, &app.state.query_tokens, "d");
  section_title("Keys K", "One row per key: what each token offers to be matched on.");
  matrix_editor(app, MatrixId::K, &app.state.key_tokens, "d");
  section_title("Values V", "One row per key: what each token hands over when attended to.");
  matrix_editor(app, MatrixId::V, &app.state.key_tokens, "v");
}

}  // namespace ap
