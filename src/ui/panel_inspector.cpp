// The inspector: everything about the selected query in one head — its weights over the
// keys as bars, the row's entropy and largest weight, the weighted sum of values that makes
// its output, and the gradient of one component of its output with respect to its scores.
// Every number is read from app.result or src/app (output_score_gradient); the only
// arithmetic here is for display (the w·v terms of the sum, ln n). Not here: the heatmaps
// (panel_pipeline) or the vector plane.
#include <algorithm>
#include <array>
#include <cmath>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "app/explain.h"
#include "app/gradient.h"
#include "imgui.h"
#include "ui/fonts.h"
#include "ui/palette.h"
#include "ui/panels.h"
#include "ui/widgets.h"

namespace ap {
namespace {

// [SECTION] Colours, labels and geometry shared by the sections
// [SECTION] Pickers: query and head
// [SECTION] Bar rows: one row per key, clipped when the list is long
// [SECTION] Weights, entropy, weighted sum, gradient
// [SECTION] Panel

// Okabe–Ito: blue and orange stay apart for every common colour-vision deficiency.
constexpr ImU32 kBarColor = IM_COL32(86, 180, 233, 210);    // sky blue: a weight
constexpr ImU32 kMaxColor = palette::kOrange;               // the largest weight
constexpr ImU32 kNegColor = IM_COL32(40, 140, 220, 255);    // blue: negative gradient
constexpr ImU32 kPosColor = palette::kOrange;               // positive gradient
constexpr ImU32 kTrackColor = IM_COL32(255, 255, 255, 14);  // the 0…1 range behind a bar
constexpr int kMaxVisibleRows = 14;                         // longer key lists scroll
constexpr int kMaxSumTerms = 5;    // the weighted-sum table shows the largest terms
constexpr int kMaxVectorDims = 3;  // longer vectors are shortened with "…"
// Gradient bars end at ±max(this, the row's largest |∂|): a fixed floor, so that a
// saturated softmax shows as near-empty bars instead of being blown up to full length.
constexpr double kGradientScaleFloor = 0.5;
constexpr double kSaturatedWeight = 0.99;  // a max weight this close to 1: saturated

ImU32 muted_u32(float alpha = 1.0f) {
  ImVec4 c = color_muted();
  c.w *= alpha;
  return ImGui::ColorConvertFloat4ToU32(c);
}

std::string quoted(const std::string& s) {
  return join({"“", s, "”"});
}

// "(0.50, −1.20, …)" for the first max_dims entries.
template <class Row>
std::string vec_text(const Row& v, int max_dims = kMaxVectorDims) {
  std::string out = "(";
  for (Eigen::Index c = 0; c < v.size() && c < max_dims; ++c)
    out += (c ? ", " : "") + fmt_num(v(c));
  if (v.size() > max_dims) out += ", …";
  return out + ")";
}

// A query may attend to nothing: listed by the Result, or no allowed key in this head.
bool row_fully_masked(const App& app, const HeadResult& hr, int i) {
  const auto& rows = app.result.fully_masked_rows;
  if (std::find(rows.begin(), rows.end(), i) != rows.end()) return true;
  return hr.allowed.cols() == 0 || hr.allowed.row(i).cast<int>().sum() == 0;
}

// The allowed keys of row i, largest weight first (ties keep key order).
std::vector<int> keys_by_weight(const HeadResult& hr, int i) {
  std::vector<int> keys;
  for (int j = 0; j < static_cast<int>(hr.weights.cols()); ++j)
    if (hr.allowed(i, j)) keys.push_back(j);
  std::stable_sort(keys.begin(), keys.end(),
                   [&](int a, int b) { return hr.weights(i, a) > hr.weights(i, b); });
  return keys;
}

// Diagonal grey hatching: the look of "masked" everywhere in this panel.
void draw_hatched(ImDrawList* dl, ImVec2 a, ImVec2 b) {
  dl->AddRectFilled(a, b, muted_u32(0.10f));
  dl->PushClipRect(a, b, true);
  const float h = b.y - a.y, step = 6.0f * ui_scale();
  for (float x = a.x - h; x < b.x; x += step)
    dl->AddLine(ImVec2(x, b.y), ImVec2(x + h, a.y), muted_u32(0.35f), ui_scale());
  dl->PopClipRect();
}

// Text in the mono font at a screen position (draw lists do not move the cursor).
void draw_mono(ImDrawList* dl, ImVec2 pos, ImU32 col, const std::string& text) {
  dl->AddText(font_mono(), font_mono()->FontSize, pos, col, text.c_str());
}

float mono_width(const std::string& text) {
  return font_mono()->CalcTextSizeA(font_mono()->FontSize, FLT_MAX, 0.0f, text.c_str()).x;
}

// Continues the line when `width` more pixels fit on it, else starts a new one.
void same_line_if_fits(float width) {
  ImGui::SameLine(0, 12 * ui_scale());
  if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

// [SECTION] Pickers -------------------------------------------------------------------

// One button per query when they fit on a line, otherwise ◀ combo ▶.
void query_picker(App& app) {
  const auto& labels = app.state.query_tokens;
  const int n_q = static_cast<int>(app.state.input.Q.rows());
  const ImGuiStyle& style = ImGui::GetStyle();
  float width = ImGui::CalcTextSize("Query").x;
  for (int i = 0; i < n_q; ++i)
    width += ImGui::CalcTextSize(token(labels, i, "q").c_str()).x + 2 * style.FramePadding.x +
             style.ItemSpacing.x;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Query");
  if (n_q <= 16 && width <= ImGui::GetContentRegionAvail().x) {
    for (int i = 0; i < n_q; ++i) {
      ImGui::SameLine();
      const bool selected = i == app.selected_query;
      // The selected query stands out; the others look like quiet chips.
      ImGui::PushStyleColor(ImGuiCol_Button, selected ? ImVec4(0.20f, 0.45f, 0.72f, 1.0f)
                                                      : ImVec4(0.17f, 0.18f, 0.21f, 1.0f));
      ImGui::PushID(i);
      if (ImGui::Button(token(labels, i, "q").c_str())) app.selected_query = i;
      ImGui::PopID();
      ImGui::PopStyleColor();
    }
    return;
  }
  ImGui::SameLine();
  if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) app.selected_query--;
  ImGui::SameLine();
  ImGui::SetNextItemWidth(
      std::min(ImGui::GetContentRegionAvail().x - ImGui::GetFrameHeight() - style.ItemSpacing.x,
               200.0f * ui_scale()));
  const std::string current = token(labels, app.selected_query, "q");
  if (ImGui::BeginCombo("##query", current.c_str())) {
    for (int i = 0; i < n_q; ++i) {
      const std::string item = join({token(labels, i, "q"), "  (q", subscript(i + 1), ")"});
      ImGui::PushID(i);
      if (ImGui::Selectable(item.c_str(), i == app.selected_query)) app.selected_query = i;
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  if (ImGui::ArrowButton("##next", ImGuiDir_Right)) app.selected_query++;
  app.selected_query = std::clamp(app.selected_query, 0, n_q - 1);
}

// Radio buttons for a few heads, a slider for many. The head shown is view state
// (app.view), not part of the State, clamped every frame.
void head_picker(App& app, int heads) {
  int& head = app.view.inspector_head;
  head = std::clamp(head, 0, heads - 1);
  if (heads <= 1) return;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Head");
  if (heads > 8) {
    ImGui::SameLine();
    int shown = head + 1;
    ImGui::SetNextItemWidth(160.0f * ui_scale());
    if (ImGui::SliderInt("##head", &shown, 1, heads)) head = std::clamp(shown, 1, heads) - 1;
    return;
  }
  for (int h = 0; h < heads; ++h) {
    ImGui::SameLine();
    ImGui::PushID(h);
    if (ImGui::RadioButton(std::to_string(h + 1).c_str(), head == h)) head = h;
    ImGui::PopID();
  }
}

// ←/→ step through the queries while the mouse is over the panel and no text is typed.
void arrow_keys(App& app, ImVec2 panel_min) {
  const ImVec2 panel_max(panel_min.x + ImGui::GetContentRegionAvail().x,
                         ImGui::GetCursorScreenPos().y);
  const bool over = ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows) &&
                    ImGui::IsMouseHoveringRect(panel_min, panel_max, false);
  if (!over || ImGui::GetIO().WantTextInput) return;
  const int n_q = static_cast<int>(app.state.input.Q.rows());
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) app.selected_query--;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) app.selected_query++;
  app.selected_query = std::clamp(app.selected_query, 0, n_q - 1);
}

// [SECTION] Bar rows ------------------------------------------------------------------

// Where one row's bar goes: the track between the label and the value column.
struct BarRow {
  ImDrawList* dl;
  ImVec2 min, max;  // the track
  float value_x;    // left edge of the value column
  bool hovered;
};

float label_width(const App& app) {
  float w = 0;
  for (int j = 0; j < static_cast<int>(app.state.key_tokens.size()); ++j)
    w = std::max(w, ImGui::CalcTextSize(token(app.state.key_tokens, j, "k").c_str()).x);
  return std::min(w, 90.0f * ui_scale());
}

// One row: an invisible button (for hover) with the key's label right-aligned in the first
// label_w pixels; returns where the bar goes.
BarRow key_row(const App& app, int j, float width, float row_h, float label_w, float value_w) {
  const float s = ui_scale();
  ImGui::PushID(j);
  ImGui::InvisibleButton("##row", ImVec2(width, row_h));
  ImGui::PopID();
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const bool hovered = ImGui::IsItemHovered();
  if (hovered) dl->AddRectFilled(a, b, IM_COL32(255, 255, 255, 16), 2 * s);
  const std::string label = token(app.state.key_tokens, j, "k");
  const float tw = ImGui::CalcTextSize(label.c_str()).x;
  dl->PushClipRect(a, ImVec2(a.x + label_w, b.y), true);
  dl->AddText(ImVec2(a.x + std::max(label_w - tw, 0.0f), a.y + 2 * s),
              ImGui::GetColorU32(ImGuiCol_Text), label.c_str());
  dl->PopClipRect();
  const float x0 = a.x + label_w + 8 * s, value_x = std::max(b.x - value_w, x0 + 20 * s);
  return BarRow{dl, ImVec2(x0, a.y + 2 * s), ImVec2(value_x - 6 * s, b.y - 2 * s), value_x,
                hovered};
}

// One row per key, then `draw(j, row)`; a scrolling child when there are more than
// kMaxVisibleRows keys. Rows out of view are only spaced for, not drawn. (Not
// ImGuiListClipper: in ImGui 1.86 it moves the enclosing table's row when this panel sits
// in a child inside a table cell, as in the layout, and the rows land off screen.)
template <class Draw>
void key_rows(const char* id, const App& app, int n_k, float value_w, Draw draw) {
  const float s = ui_scale(), row_h = ImGui::GetTextLineHeight() + 4 * s, gap = 2 * s;
  const bool scroll = n_k > kMaxVisibleRows;
  if (scroll)
    ImGui::BeginChild(id, ImVec2(0, kMaxVisibleRows * (row_h + gap)));
  else
    ImGui::PushID(id);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, gap));
  // Capped so bars stay comparable at a glance in a very wide column.
  const float width = std::clamp(ImGui::GetContentRegionAvail().x, 1.0f, 560 * s);
  const float label_w = label_width(app);
  for (int j = 0; j < n_k; ++j) {
    if (!ImGui::IsRectVisible(ImVec2(width, row_h))) {
      ImGui::Dummy(ImVec2(width, row_h));
      continue;
    }
    draw(j, key_row(app, j, width, row_h, label_w, value_w));
  }
  ImGui::PopStyleVar();
  if (scroll)
    ImGui::EndChild();
  else
    ImGui::PopID();
}

