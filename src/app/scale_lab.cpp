// The scale lab of scale_lab.h: the input data, the queue of jobs (generate rows, the
// weights map, one measurement per grid size and path) worked a slice at a time, and the
// figures the panel and the lesson goals read.
// [SECTION] grid and estimates · data · jobs · queue · facts
#include "app/scale_lab.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/limits.h"
#include "core/pattern.h"
#include "core/rng.h"

namespace ap {
namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::size_t at(int row, int d) {
  return static_cast<std::size_t>(row) * static_cast<std::size_t>(d);
}

std::string mb(double bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", bytes / (1024.0 * 1024.0));
  return buf;
}

}  // namespace

const char* scale_path_name(ScalePath p) {
  switch (p) {
    case ScalePath::Dense:
      return "dense";
    case ScalePath::Tiled:
      return "tiled";
    case ScalePath::Sparse:
      return "sparse";
  }
  return "";
}

// ---------------------------------------------------------------------------------------
// [SECTION] grid and estimates
// ---------------------------------------------------------------------------------------

const std::vector<int>& scale_lab_sizes() {
  static const std::vector<int> sizes = [] {
    std::vector<int> s;
    for (int k = 0;; ++k) {
      const int n = static_cast<int>(std::lround(64.0 * std::pow(2.0, k / 2.0)));
      if (n > kScaleLabMaxTokens) break;
      s.push_back(n);
    }
    return s;
  }();
  return sizes;
}

int scale_lab_size_index(int n) {
  const std::vector<int>& s = scale_lab_sizes();
  int idx = 0;
  for (int i = 0; i < static_cast<int>(s.size()); ++i)
    if (s[static_cast<std::size_t>(i)] <= n) idx = i;
  return idx;
}

double scale_lab_estimate_bytes(ScalePath p, int n, int d) {
  // x rounded up to a multiple of 8, as a double
  auto up8 = [](int x) {
    const int blocks = (x + 7) / 8;  // rounds up: integer division is meant
    return 8.0 * blocks;
  };
  const double nd = static_cast<double>(n) * d;
  const double io = 4.0 * 4.0 * nd;  // Q, K, V and the output
  const double packed = 4.0 * up8(n) * d;
  switch (p) {
    case ScalePath::Dense: {
      const kernels::Dims dims{n, n, d, d};
      const double padded_v = d % 8 ? 4.0 * n * up8(d) : 0.0;
      return io + packed + padded_v + 4.0 * static_cast<double>(kernels::dense_score_floats(dims));
    }
    case ScalePath::Tiled:
      return io + packed + 4.0 * (64.0 * 64.0 + 64.0 * up8(d) + 3.0 * 64.0);
    case ScalePath::Sparse:
      return io + 4.0 * 2.0 * n;  // the scores and kept keys of one row
  }
  return 0;
}

int scale_lab_largest_dense_n(int d) {
  int best = -1;
  for (int n : scale_lab_sizes())
    if (scale_lab_estimate_bytes(ScalePath::Dense, n, d) <=
        static_cast<double>(kScaleLabBudgetBytes))
      best = n;
  return best;
}

long long scale_lab_sparse_row_pairs(const SparsitySpec& p, int n, int i) {
  if (p.window < 0 && p.stride <= 0) return n;  // no local pattern: every key
  long long count = 0;
  int lo = 0, hi = -1;
  if (p.window >= 0) {
    lo = std::max(0, i - p.window);
    hi = std::min(n - 1, i + p.window);
    count += hi - lo + 1;
  }
  if (p.stride > 0) {
    const int s = p.stride;
    count += (n - 1 - i % s) / s + 1;
    if (p.window >= 0) count -= (i - lo) / s + (hi - i) / s + 1;  // counted twice
  }
  return count;
}

long long scale_lab_sparse_pairs(const SparsitySpec& p, int n) {
  long long pairs = 0;
  for (int i = 0; i < n; ++i) pairs += scale_lab_sparse_row_pairs(p, n, i);
  return pairs;
}

// ---------------------------------------------------------------------------------------
// [SECTION] data
// ---------------------------------------------------------------------------------------

