// The frame loop shared by the web and desktop programs: ImGui set-up (fonts, scaled
// style, keyboard navigation, no ini file), then each frame poll → new frame → ui_draw →
// render → swap, plus keeping the URL hash in step with the state. The mains only create
// the window and decide the display scale; this file is where the two builds meet.
#pragma once

#include <string>

#include "lessons/program.h"
#include "ui/ui_context.h"

struct GLFWwindow;

namespace ap {

struct FrameLoop {
  GLFWwindow* window = nullptr;
  Program* prog = nullptr;  // owned by the main
  std::string font_dir;     // holds DejaVuSans.ttf and DejaVuSansMono.ttf
  float scale = 1.0f;       // device pixels per CSS pixel (web) or content scale (desktop)
  long frame_count = 0;
  double hash_written_at = -1e9;  // glfwGetTime() of the last URL hash write
  bool hash_pending = false;      // the state changed since the last hash write
  long hash_version = -1;         // App::version last seen by the hash writer
  std::string hash_lesson_part;   // the lesson keys (app_url.h) last seen in the hash
  // CPU time of the last drawn frame, in ms: ui_draw (with any training slice) and the GL
  // calls that submit it. Compared with the interval between frames, they tell whether our
  // code or the browser's compositing limits the frame rate.
  double ui_ms = 0;
  double render_ms = 0;
  UiContext ui;  // the UI's test hooks and heatmap renderer (ui_context.h)
};

// Creates the ImGui context and backends for `window` (whose GL context is current).
// glsl_version: "#version 300 es" (WebGL 2) or "#version 330" (desktop GL 3.3 core).
bool frame_loop_init(FrameLoop& loop, GLFWwindow* window, Program& prog, const char* glsl_version,
                     const std::string& font_dir, float scale);

// Runs one frame at display scale `scale`; fonts and style follow when it changes.
void frame_loop_step(FrameLoop& loop, float scale);

void frame_loop_shutdown(FrameLoop& loop);

}  // namespace ap
