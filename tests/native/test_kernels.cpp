// The f32 kernels (core/kernels) against the double plain-loop reference (reference_attend)
// on random inputs: every path (dense, tiled with several block sizes, sparse patterns),
// both builds of each (scalar and SIMD), masks, sizes that are not multiples of the 4×8
// tiles, n = 1 and d = 1. The reference gets the same float inputs widened to double, so
// only the kernels' float arithmetic is measured.
//
// Tolerance: |out − ref| ≤ kTol · max(1, |ref|) with kTol = 2e-5. Why that bound: with
// inputs ~N(0, 1) a score q·k/√d is a d-term float sum with error ≲ d·u·|q||k|/√d, where
// u = 6e-8 is float's unit round-off; for d ≤ 128 that is ≲ 1e-5·|scores| and |scores| ≲ 5
// here, and e^x, the sum of weights and Σ w·v (n_k ≤ 131 terms, each weight ≤ 1) add
// errors of the same size; measured errors are about 1e-6. The polynomial exp itself is
// held to 5e-7 relative below.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <sstream>
#include <vector>

#include "core/kernels/kernels.h"
#include "core/kernels/parallel.h"
#include "core/kernels/simd.h"
#include "core/pattern.h"
#include "core/reference.h"

using namespace ap;
using namespace ap::kernels;

namespace {

constexpr double kTol = 2e-5;

struct Inputs {
  Dims dims;
  std::vector<float> Q, K, V;
};

Inputs random_inputs(std::mt19937& rng, int n_q, int n_k, int d, int d_v, float scale = 1.0f) {
  std::normal_distribution<float> normal(0.0f, scale);
  Inputs in{{n_q, n_k, d, d_v}, {}, {}, {}};
  for (auto* m : {&in.Q, &in.K, &in.V}) {
    const int rows = m == &in.Q ? n_q : n_k, cols = m == &in.V ? d_v : d;
    m->resize(static_cast<std::size_t>(rows) * cols);
    for (float& x : *m) x = normal(rng);
  }
  return in;
}

Matrix widen(const std::vector<float>& x, int rows, int cols) {
  Matrix m(rows, cols);
  for (int i = 0; i < rows * cols; ++i) m.data()[i] = x[static_cast<std::size_t>(i)];
  return m;
}

Matrix reference_output(const Inputs& in, const MaskSpec& mask, const SparsitySpec& sparsity) {
  AttentionInput a;
  a.Q = widen(in.Q, in.dims.n_q, in.dims.d);
  a.K = widen(in.K, in.dims.n_k, in.dims.d);
  a.V = widen(in.V, in.dims.n_k, in.dims.d_v);
  a.scoring.kind = ScoringKind::ScaledDot;
  a.mask = mask;
  a.sparsity = sparsity;
  REQUIRE(validate(a) == "");
  return reference_attend(a).output;
}

// Compares out (n_q × d_v) with ref and reports the first entry beyond the tolerance.
void check_output(const std::vector<float>& out, const Matrix& ref, double tol) {
  REQUIRE(static_cast<Eigen::Index>(out.size()) == ref.size());
  double worst = 0;
  std::string first;
  for (Eigen::Index i = 0; i < ref.rows(); ++i)
    for (Eigen::Index c = 0; c < ref.cols(); ++c) {
      const double got = out[static_cast<std::size_t>(i * ref.cols() + c)], want = ref(i, c);
      const double err = std::abs(got - want) / std::max(1.0, std::abs(want));
      if (!(err <= tol) && first.empty()) {
        std::ostringstream os;
        os.precision(9);
        os << "first difference at (" << i << "," << c << "): kernel " << got << ", reference "
           << want << ", error " << err << " > " << tol;
        first = os.str();
      }
      worst = std::max(worst, std::isnan(err) ? INFINITY : err);
    }
  INFO("worst relative error " << worst);
  if (!first.empty()) FAIL_CHECK(first);
}

enum class Path { Dense, Tiled, TiledSmall, TiledOdd, Sparse };

const char* path_name(Path p) {
  switch (p) {
    case Path::Dense:
      return "dense";
    case Path::Tiled:
      return "tiled 64×64";
    case Path::TiledSmall:
      return "tiled 4×8";
    case Path::TiledOdd:
      return "tiled 12×24";
    case Path::Sparse:
      return "sparse";
  }
  return "?";
}

std::vector<float> run(Path path, Isa isa, const Inputs& in, const MaskSpec& mask,
                       const SparsitySpec& sparsity, Workspace* ws, int threads = 1) {
  std::vector<float> out(static_cast<std::size_t>(in.dims.n_q) * in.dims.d_v, NAN);
  const float *q = in.Q.data(), *k = in.K.data(), *v = in.V.data();
  switch (path) {
    case Path::Dense:
      dense_forward(isa, q, k, v, out.data(), in.dims, mask, ws, threads);
      break;
    case Path::Tiled:
      tiled_forward(isa, q, k, v, out.data(), in.dims, mask, ws, {}, threads);
      break;
    case Path::TiledSmall:
      tiled_forward(isa, q, k, v, out.data(), in.dims, mask, ws, {4, 8}, threads);
      break;
    case Path::TiledOdd:
      tiled_forward(isa, q, k, v, out.data(), in.dims, mask, ws, {12, 24}, threads);
      break;
    case Path::Sparse:
      sparse_forward(isa, q, k, v, out.data(), in.dims, mask, sparsity, ws);
      break;
  }
  return out;
}

const std::vector<std::array<int, 4>> kSizes = {
    {1, 1, 1, 1},   {1, 5, 1, 1},     {5, 1, 3, 2},      {4, 8, 8, 8},     {7, 13, 5, 3},
    {37, 53, 7, 9}, {64, 64, 64, 64}, {67, 131, 33, 17}, {130, 70, 16, 8}, {9, 200, 128, 40}};

std::vector<std::pair<const char*, MaskSpec>> prefix_masks(int n_k) {
  MaskSpec none, causal, padding, empty;
  causal.kind = MaskKind::Causal;
  padding.kind = MaskKind::Padding;
  padding.valid_length = (n_k + 1) / 2;
  empty.kind = MaskKind::Padding;
  empty.valid_length = 0;  // every row fully masked: all-zero output
  return {{"none", none}, {"causal", causal}, {"padding", padding}, {"padding 0", empty}};
}

}  // namespace