namespace {

constexpr std::uint64_t kSeed = 0x5CA1E1AB;
constexpr double kPositional = 1.7320508075688772;  // √3: q_i·k_i/√d ≈ 3·32/8 = 12
constexpr double kNoise = 0.3;
constexpr double kMaxFrequency = 0.1;

// Rows [lab.generated, n) of Q, K, V; each row from its own seed, so prefixes agree.
void generate_rows(ScaleLab& lab, int n) {
  const int d = lab.d;
  std::vector<double> freq(static_cast<std::size_t>(d / 2));
  Rng fr(kSeed);
  for (double& f : freq) f = kMaxFrequency * fr.uniform();
  for (std::vector<float>* m : {&lab.q, &lab.k, &lab.v, &lab.out}) m->resize(at(n, d));
  for (int i = lab.generated; i < n; ++i) {
    Rng rng(kSeed + 0x9E3779B97F4A7C15ull * static_cast<std::uint64_t>(i + 1));
    for (int c = 0; c < d; ++c) {
      const std::size_t f = static_cast<std::size_t>(c / 2);
      const double pos = kPositional * (c % 2 ? std::sin(freq[f] * i) : std::cos(freq[f] * i));
      lab.q[at(i, d) + static_cast<std::size_t>(c)] =
          static_cast<float>(pos + kNoise * rng.normal());
      lab.k[at(i, d) + static_cast<std::size_t>(c)] =
          static_cast<float>(pos + kNoise * rng.normal());
      lab.v[at(i, d) + static_cast<std::size_t>(c)] = static_cast<float>(rng.normal());
    }
  }
  lab.generated = std::max(lab.generated, n);
}

// ---------------------------------------------------------------------------------------
// [SECTION] jobs: each does one slice and returns
// ---------------------------------------------------------------------------------------

// Rows of the map (each a full softmax row over n keys, binned, its kept mass added up),
// a quarter of a slice of pairs at a time (they run in double, unvectorised).
void map_slice(ScaleLab& lab) {
  const int n = lab.target_n, d = lab.d, side = std::min(n, kScaleLabMapSide);
  if (lab.map_n != n || lab.map.rows() != side) {
    lab.map = Matrix::Zero(side, side);
    lab.map_kept = MaskMatrix::Zero(side, side);
    lab.map_n = n;
    lab.map_rows_done = 0;
    lab.map_kept_sum = 0;
    lab.mass_kept = -1;
  }
  const int rows = static_cast<int>(std::max(1LL, kScaleLabPairsPerSlice / 4 / n));
  const double scale = 1.0 / std::sqrt(static_cast<double>(d));
  const MaskSpec none;
  std::vector<double> s(static_cast<std::size_t>(n));
  const int end = std::min(side, lab.map_rows_done + rows);
  for (int r = lab.map_rows_done; r < end; ++r) {
    const int i = static_cast<int>((r + 0.5) * n / side);
    const float* qi = lab.q.data() + at(i, d);
    double top = -1e300;
    for (int j = 0; j < n; ++j) {
      const float* kj = lab.k.data() + at(j, d);
      double dot = 0;
      for (int c = 0; c < d; ++c) dot += static_cast<double>(qi[c]) * kj[c];
      s[static_cast<std::size_t>(j)] = dot * scale;
      top = std::max(top, s[static_cast<std::size_t>(j)]);
    }
    double sum = 0;
    for (double& x : s) sum += (x = std::exp(x - top));
    for (int j = 0; j < n; ++j) {
      const double w = s[static_cast<std::size_t>(j)] / sum;
      const int c = static_cast<int>(static_cast<long long>(j) * side / n);
      lab.map(r, c) += w;
      if (pattern_cell_allowed(none, lab.pattern, i, j)) {
        lab.map_kept(r, c) = 1;
        lab.map_kept_sum += w;
      }
    }
  }
  lab.map_rows_done = end;
  if (end == side) lab.mass_kept = lab.map_kept_sum / side;
}

long long row_pairs(const ScaleLab& lab, ScalePath p, int n, int i) {
  return p == ScalePath::Sparse ? scale_lab_sparse_row_pairs(lab.pattern, n, i) : n;
}

// One slice of the measurement of `row` (grid size n, path p).
void measure_slice(ScaleLab& lab, int n, ScalePath p, ScaleRow& row) {
  const int d = lab.d;
  if (row.status == ScaleRow::Status::Pending) {
    const double need = scale_lab_estimate_bytes(p, n, d);
    if (need > static_cast<double>(kScaleLabBudgetBytes)) {
      row.status = ScaleRow::Status::Refused;
      row.bytes = need;
      row.refusal =
          std::string(scale_path_name(p)) + " attention at n = " + std::to_string(n) + " needs " +
          mb(need) +
          (p == ScalePath::Dense
               ? " (its n × n weights alone take " + mb(4.0 * n * static_cast<double>(n)) + ")"
               : std::string()) +
          ", more than the lab's budget of " + mb(static_cast<double>(kScaleLabBudgetBytes)) + ".";
      return;
    }
    row = ScaleRow{};
    row.status = ScaleRow::Status::Running;
    lab.ws.release();
  }
  const kernels::Dims full{n, n, d, d};
  const MaskSpec none;
  long long total = 0;
  if (row.rows_done == 0)
    for (int i = 0; i < n; ++i) total += row_pairs(lab, p, n, i);
  // A small job runs whole, several times, so that the clock's resolution does not matter.
  const bool whole = row.rows_done == 0 && total <= kScaleLabPairsPerSlice / 2;
  int r0 = row.rows_done, r1 = n, repeats = 1;
  if (whole) {
    repeats =
        static_cast<int>(std::clamp(kScaleLabPairsPerSlice / std::max(1LL, total), 1LL, 64LL));
  } else {
    long long pairs = 0;
    r1 = r0;
    while (r1 < n && (pairs == 0 || pairs + row_pairs(lab, p, n, r1) <= kScaleLabPairsPerSlice))
      pairs += row_pairs(lab, p, n, r1++);
    if (p != ScalePath::Sparse && r1 < n) r1 = std::max(r0 + 4, r0 + (r1 - r0) / 4 * 4);
    r1 = std::min(r1, n);
  }
  const int rows = r1 - r0;
  const kernels::Dims slice{rows, n, d, d};
  const float* q = lab.q.data() + at(r0, d);
  float* o = lab.out.data() + at(r0, d);
  const Clock::time_point t0 = Clock::now();
  for (int rep = 0; rep < repeats; ++rep) switch (p) {
      case ScalePath::Dense:
        kernels::dense_forward(kernels::Isa::Simd, q, lab.k.data(), lab.v.data(), o, slice, none,
                               &lab.ws);
        break;
      case ScalePath::Tiled:
        kernels::tiled_forward(kernels::Isa::Simd, q, lab.k.data(), lab.v.data(), o, slice, none,
                               &lab.ws);
        break;
      case ScalePath::Sparse:
        kernels::sparse_forward_rows(kernels::Isa::Simd, lab.q.data(), lab.k.data(), lab.v.data(),
                                     lab.out.data(), full, none, lab.pattern, &lab.ws, r0, r1);
        break;
    }
  row.seconds += since(t0) / repeats;
  row.repeats = repeats;
  for (int i = r0; i < r1; ++i) row.pairs += row_pairs(lab, p, n, i);
  row.rows_done = r1;
  const double io = 4.0 * 4.0 * static_cast<double>(n) * d;
  // Dense holds the whole n × n weights in one call; the lab's slices hold only theirs, so
  // its figure is the estimate for the whole call. Tiled and sparse: the workspace measured.
  row.bytes = p == ScalePath::Dense ? scale_lab_estimate_bytes(p, n, d)
                                    : std::max(row.bytes, io + static_cast<double>(lab.ws.bytes()));
  if (r1 == n) {
    row.status = ScaleRow::Status::Done;
    lab.ws.release();
  }
}

void ensure_rows(ScaleLab& lab) {
  const std::size_t sizes = scale_lab_sizes().size();
  if (lab.rows.size() != sizes)
    lab.rows.assign(sizes, std::vector<ScaleRow>(static_cast<std::size_t>(kScalePathCount)));
}

bool pending(const ScaleRow& r) {
  return r.status == ScaleRow::Status::Pending || r.status == ScaleRow::Status::Running;
}

// One slice of the first job of the queue; false when there is none.
bool step(ScaleLab& lab) {
  ensure_rows(lab);
  if (lab.generated < lab.target_n) {
    generate_rows(lab, std::min(lab.target_n, lab.generated + 2048));
    return true;
  }
  if (lab.map_n != lab.target_n || lab.map_rows_done < lab.map.rows()) {
    map_slice(lab);
    return true;
  }
  const std::vector<int>& sizes = scale_lab_sizes();
  const int last = scale_lab_size_index(lab.target_n);
  for (int s = 0; s <= last; ++s)
    for (int p = 0; p < kScalePathCount; ++p) {
      ScaleRow& row = lab.rows[static_cast<std::size_t>(s)][static_cast<std::size_t>(p)];
      if (!pending(row)) continue;
      measure_slice(lab, sizes[static_cast<std::size_t>(s)], static_cast<ScalePath>(p), row);
      return true;
    }
  return false;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// [SECTION] queue
// ---------------------------------------------------------------------------------------

void scale_lab_set_n(ScaleLab& lab, int n) {
  const std::vector<int>& sizes = scale_lab_sizes();
  lab.target_n = sizes[static_cast<std::size_t>(scale_lab_size_index(n))];
  lab.running = true;
}

void scale_lab_set_pattern(ScaleLab& lab, const SparsitySpec& pattern) {
  SparsitySpec p;
  p.window = std::clamp(pattern.window, -1, kScaleLabMaxTokens);
  p.stride = std::clamp(pattern.stride, 0, kScaleLabMaxTokens);
  if (p.window == lab.pattern.window && p.stride == lab.pattern.stride) return;
  lab.pattern = p;
  ensure_rows(lab);
  for (std::vector<ScaleRow>& r : lab.rows)
    r[static_cast<std::size_t>(ScalePath::Sparse)] = ScaleRow{};
  lab.map_n = 0;  // the kept bins and mass follow the pattern
  lab.running = true;
}

void scale_lab_start(ScaleLab& lab) {
  lab.running = true;
}

void scale_lab_clear(ScaleLab& lab) {
  lab.rows.clear();
  lab.map_n = 0;
  lab.mass_kept = -1;
  lab.running = false;
}

bool scale_lab_frame(ScaleLab& lab, double seconds) {
  if (!lab.running) return false;
  const Clock::time_point t0 = Clock::now();
  bool worked = false;
  do {
    if (!step(lab)) {
      lab.running = false;
      break;
    }
    worked = true;
  } while (since(t0) < seconds);
  return worked;
}

void scale_lab_finish(ScaleLab& lab) {
  lab.running = true;
  while (step(lab)) {
  }
  lab.running = false;
}

// ---------------------------------------------------------------------------------------
// [SECTION] facts
// ---------------------------------------------------------------------------------------

const ScaleRow* scale_lab_row(const ScaleLab& lab, int n, ScalePath p) {
  const std::vector<int>& sizes = scale_lab_sizes();
  const auto it = std::find(sizes.begin(), sizes.end(), n);
  if (it == sizes.end() || lab.rows.size() != sizes.size()) return nullptr;
  return &lab.rows[static_cast<std::size_t>(it - sizes.begin())][static_cast<std::size_t>(p)];
}

int scale_lab_largest_measured_n(const ScaleLab& lab) {
  int best = -1;
  for (int n : scale_lab_sizes()) {
    bool all = true;
    for (int p = 0; p < kScalePathCount; ++p) {
      const ScaleRow* r = scale_lab_row(lab, n, static_cast<ScalePath>(p));
      all = all && r && !pending(*r);
    }
    if (all) best = n;
  }
  return best;
}

int scale_lab_crossing_n(const ScaleLab& lab, double seconds) {
  for (int n : scale_lab_sizes()) {
    const ScaleRow* r = scale_lab_row(lab, n, ScalePath::Dense);
    if (r && r->status == ScaleRow::Status::Done && r->seconds > seconds) return n;
  }
  return -1;
}

int scale_lab_dense_refused_n(const ScaleLab& lab) {
  for (int n : scale_lab_sizes()) {
    const ScaleRow* dense = scale_lab_row(lab, n, ScalePath::Dense);
    const ScaleRow* tiled = scale_lab_row(lab, n, ScalePath::Tiled);
    if (dense && tiled && dense->status == ScaleRow::Status::Refused &&
        tiled->status == ScaleRow::Status::Done)
      return n;
  }
  return -1;
}

double scale_lab_sparse_cost(const ScaleLab& lab) {
  const double n = lab.target_n;
  return static_cast<double>(scale_lab_sparse_pairs(lab.pattern, lab.target_n)) / (n * n);
}

}  // namespace ap
