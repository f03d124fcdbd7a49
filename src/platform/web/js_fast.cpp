// The C side of window.attention.attendFast and memoryBytes (web/attention_api.js): the
// f32 kernels of core/kernels on matrices the glue has copied into malloc'ed wasm memory,
// and a measured f32x4 mul+add peak for the browser benchmark. Every function returns
// instead of trapping: bad arguments and sizes that would not fit come back as a sentence.
#include <emscripten.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>

#include "app/scale_lab.h"
#include "core/kernels/kernels.h"
#include "core/kernels/parallel.h"
#include "platform/web/web_app.h"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace {

// The heap the kernels may ask for beyond the inputs: wasm32 memory ends at 2 GiB in
// this Emscripten's default, and the page needs some of it for itself.
constexpr double kMaxWorkspaceBytes = 1024.0 * 1024.0 * 1024.0;

// "" or a sentence naming the first non-finite entry.
std::string check_finite(const char* name, const float* x, long count) {
  for (long t = 0; t < count; ++t)
    if (!std::isfinite(x[t]))
      return std::string(name) + "[" + std::to_string(t) + "] is not a finite number.";
  return "";
}

}  // namespace

extern "C" {

// out (nq × dv) = softmax(Q Kᵀ/√d, causal mask if causal) · V for Q (nq × d), K (nk × d),
// V (nk × dv), all float32 row-major in wasm memory. path: 0 dense, 1 tiled, 2 auto
// (dense while its weights take at most 16 MB, tiled beyond). threads: how many to use,
// at most available_threads() (the threaded build's worker pool); ≤ 0 for all of them.
// Returns "" on success or one sentence, in web_reply(): valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* ap_js_attend_fast(const float* q, const float* k, const float* v,
                                                   float* out, int nq, int nk, int d, int dv,
                                                   int causal, int path, int threads) {
  std::string& error = ap::web_reply();
  const ap::kernels::Dims dims{nq, nk, d, dv};
  ap::MaskSpec mask;
  mask.kind = causal ? ap::MaskKind::Causal : ap::MaskKind::None;
  error = ap::kernels::check_shapes(dims, mask, false);
  if (!error.empty()) return error.c_str();
  if (!q || !k || !v || !out) return (error = "A matrix pointer is null.").c_str();
  for (const auto& [name, x, count] : {std::tuple{"Q", q, static_cast<long>(nq) * d},
                                       std::tuple{"K", k, static_cast<long>(nk) * d},
                                       std::tuple{"V", v, static_cast<long>(nk) * dv}}) {
    error = check_finite(name, x, count);
    if (!error.empty()) return error.c_str();
  }
  const double dense_bytes = 4.0 * static_cast<double>(ap::kernels::dense_score_floats(dims));
  const double common_bytes = 4.0 * ((nk + 8.0) * d + (nk + 8.0) * (dv + 8.0));
  if (path == 2) path = dense_bytes <= 16e6 ? 0 : 1;
  if (path == 0 && dense_bytes + common_bytes > kMaxWorkspaceBytes)
    return (error = "Dense attention at nq = " + std::to_string(nq) +
                    ", nk = " + std::to_string(nk) + " needs " +
                    std::to_string(static_cast<long long>(dense_bytes / 1e6)) +
                    " MB for its weights, more than this page allows; use path \"tiled\".")
        .c_str();
  if (common_bytes > kMaxWorkspaceBytes)
    return (error = "These matrices are too large for the wasm heap.").c_str();
  ap::kernels::Workspace& ws = ap::web_fast_workspace();
  const int available = ap::kernels::available_threads();
  threads = threads <= 0 ? available : std::min(threads, available);
  if (path == 0) {
    ap::kernels::dense_forward(ap::kernels::Isa::Simd, q, k, v, out, dims, mask, &ws, threads);
  } else if (path == 1) {
    ap::kernels::tiled_forward(ap::kernels::Isa::Simd, q, k, v, out, dims, mask, &ws, {}, threads);
  } else {
    return (error = "Unknown path.").c_str();
  }
  return "";
}

