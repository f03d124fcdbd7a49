// The scale lab (app/scale_lab.h): its grid, memory estimates and budget, the kept-pair
// counts against the kernels' own, sparse rows computed in slices against one call, the
// queue's slices bounded in pairs, sliced measurements giving the kernels' output, and the
// weights map and kept mass against a direct computation. No timing is checked.
#include <doctest/doctest.h>

#include <cmath>

#include "app/scale_lab.h"
#include "core/limits.h"
#include "core/rng.h"

using namespace ap;

namespace {

SparsitySpec pattern(int window, int stride) {
  SparsitySpec p;
  p.window = window;
  p.stride = stride;
  return p;
}

// Steps the lab one slice at a time until `done` holds (at most `limit` slices).
template <class F>
int step_until(ScaleLab& lab, F done, int limit = 100000) {
  int slices = 0;
  while (!done() && slices < limit && scale_lab_frame(lab, 0)) ++slices;
  return slices;
}

}  // namespace

TEST_CASE("the scale lab's sizes double every two steps from 64 to the limit") {
  const std::vector<int>& s = scale_lab_sizes();
  REQUIRE(s.size() == 17);
  CHECK(s.front() == 64);
  CHECK(s[1] == 91);
  CHECK(s[2] == 128);
  CHECK(s.back() == kScaleLabMaxTokens);
  CHECK(scale_lab_size_index(3000) == 11);  // 2896
  CHECK(scale_lab_size_index(10) == 0);
}

TEST_CASE("dense attention outgrows the lab's memory budget first; tiled fits at every n") {
  CHECK(scale_lab_largest_dense_n(64) == 2896);
  const double budget = static_cast<double>(kScaleLabBudgetBytes);
  CHECK(scale_lab_estimate_bytes(ScalePath::Dense, 4096, 64) > budget);
  // 4096² floats alone are the whole budget.
  CHECK(scale_lab_estimate_bytes(ScalePath::Dense, 4096, 64) > 4.0 * 4096 * 4096);
  CHECK(scale_lab_estimate_bytes(ScalePath::Tiled, kScaleLabMaxTokens, 64) < budget);
  CHECK(scale_lab_estimate_bytes(ScalePath::Sparse, kScaleLabMaxTokens, 64) < budget);
}

TEST_CASE("the lab's kept-pair counts agree with the sparse kernel's") {
  for (int n : {1, 7, 64, 91, 200})
    for (const SparsitySpec& p : {pattern(-1, 0), pattern(0, 0), pattern(3, 0), pattern(-1, 4),
                                  pattern(2, 5), pattern(16, 3), pattern(500, 1)}) {
      INFO("n ", n, " window ", p.window, " stride ", p.stride);
      const kernels::Dims dims{n, n, 8, 8};
      CHECK(scale_lab_sparse_pairs(p, n) ==
            static_cast<long long>(kernels::sparse_pairs(dims, MaskSpec{}, p)));
    }
}

TEST_CASE("sparse rows computed in slices equal one sparse call") {
  const int n = 77, d = 12;
  Rng rng(5);
  std::vector<float> q(n * d), k(n * d), v(n * d), whole(n * d), sliced(n * d, -1);
  for (std::vector<float>* m : {&q, &k, &v})
    for (float& x : *m) x = static_cast<float>(rng.normal());
  const kernels::Dims dims{n, n, d, d};
  const SparsitySpec p = pattern(5, 7);
  kernels::Workspace ws;
  for (kernels::Isa isa : {kernels::Isa::Scalar, kernels::Isa::Simd}) {
    kernels::sparse_forward(isa, q.data(), k.data(), v.data(), whole.data(), dims, MaskSpec{}, p,
                            &ws);
    for (int r0 = 0; r0 < n; r0 += 10)
      kernels::sparse_forward_rows(isa, q.data(), k.data(), v.data(), sliced.data(), dims,
                                   MaskSpec{}, p, &ws, r0, r0 + 10);
    for (int t = 0; t < n * d; ++t) REQUIRE(sliced[t] == whole[t]);
  }
}

