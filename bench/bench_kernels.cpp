// Native benchmarks of the f32 attention kernels (core/kernels): dense, tiled and sparse
// (window 64), scalar and SIMD builds, n_q = n_k = n ∈ {128 … 16384}, d = d_v ∈ {32, 64, 128}.
// Counters: FLOP/s (4·pairs·d: two multiply-adds per kept pair and feature, the QKᵀ and the
// weights·V products; the softmax is not counted), pairs, and the memory a call holds
// (inputs, output and the kernel's workspace). Dense stops at n = 8192: its weights alone
// would be 1 GiB at 16384. One thread; rates use CPU time (the build machines are shared).
// Run: build/bench/bench_kernels --benchmark_filter=tiled/.../64
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "core/kernels/kernels.h"

using namespace ap;
using namespace ap::kernels;

namespace {

enum class Algo { Dense, Tiled, Window64 };

struct Data {
  Dims dims;
  std::vector<float> Q, K, V, out;
};

Data make_data(int n, int d) {
  std::mt19937 rng(1);
  std::normal_distribution<float> normal;
  Data x{{n, n, d, d}, {}, {}, {}, {}};
  for (auto* m : {&x.Q, &x.K, &x.V}) {
    m->resize(static_cast<std::size_t>(n) * d);
    for (float& v : *m) v = normal(rng);
  }
  x.out.resize(static_cast<std::size_t>(n) * d);
  return x;
}

void run(benchmark::State& state, Algo algo, Isa isa) {
  const int n = static_cast<int>(state.range(0)), d = static_cast<int>(state.range(1));
  Data x = make_data(n, d);
  Workspace ws;
  SparsitySpec window;
  window.window = 64;
  const MaskSpec none;
  std::size_t pairs = 0;
  for (auto _ : state) {
    switch (algo) {
      case Algo::Dense:
        dense_forward(isa, x.Q.data(), x.K.data(), x.V.data(), x.out.data(), x.dims, none, &ws);
        break;
      case Algo::Tiled:
        tiled_forward(isa, x.Q.data(), x.K.data(), x.V.data(), x.out.data(), x.dims, none, &ws);
        break;
      case Algo::Window64:
        sparse_forward(isa, x.Q.data(), x.K.data(), x.V.data(), x.out.data(), x.dims, none, window,
                       &ws);
        break;
    }
    benchmark::DoNotOptimize(x.out.data());
    benchmark::ClobberMemory();
  }
  pairs = algo == Algo::Window64 ? sparse_pairs(x.dims, none, window) : dense_pairs(x.dims, none);
  const double flops = 4.0 * static_cast<double>(pairs) * d;
  state.counters["FLOP/s"] =
      benchmark::Counter(flops, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["pairs"] = static_cast<double>(pairs);
  const double io_bytes = 4.0 * sizeof(float) * static_cast<double>(n) * d;
  state.counters["memory_MB"] = (io_bytes + static_cast<double>(ws.bytes())) / 1e6;
  state.counters["workspace_MB"] = static_cast<double>(ws.bytes()) / 1e6;
  state.SetLabel(isa_name(isa));
}

void sizes(benchmark::internal::Benchmark* b, int max_n) {
  for (int d : {32, 64, 128})
    for (int n = 128; n <= max_n; n *= 2) b->Args({n, d});
  b->ArgNames({"n", "d"})->Unit(benchmark::kMillisecond);
}

}  // namespace

BENCHMARK_CAPTURE(run, dense_simd, Algo::Dense, Isa::Simd)->Apply([](auto* b) { sizes(b, 8192); });
BENCHMARK_CAPTURE(run, dense_scalar, Algo::Dense, Isa::Scalar)->Apply([](auto* b) {
  sizes(b, 2048);
});
BENCHMARK_CAPTURE(run, tiled_simd, Algo::Tiled, Isa::Simd)->Apply([](auto* b) { sizes(b, 16384); });
BENCHMARK_CAPTURE(run, window64_simd, Algo::Window64, Isa::Simd)->Apply([](auto* b) {
  sizes(b, 16384);
});

BENCHMARK_MAIN();
