// The vector plane: when queries and keys are two-dimensional (d = d_k = 2, one head),
// every query and key is an arrow from the origin whose tip can be dragged to edit Q or K
// live (one undo step per drag), with key arrows as strong as the selected query's weight
// on them and that query's output drawn dashed. Weights are read from app.result; nothing
// is computed here but screen geometry. Otherwise it shows one line offering d = 2.
#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "app/edits.h"
#include "app/explain.h"
#include "imgui.h"
#include "ui/fonts.h"
#include "ui/palette.h"
#include "ui/panels.h"
#include "ui/widgets.h"

namespace ap {
namespace {

// [SECTION] View state, colours, geometry
// [SECTION] Drawing: grid, arrows, labels, legend
// [SECTION] Arrows of the current state
// [SECTION] Interaction: hit test, drag, tooltip
// [SECTION] Panel

// Okabe–Ito, lightened a little for the dark background: blue queries, orange keys,
// yellow output — apart for every common colour-vision deficiency.
constexpr ImU32 kQueryColor = IM_COL32(70, 160, 230, 255);
constexpr ImU32 kKeyColor = palette::kOrange;
constexpr ImU32 kOutputColor = palette::kYellow;

// Which arrow a handle moves.
struct Handle {
  bool query = true;
  int index = -1;
};

// The view state that is not part of the State (the extent, the drag in progress) is
// app.view.plane (app/view_state.h).

// Screen mapping of one frame: origin at the centre, y up.
struct Plane {
  ImVec2 min, max, center;
  float ppu;      // pixels per vector unit
  double extent;  // half-width of the visible square in vector units (app.view.plane)
};

ImVec2 to_screen(const Plane& p, double x, double y) {
  return ImVec2(p.center.x + static_cast<float>(x) * p.ppu,
                p.center.y - static_cast<float>(y) * p.ppu);
}

ImU32 with_alpha(ImU32 col, float alpha) {
  ImVec4 c = ImGui::ColorConvertU32ToFloat4(col);
  c.w *= std::clamp(alpha, 0.0f, 1.0f);
  return ImGui::ColorConvertFloat4ToU32(c);
}

// 1, 2 or 5 × 10ⁿ: about four grid lines on each side of the origin.
double grid_step(double extent) {
  const double raw = extent / 4, mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double norm = raw / mag;
  return (norm < 1.5 ? 1 : norm < 3.5 ? 2 : norm < 7.5 ? 5 : 10) * mag;
}

bool shows_output(const App& app) {
  return app.state.input.V.cols() == 2 && app.result.heads[0].output.cols() == 2;
}

// Fits every tip (and the output) with a margin, rounded up to whole grid steps.
double fit_extent(const App& app) {
  const AttentionInput& in = app.state.input;
  double m = std::max(in.Q.cwiseAbs().maxCoeff(), in.K.cwiseAbs().maxCoeff());
  if (shows_output(app)) m = std::max(m, app.result.heads[0].output.cwiseAbs().maxCoeff());
  m = std::isfinite(m) ? std::max(m * 1.15, 0.5) : 1.0;
  const double step = grid_step(m);
  return std::ceil(m / step - 1e-9) * step;
}

// [SECTION] Drawing ---------------------------------------------------------------------

// Tick values of the inner grid lines along the bottom and left edges, small and muted,
// where they do not cover the arrows near the origin.
void draw_ticks(ImDrawList* dl, const Plane& p, double step, int n) {
  const float s = ui_scale(), size = font_mono()->FontSize * 0.8f;
  const ImU32 col = IM_COL32(160, 165, 175, 170);
  for (int k = 1 - n; k < n; ++k) {
    if (k == 0 || (n > 3 && k % 2 != 0)) continue;
    const std::string t = fmt_num(k * step);
    const ImVec2 ts = font_mono()->CalcTextSizeA(size, FLT_MAX, 0.0f, t.c_str());
    const ImVec2 at = to_screen(p, k * step, k * step);
    dl->AddText(font_mono(), size, ImVec2(at.x - ts.x / 2, p.max.y - ts.y - 3 * s), col, t.c_str());
    dl->AddText(font_mono(), size, ImVec2(p.min.x + 4 * s, at.y - ts.y / 2), col, t.c_str());
  }
}

// Background, light grid every `step`, stronger axes through the origin, ticks, border.
void draw_grid(ImDrawList* dl, const Plane& p) {
  const double step = grid_step(p.extent), e = p.extent;
  const int n = static_cast<int>(std::round(e / step));
  const float s = ui_scale();
  dl->AddRectFilled(p.min, p.max, IM_COL32(14, 15, 18, 255), 4 * s);
  for (int k = -n; k <= n; ++k) {
    const ImU32 col = k == 0 ? IM_COL32(255, 255, 255, 90) : IM_COL32(255, 255, 255, 18);
    dl->AddLine(to_screen(p, k * step, -e), to_screen(p, k * step, e), col, s);
    dl->AddLine(to_screen(p, -e, k * step), to_screen(p, e, k * step), col, s);
  }
  draw_ticks(dl, p, step, n);
  dl->AddRect(p.min, p.max, IM_COL32(255, 255, 255, 40), 4 * s);
}

// A straight or dashed shaft with a filled triangular head; tiny arrows become a dot.
void draw_arrow(ImDrawList* dl, ImVec2 from, ImVec2 to, ImU32 col, float thick, bool dashed) {
  const float s = ui_scale(), dx = to.x - from.x, dy = to.y - from.y;
  const float len = std::sqrt(dx * dx + dy * dy), head = (7 + 2 * thick) * s;
  if (len < head) {
    dl->AddCircleFilled(to, 2 * thick * s, col);
    return;
  }
  const float ux = dx / len, uy = dy / len;
  const ImVec2 base(to.x - ux * head, to.y - uy * head);
  const float dash = 6 * s, seg = dashed ? dash : len;
  for (float t = 0; t < len - head; t += dashed ? 2 * dash : seg) {
    const float e = std::min(t + seg, len - head);
    dl->AddLine(ImVec2(from.x + ux * t, from.y + uy * t), ImVec2(from.x + ux * e, from.y + uy * e),
                col, thick * s);
  }
  const float w = head * 0.45f;
  dl->AddTriangleFilled(to, ImVec2(base.x - uy * w, base.y + ux * w),
                        ImVec2(base.x + uy * w, base.y - ux * w), col);
}

// The token's label just past the tip, on the side away from the origin; queries are
// nudged one way across the arrow and keys the other so a query and key that nearly
// coincide stay readable.
void draw_label(ImDrawList* dl, const Plane& p, ImVec2 tip, const std::string& text, ImU32 col,
                float side) {
  const float s = ui_scale(), dx = tip.x - p.center.x, dy = tip.y - p.center.y;
  const float len = std::max(std::sqrt(dx * dx + dy * dy), 1.0f), ux = dx / len, uy = dy / len;
  const ImVec2 size = ImGui::CalcTextSize(text.c_str());
  ImVec2 at(tip.x + ux * 10 * s - uy * side * 8 * s, tip.y + uy * 10 * s + ux * side * 8 * s);
  at.x -= (ux < -0.3f ? size.x : ux < 0.3f ? size.x / 2 : 0);
  at.y -= (uy < -0.3f ? size.y : uy < 0.3f ? size.y / 2 : 0);
  // Kept inside the canvas: a tip near the edge still shows whose it is.
  at.x = std::clamp(at.x, p.min.x + 3 * s, std::max(p.min.x + 3 * s, p.max.x - size.x - 3 * s));
  at.y = std::clamp(at.y, p.min.y + 2 * s, std::max(p.min.y + 2 * s, p.max.y - size.y - 2 * s));
  dl->AddText(at, col, text.c_str());
}

// Swatch + word, repeated on one line: "── queries  ── keys  - - output".
void legend_item(const std::string& text, ImU32 col, bool dashed, bool first) {
  const float s = ui_scale(), h = ImGui::GetTextLineHeight();
  if (!first) {
    // Wraps to a new line rather than running past the panel's edge.
    ImGui::SameLine(0, 14 * s);
    if (ImGui::GetContentRegionAvail().x < 27 * s + ImGui::CalcTextSize(text.c_str()).x)
      ImGui::NewLine();
  }
  const ImVec2 a = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(22 * s, h));
  draw_arrow(ImGui::GetWindowDrawList(), ImVec2(a.x, a.y + h / 2),
             ImVec2(a.x + 22 * s, a.y + h / 2), col, 2.0f, dashed);
  ImGui::SameLine(0, 5 * s);
  ImGui::TextUnformatted(text.c_str());
}

// [SECTION] Arrows of the current state ---------------------------------------------------

// The selected query's weight on key j over the largest weight in its row: 0…1.
float key_strength(const App& app, int j) {
  const HeadResult& hr = app.result.heads[0];
  const int i = app.selected_query;
  if (i >= hr.weights.rows() || j >= hr.weights.cols() || !hr.allowed(i, j)) return 0.0f;
  const double row_max = hr.weights.row(i).maxCoeff(), w = hr.weights(i, j);
  return row_max > 0 && std::isfinite(w) ? static_cast<float>(w / row_max) : 0.0f;
}

void draw_vectors(ImDrawList* dl, const Plane& p, const App& app) {
  const Matrix &Q = app.state.input.Q, &K = app.state.input.K;
  for (int j = 0; j < K.rows(); ++j) {
    const float t = key_strength(app, j);
    draw_arrow(dl, p.center, to_screen(p, K(j, 0), K(j, 1)),
               with_alpha(kKeyColor, 0.22f + 0.78f * t), 1.2f + 3.0f * t, false);
  }
  const int sel = app.selected_query;
  if (shows_output(app) && sel < app.result.heads[0].output.rows()) {
    const auto o = app.result.heads[0].output.row(sel);
    draw_arrow(dl, p.center, to_screen(p, o(0), o(1)), kOutputColor, 2.5f, true);
  }
  for (int i = 0; i < Q.rows(); ++i)
    if (i != sel)
      draw_arrow(dl, p.center, to_screen(p, Q(i, 0), Q(i, 1)), with_alpha(kQueryColor, 0.6f), 1.6f,
                 false);
  if (sel < Q.rows())
    draw_arrow(dl, p.center, to_screen(p, Q(sel, 0), Q(sel, 1)), kQueryColor, 3.6f, false);
}

void draw_labels(ImDrawList* dl, const Plane& p, const App& app) {
  const Matrix &Q = app.state.input.Q, &K = app.state.input.K;
  for (int j = 0; j < K.rows(); ++j)
    draw_label(dl, p, to_screen(p, K(j, 0), K(j, 1)), token(app.state.key_tokens, j, "k"),
               with_alpha(kKeyColor, 0.55f + 0.45f * key_strength(app, j)), 1.0f);
  for (int i = 0; i < Q.rows(); ++i)
    draw_label(dl, p, to_screen(p, Q(i, 0), Q(i, 1)), token(app.state.query_tokens, i, "q"),
               with_alpha(kQueryColor, i == app.selected_query ? 1.0f : 0.75f), -1.0f);
  const int sel = app.selected_query;
  if (shows_output(app) && sel < app.result.heads[0].output.rows()) {
    const auto o = app.result.heads[0].output.row(sel);
    draw_label(dl, p, to_screen(p, o(0), o(1)), join({"o", subscript(sel + 1)}), kOutputColor,
               1.0f);
  }
}

// [SECTION] Interaction: hit test, drag, tooltip
// -----------------------------------------------------------------

ImVec2 tip_of(const Plane& p, const App& app, Handle h) {
  const Matrix& m = h.query ? app.state.input.Q : app.state.input.K;
  return to_screen(p, m(h.index, 0), m(h.index, 1));
}

// The tip nearest the mouse within grab reach; queries win ties (they are drawn on top).
Handle hit_test(const Plane& p, const App& app, ImVec2 mouse) {
  Handle best;
  float best_d2 = std::pow(11.0f * ui_scale(), 2.0f);
  for (int side = 0; side < 2; ++side) {
    const bool query = side == 0;
    const Eigen::Index rows = query ? app.state.input.Q.rows() : app.state.input.K.rows();
    for (int i = 0; i < rows; ++i) {
      const ImVec2 t = tip_of(p, app, Handle{query, i});
      const float d2 = (t.x - mouse.x) * (t.x - mouse.x) + (t.y - mouse.y) * (t.y - mouse.y);
      if (d2 < best_d2) best_d2 = d2, best = Handle{query, i};
    }
  }
  return best;
}

// Moves the dragged tip under the mouse (less the grab offset), rounded to 0.01, or to
// 0.1 with Shift, and kept inside the view; applied live without a new undo step.
void drag_to(App& app, const Plane& p, ImVec2 mouse) {
  const bool snap = ImGui::GetIO().KeyShift;
  const ViewState::Plane& v = app.view.plane;
  const double q = snap ? 10.0 : 100.0, e = p.extent;
  const float sx = mouse.x + v.grab_dx, sy = mouse.y + v.grab_dy;
  const double x =
      std::round(std::clamp(static_cast<double>((sx - p.center.x) / p.ppu), -e, e) * q) / q;
  const double y =
      std::round(std::clamp(static_cast<double>((p.center.y - sy) / p.ppu), -e, e) * q) / q;
  State next = app.state;
  Matrix& m = v.drag_query ? next.input.Q : next.input.K;
  if (v.drag_index >= m.rows() || (m(v.drag_index, 0) == x && m(v.drag_index, 1) == y)) return;
  m(v.drag_index, 0) = x;
  m(v.drag_index, 1) = y;
  app_apply(app, next, false);
}

// Grab on press (one undo gesture), follow while held, release ends the gesture.
void handle_drag(App& app, const Plane& p, Handle hovered) {
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  ViewState::Plane& v = app.view.plane;
  if (ImGui::IsItemActivated() && hovered.index >= 0) {
    v.dragging = true;
    v.drag_query = hovered.query;
    v.drag_index = hovered.index;
    const ImVec2 tip = tip_of(p, app, hovered);
    v.grab_dx = tip.x - mouse.x;
    v.grab_dy = tip.y - mouse.y;
    if (hovered.query) app.selected_query = hovered.index;
    app_begin_gesture(app);
  }
  if (v.dragging && ImGui::IsItemActive()) drag_to(app, p, mouse);
  if (v.dragging && !ImGui::IsItemActive()) {
    v.dragging = false;
    app_end_gesture(app);
  }
}

void handle_tooltip(const App& app, Handle h) {
  const Matrix& m = h.query ? app.state.input.Q : app.state.input.K;
  if (h.index < 0 || h.index >= m.rows()) return;
  const std::string v = join({"(", fmt_num(m(h.index, 0)), ", ", fmt_num(m(h.index, 1)), ")"});
  const std::string name = h.query
                               ? join({"query “", token(app.state.query_tokens, h.index, "q"), "”"})
                               : join({"key “", token(app.state.key_tokens, h.index, "k"), "”"});
  const std::string sym = join({h.query ? "q" : "k", subscript(h.index + 1)});
  std::string text = join({name, ":  ", sym, " = ", v});
  const HeadResult& hr = app.result.heads[0];
  const int i = app.selected_query;
  if (!h.query && i < hr.weights.rows() && h.index < hr.weights.cols())
    text += join({"\nweight from “", token(app.state.query_tokens, i, "q"),
                  "”: ", hr.allowed(i, h.index) ? fmt_num(hr.weights(i, h.index)) : "masked"});
  text += h.query ? "\nDrag to move it (Shift: snap to 0.1); clicking selects it."
                  : "\nDrag to move it (Shift: snap to 0.1).";
  ImGui::SetTooltip("%s", text.c_str());
}

// [SECTION] Panel -------------------------------------------------------------------------

// The square canvas (an invisible button, so it can be hovered and dragged on) and its
// mapping: ±extent fits with a small margin.
Plane plane_canvas(double extent) {
  const float s = ui_scale();
  const float side = std::max(std::min(ImGui::GetContentRegionAvail().x, 460 * s), 80 * s);
  ImGui::InvisibleButton("##plane", ImVec2(side, side));
  Plane p;
  p.min = ImGui::GetItemRectMin();
  p.max = ImGui::GetItemRectMax();
  p.center = ImVec2(0.5f * (p.min.x + p.max.x), 0.5f * (p.min.y + p.max.y));
  p.extent = extent;
  p.ppu = static_cast<float>((0.5 * side - 10 * s) / extent);
  return p;
}

bool plane_applies(const App& app) {
  const AttentionInput& in = app.state.input;
  return !app.result.heads.empty() && in.heads == 1 && in.Q.cols() == 2 && in.K.cols() == 2 &&
         in.Q.rows() > 0 && in.K.rows() > 0;
}

// One muted line and a button that makes the example two-dimensional (and single-head).
void offer_d2(App& app) {
  ImGui::TextDisabled("The plane appears when d = 2 with one head.");
  // The button follows on the same line when it fits, else below.
  ImGui::SameLine();
  if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize("Make d = 2").x + 8 * ui_scale())
    ImGui::NewLine();
  if (!ImGui::SmallButton("Make d = 2")) return;
  State next = app.state;
  std::string why;
  const bool ok = (next.input.heads == 1 || edit_set_heads(next, 1, &why)) &&
                  edit_set_widths(next, 2, static_cast<int>(next.input.V.cols()), &why);
  if (ok)
    app_apply(app, next);
  else
    app.notice = join({"Could not make d = 2: ", why});
}