// [SECTION] Weights, entropy, weighted sum, gradient ------------------------------------

// A bar of length weight × track (the track is the range 0…1), its value at the end.
void weight_bar(const BarRow& r, double w, bool allowed, bool is_max) {
  const float s = ui_scale();
  if (!allowed) {
    draw_hatched(r.dl, r.min, r.max);
    draw_mono(r.dl, ImVec2(r.min.x + 4 * s, r.min.y), muted_u32(), "masked");
    return;
  }
  r.dl->AddRectFilled(r.min, r.max, kTrackColor, 2 * s);
  const float len =
      static_cast<float>(std::clamp(std::isfinite(w) ? w : 0.0, 0.0, 1.0)) * (r.max.x - r.min.x);
  r.dl->AddRectFilled(r.min, ImVec2(r.min.x + len, r.max.y), is_max ? kMaxColor : kBarColor, 2 * s);
  const ImU32 text = is_max ? kMaxColor : ImGui::GetColorU32(ImGuiCol_Text);
  draw_mono(r.dl, ImVec2(r.min.x + len + 4 * s, r.min.y), text,
            fmt_num(w) + (is_max ? " max" : ""));
}

void weight_bars(const App& app, const HeadResult& hr, int h, int i) {
  const std::vector<int> order = keys_by_weight(hr, i);
  const int best = order.empty() ? -1 : order.front();
  const int n_k = static_cast<int>(hr.weights.cols());
  key_rows("##weights", app, n_k, mono_width("0.00 max") + 8 * ui_scale(),
           [&](int j, const BarRow& r) {
             weight_bar(r, hr.weights(i, j), hr.allowed(i, j) != 0, j == best);
             if (r.hovered)
               ImGui::SetTooltip(
                   "%s", explain_cell(app.state, app.result, Stage::Weights, h, i, j).c_str());
           });
}

