// GPU heatmaps: renders a matrix into an offscreen RGBA8 texture with shaders/heatmap.*
// (embedded at build time), one cached texture per key, redrawn only when the values, the
// mask, the range, the size or the colormap change. Knows OpenGL 3.3 core / WebGL 2 and
// colormap.h; nothing of ImGui (the key is any 32-bit id: the widget passes its ImGuiID).
// Call between frames' GL work (e.g. while building the ImGui frame): it restores the GL
// state it touches.
#pragma once

#include <cstdint>
#include <memory>

#include "core/matrix.h"
#include "gfx/colormap.h"

namespace ap {

struct HeatmapGlSpec {
  const Matrix* values = nullptr;       // (rows × cols), row-major; row 0 drawn on top
  const MaskMatrix* allowed = nullptr;  // optional, same shape; 0 cells are hatched
  Colormap colormap = Colormap::Sequential;
  double lo = 0.0, hi = 1.0;  // the colour range (see heatmap_normalize)
  int width_px = 0;           // image size in device pixels; cells are width/cols wide,
  int height_px = 0;          // and separators appear when that is a whole number ≥ 8
};

// The renderer: its shader, framebuffer and LUT, and the cache of heatmap images. Create it
// with the GL context current and destroy it before the context goes: the frame loop
// (platform/frame.cpp) owns the one the UI draws with (ui/ui_context.h).
class HeatmapGl {
 public:
  HeatmapGl();
  ~HeatmapGl();  // deletes the GL objects it made
  HeatmapGl(const HeatmapGl&) = delete;
  HeatmapGl& operator=(const HeatmapGl&) = delete;

  // The GL texture name of the heatmap image (width_px × height_px, RGBA8, top row at
  // texture v = 0, NEAREST filtering: draw it 1:1 at whole pixels), or 0 when it cannot be
  // drawn on the GPU (shader or framebuffer failure, a side beyond GL_MAX_TEXTURE_SIZE):
  // the caller then draws the cells itself. `frame` (any increasing counter) lets the cache
  // free textures whose key was not used for a few seconds.
  unsigned texture(std::uint32_t key, const HeatmapGlSpec& spec, long frame);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace ap
