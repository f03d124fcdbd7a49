// The captioning view: train the captioner of src/models/captioning_model.h in the page and
// watch it look at each object while it names it. Seed, scoring kind, Train / Pause / Step
// / Reset, live loss, exact-caption and attention accuracy curves; the image drawn large
// with the chosen word's attention over the 16 patches laid over it (the other patches
// dimmed, each attended patch framed, its weight written in it); the caption as words to
// hover or click. The learner drags the two objects to other cells and picks their shapes
// and colours; the caption and the attention follow. The training itself runs in
// captioning_frame() (src/app/captioning_session.h), a bounded slice per frame, which
// app_models_frame calls.
#include <algorithm>
#include <cmath>
#include <string>

#include "app/captioning_session.h"
#include "imgui.h"
#include "ui/fonts.h"
#include "ui/palette.h"
#include "ui/panels.h"
#include "ui/plot.h"
#include "ui/test_hooks.h"
#include "ui/widgets.h"

namespace ap {
namespace {

const ImU32 kLossColor = palette::kGrey, kHeldColor = palette::kGreen, kAttColor = palette::kOrange,
            kLookColor = IM_COL32(255, 214, 10, 255);

// The seed and scoring kind of the next Reset.
void settings(CaptioningSession& s) {
  const float font = ImGui::GetFontSize();
  ImGui::SetNextItemWidth(6 * font);
  ImGui::InputInt("Seed##cap", &s.seed);
  s.seed = std::clamp(s.seed, 0, 1000000);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(8 * font);
  if (ImGui::BeginCombo("Scoring##cap", scoring_name(s.scoring))) {
    for (int k = 0; k < kScoringKindCount; ++k) {
      const auto kind = static_cast<ScoringKind>(k);
      if (ImGui::Selectable(scoring_name(kind), kind == s.scoring)) s.scoring = kind;
    }
    ImGui::EndCombo();
  }
  test_hook_rect("captioning.scoring");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("For the next Reset. Additive learns this task most reliably.");
}

// Train / Pause / Step / Reset and the progress: what a phone pins above its tabs.
void buttons(CaptioningSession& s) {
  if (s.running) {
    if (ImGui::Button("Pause##cap")) s.running = false;
    test_hook_rect("captioning.pause");
  } else {
    ImGui::BeginDisabled(s.trainer->done());
    if (ImGui::Button("Train##cap")) s.running = true;
    test_hook_rect("captioning.train");
    ImGui::EndDisabled();
  }
  ImGui::SameLine();
  ImGui::BeginDisabled(s.running || s.trainer->done());
  if (ImGui::Button("Step##cap")) captioning_step(s);
  test_hook_rect("captioning.step");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Reset##cap")) captioning_reset(s);
  test_hook_rect("captioning.reset");
  const models::CaptioningTrainer& tr = *s.trainer;
  ImGui::TextWrapped("step %d / %d · %lld parameters · %s scoring", tr.steps_done(),
                     tr.config().steps, tr.model().parameter_count(),
                     scoring_name(tr.config().model.scoring));
  const double held = captioning_heldout(s), att = captioning_attention(s);
  const char* reserve = "held-out exact captions 100\u00a0% · attention accuracy 100\u00a0%";
  if (held >= 0)
    status_line(reserve, false,
                "held-out exact captions %.0f\u00a0%% · attention accuracy %.0f\u00a0%%",
                100 * held, 100 * att);
  else
    status_line(reserve, true, "held-out accuracy: measured every 20 steps");
}

void curves(CaptioningSession& s) {
  const float w = ImGui::GetContentRegionAvail().x, h = 4.5f * ImGui::GetFontSize();
  const auto& c = s.trainer->curve();
  const int max_step = s.trainer->config().steps;
  ImGui::TextColored(color_accent(), "Loss (grey, log) ·");
  ImGui::SameLine(0, 0);
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kHeldColor), " exact captions");
  ImGui::SameLine(0, 0);
  ImGui::TextColored(color_accent(), " ·");
  ImGui::SameLine(0, 0);
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kAttColor), " attention");
  const PlotBox box = plot_box(w, h);
  const float thick = 2.0f * ui_scale();
  plot_curve(
      box, c, max_step, [](const models::CaptioningCurvePoint& p) { return plot_log_loss(p.loss); },
      kLossColor, thick);
  plot_curve(
      box, c, max_step, [](const models::CaptioningCurvePoint& p) { return p.heldout; }, kHeldColor,
      thick);
  plot_curve(
      box, c, max_step, [](const models::CaptioningCurvePoint& p) { return p.attention; },
      kAttColor, thick);
  test_hook_rect("captioning.curves");
}

ImU32 pixel_color(const std::vector<double>& img, int y, int x) {
  const std::size_t at =
      (static_cast<std::size_t>(y) * captioning::kImageSize + static_cast<std::size_t>(x)) * 3;
  const auto c = [&](std::size_t k) { return static_cast<int>(std::lround(255.0 * img[at + k])); };
  return IM_COL32(c(0), c(1), c(2), 255);
}