// Entropy in nats against its maximum ln n, and the largest weight with its key.
void entropy_lines(const App& app, const HeadResult& hr, int i) {
  const std::vector<int> order = keys_by_weight(hr, i);
  const int n_allowed = static_cast<int>(order.size());
  const double h = hr.entropy(i), h_max = std::log(std::max(n_allowed, 1));
  ImGui::Spacing();
  ImGui::TextUnformatted("Entropy");
  ImGui::SameLine();
  mono_text(join({fmt_num(h), " nats"}));
  help_marker(
      "How spread out the weights are: H = −Σ w·ln w over the allowed keys. 0 means all the "
      "weight sits on one key; ln n (n = number of allowed keys) means it is spread evenly.");
  const std::string max_text = join({"max ln ", std::to_string(n_allowed), " = ", fmt_num(h_max)});
  same_line_if_fits(mono_width(max_text) + 12 * ui_scale());
  ImGui::PushFont(font_mono());
  ImGui::TextColored(color_muted(), "%s", max_text.c_str());
  ImGui::PopFont();
  const float frac = h_max > 0 && std::isfinite(h) ? static_cast<float>(h / h_max) : 0.0f;
  // A thin gauge of H / ln n in the weight bars' colour.
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, ImGui::ColorConvertU32ToFloat4(kBarColor));
  const float gauge_w = std::min(ImGui::GetContentRegionAvail().x, 560 * ui_scale());
  ImGui::ProgressBar(std::clamp(frac, 0.0f, 1.0f), ImVec2(gauge_w, 4 * ui_scale()), "");
  ImGui::PopStyleColor();
  ImGui::PushStyleColor(ImGuiCol_Text, color_muted());
  ImGui::TextWrapped("0 = all weight on one key;  ln n = uniform over the n allowed keys.");
  ImGui::PopStyleColor();
  if (order.empty()) return;
  ImGui::TextUnformatted("Max weight");
  ImGui::SameLine();
  mono_text(fmt_num(hr.weights(i, order.front())));
  ImGui::SameLine();
  ImGui::TextUnformatted(
      join({"on ", quoted(token(app.state.key_tokens, order.front(), "k"))}).c_str());
}

