// The left column's upper half: how scores are computed and filtered — scoring kind and
// its parameters, temperature, mask, sparse pattern, heads and the output projection.
#include <algorithm>
#include <cmath>
#include <string>

#include "app/edits.h"
#include "imgui.h"
#include "ui/panels.h"
#include "ui/test_hooks.h"
#include "ui/widgets.h"

namespace ap {
namespace {

void scoring_combo(App& app) {
  const ScoringKindInfo& current = scoring_info(app.state.input.scoring.kind);
  ImGui::SetNextItemWidth(-FLT_MIN);
  const bool open = ImGui::BeginCombo("##scoring", current.label);
  test_hook_rect("scoring");  // test hook: lets browser tests find widgets
  if (open) {
    for (const ScoringKindInfo& k : kScoringKinds) {
      const bool chosen = ImGui::Selectable(k.label, k.kind == current.kind);
      test_hook_rect(std::string("scoring:") + k.id);  // test hook
      if (chosen) {
        State next = app.state;
        edit_set_scoring(next, k.kind);
        app_apply(app, next);
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("score = %s", k.formula);
    }
    ImGui::EndCombo();
  }
  mono_text(std::string("score = ") + current.formula);
  help_marker(current.help);
}

// The matrix editor of a scoring parameter, and the letter of its column headers.
MatrixId param_matrix(ScoringParam param) {
  switch (param) {
    case ScoringParam::W:
      return MatrixId::W;
    case ScoringParam::Wq:
      return MatrixId::Wq;
    case ScoringParam::Wk:
      return MatrixId::Wk;
    case ScoringParam::v:
      return MatrixId::v;
  }
  return MatrixId::W;
}

const char* column_letter(Dim dim) {
  switch (dim) {
    case Dim::QueryWidth:
      return "q";
    case Dim::KeyWidth:
      return "k";
    case Dim::Hidden:
      return "h";
  }
  return "";
}

// One editor per parameter of the kind's row (core/kinds.h); `a` is the hidden width.
void scoring_parameters(App& app) {
  for (ScoringParam param : scoring_info(app.state.input.scoring.kind).param_list()) {
    const ScoringParamInfo& info = scoring_param_info(param);
    ImGui::TextUnformatted(
        join({info.display, "  ", scoring_param_shape_text(param, false)}).c_str());
    if (info.rows == Dim::Hidden)
      help_marker("a is the width of the hidden layer (the length of v).");
    matrix_editor(app, param_matrix(param), nullptr, column_letter(info.cols));
  }
}

void temperature_slider(App& app) {
  float t = static_cast<float>(app.state.input.temperature);
  ImGui::SetNextItemWidth(-FLT_MIN);
  const bool changed = ImGui::SliderFloat("##temperature", &t, 0.05f, 20.0f, "temperature T = %.2f",
                                          ImGuiSliderFlags_Logarithmic);
  State next = app.state;
  next.input.temperature = t;
  edit_item(app, changed ? &next : nullptr);
  help_marker(
      "weights = softmax(scores ÷ T). Small T sharpens towards the single best key "
      "(argmax); large T flattens towards a uniform average.");
}

void mask_controls(App& app) {
  const MaskKindInfo& current = mask_info(app.state.input.mask.kind);
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (ImGui::BeginCombo("##mask", current.label)) {
    for (const MaskKindInfo& m : kMaskKinds) {
      if (ImGui::Selectable(m.label, m.kind == current.kind) && m.kind != current.kind) {
        State next = app.state;
        edit_set_mask_kind(next, m.kind);
        app_apply(app, next);
      }
    }
    ImGui::EndCombo();
  }
  if (app.state.input.mask.kind == MaskKind::Padding) {
    int len = app.state.input.mask.valid_length;
    ImGui::SetNextItemWidth(-FLT_MIN);
    const bool changed = ImGui::SliderInt(
        "##valid", &len, 0, static_cast<int>(app.state.input.K.rows()), "real keys: %d");
    State next = app.state;
    next.input.mask.valid_length = len;
    edit_item(app, changed ? &next : nullptr);
  }
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("Click a cell of the Masked view to switch it on or off.");
  ImGui::PopStyleColor();
}

// A checkbox that enables an integer sparse rule (core/kinds.h), and a slider for its value.
void optional_setting(App& app, SparsityRule rule, int off, int first, int hi, const char* format) {
  const SparsityRuleInfo& info = sparsity_info(rule);
  const int value = sparsity_value(app.state.input.sparsity, rule);
  bool on = value != off;
  State next = app.state;
  if (ImGui::Checkbox(info.label, &on)) {
    *sparsity_field(next.input.sparsity, rule) = on ? first : off;
    app_apply(app, next);
    return;
  }
  help_marker(info.help);
  if (!on) return;
  ImGui::SameLine();
  int v = value;
  ImGui::SetNextItemWidth(-FLT_MIN);
  const bool changed = ImGui::SliderInt((std::string("##") + info.label).c_str(), &v, info.least,
                                        std::max(info.least, hi), format);
  *sparsity_field(next.input.sparsity, rule) = v;
  edit_item(app, changed ? &next : nullptr);
}

void global_tokens(App& app) {
  const int n = static_cast<int>(std::max(app.state.input.Q.rows(), app.state.input.K.rows()));
  const SparsityRuleInfo& info = sparsity_info(SparsityRule::Global);
  ImGui::TextUnformatted(join({info.label, ":"}).c_str());
  help_marker(info.help);
  for (int t = 0; t < n; ++t) {
    const std::vector<int>& g = app.state.input.sparsity.global;
    bool on = std::find(g.begin(), g.end(), t) != g.end();
    const std::vector<std::string>& labels = t < static_cast<int>(app.state.key_tokens.size())
                                                 ? app.state.key_tokens
                                                 : app.state.query_tokens;
    const std::string label = labels[t] + "##global" + std::to_string(t);
    if (t > 0) ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < 60 * ui_scale()) ImGui::NewLine();
    if (ImGui::Checkbox(label.c_str(), &on)) {
      State next = app.state;
      std::vector<int>& list = next.input.sparsity.global;
      if (on)
        list.push_back(t);
      else
        list.erase(std::remove(list.begin(), list.end(), t), list.end());
      std::sort(list.begin(), list.end());
      app_apply(app, next);
    }
  }
}

// The rules in table order; each rule's own widget.
void sparsity_controls(App& app) {
  const int n = static_cast<int>(std::max(app.state.input.Q.rows(), app.state.input.K.rows()));
  const int n_k = static_cast<int>(app.state.input.K.rows());
  for (const SparsityRuleInfo& rule : kSparsityRules) {
    switch (rule.rule) {
      case SparsityRule::Window:
        optional_setting(app, rule.rule, -1, 1, n - 1, "|i − j| ≤ %d");
        break;
      case SparsityRule::Stride:
        optional_setting(app, rule.rule, 0, 2, n, "every %d");
        break;
      case SparsityRule::Global:
        global_tokens(app);
        break;
      case SparsityRule::TopK:
        optional_setting(app, rule.rule, 0, 2, n_k, "keep %d");
        break;
    }
  }
}

void heads_controls(App& app) {
  const AttentionInput& in = app.state.input;
  ImGui::TextUnformatted("Heads:");
  for (int h = 1; h <= 4; ++h) {
    if (in.Q.cols() % h || in.K.cols() % h || in.V.cols() % h) continue;
    ImGui::SameLine();
    if (ImGui::RadioButton(std::to_string(h).c_str(), in.heads == h)) {
      State next = app.state;
      std::string why;
      if (edit_set_heads(next, h, &why))
        app_apply(app, next);
      else
        app.notice = why;
    }
  }
  help_marker(
      "Q, K and V are split into h column blocks; each head attends on its own block "
      "and the head outputs are concatenated. Only splits that divide d and d_v are offered.");
  bool projection = in.Wo.size() > 0;
  if (ImGui::Checkbox("Output projection W_o", &projection)) {
    State next = app.state;
    next.input.Wo = projection ? Matrix(Matrix::Identity(in.V.cols(), in.V.cols())) : Matrix();
    app_apply(app, next);
  }
  help_marker("output = concat(heads) · W_o, as in a transformer's attention layer.");
  if (projection) matrix_editor(app, MatrixId::Wo, nullptr, "o");
}

}  // namespace

// Each section is drawn unless the open lesson step hides it (lessons/program.h).
void panel_scoring(Program& prog) {
  App& app = prog.app;
  if (program_panel_visible(prog, Panel::Scoring)) {
    section_title("Scoring", "How much does query q match key k? Each kind is one answer.");
    scoring_combo(app);
    scoring_parameters(app);
    temperature_slider(app);
  }
  if (program_panel_visible(prog, Panel::Mask)) {
    section_title("Mask", "Masks decide which keys a query may look at before the softmax.");
    mask_controls(app);
  }
  if (program_panel_visible(prog, Panel::Sparsity)) {
    section_title("Sparse patterns",
                  "Keep only some query–key pairs, to save work on long sequences.");
    sparsity_controls(app);
  }
  if (program_panel_visible(prog, Panel::Heads)) {
    section_title("Heads");
    heads_controls(app);
  }
}

}  // namespace ap