// The object (0 or 1) in cell (row, col), or −1.
int object_at(const CaptioningSession& s, int row, int col) {
  for (int k = 0; k < 2; ++k) {
    const captioning::Object& o = s.objects[static_cast<std::size_t>(k)];
    if (o.row == row && o.col == col) return k;
  }
  return -1;
}

// The image, large, with the chosen word's attention laid over it; drag an object to move it.
// `dragging` is the object being dragged (app.view.captioning_drag; -1: none).
void image_view(CaptioningSession& s, int& dragging, float side) {
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float px = side / static_cast<float>(captioning::kImageSize);
  const float cell = side / static_cast<float>(captioning::kGrid);
  ImGui::InvisibleButton("##image", ImVec2(side, side));
  test_hook_rect("captioning.image");
  const bool hovered = ImGui::IsItemHovered(), active = ImGui::IsItemActive();
  const ImVec2 m = ImGui::GetIO().MousePos;
  const int row = std::clamp(static_cast<int>((m.y - p0.y) / cell), 0, captioning::kGrid - 1);
  const int col = std::clamp(static_cast<int>((m.x - p0.x) / cell), 0, captioning::kGrid - 1);
  if (ImGui::IsItemActivated()) dragging = object_at(s, row, col);
  if (active && dragging >= 0) captioning_move(s, dragging, row, col);
  if (!active) dragging = -1;
  if (hovered || active)
    ImGui::SetMouseCursor(dragging >= 0 || object_at(s, row, col) >= 0 ? ImGuiMouseCursor_Hand
                                                                       : ImGuiMouseCursor_Arrow);

  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (int y = 0; y < captioning::kImageSize; ++y)
    for (int x = 0; x < captioning::kImageSize; ++x) {
      const ImVec2 a(p0.x + static_cast<float>(x) * px, p0.y + static_cast<float>(y) * px);
      dl->AddRectFilled(a, ImVec2(a.x + px + 0.5f, a.y + px + 0.5f), pixel_color(s.image, y, x));
    }
  // The attention of the chosen word: unattended patches dimmed, attended ones framed.
  const models::CaptionResult& r = s.result;
  const bool have = s.word >= 0 && s.word < r.weights.rows();
  const double top = have ? r.weights.row(s.word).maxCoeff() : 0;
  ImGui::PushFont(font_mono());
  for (int p = 0; p < captioning::kPatches; ++p) {
    const int prow = p / captioning::kGrid, pcol = p % captioning::kGrid;
    const ImVec2 a(p0.x + static_cast<float>(pcol) * cell, p0.y + static_cast<float>(prow) * cell);
    const ImVec2 b(a.x + cell, a.y + cell);
    dl->AddRect(a, b, IM_COL32(255, 255, 255, 28));
    if (!have) continue;
    const double w = r.weights(s.word, p);
    const float rel = top > 0 ? static_cast<float>(w / top) : 0.0f;
    dl->AddRectFilled(a, b, IM_COL32(0, 0, 0, static_cast<int>(130.0f * (1.0f - rel))));
    if (w >= 0.05) {
      dl->AddRect(ImVec2(a.x + 1, a.y + 1), ImVec2(b.x - 1, b.y - 1),
                  (kLookColor & 0x00FFFFFF) | (static_cast<ImU32>(80 + 175 * rel) << 24), 0.0f, 0,
                  (1.0f + 3.0f * rel) * ui_scale());
      char text[16];
      std::snprintf(text, sizeof text, "%.2f", w);
      const ImVec2 ts = ImGui::CalcTextSize(text);
      const ImVec2 tp(b.x - ts.x - 3 * ui_scale(), b.y - ts.y - 2 * ui_scale());
      dl->AddRectFilled(ImVec2(tp.x - 2, tp.y), ImVec2(b.x - 2, b.y - 2), IM_COL32(0, 0, 0, 170));
      dl->AddText(tp, kLookColor, text);
    }
  }
  ImGui::PopFont();
  if (dragging >= 0) {
    const captioning::Object& o = s.objects[static_cast<std::size_t>(dragging)];
    const ImVec2 a(p0.x + static_cast<float>(o.col) * cell,
                   p0.y + static_cast<float>(o.row) * cell);
    dl->AddRect(a, ImVec2(a.x + cell, a.y + cell), IM_COL32(255, 255, 255, 230), 0.0f, 0,
                2.0f * ui_scale());
  }
  if (hovered && dragging < 0 && object_at(s, row, col) >= 0)
    ImGui::SetTooltip("drag to move this object to another cell");
}