// The scale lab as {"open","running","n","window","stride","rows":[{"n","path","status",
// "ms","mib","refusal"}],"frame_n","dense_refused_n","mass_kept","sparse_cost","map_n"}:
// rows measured or refused so far; −1 for a figure not found yet.
EMSCRIPTEN_KEEPALIVE const char* ap_js_get_scale_lab() {
  std::string& text = ap::web_reply();
  const ap::ScaleLab& lab = ap::web_app().scale;
  nlohmann::json rows = nlohmann::json::array();
  const char* names[] = {"pending", "running", "done", "refused"};
  for (std::size_t s = 0; s < lab.rows.size(); ++s)
    for (int p = 0; p < ap::kScalePathCount; ++p) {
      const ap::ScaleRow& r = lab.rows[s][static_cast<std::size_t>(p)];
      if (r.status == ap::ScaleRow::Status::Pending) continue;
      rows.push_back({{"n", ap::scale_lab_sizes()[s]},
                      {"path", ap::scale_path_name(static_cast<ap::ScalePath>(p))},
                      {"status", names[static_cast<int>(r.status)]},
                      {"ms", 1000 * r.seconds},
                      {"mib", r.bytes / (1024.0 * 1024.0)},
                      {"refusal", r.refusal}});
    }
  const nlohmann::json j = {{"open", lab.open},
                            {"running", lab.running},
                            {"n", lab.target_n},
                            {"window", lab.pattern.window},
                            {"stride", lab.pattern.stride},
                            {"rows", rows},
                            {"frame_n", ap::scale_lab_crossing_n(lab, 1.0 / 60)},
                            {"dense_refused_n", ap::scale_lab_dense_refused_n(lab)},
                            {"mass_kept", lab.map_n == lab.target_n ? lab.mass_kept : -1.0},
                            {"sparse_cost", ap::scale_lab_sparse_cost(lab)},
                            {"map_n", lab.map_n}};
  text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return text.c_str();
}

// Frees the kernels' scratch memory (the wasm heap itself never shrinks).
EMSCRIPTEN_KEEPALIVE void ap_js_fast_release() {
  ap::web_fast_workspace().release();
}

// Bytes the kernels' scratch memory holds now.
EMSCRIPTEN_KEEPALIVE double ap_js_fast_workspace_bytes() {
  return static_cast<double>(ap::web_fast_workspace().bytes());
}

// The threads attendFast uses by default: 1 unless this is the threaded build (served
// cross-origin isolated), then the hardware's, at most kernels::kMaxThreads.
EMSCRIPTEN_KEEPALIVE int ap_js_fast_threads() {
  return ap::kernels::available_threads();
}

// "wasm-simd128" or "scalar": what the kernels of this build use.
EMSCRIPTEN_KEEPALIVE const char* ap_js_fast_isa() {
  return ap::kernels::isa_name(ap::kernels::Isa::Simd);
}

// The f32x4 mul+add peak micro-benchmark: `iterations` rounds of 12 independent
// acc = acc·m + a chains (enough to hide the add latency of 3–4 cycles on two ports),
// 12 · 4 lanes · 2 flops per round. Returns a sum so the work cannot be dropped; the
// caller times it. −1 in a build without SIMD.
EMSCRIPTEN_KEEPALIVE double ap_js_simd_peak(int iterations, float m, float a) {
#if defined(__wasm_simd128__)
  const v128_t mv = wasm_f32x4_splat(m), av = wasm_f32x4_splat(a);
  v128_t acc[12];
  for (int t = 0; t < 12; ++t) acc[t] = wasm_f32x4_splat(static_cast<float>(t));
  for (int it = 0; it < iterations; ++it)
    for (int t = 0; t < 12; ++t) acc[t] = wasm_f32x4_add(wasm_f32x4_mul(acc[t], mv), av);
  v128_t sum = acc[0];
  for (int t = 1; t < 12; ++t) sum = wasm_f32x4_add(sum, acc[t]);
  return wasm_f32x4_extract_lane(sum, 0) + wasm_f32x4_extract_lane(sum, 3);
#else
  (void)iterations;
  (void)m;
  (void)a;
  return -1;
#endif
}

}  // extern "C"
