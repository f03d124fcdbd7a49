// Colormaps and the CPU heatmap image: the one definition of every colour a heatmap uses,
// shared by the GLSL shader (through the 256-entry LUT below), the ImGui widget (legend,
// text contrast) and the PNG export (heatmap_rgba). Pure C++ over core/matrix.h: no GL, no
// ImGui, so the native tests and the export can link it (library ap_gfx_cpu).
// Colours are sRGB components in [0, 1]; images are RGBA8, row-major, top row first.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "core/matrix.h"

namespace ap {

enum class Colormap {
  Sequential,  // viridis: dark purple (low) → green → yellow (high); weights, magnitudes
  Diverging,   // ColorBrewer RdBu reversed: blue (negative) → white (t = 0.5) → red
};

using Rgb = std::array<float, 3>;

// The colour at t, with t clamped to [0, 1] (NaN counts as 0).
Rgb colormap_rgb(Colormap map, float t);

// kLutSize entries of colormap_rgb(map, i / 255) as RGBA8 (alpha 255). The shader samples
// this table and heatmap_rgba reads it, so the screen and the PNG agree to the byte.
inline constexpr int kLutSize = 256;
std::array<std::uint8_t, kLutSize * 4> colormap_lut_rgba8(Colormap map);

// The LUT index of a normalised value t in [0, 1] (the shader rounds the same way).
int colormap_lut_index(float t);

// WCAG 2 relative luminance of an sRGB colour: 0 black, 1 white.
float relative_luminance(const Rgb& rgb);

// True when black text has more contrast than white text on `background` (WCAG ratio).
bool prefers_dark_text(const Rgb& background);

// The colours a heatmap draws besides its colormap, as exact bytes (0xRRGGBB) so the GPU
// and the PNG round them identically.
inline constexpr std::uint32_t kHatchDarkHex = 0x2e2e33;   // masked cells: stripe 1
inline constexpr std::uint32_t kHatchLightHex = 0x57575e;  // masked cells: stripe 2
inline constexpr std::uint32_t kInvalidHex = 0x808080;     // NaN cells: flat grey
inline constexpr std::uint32_t kSeparatorHex = 0x1a1c21;   // lines between cells (page bg)
Rgb rgb_from_hex(std::uint32_t hex);

// A normalised cell: t in [0, 1], or one of these negative sentinels.
inline constexpr float kCellMasked = -1.0f;   // not allowed by the mask, or −∞: hatched
inline constexpr float kCellInvalid = -2.0f;  // NaN: flat grey

// t of one cell: (v − lo) / (hi − lo) clamped to [0, 1] (+∞ gives 1); kCellMasked when
// !allowed or v is −∞; kCellInvalid for NaN; 0.5 for a finite v when hi ≤ lo.
float heatmap_normalize(double v, bool allowed, double lo, double hi);

// heatmap_normalize of every cell into `out` (rows × cols, row-major, resized). `allowed`
// is optional; it is ignored unless it has the shape of `values`.
void heatmap_normalize_all(const Matrix& values, const MaskMatrix* allowed, double lo, double hi,
                           std::vector<float>* out);

struct HeatmapRange {
  double lo = 0.0, hi = 1.0;
};

// The colour range of the finite, allowed values: [min, max] for the sequential map,
// [−m, m] with m = max |v| for the diverging one (so 0 is white). A range of zero width is
// widened to include 0 (and then to [v, v + 1]); no finite value gives [0, 1].
HeatmapRange heatmap_auto_range(const Matrix& values, const MaskMatrix* allowed, Colormap map);

// Pixel geometry shared by the shader and heatmap_rgba, from the cell edge in pixels:
// separator width (0 below 8 px cells) and the period of the 45° hatch on masked cells.
int heatmap_separator_px(int cell_px);
int heatmap_hatch_period_px(int cell_px);
// Whether pixel (x, y) (y down) of a masked cell takes the dark stripe of the hatch.
bool heatmap_hatch_dark(int x, int y, int period_px);

// The heatmap as an RGBA8 image of (cols · cell_px) × (rows · cell_px) pixels, row-major,
// top row first: colormap cells over [lo, hi], masked cells hatched, NaN grey, separators
// as on screen. cell_px is clamped to [1, 256]; empty when `values` is empty or the image
// would exceed 16384 pixels on a side.
std::vector<std::uint8_t> heatmap_rgba(const Matrix& values, const MaskMatrix* allowed,
                                       Colormap map, double lo, double hi, int cell_px);

}  // namespace ap
