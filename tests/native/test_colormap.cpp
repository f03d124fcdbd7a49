// Tests of gfx/colormap.h (library ap_gfx_cpu): the two colormaps' ends, middle, lightness
// and symmetry, the normalisation of matrix values and the automatic range, and the CPU
// heatmap image the PNG export uses (size, LUT colours, hatch, separators). No GL here:
// what the shader draws is checked against the same functions in the browser.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <set>

#include "gfx/colormap.h"

namespace ap {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// CIE L* (0 black … 100 white) from WCAG relative luminance.
double lightness(const Rgb& c) {
  const double y = relative_luminance(c);
  return y > 216.0 / 24389.0 ? 116.0 * std::cbrt(y) - 16.0 : y * 24389.0 / 27.0;
}

void check_rgb(const Rgb& got, double r, double g, double b, double eps = 1e-4) {
  CAPTURE(got[0]);
  CAPTURE(got[1]);
  CAPTURE(got[2]);
  CHECK(std::fabs(got[0] - r) < eps);
  CHECK(std::fabs(got[1] - g) < eps);
  CHECK(std::fabs(got[2] - b) < eps);
}

std::array<int, 3> pixel(const std::vector<std::uint8_t>& img, int width, int x, int y) {
  const std::size_t i = (static_cast<std::size_t>(y) * width + x) * 4;
  return {img[i], img[i + 1], img[i + 2]};
}

std::array<int, 3> hex_pixel(std::uint32_t hex) {
  return {static_cast<int>(hex >> 16 & 0xff), static_cast<int>(hex >> 8 & 0xff),
          static_cast<int>(hex & 0xff)};
}

}  // namespace

TEST_CASE("the sequential colormap runs from viridis' dark purple through teal to yellow") {
  check_rgb(colormap_rgb(Colormap::Sequential, 0.0f), 0.267004, 0.004874, 0.329415);
  check_rgb(colormap_rgb(Colormap::Sequential, 1.0f), 0.993248, 0.906157, 0.143936);
  // matplotlib's table between entries 127 and 128; our 33 samples are within 2/255 of it.
  check_rgb(colormap_rgb(Colormap::Sequential, 0.5f), 0.128, 0.565, 0.551, 2.0 / 255.0);
}

TEST_CASE("the sequential colormap gets lighter all the way up") {
  double previous = -1.0;
  for (int i = 0; i <= 1000; ++i) {
    const double l = lightness(colormap_rgb(Colormap::Sequential, i / 1000.0f));
    REQUIRE(l > previous);
    previous = l;
  }
  CHECK(lightness(colormap_rgb(Colormap::Sequential, 0.0f)) < 20.0);
  CHECK(lightness(colormap_rgb(Colormap::Sequential, 1.0f)) > 85.0);
}

TEST_CASE("the diverging colormap is blue below, white-ish in the middle and red above") {
  const Rgb low = colormap_rgb(Colormap::Diverging, 0.0f);
  const Rgb mid = colormap_rgb(Colormap::Diverging, 0.5f);
  const Rgb high = colormap_rgb(Colormap::Diverging, 1.0f);
  CHECK(low[2] > low[0]);
  CHECK(high[0] > high[2]);
  for (float c : mid) CHECK(c > 0.95f);
  CHECK(lightness(mid) > 95.0);
}

TEST_CASE("the diverging colormap is symmetric in lightness about its middle") {
  for (int i = 0; i <= 50; ++i) {
    const float t = i / 100.0f;
    const double below = lightness(colormap_rgb(Colormap::Diverging, t));
    const double above = lightness(colormap_rgb(Colormap::Diverging, 1.0f - t));
    CAPTURE(t);
    CHECK(std::fabs(below - above) < 5.0);
  }
}

TEST_CASE("colormap positions outside [0, 1] and NaN are clamped") {
  for (Colormap map : {Colormap::Sequential, Colormap::Diverging}) {
    CHECK(colormap_rgb(map, -3.0f) == colormap_rgb(map, 0.0f));
    CHECK(colormap_rgb(map, 7.0f) == colormap_rgb(map, 1.0f));
    CHECK(colormap_rgb(map, std::nanf("")) == colormap_rgb(map, 0.0f));
  }
}

