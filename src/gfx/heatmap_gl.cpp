// The GPU heatmap renderer (heatmap_gl.h): one shader program drawing a full-target
// triangle into a framebuffer-attached RGBA8 texture per heatmap, fed by a float texture of
// normalised cells and a 256 × 2 colormap LUT built from colormap.h. Not a general GL
// wrapper: it knows this one shader, and restores the state it changes.
//
// [SECTION] GL headers and shader prefix
// [SECTION] GL state guard
// [SECTION] one-time set-up
// [SECTION] the cache and drawing
#include "gfx/heatmap_gl.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <memory>
#include <unordered_map>
#include <vector>

// [SECTION] GL headers and shader prefix
// ImGui's OpenGL3 backend loads GL through its internal imgui_impl_opengl3_loader.h, which
// has no framebuffer functions. The web build gets WebGL 2 as GL ES 3.0 from Emscripten;
// the desktop build calls libGL directly (glvnd's libGL exports every core entry point).
#if defined(__EMSCRIPTEN__)
#include <GLES3/gl3.h>
#elif !defined(AP_GFX_NO_GL)
#define GL_GLEXT_PROTOTYPES 1
#include <GL/gl.h>
#include <GL/glext.h>
#endif

#ifndef AP_GFX_NO_GL
#include "gfx/heatmap_shaders.h"
#endif

namespace ap {

#ifdef AP_GFX_NO_GL

struct HeatmapGl::Impl {};
HeatmapGl::HeatmapGl() : impl_(std::make_unique<Impl>()) {}
HeatmapGl::~HeatmapGl() = default;
unsigned HeatmapGl::texture(std::uint32_t, const HeatmapGlSpec&, long) {
  return 0;
}

#else

namespace {

// The shader files carry no #version line, like ImGui's own shaders; "#line 1" keeps the
// line numbers of compile errors those of the files.
#ifdef __EMSCRIPTEN__
constexpr char kShaderPrefix[] = "#version 300 es\nprecision highp float;\n#line 1\n";
#else
constexpr char kShaderPrefix[] = "#version 330 core\n#line 1\n";
#endif

// A texture not drawn for this many frames (~5 s at 60 fps) is freed.
constexpr long kEvictAfterFrames = 300;

// [SECTION] GL state guard
constexpr GLenum kCapabilities[] = {GL_BLEND,     GL_SCISSOR_TEST, GL_DEPTH_TEST,
                                    GL_CULL_FACE, GL_STENCIL_TEST, GL_DITHER};
constexpr int kCapabilityCount = sizeof(kCapabilities) / sizeof(kCapabilities[0]);

// Saves what this file changes and puts it back on scope exit, so that ImGui's renderer and
// the frame loop's glClear (which the scissor test would clip) find the state they left.
class GlStateGuard {
 public:
  GlStateGuard() {
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &draw_fbo_);
    glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &read_fbo_);
    glGetIntegerv(GL_VIEWPORT, viewport_);
    glGetIntegerv(GL_CURRENT_PROGRAM, &program_);
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &vao_);
    glGetIntegerv(GL_UNPACK_ALIGNMENT, &unpack_alignment_);
    glGetIntegerv(GL_ACTIVE_TEXTURE, &active_texture_);
    for (int unit = 0; unit < 2; ++unit) {
      glActiveTexture(GL_TEXTURE0 + unit);
      glGetIntegerv(GL_TEXTURE_BINDING_2D, &textures_[unit]);
    }
    for (int i = 0; i < kCapabilityCount; ++i) enabled_[i] = glIsEnabled(kCapabilities[i]);
  }
  ~GlStateGuard() {
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, static_cast<GLuint>(draw_fbo_));
    glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(read_fbo_));
    glViewport(viewport_[0], viewport_[1], viewport_[2], viewport_[3]);
    glUseProgram(static_cast<GLuint>(program_));
    glBindVertexArray(static_cast<GLuint>(vao_));
    glPixelStorei(GL_UNPACK_ALIGNMENT, unpack_alignment_);
    for (int unit = 0; unit < 2; ++unit) {
      glActiveTexture(GL_TEXTURE0 + unit);
      glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(textures_[unit]));
    }
    glActiveTexture(static_cast<GLenum>(active_texture_));
    for (int i = 0; i < kCapabilityCount; ++i) {
      if (enabled_[i]) {
        glEnable(kCapabilities[i]);
      } else {
        glDisable(kCapabilities[i]);
      }
    }
  }
  GlStateGuard(const GlStateGuard&) = delete;
  GlStateGuard& operator=(const GlStateGuard&) = delete;

 private:
  GLint draw_fbo_ = 0, read_fbo_ = 0, viewport_[4] = {}, program_ = 0, vao_ = 0;
  GLint unpack_alignment_ = 4, active_texture_ = GL_TEXTURE0, textures_[2] = {};
  GLboolean enabled_[kCapabilityCount] = {};
};