TEST_CASE(
    "a slice of the lab computes at most its bound of pairs, and the sliced result is the "
    "kernel's") {
  ScaleLab lab;
  scale_lab_set_n(lab, 1024);
  const ScaleRow* tiled = nullptr;
  step_until(lab, [&] {
    tiled = scale_lab_row(lab, 1024, ScalePath::Tiled);
    return tiled && tiled->status == ScaleRow::Status::Running;
  });
  REQUIRE(tiled);
  REQUIRE(tiled->status == ScaleRow::Status::Running);
  CHECK(tiled->pairs <= kScaleLabPairsPerSlice);
  CHECK(tiled->rows_done < 1024);
  step_until(lab, [&] { return tiled->status == ScaleRow::Status::Done; });
  REQUIRE(tiled->status == ScaleRow::Status::Done);
  CHECK(tiled->pairs == 1024LL * 1024);
  CHECK(tiled->seconds > 0);
  // The lab's output buffer now holds the sliced tiled output: against one dense call.
  const int n = 1024, d = lab.d;
  std::vector<float> ref(static_cast<std::size_t>(n) * d);
  kernels::Workspace ws;
  kernels::dense_forward(kernels::Isa::Scalar, lab.q.data(), lab.k.data(), lab.v.data(), ref.data(),
                         {n, n, d, d}, MaskSpec{}, &ws);
  double worst = 0;
  for (std::size_t t = 0; t < ref.size(); ++t)
    worst = std::max(worst, std::abs(static_cast<double>(lab.out[t]) - ref[t]) /
                                (1.0 + std::abs(static_cast<double>(ref[t]))));
  CHECK(worst < 1e-5);
  // Memory: inputs and output (4 · n · d floats) plus a workspace that does not grow with n².
  CHECK(tiled->bytes > 16.0 * n * d);
  CHECK(tiled->bytes < 16.0 * n * d + 4.0 * n * n / 4);
}

TEST_CASE("the lab measures every size up to n on each path, and its map follows the pattern") {
  ScaleLab lab;
  scale_lab_set_n(lab, 300);  // the grid size below: 256
  CHECK(lab.target_n == 256);
  CHECK(scale_lab_largest_measured_n(lab) == -1);
  scale_lab_finish(lab);
  CHECK_FALSE(lab.running);
  CHECK(scale_lab_largest_measured_n(lab) == 256);
  for (int n : {64, 91, 128, 181, 256}) {
    INFO(n);
    const ScaleRow* dense = scale_lab_row(lab, n, ScalePath::Dense);
    const ScaleRow* sparse = scale_lab_row(lab, n, ScalePath::Sparse);
    REQUIRE(dense);
    CHECK(dense->status == ScaleRow::Status::Done);
    CHECK(dense->pairs == static_cast<long long>(n) * n);
    CHECK(dense->bytes == scale_lab_estimate_bytes(ScalePath::Dense, n, lab.d));
    CHECK(sparse->pairs == scale_lab_sparse_pairs(lab.pattern, n));
  }
  CHECK(scale_lab_row(lab, 362, ScalePath::Dense)->status == ScaleRow::Status::Pending);
  CHECK(scale_lab_dense_refused_n(lab) == -1);
  CHECK(scale_lab_sparse_cost(lab) == doctest::Approx(0.25));  // stride 4

  // The map: 96 sampled rows, each summing to 1; the kept mass recomputed directly.
  REQUIRE(lab.map.rows() == kScaleLabMapSide);
  const int n = 256, d = lab.d;
  auto kept_mass = [&](int window, int stride) {
    double total = 0;
    for (int r = 0; r < kScaleLabMapSide; ++r) {
      const int i = static_cast<int>((r + 0.5) * n / kScaleLabMapSide);
      std::vector<double> s(n);
      double top = -1e300;
      for (int j = 0; j < n; ++j) {
        double dot = 0;
        for (int c = 0; c < d; ++c) dot += static_cast<double>(lab.q[i * d + c]) * lab.k[j * d + c];
        top = std::max(top, s[j] = dot / 8);
      }
      double sum = 0, in = 0;
      for (int j = 0; j < n; ++j) {
        const double e = std::exp(s[j] - top);
        sum += e;
        const int gap = std::abs(i - j);
        if ((window >= 0 && gap <= window) || (stride > 0 && gap % stride == 0)) in += e;
      }
      total += in / sum;
    }
    return total / kScaleLabMapSide;
  };
  for (int r = 0; r < kScaleLabMapSide; ++r) CHECK(lab.map.row(r).sum() == doctest::Approx(1.0));
  CHECK(lab.mass_kept == doctest::Approx(kept_mass(-1, 4)));
  // The data is local: every 4th key keeps little of the mass, a window of 16 nearly all.
  CHECK(lab.mass_kept < 0.5);
  scale_lab_set_pattern(lab, pattern(16, 0));
  CHECK(scale_lab_row(lab, 256, ScalePath::Sparse)->status == ScaleRow::Status::Pending);
  CHECK(scale_lab_row(lab, 256, ScalePath::Dense)->status == ScaleRow::Status::Done);
  scale_lab_finish(lab);
  CHECK(lab.mass_kept == doctest::Approx(kept_mass(16, 0)));
  CHECK(lab.mass_kept > 0.9);
  CHECK(scale_lab_sparse_cost(lab) < 0.25);
  CHECK(lab.map_kept(0, kScaleLabMapSide - 1) == 0);
  CHECK(lab.map_kept(50, 50) == 1);
}
