// End-to-end tests of the playground page in headless Chromium: it loads without errors,
// draws crisp non-blank frames at devicePixelRatio 2, and window.attention reads and
// replaces the state (rejecting garbage); the baseline (?nosimd) build loads and agrees, and
// a browser without WebGL 2 or WebAssembly gets a message. Run through run.mjs.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import {
  artifactPath, frames, imageStats, launchBrowser, openPlayground, startServer, waitReady,
} from './harness.mjs';

// weights is (n_q × n_k) with one head, (h × n_q × n_k) with several: all rows either way.
function weightRows(result) {
  const w = result.weights;
  return Array.isArray(w[0]?.[0]) ? w.flat() : w;
}

function maxAbsDiff(a, b) {
  const fa = a.flat(Infinity);
  const fb = b.flat(Infinity);
  assert.equal(fa.length, fb.length, 'same number of values');
  return Math.max(0, ...fa.map((x, i) => Math.abs(x - fb[i])));
}

describe('the playground page', { timeout: 300000 }, () => {
  let server;
  let browser;
  const opened = [];

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  // Every open page keeps drawing (in software): close them as soon as a test is done.
  async function closePages() {
    for (const { context } of opened.splice(0)) await context.close().catch(() => {});
  }

  afterEach(closePages);

  after(async () => {
    await closePages();
    await browser?.close();
    await server?.close();
  });

  async function open(query = '', options = {}) {
    const session = await openPlayground(browser, server.url + query, options);
    opened.push(session);
    return session;
  }

  test('loads without console errors and window.attention.ready resolves', async (t) => {
    const { page, problems } = await open();
    const { build, readyMs } = await waitReady(page);
    await frames(page, 3);
    const nav = await page.evaluate(() => performance.getEntriesByType('navigation')[0].toJSON());
    t.diagnostic(`${build} build: navigation start → ready ${readyMs.toFixed(0)} ms ` +
      `(DOMContentLoaded ${nav.domContentLoadedEventEnd.toFixed(0)} ms)`);
    console.log(`page-load timing: navigation start -> ready ${readyMs.toFixed(0)} ms (${build} build)`);
    assert.equal(build, 'simd', 'Chromium supports wasm SIMD, so the SIMD build is chosen');
    assert.deepEqual(problems, []);
    assert.equal(await page.isHidden('#loading'), true, 'the loading overlay is gone');
    assert.equal(await page.isHidden('#message'), true, 'no error message');
    assert.equal(await page.getAttribute('#a11y', 'aria-live'), 'polite');
  });

  test('at devicePixelRatio 2 the canvas has device resolution and the frame is not blank', async (t) => {
    const { page, problems } = await open('', { dpr: 2 });
    await waitReady(page);
    await frames(page, 5);
    const size = await page.evaluate(() => {
      const c = document.getElementById('canvas');
      return { width: c.width, height: c.height, css: c.clientWidth, cssH: c.clientHeight };
    });
    assert.equal(size.width, size.css * 2, 'backing store width = CSS width × 2');
    assert.equal(size.height, size.cssH * 2, 'backing store height = CSS height × 2');
    const png = await page.screenshot({ path: artifactPath('playground-dpr2.png') });
    const stats = await imageStats(page, png);
    t.diagnostic(`screenshot ${stats.width}×${stats.height}, ${stats.colours} colours, ` +
      `${(stats.foreground * 100).toFixed(1)}% non-background pixels`);
    assert.equal(stats.width, 2560);
    assert.ok(stats.colours > 50, `only ${stats.colours} distinct colours: blank canvas?`);
    assert.ok(stats.foreground > 0.02, `only ${(stats.foreground * 100).toFixed(2)}% drawn`);
    assert.deepEqual(problems, []);
  });

  test('getResult returns weights whose rows sum to one', async () => {
    const { page } = await open();
    await waitReady(page);
    const result = await page.evaluate(() => window.attention.getResult());
    for (const key of ['scores', 'weights', 'output']) assert.ok(Array.isArray(result[key]), key);
    const rows = weightRows(result);
    assert.ok(rows.length > 0);
    const masked = new Set(result.fully_masked_rows ?? []);
    rows.forEach((row, i) => {
      if (masked.has(i)) return;
      const sum = row.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - 1) < 1e-9, `row ${i} sums to ${sum}`);
    });
  });

  test('setState with a new Q changes the result, the URL hash, and survives a reload', async () => {
    const { page, problems } = await open();
    await waitReady(page);
    const before = await page.evaluate(() => window.attention.getResult());
    const state = await page.evaluate(() => window.attention.getState());
    state.Q = state.Q.map((row, i) => row.map((x, j) => (i === j ? 3 : -0.5 * x)));
    const reply = await page.evaluate((s) => window.attention.setState(s), state);
    assert.deepEqual(reply, { ok: true });
    const afterResult = await page.evaluate(() => window.attention.getResult());
    assert.ok(maxAbsDiff(before.weights, afterResult.weights) > 1e-3, 'weights changed');
    assert.deepEqual((await page.evaluate(() => window.attention.getState())).Q, state.Q);

    await page.waitForFunction(() => location.hash.length > 1, null, { timeout: 5000 });
    const link = await page.evaluate(() => location.href);
    const reopened = await open(link.slice(server.url.length));
    await waitReady(reopened.page);
    const restored = await reopened.page.evaluate(() => window.attention.getState());
    assert.ok(maxAbsDiff(restored.Q, state.Q) < 1e-9, 'the link restores Q');
    assert.deepEqual(problems, []);
    assert.deepEqual(reopened.problems, []);
  });

  test('setState with garbage returns {ok: false, error} and keeps the state', async () => {
    const { page, problems } = await open();
    await waitReady(page);
    const kept = await page.evaluate(() => JSON.stringify(window.attention.getState()));
    const garbage = [
      '{not json',
      '',
      '{"Q": "banana", "K": [[1]], "V": [[1]]}',
      { Q: [[1, 2]], K: [[1]], V: [[1]] },
      { Q: [[1e400]], K: [[1]], V: [[1]] },
      42,
      null,
    ];
    for (const g of garbage) {
      const reply = await page.evaluate((x) => window.attention.setState(x), g);
      assert.equal(reply.ok, false, `accepted ${JSON.stringify(g)}`);
      assert.equal(typeof reply.error, 'string');
      assert.ok(reply.error.length > 0, `empty error for ${JSON.stringify(g)}`);
    }
    assert.equal(await page.evaluate(() => JSON.stringify(window.attention.getState())), kept);
    await frames(page, 2);
    assert.deepEqual(problems, []);
  });

  test('?nosimd loads the baseline build, which gives the same result', async (t) => {
    const simd = await open();
    await waitReady(simd.page);
    const a = await simd.page.evaluate(() => window.attention.getResult());
    await closePages();
    const { page, problems } = await open('?nosimd');
    const { build, readyMs } = await waitReady(page);
    t.diagnostic(`${build} build: navigation start → ready ${readyMs.toFixed(0)} ms`);
    console.log(`page-load timing: navigation start -> ready ${readyMs.toFixed(0)} ms (${build} build)`);
    assert.equal(build, 'baseline');
    const b = await page.evaluate(() => window.attention.getResult());
    assert.ok(maxAbsDiff(a.weights, b.weights) < 1e-6, 'SIMD and baseline weights agree');
    assert.deepEqual(problems, []);
  });

  test('without WebGL 2 the page explains itself instead of showing a blank canvas', async () => {
    const noWebGL2 = () => {
      const original = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
        return type === 'webgl2' ? null : original.call(this, type, ...rest);
      };
    };
    const { page } = await open('', { init: noWebGL2 });
    await page.waitForSelector('#message', { state: 'visible', timeout: 10000 });
    assert.match(await page.textContent('#message'), /WebGL 2/);
    assert.equal(await page.isHidden('#canvas'), true);
    await assert.rejects(page.evaluate(() => window.attention.ready), /WebGL 2/);
  });

  test('without WebAssembly the page explains itself', async () => {
    const { page } = await open('', { init: () => { delete window.WebAssembly; } });
    await page.waitForSelector('#message', { state: 'visible', timeout: 10000 });
    assert.match(await page.textContent('#message'), /WebAssembly/);
  });
});
