// The browser program: creates the WebGL 2 canvas window through Emscripten's GLFW, keeps
// the canvas backing store at CSS size × devicePixelRatio, and runs the shared frame loop
// from requestAnimationFrame while there is something new to draw (web_input.h). Tells the
// page (Module.apFirstFrame) when the first frame is drawn.
#include <emscripten.h>
#include <emscripten/html5.h>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <exception>

#include "core/kernels/kernels.h"
#include "imgui.h"
#include "platform/frame.h"
#include "platform/web/web_app.h"
#include "platform/web/web_host.h"
#include "platform/web/web_input.h"

// Emscripten 3.1.6's GLFW knows nothing of devicePixelRatio: size the backing store here
// and return the ratio. Math.round keeps it an integer number of device pixels.
// The EM_JS bodies are JavaScript, which clang-format would break.
// clang-format off
EM_JS(double, ap_web_fit_canvas, (), {
  const canvas = Module["canvas"];
  const dpr = window.devicePixelRatio || 1;
  const rect = canvas.getBoundingClientRect();
  const w = Math.max(1, Math.round(rect.width * dpr));
  const h = Math.max(1, Math.round(rect.height * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  return dpr;
});

// Tells Emscripten's GLFW the new window size. Not glfwSetWindowSize: in 3.1.6 it calls
// requestFullscreen() when the size equals screen.width × screen.height (a maximised
// window at devicePixelRatio 1), which fails without a click and re-parents the canvas.
EM_JS(void, ap_web_set_glfw_size, (int width, int height), {
  if (typeof GLFW === "undefined" || !GLFW.active) return;
  GLFW.active.width = width;
  GLFW.active.height = height;
  GLFW.onWindowSizeChanged();
  GLFW.onFramebufferSizeChanged();
});

// Shows `reason` on the page instead of the canvas (loader.js: Module.apFail).
EM_JS(void, ap_web_fail, (const char* reason), {
  if (Module["apFail"]) Module["apFail"](UTF8ToString(reason));
});

// A C++ exception in a frame: the page shows its crash message (loader.js: Module.apCrash).
EM_JS(void, ap_web_crash, (const char* reason), {
  if (Module["apCrash"]) Module["apCrash"](UTF8ToString(reason));
});

EM_JS(void, ap_web_first_frame, (), {
  if (Module["apFirstFrame"]) Module["apFirstFrame"]();
});
// clang-format on

namespace ap {
namespace {

// Everything the page's program owns, in the one object of this file: Emscripten calls the
// main loop and window.attention's functions (js_api.cpp, js_fast.cpp) without a context
// argument, so they reach it through web_program() and its siblings (web_app.h).
struct WebPage {
  WebHost host;
  Program prog{host};
  FrameLoop loop;
  bool ready = false;                 // the first frame is drawn
  bool was_working = false;           // a model trained (or the scale lab measured) last frame
  long drawn_version = -1;            // the App::version of the last frame drawn (web_should_draw)
  std::string clipboard;              // ImGui's last copy, for a paste within the page
  kernels::Workspace fast_workspace;  // attendFast's scratch, kept between calls
  std::string reply;                  // window.attention's last answer (web_reply)
};
WebPage g_page;

float fit_canvas(GLFWwindow* window) {
  const float scale = static_cast<float>(ap_web_fit_canvas());
  int cw = 0, ch = 0, ww = 0, wh = 0;
  emscripten_get_canvas_element_size("#canvas", &cw, &ch);
  glfwGetWindowSize(window, &ww, &wh);
  if (cw != ww || ch != wh) ap_web_set_glfw_size(cw, ch);
  return scale;
}

void main_loop_step(void*) {
  // An untouched tab draws nothing (web_input.h); the first frame is always drawn.
  // A model that trains keeps drawing: training runs a slice per drawn frame.
  // One more frame after a model stops draws its last step (and a lesson goal it meets).
  WebPage& page = g_page;
  const bool working = app_work_running(page.prog.app);
  const bool last_frame = page.was_working && !working;
  page.was_working = working;
  if (page.ready && !working && !last_frame &&
      !web_should_draw(page.prog.app.version, page.drawn_version))
    return;
  // No exception may reach JavaScript (it would arrive as a bare number and leak the wasm
  // stack): this file is compiled with -fexceptions, and the page stops with a message.
  try {
    frame_loop_step(page.loop, fit_canvas(page.loop.window));
    web_input_frame();
  } catch (const std::exception& e) {
    emscripten_cancel_main_loop();
    ap_web_crash(e.what());
    return;
  } catch (...) {
    emscripten_cancel_main_loop();
    ap_web_crash("an unknown C++ exception");
    return;
  }
  if (!page.ready) {
    page.ready = true;
    ap_web_first_frame();
  }
}

// ImGui's copy (Ctrl+C in a text field) goes to the system clipboard; paste stays within
// the page because the browser only hands the clipboard over asynchronously.
void set_clipboard(void*, const char* text) {
  g_page.clipboard = text ? text : "";
  g_page.host.copy_text(g_page.clipboard);
}
const char* get_clipboard(void*) {
  return g_page.clipboard.c_str();
}

}  // namespace

Program& web_program() {
  return g_page.prog;
}
double web_ui_ms() {
  return g_page.loop.ui_ms;
}
double web_render_ms() {
  return g_page.loop.render_ms;
}
kernels::Workspace& web_fast_workspace() {
  return g_page.fast_workspace;
}
std::string& web_reply() {
  return g_page.reply;
}

}  // namespace ap

int main() {
  using namespace ap;
  if (!glfwInit()) {
    ap_web_fail("GLFW could not start.");
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  const float scale = static_cast<float>(ap_web_fit_canvas());
  int width = 0, height = 0;
  emscripten_get_canvas_element_size("#canvas", &width, &height);
  GLFWwindow* window = glfwCreateWindow(width, height, "Attention Playground", nullptr, nullptr);
  if (!window) {
    ap_web_fail("The browser refused to create a WebGL 2 context for the canvas.");
    return 1;
  }
  glfwMakeContextCurrent(window);

  app_init(g_page.prog.app, g_page.host.initial_hash());
  if (!frame_loop_init(g_page.loop, window, g_page.prog, "#version 300 es", "/fonts", scale)) {
    ap_web_fail("Dear ImGui could not set up its WebGL 2 renderer.");
    return 1;
  }
  ImGuiIO& io = ImGui::GetIO();
  io.SetClipboardTextFn = set_clipboard;
  io.GetClipboardTextFn = get_clipboard;
  io.ClipboardUserData = nullptr;

  // fps 0: driven by requestAnimationFrame; main does not return (simulate_infinite_loop).
  emscripten_set_main_loop_arg(main_loop_step, nullptr, 0, true);
  return 0;
}