// One row of the terms table as text: key, w, v, w × v (vectors cut to `dims` entries).
// The product is a presentation of one term of the sum; the sum is read from the Result.
std::array<std::string, 4> term_cells(const App& app, const HeadResult& hr, int h, int i, int j,
                                      int dims) {
  const Eigen::Index dv_h = hr.output.cols();
  const auto v = app.state.input.V.row(j).segment(h * dv_h, dv_h);
  return {token(app.state.key_tokens, j, "k"), fmt_num(hr.weights(i, j)), vec_text(v, dims),
          vec_text((hr.weights(i, j) * v).eval(), dims)};
}

// The most vector entries per cell (down to 1) with which the table fits the panel; 0 when
// even one entry per cell is too wide with the v column (the table then leaves it out).
int fitting_dims(const App& app, const HeadResult& hr, int h, int i, const std::vector<int>& keys) {
  const float padding = 4 * (2 * ImGui::GetStyle().CellPadding.x + 1);
  for (int dims = kMaxVectorDims; dims >= 1; --dims) {
    float col[4] = {ImGui::CalcTextSize("key").x, 0, 0, mono_width("w × v")};
    for (int j : keys) {
      const auto cells = term_cells(app, hr, h, i, j, dims);
      col[0] = std::max(col[0], ImGui::CalcTextSize(cells[0].c_str()).x);
      for (int c = 1; c < 4; ++c) col[c] = std::max(col[c], mono_width(cells[c]));
    }
    if (col[0] + col[1] + col[2] + col[3] + padding <= ImGui::GetContentRegionAvail().x)
      return dims;
  }
  return 0;
}

