// Threads for the kernels (parallel.h).
#include "core/kernels/parallel.h"

#include <algorithm>
#include <numeric>
#include <thread>

#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
#define AP_KERNEL_THREADS 0
#else
#define AP_KERNEL_THREADS 1
#include <pthread.h>
#endif

namespace ap::kernels {
namespace {

struct Chunk {
  const std::function<void(int)>* work = nullptr;
  int index = 0;
};

[[maybe_unused]] void* run_chunk(void* arg) {
  const Chunk* c = static_cast<const Chunk*>(arg);
  (*c->work)(c->index);
  return nullptr;
}

}  // namespace

int available_threads() {
#if AP_KERNEL_THREADS
  const int hw = static_cast<int>(std::thread::hardware_concurrency());
  return std::clamp(hw, 1, kMaxThreads);
#else
  return 1;
#endif
}

void run_chunks(int chunks, const std::function<void(int chunk)>& work) {
  if (chunks <= 0) return;
#if AP_KERNEL_THREADS
  std::vector<Chunk> args(static_cast<std::size_t>(chunks));
  std::vector<pthread_t> ids(static_cast<std::size_t>(chunks));
  std::vector<char> started(static_cast<std::size_t>(chunks), 0);
  for (int c = 1; c < chunks; ++c) {
    const auto i = static_cast<std::size_t>(c);
    args[i] = Chunk{&work, c};
    started[i] = pthread_create(&ids[i], nullptr, run_chunk, &args[i]) == 0 ? 1 : 0;
  }
  work(0);
  for (int c = 1; c < chunks; ++c) {
    const auto i = static_cast<std::size_t>(c);
    if (started[i])
      pthread_join(ids[i], nullptr);
    else
      work(c);
  }
#else
  for (int c = 0; c < chunks; ++c) work(c);
#endif
}

std::vector<int> balanced_bounds(const std::vector<double>& weights, int chunks) {
  const int n = static_cast<int>(weights.size());
  chunks = std::clamp(chunks, 1, std::max(1, n));
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::vector<int> bounds(static_cast<std::size_t>(chunks) + 1, n);
  bounds[0] = 0;
  double sum = 0;
  int c = 1;
  for (int i = 0; i < n && c < chunks; ++i) {
    sum += weights[static_cast<std::size_t>(i)];
    // Item i closes chunk c − 1 once the running total reaches its share.
    while (c < chunks && sum >= total * c / chunks) bounds[static_cast<std::size_t>(c++)] = i + 1;
  }
  return bounds;
}

}  // namespace ap::kernels
