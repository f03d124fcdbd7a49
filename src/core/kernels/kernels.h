// The f32 fast paths of scaled dot-product attention, one head, beside the double teaching
// path (core/attention.h), for large n: the scale lab, benchmarks and window.attention.
// attendFast. Not here: other scoring kinds, temperature, heads, entropy, gradients.
//
// Every matrix is float32, row-major, contiguous (a row is a token), passed as a raw
// pointer with its shape in the comment:
//   Q (n_q × d), K (n_k × d), V (n_k × d_v), out (n_q × d_v);
//   out = softmax(Q Kᵀ / √d, masked) · V, a fully masked row giving zeros.
// Three algorithms, each in a scalar and a SIMD build of one source (simd.h):
//   dense   materialises the (n_q × n_k) weights: QKᵀ with a 4×8 register tile on packed
//           K panels, a row softmax with a vectorised exp, weights·V with a 4×8 tile.
//   tiled   never materialises n_q × n_k: one pass over key blocks per query block with
//           an online softmax (running max and sum), memory O((n_q + n_k)·d).
//   sparse  cost follows the kept pairs: per query, the keys of the local pattern
//           (window ∪ stride ∪ global) filtered by pattern_cell_allowed, then top-k.
// Masks and patterns are the teaching path's MaskSpec / SparsitySpec and the same rule
// (core/pattern.h); dense and tiled take the prefix masks (none, causal, padding).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/attention.h"

namespace ap::kernels {

enum class Isa { Scalar, Simd };

// "scalar", or the build's SIMD ("wasm-simd128", "gnu-vector-128"; "scalar" when the
// build has none, e.g. the web build without -msimd128).
const char* isa_name(Isa isa);

struct Dims {
  int n_q = 0, n_k = 0, d = 0, d_v = 0;
};

// Scratch memory reused between calls; bytes() is what a call needed (the figure the
// benchmarks and the scale lab report beside the inputs and output).
struct Workspace {
  std::vector<float> packed_k;  // K in panels of 8 keys: (⌈n_k/8⌉ × d × 8)
  std::vector<float> padded_v;  // V with rows padded to a multiple of 8 (only if d_v % 8)
  std::vector<float> scores;    // dense: (⌈n_q/4⌉·4 × ⌈n_k/8⌉·8); tiled: one block
  std::vector<float> block;     // tiled: output accumulators of one query block
  std::vector<float> row;       // tiled: running max, sum and correction per query
  std::vector<int> keys;        // sparse: the kept keys of one query
  std::size_t bytes() const;
  void release();  // frees everything
};

// Block sizes of the tiled kernel: block_q a multiple of 4, block_k a multiple of 8.
struct TileSizes {
  int block_q = 64;
  int block_k = 64;
};

// "" when the kernels accept these shapes and masks (all sizes ≥ 1; custom masks only in
// sparse_forward, sized n_q × n_k), else one sentence saying what is wrong.
std::string check_shapes(const Dims& dims, const MaskSpec& mask, bool sparse);

// The (n_q × n_k) float count dense_forward needs for its weights, so callers can refuse
// sizes that cannot fit before allocating.
std::size_t dense_score_floats(const Dims& dims);

// Preconditions: check_shapes(dims, mask, false) is "" and the inputs are finite.
// `threads` > 1 spreads the query rows over that many threads where the build has them
// (core/kernels/parallel.h; available_threads() says how many make sense); the output is
// the same, bit for bit, whatever the count.
void dense_forward(Isa isa, const float* Q, const float* K, const float* V, float* out,
                   const Dims& dims, const MaskSpec& mask, Workspace* ws, int threads = 1);
void tiled_forward(Isa isa, const float* Q, const float* K, const float* V, float* out,
                   const Dims& dims, const MaskSpec& mask, Workspace* ws,
                   const TileSizes& tiles = {}, int threads = 1);
// Precondition: check_shapes(dims, mask, true) is "". Top-k keeps the k largest scores
// of each row's allowed keys, ties to the lower index, as pattern_apply_top_k does.
void sparse_forward(Isa isa, const float* Q, const float* K, const float* V, float* out,
                    const Dims& dims, const MaskSpec& mask, const SparsitySpec& sparsity,
                    Workspace* ws);
// Rows [row_begin, row_end) of sparse_forward's output (Q and out are the whole n_q rows;
// the pattern reads absolute query indices), so a caller can spread one call over frames.
void sparse_forward_rows(Isa isa, const float* Q, const float* K, const float* V, float* out,
                         const Dims& dims, const MaskSpec& mask, const SparsitySpec& sparsity,
                         Workspace* ws, int row_begin, int row_end);

// Pairs (query, key) a call computes: what the cost of each algorithm follows.
std::size_t dense_pairs(const Dims& dims, const MaskSpec& mask);
std::size_t sparse_pairs(const Dims& dims, const MaskSpec& mask, const SparsitySpec& sparsity);

}  // namespace ap::kernels
