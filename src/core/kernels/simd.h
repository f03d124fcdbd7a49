// Four float lanes, three ways, one interface: the f32 kernels (kernels_impl.h) are
// templates over an "ops" struct, so the scalar, the wasm SIMD and the native versions
// come from one design.
//   ScalarOps  plain C++ on float[4]; the non-SIMD web build and a tested baseline.
//   WasmOps    <wasm_simd128.h> intrinsics, compiled only under -msimd128.
//   GnuOps     GCC/Clang vector extensions (128-bit), the native SIMD build.
// SimdOps names the best of them for this build. Not here: anything wider than 128 bits
// (wasm has nothing wider), FMA (relaxed-simd is unusable with Emscripten 3.1.6).
// Must not be compiled with -ffast-math: exp's rounding step relies on IEEE arithmetic.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace ap::kernels {

struct ScalarOps {
  struct V {
    float x[4];
  };
  static constexpr const char* kName = "scalar";
  static V zero() { return splat(0.0f); }
  static V splat(float s) { return V{{s, s, s, s}}; }
  static V load(const float* p) { return V{{p[0], p[1], p[2], p[3]}}; }
  static V load_splat(const float* p) { return splat(*p); }
  static void store(float* p, V v) { std::memcpy(p, v.x, sizeof v.x); }
  static V add(V a, V b) {
    return V{{a.x[0] + b.x[0], a.x[1] + b.x[1], a.x[2] + b.x[2], a.x[3] + b.x[3]}};
  }
  static V sub(V a, V b) {
    return V{{a.x[0] - b.x[0], a.x[1] - b.x[1], a.x[2] - b.x[2], a.x[3] - b.x[3]}};
  }
  static V mul(V a, V b) {
    return V{{a.x[0] * b.x[0], a.x[1] * b.x[1], a.x[2] * b.x[2], a.x[3] * b.x[3]}};
  }
  // a·b + c, rounded twice (no FMA: the wasm build has none either).
  static V madd(V a, V b, V c) { return add(mul(a, b), c); }
  static V max(V a, V b) {
    for (int l = 0; l < 4; ++l) a.x[l] = a.x[l] > b.x[l] ? a.x[l] : b.x[l];
    return a;
  }
  static float hsum(V a) { return (a.x[0] + a.x[1]) + (a.x[2] + a.x[3]); }
  static float hmax(V a) {
    const float m01 = a.x[0] > a.x[1] ? a.x[0] : a.x[1], m23 = a.x[2] > a.x[3] ? a.x[2] : a.x[3];
    return m01 > m23 ? m01 : m23;
  }
  // Round to nearest (ties to even), |x| < 2^22.
  static V round(V a) {
    for (float& x : a.x) x = std::nearbyint(x);
    return a;
  }
  // 2^n for integer-valued n in [−126, 127].
  static V pow2i(V n) {
    V r;
    for (int l = 0; l < 4; ++l) {
      const std::uint32_t bits = static_cast<std::uint32_t>(static_cast<int>(n.x[l]) + 127) << 23;
      std::memcpy(&r.x[l], &bits, sizeof bits);
    }
    return r;
  }
  // a where x ≥ limit, else 0.
  static V keep_if_ge(V a, V x, float limit) {
    for (int l = 0; l < 4; ++l) a.x[l] = x.x[l] >= limit ? a.x[l] : 0.0f;
    return a;
  }
};

#if defined(__wasm_simd128__)
struct WasmOps {
  using V = v128_t;
  static constexpr const char* kName = "wasm-simd128";
  static V zero() { return wasm_f32x4_const_splat(0.0f); }
  static V splat(float s) { return wasm_f32x4_splat(s); }
  static V load(const float* p) { return wasm_v128_load(p); }
  // One v128.load32_splat instead of a scalar load and a splat.
  static V load_splat(const float* p) { return wasm_v128_load32_splat(p); }
  static void store(float* p, V v) { wasm_v128_store(p, v); }
  static V add(V a, V b) { return wasm_f32x4_add(a, b); }
  static V sub(V a, V b) { return wasm_f32x4_sub(a, b); }
  static V mul(V a, V b) { return wasm_f32x4_mul(a, b); }
  static V madd(V a, V b, V c) { return wasm_f32x4_add(wasm_f32x4_mul(a, b), c); }
  // pmax is one maxps in V8; max would add NaN handling the kernels do not need (inputs
  // are finite).
  static V max(V a, V b) { return wasm_f32x4_pmax(a, b); }
  static float hsum(V a) {
    return (wasm_f32x4_extract_lane(a, 0) + wasm_f32x4_extract_lane(a, 1)) +
           (wasm_f32x4_extract_lane(a, 2) + wasm_f32x4_extract_lane(a, 3));
  }
  static float hmax(V a) {
    const V m = wasm_f32x4_pmax(a, wasm_i32x4_shuffle(a, a, 2, 3, 0, 1));
    const float m0 = wasm_f32x4_extract_lane(m, 0), m1 = wasm_f32x4_extract_lane(m, 1);
    return m0 > m1 ? m0 : m1;
  }
  static V round(V a) { return wasm_f32x4_nearest(a); }
  static V pow2i(V n) {
    const V e = wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127));
    return wasm_i32x4_shl(e, 23);
  }
  static V keep_if_ge(V a, V x, float limit) {
    return wasm_v128_and(a, wasm_f32x4_ge(x, wasm_f32x4_splat(limit)));
  }
};
#endif