TEST_CASE("the LUT holds colormap_rgb at i / 255 as bytes") {
  for (Colormap map : {Colormap::Sequential, Colormap::Diverging}) {
    const auto lut = colormap_lut_rgba8(map);
    for (int i : {0, 1, 100, 128, 254, 255}) {
      const Rgb c = colormap_rgb(map, i / 255.0f);
      CAPTURE(i);
      for (int k = 0; k < 3; ++k) CHECK(lut[i * 4 + k] == std::lround(c[k] * 255.0f));
      CHECK(lut[i * 4 + 3] == 255);
    }
  }
  CHECK(colormap_lut_index(0.0f) == 0);
  CHECK(colormap_lut_index(1.0f) == 255);
  CHECK(colormap_lut_index(0.5f) == 128);
}

TEST_CASE("text is white on dark cells and black on light ones") {
  CHECK_FALSE(prefers_dark_text(colormap_rgb(Colormap::Sequential, 0.0f)));
  CHECK(prefers_dark_text(colormap_rgb(Colormap::Sequential, 1.0f)));
  CHECK(prefers_dark_text(colormap_rgb(Colormap::Diverging, 0.5f)));
  CHECK_FALSE(prefers_dark_text(colormap_rgb(Colormap::Diverging, 0.0f)));
  CHECK_FALSE(prefers_dark_text(colormap_rgb(Colormap::Diverging, 1.0f)));
  CHECK_FALSE(prefers_dark_text(rgb_from_hex(kHatchLightHex)));
}

TEST_CASE("values normalise to [0, 1] with sentinels for masked and NaN cells") {
  CHECK(heatmap_normalize(2.0, true, 2.0, 4.0) == 0.0f);
  CHECK(heatmap_normalize(3.0, true, 2.0, 4.0) == 0.5f);
  CHECK(heatmap_normalize(4.0, true, 2.0, 4.0) == 1.0f);
  CHECK(heatmap_normalize(9.0, true, 2.0, 4.0) == 1.0f);
  CHECK(heatmap_normalize(-9.0, true, 2.0, 4.0) == 0.0f);
  CHECK(heatmap_normalize(kInf, true, 2.0, 4.0) == 1.0f);
  CHECK(heatmap_normalize(-kInf, true, 2.0, 4.0) == kCellMasked);
  CHECK(heatmap_normalize(3.0, false, 2.0, 4.0) == kCellMasked);
  CHECK(heatmap_normalize(kNaN, true, 2.0, 4.0) == kCellInvalid);
  SUBCASE("an empty or inverted range puts finite values in the middle") {
    CHECK(heatmap_normalize(3.0, true, 1.0, 1.0) == 0.5f);
    CHECK(heatmap_normalize(3.0, true, 4.0, 2.0) == 0.5f);
  }
}

TEST_CASE("the automatic range covers the finite allowed values") {
  Matrix m(2, 3);
  m << -kInf, 0.2, 0.9, 0.1, kNaN, 5.0;
  MaskMatrix allowed(2, 3);
  allowed << 1, 1, 1, 1, 1, 0;
  SUBCASE("sequential: min and max, ignoring −∞, NaN and masked cells") {
    const HeatmapRange r = heatmap_auto_range(m, &allowed, Colormap::Sequential);
    CHECK(r.lo == 0.1);
    CHECK(r.hi == 0.9);
  }
  SUBCASE("diverging: symmetric about zero") {
    Matrix s(1, 3);
    s << -0.5, 2.0, 1.0;
    const HeatmapRange r = heatmap_auto_range(s, nullptr, Colormap::Diverging);
    CHECK(r.lo == -2.0);
    CHECK(r.hi == 2.0);
  }
  SUBCASE("a constant matrix is widened to include zero") {
    Matrix one = Matrix::Constant(1, 1, 1.0);
    const HeatmapRange r = heatmap_auto_range(one, nullptr, Colormap::Sequential);
    CHECK(r.lo == 0.0);
    CHECK(r.hi == 1.0);
    const HeatmapRange z = heatmap_auto_range(Matrix::Zero(2, 2), nullptr, Colormap::Sequential);
    CHECK(z.hi > z.lo);
  }
  SUBCASE("no finite value gives [0, 1]") {
    Matrix none = Matrix::Constant(2, 2, -kInf);
    const HeatmapRange r = heatmap_auto_range(none, nullptr, Colormap::Sequential);
    CHECK(r.lo == 0.0);
    CHECK(r.hi == 1.0);
  }
  SUBCASE("a mask of the wrong shape is ignored") {
    MaskMatrix wrong = MaskMatrix::Zero(1, 1);
    const HeatmapRange r = heatmap_auto_range(m, &wrong, Colormap::Sequential);
    CHECK(r.hi == 5.0);
  }
}

