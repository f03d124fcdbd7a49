// Small ImGui building blocks shared by the panels: the edit protocol (one undo step per
// drag or typed edit), the "(?)" help marker, section titles, and the matrix editor in
// which every cell can be dragged or typed (Ctrl+click or double-click) and is tinted by
// its value. Widgets read the App and apply edits through app_apply; they do no maths.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "app/app.h"
#include "imgui.h"

namespace ap {

// Which matrix of the State a matrix editor edits.
enum class MatrixId { Q, K, V, W, Wq, Wk, v, Wo };

const char* matrix_name(MatrixId id);  // "Q", "K", …, "v" (v is shown as a row)
// The matrix in the state, as a rows × cols view (v: 1 × a).
Eigen::Map<Matrix> matrix_ref(State& s, MatrixId id);

// Call right after an ImGui item that may edit the state: starts the undo gesture when the
// item is activated, ends it when deactivated. `next` (if given) is applied without a new
// undo step while a gesture is active, with one otherwise (e.g. a click).
void edit_item(App& app, const State* next);

// A grey "(?)" that shows `text` in a tooltip when hovered.
void help_marker(const char* text);
// The width help_marker adds to a line (its spacing and "(?)").
float help_marker_width();
// Shows `text` in a wrapped tooltip while the last item is hovered.
void help_tooltip(const char* text);

// A title line in the accent colour, optionally with a help marker.
void section_title(const char* title, const char* help = nullptr);

// Text in the mono font; the wrapped form breaks at spaces at the column's edge (a long
// vector such as "output₃ = (−0.66, 0.00, …)").
void mono_text(const std::string& text);
void mono_text_wrapped(const std::string& text);

// ImGui::SameLine() when an item `width` wide still fits after the last one on its line;
// otherwise the next item starts a new line, so a row of buttons wraps in a narrow column.
void same_line_if_fits(float width);
// The width of ImGui::Button(label) at the current font.
float button_width(const char* label);

// A status line, wrapped to the column, that is never shorter than `reserve` wrapped the
// same way: a line that changes between a short and a long form (a measurement arriving)
// then never moves what is below it, such as a phone's tabs under a finger. `muted`: in
// the muted colour (a placeholder for a figure not measured yet). Write "90\u00a0%" (a
// no-break space) so that a wrap never leaves a lone "%" on the next line.
void status_line(const char* reserve, bool muted, const char* fmt, ...) IM_FMTARGS(3);

// The matrix editor: row labels on the left, one draggable cell per entry, column headers
// "prefix₁, prefix₂, …". Returns true when an edit was applied this frame.
bool matrix_editor(App& app, MatrixId id, const std::vector<std::string>* row_labels,
                   const char* column_prefix);

// Input cells (matrix cells, token chips) drawn in the last finished frame (ui_cells_frame_end()
// closes a frame); bounded by kMaxUiCellsPerFrame.
// The counts are kept in app.view.
long ui_cells_drawn_last_frame(const App& app);
void ui_cells_frame_end(App& app);
void ui_cells_add(App& app, long n);  // for input widgets drawn outside the matrix editor

// Concatenation by appending: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string.
std::string join(std::initializer_list<std::string_view> parts);

// A token's label, or "q₂"/"k₂" (letter + 1-based subscript) when it has none.
std::string token(const std::vector<std::string>& labels, int i, const char* letter);

// Colours shared by the panels (accent for titles, warning for notices).
ImVec4 color_accent();
ImVec4 color_warning();
ImVec4 color_muted();

// ImGui units per CSS pixel: sizes written as "80 * ui_scale()" stay right at any DPR.
float ui_scale();

// The window is phone-sized (narrower than kCompactWidth CSS px): one column, compact menu.
inline constexpr float kCompactWidth = 700.0f;
bool ui_compact();

}  // namespace ap
