// Rich-text drawing for lesson prose; see markdown_view.h. Text is laid out word by word:
// each word is one ImGui text item placed with SameLine(0, 0) while it fits the column,
// so fonts and colours can change inside a line and wrapped lines start at the indent.
#include "ui/markdown_view.h"

#include <algorithm>
#include <string>

#include "app/host.h"
#include "imgui.h"
#include "ui/fonts.h"
#include "ui/widgets.h"

namespace ap {
namespace {

constexpr float kHeadingScale = 1.18f;

ImVec4 span_colour(const Span& span) {
  if (!span.link.empty()) return color_accent();
  if (span.code) return ImVec4(0.62f, 0.90f, 0.70f, 1.0f);
  if (span.strong) return ImVec4(1.0f, 0.84f, 0.52f, 1.0f);
  if (span.emphasis) return ImVec4(0.84f, 0.78f, 1.0f, 1.0f);
  return ImGui::GetStyleColorVec4(ImGuiCol_Text);
}

void link_behaviour(const std::string& url, Host& host) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  ImGui::GetWindowDrawList()->AddLine(ImVec2(a.x, b.y - 1), ImVec2(b.x, b.y - 1),
                                      ImGui::GetColorU32(color_accent()));
  if (!ImGui::IsItemHovered()) return;
  ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  ImGui::SetTooltip("%s\n(click to copy the address)", url.c_str());
  if (ImGui::IsItemClicked()) host.copy_text(url);
}

// A subscript (the k of W_k): the same font at this share of the size, lowered.
constexpr float kSubscriptScale = 0.72f;
constexpr float kSubscriptDrop = 0.36f;

// Draws `word` as a subscript item at the cursor.
void subscript_text(const std::string& word, const Span& span) {
  ImFont* font = ImGui::GetFont();
  const float size = ImGui::GetFontSize() * kSubscriptScale;
  const ImVec2 extent = font->CalcTextSizeA(size, FLT_MAX, 0.0f, word.c_str());
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddText(font, size,
                                      ImVec2(pos.x, pos.y + ImGui::GetFontSize() * kSubscriptDrop),
                                      ImGui::GetColorU32(span_colour(span)), word.c_str());
  ImGui::Dummy(ImVec2(extent.x, ImGui::GetTextLineHeight()));
}

// Words flowing along a line: whether the next one starts the flow, and the host a clicked
// link's address is copied through.
struct Flow {
  Host& host;
  bool first = true;
};

// Places one word (with its trailing spaces) after the previous one, or on a new line.
void flow_word(const std::string& word, const Span& span, Flow& flow) {
  ImGui::PushFont(span.code ? font_mono() : font_ui());
  const float width =
      ImGui::CalcTextSize(word.c_str()).x * (span.subscript ? kSubscriptScale : 1.0f);
  if (!flow.first) {
    ImGui::SameLine(0.0f, 0.0f);
    const float right = ImGui::GetWindowContentRegionMax().x;
    // A subscript stays with the letter it belongs to, punctuation with the word before,
    // and so does the bare space between two spans: a line never starts with a space.
    const bool attached = span.subscript || word.find_first_of(",.;:)!?") == 0 ||
                          word.find_first_not_of(' ') == std::string::npos;
    if (!attached && ImGui::GetCursorPosX() + width > right) ImGui::NewLine();
  }
  flow.first = false;
  if (span.subscript) {
    subscript_text(word, span);
  } else {
    ImGui::PushStyleColor(ImGuiCol_Text, span_colour(span));
    ImGui::TextUnformatted(word.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::PopFont();
  if (!span.link.empty()) link_behaviour(span.link, flow.host);
}

void flow_span(const Span& span, Flow& flow) {
  std::size_t start = 0;
  const std::string& t = span.text;
  while (start < t.size()) {
    std::size_t end = t.find(' ', start);
    end = end == std::string::npos ? t.size() : t.find_first_not_of(' ', end);
    if (end == std::string::npos) end = t.size();
    flow_word(t.substr(start, end - start), span, flow);
    start = end;
  }
}

void flow_spans(const RichBlock& block, Host& host) {
  Flow flow{host};
  for (const Span& span : block.spans) flow_span(span, flow);
  if (flow.first) ImGui::NewLine();
}

// A code block in its own child with a horizontal scrollbar when a line is too long.
void code_block(const RichBlock& block) {
  if (block.spans.empty()) return;
  std::string code = block.spans.front().text;
  while (!code.empty() && code.back() == '\n') code.pop_back();
  ImGui::PushFont(font_mono());
  const ImGuiStyle& style = ImGui::GetStyle();
  const ImVec2 size = ImGui::CalcTextSize(code.c_str());
  const bool too_wide = size.x + 2 * style.WindowPadding.x > ImGui::GetContentRegionAvail().x;
  const float height = size.y + 2 * style.WindowPadding.y + (too_wide ? style.ScrollbarSize : 0.0f);
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.0f, 0.0f, 0.0f, 0.35f));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.62f, 0.90f, 0.70f, 1.0f));
  ImGui::BeginChild(ImGui::GetID(&block), ImVec2(0, height), false,
                    ImGuiWindowFlags_HorizontalScrollbar | ImGuiWindowFlags_AlwaysUseWindowPadding);
  ImGui::TextUnformatted(code.c_str());
  ImGui::EndChild();
  ImGui::PopStyleColor(2);
  ImGui::PopFont();
}