TEST_CASE("heatmap_rgba draws cells, hatches masked cells and separates cells") {
  Matrix m(2, 3);
  m << 0.0, 0.5, 1.0, -kInf, kNaN, 0.25;
  MaskMatrix allowed(2, 3);
  allowed << 1, 0, 1, 1, 1, 1;
  constexpr int kCell = 16;
  const auto img = heatmap_rgba(m, &allowed, Colormap::Sequential, 0.0, 1.0, kCell);
  const int width = 3 * kCell;
  REQUIRE(img.size() == static_cast<std::size_t>(width * 2 * kCell * 4));
  for (std::size_t i = 3; i < img.size(); i += 4) REQUIRE(img[i] == 255);

  const auto lut = colormap_lut_rgba8(Colormap::Sequential);
  const auto lut_px = [&](int index) {
    return std::array<int, 3>{lut[index * 4], lut[index * 4 + 1], lut[index * 4 + 2]};
  };
  CHECK(pixel(img, width, 8, 8) == lut_px(0));                               // (0, 0) = 0
  CHECK(pixel(img, width, 2 * kCell + 8, 8) == lut_px(255));                 // (0, 2) = 1
  CHECK(pixel(img, width, 2 * kCell + 8, kCell + 8) == lut_px(64));          // (1, 2) = 0.25
  CHECK(pixel(img, width, kCell + 8, kCell + 8) == hex_pixel(kInvalidHex));  // NaN

  SUBCASE("masked cells (by the mask or −∞) show exactly the two hatch colours") {
    const int line = heatmap_separator_px(kCell);
    for (auto [x0, y0] : {std::pair{kCell, 0}, std::pair{0, kCell}}) {
      std::set<std::array<int, 3>> seen;
      for (int y = y0 + line; y < y0 + kCell; ++y) {
        for (int x = x0 + line; x < x0 + kCell; ++x) seen.insert(pixel(img, width, x, y));
      }
      CHECK(seen == std::set{hex_pixel(kHatchDarkHex), hex_pixel(kHatchLightHex)});
    }
  }
  SUBCASE("separators sit on the first pixels of every cell after the first") {
    REQUIRE(heatmap_separator_px(kCell) == 1);
    CHECK(pixel(img, width, kCell, 8) == hex_pixel(kSeparatorHex));
    CHECK(pixel(img, width, 8, kCell) == hex_pixel(kSeparatorHex));
    CHECK(pixel(img, width, 0, 8) == lut_px(0));
  }
  SUBCASE("small cells have no separators") {
    CHECK(heatmap_separator_px(4) == 0);
    const auto small = heatmap_rgba(m, &allowed, Colormap::Sequential, 0.0, 1.0, 4);
    REQUIRE(small.size() == static_cast<std::size_t>(12 * 8 * 4));
    CHECK(pixel(small, 12, 8, 0) == lut_px(255));
  }
}

TEST_CASE("heatmap_rgba refuses empty and oversized images") {
  CHECK(heatmap_rgba(Matrix(0, 3), nullptr, Colormap::Sequential, 0, 1, 8).empty());
  CHECK(heatmap_rgba(Matrix::Zero(2, 200), nullptr, Colormap::Sequential, 0, 1, 100).empty());
  // cell_px is clamped to at least 1.
  CHECK(heatmap_rgba(Matrix::Zero(2, 3), nullptr, Colormap::Diverging, -1, 1, 0).size() == 24u);
}

}  // namespace ap
