// The induction view: train a tiny transformer (src/models/transformer.h) in the page on
// repeated sequences and watch its heads specialise. Settings (scoring kind, seed, layers),
// Train / Pause / Reset, the loss and continuation-accuracy curves, each head's
// previous-token and induction score over training, every head's live attention map over a
// chosen held-out sequence (tokens as labels) with "Open in playground" for each head,
// per-head ablation checkboxes with the accuracy they leave, and the circuit: the
// previous-token head's output cut from layer 2's keys, queries or values. Training runs in
// induction_frame() (src/app/induction_session.h), a bounded slice per frame, which
// app_models_frame (src/app/app.h) calls before the panels are drawn.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "app/induction_session.h"
#include "imgui.h"
#include "ui/fonts.h"
#include "ui/heatmap_widget.h"
#include "ui/palette.h"
#include "ui/panels.h"
#include "ui/plot.h"
#include "ui/test_hooks.h"
#include "ui/widgets.h"

namespace ap {
namespace {

const ScoringKind kKinds[] = {ScoringKind::ScaledDot, ScoringKind::Dot, ScoringKind::General,
                              ScoringKind::Additive};

ImU32 head_color(int k) {
  return palette::series(k);
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
              s.running ? s.clock.steps_per_second : 0.0, tr.model().parameter_count());
  const char* reserve =
      "continuation accuracy 100\u00a0% (the second copy's tokens 2 … L, held-out)";
  if (const models::InductionEval* ev = induction_last_eval(s))
    status_line(reserve, false,
                "continuation accuracy %.0f\u00a0%% (the second copy's tokens 2 … L, held-out)",
                100 * ev->accuracy);
  else
    status_line(reserve, true, "accuracy and head scores: measured every 20 steps");
}

// A box of height h with curves y(point) ∈ [0, 1] over x = step / steps.
template <class F>
void plot(const char* title, const char* hook, const InductionSession& s, int curves, F value) {
  const float w = ImGui::GetContentRegionAvail().x, h = 5 * ImGui::GetFontSize();
  ImGui::TextColored(color_accent(), "%s", title);
  const PlotBox box = plot_box(w, h);
  for (int k = 0; k < curves; ++k)
    plot_curve(
        box, s.trainer->curve(), s.trainer->config().steps,
        [&](const models::InductionPoint& pt) { return value(pt, k); }, head_color(k),
        1.5f * ui_scale());
  test_hook_rect(hook);
}

void head_legend(const models::TransformerConfig& mc) {
  for (int l = 0; l < mc.layers; ++l)
    for (int h = 0; h < mc.heads; ++h) {
      const int k = l * mc.heads + h;
      if (k > 0)
        plot_legend_after(head_color(k), head_name(l, h).c_str());
      else
        plot_legend(head_color(k), head_name(l, h).c_str());
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

// "Open in playground": this head's Q, K, V over the shown sequence become the playground's.
void open_button(App& app, InductionSession& s, int layer, int head) {
  const std::string name = head_name(layer, head);
  if (ImGui::SmallButton(("Open in playground##" + name).c_str())) {
    const Decoded<State> st = induction_playground_state(s, layer, head);
    if (st.ok()) {
      app_apply(app, *st.value);
      s.running = false;
    } else {
      app.notice = st.error;
    }
  }
  test_hook_rect("induction.open." + name);
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

// "L = 5 · predicted:" and the scored predictions token by token (✓ right, ✗ wrong in the
// warning colour), wrapped to the width there is: eight tokens do not fit a phone's line.
void continuation(const induction::Sequence& seq, const std::vector<int>& pred) {
  ImGui::BeginGroup();
  ImGui::PushFont(font_mono());
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  ImGui::Text("L = %d · predicted:", seq.segment);
  for (int i = seq.segment; i < 2 * seq.segment - 1; ++i) {
    const int p = pred[static_cast<std::size_t>(i)];
    const bool right_token = p == seq.tokens[static_cast<std::size_t>(i) + 1];
    const std::string item =
        (p >= 0 ? induction::token_name(p) : std::string("?")) + (right_token ? "✓" : "✗");
    ImGui::SameLine();
    if (ImGui::GetCursorScreenPos().x + ImGui::CalcTextSize(item.c_str()).x > right)
      ImGui::NewLine();
    if (right_token)
      ImGui::TextUnformatted(item.c_str());
    else
      ImGui::TextColored(color_warning(), "%s", item.c_str());
  }
  ImGui::PopFont();
  ImGui::EndGroup();
  test_hook_rect("induction.predicted");
}

void heads_view(App& app, InductionSession& s) {
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
  continuation(seq, models::greedy_predictions(s.shown));
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
        open_button(app, s, l, h);
      }
      ImGui::EndTable();
    }
  }
  if (induction_any_ablated(s) && s.ablated_accuracy >= 0)
    ImGui::TextColored(color_warning(), "accuracy with the ablated heads zeroed: %.0f %%",
                       100 * s.ablated_accuracy);
}

// A box with two centred lines of text, its top-left at p.
void circuit_box(ImDrawList* dl, ImVec2 p, ImVec2 size, ImU32 color, const std::string& a,
                 const std::string& b) {
  const float font = ImGui::GetFontSize();
  dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), IM_COL32(34, 37, 44, 255), 4);
  dl->AddRect(p, ImVec2(p.x + size.x, p.y + size.y), color, 4, 0, 2 * ui_scale());
  for (int i = 0; i < 2; ++i) {
    const std::string& t = i == 0 ? a : b;
    const float tw = ImGui::CalcTextSize(t.c_str()).x;
    dl->AddText(ImVec2(p.x + (size.x - tw) / 2, p.y + 0.25f * font + static_cast<float>(i) * font),
                ImGui::GetColorU32(ImGuiCol_Text), t.c_str());
  }
}