void legend(const App& app) {
  legend_item("queries", kQueryColor, false, true);
  legend_item("keys", kKeyColor, false, false);
  if (shows_output(app)) {
    const std::string o = join({"o", subscript(app.selected_query + 1)});
    const bool wo = app.state.input.Wo.size() > 0;
    legend_item(join({"output ", o, wo ? " (before W_o)" : ""}), kOutputColor, true, false);
  }
  ImGui::PushStyleColor(ImGuiCol_Text, color_muted());
  ImGui::TextWrapped(
      "A key's arrow is as strong as the selected query's weight on it. Drag any tip to "
      "move it (Shift snaps to 0.1); click a query to select it.");
  ImGui::PopStyleColor();
}

}  // namespace

void panel_vector_plane(App& app) {
  section_title("Vector plane",
                "With two-dimensional queries and keys, each is an arrow from the origin. The "
                "dot product q·k is large when the arrows point the same way and are long, so "
                "the keys the selected query attends to most are drawn strongest. Drag any tip "
                "and watch the weights change.");
  ViewState::Plane& v = app.view.plane;
  if (!plane_applies(app)) {
    // The example changed shape under a drag (undo, a preset): close the gesture.
    if (v.dragging) app_end_gesture(app);
    v.dragging = false;
    offer_d2(app);
    return;
  }
  if (!v.dragging) v.extent = fit_extent(app);
  const Plane p = plane_canvas(v.extent);
  const float s = ui_scale();
  const bool over = ImGui::IsItemHovered() || ImGui::IsItemActive();
  const Handle hovered = over && !v.dragging ? hit_test(p, app, ImGui::GetIO().MousePos) : Handle{};
  handle_drag(app, p, hovered);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(p.min, p.max, true);
  draw_grid(dl, p);
  draw_vectors(dl, p, app);
  draw_labels(dl, p, app);
  const Handle focus = v.dragging ? Handle{v.drag_query, v.drag_index} : hovered;
  if (focus.index >= 0 &&
      focus.index < (focus.query ? app.state.input.Q.rows() : app.state.input.K.rows())) {
    dl->AddCircle(tip_of(p, app, focus), 8 * s, IM_COL32(255, 255, 255, 200), 0, 1.5f * s);
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    handle_tooltip(app, focus);
  }
  dl->PopClipRect();
  legend(app);
}

}  // namespace ap
