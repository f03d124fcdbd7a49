// Colormaps as small tables interpolated linearly, the normalisation of matrix values to
// colormap positions, and the CPU heatmap image for the PNG export. No GL, no ImGui.
// Why tables and not a polynomial fit: a table is exact at its samples, linear
// interpolation cannot add the wiggles a fitted polynomial has near the ends, and the
// diverging map is defined by ColorBrewer as a list of colours anyway.
#include "gfx/colormap.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ap {
namespace {

// viridis (van der Walt & Smith for matplotlib, 2015): perceptually uniform, lightness
// rising monotonically from L* 15 to 91, and designed to stay readable with red-green
// colour blindness and in greyscale. Chosen over cividis because learners know it from
// papers and notebooks and its wider hue range separates neighbouring weights better;
// cividis is the fallback if deuteranopes report trouble. These are matplotlib's 256-entry
// table sampled at t = k/32; linear interpolation between them stays within 1.7/255 of
// the full table everywhere.
constexpr Rgb kViridis[] = {
    {0.267004f, 0.004874f, 0.329415f}, {0.276987f, 0.050151f, 0.375542f},
    {0.282302f, 0.094624f, 0.417024f}, {0.282902f, 0.135449f, 0.453035f},
    {0.278919f, 0.174879f, 0.482972f}, {0.270788f, 0.213324f, 0.506643f},
    {0.259266f, 0.250672f, 0.524378f}, {0.245374f, 0.286704f, 0.536971f},
    {0.230223f, 0.321297f, 0.545488f}, {0.214836f, 0.354470f, 0.551027f},
    {0.199995f, 0.386377f, 0.554533f}, {0.186132f, 0.417256f, 0.556682f},
    {0.173302f, 0.447386f, 0.557850f}, {0.161265f, 0.477036f, 0.558125f},
    {0.149668f, 0.506440f, 0.557329f}, {0.138415f, 0.535767f, 0.555090f},
    {0.128148f, 0.565107f, 0.550893f}, {0.120875f, 0.594465f, 0.544158f},
    {0.120325f, 0.623765f, 0.534308f}, {0.130961f, 0.652859f, 0.520817f},
    {0.155378f, 0.681539f, 0.503240f}, {0.192974f, 0.709556f, 0.481231f},
    {0.241467f, 0.736626f, 0.454543f}, {0.298636f, 0.762445f, 0.423019f},
    {0.362859f, 0.786695f, 0.386589f}, {0.432985f, 0.809056f, 0.345271f},
    {0.508094f, 0.829231f, 0.299221f}, {0.587266f, 0.846982f, 0.248871f},
    {0.669358f, 0.862217f, 0.195444f}, {0.752867f, 0.875089f, 0.142650f},
    {0.835913f, 0.886110f, 0.102462f}, {0.916550f, 0.896130f, 0.100822f},
    {0.993248f, 0.906157f, 0.143936f},
};

constexpr Rgb hex_rgb(std::uint32_t hex) {
  return {static_cast<float>((hex >> 16) & 0xff) / 255.0f,
          static_cast<float>((hex >> 8) & 0xff) / 255.0f, static_cast<float>(hex & 0xff) / 255.0f};
}

// ColorBrewer RdBu, 11 classes (Brewer, colorbrewer2.org, marked colour-blind safe),
// reversed so that negative scores are blue and positive ones red, as in most ML figures.
// Lightness is symmetric about the white middle (L* 20 at both ends), so |score| reads the
// same on either side; this is matplotlib's 'RdBu_r'.
constexpr Rgb kRdBuReversed[] = {
    hex_rgb(0x053061), hex_rgb(0x2166ac), hex_rgb(0x4393c3), hex_rgb(0x92c5de),
    hex_rgb(0xd1e5f0), hex_rgb(0xf7f7f7), hex_rgb(0xfddbc7), hex_rgb(0xf4a582),
    hex_rgb(0xd6604d), hex_rgb(0xb2182b), hex_rgb(0x67001f),
};

template <std::size_t N>
Rgb interpolate(const Rgb (&table)[N], float t) {
  // Written so that NaN falls to 0.
  t = t > 0.0f ? std::min(t, 1.0f) : 0.0f;
  const float x = t * static_cast<float>(N - 1);
  const std::size_t i = std::min(static_cast<std::size_t>(x), N - 2);
  const float f = x - static_cast<float>(i);
  const Rgb& a = table[i];
  const Rgb& b = table[i + 1];
  return {a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f};
}

float linear_channel(float c) {
  return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f);
}

std::uint8_t to_byte(float c) {
  return static_cast<std::uint8_t>(std::lround(std::clamp(c, 0.0f, 1.0f) * 255.0f));
}

using Rgb8 = std::array<std::uint8_t, 3>;

Rgb8 hex_bytes(std::uint32_t hex) {
  return {static_cast<std::uint8_t>(hex >> 16), static_cast<std::uint8_t>(hex >> 8),
          static_cast<std::uint8_t>(hex)};
}

bool shape_matches(const Matrix& values, const MaskMatrix* allowed) {
  return allowed && allowed->rows() == values.rows() && allowed->cols() == values.cols();
}

}  // namespace

Rgb colormap_rgb(Colormap map, float t) {
  return map == Colormap::Diverging ? interpolate(kRdBuReversed, t) : interpolate(kViridis, t);
}

std::array<std::uint8_t, kLutSize * 4> colormap_lut_rgba8(Colormap map) {
  std::array<std::uint8_t, kLutSize * 4> lut{};
  for (int i = 0; i < kLutSize; ++i) {
    const Rgb c = colormap_rgb(map, static_cast<float>(i) / (kLutSize - 1));
    for (int k = 0; k < 3; ++k) lut[i * 4 + k] = to_byte(c[k]);
    lut[i * 4 + 3] = 255;
  }
  return lut;
}