void arrow(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 color, float thick) {
  dl->AddLine(a, b, color, thick);
  const float s = 2.5f * thick, dir = b.y < a.y ? 1.0f : -1.0f;
  dl->AddTriangleFilled(b, ImVec2(b.x - s, b.y + dir * 1.6f * s),
                        ImVec2(b.x + s, b.y + dir * 1.6f * s), color);
}

// P (layer 1) writes into the residual stream; I (layer 2) reads the stream through its
// queries, keys and values; the K path, the one the circuit needs, in the accent colour.
void circuit_diagram(const InductionSession& s) {
  const InductionCircuit& c = s.circuit;
  const int heads = s.trainer->model().config().heads;
  const float font = ImGui::GetFontSize(), w = ImGui::GetContentRegionAvail().x;
  const float h = 6.2f * font, thick = 1.5f * ui_scale();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const ImU32 muted = IM_COL32(110, 116, 130, 255), accent = ImGui::GetColorU32(color_accent());
  const float stream_y = p0.y + h - 1.4f * font;
  dl->AddLine(ImVec2(p0.x, stream_y), ImVec2(p0.x + w, stream_y), muted, 3 * thick);
  dl->AddText(ImVec2(p0.x, stream_y + 0.3f * font), ImGui::GetColorU32(color_muted()),
              "residual stream");
  const ImVec2 box(std::min(9.0f * font, 0.4f * w), 2.4f * font);
  const ImVec2 pp(p0.x + 0.04f * w, p0.y), ip(p0.x + 0.96f * w - box.x, p0.y);
  const std::size_t kp = static_cast<std::size_t>(c.prev_head);
  const std::size_t ki = static_cast<std::size_t>(heads) + static_cast<std::size_t>(c.ind_head);
  char line[64];
  std::snprintf(line, sizeof line, "prev-token %.2f", c.whole.previous_token[kp]);
  circuit_box(dl, pp, box, head_color(c.prev_head), head_name(0, c.prev_head), line);
  std::snprintf(line, sizeof line, "induction %.2f", c.whole.induction[ki]);
  circuit_box(dl, ip, box, head_color(heads + c.ind_head), head_name(1, c.ind_head), line);
  // P writes: its output joins the stream.
  const float px = pp.x + box.x / 2;
  arrow(dl, ImVec2(px, pp.y + box.y), ImVec2(px, stream_y), accent, 2 * thick);
  // I reads the stream through Q, K and V.
  const char* ports[] = {"Q", "K", "V"};
  for (int i = 0; i < 3; ++i) {
    const float x = ip.x + box.x * (0.2f + 0.3f * static_cast<float>(i));
    const bool key = i == 1;
    arrow(dl, ImVec2(x, stream_y), ImVec2(x, ip.y + box.y), key ? accent : muted,
          key ? 2 * thick : thick);
    // The label left of its arrow, clear of the arrowhead.
    dl->AddText(
        ImVec2(x - 0.3f * font - ImGui::CalcTextSize(ports[i]).x, ip.y + box.y + 0.6f * font),
        key ? accent : ImGui::GetColorU32(color_muted()), ports[i]);
  }
  // The K-composition path along the stream.
  dl->AddLine(ImVec2(px, stream_y), ImVec2(ip.x + box.x * 0.5f, stream_y), accent, 3 * thick);
  ImGui::Dummy(ImVec2(w, h + 0.6f * font));
  test_hook_rect("induction.circuit");
}

