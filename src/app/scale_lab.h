// The scale lab ("The cost of attention"): measured time and memory of the f32 kernels
// (core/kernels: dense, tiled, sparse) at sequence lengths n on a √2 grid up to the
// learner's n, a downsampled map of the weights at that n, and how much of the weights'
// mass the learner's sparse pattern keeps. The page calls scale_lab_frame() once per frame:
// it works through a queue of measurements in slices of query rows (limits.h, "Scale
// lab"), so no frame freezes. No ImGui, no GL, no Emscripten: src/ui/panel_scale_lab.cpp
// draws it; model_facts.cpp reads it for lesson goals.
//
// The inputs are float32, row-major, d = 64: queries and keys share a positional part (32
// sinusoids of random frequencies in [0, 0.1) per position, so q_i·k_j peaks at |i − j| ≲ 10)
// plus Gaussian noise, values are Gaussian; a fixed seed, and the first n rows are the
// same for every n. No mask: every query may attend to every key.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/kernels/kernels.h"
#include "core/matrix.h"

namespace ap {

enum class ScalePath { Dense, Tiled, Sparse };
inline constexpr int kScalePathCount = 3;
const char* scale_path_name(ScalePath p);  // "dense", "tiled", "sparse"

// One (n, path) measurement.
struct ScaleRow {
  enum class Status { Pending, Running, Done, Refused };
  Status status = Status::Pending;
  double seconds = 0;   // the whole n × n computation (sum of its slices)
  double bytes = 0;     // inputs + output + the kernel's workspace for the whole call
  long long pairs = 0;  // (query, key) pairs computed
  std::string refusal;  // Status::Refused: one sentence for the learner
  int rows_done = 0;    // Status::Running: query rows measured so far
  int repeats = 1;      // small sizes run several times; seconds is per run
};

// The lab's starting pattern: every 4th key (a quarter of the pairs).
inline SparsitySpec scale_lab_default_pattern() {
  SparsitySpec p;
  p.stride = 4;
  return p;
}

struct ScaleLab {
  bool open = false;    // the view is shown (Models menu)
  int d = 64;           // query, key and value width
  int target_n = 1024;  // the learner's n: sizes up to it are measured
  // The sparse path's pattern: window and/or stride (no top-k, no global tokens).
  SparsitySpec pattern = scale_lab_default_pattern();
  bool running = false;  // measurements are pending and the lab works each frame

  // Results, one per grid size (scale_lab_sizes()) and path.
  std::vector<std::vector<ScaleRow>> rows;  // [size index][path]

  // The weights at target_n, downsampled: (side × side) where side = min(n, kScaleLabMapSide);
  // row r is query ⌊(r + ½)·n / side⌋, column c the mass of keys in bin c (a row sums to
  // 1); kept(r, c) = 1 when the pattern keeps a key of the bin for that query.
  Matrix map;
  MaskMatrix map_kept;
  int map_n = 0;            // the n of the map (0: none yet)
  double mass_kept = -1;    // mean over the map's rows of the mass the pattern keeps
  int map_rows_done = 0;    // rows of the map computed so far
  double map_kept_sum = 0;  // the kept mass of those rows, summed

  // Buffers (float32, row-major): the first `generated` rows of Q, K, V, and the output.
  std::vector<float> q, k, v, out;
  int generated = 0;
  kernels::Workspace ws;
};

// The grid of sizes: round(64 · 2^(k/2)) for k = 0, 1, … up to kScaleLabMaxTokens.
const std::vector<int>& scale_lab_sizes();
int scale_lab_size_index(int n);  // index of the largest grid size ≤ n (0 for n < 64)

// The bytes a path needs at n for inputs, output and workspace, before running it: the
// dense weights (⌈n/4⌉·4 × ⌈n/8⌉·8 floats) and packed keys; tiled and sparse their packed
// keys or kept-key lists and one block. Dense is refused past kScaleLabBudgetBytes.
double scale_lab_estimate_bytes(ScalePath p, int n, int d);
// The largest grid size whose dense estimate fits the budget.
int scale_lab_largest_dense_n(int d);

// (query, key) pairs the lab's sparse pattern keeps at n (no mask), and for query i.
long long scale_lab_sparse_pairs(const SparsitySpec& pattern, int n);
long long scale_lab_sparse_row_pairs(const SparsitySpec& pattern, int n, int i);

// Sets the learner's n (clamped to the grid) and pattern; pending work is queued, and
// results that the change makes stale (the sparse rows, the map) are cleared.
void scale_lab_set_n(ScaleLab& lab, int n);
void scale_lab_set_pattern(ScaleLab& lab, const SparsitySpec& pattern);
// Starts measuring every size up to target_n not measured yet (the Measure button).
void scale_lab_start(ScaleLab& lab);
// Forgets every measurement (the Clear button); settings stay.
void scale_lab_clear(ScaleLab& lab);

// Works for at most `seconds` (at least one slice) while running; stops running when the
// queue is empty. Returns whether anything was done.
bool scale_lab_frame(ScaleLab& lab, double seconds = 0.008);
// Runs the whole queue at once (lesson recipes, tests).
void scale_lab_finish(ScaleLab& lab);

// Facts the panel and lesson goals read. −1 when there is none yet.
int scale_lab_largest_measured_n(const ScaleLab& lab);  // all three paths done or refused
const ScaleRow* scale_lab_row(const ScaleLab& lab, int n, ScalePath p);  // null: not a grid size
// The smallest measured n whose dense time exceeds `seconds` (a 60 Hz frame: 1/60 s), −1
// when no measured one does.
int scale_lab_crossing_n(const ScaleLab& lab, double seconds);
// The smallest measured n at which dense was refused for memory while tiled ran, −1 if none.
int scale_lab_dense_refused_n(const ScaleLab& lab);
// The sparse pattern's share of the dense pairs at target_n.
double scale_lab_sparse_cost(const ScaleLab& lab);

}  // namespace ap
