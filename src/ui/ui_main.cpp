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

#include "imgui.h"
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
  void (*draw)(Program&);
};

// A panel that reads only the App, in a slot.
template <void (*Draw)(App&)>
void on_app(Program& prog) {
  Draw(prog.app);
}

void pipeline(Program& prog) {
  panel_pipeline(prog.app);
}
void stages(Program& prog) {
  panel_pipeline(prog.app, PipelineParts::Stages);
}

void column(const char* id, std::initializer_list<PanelSlot> panels, Program& prog) {
  ImGui::TableNextColumn();
  ImGui::BeginChild(id, ImVec2(0, 0), false, ImGuiWindowFlags_AlwaysUseWindowPadding);
  for (const PanelSlot& p : panels)
    if (!p.panel || program_panel_visible(prog, *p.panel)) p.draw(prog);
  ImGui::EndChild();
}

// A model's view (or the scale lab) is on screen when it was opened from the Models menu,
// or when the open lesson's step shows it.
bool model_shown(const Program& prog, bool opened, Panel panel) {
  return opened || (panel_lesson_open(prog) && program_panel_visible(prog, panel));
}
ShownViews shown_views(const Program& prog) {
  const App& app = prog.app;
  ShownViews v;
  v.translation = model_shown(prog, app.training.open, Panel::Training);
  v.sentiment = model_shown(prog, app.sentiment.open, Panel::Sentiment);
  v.qa = model_shown(prog, app.qa.open, Panel::Qa);
  v.captioning = model_shown(prog, app.captioning.open, Panel::Captioning);
  v.induction = model_shown(prog, app.induction.open, Panel::Induction);
  v.scale = model_shown(prog, app.scale.open, Panel::Scale);
  return v;
}
void panel_scale_lab_if_open(Program& prog) {
  if (shown_views(prog).scale) panel_scale_lab(prog.app);
}
// A view without its Train row or settings, which the phone pins above the tabs.
template <void (*Draw)(App&, bool)>
void below_pinned_controls(Program& prog) {
  Draw(prog.app, false);
}
void panel_training_if_open(Program& prog) {
  const ShownViews shown = shown_views(prog);
  if (shown.translation) panel_training(prog.app);
  if (shown.qa) panel_qa(prog.app);
  if (shown.induction) panel_induction(prog.app);
}
// The phone's Model tab: the views shown, without the controls pinned above the tabs.
void models_below_pinned_controls(Program& prog) {
  const ShownViews shown = shown_views(prog);
  if (shown.translation) panel_training(prog.app, false);
  if (shown.sentiment) panel_sentiment(prog.app, false);
  if (shown.qa) panel_qa(prog.app, false);
}

void panel_sentiment_if_open(Program& prog) {
  const ShownViews shown = shown_views(prog);
  if (shown.sentiment) panel_sentiment(prog.app);
  if (shown.captioning) panel_captioning(prog.app);
}

bool any_visible(const Program& prog, std::initializer_list<Panel> panels) {
  return std::any_of(panels.begin(), panels.end(),
                     [&prog](Panel p) { return program_panel_visible(prog, p); });
}

// Three columns; a fourth on the left holds the open lesson. A column whose panels a lesson
// step all hides is left out, so a model's view gets the room (a case study). The tables
// have different ids so that each keeps its own column widths.
void layout(Program& prog) {
  const bool lesson = panel_lesson_open(prog);
  const bool inputs = any_visible(prog, {Panel::Tokens, Panel::Matrices, Panel::Scoring,
                                         Panel::Mask, Panel::Sparsity, Panel::Heads});
  const bool right = any_visible(prog, {Panel::Scaling, Panel::Inspector, Panel::Plane});
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
  if (lesson) column("##lesson", {{std::nullopt, panel_lesson}}, prog);
  // panel_scoring and panel_inputs check their own sections' flags.
  if (inputs)
    column("##inputs", {{std::nullopt, panel_scoring}, {std::nullopt, panel_inputs}}, prog);
  column("##pipeline",
         {{std::nullopt, panel_scale_lab_if_open},
          {std::nullopt, panel_training_if_open},
          {std::nullopt, panel_sentiment_if_open},
          {Panel::Pipeline, pipeline}},
         prog);
  // The √d lab first: the lessons that show it talk about it in every step.
  if (right)
    column("##inspector",
           {{Panel::Scaling, on_app<panel_scaling>},
            {Panel::Inspector, on_app<panel_inspector>},
            {Panel::Plane, on_app<panel_vector_plane>}},
           prog);
  ImGui::EndTable();
}

// A phone: the weights and the output pinned at the top (a third of the height), then one
// section at a time under tabs; a lesson that opens or moves on brings its tab to the front.
void phone_layout(Program& prog) {
  App& app = prog.app;
  const bool lesson = panel_lesson_open(prog);
  const ShownViews shown = shown_views(prog);
  // What a case study's learner works on: Train / Pause / Step and the progress, pinned.
  if (shown.translation) panel_training_controls(app);
  if (shown.sentiment) panel_sentiment_controls(app);
  if (shown.qa) panel_qa_controls(app);
  if (shown.induction) panel_induction_controls(app);
  if (shown.captioning) panel_captioning_controls(app);
  if (shown.scale) panel_scale_lab_controls(app);
  if (program_panel_visible(prog, Panel::Pipeline)) {
    // At most a third of the height, and no taller than last frame's content.
    float& content_h = app.view.phone_result_height;
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
      {"Transformer",
       {{std::nullopt, below_pinned_controls<panel_induction>}, {std::nullopt, nullptr}}},
      {"Captions",
       {{std::nullopt, below_pinned_controls<panel_captioning>}, {std::nullopt, nullptr}}},
      {"Scale", {{std::nullopt, below_pinned_controls<panel_scale_lab>}, {std::nullopt, nullptr}}},
      {"Inputs", {{std::nullopt, panel_scoring}, {std::nullopt, panel_inputs}}},
      {"Stages", {{Panel::Pipeline, stages}, {Panel::Scaling, on_app<panel_scaling>}}},
      {"Query",
       {{Panel::Inspector, on_app<panel_inspector>}, {Panel::Plane, on_app<panel_vector_plane>}}},
  };
  std::string& shown_step = prog.lesson_view.tab_step;
  const LessonSession& s = prog.lessons;
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
      if (p.draw && (!p.panel || program_panel_visible(prog, *p.panel))) p.draw(prog);
    ImGui::EndChild();
    ImGui::EndTabItem();
  }
  ImGui::EndTabBar();
}

}  // namespace

void ui_init(Program&, float, UiContext& ctx) {
  ui_context_attach(ctx);
  apply_style();
  ImGuiIO& io = ImGui::GetIO();
  // A click on a matrix cell without dragging opens it for typing.
  io.ConfigDragClickToInputText = false;
  io.ConfigWindowsMoveFromTitleBarOnly = true;
}

void ui_draw(Program& prog) {
  App& app = prog.app;
  handle_shortcuts(app);
  // Models train (and the scale lab measures) before drawing, so the lesson's goals and the
  // views read this frame's figures.
  app_models_frame(app, shown_views(prog));
  program_lessons_frame(prog);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_MenuBar | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                 ImGuiWindowFlags_NoSavedSettings;
  ImGui::Begin("Attention Playground", nullptr, flags);
  panel_menu_bar(prog);
  panel_notice(app);
  if (ui_compact())
    phone_layout(prog);
  else
    layout(prog);
  touch_scroll_frame(app);
  ImGui::End();
  ui_cells_frame_end(app);
}

}  // namespace ap
