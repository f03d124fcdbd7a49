// The shared frame loop (frame.h): ImGui + GLFW + OpenGL set-up and one frame of
// poll → new frame → ui_draw → render, for both the web and the desktop program. Also
// writes the state and the open lesson into the URL hash (throttled), reads links pasted
// into the hash, and starts the lessons from AP_LESSONS_DIR (set by CMake).
#include "platform/frame.h"

#include <chrono>
#include <cmath>
#include <memory>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#else
#include <GL/gl.h>
#endif

#include "app/app_url.h"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "state/state.h"
#include "ui/fonts.h"
#include "ui/ui.h"

namespace ap {
namespace {

// Chrome throttles history.replaceState beyond ~100 calls in 10 s (and logs an error),
// so a drag that changes the state every frame writes the hash at most 4 times a second.
constexpr double kHashIntervalSeconds = 0.25;

// The clear colour matches the page background (web/style.css) to avoid a flash.
constexpr float kClear[3] = {0.102f, 0.110f, 0.129f};

void rebuild_fonts(FrameLoop& loop, float scale) {
  fonts_load(loop.font_dir, scale);
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

// A new display scale (browser zoom, window moved to another monitor): re-rasterise the
// fonts and rescale the style by the ratio, keeping whatever ui_init changed.
void follow_scale(FrameLoop& loop, float scale) {
  if (!(scale > 0.0f) || std::fabs(scale - loop.scale) < 0.01f) return;
  ImGui::GetStyle().ScaleAllSizes(scale / loop.scale);
  loop.scale = scale;
  rebuild_fonts(loop, scale);
}

void read_pasted_link(Program& prog) {
  std::string hash;
  if (prog.host.take_hash_change(&hash)) program_follow_link(prog, hash);
}

void write_hash(FrameLoop& loop) {
  const App& app = loop.prog->app;
  // Opening, leaving or moving through a lesson changes the address without a new state.
  const std::string lesson_part = url_lesson_part(session_link(loop.prog->lessons));
  if (app.version != loop.hash_version || lesson_part != loop.hash_lesson_part) {
    loop.hash_pending = true;
    loop.hash_version = app.version;
    loop.hash_lesson_part = lesson_part;
  }
  const double now = glfwGetTime();
  if (!loop.hash_pending || now - loop.hash_written_at < kHashIntervalSeconds) return;
  loop.prog->host.set_hash(program_page_hash(*loop.prog));
  loop.hash_written_at = now;
  loop.hash_pending = false;
}

}  // namespace

bool frame_loop_init(FrameLoop& loop, GLFWwindow* window, Program& prog, const char* glsl_version,
                     const std::string& font_dir, float scale) {
  loop.window = window;
  loop.prog = &prog;
  loop.font_dir = font_dir;
  loop.scale = scale > 0.0f ? scale : 1.0f;

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  // Window layout is not persisted: the state lives in the URL, not in imgui.ini.
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  ImGui::StyleColorsDark();
  ImGui::GetStyle().ScaleAllSizes(loop.scale);
  fonts_load(font_dir, loop.scale);

  if (!ImGui_ImplGlfw_InitForOpenGL(window, true)) return false;
  if (!ImGui_ImplOpenGL3_Init(glsl_version)) return false;
  loop.ui.heatmaps = std::make_unique<HeatmapGl>();
  ui_init(prog, loop.scale, loop.ui);
  program_start_lessons(prog, AP_LESSONS_DIR, prog.host.initial_hash());
  // The hash is written after the first edit only: a plain visit keeps a clean URL and a
  // link that failed to load stays in the address bar for the learner to fix.
  loop.hash_version = prog.app.version;
  loop.hash_lesson_part = url_lesson_part(session_link(prog.lessons));
  return true;
}

void frame_loop_step(FrameLoop& loop, float scale) {
  glfwPollEvents();
  follow_scale(loop, scale);
  read_pasted_link(*loop.prog);

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  const auto start = std::chrono::steady_clock::now();
  ui_draw(*loop.prog);
  ImGui::Render();
  const auto drawn = std::chrono::steady_clock::now();

  int width = 0, height = 0;
  glfwGetFramebufferSize(loop.window, &width, &height);
  glViewport(0, 0, width, height);
  glClearColor(kClear[0], kClear[1], kClear[2], 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  glfwSwapBuffers(loop.window);
  const auto submitted = std::chrono::steady_clock::now();
  loop.ui_ms = std::chrono::duration<double, std::milli>(drawn - start).count();
  loop.render_ms = std::chrono::duration<double, std::milli>(submitted - drawn).count();

  write_hash(loop);
  ++loop.frame_count;
}

void frame_loop_shutdown(FrameLoop& loop) {
  loop.ui.heatmaps.reset();  // its GL objects go while the context is current
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  loop.window = nullptr;
}

}  // namespace ap