void circuit_table(const InductionSession& s) {
  const InductionCircuit& c = s.circuit;
  const int heads = s.trainer->model().config().heads;
  const std::size_t ki = static_cast<std::size_t>(heads) + static_cast<std::size_t>(c.ind_head);
  const std::string p = head_name(0, c.prev_head), i = head_name(1, c.ind_head);
  ImGui::TextWrapped("%s's output removed from the stream that layer 2 reads for:", p.c_str());
  if (!ImGui::BeginTable("##induction_circuit", 3, ImGuiTableFlags_Borders)) return;
  ImGui::TableSetupColumn("removed from", ImGuiTableColumnFlags_WidthStretch, 2.0f);
  ImGui::TableSetupColumn("accuracy", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn(i.c_str(), ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableHeadersRow();
  const struct {
    const char* label;
    const models::InductionEval* ev;
  } rows[] = {{"nothing", &c.whole},
              {"its keys", &c.keys},
              {"its queries", &c.queries},
              {"its values", &c.values},
              {"keys, all layer-1 heads", &c.layer_keys}};
  for (const auto& r : rows) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (r.ev == &c.keys || r.ev == &c.layer_keys)
      ImGui::TextColored(color_accent(), "%s", r.label);
    else
      ImGui::TextUnformatted(r.label);
    ImGui::TableNextColumn();
    ImGui::Text("%.0f %%", 100 * r.ev->accuracy);
    ImGui::TableNextColumn();
    ImGui::Text("%.2f", r.ev->induction[ki]);
  }
  ImGui::EndTable();
  test_hook_rect("induction.circuit_table");
}

void circuit_view(InductionSession& s) {
  const models::InductionTrainer& tr = *s.trainer;
  section_title("The circuit: attention on attention",
                "K-composition. Layer 1's previous-token head copies each token's predecessor "
                "into the residual stream. Layer 2's induction head compares its query (the "
                "current token) with keys that now say 'my predecessor was …', so it finds the "
                "position right after the earlier copy and copies that token. Below, that "
                "head's output is removed from the stream layer 2 reads, for its keys only, "
                "its queries only or its values only.");
  if (tr.model().config().layers < 2) {
    ImGui::TextWrapped(
        "One layer has no earlier head to write each token's predecessor into the stream: a "
        "key knows only its own token and position, so no query can ask for 'the token after "
        "the earlier copy of me'. Compare its accuracy with two layers (Layers, then Reset).");
    return;
  }
  const InductionCircuit& c = s.circuit;
  if (c.step < 0) return;
  circuit_diagram(s);
  circuit_table(s);
  const int heads = tr.model().config().heads;
  const std::size_t ki = static_cast<std::size_t>(heads) + static_cast<std::size_t>(c.ind_head);
  ImGui::TextWrapped(
      "Cut %s from layer 2's keys and %s loses its target: induction %.2f → %.2f, accuracy "
      "%.0f %% → %.0f %%. Cut from the queries instead: %.0f %%; from the values: %.0f %%. One "
      "layer cannot do this: nothing before it writes the predecessor.",
      head_name(0, c.prev_head).c_str(), head_name(1, c.ind_head).c_str(), c.whole.induction[ki],
      c.keys.induction[ki], 100 * c.whole.accuracy, 100 * c.keys.accuracy, 100 * c.queries.accuracy,
      100 * c.values.accuracy);
  if (c.step != tr.steps_done())
    ImGui::TextColored(color_muted(), "Measured at step %d; Pause to measure again.", c.step);
  else if (c.ablation)
    ImGui::TextColored(color_warning(), "Measured with the ablated heads zeroed.");
}

}  // namespace

void panel_induction_controls(App& app) {
  InductionSession& s = app.induction;
  induction_ensure(s);
  ImGui::PushID("induction");
  buttons(s);
  ImGui::PopID();
}

void panel_induction(App& app, bool with_controls) {
  InductionSession& s = app.induction;
  induction_ensure(s);
  ImGui::PushID("induction");
  section_title("Train a transformer: induction heads",
                "A 2-layer attention-only transformer learns to continue a repeated sequence "
                "(a segment of 4 to 8 distinct tokens, then the same again) from random weights, "
                "here in the page. Watch one layer-1 head learn to look one token back and one "
                "layer-2 head learn to look just after the earlier copy of the current token.");
  settings(s);
  if (with_controls) buttons(s);
  curves(s);
  ImGui::Separator();
  heads_view(app, s);
  ImGui::Separator();
  circuit_view(s);
  if (ImGui::Button("Close the induction view")) s.open = false;
  ImGui::Separator();
  ImGui::PopID();
}

}  // namespace ap
