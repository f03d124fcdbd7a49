// The `captioning` generator against the rules of shared/TASKS.md, checked on thousands of
// generated images through their pixels: the objects are found again in the image
// (cells, colours and shapes read back from the pixels with TASKS.md's formulas written
// out here again), and the caption is rebuilt here from what was found.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "models/captioning_data.h"

using namespace ap;
using namespace ap::captioning;

namespace {

const std::vector<std::string> kShapes = {"circle", "square", "triangle", "cross"};
const std::vector<std::string> kColors = {"red", "green", "blue", "yellow"};
const double kRgb[4][3] = {{1, 0.2, 0.2}, {0.2, 0.9, 0.2}, {0.25, 0.4, 1}, {1, 0.9, 0.2}};

// TASKS.md's shape rules, written out again.
bool tasks_shape(int shape, int y, int x) {
  const bool inner = 1 <= y && y <= 6 && 1 <= x && x <= 6;
  if (shape == 0) return (y - 3.5) * (y - 3.5) + (x - 3.5) * (x - 3.5) <= 9;
  if (shape == 1) return inner;
  if (shape == 2) return 1 <= y && y <= 6 && std::abs(x - 3.5) <= (y - 1) / 2.0 + 0.5;
  return inner && (y == 3 || y == 4 || x == 3 || x == 4);
}

double pixel(const std::vector<double>& img, int y, int x, int c) {
  return img[static_cast<std::size_t>((y * 32 + x) * 3 + c)];
}

struct Found {
  int row, col, shape, color;
};

// The objects of an image read back from its pixels: a pixel is an object's when some
// channel is above 0.35 (the background stays within 0.15 ± 0.05, every colour has a
// channel ≥ 0.9 − 0.05). The colour is the nearest TASKS.md colour to the mean of those
// pixels; the shape the one whose mask is exactly those pixels (−1 when none is).
std::vector<Found> read_image(const std::vector<double>& img) {
  std::vector<Found> out;
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) {
      bool mask[8][8] = {};
      double mean[3] = {0, 0, 0};
      int n = 0;
      for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 8; ++x) {
          bool on = false;
          for (int ch = 0; ch < 3; ++ch) on = on || pixel(img, r * 8 + y, c * 8 + x, ch) > 0.35;
          mask[y][x] = on;
          if (!on) continue;
          ++n;
          for (int ch = 0; ch < 3; ++ch) mean[ch] += pixel(img, r * 8 + y, c * 8 + x, ch);
        }
      if (n == 0) continue;
      Found f{r, c, -1, -1};
      double best = 1e9;
      for (int k = 0; k < 4; ++k) {
        double d = 0;
        for (int ch = 0; ch < 3; ++ch) d += std::pow(mean[ch] / n - kRgb[k][ch], 2);
        if (d < best) best = d, f.color = k;
      }
      for (int s = 0; s < 4; ++s) {
        bool same = true;
        for (int y = 0; y < 8; ++y)
          for (int x = 0; x < 8; ++x) same = same && mask[y][x] == tasks_shape(s, y, x);
        if (same) f.shape = s;
      }
      out.push_back(f);
    }
  return out;  // in reading order: rows, then columns
}

std::string expected_caption(const std::vector<Found>& f) {
  const Found &a = f[0], &b = f[1];
  return "a " + kColors[a.color] + " " + kShapes[a.shape] +
         (a.row == b.row ? " left of a " : " above a ") + kColors[b.color] + " " + kShapes[b.shape];
}

double chi_square(const std::map<int, int>& counts, int categories, int total) {
  const double expected = static_cast<double>(total) / categories;
  double chi = 0;
  for (int c = 0; c < categories; ++c) {
    const auto it = counts.find(c);
    const double o = it == counts.end() ? 0 : it->second;
    chi += (o - expected) * (o - expected) / expected;
  }
  return chi;
}

}  // namespace