TEST_CASE("the polynomial exp matches std::exp on [-100, 0] in the scalar and SIMD builds") {
  for (float x0 = -100.0f; x0 <= 0.0f; x0 += 0.0137f) {
    float xs[4] = {x0, x0 * 0.5f, x0 * 0.01f, -0.0f}, ys[4], yv[4];
    ScalarOps::store(ys, exp_nonpositive<ScalarOps>(ScalarOps::load(xs)));
    SimdOps::store(yv, exp_nonpositive<SimdOps>(SimdOps::load(xs)));
    for (int l = 0; l < 4; ++l) {
      const double want = std::exp(static_cast<double>(xs[l]));
      // Below −87.34 the kernels return exactly 0 (e^x is below the normal floats).
      const double tol = xs[l] < -87.3365f ? 1.2e-38 : 5e-7 * want;
      CAPTURE(xs[l]);
      REQUIRE(std::abs(ys[l] - want) <= tol);
      REQUIRE(std::abs(yv[l] - want) <= tol);
    }
  }
}

TEST_CASE("dense and tiled kernels match the double reference under every prefix mask") {
  std::mt19937 rng(12);
  Workspace ws;  // shared across calls, as callers do: stale contents must not leak in
  for (const auto& size : kSizes) {
    // Plain locals, not structured bindings: clang 14 cannot capture those in CAPTURE.
    const int n_q = size[0], n_k = size[1], d = size[2], d_v = size[3];
    const Inputs in = random_inputs(rng, n_q, n_k, d, d_v);
    for (const auto& named_mask : prefix_masks(n_k)) {
      const char* mask_name = named_mask.first;
      const MaskSpec& mask = named_mask.second;
      const Matrix ref = reference_output(in, mask, {});
      for (Path path : {Path::Dense, Path::Tiled, Path::TiledSmall, Path::TiledOdd})
        for (Isa isa : {Isa::Scalar, Isa::Simd}) {
          CAPTURE(n_q);
          CAPTURE(n_k);
          CAPTURE(d);
          CAPTURE(d_v);
          CAPTURE(mask_name);
          CAPTURE(path_name(path));
          CAPTURE(isa_name(isa));
          REQUIRE(check_shapes(in.dims, mask, false) == "");
          check_output(run(path, isa, in, mask, {}, &ws), ref, kTol);
        }
    }
  }
}

