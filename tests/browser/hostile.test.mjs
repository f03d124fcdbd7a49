// Browser tests of issue 9, one per defect with its exact reproduction: the page stays
// alive and keeps drawing, and window.attention answers {ok: false, error} with a message
// that names the limit. Also: crash recovery (a trap shows a message with a way back, a
// link that crashed is not applied again), the SIMD-404 and loader fallbacks, and the
// Content-Security-Policy. Run through run.mjs (CTest: browser.hostile).
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import {
  artifactPath, frames, itemRect, launchBrowser, openPlayground, startServer, waitReady,
} from './harness.mjs';

const zeros = (n) => Array(n).fill(0).join(',');
const zeroRows = (rows, cols) => Array.from({ length: rows }, () => Array(cols).fill(0));

// The page keeps drawing: `n` more animation frames arrive, and the API still answers.
async function assertAlive(page, what) {
  await frames(page, 3);
  const state = await page.evaluate(() => window.attention.getState());
  assert.ok(Array.isArray(state.Q), `getState answers after ${what}`);
  assert.equal(await page.isHidden('#message'), true, `no crash message after ${what}`);
}

function centre(r) {
  return { x: r.x + r.w / 2, y: r.y + r.h / 2 };
}

// Opens a cell for typing: double-click, or (when SwiftShader's slow frames split it into
// two clicks) the click's focus and Enter, as in playground.test.mjs.
async function openForTyping(page, name) {
  const { x, y } = centre(await itemRect(page, name));
  const typing = () => page.evaluate((n) => window.attention.itemRect(n), `${name}:typing`);
  await page.mouse.move(x, y);
  await frames(page, 2);
  for (let i = 0; i < 3; ++i) {
    await page.mouse.down();
    await page.mouse.up();
    await page.mouse.down();
    await page.mouse.up();
    await frames(page, 3);
    if (await typing()) return;
    await frames(page, 4);
  }
  await pressEnter(page);
  assert.ok(await typing(), `${name} opened for typing`);
}

async function pressEnter(page) {
  await page.keyboard.down('Enter');
  await frames(page, 1);
  await page.keyboard.up('Enter');
  await frames(page, 3);
}

