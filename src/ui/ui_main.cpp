// The playground's layout: one full-window ImGui window with the menu bar, the notice
// line, and three resizable columns — inputs and scoring on the left, the pipeline in the
// middle, the √d lab (when a lesson shows it), the selected query and the vector plane on
// the right — plus, while a lesson is open, a lesson column on the far left; panels the
// lesson step hides are not drawn. Below 700 CSS px (a phone) it is one column instead: the
// weights and the output pinned at the top, and the lesson, the inputs, the stages and the
// selected query as tabs under them. Keyboard shortcuts for undo/redo live here because they
// belong to the whole window.
#include <algorithm>
#include <initializer_list>
#include <optional>
#include <string>

#include "core/limits.h"
#include "imgui.h"
#include "ui/lesson_ui.h"
#include "ui/panels.h"
#include "ui/test_hooks.h"
#include "ui/touch.h"
#include "ui/ui.h"
#include "ui/widgets.h"

namespace ap {
namespace {

void apply_style() {
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowRounding = 0.0f;
  style.FrameRounding = 3.0f;
  style.GrabRounding = 3.0f;
  style.TabRounding = 3.0f;
  ImVec4* c = style.Colors;
  c[ImGuiCol_WindowBg] = ImVec4(0.102f, 0.110f, 0.129f, 1.0f);
  c[ImGuiCol_ChildBg] = ImVec4(0.118f, 0.126f, 0.149f, 1.0f);
  c[ImGuiCol_FrameBg] = ImVec4(0.17f, 0.18f, 0.21f, 1.0f);
  c[ImGuiCol_Header] = ImVec4(0.22f, 0.30f, 0.42f, 1.0f);
  c[ImGuiCol_TableHeaderBg] = ImVec4(0.16f, 0.17f, 0.20f, 1.0f);
}

void handle_shortcuts(App& app) {
  const ImGuiIO& io = ImGui::GetIO();
  // While a text field is focused, Ctrl+Z belongs to the text field.
  if (io.WantTextInput || !io.KeyCtrl) return;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Z), false))
    io.KeyShift ? app_redo(app) : app_undo(app);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Y), false)) app_redo(app);
}

// Draws `panels` whose lesson visibility flag is on, in one scrolling child of a column.
struct PanelSlot {
  std::optional<Panel> panel;  // none: always drawn
  void (*draw)(App&);
};

void pipeline(App& app) {
  panel_pipeline(app);
}
void stages(App& app) {
  panel_pipeline(app, PipelineParts::Stages);
}

void column(const char* id, std::initializer_list<PanelSlot> panels, App& app) {
  ImGui::TableNextColumn();
  ImGui::BeginChild(id, ImVec2(0, 0), false, ImGuiWindowFlags_AlwaysUseWindowPadding);
  for (const PanelSlot& p : panels)
    if (!p.panel || ui_panel_visible(*p.panel)) p.draw(app);
  ImGui::EndChild();
}

// A model's view (or the scale lab) is on screen when it was opened from the Models menu,
// or when the open lesson's step shows it.
bool model_shown(bool opened, Panel panel) {
  return opened || (panel_lesson_open() && ui_panel_visible(panel));
}
ShownViews shown_views(const App& app) {
  ShownViews v;
  v.translation = model_shown(app.training.open, Panel::Training);
  v.sentiment = model_shown(app.sentiment.open, Panel::Sentiment);
  v.qa = model_shown(app.qa.open, Panel::Qa);
  v.captioning = model_shown(app.captioning.open, Panel::Captioning);
  v.induction = model_shown(app.induction.open, Panel::Induction);
  v.scale = model_shown(app.scale.open, Panel::Scale);
  return v;
}
void panel_scale_lab_if_open(App& app) {
  if (shown_views(app).scale) panel_scale_lab(app);
}
void scale_below_pinned_controls(App& app) {
  panel_scale_lab(app, false);
}
void panel_training_if_open(App& app) {
  const ShownViews shown = shown_views(app);
  if (shown.translation) panel_training(app);
  if (shown.qa) panel_qa(app);
  if (shown.induction) panel_induction(app);
}
// The phone's Model tab: the views shown, without the controls pinned above the tabs.
void models_below_pinned_controls(App& app) {
  const ShownViews shown = shown_views(app);
  if (shown.translation) panel_training(app, false);
  if (shown.sentiment) panel_sentiment(app, false);
  if (shown.qa) panel_qa(app, false);
}
void induction_below_pinned_controls(App& app) {
  panel_induction(app, false);
}
void captioning_below_pinned_controls(App& app) {
  panel_captioning(app, false);
}

