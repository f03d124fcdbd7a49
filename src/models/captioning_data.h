// The `captioning` task of shared/TASKS.md: two shapes on a 4 × 4 grid, described in
// words. An image is 32 × 32 RGB in [0, 1] made of 8 × 8-pixel cells; background 0.15 in
// every channel, two objects (circle, square, triangle, cross in red, green, blue,
// yellow) in different cells, not both of the same shape and colour; uniform noise in
// [−0.05, 0.05] is added to every pixel and channel and the result clamped to [0, 1]. The
// caption is `a C₁ S₁ REL a C₂ S₂`, object 1 first in reading order, REL `left of` (same
// row) or `above`. The model sees 16 patches of 8 × 8 × 3 values, row-major. Generated
// from a seed with ap::Rng, nothing downloaded. No model code here: see captioning_model.h.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "core/matrix.h"
#include "core/rng.h"

namespace ap::captioning {

inline constexpr int kImageSize = 32;  // pixels per side
inline constexpr int kCell = 8;        // pixels per cell side
inline constexpr int kGrid = 4;        // cells per side
inline constexpr int kPatches = kGrid * kGrid;
inline constexpr int kPatchValues = kCell * kCell * 3;  // (y, x, channel), row-major
inline constexpr double kBackground = 0.15;
inline constexpr double kNoise = 0.05;

const std::vector<std::string>& shapes();  // circle · square · triangle · cross
const std::vector<std::string>& colors();  // red · green · blue · yellow
// RGB of colors()[c] (TASKS.md).
std::array<double, 3> color_rgb(int color);

// Whether pixel (y, x) of a cell, y and x in 0 … 7, belongs to shape `shape` (TASKS.md).
bool shape_covers(int shape, int y, int x);

struct Object {
  int shape = 0, color = 0;  // shapes(), colors() index
  int row = 0, col = 0;      // cell, 0 … 3
  int patch() const { return row * kGrid + col; }
  bool operator==(const Object& o) const {
    return shape == o.shape && color == o.color && row == o.row && col == o.col;
  }
};

// Two objects, objects[0] first in reading order (by row, then column).
struct Scene {
  std::array<Object, 2> objects;
};

// Whether two objects make a valid scene: cells in range and different, not both of the
// same shape and colour, shapes and colours in range. `error` names the problem.
bool valid_scene(const Object& a, const Object& b, std::string* error);
// The scene of two valid objects in either order: sorted into reading order.
Scene make_scene(const Object& a, const Object& b);

// Draws a scene: the two cells uniform among the ordered pairs of different cells, each
// object's shape and colour uniform, the pair redrawn while both are the same shape and
// colour; then put in reading order.
Scene generate_scene(Rng& rng);

// The image (kImageSize × kImageSize × 3 values, index (y · 32 + x) · 3 + channel) with
// noise drawn from `noise`, in the order y, x, channel.
std::vector<double> render(const Scene& s, Rng& noise);

// The 16 patches (kPatches × kPatchValues): row p = cell (p / 4, p % 4), its values in
// the order (y, x, channel).
Matrix patches(const std::vector<double>& image);

// The caption's words: "a C1 S1 left of a C2 S2" or "a C1 S1 above a C2 S2".
std::vector<std::string> caption_words(const Scene& s);
std::string caption(const Scene& s);

// For each caption word, the patch of the object it describes when it is a colour or
// shape word, else −1 (the words scored by attention accuracy, TASKS.md).
std::vector<int> caption_targets(const Scene& s);

// The model's vocabulary: "<s>" (start of decoding), "</s>" (end), then every caption word
// in a fixed order. word_index() is −1 for an unknown word.
const std::vector<std::string>& vocabulary();
int word_index(const std::string& word);
inline constexpr int kStart = 0;
inline constexpr int kEnd = 1;

// Index of a shape or colour name (exact, lower-case); −1 when unknown.
int shape_index(const std::string& name);
int color_index(const std::string& name);

// One training or held-out example: its scene, image and patches.
struct Example {
  Scene scene;
  Matrix patches;  // (kPatches × kPatchValues)
};
// A scene from `rng` and its noise from the same stream.
Example generate(Rng& rng);
// The example of a given scene, its noise from Rng(noise_seed).
Example example_of(const Scene& s, std::uint64_t noise_seed);

}  // namespace ap::captioning
