// The f32 kernels as templates over an ops struct (simd.h); kernels.cpp instantiates them
// for the scalar and the SIMD ops. Shapes as in kernels.h; the letters i (query), j (key),
// c (feature) index rows and columns. Layout decisions made here:
//   Kp  K packed in panels of 8 keys, Kp[p][c][l] = K[8p + l][c] (0 past n_k), so the
//       QKᵀ tile reads two contiguous f32x4 per feature;
//   S   the dense scores/weights, (⌈n_q/4⌉·4 × ⌈n_k/8⌉·8), row stride lds;
//   Vp  V itself when d_v % 8 == 0, else a copy with rows padded by zeros to 8k columns.
// Each hot loop is its own function, called repeatedly (V8 optimises such functions first).
// [SECTION] micro-kernels · softmax rows · dense · tiled · sparse
#pragma once

#include <algorithm>
#include <cstring>
#include <limits>
#include <vector>

#include "core/kernels/kernels.h"
#include "core/kernels/parallel.h"
#include "core/kernels/simd.h"
#include "core/pattern.h"

namespace ap::kernels::impl {

inline int round_up(int x, int m) {
  return (x + m - 1) / m * m;
}

// ---- [SECTION] micro-kernels -------------------------------------------------------------

// Kp ← K (n_k × d) in panels of 8 keys (see above).
inline void pack_k(const float* K, int n_k, int d, float* kp) {
  const int panels = (n_k + 7) / 8;
  for (int p = 0; p < panels; ++p)
    for (int l = 0; l < 8; ++l) {
      const int j = 8 * p + l;
      float* dst = kp + static_cast<std::size_t>(p) * d * 8 + l;
      if (j < n_k) {
        const float* src = K + static_cast<std::size_t>(j) * d;
        for (int c = 0; c < d; ++c) dst[8 * c] = src[c];
      } else {
        for (int c = 0; c < d; ++c) dst[8 * c] = 0.0f;
      }
    }
}

// V (n_k × d_v) as rows of ⌈d_v/8⌉·8 columns; returns the row stride to use.
inline const float* pad_v(const float* V, int n_k, int d_v, std::vector<float>* buf, int* ldv) {
  if (d_v % 8 == 0) {
    *ldv = d_v;
    return V;
  }
  *ldv = round_up(d_v, 8);
  buf->assign(static_cast<std::size_t>(n_k) * *ldv, 0.0f);
  for (int j = 0; j < n_k; ++j)
    std::memcpy(buf->data() + static_cast<std::size_t>(j) * *ldv,
                V + static_cast<std::size_t>(j) * d_v, sizeof(float) * d_v);
  return buf->data();
}

// s[r][0..8) = scale · q_r · K_panel for the four query rows q[0..3] (each of d floats)
// and the panel kp (d × 8). s rows are lds apart.
template <class O>
void qk_tile_4x8(const float* const q[4], const float* kp, int d, float scale, float* s, int lds) {
  using V = typename O::V;
  V a00 = O::zero(), a01 = O::zero(), a10 = O::zero(), a11 = O::zero();
  V a20 = O::zero(), a21 = O::zero(), a30 = O::zero(), a31 = O::zero();
  const float *q0 = q[0], *q1 = q[1], *q2 = q[2], *q3 = q[3];
  for (int c = 0; c < d; ++c) {
    const V b0 = O::load(kp + 8 * c), b1 = O::load(kp + 8 * c + 4);
    V x = O::load_splat(q0 + c);
    a00 = O::madd(x, b0, a00);
    a01 = O::madd(x, b1, a01);
    x = O::load_splat(q1 + c);
    a10 = O::madd(x, b0, a10);
    a11 = O::madd(x, b1, a11);
    x = O::load_splat(q2 + c);
    a20 = O::madd(x, b0, a20);
    a21 = O::madd(x, b1, a21);
    x = O::load_splat(q3 + c);
    a30 = O::madd(x, b0, a30);
    a31 = O::madd(x, b1, a31);
  }
  const V k = O::splat(scale);
  O::store(s, O::mul(a00, k));
  O::store(s + 4, O::mul(a01, k));
  O::store(s + lds, O::mul(a10, k));
  O::store(s + lds + 4, O::mul(a11, k));
  O::store(s + 2 * lds, O::mul(a20, k));
  O::store(s + 2 * lds + 4, O::mul(a21, k));
  O::store(s + 3 * lds, O::mul(a30, k));
  O::store(s + 3 * lds + 4, O::mul(a31, k));
}

// o[r][0..8) (+)= Σ_{j<len} p[r][j] · v[j][0..8) for r < 4: four weight rows p (ldp apart),
// eight value columns v (rows ldv apart). Writes only rows < rows and columns < cols of o
// (rows ldo apart); accumulate adds to what o holds.
template <class O>
void pv_tile_4x8(const float* p, int ldp, const float* v, int ldv, int len, float* o, int ldo,
                 int rows, int cols, bool accumulate) {
  using V = typename O::V;
  V a00 = O::zero(), a01 = O::zero(), a10 = O::zero(), a11 = O::zero();
  V a20 = O::zero(), a21 = O::zero(), a30 = O::zero(), a31 = O::zero();
  const float *p0 = p, *p1 = p + ldp, *p2 = p + 2 * ldp, *p3 = p + 3 * ldp;
  for (int j = 0; j < len; ++j) {
    const float* vj = v + static_cast<std::size_t>(j) * ldv;
    const V b0 = O::load(vj), b1 = O::load(vj + 4);
    V x = O::load_splat(p0 + j);
    a00 = O::madd(x, b0, a00);
    a01 = O::madd(x, b1, a01);
    x = O::load_splat(p1 + j);
    a10 = O::madd(x, b0, a10);
    a11 = O::madd(x, b1, a11);
    x = O::load_splat(p2 + j);
    a20 = O::madd(x, b0, a20);
    a21 = O::madd(x, b1, a21);
    x = O::load_splat(p3 + j);
    a30 = O::madd(x, b0, a30);
    a31 = O::madd(x, b1, a31);
  }
  float tile[4][8];
  O::store(tile[0], a00);
  O::store(tile[0] + 4, a01);
  O::store(tile[1], a10);
  O::store(tile[1] + 4, a11);
  O::store(tile[2], a20);
  O::store(tile[2] + 4, a21);
  O::store(tile[3], a30);
  O::store(tile[3] + 4, a31);
  for (int r = 0; r < rows; ++r) {
    float* dst = o + static_cast<std::size_t>(r) * ldo;
    for (int c = 0; c < cols; ++c) dst[c] = accumulate ? dst[c] + tile[r][c] : tile[r][c];
  }
}

// ---- [SECTION] softmax rows ---------------------------------------------------------------

template <class O>
float row_max(const float* x, int n) {
  using V = typename O::V;
  float m = -std::numeric_limits<float>::infinity();
  int j = 0;
  if (n >= 4) {
    V mv = O::load(x);
    for (j = 4; j + 4 <= n; j += 4) mv = O::max(mv, O::load(x + j));
    m = O::hmax(mv);
  }
  for (; j < n; ++j) m = x[j] > m ? x[j] : m;
  return m;
}

// x[j] ← e^(x[j] − m) for j < n; returns their sum.
template <class O>
float row_exp_sum(float* x, int n, float m) {
  using V = typename O::V;
  const V mv = O::splat(m);
  V sv = O::zero();
  int j = 0;
  for (; j + 4 <= n; j += 4) {
    const V e = exp_nonpositive<O>(O::sub(O::load(x + j), mv));
    O::store(x + j, e);
    sv = O::add(sv, e);
  }
  float sum = O::hsum(sv);
  if (j < n) {
    float tail[4] = {0, 0, 0, 0};
    for (int t = j; t < n; ++t) tail[t - j] = x[t] - m;
    float e[4];
    O::store(e, exp_nonpositive<O>(O::load(tail)));
    for (int t = j; t < n; ++t) {
      x[t] = e[t - j];
      sum += e[t - j];
    }
  }
  return sum;
}

template <class O>
void row_scale(float* x, int n, float k) {
  using V = typename O::V;
  const V kv = O::splat(k);
  int j = 0;
  for (; j + 4 <= n; j += 4) O::store(x + j, O::mul(O::load(x + j), kv));
  for (; j < n; ++j) x[j] *= k;
}

// Softmax of x[0..end) in place, x[end..zero_to) ← 0 (so a 4-row tile can run to its
// longest row). end = 0 gives an all-zero row.
template <class O>
void softmax_row(float* x, int end, int zero_to) {
  if (end > 0) {
    const float m = row_max<O>(x, end);
    const float sum = row_exp_sum<O>(x, end, m);
    row_scale<O>(x, end, 1.0f / sum);
  }
  for (int j = std::max(end, 0); j < zero_to; ++j) x[j] = 0.0f;
}

// The four query rows of the tile starting at i (rows past n_q repeat the last one; their
// results are never stored).
inline void tile_rows(const float* Q, int n_q, int d, int i, const float* q[4]) {
  for (int r = 0; r < 4; ++r) q[r] = Q + static_cast<std::size_t>(std::min(i + r, n_q - 1)) * d;
}

// ---- [SECTION] dense ------------------------------------------------------------------------

// S rows [i, i+4) × panels [p0, p1).
template <class O>
void dense_scores_tile(const float* Q, const float* kp, const Dims& dm, int i, int p0, int p1,
                       float scale, float* s, int lds) {
  const float* q[4];
  tile_rows(Q, dm.n_q, dm.d, i, q);
  for (int p = p0; p < p1; ++p)
    qk_tile_4x8<O>(q, kp + static_cast<std::size_t>(p) * dm.d * 8, dm.d, scale, s + 8 * p, lds);
}

// Rows [i0, i1) of dense(), i0 and i1 multiples of 4: their scores, softmax and output.
template <class O>
void dense_rows(const float* Q, const float* kp, const float* vp, int ldv, float* out,
                const Dims& dm, const MaskSpec& mask, float* S, int i0, int i1) {
  const int nk8 = round_up(dm.n_k, 8), panels = nk8 / 8;
  const float scale = 1.0f / std::sqrt(static_cast<float>(dm.d));

  // Row i may attend to keys [0, end(i)); rows past n_q to none.
  auto end = [&](int i) { return i < dm.n_q ? pattern_mask_row_end(mask, i, dm.n_k) : 0; };
  auto tile_end = [&](int i) { return std::max({end(i), end(i + 1), end(i + 2), end(i + 3)}); };

  // QKᵀ, cache-tiled: a block of 256 keys (64 KB of Kp at d = 64) stays in L2 while every
  // query tile passes over it; panels past the tile's longest row are skipped (causal).
  constexpr int kPanelsPerBlock = 32;
  for (int pb = 0; pb < panels; pb += kPanelsPerBlock)
    for (int i = i0; i < i1; i += 4) {
      const int p1 = std::min({panels, pb + kPanelsPerBlock, (tile_end(i) + 7) / 8});
      if (p1 > pb)
        dense_scores_tile<O>(Q, kp, dm, i, pb, p1, scale, S + static_cast<std::size_t>(i) * nk8,
                             nk8);
    }

  for (int i = i0; i < i1; i += 4) {
    const int te = tile_end(i);
    for (int r = 0; r < 4; ++r)
      softmax_row<O>(S + static_cast<std::size_t>(i + r) * nk8, end(i + r), te);
  }

  // weights · V, 4 queries × 8 value columns at a time, over the tile's keys.
  for (int i = i0; i < i1; i += 4) {
    const int te = tile_end(i), rows = std::min(4, dm.n_q - i);
    for (int c = 0; c < dm.d_v; c += 8)
      pv_tile_4x8<O>(S + static_cast<std::size_t>(i) * nk8, nk8, vp + c, ldv, te,
                     out + static_cast<std::size_t>(i) * dm.d_v + c, dm.d_v, rows,
                     std::min(8, dm.d_v - c), false);
  }
}

// The work of each group of `rows` query rows starting at 0, rows, 2·rows, …: the keys its
// longest row may see (a causal row's grow with its index), for balanced_bounds.
inline std::vector<double> row_group_work(const Dims& dm, const MaskSpec& mask, int rows) {
  std::vector<double> work;
  for (int i0 = 0; i0 < dm.n_q; i0 += rows) {
    int e = 0;
    for (int i = i0; i < std::min(i0 + rows, dm.n_q); ++i)
      e = std::max(e, pattern_mask_row_end(mask, i, dm.n_k));
    work.push_back(static_cast<double>(e));
  }
  return work;
}

template <class O>
void dense(const float* Q, const float* K, const float* V, float* out, const Dims& dm,
           const MaskSpec& mask, Workspace* ws, int threads) {
  const int nq4 = round_up(dm.n_q, 4), nk8 = round_up(dm.n_k, 8);
  ws->packed_k.resize(static_cast<std::size_t>(nk8) * dm.d);
  ws->scores.resize(static_cast<std::size_t>(nq4) * nk8);
  pack_k(K, dm.n_k, dm.d, ws->packed_k.data());
  int ldv = 0;
  const float* vp = pad_v(V, dm.n_k, dm.d_v, &ws->padded_v, &ldv);
  // Each thread takes consecutive 4-row tiles of about equal work; rows share nothing.
  const std::vector<int> b = balanced_bounds(row_group_work(dm, mask, 4), threads);
  run_chunks(static_cast<int>(b.size()) - 1, [&](int c) {
    dense_rows<O>(Q, ws->packed_k.data(), vp, ldv, out, dm, mask, ws->scores.data(),
                  4 * b[static_cast<std::size_t>(c)], 4 * b[static_cast<std::size_t>(c) + 1]);
  });
}

// ---- [SECTION] tiled ------------------------------------------------------------------------

// One key block [j0, j0 + bk) for the query rows [i0, i0 + bq): scores into s (bq × bk),
// then the online-softmax update of each row's running max m and sum l; the accumulators
// o (bq × ldo) are rescaled by e^(m_old − m_new) and p = e^(s − m_new) is left in s.
template <class O>
void tiled_block_softmax(const float* Q, const float* kp, const Dims& dm, const MaskSpec& mask,
                         int i0, int bq, int j0, int bk, float scale, float* s, float* m, float* l,
                         float* o, int ldo) {
  const int p0 = j0 / 8, p1 = std::min((j0 + bk) / 8, round_up(dm.n_k, 8) / 8);
  for (int i = i0; i < i0 + bq; i += 4) {
    const float* q[4];
    tile_rows(Q, dm.n_q, dm.d, i, q);
    for (int p = p0; p < p1; ++p)
      qk_tile_4x8<O>(q, kp + static_cast<std::size_t>(p) * dm.d * 8, dm.d, scale,
                     s + static_cast<std::size_t>(i - i0) * bk + 8 * (p - p0), bk);
  }
  for (int r = 0; r < bq; ++r) {
    const int i = i0 + r;
    float* sr = s + static_cast<std::size_t>(r) * bk;
    const int end = i < dm.n_q ? pattern_mask_row_end(mask, i, dm.n_k) : 0;
    const int len = std::clamp(end - j0, 0, bk);
    if (len == 0) {
      std::fill(sr, sr + bk, 0.0f);
      continue;
    }
    const float m_new = std::max(m[r], row_max<O>(sr, len));
    // The first block a row sees has m = −∞ and nothing to rescale.
    const float corr =
        m[r] == -std::numeric_limits<float>::infinity() ? 0.0f : std::exp(m[r] - m_new);
    l[r] = l[r] * corr + row_exp_sum<O>(sr, len, m_new);
    m[r] = m_new;
    std::fill(sr + len, sr + bk, 0.0f);
    if (corr != 1.0f) row_scale<O>(o + static_cast<std::size_t>(r) * ldo, ldo, corr);
  }
}

// Query blocks [blk0, blk1) of tiled() with one thread's scratch: s (bq × bk), o (bq × ldo),
// m and l (bq each).
template <class O>
void tiled_blocks(const float* Q, const float* kp, const float* vp, int ldv, float* out,
                  const Dims& dm, const MaskSpec& mask, int bq, int bk, int blk0, int blk1,
                  float* s, float* o, float* m, float* l) {
  const int nk8 = round_up(dm.n_k, 8), ldo = round_up(dm.d_v, 8);
  const float scale = 1.0f / std::sqrt(static_cast<float>(dm.d));
  for (int i0 = blk0 * bq; i0 < std::min(blk1 * bq, dm.n_q); i0 += bq) {
    std::fill(o, o + static_cast<std::size_t>(bq) * ldo, 0.0f);
    std::fill(m, m + bq, -std::numeric_limits<float>::infinity());
    std::fill(l, l + bq, 0.0f);
    int block_end = 0;  // the longest row of the block: later key blocks are all masked
    for (int i = i0; i < std::min(i0 + bq, dm.n_q); ++i)
      block_end = std::max(block_end, pattern_mask_row_end(mask, i, dm.n_k));
    for (int j0 = 0; j0 < block_end; j0 += bk) {
      const int kb = std::min(bk, nk8 - j0);  // this block's keys, a multiple of 8
      tiled_block_softmax<O>(Q, kp, dm, mask, i0, bq, j0, kb, scale, s, m, l, o, ldo);
      const int len = std::min(kb, block_end - j0);
      for (int r = 0; r < bq; r += 4)
        for (int c = 0; c < ldo; c += 8)
          pv_tile_4x8<O>(s + static_cast<std::size_t>(r) * kb, kb,
                         vp + static_cast<std::size_t>(j0) * ldv + c, ldv, len,
                         o + static_cast<std::size_t>(r) * ldo + c, ldo, 4, 8, true);
    }
    for (int r = 0; r < bq && i0 + r < dm.n_q; ++r) {
      const float* src = o + static_cast<std::size_t>(r) * ldo;
      float* dst = out + static_cast<std::size_t>(i0 + r) * dm.d_v;
      const float k = l[r] > 0 ? 1.0f / l[r] : 0.0f;
      for (int c = 0; c < dm.d_v; ++c) dst[c] = src[c] * k;
    }
  }
}

template <class O>
void tiled(const float* Q, const float* K, const float* V, float* out, const Dims& dm,
           const MaskSpec& mask, Workspace* ws, const TileSizes& t, int threads) {
  // A block never holds more query rows than there are (n_q = 1 needs one tile, not 16).
  const int bq = std::min(std::max(4, round_up(t.block_q, 4)), round_up(dm.n_q, 4));
  const int bk = std::max(8, round_up(t.block_k, 8));
  const int nk8 = round_up(dm.n_k, 8), ldo = round_up(dm.d_v, 8);
  // Each thread takes consecutive query blocks of about equal work, with its own scratch,
  // all allocated here before any thread starts.
  const std::vector<int> b = balanced_bounds(row_group_work(dm, mask, bq), threads);
  const auto chunks = b.size() - 1;
  const std::size_t s_size = static_cast<std::size_t>(bq) * bk,
                    o_size = static_cast<std::size_t>(bq) * ldo;
  ws->packed_k.resize(static_cast<std::size_t>(nk8) * dm.d);
  ws->scores.resize(chunks * s_size);
  ws->block.resize(chunks * o_size);
  ws->row.resize(chunks * 2 * static_cast<std::size_t>(bq));
  pack_k(K, dm.n_k, dm.d, ws->packed_k.data());
  int ldv = 0;
  const float* vp = pad_v(V, dm.n_k, dm.d_v, &ws->padded_v, &ldv);
  run_chunks(static_cast<int>(chunks), [&](int c) {
    const auto i = static_cast<std::size_t>(c);
    float* m = ws->row.data() + i * 2 * static_cast<std::size_t>(bq);
    tiled_blocks<O>(Q, ws->packed_k.data(), vp, ldv, out, dm, mask, bq, bk, b[i], b[i + 1],
                    ws->scores.data() + i * s_size, ws->block.data() + i * o_size, m, m + bq);
  });
}

// ---- [SECTION] sparse -----------------------------------------------------------------------

// The keys query i keeps before top-k, ascending: the local pattern's candidates (or the
// mask's prefix when there is no local pattern), each checked by pattern_cell_allowed.
inline void sparse_candidates(const Dims& dm, const MaskSpec& mask, const SparsitySpec& sp, int i,
                              std::vector<int>* keys) {
  keys->clear();
  const int prefix = pattern_mask_row_end(mask, i, dm.n_k);
  const int hi = prefix >= 0 ? prefix : dm.n_k;  // no key at or past hi is allowed
  const bool everyone =
      !sp.global.empty() && std::find(sp.global.begin(), sp.global.end(), i) != sp.global.end();
  if (!sp.any_local() || everyone) {
    for (int j = 0; j < hi; ++j)
      if (pattern_cell_allowed(mask, sp, i, j)) keys->push_back(j);
    return;
  }
  int sources = 0;
  if (sp.window >= 0) {
    ++sources;
    for (int j = std::max(0, i - sp.window); j <= std::min(hi - 1, i + sp.window); ++j)
      keys->push_back(j);
  }
  if (sp.stride > 0) {
    ++sources;
    for (int j = i % sp.stride; j < hi; j += sp.stride) keys->push_back(j);
  }
  if (!sp.global.empty()) {
    ++sources;
    for (int g : sp.global)
      if (g >= 0 && g < hi) keys->push_back(g);
    if (i < hi) keys->push_back(i);
  }
  if (sources > 1 || !sp.global.empty()) {
    std::sort(keys->begin(), keys->end());
    keys->erase(std::unique(keys->begin(), keys->end()), keys->end());
  }
  keys->erase(std::remove_if(keys->begin(), keys->end(),
                             [&](int j) { return !pattern_cell_allowed(mask, sp, i, j); }),
              keys->end());
}

template <class O>
float dot(const float* a, const float* b, int n) {
  using V = typename O::V;
  V acc0 = O::zero(), acc1 = O::zero();
  int c = 0;
  for (; c + 8 <= n; c += 8) {
    acc0 = O::madd(O::load(a + c), O::load(b + c), acc0);
    acc1 = O::madd(O::load(a + c + 4), O::load(b + c + 4), acc1);
  }
  for (; c + 4 <= n; c += 4) acc0 = O::madd(O::load(a + c), O::load(b + c), acc0);
  float s = O::hsum(O::add(acc0, acc1));
  for (; c < n; ++c) s += a[c] * b[c];
  return s;
}

// o[0..n) += w · v[0..n)
template <class O>
void axpy(float w, const float* v, float* o, int n) {
  using V = typename O::V;
  const V wv = O::splat(w);
  int c = 0;
  for (; c + 4 <= n; c += 4) O::store(o + c, O::madd(wv, O::load(v + c), O::load(o + c)));
  for (; c < n; ++c) o[c] += w * v[c];
}

// One query row: scores of its kept keys (in s), top-k, softmax, weighted sum into o.
template <class O>
void sparse_row(const float* q, const float* K, const float* V, float* o, const Dims& dm, int top_k,
                float scale, std::vector<int>* keys, float* s) {
  int n = static_cast<int>(keys->size());
  for (int t = 0; t < n; ++t)
    s[t] = scale * dot<O>(q, K + static_cast<std::size_t>((*keys)[t]) * dm.d, dm.d);
  if (top_k > 0 && n > top_k) {
    // Rank positions by descending score, ties to the lower key; keep the first k.
    std::vector<int> order(n);
    for (int t = 0; t < n; ++t) order[t] = t;
    std::nth_element(order.begin(), order.begin() + top_k, order.end(), [&](int a, int b) {
      return s[a] > s[b] || (s[a] == s[b] && (*keys)[a] < (*keys)[b]);
    });
    order.resize(top_k);
    std::sort(order.begin(), order.end());
    for (int t = 0; t < top_k; ++t) {
      s[t] = s[order[t]];
      (*keys)[t] = (*keys)[order[t]];
    }
    n = top_k;
    keys->resize(n);
  }
  std::fill(o, o + dm.d_v, 0.0f);
  if (n == 0) return;
  const float m = row_max<O>(s, n);
  const float k = 1.0f / row_exp_sum<O>(s, n, m);
  for (int t = 0; t < n; ++t)
    axpy<O>(s[t] * k, V + static_cast<std::size_t>((*keys)[t]) * dm.d_v, o, dm.d_v);
}

template <class O>
void sparse(const float* Q, const float* K, const float* V, float* out, const Dims& dm,
            const MaskSpec& mask, const SparsitySpec& sp, Workspace* ws, int row_begin,
            int row_end) {
  const float scale = 1.0f / std::sqrt(static_cast<float>(dm.d));
  ws->scores.resize(static_cast<std::size_t>(dm.n_k));
  for (int i = row_begin; i < row_end; ++i) {
    sparse_candidates(dm, mask, sp, i, &ws->keys);
    sparse_row<O>(Q + static_cast<std::size_t>(i) * dm.d, K, V,
                  out + static_cast<std::size_t>(i) * dm.d_v, dm, sp.top_k, scale, &ws->keys,
                  ws->scores.data());
  }
}

}  // namespace ap::kernels::impl