void heading(const RichBlock& block, Host& host) {
  ImGui::Spacing();
  ImGui::SetWindowFontScale(block.level <= 2 ? kHeadingScale : 1.0f);
  // Headings are all accent colour: their spans keep only code and subscripts.
  RichBlock accented = block;
  for (Span& s : accented.spans) {
    s.strong = false;
    s.emphasis = false;
    s.link.clear();
  }
  ImGui::PushStyleColor(ImGuiCol_Text, color_accent());
  flow_spans(accented, host);
  ImGui::PopStyleColor();
  ImGui::SetWindowFontScale(1.0f);
}

// A list item: the marker hangs left of the indented text.
void list_item(const RichBlock& block, Host& host) {
  const std::string marker = block.ordered ? std::to_string(block.number) + "." : "•";
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const float marker_w = ImGui::CalcTextSize(marker.c_str()).x;
  ImGui::GetWindowDrawList()->AddText(ImVec2(pos.x - marker_w - 6.0f * ui_scale(), pos.y),
                                      ImGui::GetColorU32(color_muted()), marker.c_str());
  flow_spans(block, host);
}

void block_view(const RichBlock& block, Host& host) {
  const float step = 18.0f * ui_scale();
  const float indent = step * static_cast<float>(block.depth) + (block.quote ? step : 0.0f);
  if (indent > 0) ImGui::Indent(indent);
  switch (block.kind) {
    case BlockKind::Heading:
      heading(block, host);
      break;
    case BlockKind::Code:
      code_block(block);
      break;
    case BlockKind::Rule:
      ImGui::Separator();
      break;
    case BlockKind::ListItem:
      list_item(block, host);
      break;
    case BlockKind::Paragraph:
      flow_spans(block, host);
      break;
  }
  if (indent > 0) ImGui::Unindent(indent);
}

}  // namespace

void markdown_view(const RichText& text, Host& host) {
  for (std::size_t i = 0; i < text.blocks.size(); ++i) {
    const RichBlock& block = text.blocks[i];
    const bool tight = block.kind == BlockKind::ListItem && i > 0 &&
                       text.blocks[i - 1].kind == BlockKind::ListItem;
    if (i > 0 && !tight) ImGui::Dummy(ImVec2(0, 4.0f * ui_scale()));
    block_view(block, host);
  }
}

void markdown_inline(const RichText& text, Host& host) {
  Flow flow{host};  // the first word goes where the cursor is
  for (const RichBlock& block : text.blocks)
    for (const Span& span : block.spans) flow_span(span, flow);
}

}  // namespace ap
