// Spreads a kernel's independent chunks of work over threads. The calling thread takes
// chunk 0 and one POSIX thread each takes another; all are joined before run_chunks
// returns. Threads exist natively and in the web's pthreads build (-pthread, picked by the
// page when it is cross-origin isolated); a wasm build without them runs every chunk on
// the caller's thread. A thread that cannot start (an exhausted worker pool) leaves its
// chunk to the caller, so results never depend on how many threads ran: each chunk writes
// only its own rows and its own scratch, and allocates nothing (a wasm worker that grew
// the heap would leave the page's JavaScript views of it stale).
#pragma once

#include <functional>
#include <vector>

namespace ap::kernels {

// Threads a kernel call uses at most, whatever the hardware offers (the web build's
// worker pool holds kMaxThreads − 1).
inline constexpr int kMaxThreads = 4;

// The threads a call may use here: 1 without thread support, else the hardware's
// concurrency, at most kMaxThreads.
int available_threads();

// Runs work(0) … work(chunks − 1), concurrently where threads allow.
void run_chunks(int chunks, const std::function<void(int chunk)>& work);

// Splits items [0, weights.size()) into `chunks` consecutive ranges of about equal total
// weight (a causal row's work grows with its index): bounds[c] … bounds[c + 1] is chunk
// c; bounds has chunks + 1 entries, the first 0 and the last weights.size().
std::vector<int> balanced_bounds(const std::vector<double>& weights, int chunks);

}  // namespace ap::kernels
