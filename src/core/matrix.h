// The one place that decides the memory layout of every matrix in the project.
// Row-major throughout: a row is a token (Q, K, V, scores, weights), and a row of a
// heatmap texture is a row of its matrix. Doubles, because the teaching pipeline must be
// correct to the last printed digit; the future fast paths (wasm SIMD) work in float and
// are tested against this.
#pragma once

#include <Eigen/Core>
#include <cstdint>

namespace ap {

using Scalar = double;
using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
// 1 = the query may attend to the key, 0 = it may not.
using MaskMatrix = Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

}  // namespace ap