TEST_CASE("the captioning lists and shapes are TASKS.md's") {
  CHECK(shapes() == kShapes);
  CHECK(colors() == kColors);
  for (int k = 0; k < 4; ++k)
    for (int ch = 0; ch < 3; ++ch) CHECK(color_rgb(k)[static_cast<std::size_t>(ch)] == kRgb[k][ch]);
  int counts[4] = {0, 0, 0, 0};
  for (int s = 0; s < 4; ++s)
    for (int y = 0; y < 8; ++y)
      for (int x = 0; x < 8; ++x) {
        CHECK(shape_covers(s, y, x) == tasks_shape(s, y, x));
        counts[s] += tasks_shape(s, y, x);
      }
  // Counted by hand: the square 6 × 6, the cross two bars of 2 × 6 less their 2 × 2
  // overlap, the triangle rows 2, 2, 4, 4, 6, 6; the circle of radius 3 has 32 pixels.
  CHECK(counts[0] == 32);
  CHECK(counts[1] == 36);
  CHECK(counts[2] == 24);
  CHECK(counts[3] == 20);
  // The vocabulary: start, end and every caption word, once each.
  std::set<std::string> vocab(vocabulary().begin(), vocabulary().end());
  CHECK(vocab.size() == vocabulary().size());
  CHECK(vocabulary()[kStart] == "<s>");
  CHECK(vocabulary()[kEnd] == "</s>");
  for (const char* w : {"a", "left", "of", "above"}) CHECK(word_index(w) >= 0);
  for (const std::string& w : kShapes) CHECK(word_index(w) >= 0);
  for (const std::string& w : kColors) CHECK(word_index(w) >= 0);
  CHECK(vocabulary().size() == 14);
  CHECK(word_index("purple") == -1);
}

TEST_CASE("captioning images and captions follow TASKS.md on 5000 examples") {
  Rng rng(2024);
  std::map<int, int> cells, shape_count, color_count;
  int same_row = 0, bg_pixels = 0, out_of_range = 0, bg_out = 0;
  double bg_sum = 0, bg_min = 1, bg_max = 0;
  const int n = 5000;
  for (int i = 0; i < n; ++i) {
    const Scene s = generate_scene(rng);
    const std::vector<double> img = render(s, rng);
    REQUIRE(img.size() == 32u * 32u * 3u);
    for (double v : img) out_of_range += !(v >= 0 && v <= 1);
    const std::vector<Found> f = read_image(img);
    REQUIRE(f.size() == 2);
    for (const Found& o : f) REQUIRE(o.shape >= 0);  // every object is exactly one shape
    CHECK(!(f[0].shape == f[1].shape && f[0].color == f[1].color));
    // The scene lists the objects the image shows, in reading order.
    for (std::size_t k = 0; k < 2; ++k) {
      CHECK(s.objects[k].row == f[k].row);
      CHECK(s.objects[k].col == f[k].col);
      CHECK(s.objects[k].shape == f[k].shape);
      CHECK(s.objects[k].color == f[k].color);
    }
    CHECK(caption(s) == expected_caption(f));
    std::istringstream words(caption(s));
    std::string w;
    std::vector<std::string> ws;
    while (words >> w) ws.push_back(w);
    CHECK(ws == caption_words(s));
    // Attention targets: the colour and shape words point at their object's patch.
    const std::vector<int> t = caption_targets(s);
    REQUIRE(t.size() == ws.size());
    for (std::size_t k = 0; k < ws.size(); ++k) {
      const bool described = shape_index(ws[k]) >= 0 || color_index(ws[k]) >= 0;
      CHECK((t[k] >= 0) == described);
      if (described) {
        const Found& o = k < 3 ? f[0] : f[1];
        CHECK(t[k] == o.row * 4 + o.col);
      }
    }
    same_row += f[0].row == f[1].row;
    for (const Found& o : f) {
      ++cells[o.row * 4 + o.col];
      ++shape_count[o.shape];
      ++color_count[o.color];
    }
    // Background pixels (away from both objects' cells) are 0.15 ± 0.05.
    for (int y = 0; y < 32; ++y)
      for (int x = 0; x < 32; ++x) {
        bool object_cell = false;
        for (const Found& o : f) object_cell = object_cell || (y / 8 == o.row && x / 8 == o.col);
        if (object_cell) continue;
        for (int ch = 0; ch < 3; ++ch) {
          const double v = pixel(img, y, x, ch);
          bg_out += !(v >= 0.1 - 1e-12 && v <= 0.2 + 1e-12);
          bg_sum += v, ++bg_pixels;
          bg_min = std::min(bg_min, v), bg_max = std::max(bg_max, v);
        }
      }
  }
  CHECK(out_of_range == 0);
  CHECK(bg_out == 0);
  // The noise is uniform over [−0.05, 0.05]: mean 0.15, both ends reached.
  CHECK(bg_sum / bg_pixels == doctest::Approx(0.15).epsilon(0.002));
  CHECK(bg_min < 0.1005);
  CHECK(bg_max > 0.1995);
  // Two different cells of 16: another cell is in the same row with probability 3/15.
  CHECK(std::abs(static_cast<double>(same_row) / n - 0.2) < 0.02);
  // Cells uniform (15 degrees of freedom: 37.7 is the 0.001 quantile), shapes and colours
  // nearly uniform (the redraw of identical pairs keeps them symmetric).
  CHECK(chi_square(cells, 16, 2 * n) < 37.7);
  CHECK(chi_square(shape_count, 4, 2 * n) < 16.3);
  CHECK(chi_square(color_count, 4, 2 * n) < 16.3);
}