// The largest terms w·v of o = Σ w·v as a table: key, w, v, w × v.
void sum_table(const App& app, const HeadResult& hr, int h, int i, const std::vector<int>& order) {
  const std::vector<int> keys(order.begin(),
                              order.begin() + std::min<std::size_t>(order.size(), kMaxSumTerms));
  // A narrow column drops v and keeps w × v, the term that is summed.
  const int fitting = fitting_dims(app, hr, h, i, keys);
  const bool with_v = fitting > 0;
  const int dims = std::max(fitting, 1);
  const ImGuiTableFlags flags = ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_NoHostExtendX;
  if (!ImGui::BeginTable("##terms", with_v ? 4 : 3, flags)) return;
  for (const char* header : {"key", "w", "v", "w × v"})
    if (with_v || std::string_view(header) != "v") ImGui::TableSetupColumn(header);
  ImGui::TableHeadersRow();
  for (int j : keys) {
    const auto cells = term_cells(app, hr, h, i, j, dims);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(cells[0].c_str());
    for (int c = 1; c < 4; ++c) {
      if (c == 2 && !with_v) continue;
      ImGui::TableNextColumn();
      mono_text(cells[c]);
    }
  }
  ImGui::EndTable();
  if (order.size() > keys.size()) {
    // "≤", not "smaller": eight equal weights leave the rest tied with those shown.
    const std::string rest = join({"+ ", std::to_string(order.size() - keys.size()),
                                   " more keys (w ≤ ", fmt_num(hr.weights(i, keys.back())), ")"});
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", rest.c_str());
    ImGui::PopStyleColor();
  }
}

// The output row from the Result: this head's row, and the final row when they differ.
void output_lines(const App& app, const HeadResult& hr, int h, int i) {
  const std::string o = join({"o", subscript(i + 1)});
  const int heads = static_cast<int>(app.result.heads.size());
  const bool has_wo = app.state.input.Wo.size() > 0;
  if (heads == 1 && !has_wo) {
    mono_text_wrapped(join({o, " = ", vec_text(app.result.output.row(i))}));
    return;
  }
  const std::string which = heads > 1 ? join({" (head ", std::to_string(h + 1), ")"}) : "";
  mono_text_wrapped(join({o, which, " = ", vec_text(hr.output.row(i))}));
  const std::string how =
      heads > 1 && has_wo ? "concatenates the heads' outputs, then multiplies by W_o"
      : heads > 1
          ? join({"concatenates the ", std::to_string(heads), " heads' outputs side by side"})
          : "multiplies this by W_o";
  ImGui::PushStyleColor(ImGuiCol_Text, color_muted());
  ImGui::TextWrapped("The final output %s:", how.c_str());
  ImGui::PopStyleColor();
  mono_text_wrapped(join({"output", subscript(i + 1), " = ", vec_text(app.result.output.row(i))}));
}

