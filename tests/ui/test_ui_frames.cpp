// The real interface (ap_ui) run natively without a platform: the fake host of
// fake_host.h, an ImGui context with a font atlas and no renderer backend (no GL: heatmaps
// draw as ImGui rectangles and ImGui::Render only builds draw lists), and the mouse fed
// through ImGuiIO. Widgets are found by their test hooks (ui/test_hooks.h), as the browser
// tests find them.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "app/app.h"
#include "fake_host.h"
#include "imgui.h"
#include "lessons/program.h"
#include "ui/fonts.h"
#include "ui/test_hooks.h"
#include "ui/touch.h"
#include "ui/ui.h"

namespace {

// One Program and one ImGui context, driven frame by frame the way platform/frame.cpp does.
struct UiRun {
  ap_test::FakeHost host;
  ap::Program prog{host};
  ap::UiContext ui;  // no heatmap renderer: no GL here
  ImGuiContext* context = nullptr;

  UiRun() {
    context = ImGui::CreateContext();
    ImGui::SetCurrentContext(context);  // CreateContext keeps an existing current context
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.DisplaySize = ImVec2(1600, 1000);
    io.DeltaTime = 1.0f / 60.0f;
    ImGui::StyleColorsDark();
    ap::fonts_load(AP_FONT_DIR, 1.0f);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // builds the atlas; nothing uploaded
    ap::app_init(prog.app, "");
    ap::ui_init(prog, 1.0f, ui);
    ap::program_start_lessons(prog, AP_SOURCE_DIR "/lessons", "");
  }
  ~UiRun() { ImGui::DestroyContext(context); }
  UiRun(const UiRun&) = delete;
  UiRun& operator=(const UiRun&) = delete;

  void frame() {
    ImGui::SetCurrentContext(context);
    ImGui::NewFrame();
    ap::ui_draw(prog);
    ImGui::Render();
  }

  // The centre of the widget recorded under `name` in the latest frame.
  ImVec2 centre(const std::string& name) {
    const ap::TestHookRect* r = ap::test_hook_find(name);
    REQUIRE_MESSAGE(r != nullptr, "no widget named " << name << " in the latest frame");
    return ImVec2(0.5f * (r->x0 + r->x1), 0.5f * (r->y0 + r->y1));
  }

  void mouse(ImVec2 at, bool down) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = at;
    io.MouseDown[0] = down;
    frame();
  }

  // Hover first, as a real pointer does, then press and release.
  void click(const std::string& name) {
    const ImVec2 at = centre(name);
    mouse(at, false);
    mouse(at, true);
    mouse(at, false);
  }
};

}  // namespace

TEST_CASE("the interface draws the default example without a platform or GL") {
  UiRun run;
  for (int i = 0; i < 3; ++i) run.frame();
  REQUIRE(ImGui::GetDrawData() != nullptr);
  CHECK(ImGui::GetDrawData()->TotalVtxCount > 1000);
  CHECK(run.prog.app.notice.empty());
  const auto rows = run.prog.app.state.input.Q.rows(), cols = run.prog.app.state.input.Q.cols();
  for (Eigen::Index r = 0; r < rows; ++r)
    for (Eigen::Index c = 0; c < cols; ++c)
      CHECK(ap::test_hook_find("Q[" + std::to_string(r + 1) + "," + std::to_string(c + 1) + "]") !=
            nullptr);
  // The input cells drawn are counted in the program's view state.
  CHECK(run.prog.app.view.cells_drawn_last >= rows * cols);
}

TEST_CASE("dragging a matrix cell edits the state in one undo step") {
  UiRun run;
  run.frame();
  run.frame();
  const double before = run.prog.app.state.input.Q(0, 0);
  ImVec2 at = run.centre("Q[1,1]");
  run.mouse(at, false);
  run.mouse(at, true);
  // 50 px to the right in five moves; the cell's speed is 0.01 per pixel.
  for (int i = 0; i < 5; ++i) {
    at.x += 10;
    run.mouse(at, true);
  }
  run.mouse(at, false);
  const double after = run.prog.app.state.input.Q(0, 0);
  // The widget rounds to its "%.2f" format, so within half a hundredth of +0.5.
  CHECK(std::abs(after - (before + 0.5)) <= 0.0051);
  CHECK(run.prog.app.undo_stack.size() == 1);
  // The result follows the state: recomputed from it, not edited by the view.
  CHECK(run.prog.app.result.heads[0].weights.rows() == run.prog.app.state.input.Q.rows());
}

