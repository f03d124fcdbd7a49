// The public entry points of kernels.h: argument checks, the scalar/SIMD dispatch and the
// cost figures. The algorithms are in kernels_impl.h.
#include "core/kernels/kernels.h"

#include "core/kernels/kernels_impl.h"

namespace ap::kernels {

const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::Scalar:
      return ScalarOps::kName;
    case Isa::Simd:
      return SimdOps::kName;
  }
  return "?";
}

std::size_t Workspace::bytes() const {
  return sizeof(float) * (packed_k.capacity() + padded_v.capacity() + scores.capacity() +
                          block.capacity() + row.capacity()) +
         sizeof(int) * keys.capacity();
}

void Workspace::release() {
  *this = Workspace{};
}

std::string check_shapes(const Dims& dims, const MaskSpec& mask, bool sparse) {
  if (dims.n_q < 1 || dims.n_k < 1 || dims.d < 1 || dims.d_v < 1)
    return "nq, nk, d and dv must all be at least 1.";
  switch (mask.kind) {
    case MaskKind::None:
    case MaskKind::Causal:
      return "";
    case MaskKind::Padding:
      if (mask.valid_length < 0) return "The padding length must not be negative.";
      return "";
    case MaskKind::Custom:
      if (!sparse) return "Dense and tiled kernels take no custom mask (use the sparse kernel).";
      if (mask.allowed.rows() != dims.n_q || mask.allowed.cols() != dims.n_k)
        return "The custom mask must be n_q × n_k.";
      return "";
  }
  return "Unknown mask kind.";
}

std::size_t dense_score_floats(const Dims& dims) {
  return static_cast<std::size_t>(impl::round_up(dims.n_q, 4)) *
         static_cast<std::size_t>(impl::round_up(dims.n_k, 8));
}

void dense_forward(Isa isa, const float* Q, const float* K, const float* V, float* out,
                   const Dims& dims, const MaskSpec& mask, Workspace* ws, int threads) {
  switch (isa) {
    case Isa::Scalar:
      return impl::dense<ScalarOps>(Q, K, V, out, dims, mask, ws, threads);
    case Isa::Simd:
      return impl::dense<SimdOps>(Q, K, V, out, dims, mask, ws, threads);
  }
}

void tiled_forward(Isa isa, const float* Q, const float* K, const float* V, float* out,
                   const Dims& dims, const MaskSpec& mask, Workspace* ws, const TileSizes& tiles,
                   int threads) {
  switch (isa) {
    case Isa::Scalar:
      return impl::tiled<ScalarOps>(Q, K, V, out, dims, mask, ws, tiles, threads);
    case Isa::Simd:
      return impl::tiled<SimdOps>(Q, K, V, out, dims, mask, ws, tiles, threads);
  }
}

void sparse_forward(Isa isa, const float* Q, const float* K, const float* V, float* out,
                    const Dims& dims, const MaskSpec& mask, const SparsitySpec& sparsity,
                    Workspace* ws) {
  switch (isa) {
    case Isa::Scalar:
      return impl::sparse<ScalarOps>(Q, K, V, out, dims, mask, sparsity, ws, 0, dims.n_q);
    case Isa::Simd:
      return impl::sparse<SimdOps>(Q, K, V, out, dims, mask, sparsity, ws, 0, dims.n_q);
  }
}

void sparse_forward_rows(Isa isa, const float* Q, const float* K, const float* V, float* out,
                         const Dims& dims, const MaskSpec& mask, const SparsitySpec& sparsity,
                         Workspace* ws, int row_begin, int row_end) {
  row_begin = std::clamp(row_begin, 0, dims.n_q);
  row_end = std::clamp(row_end, row_begin, dims.n_q);
  switch (isa) {
    case Isa::Scalar:
      return impl::sparse<ScalarOps>(Q, K, V, out, dims, mask, sparsity, ws, row_begin, row_end);
    case Isa::Simd:
      return impl::sparse<SimdOps>(Q, K, V, out, dims, mask, sparsity, ws, row_begin, row_end);
  }
}

std::size_t dense_pairs(const Dims& dims, const MaskSpec& mask) {
  std::size_t pairs = 0;
  for (int i = 0; i < dims.n_q; ++i)
    pairs += static_cast<std::size_t>(std::max(0, pattern_mask_row_end(mask, i, dims.n_k)));
  return pairs;
}

std::size_t sparse_pairs(const Dims& dims, const MaskSpec& mask, const SparsitySpec& sparsity) {
  std::vector<int> keys;
  std::size_t pairs = 0;
  for (int i = 0; i < dims.n_q; ++i) {
    impl::sparse_candidates(dims, mask, sparsity, i, &keys);
    const std::size_t n = keys.size();
    pairs += sparsity.top_k > 0 ? std::min(n, static_cast<std::size_t>(sparsity.top_k)) : n;
  }
  return pairs;
}

}  // namespace ap::kernels