TEST_CASE("dense kernels stay accurate with peaked softmax rows (inputs ×4)") {
  std::mt19937 rng(5);
  Workspace ws;
  const Inputs in = random_inputs(rng, 33, 47, 16, 12, 4.0f);
  MaskSpec causal;
  causal.kind = MaskKind::Causal;
  const Matrix ref = reference_output(in, causal, {});
  for (Path path : {Path::Dense, Path::TiledSmall, Path::Sparse})
    for (Isa isa : {Isa::Scalar, Isa::Simd}) {
      CAPTURE(path_name(path));
      CAPTURE(isa_name(isa));
      // Scores reach ~60 here, so their float error (~60·d·u) is 4× that of N(0,1) inputs.
      check_output(run(path, isa, in, causal, {}, &ws), ref, 4 * kTol);
    }
}

TEST_CASE("the tiled kernel equals the dense kernel to 1e-5 relative") {
  std::mt19937 rng(3);
  Workspace ws;
  const Inputs in = random_inputs(rng, 150, 300, 64, 64);
  MaskSpec causal;
  causal.kind = MaskKind::Causal;
  for (Isa isa : {Isa::Scalar, Isa::Simd}) {
    CAPTURE(isa_name(isa));
    const std::vector<float> dense = run(Path::Dense, isa, in, causal, {}, &ws);
    const std::vector<float> tiled = run(Path::TiledOdd, isa, in, causal, {}, &ws);
    Matrix d(in.dims.n_q, in.dims.d_v);
    for (std::size_t t = 0; t < dense.size(); ++t) d.data()[t] = dense[t];
    check_output(tiled, d, 1e-5);
  }
}

TEST_CASE("dense and tiled kernels give the same output, bit for bit, on 2, 3 and 4 threads") {
  // Rows are independent and each is computed by the same code whichever thread takes it,
  // so any difference means threads shared scratch or a chunk missed or repeated rows.
  std::mt19937 rng(21);
  Workspace ws;
  for (const auto& size : kSizes) {
    const int n_q = size[0], n_k = size[1], d = size[2], d_v = size[3];
    const Inputs in = random_inputs(rng, n_q, n_k, d, d_v);
    for (const auto& named_mask : prefix_masks(n_k))
      for (Path path : {Path::Dense, Path::Tiled, Path::TiledSmall, Path::TiledOdd}) {
        const std::vector<float> one = run(path, Isa::Simd, in, named_mask.second, {}, &ws, 1);
        for (int threads : {2, 3, 4}) {
          CAPTURE(n_q);
          CAPTURE(n_k);
          CAPTURE(named_mask.first);
          CAPTURE(path_name(path));
          CAPTURE(threads);
          const std::vector<float> many =
              run(path, Isa::Simd, in, named_mask.second, {}, &ws, threads);
          CHECK(std::memcmp(one.data(), many.data(), one.size() * sizeof(float)) == 0);
        }
      }
  }
}

TEST_CASE("balanced_bounds splits work into consecutive ranges of about equal weight") {
  std::mt19937 rng(4);
  std::uniform_real_distribution<double> uniform(0.0, 10.0);
  for (int n : {0, 1, 2, 5, 64, 257})
    for (int chunks : {1, 2, 3, 4, 7}) {
      std::vector<double> w(static_cast<std::size_t>(n));
      for (double& x : w) x = uniform(rng);
      if (n > 3) std::fill(w.begin(), w.begin() + n / 3, 0.0);  // a causal-like ramp of work
      const std::vector<int> b = balanced_bounds(w, chunks);
      CAPTURE(n);
      CAPTURE(chunks);
      REQUIRE(b.size() == static_cast<std::size_t>(std::clamp(chunks, 1, std::max(1, n))) + 1);
      CHECK(b.front() == 0);
      CHECK(b.back() == n);
      double total = 0, biggest = 0;
      for (double x : w) total += x, biggest = std::max(biggest, x);
      for (std::size_t c = 0; c + 1 < b.size(); ++c) {
        REQUIRE(b[c] <= b[c + 1]);
        double sum = 0;
        for (int i = b[c]; i < b[c + 1]; ++i) sum += w[static_cast<std::size_t>(i)];
        // Each chunk is its share of the total, give or take the item at a boundary.
        CHECK(sum <= total / static_cast<double>(b.size() - 1) + biggest + 1e-9);
      }
    }
}

TEST_CASE("run_chunks runs every chunk exactly once, on threads where the build has them") {
  for (int chunks : {0, 1, 2, 4, 9}) {
    std::vector<int> runs(static_cast<std::size_t>(chunks), 0);
    run_chunks(chunks, [&](int c) { ++runs[static_cast<std::size_t>(c)]; });
    CAPTURE(chunks);
    for (int r : runs) CHECK(r == 1);
  }
  CHECK(available_threads() >= 1);
  CHECK(available_threads() <= kMaxThreads);
}