void weighted_sum(const App& app, const HeadResult& hr, int h, int i, bool masked) {
  section_title("Weighted sum of values",
                "This query's output is the average of the value vectors v, each weighted by "
                "this query's attention weight w on its key: o = Σ w·v over the keys. The table "
                "lists the largest terms; the output below is read from the result.");
  if (!masked) sum_table(app, hr, h, i, keys_by_weight(hr, i));
  output_lines(app, hr, h, i);
}

// Diverging bar: negative to the left in blue, positive to the right in orange, |∂| = scale
// fills half the track; the value sits in its own column.
void gradient_bar(const BarRow& r, double g, bool allowed, double scale) {
  const float s = ui_scale(), mid = 0.5f * (r.min.x + r.max.x), half = 0.5f * (r.max.x - r.min.x);
  if (!allowed) {
    draw_hatched(r.dl, r.min, r.max);
    draw_mono(r.dl, ImVec2(r.value_x, r.min.y), muted_u32(), "0 masked");
    return;
  }
  r.dl->AddRectFilled(r.min, r.max, kTrackColor, 2 * s);
  if (std::abs(g) < kGradientZero) g = 0.0;  // rounding noise of a zero gradient
  const double t = scale > 0 && std::isfinite(g) ? std::clamp(g / scale, -1.0, 1.0) : 0.0;
  const float end = mid + static_cast<float>(t) * half;
  if (t != 0)
    r.dl->AddRectFilled(ImVec2(std::min(mid, end), r.min.y), ImVec2(std::max(mid, end), r.max.y),
                        g < 0 ? kNegColor : kPosColor, 2 * s);
  r.dl->AddLine(ImVec2(mid, r.min.y - s), ImVec2(mid, r.max.y + s), muted_u32(0.8f), s);
  draw_mono(r.dl, ImVec2(r.value_x, r.min.y), ImGui::GetColorU32(ImGuiCol_Text), fmt_num(g));
}

constexpr const char* kGradientHelp =
    "The gradient of one number — the chosen component c of this query's output, o[c] — with "
    "respect to each of this query's raw scores (after any ÷√d_k, before the temperature): "
    "how much o[c] would change if that one score rose a little. Raising a score pulls weight "
    "towards its key, so the bar is positive when that key's value has a larger c-th "
    "component than the output has now, negative when smaller, and 0 when equal. The bars "
    "sum to zero: raising every score equally changes nothing. Masked keys get exactly zero. "
    "When the softmax saturates (almost all weight on one key) every gradient shrinks "
    "towards zero: this is why scores are divided by √d_k, so that large d does not push "
    "the softmax there and stall learning. Values below 10⁻¹² are shown as 0.";

// When nearly all weight sits on one key, say why every bar below is (almost) empty.
void saturation_note(const HeadResult& hr, int i) {
  const std::vector<int> order = keys_by_weight(hr, i);
  if (order.size() < 2 || !(hr.weights(i, order.front()) >= kSaturatedWeight)) return;
  ImGui::PushStyleColor(ImGuiCol_Text, color_warning());
  ImGui::TextWrapped(
      "Saturated: max weight %s, so every gradient here is close to zero and learning "
      "through these scores would stall. Dividing by √d_k or a higher temperature softens it.",
      fmt_num(hr.weights(i, order.front())).c_str());
  ImGui::PopStyleColor();
}

// "∂o₁[2] / ∂scores" with a picker for the component when the output has several. The
// component shown is view state (app.view), clamped to d_o every frame.
void gradient_title(App& app, int i) {
  const int d_o = static_cast<int>(app.result.output.cols());
  int& component = app.view.inspector_component;
  component = std::clamp(component, 0, std::max(0, d_o - 1));
  const std::string o = join({"o", subscript(i + 1), "[", std::to_string(component + 1), "]"});
  section_title(join({"∂", o, " / ∂ scores"}).c_str(), kGradientHelp);
  if (d_o <= 1) return;
  ImGui::TextDisabled("c =");
  for (int c = 0; c < d_o && c < 8; ++c) {
    ImGui::SameLine();
    ImGui::PushID(c);
    if (ImGui::RadioButton(std::to_string(c + 1).c_str(), component == c)) component = c;
    ImGui::PopID();
  }
}

