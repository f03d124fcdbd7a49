// Shared widgets; see widgets.h.
#include "ui/widgets.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>

#include "app/explain.h"
#include "core/limits.h"
#include "imgui_internal.h"
#include "ui/fonts.h"
#include "ui/test_hooks.h"
#include "ui/touch.h"

namespace ap {

// The matrix editor's widest table (labels + kMaxWidth cells) is the widest ImGui can hold.
static_assert(kImGuiMaxTableColumns == IMGUI_TABLE_MAX_COLUMNS);
static_assert(kMaxWidth + 1 <= IMGUI_TABLE_MAX_COLUMNS);

long ui_cells_drawn_last_frame(const App& app) {
  return app.view.cells_drawn_last;
}
void ui_cells_add(App& app, long n) {
  app.view.cells_drawn += n;
}
void ui_cells_frame_end(App& app) {
  app.view.cells_drawn_last = app.view.cells_drawn;
  app.view.cells_drawn = 0;
}

const char* matrix_name(MatrixId id) {
  switch (id) {
    case MatrixId::Q:
      return "Q";
    case MatrixId::K:
      return "K";
    case MatrixId::V:
      return "V";
    case MatrixId::W:
      return "W";
    case MatrixId::Wq:
      return "W_q";
    case MatrixId::Wk:
      return "W_k";
    case MatrixId::v:
      return "v";
    case MatrixId::Wo:
      return "W_o";
  }
  return "?";
}

Eigen::Map<Matrix> matrix_ref(State& s, MatrixId id) {
  AttentionInput& in = s.input;
  Matrix* m = nullptr;
  switch (id) {
    case MatrixId::Q:
      m = &in.Q;
      break;
    case MatrixId::K:
      m = &in.K;
      break;
    case MatrixId::V:
      m = &in.V;
      break;
    case MatrixId::W:
      m = &in.scoring.W;
      break;
    case MatrixId::Wq:
      m = &in.scoring.Wq;
      break;
    case MatrixId::Wk:
      m = &in.scoring.Wk;
      break;
    case MatrixId::Wo:
      m = &in.Wo;
      break;
    case MatrixId::v:
      return Eigen::Map<Matrix>(in.scoring.v.data(), 1, in.scoring.v.size());
  }
  return Eigen::Map<Matrix>(m->data(), m->rows(), m->cols());
}

void edit_item(App& app, const State* next) {
  if (ImGui::IsItemActivated()) app_begin_gesture(app);
  if (next) app_apply(app, *next, !app.gesture_start.has_value());
  if (ImGui::IsItemDeactivated()) app_end_gesture(app);
}

void help_tooltip(const char* text) {
  if (!ImGui::IsItemHovered()) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

float help_marker_width() {
  return ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize("(?)").x;
}

void help_marker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  help_tooltip(text);
}

void section_title(const char* title, const char* help) {
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, color_accent());
  ImGui::TextUnformatted(title);
  ImGui::PopStyleColor();
  if (help) help_marker(help);
  ImGui::Separator();
}

void mono_text(const std::string& text) {
  ImGui::PushFont(font_mono());
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopFont();
}

void mono_text_wrapped(const std::string& text) {
  ImGui::PushFont(font_mono());
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
}

void same_line_if_fits(float width) {
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + spacing + width <= right) ImGui::SameLine();
}

float button_width(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x + 2.0f * ImGui::GetStyle().FramePadding.x;
}

void status_line(const char* reserve, bool muted, const char* fmt, ...) {
  char text[256];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(text, sizeof(text), fmt, args);
  va_end(args);
  const float wrap = ImGui::GetContentRegionAvail().x;
  const float height = std::max(ImGui::CalcTextSize(text, nullptr, false, wrap).y,
                                ImGui::CalcTextSize(reserve, nullptr, false, wrap).y);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(wrap, height));
  const ImU32 colour =
      muted ? ImGui::GetColorU32(color_muted()) : ImGui::GetColorU32(ImGuiCol_Text);
  ImGui::GetWindowDrawList()->AddText(nullptr, 0.0f, at, colour, text, nullptr, wrap);
}

