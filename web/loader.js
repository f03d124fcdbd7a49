// Starts the playground: checks for WebAssembly and WebGL 2 (a readable message instead of
// a blank canvas otherwise), picks the threaded SIMD build when the page is cross-origin
// isolated, else the SIMD build, unless the browser lacks wasm SIMD or the URL has
// ?nothreads or ?nosimd, downloads the .wasm with a progress bar, connects window.attention
// when the first frame is drawn, and registers the service worker that keeps the page
// working offline (sw.js). The program itself is src/platform/web/web_main.cpp.
// A crash is survivable: a wasm trap, an abort or a C++ exception shows a message with a
// button that starts again from the default example, and a link that stopped the page (or
// never let it finish starting) is not applied again on the next load: a banner says so
// and offers to try it.
'use strict';

(function () {
  window.apLoaderStarted = true;
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
    if (window.attention) window.attention._fail(new Error(title + ': ' + text));
  }

  // [SECTION] Crash recovery ------------------------------------------------------------
  // localStorage keys: the link being started (cleared once the page has drawn a few
  // frames: a link that freezes the page never clears it) and the link open at a crash.
  const PENDING_KEY = 'attention-playground.pending-link';
  const CRASHED_KEY = 'attention-playground.crashed-link';

  function storageGet(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }
  function storageSet(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, value);
    } catch (e) {
      // Storage may be off (private mode): recovery then only offers the buttons.
    }
  }

  function pageWithHash(hash) {
    return location.pathname + location.search + (hash || '');
  }

  function restartWith(hash) {
    storageSet(PENDING_KEY, null);
    if (hash) storageSet(CRASHED_KEY, null);
    history.replaceState(null, '', pageWithHash(hash));
    location.reload();
  }

  let crashedAlready = false;
  let startHash = location.hash;

  // Called for a trap, an abort or an exception out of the program: the page stays up with
  // a message; the link open now is remembered so that it is not applied automatically.
  function crashed(reason) {
    if (crashedAlready) return;
    crashedAlready = true;
    const link = location.hash.length > 1 ? location.hash : startHash;
    if (link && link.length > 1) storageSet(CRASHED_KEY, link);
    storageSet(PENDING_KEY, null);
    if (window.attention) window.attention._crash(reason);
    showMessage('The playground stopped',
      'An internal error stopped it (' + reason + '). Start again from the default example' +
      (link && link.length > 1 ? ', or try the link again: it will not be opened automatically.' : '.'));
    document.getElementById('message-actions').hidden = false;
    document.getElementById('message-retry').hidden = !(link && link.length > 1);
    document.getElementById('message-restart').onclick = function () { restartWith(''); };
    document.getElementById('message-retry').onclick = function () { restartWith(link); };
    document.getElementById('message-restart').focus();
  }

  function describe(error) {
    if (error === undefined || error === null) return 'unknown error';
    if (typeof error === 'number') return 'uncaught C++ exception ' + error;
    return String(error.message || error);
  }

  // A wasm trap does not reach Module.onAbort: it surfaces as an uncaught RuntimeError.
  window.addEventListener('error', function (e) {
    const error = e.error;
    const fromWasm = (typeof WebAssembly === 'object' && error instanceof WebAssembly.RuntimeError) ||
      typeof error === 'number' || /attention_playground/.test(e.filename || '');
    if (fromWasm && window.Module) crashed(describe(error !== undefined ? error : e.message));
  });
  window.addEventListener('unhandledrejection', function (e) {
    if (typeof WebAssembly === 'object' && e.reason instanceof WebAssembly.RuntimeError) crashed(describe(e.reason));
  });

  // A link that crashed or froze the last load is not applied again: the page opens the
  // default example and offers the link.
  function skippedLink() {
    const hash = location.hash;
    if (hash.length <= 1) return null;
    const pending = storageGet(PENDING_KEY);
    const crashedLink = storageGet(CRASHED_KEY);
    if (hash !== pending && hash !== crashedLink) return null;
    storageSet(CRASHED_KEY, hash);
    return hash;
  }

  function offerSkippedLink(link) {
    const banner = document.getElementById('link-notice');
    banner.hidden = false;
    document.getElementById('link-notice-try').onclick = function () { restartWith(link); };
    document.getElementById('link-notice-close').onclick = function () { banner.hidden = true; };
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

  // The threaded build needs SharedArrayBuffer, which a browser offers only to a page served
  // cross-origin isolated (COOP/COEP headers, as scripts/serve.py sends), and pays off only
  // with a second core. ?nothreads (or ?nosimd) opts out.
  function threadsUsable(params) {
    return !params.has('nothreads') && window.crossOriginIsolated === true &&
      typeof SharedArrayBuffer === 'function' && (navigator.hardwareConcurrency || 1) >= 2;
  }

  function chooseBuild() {
    const params = new URLSearchParams(location.search);
    let simd = false;
    try {
      simd = !params.has('nosimd') && WebAssembly.validate(SIMD_PROBE);
    } catch (e) {
      simd = false;  // a validate that throws: the baseline build needs no feature test
    }
    if (simd && threadsUsable(params)) return 'threads';
    return simd ? 'simd' : 'baseline';
  }

  const BUILD_FILES = {
    threads: 'attention_playground_threads', simd: 'attention_playground_simd',
    baseline: 'attention_playground',
  };

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

  // `skipped`: the link not applied (crash recovery); `probed`: WebGL 2 already checked.
  async function start(build, skipped, probed) {
    const base = BUILD_FILES[build];
    const startedAt = performance.now();

    // The download starts before the WebGL 2 probe, which can take seconds when the
    // browser has to start its GPU process (or software renderer) first.
    const download = new AbortController();
    const wasmResponse = fetchWithProgress(base + '.wasm', download.signal);
    wasmResponse.catch(function () {});  // awaited below
    if (!probed && !hasWebGL2()) {
      download.abort();
      fail('This browser cannot run the playground',
        'It needs WebGL 2 to draw, which is unavailable here: it may be turned off, or the ' +
        'graphics driver may be blocked. Try another browser or enable hardware acceleration.');
      return;
    }
    // A build missing or refused (a 404, a proxy): the next simpler one; the baseline build
    // runs anywhere.
    let response;
    try {
      response = await wasmResponse;
    } catch (e) {
      const simpler = { threads: 'simd', simd: 'baseline' }[build];
      if (simpler) {
        console.warn(build + ' build unavailable (' + describe(e) + '): loading the ' + simpler + ' build');
        return start(simpler, skipped, true);
      }
      fail('The playground could not be loaded', describe(e) + '. Check the connection and reload the page.');
      return;
    }

    window.Module = {
      canvas: canvas,
      apInitialHash: skipped ? '' : location.hash,

      instantiateWasm: function (imports, receiveInstance) {
        WebAssembly.instantiateStreaming(response, imports)
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
        crashed(describe(what) || 'aborted');
      },

      // A C++ exception in a frame (web_main.cpp catches it and stops the loop).
      apCrash: function (reason) {
        crashed(reason);
      },

      apFail: function (reason) {
        fail('The playground could not start', reason + ' Try reloading, or another browser.');
      },

      apFirstFrame: function () {
        loading.hidden = true;
        canvas.focus();
        if (skipped) offerSkippedLink(skipped);
        // The link started fine once it has drawn a few frames: forget it as pending.
        let settle = 10;
        const count = function () {
          if (crashedAlready) return;
          if (--settle > 0) requestAnimationFrame(count);
          else storageSet(PENDING_KEY, null);
        };
        requestAnimationFrame(count);
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

  if (!window.attention) {
    fail('The playground could not be loaded', 'attention_api.js did not load. Reload the page.');
  } else if (!hasWebAssembly()) {
    fail('This browser cannot run the playground',
      'It needs WebAssembly, which this browser does not offer (or has turned off). ' +
      'A current Chrome, Edge, Firefox or Safari runs it.');
  } else {
    const skipped = skippedLink();
    startHash = skipped ? '' : location.hash;
    if (startHash.length > 1) storageSet(PENDING_KEY, startHash);
    start(chooseBuild(), skipped).catch(function (e) {
      fail('The playground could not start', describe(e) + '. Reload the page.');
    });
  }
})();
