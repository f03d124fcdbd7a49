// The desktop program: a GLFW window with an OpenGL 3.3 core context running the same
// frame loop as the page, for development and screenshots under Xvfb. The display scale
// is GLFW's content scale (X11 window coordinates are pixels, so fonts and style follow it).
//   attention-playground-desktop [--hash TEXT] [--frames N]
#include <GLFW/glfw3.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "platform/desktop/desktop_host.h"
#include "platform/frame.h"

#ifndef AP_FONT_DIR
#define AP_FONT_DIR "/usr/share/fonts/truetype/dejavu"
#endif

namespace {

struct Options {
  std::string hash;  // the state in URL form, as after '#' in the page's address
  long frames = -1;  // stop after this many frames (for scripted screenshots); -1: never
};

void print_usage() {
  std::puts(
      "usage: attention-playground-desktop [--hash TEXT] [--frames N]\n"
      "  --hash TEXT  start from this state (the text after '#' in a page link)\n"
      "  --frames N   quit after N frames");
}

bool parse_options(int argc, char** argv, Options* opt) {
  for (int i = 1; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (std::strcmp(argv[i], "--hash") == 0 && has_value) {
      opt->hash = argv[++i];
    } else if (std::strcmp(argv[i], "--frames") == 0 && has_value) {
      opt->frames = std::strtol(argv[++i], nullptr, 10);
    } else {
      return false;
    }
  }
  return true;
}

float content_scale(GLFWwindow* window) {
  float xs = 1.0f, ys = 1.0f;
  glfwGetWindowContentScale(window, &xs, &ys);
  return xs > 0.0f ? xs : 1.0f;
}

void on_glfw_error(int code, const char* description) {
  std::fprintf(stderr, "GLFW error %d: %s\n", code, description);
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  if (!parse_options(argc, argv, &opt)) {
    print_usage();
    return 2;
  }
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit()) return 1;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  GLFWwindow* window = glfwCreateWindow(1280, 800, "Attention Playground", nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr, "could not create an OpenGL 3.3 core window\n");
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);

  ap::DesktopHost host(opt.hash);
  ap::Program prog(host);
  ap::app_init(prog.app, opt.hash);
  ap::FrameLoop loop;
  if (!ap::frame_loop_init(loop, window, prog, "#version 330", AP_FONT_DIR,
                           content_scale(window))) {
    std::fprintf(stderr, "could not initialise Dear ImGui\n");
    return 1;
  }
  while (!glfwWindowShouldClose(window) && (opt.frames < 0 || loop.frame_count < opt.frames)) {
    ap::frame_loop_step(loop, content_scale(window));
  }
  ap::frame_loop_shutdown(loop);
  glfwDestroyWindow(window);
  glfwTerminate();
  return 0;
}
