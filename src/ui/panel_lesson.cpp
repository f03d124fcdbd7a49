// The lesson views: the "Lessons" menu (every lesson with its progress; broken lessons
// greyed with their FILE:LINE reason) and the lesson column (title, step k of n, the
// lesson's intro, the step's prose, goals with live ticks, hints, "Show me", navigation).
// The session logic is in lessons/lesson_session.h; this file only draws it and forwards
// clicks.
#include <string>
#include <vector>

#include "imgui.h"
#include "lessons/goal.h"
#include "lessons/markdown.h"
#include "ui/markdown_view.h"
#include "ui/panels.h"
#include "ui/test_hooks.h"
#include "ui/widgets.h"

namespace ap {
namespace {

const ImVec4 kMetColour(0.35f, 0.85f, 0.45f, 1.0f);

// Which goals show their hint; reset when the step changes.
std::vector<bool>& hints_for(LessonView& view, const LessonSession& s, std::size_t goals) {
  const std::string key = session_link(s).lesson + "#" + std::to_string(s.step);
  if (view.hints_step != key || view.hints_open.size() != goals) {
    view.hints_step = key;
    view.hints_open.assign(goals, false);
  }
  return view.hints_open;
}

// Cached parse of Markdown that changes with the step only (its prose, its title, the
// lesson's intro): markdown_parse runs when the text differs from the one parsed last in
// this slot. Comparing a few kilobytes a frame is cheap, and right by construction.
const RichText& parsed(LessonView& view, const std::string& md, int slot) {
  const auto i = static_cast<std::size_t>(slot);
  if (view.parsed_source[i] != md) {
    view.parsed_source[i] = md;
    view.parsed[i] = markdown_parse(md);
  }
  return view.parsed[i];
}

std::string progress_label(const LessonSession& s, const Lesson& lesson) {
  const auto it = s.progress.find(lesson.id);
  const std::size_t done = it == s.progress.end() ? 0 : it->second.size();
  const std::size_t n = lesson.steps.size();
  return (done >= n && n > 0 ? "✓ " : "") + std::to_string(std::min(done, n)) + "/" +
         std::to_string(n);
}

void broken_lesson_item(const Lesson& lesson) {
  const std::string label =
      (lesson.title.empty() ? lesson.file : lesson.title) + "##" + lesson.file;
  ImGui::MenuItem(label.c_str(), "broken", false, false);
  ImGui::PushStyleColor(ImGuiCol_Text, color_muted());
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 460.0f * ui_scale());
  ImGui::Indent();
  ImGui::TextWrapped("%s", lesson.errors.front().c_str());
  ImGui::Unindent();
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

void lesson_item(App& app, LessonSession& s, int index) {
  const Lesson& lesson = s.set.lessons[index];
  if (!lesson.errors.empty()) return broken_lesson_item(lesson);
  const std::string progress = progress_label(s, lesson);
  if (ImGui::MenuItem(lesson.title.c_str(), progress.c_str(), s.lesson == index)) {
    std::string error;
    session_open(s, app, lesson.id, 0, true, &error);
    if (!error.empty()) app.notice = error;
  }
  test_hook_rect("lessons:" + lesson.id);  // test hook
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", lesson.summary.c_str());
}

void set_errors(const LessonSession& s) {
  if (s.set.errors.empty()) return;
  ImGui::Separator();
  ImGui::PushStyleColor(ImGuiCol_Text, color_muted());
  for (const std::string& e : s.set.errors) ImGui::TextUnformatted(e.c_str());
  ImGui::PopStyleColor();
}

}  // namespace

void panel_lesson_menu(Program& prog) {
  App& app = prog.app;
  const bool open = ImGui::BeginMenu("Lessons");
  test_hook_rect("menu:lessons");  // test hook
  if (!open) return;
  LessonSession& s = prog.lessons;
  if (s.set.lessons.empty()) ImGui::TextDisabled("No lessons were found.");
  for (int i = 0; i < static_cast<int>(s.set.lessons.size()); ++i) lesson_item(app, s, i);
  set_errors(s);
  if (s.lesson >= 0) {
    ImGui::Separator();
    if (ImGui::MenuItem("Close lesson")) session_close(s);
  }
  ImGui::EndMenu();
}

bool panel_lesson_open(const Program& prog) {
  return session_lesson(prog.lessons) != nullptr;
}

namespace {

// The lesson's intro (its definitions and set-up): open on step 1, one click away later.
void lesson_intro(Program& prog, const Lesson& lesson) {
  if (lesson.intro_markdown.empty()) return;
  const LessonSession& s = prog.lessons;
  const std::string label = "Introduction##intro" + std::to_string(s.step);
  if (ImGui::CollapsingHeader(label.c_str(), s.step == 0 ? ImGuiTreeNodeFlags_DefaultOpen : 0))
    markdown_view(parsed(prog.lesson_view, lesson.intro_markdown, 2), prog.host);
}

void lesson_header(Program& prog, const Lesson& lesson) {
  const LessonSession& s = prog.lessons;
  ImGui::PushStyleColor(ImGuiCol_Text, color_muted());
  ImGui::TextWrapped("Lesson · %s", lesson.title.c_str());
  ImGui::PopStyleColor();
  const Step& step = lesson.steps[s.step];
  const bool done = s.progress.count(lesson.id) && s.progress.at(lesson.id).count(s.step);
  ImGui::Text("Step %d of %d%s", s.step + 1, static_cast<int>(lesson.steps.size()),
              done ? "  ✓" : "");
  lesson_intro(prog, lesson);
  ImGui::SetWindowFontScale(1.18f);
  ImGui::PushStyleColor(ImGuiCol_Text, color_accent());
  // W_o in a title is a subscript
  markdown_inline(parsed(prog.lesson_view, step.title, 1), prog.host);
  ImGui::PopStyleColor();
  ImGui::SetWindowFontScale(1.0f);
  ImGui::Separator();
}

void goal_row(Program& prog, const Goal& goal, int i, bool* hint_open) {
  App& app = prog.app;
  LessonSession& s = prog.lessons;
  ImGui::PushID(i);
  const bool met = i < static_cast<int>(s.goals_met.size()) && s.goals_met[i];
  ImGui::PushStyleColor(ImGuiCol_Text, met ? kMetColour : color_muted());
  ImGui::TextUnformatted(met ? "✓" : "○");
  ImGui::PopStyleColor();
  ImGui::SameLine();
  ImGui::BeginGroup();
  markdown_inline(markdown_parse(goal.text), prog.host);
  if (ImGui::SmallButton(*hint_open ? "Hide hint" : "Hint")) *hint_open = !*hint_open;
  ImGui::SameLine();
  if (ImGui::SmallButton("Show me")) session_show_me(s, app, i);
  test_hook_rect("lesson:showme:" + std::to_string(i + 1));  // test hook
  if (*hint_open) {
    ImGui::PushStyleColor(ImGuiCol_Text, color_muted());
    if (!goal.hint.empty()) markdown_inline(markdown_parse(goal.hint), prog.host);
    const std::string why = session_why_not(s, app, i);
    if (!why.empty()) ImGui::TextWrapped("Now: %s", why.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::EndGroup();
  ImGui::PopID();
  ImGui::Spacing();
}

void goals_section(Program& prog, const Step& step) {
  section_title(step.goals.size() == 1 ? "Goal" : "Goals",
                "Checked live as you edit: a tick appears when a goal is met.");
  std::vector<bool>& hints = hints_for(prog.lesson_view, prog.lessons, step.goals.size());
  for (int i = 0; i < static_cast<int>(step.goals.size()); ++i) {
    bool open = hints[i];
    goal_row(prog, step.goals[i], i, &open);
    hints[i] = open;
  }
}

void nav_buttons(App& app, LessonSession& s, const Lesson& lesson) {
  const float w = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  ImGui::BeginDisabled(s.step == 0);
  if (ImGui::Button("◀ Previous", ImVec2(w, 0))) session_previous(s, app);
  ImGui::EndDisabled();
  test_hook_rect("lesson:previous");  // test hook
  ImGui::SameLine();
  const bool last = s.step + 1 >= static_cast<int>(lesson.steps.size());
  const bool ready = session_all_met(s);
  if (ready) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.18f, 0.50f, 0.28f, 1.0f));
  ImGui::BeginDisabled(last);
  if (ImGui::Button("Next ▶", ImVec2(w, 0))) session_next(s, app);
  ImGui::EndDisabled();
  if (ready) ImGui::PopStyleColor();
  test_hook_rect("lesson:next");  // test hook
  if (ImGui::Button("Reset this step")) session_reset_step(s, app);
  ImGui::SameLine();
  if (ImGui::Button("Close lesson")) session_close(s);
  test_hook_rect("lesson:close");  // test hook
}

}  // namespace

void panel_lesson(Program& prog) {
  App& app = prog.app;
  LessonSession& s = prog.lessons;
  const Lesson* lesson = session_lesson(s);
  if (!lesson) return;
  const Step& step = lesson->steps[s.step];
  // The prose scrolls in its own child; the goals and the buttons stay at the bottom of the
  // column, in view, when it is tall enough for both (their height is last frame's).
  LessonView& view = prog.lesson_view;
  float& footer_h = view.footer_height;
  const float avail = ImGui::GetContentRegionAvail().y;
  const bool pinned = footer_h > 0 && avail - footer_h > 10.0f * ImGui::GetFontSize();
  if (pinned) ImGui::BeginChild("##prose", ImVec2(0, avail - footer_h), false);
  lesson_header(prog, *lesson);
  markdown_view(parsed(view, step.markdown, 0), prog.host);
  test_hook_rect("lesson:prose");  // test hook: the prose's last word
  if (pinned) ImGui::EndChild();
  const float footer_top = ImGui::GetCursorPosY();
  ImGui::Spacing();
  goals_section(prog, step);
  ImGui::Separator();
  nav_buttons(app, s, *lesson);
  if (session_all_met(s) && s.step + 1 >= static_cast<int>(lesson->steps.size())) {
    ImGui::PushStyleColor(ImGuiCol_Text, kMetColour);
    ImGui::TextWrapped("Lesson complete. Pick the next one from the Lessons menu.");
    ImGui::PopStyleColor();
  }
  footer_h = ImGui::GetCursorPosY() - footer_top + ImGui::GetStyle().ItemSpacing.y;
}

}  // namespace ap