int colormap_lut_index(float t) {
  const float clamped = t > 0.0f ? std::min(t, 1.0f) : 0.0f;
  return static_cast<int>(std::lround(clamped * (kLutSize - 1)));
}

float relative_luminance(const Rgb& rgb) {
  return 0.2126f * linear_channel(rgb[0]) + 0.7152f * linear_channel(rgb[1]) +
         0.0722f * linear_channel(rgb[2]);
}

bool prefers_dark_text(const Rgb& background) {
  // Contrast with black (L + 0.05) / 0.05 beats contrast with white 1.05 / (L + 0.05)
  // exactly when (L + 0.05)² > 0.0525, i.e. L > 0.179.
  const float l = relative_luminance(background) + 0.05f;
  return l * l > 0.0525f;
}

Rgb rgb_from_hex(std::uint32_t hex) {
  return hex_rgb(hex);
}

float heatmap_normalize(double v, bool allowed, double lo, double hi) {
  if (!allowed || v == -std::numeric_limits<double>::infinity()) return kCellMasked;
  if (std::isnan(v)) return kCellInvalid;
  if (!(hi > lo) || !std::isfinite(hi - lo)) return 0.5f;
  const double t = (v - lo) / (hi - lo);
  return static_cast<float>(std::clamp(t, 0.0, 1.0));
}

void heatmap_normalize_all(const Matrix& values, const MaskMatrix* allowed, double lo, double hi,
                           std::vector<float>* out) {
  const bool use_mask = shape_matches(values, allowed);
  out->resize(static_cast<std::size_t>(values.size()));
  // Row-major on both sides: element k is (k / cols, k % cols).
  for (Eigen::Index k = 0; k < values.size(); ++k) {
    const bool ok = !use_mask || allowed->data()[k] != 0;
    (*out)[static_cast<std::size_t>(k)] = heatmap_normalize(values.data()[k], ok, lo, hi);
  }
}

HeatmapRange heatmap_auto_range(const Matrix& values, const MaskMatrix* allowed, Colormap map) {
  const bool use_mask = shape_matches(values, allowed);
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (Eigen::Index k = 0; k < values.size(); ++k) {
    const double v = values.data()[k];
    if (!std::isfinite(v) || (use_mask && allowed->data()[k] == 0)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (!(lo <= hi)) return {0.0, 1.0};
  if (map == Colormap::Diverging) {
    const double m = std::max(std::fabs(lo), std::fabs(hi));
    return m > 0.0 ? HeatmapRange{-m, m} : HeatmapRange{-1.0, 1.0};
  }
  // A constant matrix (a single weight of 1, all zeros) still gets a meaningful colour.
  if (hi - lo <= 0.0) {
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 0.0);
    if (hi - lo <= 0.0) hi = lo + 1.0;
  }
  return {lo, hi};
}

int heatmap_separator_px(int cell_px) {
  return cell_px < 8 ? 0 : std::max(1, cell_px / 24);
}

int heatmap_hatch_period_px(int cell_px) {
  return std::clamp(cell_px / 4, 4, 16);
}

bool heatmap_hatch_dark(int x, int y, int period_px) {
  return (x + y) % period_px < period_px / 2;
}

std::vector<std::uint8_t> heatmap_rgba(const Matrix& values, const MaskMatrix* allowed,
                                       Colormap map, double lo, double hi, int cell_px) {
  constexpr Eigen::Index kMaxSide = 16384;
  cell_px = std::clamp(cell_px, 1, 256);
  const Eigen::Index rows = values.rows(), cols = values.cols();
  if (rows == 0 || cols == 0 || rows * cell_px > kMaxSide || cols * cell_px > kMaxSide) return {};
  const int width = static_cast<int>(cols) * cell_px;
  const int height = static_cast<int>(rows) * cell_px;

  std::vector<float> cells;
  heatmap_normalize_all(values, allowed, lo, hi, &cells);
  const auto lut = colormap_lut_rgba8(map);
  const int line = heatmap_separator_px(cell_px);
  const int period = heatmap_hatch_period_px(cell_px);
  const Rgb8 dark = hex_bytes(kHatchDarkHex), light = hex_bytes(kHatchLightHex);
  const Rgb8 invalid = hex_bytes(kInvalidHex), separator = hex_bytes(kSeparatorHex);

  std::vector<std::uint8_t> image(static_cast<std::size_t>(width) * height * 4);
  for (int y = 0; y < height; ++y) {
    const int row = y / cell_px, ly = y % cell_px;
    for (int x = 0; x < width; ++x) {
      const int col = x / cell_px, lx = x % cell_px;
      const float t = cells[static_cast<std::size_t>(row) * cols + col];
      // The same decisions, in the same order, as shaders/heatmap.frag.
      const std::uint8_t* c = invalid.data();
      if ((col > 0 && lx < line) || (row > 0 && ly < line)) {
        c = separator.data();
      } else if (t >= 0.0f) {
        c = &lut[static_cast<std::size_t>(colormap_lut_index(t)) * 4];
      } else if (t == kCellMasked) {
        c = heatmap_hatch_dark(x, y, period) ? dark.data() : light.data();
      }
      std::uint8_t* px = &image[(static_cast<std::size_t>(y) * width + x) * 4];
      px[0] = c[0], px[1] = c[1], px[2] = c[2], px[3] = 255;
    }
  }
  return image;
}

}  // namespace ap
