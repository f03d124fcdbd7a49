// window.attention.attendFast and memoryBytes in the real page: the wasm f32 kernels
// (core/kernels) against a double-precision JavaScript reference, in the threaded, the SIMD
// and the baseline build, the threaded build equal to itself on one thread, and bad arguments answered by a thrown Error while the page keeps working.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { launchBrowser, openPlayground, startServer, waitReady } from './harness.mjs';

// Runs in the page: random inputs, attendFast for each path, and the largest difference
// from a double-precision reference, relative to max(1, |reference|).
function compareInPage({ nq, nk, d, dv, causal, seed }) {
  let s = seed >>> 0;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2147483648 - 1) * 2;
  const make = (n) => Float32Array.from({ length: n }, rand);
  const Q = make(nq * d), K = make(nk * d), V = make(nk * dv);
  const ref = new Float64Array(nq * dv);
  for (let i = 0; i < nq; ++i) {
    const end = causal ? Math.min(i + 1, nk) : nk;
    const w = [];
    let max = -Infinity;
    for (let j = 0; j < end; ++j) {
      let x = 0;
      for (let c = 0; c < d; ++c) x += Q[i * d + c] * K[j * d + c];
      w.push(x / Math.sqrt(d));
      max = Math.max(max, w[j]);
    }
    let sum = 0;
    for (let j = 0; j < end; ++j) sum += (w[j] = Math.exp(w[j] - max));
    for (let j = 0; j < end; ++j)
      for (let c = 0; c < dv; ++c) ref[i * dv + c] += (w[j] / sum) * V[j * dv + c];
  }
  const worst = {};
  for (const path of ['dense', 'tiled', 'auto']) {
    const out = window.attention.attendFast({ Q, K, V, nq, nk, d, dv, causal, path });
    if (!(out instanceof Float32Array) || out.length !== nq * dv) return { error: `${path}: bad output` };
    let e = 0;
    for (let t = 0; t < out.length; ++t) e = Math.max(e, Math.abs(out[t] - ref[t]) / Math.max(1, Math.abs(ref[t])));
    worst[path] = e;
  }
  return worst;
}

