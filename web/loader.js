// Starts the playground: checks for WebAssembly and WebGL 2 (a readable message instead of
// a blank canvas otherwise), picks the SIMD build unless the browser lacks wasm SIMD or the
// URL has ?nosimd, downloads the .wasm with a progress bar, connects window.attention
// when the first frame is drawn, and registers the service worker that keeps the page
// working offline (sw.js). The program itself is src/platform/web/web_main.cpp.
'use strict';

(function () {
  const canvas = document.getElementById('canvas');
  const loading = document.getElementById('loading');
  const loadingText = document.getElementById('loading-text');
  const progress = document.getElementById('progress');

  function showMessage(title, text) {
    document.getElementById('message-title').textContent = title;
    document.getElementById('message-text').textContent = text;
    document.getElementById('message').hidden = false;
    loading.hidden = true;
    canvas.hidden = true;
  }

  function fail(title, text) {
    showMessage(title, text);
    window.attention._fail(new Error(title + ': ' + text));
  }

  function hasWebAssembly() {
    return typeof WebAssembly === 'object' && typeof WebAssembly.instantiate === 'function' &&
      typeof WebAssembly.validate === 'function';
  }

  function hasWebGL2() {
    try {
      const gl = document.createElement('canvas').getContext('webgl2');
      if (!gl) return false;
      const lose = gl.getExtension('WEBGL_lose_context');
      if (lose) lose.loseContext();
      return true;
    } catch (e) {
      return false;
    }
  }

  // The smallest module that uses a SIMD instruction (i8x16.popcnt of a v128 splat),
  // as in wasm-feature-detect.
  const SIMD_PROBE = new Uint8Array([
    0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0,
    253, 15, 253, 98, 11,
  ]);

  function chooseBuild() {
    const forced = new URLSearchParams(location.search).has('nosimd');
    const simd = !forced && WebAssembly.validate(SIMD_PROBE);
    return simd ? 'simd' : 'baseline';
  }

  function megabytes(bytes) {
    return (bytes / 1048576).toFixed(1);
  }

  function showProgress(loaded, total) {
    if (total > 0 && loaded <= total) {
      progress.value = loaded / total;
      loadingText.textContent = 'Downloading ' + megabytes(loaded) + ' of ' + megabytes(total) + ' MB…';
    } else {
      progress.removeAttribute('value');
      loadingText.textContent = 'Downloading ' + megabytes(loaded) + ' MB…';
    }
  }

  // Counts bytes as they arrive and hands the stream on, so compilation still overlaps the
  // download. A compressed response's Content-Length is not the byte count: shown as
  // indeterminate then.
  async function fetchWithProgress(url, signal) {
    const response = await fetch(url, { credentials: 'same-origin', signal: signal });
    if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
    const encoded = response.headers.get('Content-Encoding');
    const total = encoded ? 0 : Number(response.headers.get('Content-Length')) || 0;
    if (!response.body) return response;
    const reader = response.body.getReader();
    let loaded = 0;
    const counted = new ReadableStream({
      async pull(controller) {
        const chunk = await reader.read();
        if (chunk.done) {
          loadingText.textContent = 'Starting…';
          controller.close();
          return;
        }
        loaded += chunk.value.byteLength;
        showProgress(loaded, total);
        controller.enqueue(chunk.value);
      },
    });
    return new Response(counted, { headers: { 'Content-Type': 'application/wasm' } });
  }

  function start(build) {
    const base = build === 'simd' ? 'attention_playground_simd' : 'attention_playground';
    const startedAt = performance.now();
    let aborted = false;

    // The download starts before the WebGL 2 probe, which can take seconds when the
    // browser has to start its GPU process (or software renderer) first.
    const download = new AbortController();
    const wasmResponse = fetchWithProgress(base + '.wasm', download.signal);
    wasmResponse.catch(function () {});  // reported by instantiateWasm below
    if (!hasWebGL2()) {
      download.abort();
      fail('This browser cannot run the playground',
        'It needs WebGL 2 to draw, which is unavailable here: it may be turned off, or the ' +
        'graphics driver may be blocked. Try another browser or enable hardware acceleration.');
      return;
    }

    window.Module = {
      canvas: canvas,
      apInitialHash: location.hash,

      instantiateWasm: function (imports, receiveInstance) {
        wasmResponse
          .then(function (response) {
            return WebAssembly.instantiateStreaming(response, imports);
          })
          .then(function (result) {
            receiveInstance(result.instance, result.module);
          })
          .catch(function (e) {
            fail('The playground could not be loaded', String(e.message || e) +
              '. Check the connection and reload the page.');
          });
        return {};
      },

      setStatus: function (text) {
        if (text && !loading.hidden) loadingText.textContent = text;
      },

      onAbort: function (what) {
        if (aborted) return;
        aborted = true;
        fail('The playground stopped', 'An internal error stopped it (' + what +
          '). Reload the page to start again: your example is kept in the address.');
      },

      apFail: function (reason) {
        fail('The playground could not start', reason + ' Try reloading, or another browser.');
      },

      apFirstFrame: function () {
        loading.hidden = true;
        canvas.focus();
        window.attention._connect(window.Module, build);
        console.info('Attention Playground (' + build + ' build) ready in ' +
          Math.round(performance.now() - startedAt) + ' ms after the loader started, ' +
          Math.round(performance.now()) + ' ms after navigation');
      },
    };

    const script = document.createElement('script');
    script.src = base + '.js';
    script.onerror = function () {
      fail('The playground could not be loaded', base + '.js did not download. Reload the page.');
    };
    document.body.appendChild(script);
  }

  // Offline after the first visit (sw.js); a page opened from a file or a browser without
  // service workers simply stays online-only.
  if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
    navigator.serviceWorker.register('sw.js').catch(function (e) {
      console.warn('offline use is unavailable: ' + e);
    });
  }

  canvas.addEventListener('contextmenu', function (e) {
    e.preventDefault();
  });

  if (!hasWebAssembly()) {
    fail('This browser cannot run the playground',
      'It needs WebAssembly, which this browser does not offer (or has turned off). ' +
      'A current Chrome, Edge, Firefox or Safari runs it.');
  } else {
    start(chooseBuild());
  }
})();