describe('hostile input (issue 9)', { timeout: 600000 }, () => {
  let server;
  let browser;
  const opened = [];

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

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

  test('1. the 515-character link with 127 zeros in Q and K opens the default with a notice', async (t) => {
    const link = `#Q=${zeros(127)}&K=${zeros(127)}&V=0`;
    assert.equal(link.length - 1, 515);
    const { page, problems } = await open(link);
    await waitReady(page);
    await assertAlive(page, 'the link');
    const notice = await page.evaluate(() => window.attention.getNotice());
    t.diagnostic(`notice: "${notice}"`);
    assert.match(notice, /127/);
    assert.match(notice, /at most 63 wide/);
    assert.deepEqual(problems, []);
  });

  test('1. setState with widths 64–1024 in Q, K, W or W_o is refused, the widest allowed state draws', async (t) => {
    const { page, problems } = await open();
    await waitReady(page);
    for (const width of [64, 127, 128, 200, 256, 1024]) {
      const cases = {
        Q: { Q: zeroRows(2, width), K: zeroRows(2, width), V: zeroRows(2, 1) },
        W: { Q: zeroRows(2, 2), K: zeroRows(2, 2), V: zeroRows(2, 1), scoring: 'general', W: zeroRows(2, width) },
        Wo: { Q: zeroRows(2, 1), K: zeroRows(2, 1), V: zeroRows(2, 1), Wo: zeroRows(1, width) },
      };
      for (const [name, state] of Object.entries(cases)) {
        const reply = await page.evaluate((s) => window.attention.setState(s), state);
        assert.equal(reply.ok, false, `${name} width ${width}`);
        assert.match(reply.error, new RegExp(`has width ${width}; a matrix is at most 63 wide`));
      }
    }
    await assertAlive(page, 'wide states');
    // A 700 × 700 W in a ~1 MB link is refused by width too.
    const big = await page.evaluate((w) => window.attention.setState(w),
      { Q: zeroRows(2, 700), K: zeroRows(2, 700), V: zeroRows(2, 1), scoring: 'general', W: zeroRows(700, 700) });
    assert.equal(big.ok, false);
    const widest = await page.evaluate((s) => window.attention.setState(s),
      { Q: zeroRows(4, 63), K: zeroRows(4, 63), V: zeroRows(4, 63), scoring: 'general', W: zeroRows(63, 63), Wo: zeroRows(63, 63) });
    assert.deepEqual(widest, { ok: true });
    await assertAlive(page, 'the widest state');
    await page.screenshot({ path: artifactPath('hostile-widest-state.png') });
    const stats = await page.evaluate(() => window.attention.frameStats());
    t.diagnostic(`widest state: ${stats.uiCells} matrix cells drawn in a frame`);
    assert.deepEqual(problems, []);
  });

  test('2. setState with a cut "é" quote answers {ok: false}, 6000 times, and openLesson too', async (t) => {
    const { page, problems } = await open();
    await waitReady(page);
    const { first, failures } = await page.evaluate(() => {
      const state = { Q: [[1]], K: [[1]], V: [[1]], temperature: 'é'.repeat(30) };
      const first = window.attention.setState(state);
      let failures = 0;
      for (let i = 0; i < 6000; ++i) if (window.attention.setState(state).ok !== false) ++failures;
      return { first, failures };
    });
    t.diagnostic(`error: "${first.error}"`);
    assert.equal(first.ok, false);
    assert.match(first.error, /temperature must be a number/);
    assert.ok(first.error.includes('é'), 'the quote keeps whole characters');
    assert.ok(!first.error.includes('\uFFFD'), 'no replacement character from a cut');
    assert.equal(failures, 0);
    const lesson = await page.evaluate(() => window.attention.openLesson('é'.repeat(30), 1));
    assert.equal(lesson.ok, false);
    assert.ok(lesson.error.length > 0);
    await assertAlive(page, '6000 refusals');
    assert.deepEqual(problems, []);
  });

  test('3. openLesson and itemRect with 3 million characters answer, and the API lives on', async () => {
    const { page, problems } = await open();
    await waitReady(page);
    const lesson = await page.evaluate(() => window.attention.openLesson('a'.repeat(3e6)));
    assert.equal(lesson.ok, false);
    assert.match(lesson.error, /limit is 256 bytes/);
    assert.equal(await page.evaluate(() => window.attention.itemRect('a'.repeat(3e6))), null);
    const again = await page.evaluate(() => window.attention.openLesson('masks', 1));
    assert.deepEqual(again, { ok: true });
    await assertAlive(page, 'huge strings');
    assert.deepEqual(problems, []);
  });

  test('4. a 50 MB setState is refused before it is copied; memory stays small', async (t) => {
    const { page, problems } = await open();
    await waitReady(page);
    const before = await page.evaluate(() => window.Module.HEAP8.length);
    const reply = await page.evaluate(() => {
      const row = '[' + Array(1000).fill('0.125').join(',') + ']';
      const text = '{"Q":[' + Array(8400).fill(row).join(',') + '],"K":[[1]],"V":[[1]]}';
      return { length: text.length, reply: window.attention.setState(text) };
    });
    const afterBytes = await page.evaluate(() => window.Module.HEAP8.length);
    t.diagnostic(`${reply.length} characters: "${reply.reply.error}"; wasm memory ${before} → ${afterBytes} bytes`);
    assert.ok(reply.length > 50e6);
    assert.equal(reply.reply.ok, false);
    assert.match(reply.reply.error, /limit is 8388608 bytes/);
    assert.equal(afterBytes, before, 'wasm memory did not grow');
    const next = await page.evaluate(() => window.attention.setState({ Q: [[1]], K: [[1]], V: [[1]] }));
    assert.deepEqual(next, { ok: true });
    await assertAlive(page, 'the 50 MB state');
    assert.deepEqual(problems, []);
  });

  test('5. a state with 4096 queries draws at most 40 rows of each matrix and 64 token chips per frame', async (t) => {
    const { page, problems } = await open();
    await waitReady(page);
    // Tall enough that the editors are in view (cells out of view are not drawn at all).
    await page.setViewportSize({ width: 1280, height: 2400 });
    const limits = await page.evaluate(() => window.attention.limits);
    const reply = await page.evaluate((s) => window.attention.setState(s),
      { Q: zeroRows(4096, 60), K: zeroRows(4, 60), V: zeroRows(4, 60) });
    assert.deepEqual(reply, { ok: true });
    const started = Date.now();
    await frames(page, 5);
    const stats = await page.evaluate(() => window.attention.frameStats());
    t.diagnostic(`Q 4096 × 60: ${stats.uiCells} matrix cells drawn per frame (limit ` +
      `${limits.maxUiCellsPerFrame}); 5 frames in ${Date.now() - started} ms (SwiftShader)`);
    assert.ok(stats.uiCells > 0 && stats.uiCells <= limits.maxUiCellsPerFrame);
    assert.ok(stats.uiCells <= 3 * 40 * 60 + 2 * 64, 'only the rows in view and 64 token chips are drawn');
    // W or W_o 1024 × 1024 and Q 4096 × 1024 are refused (width) before any frame.
    const wide = await page.evaluate((s) => window.attention.setState(s),
      { Q: zeroRows(4096, 1024), K: zeroRows(4, 1024), V: zeroRows(4, 1) });
    assert.equal(wide.ok, false);
    await assertAlive(page, 'a tall state');
    assert.deepEqual(problems, []);
  });

  test('8. spaces typed into a cell keep its value with a notice; hex floats in a link are refused', async () => {
    const { page, problems } = await open();
    await waitReady(page);
    const q0 = (await page.evaluate(() => window.attention.getState())).Q[0][1];
    await openForTyping(page, 'Q[1,2]');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('   ');
    await frames(page, 2);
    await pressEnter(page);
    assert.equal((await page.evaluate(() => window.attention.getState())).Q[0][1], q0);
    assert.match(await page.evaluate(() => window.attention.getNotice()), /not a number \(the cell is blank\)/);
    await closePages();
    const hex = await open('#Q=0x1p3&K=1&V=1');
    await waitReady(hex.page);
    assert.match(await hex.page.evaluate(() => window.attention.getNotice()), /Q row 0, column 0 must be a number/);
    assert.deepEqual(problems, []);
  });

  test('crash: a trap shows a message with a way back; the crashing link is not applied again', async () => {
    const link = '#Q=0.5&K=1&V=1';
    const { page } = await open(link);
    await waitReady(page);
    assert.deepEqual((await page.evaluate(() => window.attention.getState())).Q, [[0.5]]);
    // A trap in an animation frame, as a trap in the main loop would be (no onAbort).
    await page.evaluate(() => requestAnimationFrame(() => window.Module._ap_js_set_state(0x7ffffff0)));
    await page.waitForSelector('#message', { state: 'visible', timeout: 10000 });
    assert.match(await page.textContent('#message-title'), /stopped/);
    assert.match(await page.textContent('#message-text'), /memory access out of bounds/);
    assert.equal(await page.isVisible('#message-restart'), true);
    assert.equal(await page.isVisible('#message-retry'), true);
    const answer = await page.evaluate(() => window.attention.setState({ Q: [[1]], K: [[1]], V: [[1]] }));
    assert.equal(answer.ok, false, 'the API answers after the crash');
    await page.screenshot({ path: artifactPath('hostile-crash-message.png') });

    // Loading the same link again opens the default example and offers the link.
    await page.reload();
    await waitReady(page);
    await page.waitForSelector('#link-notice', { state: 'visible', timeout: 10000 });
    const state = await page.evaluate(() => window.attention.getState());
    assert.notDeepEqual(state.Q, [[0.5]], 'the crashing link was not applied');
    await page.screenshot({ path: artifactPath('hostile-crash-link-skipped.png') });

    // "Try the link anyway" applies it.
    await Promise.all([page.waitForEvent('load'), page.click('#link-notice-try')]);
    await waitReady(page);
    assert.deepEqual((await page.evaluate(() => window.attention.getState())).Q, [[0.5]]);
    assert.equal(await page.isHidden('#link-notice'), true);

    // After another crash, "Start again" opens the default example without the link.
    await page.evaluate(() => requestAnimationFrame(() => window.Module._ap_js_set_state(0x7ffffff0)));
    await page.waitForSelector('#message-restart', { state: 'visible', timeout: 10000 });
    await Promise.all([page.waitForEvent('load'), page.click('#message-restart')]);
    await waitReady(page);
    assert.notDeepEqual((await page.evaluate(() => window.attention.getState())).Q, [[0.5]]);
    assert.equal(await page.isHidden('#link-notice'), true);
  });

  // The test server is cross-origin isolated, so the page starts with the threaded build:
  // a missing .wasm falls back one build at a time.
  for (const [missing, expected] of [[/attention_playground_threads\.wasm$/, 'simd'],
    [/attention_playground_(threads|simd)\.wasm$/, 'baseline']]) {
    test(`8. a 404 on ${missing.source.includes('simd') ? 'the threaded and the SIMD' : 'the threaded'} .wasm falls back to the ${expected} build`, async () => {
      const context = await browser.newContext();
      opened.push({ context });
      await context.route(missing, (route) => route.fulfill({ status: 404, body: 'gone' }));
      const page = await context.newPage();
      await page.goto(server.url);
      const { build } = await waitReady(page);
      assert.equal(build, expected);
      await assertAlive(page, 'the fallback');
    });
  }

  test('8. a WebAssembly.validate that throws loads the baseline build', async () => {
    const { page } = await open('', {
      init: () => { WebAssembly.validate = () => { throw new Error('validate is broken'); }; },
    });
    const { build } = await waitReady(page);
    assert.equal(build, 'baseline');
  });

  test('8. a loader.js that fails to load leaves a message, not "Loading…" for good', async () => {
    const context = await browser.newContext();
    opened.push({ context });
    await context.route(/loader\.js$/, (route) => route.fulfill({ status: 404, body: 'gone' }));
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('#message', { state: 'visible', timeout: 10000 });
    assert.match(await page.textContent('#message'), /loader\.js did not load/);
    assert.equal(await page.isHidden('#loading'), true);
  });

  test('9. the page and the dev server set a strict Content-Security-Policy and nosniff', async () => {
    const { page, problems } = await open();
    // The headers by a plain request: a second navigation would abort the first load's requests.
    const response = await page.request.get(server.url);
    const headers = response.headers();
    assert.match(headers['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);
    assert.equal(headers['x-content-type-options'], 'nosniff');
    const meta = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.equal(meta, headers['content-security-policy']);
    await waitReady(page);
    await frames(page, 3);
    assert.deepEqual(problems, [], 'no CSP violation while loading and drawing');
  });
});