namespace {

// Cell tint: blue for negative, orange for positive, transparent at 0; saturates at |x| = 2.
ImU32 value_tint(double x) {
  const float t = static_cast<float>(std::clamp(std::abs(x) / 2.0, 0.0, 1.0));
  const ImVec4 c =
      x < 0 ? ImVec4(0.25f, 0.50f, 0.95f, 0.55f * t) : ImVec4(0.95f, 0.55f, 0.15f, 0.55f * t);
  return ImGui::ColorConvertFloat4ToU32(c);
}

void apply_cell(App& app, MatrixId id, int r, int c, double value, bool gesture) {
  State next = app.state;
  matrix_ref(next, id)(r, c) = value;
  app_apply(app, next, !gesture);
}

// Typed entry: parsed on Enter or when focus leaves. Garbage gets a message naming the
// cell; NaN, ±Inf and huge values reach app_apply, which rejects them with the core's
// message. Either way the state and the result on screen stay the last valid ones.
void finish_typing(App& app, MatrixId id, int r, int c) {
  ViewState::CellTyping& typing = app.view.typing;
  const std::string typed = typing.text.data();
  typing.id = 0;
  // Surrounding spaces are forgiven; what is left must be a plain decimal (as in JSON) or
  // one of the words for NaN/±Infinity, which app_apply then refuses with the core's message.
  const auto b = typed.find_first_not_of(" \t"), e = typed.find_last_not_of(" \t");
  const std::string text = b == std::string::npos ? "" : typed.substr(b, e - b + 1);
  double value = 0;
  const bool word = text == "nan" || text == "NaN" || text == "inf" || text == "Infinity" ||
                    text == "-inf" || text == "-Infinity";
  if (word)
    value = text == "nan" || text == "NaN" ? std::nan("") : text[0] == '-' ? -HUGE_VAL : HUGE_VAL;
  if (!word && !parse_decimal(text, &value)) {
    app.notice = join({"\"", utf8_quote(typed, 24), "\" is not a number",
                       text.empty() ? " (the cell is blank)" : "", ": ", matrix_name(id), "[",
                       std::to_string(r + 1), ", ", std::to_string(c + 1), "] keeps its value"});
    return;
  }
  apply_cell(app, id, r, c, value, false);
}

// Test hook: lets browser tests find widgets ("Q[1,2]": 1-based row and column; also
// "Q[1,2]:typing" while the cell is a text field).
void hook_cell(MatrixId id, int r, int c, bool typing = false) {
  const std::string name = std::string(matrix_name(id)) + "[" + std::to_string(r + 1) + "," +
                           std::to_string(c + 1) + "]";
  test_hook_rect(name);
  if (typing) test_hook_rect(name + ":typing");
}

bool matrix_cell(App& app, MatrixId id, int r, int c) {
  const double current = matrix_ref(app.state, id)(r, c);
  const ImGuiID cell_id = ImGui::GetID("##cell");
  // The cell being typed into (one at a time) and its text.
  ViewState::CellTyping& typing = app.view.typing;
  // A number typed into the page's on-screen field (touch.h) goes the way of typed entry.
  if (std::string typed; numeric_entry_result(app, cell_id, &typed)) {
    std::snprintf(typing.text.data(), typing.text.size(), "%s", typed.c_str());
    finish_typing(app, id, r, c);
    return true;
  }
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (typing.id == cell_id) {
    if (typing.focus) ImGui::SetKeyboardFocusHere();
    typing.focus = false;
    const bool enter =
        ImGui::InputText("##type", typing.text.data(), typing.text.size(),
                         ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
    hook_cell(id, r, c, true);  // test hook
    const bool escaped =
        ImGui::IsItemActive() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape));
    if (escaped)
      typing.id = 0;
    else if (enter || ImGui::IsItemDeactivated())
      finish_typing(app, id, r, c);
    return enter;
  }
  double value = current;
  const bool changed = ImGui::DragScalar("##cell", ImGuiDataType_Double, &value, 0.01f, nullptr,
                                         nullptr, "%.2f", ImGuiSliderFlags_NoInput);
  hook_cell(id, r, c);  // test hook
  const bool start_typing = ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(0);
  if (ImGui::IsItemActivated()) app_begin_gesture(app);
  if (changed) apply_cell(app, id, r, c, value, true);
  if (ImGui::IsItemDeactivated()) app_end_gesture(app);
  // On a touch screen a tap (a press that did not drag) asks for the on-screen number field.
  const float tap = ImGui::GetIO().MouseDragThreshold;
  if (ui_touch_input(app) && ImGui::IsItemDeactivated() &&
      ImGui::GetIO().MouseDragMaxDistanceSqr[0] < tap * tap) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", current);
    numeric_entry_request(
        app, cell_id, text,
        join({matrix_name(id), "[", std::to_string(r + 1), ", ", std::to_string(c + 1), "]"}));
  }
  if (!ui_touch_input(app) && ImGui::IsItemHovered() && !ImGui::IsItemActive())
    ImGui::SetTooltip("%s[%d, %d] = %s\nDrag sideways to change; double-click to type.",
                      matrix_name(id), r + 1, c + 1, fmt_num(current).c_str());
  if (start_typing ||
      (ImGui::IsItemFocused() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)))) {
    typing.id = cell_id;
    typing.focus = true;
    std::snprintf(typing.text.data(), typing.text.size(), "%.6g", current);
  }
  return changed;
}

}  // namespace