TEST_CASE("sparse kernels match the reference for windows, strides, globals, top-k and masks") {
  std::mt19937 rng(21);
  Workspace ws;
  for (const auto& size : kSizes) {
    // Plain locals, not structured bindings: clang 14 cannot capture those in CAPTURE.
    const int n_q = size[0], n_k = size[1], d = size[2], d_v = size[3];
    const Inputs in = random_inputs(rng, n_q, n_k, d, d_v);
    std::vector<std::pair<const char*, SparsitySpec>> patterns;
    SparsitySpec full, window, strided, global, window_top_k, top_k, union_all;
    window.window = 2;
    strided.stride = 3;
    global.global = {0, n_k / 2};
    window_top_k.window = 5;
    window_top_k.top_k = 3;
    top_k.top_k = 4;
    union_all.window = 1;
    union_all.stride = 4;
    union_all.global = {n_k - 1};
    patterns = {{"full", full},
                {"window 2", window},
                {"stride 3", strided},
                {"global", global},
                {"window 5 top-4", window_top_k},
                {"top-4", top_k},
                {"union", union_all}};
    auto masks = prefix_masks(n_k);
    MaskSpec custom;
    custom.kind = MaskKind::Custom;
    custom.allowed = MaskMatrix::Ones(n_q, n_k);
    for (int i = 0; i < n_q; ++i)
      for (int j = 0; j < n_k; ++j) custom.allowed(i, j) = (i * 7 + j * 3) % 5 != 0;
    custom.allowed.row(0).setZero();
    masks.push_back({"custom", custom});
    for (const auto& named_mask : masks)
      for (const auto& named_pattern : patterns) {
        const char* mask_name = named_mask.first;
        const MaskSpec& mask = named_mask.second;
        const char* pattern_name = named_pattern.first;
        const SparsitySpec& sparsity = named_pattern.second;
        const Matrix ref = reference_output(in, mask, sparsity);
        for (Isa isa : {Isa::Scalar, Isa::Simd}) {
          CAPTURE(n_q);
          CAPTURE(n_k);
          CAPTURE(d);
          CAPTURE(d_v);
          CAPTURE(mask_name);
          CAPTURE(pattern_name);
          CAPTURE(isa_name(isa));
          REQUIRE(check_shapes(in.dims, mask, true) == "");
          check_output(run(Path::Sparse, isa, in, mask, sparsity, &ws), ref, kTol);
        }
      }
  }
}

TEST_CASE("the sparse kernels' cost follows the kept pairs of the shared pattern rule") {
  const Dims dims{50, 61, 4, 4};
  MaskSpec causal;
  causal.kind = MaskKind::Causal;
  SparsitySpec sp;
  sp.window = 3;
  sp.stride = 7;
  sp.global = {10};
  const MaskMatrix allowed = pattern_allowed(causal, sp, dims.n_q, dims.n_k);
  CHECK(sparse_pairs(dims, causal, sp) == static_cast<std::size_t>(allowed.cast<int>().sum()));
  SparsitySpec window;
  window.window = 64;
  const Dims big{16384, 16384, 64, 64};
  // A window of 64 keeps at most 129 of 16384 keys per query: over 100× fewer pairs.
  CHECK(sparse_pairs(big, MaskSpec{}, window) * 100 < dense_pairs(big, MaskSpec{}));
  CHECK(dense_pairs(dims, causal) ==
        static_cast<std::size_t>(pattern_allowed(causal, {}, 50, 61).cast<int>().sum()));
}

TEST_CASE("kernel shape checks name what is wrong") {
  MESSAGE("SIMD kernels of this build: " << std::string(isa_name(Isa::Simd)));
  MaskSpec custom;
  custom.kind = MaskKind::Custom;
  CHECK(check_shapes({0, 4, 4, 4}, {}, false) != "");
  CHECK(check_shapes({4, 4, 4, 0}, {}, false) != "");
  CHECK(check_shapes({4, 4, 4, 4}, custom, false) != "");
  CHECK(check_shapes({4, 4, 4, 4}, custom, true) != "");  // wrong size
  custom.allowed = MaskMatrix::Ones(4, 4);
  CHECK(check_shapes({4, 4, 4, 4}, custom, true) == "");
  CHECK(check_shapes({4, 4, 4, 4}, {}, false) == "");
}