// [SECTION] one-time set-up
struct Uniforms {
  GLint cells = -1, lut = -1, lut_row = -1, cell_px = -1, line_px = -1, hatch_px = -1;
  GLint hatch_dark = -1, hatch_light = -1, invalid_rgb = -1, separator_rgb = -1;
};

// One cached heatmap image.
struct Entry {
  GLuint texture = 0;
  int width = 0, height = 0, rows = 0, cols = 0;
  Colormap colormap = Colormap::Sequential;
  std::vector<float> cells;  // the normalised cells the texture shows
  long last_used = 0;
};

}  // namespace

// The GL objects, made on the first texture() call (the GL context is current then).
struct HeatmapGl::Impl {
  bool initialised = false, usable = false;
  GLuint program = 0, vao = 0, fbo = 0, cells_texture = 0, lut_texture = 0;
  GLint max_texture_size = 0;
  Uniforms u;
  std::unordered_map<std::uint32_t, Entry> cache;
  std::vector<float> scratch;  // this call's normalised cells, swapped into the entry
  long last_sweep = 0;
};

namespace {

using Renderer = HeatmapGl::Impl;

GLuint compile_shader(GLenum type, const char* source, const char* name) {
  const GLuint shader = glCreateShader(type);
  const char* parts[] = {kShaderPrefix, source};
  glShaderSource(shader, 2, parts, nullptr);
  glCompileShader(shader);
  GLint ok = GL_FALSE;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (ok != GL_TRUE) {
    char log[2048] = {};
    glGetShaderInfoLog(shader, sizeof(log), nullptr, log);
    std::fprintf(stderr, "heatmap_gl: shaders/%s did not compile:\n%s\n", name, log);
    glDeleteShader(shader);
    return 0;
  }
  return shader;
}

GLuint link_program() {
  const GLuint vs = compile_shader(GL_VERTEX_SHADER, kHeatmapVertSource, "heatmap.vert");
  const GLuint fs = compile_shader(GL_FRAGMENT_SHADER, kHeatmapFragSource, "heatmap.frag");
  GLuint program = 0;
  if (vs && fs) {
    program = glCreateProgram();
    glAttachShader(program, vs);
    glAttachShader(program, fs);
    glLinkProgram(program);
    GLint ok = GL_FALSE;
    glGetProgramiv(program, GL_LINK_STATUS, &ok);
    if (ok != GL_TRUE) {
      char log[2048] = {};
      glGetProgramInfoLog(program, sizeof(log), nullptr, log);
      std::fprintf(stderr, "heatmap_gl: the heatmap shaders did not link:\n%s\n", log);
      glDeleteProgram(program);
      program = 0;
    }
  }
  if (vs) glDeleteShader(vs);
  if (fs) glDeleteShader(fs);
  return program;
}

// Texels are cells and image pixels are screen pixels: never filtered, never repeated.
void set_nearest_clamp() {
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

void upload_lut(GLuint texture) {
  // Row 0 sequential, row 1 diverging: the shader's u_lut_row.
  std::vector<std::uint8_t> rows;
  for (Colormap map : {Colormap::Sequential, Colormap::Diverging}) {
    const auto lut = colormap_lut_rgba8(map);
    rows.insert(rows.end(), lut.begin(), lut.end());
  }
  glBindTexture(GL_TEXTURE_2D, texture);
  set_nearest_clamp();
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, kLutSize, 2, 0, GL_RGBA, GL_UNSIGNED_BYTE, rows.data());
}

void initialise(Renderer& r) {
  r.initialised = true;
  GlStateGuard guard;
  r.program = link_program();
  if (!r.program) return;
  const auto loc = [&](const char* name) { return glGetUniformLocation(r.program, name); };
  r.u = {loc("u_cells"),       loc("u_lut"),          loc("u_lut_row"),    loc("u_cell_px"),
         loc("u_line_px"),     loc("u_hatch_px"),     loc("u_hatch_dark"), loc("u_hatch_light"),
         loc("u_invalid_rgb"), loc("u_separator_rgb")};
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &r.max_texture_size);
  glGenVertexArrays(1, &r.vao);
  glGenFramebuffers(1, &r.fbo);
  GLuint textures[2] = {};
  glGenTextures(2, textures);
  r.cells_texture = textures[0];
  r.lut_texture = textures[1];
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, r.cells_texture);
  set_nearest_clamp();
  upload_lut(r.lut_texture);
  r.usable = true;
}

void uniform_rgb(GLint location, std::uint32_t hex) {
  const Rgb c = rgb_from_hex(hex);
  glUniform3f(location, c[0], c[1], c[2]);
}

