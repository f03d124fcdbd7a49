// End-to-end tests of the playground page in headless Chromium: it loads without errors,
// draws crisp non-blank frames at devicePixelRatio 2, and window.attention reads and
// replaces the state (rejecting garbage); the baseline (?nosimd) build loads and agrees, and
// a browser without WebGL 2 or WebAssembly gets a message. Real mouse and keyboard input on
// the canvas (widgets found through window.attention.itemRect) drags a Q cell, picks a
// scoring kind (checked against build/src/attention-cli eval; AP_CLI overrides the path)
// and types garbage and NaN into a cell; links restore states (attention-cli url-encode),
// and hostile hashes fall back to the default with a notice. Run through run.mjs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import {
  artifactPath, click, frames, imageStats, itemRect, launchBrowser, openPlayground, repoRoot,
  startServer, waitReady,
} from './harness.mjs';

// The native command-line tool, the reference for what the page computes (AP_CLI overrides).
const cliPath = process.env.AP_CLI || path.join(repoRoot, 'build', 'src', 'attention-cli');

// Runs `attention-cli <command> <state as a temporary JSON file>` and returns its stdout.
function cli(command, state) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ap-browser-'));
  try {
    const file = path.join(dir, 'state.json');
    writeFileSync(file, JSON.stringify(state));
    return execFileSync(cliPath, [command, file], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Every number in a (nested) JSON value, to look for NaN, infinities or nulls.
function allNumbers(value, out = []) {
  if (Array.isArray(value)) value.forEach((v) => allNumbers(v, out));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((v) => allNumbers(v, out));
  else out.push(value);
  return out;
}

// weights is (n_q × n_k) with one head, (h × n_q × n_k) with several: all rows either way.
function weightRows(result) {
  const w = result.weights;
  return Array.isArray(w[0]?.[0]) ? w.flat() : w;
}

// --- Real mouse and keyboard on the canvas -------------------------------------------------
// window.attention.itemRect(name) (the test hook in src/ui/test_hooks.h) says where a widget
// was drawn in the latest frame. Dear ImGui 1.86's GLFW backend samples button and key state
// once per frame, so every press and release gets frames of its own.

function centre(r) {
  return { x: r.x + r.w / 2, y: r.y + r.h / 2 };
}

// Opens a matrix cell for typing ("<name>:typing" appears) with a real double-click. Each
// mouse event reaches the page between two frames, so ImGui sees press, release, press in
// consecutive frames; SwiftShader frames take 120-250 ms here (more while other browser
// tests share the 2 cores), against ImGui's 0.3 s double-click time, so a double-click that
// ImGui saw as two clicks is retried, and after `attempts` the cell's other way in is used:
// the click has focused it, and Enter opens it. Returns how the cell was opened.
async function openForTyping(page, name, attempts = 3) {
  const { x, y } = centre(await itemRect(page, name));
  const typing = () => page.evaluate((n) => window.attention.itemRect(n), `${name}:typing`);
  await page.mouse.move(x, y);
  await frames(page, 2);
  for (let i = 1; i <= attempts; ++i) {
    await page.mouse.down();
    await page.mouse.up();
    await page.mouse.down();
    await page.mouse.up();
    await frames(page, 3);
    if (await typing()) return `double-click, attempt ${i}`;
    await frames(page, 4);  // let ImGui forget the clicks before the next try
  }
  await pressEnter(page);
  if (await typing()) return `click + Enter after ${attempts} slow double-clicks`;
  throw new Error(`neither double-clicking ${name} nor Enter opened it for typing`);
}

// Enter, held for one frame: ImGui 1.86's GLFW backend samples keys once per frame (a press
// and release between two frames is lost), and a longer hold can auto-repeat.
async function pressEnter(page) {
  await page.keyboard.down('Enter');
  await frames(page, 1);
  await page.keyboard.up('Enter');
  await frames(page, 3);
}

// Presses and drags the widget `dx` CSS pixels sideways in `steps` moves.
async function dragSideways(page, name, dx, steps = 8) {
  const { x, y } = centre(await itemRect(page, name));
  await page.mouse.move(x, y);
  await frames(page, 2);
  await page.mouse.down();
  await frames(page, 2);
  for (let i = 1; i <= steps; ++i) {
    await page.mouse.move(x + (dx * i) / steps, y);
    await frames(page, 1);
  }
  await page.mouse.up();
  await frames(page, 3);
}

// Types `text` into the focused text field and presses Enter.
async function typeAndEnter(page, text) {
  await page.keyboard.type(text);
  await frames(page, 2);
  await pressEnter(page);
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
    // The test server sends COOP/COEP (scripts/serve.py): with two cores the page picks the
    // threaded SIMD build, else the SIMD build.
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    assert.equal(build, cores >= 2 ? 'threads' : 'simd',
      'Chromium supports wasm SIMD (and threads when isolated), so that build is chosen');
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

  test('a mouse drag on a Q cell changes the weights', async (t) => {
    const { page, problems } = await open();
    await waitReady(page);
    await frames(page, 3);
    const before = await page.evaluate(() => window.attention.getResult());
    const q0 = (await page.evaluate(() => window.attention.getState())).Q;
    const cell = await itemRect(page, 'Q[1,1]');
    t.diagnostic(`Q[1,1] drawn at (${cell.x.toFixed(0)}, ${cell.y.toFixed(0)}) ${cell.w.toFixed(0)}×${cell.h.toFixed(0)} CSS px`);
    assert.ok(cell.w > 10 && cell.h > 10 && cell.y + cell.h < 800, 'the Q cell is on screen');
    await dragSideways(page, 'Q[1,1]', 80);
    const state = await page.evaluate(() => window.attention.getState());
    const afterResult = await page.evaluate(() => window.attention.getResult());
    t.diagnostic(`Q[1,1]: ${q0[0][0]} → ${state.Q[0][0]}`);
    assert.ok(state.Q[0][0] > q0[0][0] + 0.2, `dragging right raised Q[1,1] (${q0[0][0]} → ${state.Q[0][0]})`);
    assert.deepEqual(state.Q.slice(1), q0.slice(1), 'the other rows of Q are untouched');
    assert.ok(maxAbsDiff(before.weights, afterResult.weights) > 1e-3, 'weights changed');
    await page.screenshot({ path: artifactPath('after-drag-q-cell.png') });
    assert.deepEqual(problems, []);
  });

  test('choosing a scoring kind with clicks on the combo gives what attention-cli eval gives', async (t) => {
    if (!existsSync(cliPath)) {
      t.skip(`no ${cliPath}: build the native attention-cli (or set AP_CLI)`);
      return;
    }
    const { page, problems } = await open();
    await waitReady(page);
    await frames(page, 3);
    const before = await page.evaluate(() => window.attention.getResult());
    assert.equal((await page.evaluate(() => window.attention.getState())).scoring, 'scaled_dot');
    await click(page, 'scoring');
    await frames(page, 3);
    await click(page, 'scoring:dot');
    assert.equal(await page.evaluate(() => window.attention.itemRect('scoring:dot')), null, 'the combo closed');
    const state = await page.evaluate(() => window.attention.getState());
    assert.equal(state.scoring, 'dot');
    const result = await page.evaluate(() => window.attention.getResult());
    assert.ok(maxAbsDiff(before.weights, result.weights) > 1e-6, 'the weights changed');
    const reference = JSON.parse(cli('eval', state));
    const dw = maxAbsDiff(result.weights, reference.weights);
    const dout = maxAbsDiff(result.output, reference.output);
    t.diagnostic(`page vs attention-cli eval: weights ${dw.toExponential(2)}, output ${dout.toExponential(2)}`);
    assert.ok(dw <= 1e-9, `weights differ by ${dw}`);
    assert.ok(dout <= 1e-9, `output differs by ${dout}`);
    assert.deepEqual(problems, []);
  });

  test('a link with a state in its hash (attention-cli url-encode) restores that state', async (t) => {
    if (!existsSync(cliPath)) {
      t.skip(`no ${cliPath}: build the native attention-cli (or set AP_CLI)`);
      return;
    }
    const first = await open();
    await waitReady(first.page);
    const state = await first.page.evaluate(() => window.attention.getState());
    await closePages();
    state.Q = state.Q.map((row, i) => row.map((x, j) => ((i + 2 * j) % 5) * 0.25 - 0.5));
    state.temperature = 1.5;
    state.mask = 'causal';
    const link = cli('url-encode', state).trim();
    const expected = JSON.parse(execFileSync(cliPath, ['url-decode', link], { encoding: 'utf8' }));
    t.diagnostic(`url form: ${link.length} characters`);
    const { page, problems } = await open('#' + link);
    await waitReady(page);
    const restored = await page.evaluate(() => window.attention.getState());
    assert.deepEqual(restored, expected, 'the page holds the state the link encodes');
    assert.ok(maxAbsDiff(restored.Q, state.Q) < 1e-9, 'Q restored');
    assert.equal(restored.temperature, 1.5);
    assert.equal(restored.mask, 'causal');
    assert.equal(await page.evaluate(() => window.attention.getNotice()), '', 'no notice');
    assert.deepEqual(problems, []);
  });

  test('a hostile hash falls back to the default example with a visible notice', async (t) => {
    const plain = await open();
    await waitReady(plain.page);
    const defaults = await plain.page.evaluate(() => window.attention.getState());
    await closePages();
    let garbage = '';
    for (let i = 0; garbage.length < 200 * 1024; ++i) garbage += 'Q=;,&x%Z'[(i * 7919) % 8] + String.fromCharCode(97 + (i % 26));
    const hostile = [
      ['Q=nan', 'Q=nan&K=1&V=1'],
      ['%%%', '%%%'],
      ['200 KB of garbage', garbage],
      ['<script>', '<script>alert(1)</script>'],
      ['Q=1e999', 'Q=1e999&K=1&V=1'],
    ];
    for (const [label, hash] of hostile) {
      const { page, problems } = await open('#' + hash);
      await waitReady(page);
      await frames(page, 3);
      const notice = await page.evaluate(() => window.attention.getNotice());
      t.diagnostic(`#${label}: "${notice.slice(0, 160)}"`);
      assert.ok(notice.length > 0, `a notice for #${label}`);
      assert.deepEqual(await page.evaluate(() => window.attention.getState()), defaults, `#${label} shows the default`);
      const numbers = allNumbers(await page.evaluate(() => window.attention.getResult()));
      assert.ok(numbers.every((x) => typeof x !== 'number' || Number.isFinite(x)), 'a finite result');
      if (label === 'Q=nan') await page.screenshot({ path: artifactPath('hostile-hash-notice.png') });
      if (label === '200 KB of garbage') await page.screenshot({ path: artifactPath('hostile-hash-200kb.png') });
      assert.deepEqual(problems, [], `no console errors for #${label}`);
      await closePages();
    }
  });

  test('typing garbage or NaN into a Q cell keeps the result and shows a notice', async (t) => {
    const { page, problems } = await open();
    await waitReady(page);
    await frames(page, 3);
    const state0 = await page.evaluate(() => JSON.stringify(window.attention.getState()));
    const result0 = await page.evaluate(() => JSON.stringify(window.attention.getResult()));
    for (const text of ['abc', 'nan']) {
      const how = await openForTyping(page, 'Q[1,2]');
      await typeAndEnter(page, text);
      assert.equal(await page.evaluate(() => window.attention.itemRect('Q[1,2]:typing')), null, 'Enter closed the text field');
      const notice = await page.evaluate(() => window.attention.getNotice());
      t.diagnostic(`typed "${text}" (opened by ${how}): "${notice}"`);
      assert.ok(notice.length > 0, `a notice after typing ${text}`);
      assert.equal(await page.evaluate(() => JSON.stringify(window.attention.getState())), state0, `${text} leaves the state`);
      const resultText = await page.evaluate(() => JSON.stringify(window.attention.getResult()));
      assert.equal(resultText, result0, `${text} leaves the result`);
      assert.ok(!/nan|null|inf/i.test(resultText.replace(/"[^"]*"/g, '')), 'no NaN in getResult()');
      if (text === 'abc') assert.match(notice, /not a number/);
      if (text === 'nan') await page.screenshot({ path: artifactPath('typed-nan-notice.png') });
    }
    // The cell is a drag cell again and still takes a good number.
    await openForTyping(page, 'Q[1,2]');
    await typeAndEnter(page, '0.75');
    assert.equal((await page.evaluate(() => window.attention.getState())).Q[0][1], 0.75);
    assert.equal(await page.evaluate(() => window.attention.getNotice()), '');
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