void gradient_bars(App& app, const HeadResult& hr, int h, int i) {
  gradient_title(app, i);
  const int component = app.view.inspector_component;
  // Recomputed when the state, the query or the component changes.
  ViewState::GradientCache& cache = app.view.inspector_grads;
  if (cache.version != app.version || cache.query != i || cache.component != component) {
    cache.grads = output_score_gradient(app.state, app.result, i, component);
    cache.version = app.version;
    cache.query = i;
    cache.component = component;
  }
  if (h >= static_cast<int>(cache.grads.size())) return;
  const Vector& d = cache.grads[h];
  if (d.size() != hr.weights.cols()) return;
  double g_max = 0;
  for (int j = 0; j < d.size(); ++j)
    if (hr.allowed(i, j) && std::isfinite(d(j))) g_max = std::max(g_max, std::abs(d(j)));
  const double scale = std::max(g_max, kGradientScaleFloor);
  ImGui::TextDisabled("bar ends = ±%s", fmt_num(scale).c_str());
  saturation_note(hr, i);
  const std::string o = join({"o", subscript(i + 1), "[", std::to_string(component + 1), "]"});
  key_rows(
      "##grads", app, static_cast<int>(d.size()), mono_width("−0.00e-00") + 8 * ui_scale(),
      [&](int j, const BarRow& r) {
        const double g = std::abs(d(j)) < kGradientZero ? 0.0 : d(j);
        gradient_bar(r, g, hr.allowed(i, j) != 0, scale);
        if (!r.hovered) return;
        const std::string sc = join({"score(q", subscript(i + 1), ", k", subscript(j + 1), ")"});
        ImGui::SetTooltip(
            "∂%s/∂%s = %s\n%s = %s\nRaising it by a small ε changes %s by about %s·ε.", o.c_str(),
            sc.c_str(), fmt_num(g).c_str(), sc.c_str(), fmt_num(hr.scores(i, j)).c_str(), o.c_str(),
            fmt_num(g).c_str());
      });
}

}  // namespace

// [SECTION] Panel -----------------------------------------------------------------------

void panel_inspector(App& app) {
  const ImVec2 panel_min = ImGui::GetCursorScreenPos();
  section_title("Selected query",
                "Everything about one query: pick it here, with ← / → while the mouse is over "
                "this panel, or by clicking a row in the pipeline.");
  const int n_q = static_cast<int>(app.state.input.Q.rows());
  if (app.result.heads.empty() || n_q == 0) {
    ImGui::TextDisabled("No result to inspect yet.");
    return;
  }
  query_picker(app);
  const int heads = static_cast<int>(app.result.heads.size());
  head_picker(app, heads);
  const int i = app.selected_query, h = app.view.inspector_head;
  const HeadResult& hr = app.result.heads[h];
  if (i < 0 || i >= hr.weights.rows()) return;
  const std::string who = quoted(token(app.state.query_tokens, i, "q"));
  const bool masked = row_fully_masked(app, hr, i);
  section_title(
      join({"Weights of ", who, heads > 1 ? join({", head ", std::to_string(h + 1)}) : ""}).c_str(),
      "The softmax of this query's masked scores: one bar per key, the full width is "
      "a weight of 1 and the bars add up to 1. Hover a bar for its arithmetic.");
  if (masked) {
    ImGui::PushStyleColor(ImGuiCol_Text, color_warning());
    ImGui::TextWrapped("Every key is masked for this query: zero weights, zero output.");
    ImGui::PopStyleColor();
  } else {
    weight_bars(app, hr, h, i);
    entropy_lines(app, hr, i);
  }
  weighted_sum(app, hr, h, i, masked);
  if (!masked) gradient_bars(app, hr, h, i);
  arrow_keys(app, panel_min);
}

}  // namespace ap