// The caption as words: hover or click one to show its attention on the image.
void caption_view(CaptioningSession& s) {
  const models::CaptionResult& r = s.result;
  const bool right = captioning_right(s);
  ImGui::TextColored(color_muted(), "The model says (hover a word):");
  ImGui::PushFont(font_mono());
  if (r.words.empty()) ImGui::TextColored(color_muted(), "(nothing yet: train it)");
  const float avail = ImGui::GetContentRegionAvail().x;
  float line = 0;
  for (std::size_t i = 0; i < r.words.size(); ++i) {
    const std::string& w = r.words[i];
    const float width = ImGui::CalcTextSize(w.c_str()).x + 2 * ImGui::GetStyle().FramePadding.x;
    if (i > 0) {
      if (line + width + ImGui::GetStyle().ItemSpacing.x <= avail)
        ImGui::SameLine();
      else
        line = 0;
    }
    line += width + ImGui::GetStyle().ItemSpacing.x;
    const bool current = static_cast<int>(i) == s.word;
    ImGui::PushStyleColor(
        ImGuiCol_Button, current ? ImVec4(0.55f, 0.42f, 0.02f, 1) : ImVec4(0.16f, 0.18f, 0.22f, 1));
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::Button(w.c_str())) s.word = static_cast<int>(i);
    if (ImGui::IsItemHovered()) s.word = static_cast<int>(i);
    ImGui::PopID();
    ImGui::PopStyleColor();
    test_hook_rect("captioning.word." + std::to_string(i));
  }
  ImGui::PopFont();
  ImGui::TextColored(right ? ImVec4(0.4f, 0.85f, 0.5f, 1) : color_warning(), "%s",
                     right ? "✓ the caption is right" : "✗ not the image's caption");
  test_hook_rect("captioning.verdict");
  ImGui::TextWrapped("The image's caption: %s", s.expected.c_str());
}

// Shape and colour pickers of both objects, and where they are.
void object_editors(CaptioningSession& s) {
  const float font = ImGui::GetFontSize();
  for (int k = 0; k < 2; ++k) {
    ImGui::PushID(k);
    captioning::Object& o = s.objects[static_cast<std::size_t>(k)];
    ImGui::Text("Object %d", k + 1);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(7 * font);
    if (ImGui::BeginCombo("##color",
                          captioning::colors()[static_cast<std::size_t>(o.color)].c_str())) {
      for (int c = 0; c < static_cast<int>(captioning::colors().size()); ++c) {
        const std::string& name = captioning::colors()[static_cast<std::size_t>(c)];
        if (ImGui::Selectable(name.c_str(), c == o.color)) captioning_set_look(s, k, o.shape, c);
        test_hook_rect("captioning.color." + std::to_string(k) + "." + name);
      }
      ImGui::EndCombo();
    }
    test_hook_rect("captioning.color." + std::to_string(k));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(7 * font);
    if (ImGui::BeginCombo("##shape",
                          captioning::shapes()[static_cast<std::size_t>(o.shape)].c_str())) {
      for (int sh = 0; sh < static_cast<int>(captioning::shapes().size()); ++sh) {
        const std::string& name = captioning::shapes()[static_cast<std::size_t>(sh)];
        if (ImGui::Selectable(name.c_str(), sh == o.shape)) captioning_set_look(s, k, sh, o.color);
        test_hook_rect("captioning.shape." + std::to_string(k) + "." + name);
      }
      ImGui::EndCombo();
    }
    test_hook_rect("captioning.shape." + std::to_string(k));
    ImGui::SameLine();
    ImGui::TextColored(color_muted(), "row %d, col %d", o.row + 1, o.col + 1);
    ImGui::PopID();
  }
  if (ImGui::Button("New image##cap")) captioning_new_image(s);
  test_hook_rect("captioning.new_image");
}

}  // namespace

void panel_captioning_controls(App& app) {
  CaptioningSession& s = app.captioning;
  captioning_ensure(s);
  ImGui::PushID("captioning");
  buttons(s);
  ImGui::PopID();
}

void panel_captioning(App& app, bool with_controls) {
  CaptioningSession& s = app.captioning;
  ImGui::PushID("captioning");
  section_title("Caption an image",
                "A captioner (task captioning): the image is cut into 16 patches of 8 × 8 "
                "pixels; a decoder writes the caption word by word, and for each word its "
                "query attends over the patches (the playground's attention) and reads what "
                "it looks at. Trained here, from random weights. Drag the objects, change "
                "their colours and shapes: the caption and the attention follow.");
  settings(s);
  if (with_controls) buttons(s);
  curves(s);
  ImGui::Separator();
  captioning_refresh(s);
  const float avail = ImGui::GetContentRegionAvail().x, font = ImGui::GetFontSize();
  const float side = std::floor(std::min(avail, 24.0f * font));
  const bool beside = avail >= side + 16.0f * font;  // caption to the right of the image
  if (beside) {
    const float side2 = std::floor(std::min(avail - 16.0f * font, 24.0f * font));
    image_view(s, app.view.captioning_drag, side2);
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x);
    caption_view(s);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
  } else {
    image_view(s, app.view.captioning_drag, side);
    caption_view(s);
  }
  object_editors(s);
  if (ImGui::Button("Close the captioning view")) s.open = false;
  ImGui::Separator();
  ImGui::PopID();
}

}  // namespace ap
