// The left column's upper half: how scores are computed and filtered — scoring kind and
// its parameters, temperature, mask, sparse pattern, heads and the output projection.
#include <algorithm>
#include <cmath>
#include <string>

#include "app/edits.h"
#include "imgui.h"
#include "ui/lesson_ui.h"
#include "ui/panels.h"
#include "ui/test_hooks.h"
#include "ui/widgets.h"

namespace ap {
namespace {

struct KindInfo {
  ScoringKind kind;
  const char* label;
  const char* formula;
  const char* help;
};

const KindInfo kKinds[] = {
    {ScoringKind::ScaledDot, "Scaled dot-product", "score = qᵀk ÷ √d_k",
     "Vaswani et al. 2017. Dividing by √d_k keeps the scores' variance near 1 as d grows, so the "
     "softmax does not saturate and its gradient does not vanish."},
    {ScoringKind::Dot, "Multiplicative (dot)", "score = qᵀk",
     "Luong et al. 2015. Large when q and k point the same way; no parameters."},
    {ScoringKind::General, "General (bilinear)", "score = qᵀ W k",
     "Luong et al. 2015. A learned matrix W decides which directions of q match which of k; q "
     "and k may have different widths."},
    {ScoringKind::Additive, "Additive (Bahdanau)", "score = vᵀ tanh(W_q q + W_k k)",
     "Bahdanau et al. 2015. A one-hidden-layer network scores each query–key pair."},
};

const KindInfo& info(ScoringKind kind) {
  for (const KindInfo& k : kKinds)
    if (k.kind == kind) return k;
  return kKinds[0];
}

void scoring_combo(App& app) {
  const KindInfo& current = info(app.state.input.scoring.kind);
  ImGui::SetNextItemWidth(-FLT_MIN);
  const bool open = ImGui::BeginCombo("##scoring", current.label);
  test_hook_rect("scoring");  // test hook: lets browser tests find widgets
  if (open) {
    for (const KindInfo& k : kKinds) {
      const bool chosen = ImGui::Selectable(k.label, k.kind == current.kind);
      test_hook_rect(std::string("scoring:") + scoring_name(k.kind));  // test hook
      if (chosen) {
        State next = app.state;
        edit_set_scoring(next, k.kind);
        app_apply(app, next);
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", k.formula);
    }
    ImGui::EndCombo();
  }
  mono_text(current.formula);
  help_marker(current.help);
}

void scoring_parameters(App& app) {
  const ScoringKind kind = app.state.input.scoring.kind;
  if (kind == ScoringKind::General) {
    ImGui::TextUnformatted("W  (d × d_k)");
    matrix_editor(app, MatrixId::W, nullptr, "k");
  }
  if (kind == ScoringKind::Additive) {
    ImGui::TextUnformatted("W_q  (hidden × d)");
    matrix_editor(app, MatrixId::Wq, nullptr, "q");
    ImGui::TextUnformatted("W_k  (hidden × d_k)");
    matrix_editor(app, MatrixId::Wk, nullptr, "k");
    ImGui::TextUnformatted("v  (hidden)");
    matrix_editor(app, MatrixId::v, nullptr, "h");
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
  static const char* names[] = {"No mask", "Causal", "Padding", "Custom (click cells)"};
  int kind = static_cast<int>(app.state.input.mask.kind);
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (ImGui::Combo("##mask", &kind, names, 4)) {
    State next = app.state;
    edit_set_mask_kind(next, static_cast<MaskKind>(kind));
    app_apply(app, next);
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
  ImGui::TextDisabled("Click a cell of the Masked view to switch it on or off.");
}

// A checkbox that enables an integer sparsity setting, and a slider for its value.
void optional_setting(App& app, const char* label, int SparsitySpec::*field, int off, int first,
                      int lo, int hi, const char* format, const char* help) {
  const int value = app.state.input.sparsity.*field;
  bool on = value != off;
  State next = app.state;
  if (ImGui::Checkbox(label, &on)) {
    next.input.sparsity.*field = on ? first : off;
    app_apply(app, next);
    return;
  }
  help_marker(help);
  if (!on) return;
  ImGui::SameLine();
  int v = value;
  ImGui::SetNextItemWidth(-FLT_MIN);
  const bool changed =
      ImGui::SliderInt((std::string("##") + label).c_str(), &v, lo, std::max(lo, hi), format);
  next.input.sparsity.*field = v;
  edit_item(app, changed ? &next : nullptr);
}

void global_tokens(App& app) {
  const int n = static_cast<int>(std::max(app.state.input.Q.rows(), app.state.input.K.rows()));
  ImGui::TextUnformatted("Global tokens:");
  help_marker(
      "A global token attends to every token and every token attends to it "
      "(Longformer, BigBird). Combined with the other patterns as a union.");
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

void sparsity_controls(App& app) {
  const int n = static_cast<int>(std::max(app.state.input.Q.rows(), app.state.input.K.rows()));
  optional_setting(app, "Sliding window", &SparsitySpec::window, -1, 1, 0, n - 1, "|i − j| ≤ %d",
                   "Each query keeps only keys within this distance of its own position.");
  optional_setting(app, "Strided", &SparsitySpec::stride, 0, 2, 1, n, "every %d",
                   "Keeps keys whose distance from the query is a multiple of the stride "
                   "(Sparse Transformer).");
  global_tokens(app);
  optional_setting(app, "Top-k", &SparsitySpec::top_k, 0, 2, 1,
                   static_cast<int>(app.state.input.K.rows()), "keep %d",
                   "After the other patterns, each query keeps only its k highest scores.");
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

// Each section is drawn unless the open lesson step hides it (lesson_ui.h).
void panel_scoring(App& app) {
  if (ui_panel_visible("scoring")) {
    section_title("Scoring", "How much does query q match key k? Four classic answers.");
    scoring_combo(app);
    scoring_parameters(app);
    temperature_slider(app);
  }
  if (ui_panel_visible("mask")) {
    section_title("Mask", "Masks decide which keys a query may look at before the softmax.");
    mask_controls(app);
  }
  if (ui_panel_visible("sparsity")) {
    section_title("Sparse patterns",
                  "Keep only some query–key pairs, to save work on long sequences.");
    sparsity_controls(app);
  }
  if (ui_panel_visible("heads")) {
    section_title("Heads");
    heads_controls(app);
  }
}

}  // namespace ap
