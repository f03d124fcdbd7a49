// The induction view: train a tiny transformer (src/models/transformer.h) in the page on
// repeated sequences and watch its heads specialise. Settings (scoring kind, seed, layers),
// Train / Pause / Reset, the loss and continuation-accuracy curves, each head's
// previous-token and induction score over training, every head's live attention map over a
// chosen held-out sequence (tokens as labels), and per-head ablation checkboxes with the
// accuracy they leave. Training runs in induction_frame() (src/app/induction_session.h), a
// bounded slice per frame.
#include <algorithm>
#include <cmath>
#include <string>

#include "app/induction_session.h"
#include "imgui.h"
#include "ui/fonts.h"
#include "ui/heatmap_widget.h"
#include "ui/panels.h"
#include "ui/test_hooks.h"
#include "ui/widgets.h"

namespace ap {
namespace {

const ScoringKind kKinds[] = {ScoringKind::ScaledDot, ScoringKind::Dot, ScoringKind::General,
                              ScoringKind::Additive};

ImU32 head_color(int k) {
  static const ImU32 colors[] = {IM_COL32(230, 159, 0, 255),  IM_COL32(86, 180, 233, 255),
                                 IM_COL32(0, 158, 115, 255),  IM_COL32(204, 121, 167, 255),
                                 IM_COL32(240, 228, 66, 255), IM_COL32(213, 94, 0, 255),
                                 IM_COL32(0, 114, 178, 255),  IM_COL32(170, 170, 170, 255)};
  return colors[static_cast<std::size_t>(k) % (sizeof colors / sizeof colors[0])];
}

std::string head_name(int layer, int head) {
  return "L" + std::to_string(layer + 1) + "H" + std::to_string(head + 1);
}

void settings(InductionSession& s) {
  ImGui::SetNextItemWidth(12 * ImGui::GetFontSize());
  if (ImGui::BeginCombo("Scoring##induction", scoring_name(s.scoring))) {
    for (ScoringKind k : kKinds)
      if (ImGui::Selectable(scoring_name(k), k == s.scoring)) s.scoring = k;
    ImGui::EndCombo();
  }
  test_hook_rect("induction.scoring");
  ImGui::SetNextItemWidth(6 * ImGui::GetFontSize());
  ImGui::InputInt("Seed##induction", &s.seed);
  s.seed = std::clamp(s.seed, 0, 1000000);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(6 * ImGui::GetFontSize());
  ImGui::SliderInt("Layers##induction", &s.layers, 1, 2);
  ImGui::SameLine();
  help_marker(
      "Two layers can chain a previous-token head (layer 1) into an induction head (layer 2). "
      "One layer cannot: try it and compare the accuracy.");
  const auto& cfg = s.trainer->config();
  const bool differ = cfg.seed != static_cast<std::uint64_t>(s.seed) ||
                      cfg.model.scoring != s.scoring || cfg.model.layers != s.layers;
  if (differ) ImGui::TextColored(color_muted(), "New settings apply at Reset.");
}

void buttons(InductionSession& s) {
  if (s.running) {
    if (ImGui::Button("Pause##induction")) s.running = false;
    test_hook_rect("induction.pause");
  } else {
    ImGui::BeginDisabled(s.trainer->done());
    if (ImGui::Button("Train##induction")) s.running = true;
    test_hook_rect("induction.train");
    ImGui::EndDisabled();
  }
  ImGui::SameLine();
  if (ImGui::Button("Reset##induction")) induction_reset(s);
  test_hook_rect("induction.reset");
  const models::InductionTrainer& tr = *s.trainer;
  ImGui::Text("step %d / %d · %.0f steps/s · %lld parameters", tr.steps_done(), tr.config().steps,
              s.running ? s.steps_per_second : 0.0, tr.model().parameter_count());
  if (const models::InductionEval* ev = induction_last_eval(s))
    ImGui::Text("continuation accuracy %.0f %% (positions L … 2L − 2 of held-out sequences)",
                100 * ev->accuracy);
  else
    ImGui::TextColored(color_muted(), "accuracy and head scores: measured every 10 steps");
}

// A box of height h with curves y(point) ∈ [0, 1] over x = step / steps.
template <class F>
void plot(const char* title, const char* hook, const InductionSession& s, int curves, F value) {
  const float w = ImGui::GetContentRegionAvail().x, h = 5 * ImGui::GetFontSize();
  ImGui::TextColored(color_accent(), "%s", title);
  const ImVec2 p0 = ImGui::GetCursorScreenPos(), p1(p0.x + w, p0.y + h);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p0, p1, IM_COL32(24, 26, 31, 255));
  dl->AddRect(p0, p1, IM_COL32(80, 84, 96, 255));
  for (int g = 1; g < 4; ++g) {
    const float y = p0.y + h * static_cast<float>(g) / 4.0f;
    dl->AddLine(ImVec2(p0.x, y), ImVec2(p1.x, y), IM_COL32(50, 54, 62, 255));
  }
  const float steps = static_cast<float>(std::max(1, s.trainer->config().steps));
  for (int k = 0; k < curves; ++k) {
    ImVec2 prev;
    bool have = false;
    for (const models::InductionPoint& pt : s.trainer->curve()) {
      const double y = value(pt, k);
      if (y < 0) continue;
      const ImVec2 p(p0.x + w * static_cast<float>(pt.step) / steps,
                     p1.y - h * static_cast<float>(std::clamp(y, 0.0, 1.0)));
      if (have) dl->AddLine(prev, p, head_color(k), 1.5f * ui_scale());
      prev = p;
      have = true;
    }
  }
  ImGui::Dummy(ImVec2(w, h));
  test_hook_rect(hook);
}

void head_legend(const models::TransformerConfig& mc) {
  const float font = ImGui::GetFontSize();
  for (int l = 0; l < mc.layers; ++l)
    for (int h = 0; h < mc.heads; ++h) {
      const int k = l * mc.heads + h;
      if (k > 0) ImGui::SameLine();
      const ImVec2 p = ImGui::GetCursorScreenPos();
      ImGui::GetWindowDrawList()->AddRectFilled(
          ImVec2(p.x, p.y + font * 0.3f), ImVec2(p.x + font, p.y + font * 0.7f), head_color(k));
      ImGui::Dummy(ImVec2(font * 1.2f, font));
      ImGui::SameLine();
      ImGui::TextUnformatted(head_name(l, h).c_str());
    }
}

void curves(InductionSession& s) {
  const models::TransformerConfig& mc = s.trainer->model().config();
  const int heads = mc.layers * mc.heads;
  // Loss from 0 to 3 nats (ln 16 ≈ 2.77 is a uniform guess).
  plot("Training loss (0 … 3 nats per token)", "induction.loss_plot", s, 1,
       [](const models::InductionPoint& p, int) { return p.loss / 3.0; });
  plot("Continuation accuracy (0 … 100 %)", "induction.accuracy_plot", s, 1,
       [](const models::InductionPoint& p, int) { return p.evaluated ? p.eval.accuracy : -1.0; });
  plot("Previous-token score of each head (0 … 1)", "induction.prev_plot", s, heads,
       [](const models::InductionPoint& p, int k) {
         return p.evaluated ? p.eval.previous_token[static_cast<std::size_t>(k)] : -1.0;
       });
  plot("Induction score of each head (0 … 1)", "induction.ind_plot", s, heads,
       [](const models::InductionPoint& p, int k) {
         return p.evaluated ? p.eval.induction[static_cast<std::size_t>(k)] : -1.0;
       });
  head_legend(mc);
}

void head_map(InductionSession& s, int layer, int head, float cell) {
  const Matrix& A = models::Transformer::attention(s.shown, layer, head);
  HeatmapSpec spec;
  spec.values = &A;
  spec.row_labels = &s.labels;
  spec.col_labels = &s.labels;
  spec.fixed_range = true;
  spec.lo = 0;
  spec.hi = 1;
  spec.cell_size = cell;
  spec.number_format = nullptr;
  spec.show_legend = false;
  const std::string id = "induction.map." + head_name(layer, head);
  const HeatmapEvent ev = heatmap_widget(id.c_str(), spec);
  test_hook_rect(id);
  if (ev.hovered_row >= 0 && ev.hovered_col >= 0) {
    ImGui::BeginTooltip();
    ImGui::Text("%s: query %d (%s) puts weight %.3f on key %d (%s)", head_name(layer, head).c_str(),
                ev.hovered_row, s.labels[static_cast<std::size_t>(ev.hovered_row)].c_str(),
                A(ev.hovered_row, ev.hovered_col), ev.hovered_col,
                s.labels[static_cast<std::size_t>(ev.hovered_col)].c_str());
    ImGui::EndTooltip();
  }
}

void heads_view(InductionSession& s) {
  const models::InductionTrainer& tr = *s.trainer;
  const models::TransformerConfig& mc = tr.model().config();
  section_title("Every head's attention on a held-out sequence",
                "Rows: queries, columns: keys, over a segment and its repeat. A previous-token "
                "head lights the diagonal just below the main one; an induction head, in the "
                "second half, lights the key right after the earlier copy of the current token.");
  const int n = static_cast<int>(tr.heldout().size());
  ImGui::SetNextItemWidth(10 * ImGui::GetFontSize());
  if (ImGui::SliderInt("sequence##induction", &s.sequence, 0, n - 1)) s.shown_dirty = true;
  test_hook_rect("induction.sequence");
  const induction::Sequence& seq = tr.heldout()[static_cast<std::size_t>(s.sequence)];
  const std::vector<int> pred = models::greedy_predictions(s.shown);
  std::string line = "predicted: ";
  for (int i = seq.segment; i < 2 * seq.segment - 1; ++i) {
    const int p = pred[static_cast<std::size_t>(i)];
    line += (p >= 0 ? induction::token_name(p) : std::string("?")) +
            (p == seq.tokens[static_cast<std::size_t>(i) + 1] ? "✓ " : "✗ ");
  }
  mono_text("L = " + std::to_string(seq.segment) + " · " + line);
  const float avail = ImGui::GetContentRegionAvail().x;
  const float cell = std::clamp((avail / static_cast<float>(mc.heads) - 4 * ImGui::GetFontSize()) /
                                    static_cast<float>(seq.tokens.size()),
                                2.0f, 1.4f * ImGui::GetFontSize());
  const models::InductionEval* ev = induction_last_eval(s);
  for (int l = 0; l < mc.layers; ++l) {
    if (ImGui::BeginTable(("##induction_layer" + std::to_string(l)).c_str(), mc.heads)) {
      ImGui::TableNextRow();
      for (int h = 0; h < mc.heads; ++h) {
        ImGui::TableNextColumn();
        const std::size_t k = static_cast<std::size_t>(l) * static_cast<std::size_t>(mc.heads) +
                              static_cast<std::size_t>(h);
        bool ablated = tr.model().ablated(l, h);
        const std::string label = "ablate " + head_name(l, h);
        if (ImGui::Checkbox(label.c_str(), &ablated)) induction_set_ablated(s, l, h, ablated);
        test_hook_rect("induction.ablate." + head_name(l, h));
        if (ev)
          ImGui::TextColored(color_muted(), "prev %.2f · ind %.2f", ev->previous_token[k],
                             ev->induction[k]);
        head_map(s, l, h, cell);
      }
      ImGui::EndTable();
    }
  }
  if (induction_any_ablated(s) && s.ablated_accuracy >= 0)
    ImGui::TextColored(color_warning(), "accuracy with the ablated heads zeroed: %.0f %%",
                       100 * s.ablated_accuracy);
}

}  // namespace

void panel_induction(App& app) {
  InductionSession& s = app.induction;
  // Training runs here, a bounded slice per frame (s.slice_seconds), while it runs.
  induction_frame(s);
  ImGui::PushID("induction");
  section_title("Train a transformer: induction heads",
                "A 2-layer attention-only transformer learns to continue a repeated sequence "
                "(a segment of 4 to 8 distinct tokens, then the same again) from random weights, "
                "here in the page. Watch one layer-1 head learn to look one token back and one "
                "layer-2 head learn to look just after the earlier copy of the current token.");
  settings(s);
  buttons(s);
  curves(s);
  ImGui::Separator();
  heads_view(s);
  if (ImGui::Button("Close the induction view")) s.open = false;
  ImGui::Separator();
  ImGui::PopID();
}

}  // namespace ap