describe('window.attention.attendFast', { timeout: 300000 }, () => {
  let server;
  let browser;
  const opened = [];

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterEach(async () => {
    for (const { context } of opened.splice(0)) await context.close().catch(() => {});
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(query = '') {
    const session = await openPlayground(browser, server.url + query);
    opened.push(session);
    await waitReady(session.page);
    return session;
  }

  // The test server sends COOP/COEP, so the page picks the threaded build where the browser
  // has two cores; ?nothreads is the single-thread SIMD build, ?nosimd the baseline.
  const builds = { '': 'threads', '?nothreads': 'simd', '?nosimd': 'baseline' };
  for (const query of Object.keys(builds)) {
    test(`matches a double reference on odd sizes, masks and n = 1 (${builds[query]} build)`, async (t) => {
      const { page, problems } = await open(query);
      const info = await page.evaluate(() => window.attention.kernelInfo());
      const { build, cores } = await page.evaluate(() => ({
        build: window.attention.build, cores: navigator.hardwareConcurrency,
      }));
      t.diagnostic(`build ${build}, ${info.threads} thread(s), ${cores} cores`);
      assert.equal(build, query === '' && cores < 2 ? 'simd' : builds[query]);
      assert.equal(info.isa, query === '?nosimd' ? 'scalar' : 'wasm-simd128');
      assert.equal(info.threads, build === 'threads' ? Math.min(cores, 4) : 1);
      for (const c of [
        { nq: 1, nk: 1, d: 1, dv: 1, causal: false },
        { nq: 5, nk: 7, d: 3, dv: 2, causal: true },
        { nq: 37, nk: 53, d: 7, dv: 9, causal: false },
        { nq: 130, nk: 300, d: 64, dv: 64, causal: true },
      ]) {
        const worst = await page.evaluate(compareInPage, { ...c, seed: c.nq * 31 + c.nk });
        t.diagnostic(`${JSON.stringify(c)}: ${JSON.stringify(worst)}`);
        // Float32 kernels against double: see tests/native/test_kernels.cpp for the bound.
        for (const path of ['dense', 'tiled', 'auto']) assert.ok(worst[path] <= 2e-5, `${path}: ${worst[path]}`);
      }
      assert.deepEqual(problems, []);
    });
  }

  test('the threaded build gives the same output on every thread count, bit for bit', async (t) => {
    const { page, problems } = await open();
    const result = await page.evaluate(() => {
      const a = window.attention;
      let s = 7;
      const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2147483648 - 1) * 2;
      const make = (n) => Float32Array.from({ length: n }, rand);
      const nq = 301, nk = 517, d = 64, dv = 40;
      const args = { Q: make(nq * d), K: make(nk * d), V: make(nk * dv), nq, nk, d, dv };
      const differing = {};
      for (const path of ['dense', 'tiled'])
        for (const causal of [false, true]) {
          const one = a.attendFast({ ...args, path, causal, threads: 1 });
          for (const threads of [2, 3, 4]) {
            const many = a.attendFast({ ...args, path, causal, threads });
            differing[`${path} causal ${causal} ×${threads}`] = one.filter((x, i) => x !== many[i]).length;
          }
        }
      return { differing, build: a.build, threads: a.kernelInfo().threads };
    });
    t.diagnostic(`${result.build} build, ${result.threads} threads`);
    for (const [name, n] of Object.entries(result.differing)) assert.equal(n, 0, `${name}: ${n} entries differ`);
    assert.deepEqual(problems, []);
  });

  test('bad arguments throw an Error with a clear message and the page keeps working', async () => {
    const { page, problems } = await open();
    const messages = await page.evaluate(() => {
      const a = window.attention;
      const ok = { Q: new Float32Array(4), K: new Float32Array(6), V: new Float32Array(6), nq: 2, nk: 3, d: 2, dv: 2 };
      const cases = {
        notObject: () => a.attendFast(null),
        plainArray: () => a.attendFast({ ...ok, Q: [0, 0, 0, 0] }),
        wrongLength: () => a.attendFast({ ...ok, K: new Float32Array(5) }),
        zeroSize: () => a.attendFast({ ...ok, nq: 0, Q: new Float32Array(0) }),
        fraction: () => a.attendFast({ ...ok, d: 1.5 }),
        badPath: () => a.attendFast({ ...ok, path: 'fast' }),
        zeroThreads: () => a.attendFast({ ...ok, threads: 0 }),
        nan: () => a.attendFast({ ...ok, V: Float32Array.of(0, 0, NaN, 0, 0, 0) }),
        infinite: () => a.attendFast({ ...ok, Q: Float32Array.of(0, Infinity, 0, 0) }),
        tooLargeDense: () => a.attendFast({ Q: new Float32Array(30000), K: new Float32Array(30000),
          V: new Float32Array(30000), nq: 30000, nk: 30000, d: 1, dv: 1, path: 'dense' }),
      };
      const out = {};
      for (const [name, f] of Object.entries(cases)) {
        try {
          f();
          out[name] = 'no error';
        } catch (e) {
          out[name] = e instanceof Error ? e.message : `not an Error: ${String(e)}`;
        }
      }
      out.after = Array.from(a.attendFast(ok)).every((x) => x === 0);
      out.memory = a.memoryBytes();
      return out;
    });
    assert.match(messages.notObject, /^attendFast expects/);
    assert.match(messages.plainArray, /Q must be a Float32Array/);
    assert.match(messages.wrongLength, /K has 5 entries, expected 3 × 2 = 6/);
    assert.match(messages.zeroSize, /nq must be a positive integer/);
    assert.match(messages.fraction, /d must be a positive integer/);
    assert.match(messages.badPath, /path must be "dense", "tiled" or "auto"/);
    assert.match(messages.zeroThreads, /threads must be a positive integer/);
    assert.match(messages.nan, /V\[2\] is not a finite number/);
    assert.match(messages.infinite, /Q\[1\] is not a finite number/);
    assert.match(messages.tooLargeDense, /use path "tiled"/);
    assert.equal(messages.after, true, 'zero inputs still give zero outputs afterwards');
    assert.ok(messages.memory >= 16 * 65536 && messages.memory % 65536 === 0, `memoryBytes ${messages.memory}`);
    assert.deepEqual(problems, []);
  });
});