#if defined(__GNUC__) && !defined(__wasm__)
struct GnuOps {
  typedef float V __attribute__((vector_size(16)));
  typedef std::int32_t I __attribute__((vector_size(16)));
  static constexpr const char* kName = "gnu-vector-128";
  static V zero() { return V{0.0f, 0.0f, 0.0f, 0.0f}; }
  static V splat(float s) { return V{s, s, s, s}; }
  static V load(const float* p) {
    V v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  static V load_splat(const float* p) { return splat(*p); }
  static void store(float* p, V v) { std::memcpy(p, &v, sizeof v); }
  static V add(V a, V b) { return a + b; }
  static V sub(V a, V b) { return a - b; }
  static V mul(V a, V b) { return a * b; }
  static V madd(V a, V b, V c) { return a * b + c; }
  static V max(V a, V b) {
    const I m = a > b;
    return reinterpret_cast<V>((reinterpret_cast<I>(a) & m) | (reinterpret_cast<I>(b) & ~m));
  }
  static float hsum(V a) { return (a[0] + a[1]) + (a[2] + a[3]); }
  static float hmax(V a) {
    const float m01 = a[0] > a[1] ? a[0] : a[1], m23 = a[2] > a[3] ? a[2] : a[3];
    return m01 > m23 ? m01 : m23;
  }
  // Adding and subtracting 1.5·2^23 rounds to nearest in IEEE arithmetic (|a| < 2^22).
  static V round(V a) {
    const V magic = splat(12582912.0f);
    return (a + magic) - magic;
  }
  static V pow2i(V n) {
    const I e = (__builtin_convertvector(n, I) + 127) << 23;
    return reinterpret_cast<V>(e);
  }
  static V keep_if_ge(V a, V x, float limit) {
    return reinterpret_cast<V>(reinterpret_cast<I>(a) & (x >= splat(limit)));
  }
};
#endif

#if defined(__wasm_simd128__)
using SimdOps = WasmOps;
#elif defined(__GNUC__) && !defined(__wasm__)
using SimdOps = GnuOps;
#else
using SimdOps = ScalarOps;
#endif

// e^x for x ≤ 0 (what softmax needs after subtracting the row max), relative error about
// 2e-7: Cephes expf — x = n·ln2 + r with n = round(x·log2 e), a degree-5 polynomial for e^r
// on |r| ≤ ln2/2, then 2^n through the exponent bits. Below −87.3 (where e^x leaves the
// normal floats) the result is exactly 0, as std::exp's would be after rounding to weights.
template <class O>
inline typename O::V exp_nonpositive(typename O::V x) {
  using V = typename O::V;
  constexpr float kLow = -87.3365447f;
  const V xc = O::max(x, O::splat(kLow));
  const V n = O::round(O::mul(xc, O::splat(1.44269504088896341f)));
  // ln 2 split in two so that n·ln2_hi is exact.
  V r = O::sub(xc, O::mul(n, O::splat(0.693359375f)));
  r = O::sub(r, O::mul(n, O::splat(-2.12194440e-4f)));
  V p = O::splat(1.9875691500e-4f);
  p = O::madd(p, r, O::splat(1.3981999507e-3f));
  p = O::madd(p, r, O::splat(8.3334519073e-3f));
  p = O::madd(p, r, O::splat(4.1665795894e-2f));
  p = O::madd(p, r, O::splat(1.6666665459e-1f));
  p = O::madd(p, r, O::splat(5.0000001201e-1f));
  const V r2 = O::mul(r, r);
  const V e = O::add(O::madd(p, r2, r), O::splat(1.0f));
  return O::keep_if_ge(O::mul(e, O::pow2i(n)), x, kLow);
}

}  // namespace ap::kernels