TEST_CASE("captioning patches are the image's cells, row-major, (y, x, channel)") {
  Rng rng(5);
  const Scene s = generate_scene(rng);
  const std::vector<double> img = render(s, rng);
  const Matrix P = patches(img);
  REQUIRE(P.rows() == 16);
  REQUIRE(P.cols() == 192);
  int mismatches = 0;
  for (int p = 0; p < 16; ++p)
    for (int y = 0; y < 8; ++y)
      for (int x = 0; x < 8; ++x)
        for (int ch = 0; ch < 3; ++ch)
          mismatches +=
              P(p, (y * 8 + x) * 3 + ch) != pixel(img, (p / 4) * 8 + y, (p % 4) * 8 + x, ch);
  CHECK(mismatches == 0);
}

TEST_CASE("the captioning generator is determined by its seed") {
  Rng a(7), b(7), c(8);
  int differ = 0;
  for (int i = 0; i < 200; ++i) {
    const Example x = generate(a), y = generate(b), z = generate(c);
    CHECK(x.scene.objects[0] == y.scene.objects[0]);
    CHECK(x.scene.objects[1] == y.scene.objects[1]);
    CHECK(x.patches == y.patches);
    differ += !(x.patches == z.patches);
  }
  CHECK(differ == 200);
  // A given scene with a given noise seed is the same image every time.
  Rng r(3);
  const Scene s = generate_scene(r);
  CHECK(example_of(s, 11).patches == example_of(s, 11).patches);
  CHECK(!(example_of(s, 11).patches == example_of(s, 12).patches));
}

TEST_CASE("captioning scenes: validity and reading order") {
  Object a{0, 0, 2, 1}, b{1, 2, 0, 3};
  std::string error;
  CHECK(valid_scene(a, b, &error));
  const Scene s = make_scene(a, b);
  CHECK(s.objects[0] == b);  // row 0 comes first
  CHECK(caption(s) == "a blue square above a red circle");
  const Scene t = make_scene(Object{3, 3, 1, 2}, Object{2, 1, 1, 0});
  CHECK(caption(t) == "a green triangle left of a yellow cross");
  CHECK(!valid_scene(a, Object{0, 0, 3, 3}, &error));  // same shape and colour
  CHECK(error.find("differ") != std::string::npos);
  CHECK(!valid_scene(a, Object{1, 0, 2, 1}, &error));  // same cell
  CHECK(error.find("cells") != std::string::npos);
  CHECK(!valid_scene(a, Object{1, 0, 4, 1}, &error));
  CHECK(!valid_scene(a, Object{4, 0, 1, 1}, &error));
  CHECK(!valid_scene(a, Object{1, -1, 1, 1}, &error));
  CHECK(valid_scene(a, Object{2, 0, 2, 3}, &error));  // same colour, another shape
}
