// The benchmark run inside web/bench.html: window.runAttentionBench(options) times scaled
// dot-product attention (one head, n_q = n_k = n, d = d_v) by
//   ours     window.attention.attendFast (path dense and tiled) on one thread and, in the
//            threaded build, on all of them (dense_threads, tiled_threads), copies in and
//            out included;
//   js       plain JavaScript loops over Float32Arrays (scores, softmax, weights · V);
//   tfjs     TensorFlow.js's wasm backend used its fastest way: K transposed first, then
//            matMul, ×1/√d, softmax, matMul, dataSync (tensor creation included);
// interleaved (one run of each per round), medians per n. Also the measured f32x4 mul+add
// peak (attention.measureSimdPeak). GFLOP/s count 4·n²·d (the two products).
'use strict';

(function () {
  function randomMatrix(rows, cols, seed) {
    // A fixed LCG so every implementation sees the same numbers; values in [−1, 1).
    const a = new Float32Array(rows * cols);
    let s = seed >>> 0;
    for (let i = 0; i < a.length; ++i) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      a[i] = s / 2147483648 - 1;
    }
    return a;
  }

  function plainJs(Q, K, V, n, d) {
    const scale = 1 / Math.sqrt(d);
    const w = new Float32Array(n);
    const out = new Float32Array(n * d);
    for (let i = 0; i < n; ++i) {
      let max = -Infinity;
      for (let j = 0; j < n; ++j) {
        let s = 0;
        for (let c = 0; c < d; ++c) s += Q[i * d + c] * K[j * d + c];
        s *= scale;
        w[j] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      for (let j = 0; j < n; ++j) {
        w[j] = Math.exp(w[j] - max);
        sum += w[j];
      }
      for (let j = 0; j < n; ++j) {
        const p = w[j] / sum;
        for (let c = 0; c < d; ++c) out[i * d + c] += p * V[j * d + c];
      }
    }
    return out;
  }

  function tfjsAttention(tf, Q, K, V, n, d) {
    return tf.tidy(function () {
      const q = tf.tensor2d(Q, [n, d]);
      const kT = tf.transpose(tf.tensor2d(K, [n, d]));
      const v = tf.tensor2d(V, [n, d]);
      const w = tf.softmax(tf.mul(tf.matMul(q, kT), tf.scalar(1 / Math.sqrt(d))));
      return tf.matMul(w, v).dataSync();
    });
  }

  function median(xs) {
    const s = xs.slice().sort(function (a, b) { return a - b; });
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  function maxDiff(a, b) {
    let m = 0;
    for (let i = 0; i < a.length; ++i) m = Math.max(m, Math.abs(a[i] - b[i]));
    return m;
  }

  async function loadTfjs() {
    const tf = window.tf;
    if (!tf || !tf.setBackend) return null;
    window.tf.wasm.setWasmPaths('vendor/');
    await tf.setBackend('wasm');
    await tf.ready();
    return tf;
  }

  function timeOnce(fn) {
    const t0 = performance.now();
    const out = fn();
    return { ms: performance.now() - t0, out: out };
  }

  // options: {sizes, d, reps, budgetMs, impls: ['ours', 'js', 'tfjs'], peakMs}
  async function run(options) {
    const opt = Object.assign({
      sizes: [128, 256, 512, 1024, 2048, 4096], d: 64, reps: 7, budgetMs: 20000,
      impls: ['ours', 'js', 'tfjs'], peakMs: 300,
    }, options || {});
    const attention = await window.attention.ready;
    const info = attention.kernelInfo();
    const tf = opt.impls.indexOf('tfjs') >= 0 ? await loadTfjs() : null;
    const result = {
      build: attention.build, isa: info.isa, threads: info.threads, d: opt.d,
      userAgent: navigator.userAgent,
      crossOriginIsolated: window.crossOriginIsolated === true,
      tfjs: tf ? {
        version: tf.version_core, backend: tf.getBackend(),
        simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
        threads: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
      } : null,
      peakGflops: attention.measureSimdPeak(opt.peakMs), rows: [],
    };
    const d = opt.d;
    for (const n of opt.sizes) {
      const Q = randomMatrix(n, d, 1), K = randomMatrix(n, d, 2), V = randomMatrix(n, d, 3);
      const impls = {};
      const ours = function (path, threads) {
        return function () {
          return attention.attendFast({ Q: Q, K: K, V: V, nq: n, nk: n, d: d, dv: d, path: path, threads: threads });
        };
      };
      if (opt.impls.indexOf('ours') >= 0) {
        impls.dense = ours('dense', 1);
        impls.tiled = ours('tiled', 1);
        // The threaded build (a cross-origin isolated page): the same kernels on every thread.
        if (info.threads > 1) {
          impls.dense_threads = ours('dense', info.threads);
          impls.tiled_threads = ours('tiled', info.threads);
        }
      }
      if (opt.impls.indexOf('js') >= 0) impls.js = function () { return plainJs(Q, K, V, n, d); };
      if (tf) impls.tfjs = function () { return tfjsAttention(tf, Q, K, V, n, d); };
      const times = {}, outputs = {};
      // One warm-up run each (V8 tiers code up; TF.js allocates), then interleaved rounds
      // until reps are done or the time budget of this n is spent (at least 3 rounds).
      for (const name in impls) {
        const t = timeOnce(impls[name]);
        outputs[name] = t.out;
        times[name] = [];
      }
      const started = performance.now();
      for (let r = 0; r < opt.reps; ++r) {
        if (r >= 3 && performance.now() - started > opt.budgetMs) break;
        for (const name in impls) times[name].push(timeOnce(impls[name]).ms);
        await new Promise(function (done) { setTimeout(done, 0); });
      }
      const flops = 4 * n * n * d;
      const row = { n: n, flops: flops, impls: {} };
      for (const name in impls) {
        const ms = median(times[name]);
        row.impls[name] = {
          ms: ms, runs: times[name].length, gflops: flops / ms / 1e6,
          maxDiffVsDense: outputs.dense ? maxDiff(outputs[name], outputs.dense) : null,
        };
      }
      result.rows.push(row);
      const out = document.getElementById('bench-out');
      if (out) out.textContent = JSON.stringify(result, null, 1);
    }
    result.memoryBytes = attention.memoryBytes();
    return result;
  }

  window.runAttentionBench = run;
  if (!/[?&]manual=0/.test(location.search) && !navigator.webdriver) {
    run({ impls: ['ours', 'js', 'tfjs'] }).catch(function (e) {
      document.getElementById('bench-out').textContent = String(e.stack || e);
    });
  }
})();