TEST_CASE("a tap on a cell with a finger asks for the on-screen number field; its answer applies") {
  UiRun run;
  run.frame();
  run.frame();
  ap::ui_set_touch_input(run.prog.app, true);
  run.click("Q[1,2]");
  ap::NumericEntryRequest request;
  REQUIRE(ap::numeric_entry_take_request(run.prog.app, &request));
  CHECK(request.label == "Q[1, 2]");
  CHECK_FALSE(ap::numeric_entry_take_request(run.prog.app, &request));  // once
  ap::numeric_entry_done(run.prog.app, true, "0.75");
  run.frame();
  CHECK(run.prog.app.state.input.Q(0, 1) == 0.75);
}

TEST_CASE("a lesson opened from the menu is announced, and Show me meets its goal") {
  UiRun run;
  run.frame();
  run.frame();
  run.click("menu:lessons");
  run.frame();
  run.click("lessons:masks");
  run.frame();
  const ap::Lesson* lesson = ap::session_lesson(run.prog.lessons);
  REQUIRE(lesson != nullptr);
  CHECK(lesson->id == "masks");
  CHECK(run.prog.lessons.step == 0);
  const auto& announced = run.host.announcements;
  REQUIRE_FALSE(announced.empty());
  CHECK(announced.back().rfind(lesson->title, 0) == 0);
  // The lesson column is drawn, and the step's first goal is not met yet.
  CHECK(ap::test_hook_find("lesson:next") != nullptr);
  REQUIRE_FALSE(run.prog.lessons.goals_met.empty());
  CHECK_FALSE(run.prog.lessons.goals_met[0]);

  run.click("lesson:showme:1");
  run.frame();
  CHECK(run.prog.lessons.goals_met[0]);
  CHECK(run.prog.app.state.input.mask.kind == ap::MaskKind::Causal);  // the goal: mask = causal
  CHECK(run.host.storage[ap::kProgressStorageKey] == R"({"masks":[1]})");
}

TEST_CASE("Share and Export go through the host the Program was given") {
  UiRun run;
  run.frame();
  run.frame();
  run.click("menu:share");
  run.frame();
  run.click("menu:share:link");
  run.frame();
  const std::string hash = ap::program_page_hash(run.prog);
  REQUIRE(run.host.copied.size() == 1);
  CHECK(run.host.copied[0] == "#" + hash);  // the page's address after the hash write
  REQUIRE_FALSE(run.host.hashes_written.empty());
  CHECK(run.host.hashes_written.back() == hash);
  CHECK(run.prog.app.notice.rfind("Link copied", 0) == 0);

  run.click("menu:export");
  run.frame();
  run.click("menu:export:json");
  run.frame();
  CHECK(run.host.downloads == std::vector<std::string>{"attention.json"});
  CHECK(run.prog.app.notice == "Saved attention.json.");
}

TEST_CASE("two interfaces keep their own test hooks: nothing is shared through a global") {
  UiRun first;
  first.frame();
  CHECK_FALSE(first.ui.hook_rects.empty());
  UiRun second;  // its own ImGui context (now current), UiContext, Program and host
  CHECK(second.ui.hook_rects.empty());
  CHECK(ap::test_hook_find("Q[1,1]") == nullptr);
  second.frame();
  CHECK(ap::test_hook_find("Q[1,1]") != nullptr);
  ImGui::SetCurrentContext(first.context);
  CHECK(ap::test_hook_find("Q[1,1]") == &first.ui.hook_rects.at("Q[1,1]"));
  CHECK(second.host.hashes_written.empty());
}
