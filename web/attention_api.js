// window.attention: the page's JavaScript API, for embedding and for the browser tests.
//   await attention.ready            resolves after the first frame is drawn
//   attention.getState()              the State as a JSON object
//   attention.setState(stateOrText)   {ok: true} or {ok: false, error} (state kept)
//   attention.getResult()             the Result as a JSON object ("scores", "weights", …)
//   attention.getLesson()             {lesson, title, step, steps, goals: [{text, met}], a11y}
//   attention.getTraining()           the training view: step, loss, held-out accuracy, alignment
//   attention.getQa()                 the question-answering view: step, accuracy, story, answer, hops
//   attention.getCaptioning()         the captioning view: step, accuracies, scene, caption, attention
//   attention.getSentiment()          the sentiment view: step, accuracies, a typed review's weights
//   attention.getInduction()          the induction view: step, accuracy, head scores, ablation
//   attention.getScaleLab()           the scale lab: measured time and memory per n and path
//   attention.listLessons()           [{id, title, steps}] of the lessons that loaded
//   attention.openLesson(id, step)    opens step (1-based) of a lesson: {ok} or {ok: false, error}
//   attention.getNotice()             the notice line's text ('' when none)
//   attention.frameStats()            {uiCells, uiMs, renderMs}: the latest drawn frame's
//                                     matrix cells and CPU ms in ui_draw and GL submission
//   attention.itemRect(name)          test hook: a widget's {x, y, w, h} in CSS pixels, or null
//   attention.framesDrawn()           test hook: frames drawn so far (an idle tab draws none)
//   attention.attendFast({Q, K, V, nq, nk, d, dv, causal, path, threads})
//                                     the f32 wasm kernels: a Float32Array (nq × dv), see below
//   attention.memoryBytes()           the wasm heap's size in bytes
//   attention.kernelInfo()            {isa: 'wasm-simd128' | 'scalar', workspaceBytes, threads}
//   attention.measureSimdPeak(ms)     measured f32x4 mul+add GFLOP/s (null without SIMD)
//   attention.limits                  the input limits (src/core/limits.h), e.g. maxJsonBytes
//   attention.build, attention.timings.readyMs (ms from navigation start to first frame)
// Every call answers; none throws once ready. Strings go to wasm through malloc'ed memory
// (never ccall's copy on the wasm stack) after a length check against attention.limits.
// The wasm side is src/platform/web/js_api.cpp; loader.js connects the two.
'use strict';