void panel_sentiment_if_open(App& app) {
  const ShownViews shown = shown_views(app);
  if (shown.sentiment) panel_sentiment(app);
  if (shown.captioning) panel_captioning(app);
}

bool any_visible(std::initializer_list<Panel> panels) {
  return std::any_of(panels.begin(), panels.end(), ui_panel_visible);
}

// Three columns; a fourth on the left holds the open lesson. A column whose panels a lesson
// step all hides is left out, so a model's view gets the room (a case study). The tables
// have different ids so that each keeps its own column widths.
void layout(App& app) {
  const bool lesson = panel_lesson_open();
  const bool inputs = any_visible(
      {Panel::Tokens, Panel::Matrices, Panel::Scoring, Panel::Mask, Panel::Sparsity, Panel::Heads});
  const bool right = any_visible({Panel::Scaling, Panel::Inspector, Panel::Plane});
  const std::string id =
      join({"layout", lesson ? "_lesson" : "", inputs ? "" : "_noinputs", right ? "" : "_noright"});
  const int columns = 1 + (lesson ? 1 : 0) + (inputs ? 1 : 0) + (right ? 1 : 0);
  const ImGuiTableFlags table_flags = ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV;
  if (!ImGui::BeginTable(id.c_str(), columns, table_flags)) return;
  if (lesson) ImGui::TableSetupColumn("lesson", ImGuiTableColumnFlags_WidthStretch, 0.29f);
  if (inputs)
    ImGui::TableSetupColumn("inputs", ImGuiTableColumnFlags_WidthStretch, lesson ? 0.27f : 0.32f);
  ImGui::TableSetupColumn("pipeline", ImGuiTableColumnFlags_WidthStretch, 0.42f);
  if (right) ImGui::TableSetupColumn("inspector", ImGuiTableColumnFlags_WidthStretch, 0.26f);
  ImGui::TableNextRow();
  if (lesson) column("##lesson", {{std::nullopt, panel_lesson}}, app);
  // panel_scoring and panel_inputs check their own sections' flags.
  if (inputs)
    column("##inputs", {{std::nullopt, panel_scoring}, {std::nullopt, panel_inputs}}, app);
  column("##pipeline",
         {{std::nullopt, panel_scale_lab_if_open},
          {std::nullopt, panel_training_if_open},
          {std::nullopt, panel_sentiment_if_open},
          {Panel::Pipeline, pipeline}},
         app);
  // The √d lab first: the lessons that show it talk about it in every step.
  if (right)
    column("##inspector",
           {{Panel::Scaling, panel_scaling},
            {Panel::Inspector, panel_inspector},
            {Panel::Plane, panel_vector_plane}},
           app);
  ImGui::EndTable();
}

