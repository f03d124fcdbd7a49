// The `captioning` generator, images and captions (shared/TASKS.md, exactly).
#include "models/captioning_data.h"

#include <algorithm>
#include <cmath>

namespace ap::captioning {
namespace {

int pick(Rng& rng, int n) {
  return static_cast<int>(rng.uniform() * static_cast<double>(n));
}

int find(const std::vector<std::string>& list, const std::string& s) {
  for (std::size_t i = 0; i < list.size(); ++i)
    if (list[i] == s) return static_cast<int>(i);
  return -1;
}

bool reading_before(const Object& a, const Object& b) {
  return a.row != b.row ? a.row < b.row : a.col < b.col;
}

}  // namespace

const std::vector<std::string>& shapes() {
  static const std::vector<std::string> v = {"circle", "square", "triangle", "cross"};
  return v;
}

const std::vector<std::string>& colors() {
  static const std::vector<std::string> v = {"red", "green", "blue", "yellow"};
  return v;
}

std::array<double, 3> color_rgb(int color) {
  static const std::array<std::array<double, 3>, 4> rgb = {
      {{1.0, 0.2, 0.2}, {0.2, 0.9, 0.2}, {0.25, 0.4, 1.0}, {1.0, 0.9, 0.2}}};
  return rgb[static_cast<std::size_t>(color)];
}

bool shape_covers(int shape, int y, int x) {
  const double dy = y - 3.5, dx = x - 3.5;
  const bool inner = y >= 1 && y <= 6 && x >= 1 && x <= 6;
  switch (shape) {
    case 0:
      return dy * dy + dx * dx <= 9.0;
    case 1:
      return inner;
    case 2:
      return y >= 1 && y <= 6 && std::abs(dx) <= (y - 1) / 2.0 + 0.5;
    case 3:
      return inner && (y == 3 || y == 4 || x == 3 || x == 4);
    default:
      return false;
  }
}

bool valid_scene(const Object& a, const Object& b, std::string* error) {
  const int ns = static_cast<int>(shapes().size()), nc = static_cast<int>(colors().size());
  for (const Object* o : {&a, &b}) {
    if (o->shape < 0 || o->shape >= ns) return *error = "unknown shape", false;
    if (o->color < 0 || o->color >= nc) return *error = "unknown colour", false;
    if (o->row < 0 || o->row >= kGrid || o->col < 0 || o->col >= kGrid)
      return *error = "row and col must be 0 to 3", false;
  }
  if (a.row == b.row && a.col == b.col)
    return *error = "the two objects must be in different cells", false;
  if (a.shape == b.shape && a.color == b.color)
    return *error = "the two objects must differ in shape or colour", false;
  return true;
}

Scene make_scene(const Object& a, const Object& b) {
  Scene s;
  s.objects = reading_before(a, b) ? std::array<Object, 2>{a, b} : std::array<Object, 2>{b, a};
  return s;
}

Scene generate_scene(Rng& rng) {
  Object a, b;
  const int cell_a = pick(rng, kPatches);
  int cell_b = pick(rng, kPatches - 1);
  if (cell_b >= cell_a) ++cell_b;  // uniform among the other 15 cells
  a.row = cell_a / kGrid, a.col = cell_a % kGrid;
  b.row = cell_b / kGrid, b.col = cell_b % kGrid;
  const int ns = static_cast<int>(shapes().size()), nc = static_cast<int>(colors().size());
  do {
    a.shape = pick(rng, ns), a.color = pick(rng, nc);
    b.shape = pick(rng, ns), b.color = pick(rng, nc);
  } while (a.shape == b.shape && a.color == b.color);
  return make_scene(a, b);
}

std::vector<double> render(const Scene& s, Rng& noise) {
  std::vector<double> img(static_cast<std::size_t>(kImageSize) * kImageSize * 3, kBackground);
  for (const Object& o : s.objects) {
    const std::array<double, 3> rgb = color_rgb(o.color);
    for (int y = 0; y < kCell; ++y)
      for (int x = 0; x < kCell; ++x) {
        if (!shape_covers(o.shape, y, x)) continue;
        const std::size_t at = (static_cast<std::size_t>(o.row * kCell + y) * kImageSize +
                                static_cast<std::size_t>(o.col * kCell + x)) *
                               3;
        for (std::size_t c = 0; c < 3; ++c) img[at + c] = rgb[c];
      }
  }
  for (double& v : img) v = std::clamp(v + (2.0 * noise.uniform() - 1.0) * kNoise, 0.0, 1.0);
  return img;
}

Matrix patches(const std::vector<double>& image) {
  Matrix P(kPatches, kPatchValues);
  for (int p = 0; p < kPatches; ++p) {
    const int r = p / kGrid, c = p % kGrid;
    for (int y = 0; y < kCell; ++y)
      for (int x = 0; x < kCell; ++x)
        for (int ch = 0; ch < 3; ++ch)
          P(p, (y * kCell + x) * 3 + ch) =
              image[(static_cast<std::size_t>(r * kCell + y) * kImageSize +
                     static_cast<std::size_t>(c * kCell + x)) *
                        3 +
                    static_cast<std::size_t>(ch)];
  }
  return P;
}

std::vector<std::string> caption_words(const Scene& s) {
  const Object &a = s.objects[0], &b = s.objects[1];
  const auto name = [](const std::vector<std::string>& list, int i) {
    return list[static_cast<std::size_t>(i)];
  };
  std::vector<std::string> w = {"a", name(colors(), a.color), name(shapes(), a.shape)};
  if (a.row == b.row) {
    w.emplace_back("left");
    w.emplace_back("of");
  } else {
    w.emplace_back("above");
  }
  w.emplace_back("a");
  w.push_back(name(colors(), b.color));
  w.push_back(name(shapes(), b.shape));
  return w;
}

std::string caption(const Scene& s) {
  std::string out;
  for (const std::string& w : caption_words(s)) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::vector<int> caption_targets(const Scene& s) {
  const std::vector<std::string> w = caption_words(s);
  std::vector<int> t(w.size(), -1);
  t[1] = t[2] = s.objects[0].patch();
  t[w.size() - 2] = t[w.size() - 1] = s.objects[1].patch();
  return t;
}

const std::vector<std::string>& vocabulary() {
  static const std::vector<std::string> v = {"<s>",   "</s>",   "a",      "red",    "green",
                                             "blue",  "yellow", "circle", "square", "triangle",
                                             "cross", "left",   "of",     "above"};
  return v;
}

int word_index(const std::string& word) {
  return find(vocabulary(), word);
}

int shape_index(const std::string& name) {
  return find(shapes(), name);
}

int color_index(const std::string& name) {
  return find(colors(), name);
}

Example generate(Rng& rng) {
  Example e;
  e.scene = generate_scene(rng);
  e.patches = patches(render(e.scene, rng));
  return e;
}

Example example_of(const Scene& s, std::uint64_t noise_seed) {
  Rng noise(noise_seed);
  Example e;
  e.scene = s;
  e.patches = patches(render(s, noise));
  return e;
}

}  // namespace ap::captioning