bool matrix_editor(App& app, MatrixId id, const std::vector<std::string>* row_labels,
                   const char* column_prefix) {
  const Eigen::Map<Matrix> m = matrix_ref(app.state, id);
  const int rows = static_cast<int>(m.rows()), cols = static_cast<int>(m.cols());
  if (rows == 0 || cols == 0) return false;
  // Never open a table wider than ImGui's limit, whatever state got here.
  if (cols + 1 > kImGuiMaxTableColumns) {
    ImGui::TextColored(color_warning(), "%s is %d wide: at most %d columns can be edited here",
                       matrix_name(id), cols, kMaxWidth);
    return false;
  }
  bool applied = false;
  ImGui::PushID(matrix_name(id));
  // Cells narrow (down to about five digits) before the table has to scroll sideways.
  const float em = ImGui::GetFontSize();
  const float cell_w =
      std::clamp((ImGui::GetContentRegionAvail().x - 3.5f * em) / static_cast<float>(cols),
                 3.3f * em, 58.0f * ui_scale());
  const float height = (rows + 1.6f) * ImGui::GetFrameHeightWithSpacing();
  const float max_height = 420.0f * ui_scale();
  // Taller than the box: scroll vertically (header and labels stay), and draw only the rows
  // in view (at most kMaxEditorRowsDrawn), so a frame's work does not grow with the rows.
  const ImGuiTableFlags flags = ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX |
                                ImGuiTableFlags_ScrollX | ImGuiTableFlags_BordersInnerV |
                                (height > max_height ? ImGuiTableFlags_ScrollY : 0);
  if (ImGui::BeginTable("cells", cols + 1, flags, ImVec2(0, std::min(height, max_height)))) {
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
    for (int c = 0; c < cols; ++c) {
      const std::string header = std::string(column_prefix) + subscript(c + 1);
      ImGui::TableSetupColumn(header.c_str(), ImGuiTableColumnFlags_WidthFixed, cell_w);
    }
    ImGui::TableHeadersRow();
    ImGui::PushFont(font_mono());
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding,
                        ImVec2(2.0f * ui_scale(), ImGui::GetStyle().FramePadding.y));
    const float row_h = ImGui::GetFrameHeight();
    int drawn_rows = 0;
    for (int r = 0; r < rows; ++r) {
      ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
      ImGui::TableNextColumn();
      if (!ImGui::IsRectVisible(ImVec2(1.0f, row_h)) || drawn_rows >= kMaxEditorRowsDrawn) {
        ImGui::Dummy(ImVec2(1.0f, row_h));
        continue;
      }
      ++drawn_rows;
      ui_cells_add(app, cols);
      const bool labelled = row_labels && r < static_cast<int>(row_labels->size());
      ImGui::PopFont();
      ImGui::TextUnformatted(labelled ? (*row_labels)[r].c_str() : "");
      ImGui::PushFont(font_mono());
      for (int c = 0; c < cols; ++c) {
        ImGui::TableNextColumn();
        // Read through app.state afresh: a cell's edit replaces the state (and frees the
        // storage `m` mapped) in the middle of this loop.
        ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg,
                               value_tint(matrix_ref(app.state, id)(r, c)));
        ImGui::PushID(r * 4096 + c);
        applied |= matrix_cell(app, id, r, c);
        ImGui::PopID();
      }
    }
    ImGui::PopStyleVar();
    ImGui::PopFont();
    ImGui::EndTable();
  }
  ImGui::PopID();
  return applied;
}

std::string join(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view part : parts) out += part;
  return out;
}

std::string token(const std::vector<std::string>& labels, int i, const char* letter) {
  if (i >= 0 && i < static_cast<int>(labels.size()) && !labels[i].empty()) return labels[i];
  return join({letter, subscript(i + 1)});
}

ImVec4 color_accent() {
  return ImVec4(0.55f, 0.78f, 1.0f, 1.0f);
}
ImVec4 color_warning() {
  return ImVec4(1.0f, 0.72f, 0.30f, 1.0f);
}
ImVec4 color_muted() {
  return ImVec4(0.62f, 0.65f, 0.70f, 1.0f);
}

float ui_scale() {
  return ImGui::GetFontSize() / 16.0f;
}

bool ui_compact() {
  return ImGui::GetMainViewport()->Size.x <
         kCompactWidth * ImGui::GetIO().FontDefault->FontSize / 16.0f;
}

}  // namespace ap