(function () {
  let resolveReady;
  let rejectReady;
  const ready = new Promise(function (resolve, reject) {
    resolveReady = resolve;
    rejectReady = reject;
  });
  // A failed load is shown on the page by loader.js; this only keeps the rejection from
  // being reported as unhandled when nobody awaits `ready`.
  ready.catch(function () {});

  let wasm = null;
  let stopped = null;  // why the program stopped (a trap, an abort), once it has

  function module() {
    if (stopped) throw new Error('the playground stopped (' + stopped + '): reload the page');
    if (!wasm) throw new Error('window.attention is not ready yet: await window.attention.ready');
    window.apLastInput = performance.now();  // a call may change what is drawn (input.js)
    return wasm;
  }

  // Runs a call into wasm. A trap or a stray exception inside stops the program: the page
  // shows its crash message (loader.js) and the call answers {ok: false, error}.
  function guarded(fn) {
    if (stopped) return { ok: false, error: 'the playground stopped (' + stopped + '): reload the page' };
    try {
      return fn();
    } catch (e) {
      const trap = (typeof WebAssembly === 'object' && e instanceof WebAssembly.RuntimeError) ||
        typeof e === 'number';
      if (!trap || !wasm) throw e;
      const reason = typeof e === 'number' ? 'uncaught C++ exception ' + e : String(e.message || e);
      if (wasm.apCrash) wasm.apCrash(reason);
      stopped = stopped || reason;
      return { ok: false, error: 'the playground stopped (' + reason + '): reload the page' };
    }
  }

  // Calls the exported C function `name`; its answer is JSON text in wasm memory. A trap
  // inside stops the program (the page shows its crash message) and throws an Error.
  function callJson(name) {
    const answer = guarded(function () {
      return { text: module().UTF8ToString(module()['_' + name]()) };
    });
    if (answer.ok === false) throw new Error(answer.error);
    return JSON.parse(answer.text);
  }

  // Calls `fn(ptr)` with `text` as a NUL-terminated UTF-8 copy in malloc'ed wasm memory
  // (ccall would copy it onto the wasm stack, which a few megabytes overflow). Text longer
  // than `limit` bytes is refused before any copy: `refuse(bytes)` gives the answer.
  function withCString(text, limit, refuse, fn) {
    const m = module();
    // lengthBytesUTF8 ≤ 3 × length: a quick refusal without scanning huge strings.
    if (text.length > limit) return refuse(text.length);
    const size = m.lengthBytesUTF8(text) + 1;
    if (size - 1 > limit) return refuse(size - 1);
    const ptr = m._malloc(size);
    if (!ptr) return refuse(size - 1, true);
    try {
      m.stringToUTF8(text, ptr, size);
      return fn(ptr);
    } finally {
      m._free(ptr);
    }
  }

  const FAST_PATHS = { dense: 0, tiled: 1, auto: 2 };

  function positiveInt(value, name) {
    if (!Number.isInteger(value) || value < 1 || value > 0x3fffffff) {
      throw new Error('attendFast: ' + name + ' must be a positive integer, got ' + String(value));
    }
    return value;
  }

  function floatMatrix(value, name, rows, cols) {
    if (!(value instanceof Float32Array)) {
      throw new Error('attendFast: ' + name + ' must be a Float32Array (row-major ' + rows + ' × ' +
        cols + ')');
    }
    if (value.length !== rows * cols) {
      throw new Error('attendFast: ' + name + ' has ' + value.length + ' entries, expected ' +
        rows + ' × ' + cols + ' = ' + rows * cols);
    }
    return value;
  }

  // Q (nq × d), K (nk × d), V (nk × dv) row-major Float32Arrays in, softmax(Q Kᵀ/√d) · V
  // (nq × dv) out, computed by the f32 kernels (core/kernels) synchronously; path 'dense',
  // 'tiled' (never holds nq × nk) or 'auto' (default). Throws an Error on bad arguments.
  function attendFast(args) {
    const m = module();
    if (args === null || typeof args !== 'object') throw new Error('attendFast expects {Q, K, V, nq, nk, d, dv}');
    const nq = positiveInt(args.nq, 'nq'), nk = positiveInt(args.nk, 'nk');
    const d = positiveInt(args.d, 'd'), dv = positiveInt(args.dv === undefined ? args.d : args.dv, 'dv');
    const Q = floatMatrix(args.Q, 'Q', nq, d), K = floatMatrix(args.K, 'K', nk, d);
    const V = floatMatrix(args.V, 'V', nk, dv);
    const pathName = args.path === undefined ? 'auto' : args.path;
    // 0: every thread the build has (kernelInfo().threads); more than it has are not used.
    const threads = args.threads === undefined ? 0 : positiveInt(args.threads, 'threads');
    if (!Object.prototype.hasOwnProperty.call(FAST_PATHS, pathName)) {
      throw new Error('attendFast: path must be "dense", "tiled" or "auto", got ' + String(pathName));
    }
    const floats = nq * d + nk * d + nk * dv + nq * dv;
    if (floats * 4 > 0x7fffffff) throw new Error('attendFast: the matrices do not fit in wasm memory');
    const ptr = m._malloc(floats * 4);
    if (!ptr) throw new Error('attendFast: out of wasm memory for ' + floats * 4 + ' bytes of matrices');
    try {
      const q = ptr, k = q + 4 * nq * d, v = k + 4 * nk * d, out = v + 4 * nk * dv;
      // HEAPF32 is replaced when memory grows: read it after every allocation.
      m.HEAPF32.set(Q, q >> 2);
      m.HEAPF32.set(K, k >> 2);
      m.HEAPF32.set(V, v >> 2);
      const error = m.UTF8ToString(m._ap_js_attend_fast(q, k, v, out, nq, nk, d, dv,
        args.causal ? 1 : 0, FAST_PATHS[pathName], threads));
      if (error) throw new Error('attendFast: ' + error);
      return m.HEAPF32.slice(out >> 2, (out >> 2) + nq * dv);
    } finally {
      m._free(ptr);
    }
  }

  function tooLong(what, limit) {
    return function (bytes, outOfMemory) {
      return {
        ok: false,
        error: outOfMemory ? what + ': out of memory for ' + bytes + ' bytes'
          : what + ' is ' + (bytes > limit ? 'longer than ' + limit : bytes) +
            ' bytes; the limit is ' + limit + ' bytes',
      };
    };
  }

  function setStateText(text) {
    return guarded(function () {
      const limit = api.limits.maxJsonBytes;
      return withCString(text, limit, tooLong('setState: the state', limit), function (ptr) {
        return JSON.parse(module().UTF8ToString(module()._ap_js_set_state(ptr)));
      });
    });
  }

  const api = {
    ready: ready,
    build: null,
    limits: null,
    timings: {},

    getState: function () {
      return callJson('ap_js_get_state');
    },

    setState: function (state) {
      if (typeof state === 'string') return setStateText(state);
      if (state === null || typeof state !== 'object') {
        return { ok: false, error: 'setState expects a State object or its JSON text' };
      }
      let text;
      try {
        text = JSON.stringify(state);
      } catch (e) {
        return { ok: false, error: 'setState: the state cannot be written as JSON (' + e.message + ')' };
      }
      return setStateText(text);
    },

    getResult: function () {
      return callJson('ap_js_get_result');
    },

    // The open lesson (lesson: null when none), its step (1-based), the goals with their
    // live ticks, and a11y: the text last given to the screen-reader region.
    getLesson: function () {
      return callJson('ap_js_get_lesson');
    },

    // The lessons that loaded: [{id, title, steps}] in teaching order.
    listLessons: function () {
      return callJson('ap_js_list_lessons');
    },

    openLesson: function (id, step) {
      return guarded(function () {
        const limit = api.limits.maxNameBytes;
        const n = Number(step === undefined ? 1 : step) | 0;
        return withCString(String(id), limit, tooLong('openLesson: the lesson id', limit), function (ptr) {
          return JSON.parse(module().UTF8ToString(module()._ap_js_open_lesson(ptr, n)));
        });
      });
    },

    // The training view: {open, running, step, steps, scoring, seed, parameters, loss,
    // heldout, attention, steps_per_second, seconds_to_90, source, output, weights}.
    getTraining: function () {
      return callJson('ap_js_get_training');
    },

    // The question-answering view: {open, running, step, steps, seed, parameters, loss,
    // heldout, attention, story, question, error, answer, expected, support, weights}.
    getQa: function () {
      return callJson('ap_js_get_qa');
    },

    // The captioning view: {open, running, step, steps, scoring, seed, parameters, loss,
    // heldout, attention, train_seconds, steps_per_second, running_seconds,
    // seconds_to_target, slice_ms, objects, noise_seed, caption, expected, right, word,
    // attention_rows}.
    getCaptioning: function () {
      return callJson('ap_js_get_captioning');
    },

    // The sentiment view: {open, running, step, steps, seed, parameters, loss, heldout,
    // attention, steps_per_second, seconds_to_target, typed, words, weights, known,
    // ignored, label, probability, error}.
    getSentiment: function () {
      return callJson('ap_js_get_sentiment');
    },

    // The induction view: {open, running, step, steps, scoring, seed, layers, parameters,
    // loss, accuracy, heads: [{layer, head, previous_token, induction, ablated}],
    // ablated_accuracy, steps_per_second, running_seconds, seconds_to_95, train_seconds,
    // tokens, predicted}.
    getInduction: function () {
      return callJson('ap_js_get_induction');
    },

    // The scale lab: {open, running, n, window, stride, rows: [{n, path, status, ms, mib,
    // refusal}], frame_n, dense_refused_n, mass_kept, sparse_cost, map_n}.
    getScaleLab: function () {
      return callJson('ap_js_get_scale_lab');
    },

    // The notice line's text: '' when the page has nothing to tell the learner.
    getNotice: function () {
      const answer = guarded(function () { return { text: module().UTF8ToString(module()._ap_js_get_notice()) }; });
      if (answer.ok === false) throw new Error(answer.error);
      return answer.text;
    },

    // What the latest frame drew: {uiCells} (matrix cells; at most limits.maxUiCellsPerFrame).
    frameStats: function () {
      return callJson('ap_js_frame_stats');
    },

    // Test hook: how many frames the page has drawn (an idle tab draws none).
    framesDrawn: function () {
      return wasm ? (wasm.apFramesDrawn || 0) : 0;
    },

    attendFast: attendFast,

    memoryBytes: function () {
      return module().HEAPU8.buffer.byteLength;
    },

    kernelInfo: function () {
      const m = module();
      return {
        isa: m.UTF8ToString(m._ap_js_fast_isa()), workspaceBytes: m._ap_js_fast_workspace_bytes(),
        threads: m._ap_js_fast_threads(),
      };
    },

    // Runs 12 independent f32x4 mul+add chains (src/platform/web/js_fast.cpp) for about
    // `ms` milliseconds after a warm-up; returns the best GFLOP/s of 5 timed runs.
    measureSimdPeak: function (ms) {
      const m = module();
      if (m._ap_js_simd_peak(1, 1, 0) < 0) return null;
      let iterations = 1000;
      for (;;) {
        const t0 = performance.now();
        m._ap_js_simd_peak(iterations, 0.999, 0.001);
        if (performance.now() - t0 > (ms || 50) / 5 || iterations > 1e9) break;
        iterations *= 2;
      }
      let best = 0;
      for (let r = 0; r < 5; ++r) {
        const t0 = performance.now();
        m._ap_js_simd_peak(iterations, 0.999, 0.001);
        const s = (performance.now() - t0) / 1000;
        best = Math.max(best, iterations * 12 * 4 * 2 / s / 1e9);
      }
      return best;
    },

    // Test hook: lets browser tests find widgets. The widget `name` ("Q[1,2]", "scoring",
    // "scoring:dot" while the combo is open) as {x, y, w, h} in CSS pixels of the page
    // (ready for mouse events), or null when it was not drawn in the latest frame.
    itemRect: function (name) {
      const limit = api.limits.maxNameBytes;
      const r = withCString(String(name), limit, function () { return null; }, function (ptr) {
        return JSON.parse(module().UTF8ToString(module()._ap_js_item_rect(ptr)));
      });
      if (!r) return null;
      const dpr = window.devicePixelRatio || 1;
      const box = module().canvas.getBoundingClientRect();
      return {
        x: box.left + r.x0 / dpr, y: box.top + r.y0 / dpr,
        w: (r.x1 - r.x0) / dpr, h: (r.y1 - r.y0) / dpr,
      };
    },
  };

  // Called by loader.js: connect() after the first frame, fail() when loading failed.
  Object.defineProperty(api, '_connect', {
    value: function (emscriptenModule, build) {
      wasm = emscriptenModule;
      api.build = build;
      api.limits = Object.freeze(callJson('ap_js_limits'));
      api.timings.readyMs = performance.now();
      resolveReady(api);
    },
  });
  Object.defineProperty(api, '_crash', {
    value: function (reason) {
      stopped = stopped || String(reason);
      rejectReady(new Error('the playground stopped: ' + stopped));
    },
  });
  Object.defineProperty(api, '_fail', {
    value: function (error) {
      rejectReady(error instanceof Error ? error : new Error(String(error)));
    },
  });

  window.attention = api;

  // loader.js failing to download or to run would leave "Loading…" up for good.
  window.addEventListener('load', function () {
    if (window.apLoaderStarted) return;
    document.getElementById('message-title').textContent = 'The playground could not be loaded';
    document.getElementById('message-text').textContent = 'loader.js did not load. Reload the page.';
    document.getElementById('message').hidden = false;
    document.getElementById('loading').hidden = true;
    rejectReady(new Error('loader.js did not load'));
  });
})();
