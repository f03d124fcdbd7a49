// window.attention: the page's JavaScript API, for embedding and for the browser tests.
//   await attention.ready            resolves after the first frame is drawn
//   attention.getState()              the State as a JSON object
//   attention.setState(stateOrText)   {ok: true} or {ok: false, error} (state kept)
//   attention.getResult()             the Result as a JSON object ("scores", "weights", …)
//   attention.getLesson()             {lesson, title, step, steps, goals: [{text, met}], a11y}
//   attention.openLesson(id, step)    opens step (1-based) of a lesson: {ok} or {ok: false, error}
//   attention.getNotice()             the notice line's text ('' when none)
//   attention.itemRect(name)          test hook: a widget's {x, y, w, h} in CSS pixels, or null
//   attention.framesDrawn()           test hook: frames drawn so far (an idle tab draws none)
//   attention.build, attention.timings.readyMs (ms from navigation start to first frame)
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

  function module() {
    if (!wasm) throw new Error('window.attention is not ready yet: await window.attention.ready');
    window.apLastInput = performance.now();  // a call may change what is drawn (input.js)
    return wasm;
  }

  function callJson(name) {
    return JSON.parse(module().ccall(name, 'string', [], []));
  }

  // The text goes through malloc rather than ccall's stack copy, so large states fit.
  function setStateText(text) {
    const m = module();
    const size = m.lengthBytesUTF8(text) + 1;
    const ptr = m._malloc(size);
    if (!ptr) return { ok: false, error: 'setState: out of memory for a ' + size + '-byte state' };
    try {
      m.stringToUTF8(text, ptr, size);
      return JSON.parse(m.UTF8ToString(m._ap_js_set_state(ptr)));
    } finally {
      m._free(ptr);
    }
  }

  const api = {
    ready: ready,
    build: null,
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

    openLesson: function (id, step) {
      const text = module().ccall('ap_js_open_lesson', 'string', ['string', 'number'],
        [String(id), Number(step === undefined ? 1 : step) | 0]);
      return JSON.parse(text);
    },

    // The notice line's text: '' when the page has nothing to tell the learner.
    getNotice: function () {
      return module().ccall('ap_js_get_notice', 'string', [], []);
    },

    // Test hook: how many frames the page has drawn (an idle tab draws none).
    framesDrawn: function () {
      return wasm ? (wasm.apFramesDrawn || 0) : 0;
    },

    // Test hook: lets browser tests find widgets. The widget `name` ("Q[1,2]", "scoring",
    // "scoring:dot" while the combo is open) as {x, y, w, h} in CSS pixels of the page
    // (ready for mouse events), or null when it was not drawn in the latest frame.
    itemRect: function (name) {
      const r = JSON.parse(module().ccall('ap_js_item_rect', 'string', ['string'], [String(name)]));
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
      api.timings.readyMs = performance.now();
      resolveReady(api);
    },
  });
  Object.defineProperty(api, '_fail', {
    value: function (error) {
      rejectReady(error instanceof Error ? error : new Error(String(error)));
    },
  });

  window.attention = api;
})();