// [SECTION] the cache and drawing
// Renders e.cells into e.texture; false when the framebuffer cannot be drawn to.
bool draw_entry(const Renderer& r, Entry& e, bool reallocate) {
  GlStateGuard guard;
  glActiveTexture(GL_TEXTURE0);
  if (reallocate) {
    if (!e.texture) glGenTextures(1, &e.texture);
    glBindTexture(GL_TEXTURE_2D, e.texture);
    set_nearest_clamp();
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, e.width, e.height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                 nullptr);
  }
  glBindFramebuffer(GL_FRAMEBUFFER, r.fbo);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, e.texture, 0);
  // The status query stalls a WebGL pipeline, so only after a (re)allocation.
  if (reallocate && glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
    std::fprintf(stderr, "heatmap_gl: cannot render to a %d×%d RGBA8 texture\n", e.width, e.height);
    return false;
  }

  // Rows of cols floats are always 4-byte aligned.
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glBindTexture(GL_TEXTURE_2D, r.cells_texture);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, e.cols, e.rows, 0, GL_RED, GL_FLOAT, e.cells.data());
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, r.lut_texture);

  for (GLenum cap : kCapabilities) glDisable(cap);
  glViewport(0, 0, e.width, e.height);
  glUseProgram(r.program);
  const float cell_w = static_cast<float>(e.width) / static_cast<float>(e.cols);
  const float cell_h = static_cast<float>(e.height) / static_cast<float>(e.rows);
  // Separators only between whole-pixel cells, so every line is equally sharp.
  const bool whole = e.width % e.cols == 0 && e.height % e.rows == 0;
  const int cell_px = std::max(1, static_cast<int>(std::min(cell_w, cell_h)));
  glUniform1i(r.u.cells, 0);
  glUniform1i(r.u.lut, 1);
  glUniform1i(r.u.lut_row, e.colormap == Colormap::Diverging ? 1 : 0);
  glUniform2f(r.u.cell_px, cell_w, cell_h);
  glUniform1i(r.u.line_px, whole ? heatmap_separator_px(cell_px) : 0);
  glUniform1i(r.u.hatch_px, heatmap_hatch_period_px(cell_px));
  uniform_rgb(r.u.hatch_dark, kHatchDarkHex);
  uniform_rgb(r.u.hatch_light, kHatchLightHex);
  uniform_rgb(r.u.invalid_rgb, kInvalidHex);
  uniform_rgb(r.u.separator_rgb, kSeparatorHex);
  glBindVertexArray(r.vao);
  glDrawArrays(GL_TRIANGLES, 0, 3);
  return true;
}

void forget(Renderer& r, std::unordered_map<std::uint32_t, Entry>::iterator it) {
  if (it->second.texture) glDeleteTextures(1, &it->second.texture);
  r.cache.erase(it);
}

// Frees the textures of heatmaps no longer drawn (a closed panel, a changed id).
void sweep(Renderer& r, long frame) {
  if (frame - r.last_sweep < 60 && frame >= r.last_sweep) return;
  r.last_sweep = frame;
  for (auto it = r.cache.begin(); it != r.cache.end();) {
    auto next = std::next(it);
    if (frame - it->second.last_used > kEvictAfterFrames) forget(r, it);
    it = next;
  }
}

}  // namespace

HeatmapGl::HeatmapGl() : impl_(std::make_unique<Impl>()) {}

HeatmapGl::~HeatmapGl() {
  Renderer& r = *impl_;
  if (!r.initialised) return;
  for (auto& [key, entry] : r.cache)
    if (entry.texture) glDeleteTextures(1, &entry.texture);
  const GLuint textures[2] = {r.cells_texture, r.lut_texture};
  glDeleteTextures(2, textures);
  if (r.fbo) glDeleteFramebuffers(1, &r.fbo);
  if (r.vao) glDeleteVertexArrays(1, &r.vao);
  if (r.program) glDeleteProgram(r.program);
}

unsigned HeatmapGl::texture(std::uint32_t key, const HeatmapGlSpec& spec, long frame) {
  if (!spec.values || spec.values->size() == 0 || spec.width_px <= 0 || spec.height_px <= 0) {
    return 0;
  }
  Renderer& r = *impl_;
  if (!r.initialised) initialise(r);
  if (!r.usable) return 0;
  const int rows = static_cast<int>(spec.values->rows());
  const int cols = static_cast<int>(spec.values->cols());
  const int max_side = r.max_texture_size;
  if (rows > max_side || cols > max_side || spec.width_px > max_side || spec.height_px > max_side) {
    return 0;
  }
  sweep(r, frame);

  heatmap_normalize_all(*spec.values, spec.allowed, spec.lo, spec.hi, &r.scratch);
  const auto it = r.cache.try_emplace(key).first;
  Entry& e = it->second;
  e.last_used = frame;
  const bool reallocate = !e.texture || e.width != spec.width_px || e.height != spec.height_px;
  if (!reallocate && e.rows == rows && e.cols == cols && e.colormap == spec.colormap &&
      e.cells == r.scratch) {
    return e.texture;
  }
  e.width = spec.width_px;
  e.height = spec.height_px;
  e.rows = rows;
  e.cols = cols;
  e.colormap = spec.colormap;
  e.cells.swap(r.scratch);
  if (!draw_entry(r, e, reallocate)) {
    forget(r, it);
    return 0;
  }
  return e.texture;
}

#endif  // AP_GFX_NO_GL

}  // namespace ap
