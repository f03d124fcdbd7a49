// A tiny random generator that gives the same numbers on every platform (std::
// distributions differ between libstdc++ natively and libc++ under Emscripten), so a seed
// typed into the page, a lesson preset and a native test all see the same values.
// SplitMix64 for the bits, Box–Muller for normals. Not for cryptography.
#pragma once

#include <cmath>
#include <cstdint>

namespace ap {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next_u64() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

  // Standard normal; values are rounded to 2 decimals by callers that show them to learners.
  double normal() {
    const double u1 = 1.0 - uniform();  // (0, 1], so log is finite
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

 private:
  std::uint64_t state_;
};

}  // namespace ap