// A phone: the weights and the output pinned at the top (a third of the height), then one
// section at a time under tabs; a lesson that opens or moves on brings its tab to the front.
void phone_layout(App& app) {
  const bool lesson = panel_lesson_open();
  const ShownViews shown = shown_views(app);
  // What a case study's learner works on: Train / Pause / Step and the progress, pinned.
  if (shown.translation) panel_training_controls(app);
  if (shown.sentiment) panel_sentiment_controls(app);
  if (shown.qa) panel_qa_controls(app);
  if (shown.induction) panel_induction_controls(app);
  if (shown.captioning) panel_captioning_controls(app);
  if (shown.scale) panel_scale_lab_controls(app);
  if (ui_panel_visible(Panel::Pipeline)) {
    // At most a third of the height, and no taller than last frame's content.
    static float content_h = 0;
    const float cap = ImGui::GetMainViewport()->WorkSize.y * 0.34f;
    const float h = content_h > 0 ? std::min(cap, content_h) : cap;
    ImGui::BeginChild("##result", ImVec2(0, h), false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    panel_pipeline(app, PipelineParts::Result);
    content_h = ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y;
    ImGui::EndChild();
  }
  struct Section {
    const char* title;
    PanelSlot panels[2];  // a slot without draw is empty
  };
  const Section sections[] = {
      {"Lesson", {{std::nullopt, panel_lesson}, {std::nullopt, nullptr}}},
      {"Model", {{std::nullopt, models_below_pinned_controls}, {std::nullopt, nullptr}}},
      {"Transformer", {{std::nullopt, induction_below_pinned_controls}, {std::nullopt, nullptr}}},
      {"Captions", {{std::nullopt, captioning_below_pinned_controls}, {std::nullopt, nullptr}}},
      {"Scale", {{std::nullopt, scale_below_pinned_controls}, {std::nullopt, nullptr}}},
      {"Inputs", {{std::nullopt, panel_scoring}, {std::nullopt, panel_inputs}}},
      {"Stages", {{Panel::Pipeline, stages}, {Panel::Scaling, panel_scaling}}},
      {"Query", {{Panel::Inspector, panel_inspector}, {Panel::Plane, panel_vector_plane}}},
  };
  static std::string shown_step;
  const LessonSession& s = lesson_session();
  const std::string step =
      lesson ? join({session_link(s).lesson, "#", std::to_string(s.step)}) : std::string();
  const bool lesson_moved = step != shown_step;
  shown_step = step;
  if (!ImGui::BeginTabBar("##sections", ImGuiTabBarFlags_FittingPolicyResizeDown)) return;
  for (const Section& sec : sections) {
    const bool is_lesson = std::string(sec.title) == "Lesson";
    if (is_lesson && !lesson) continue;
    if (std::string(sec.title) == "Model" && !shown.translation && !shown.sentiment && !shown.qa)
      continue;
    if (std::string(sec.title) == "Transformer" && !shown.induction) continue;
    if (std::string(sec.title) == "Captions" && !shown.captioning) continue;
    if (std::string(sec.title) == "Scale" && !shown.scale) continue;
    const ImGuiTabItemFlags flags =
        is_lesson && lesson_moved ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
    const bool open = ImGui::BeginTabItem(sec.title, nullptr, flags);
    test_hook_rect(join({"section:", sec.title}));  // test hook
    if (!open) continue;
    ImGui::BeginChild("##section", ImVec2(0, 0), false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    for (const PanelSlot& p : sec.panels)
      if (p.draw && (!p.panel || ui_panel_visible(*p.panel))) p.draw(app);
    ImGui::EndChild();
    ImGui::EndTabItem();
  }
  ImGui::EndTabBar();
}

}  // namespace

void ui_init(App&, float) {
  apply_style();
  ImGuiIO& io = ImGui::GetIO();
  // A click on a matrix cell without dragging opens it for typing.
  io.ConfigDragClickToInputText = false;
  io.ConfigWindowsMoveFromTitleBarOnly = true;
}

void ui_draw(App& app) {
  handle_shortcuts(app);
  // Models train (and the scale lab measures) before drawing, so the lesson's goals and the
  // views read this frame's figures.
  app_models_frame(app, shown_views(app));
  lessons_frame(app);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_MenuBar | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                 ImGuiWindowFlags_NoSavedSettings;
  ImGui::Begin("Attention Playground", nullptr, flags);
  panel_menu_bar(app);
  panel_notice(app);
  if (ui_compact())
    phone_layout(app);
  else
    layout(app);
  touch_scroll_frame();
  ImGui::End();
  ui_cells_frame_end();
}

}  // namespace ap
