// Wheel and touch on the real page (web/input.js in front of Emscripten's GLFW): a wheel
// turned down moves a long panel's content up, by a few lines a notch; one finger dragged on
// a Q cell changes the weights; a tap on a cell opens the on-screen number field and what is
// typed there lands in the cell; a swipe on a panel's background scrolls it; an untouched
// tab stops drawing; after one visit the page reloads offline.
// Run: node run.mjs input.test.mjs
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import {
  artifactPath, frames, itemRect, launchBrowser, startServer, waitReady,
} from './harness.mjs';

describe('wheel and touch', { timeout: 300000 }, () => {
  let server;
  let browser;
  const opened = [];

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterEach(async () => {
    for (const context of opened.splice(0)) await context.close().catch(() => {});
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(hash, { width = 1280, height = 800, touch = false } = {}) {
    const context = await browser.newContext({
      viewport: { width, height }, deviceScaleFactor: 1, hasTouch: touch, isMobile: touch,
    });
    opened.push(context);
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${server.url}#${hash}`);
    await waitReady(page);
    await frames(page, 3);
    return { page, problems };
  }

  // One finger from (x, y) by (dx, dy) in `steps` moves, each given frames to be seen.
  async function touchDrag(page, x, y, dx, dy, steps = 8) {
    const cdp = await page.context().newCDPSession(page);
    const point = (px, py) => [{ x: px, y: py, id: 1, radiusX: 2, radiusY: 2, force: 1 }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(x, y) });
    await frames(page, 4);
    for (let i = 1; i <= steps; ++i) {
      await cdp.send('Input.dispatchTouchEvent',
        { type: 'touchMove', touchPoints: point(x + (dx * i) / steps, y + (dy * i) / steps) });
      await frames(page, 1);
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await frames(page, 6);
    await cdp.detach();
  }

  const state = (page) => page.evaluate(() => window.attention.getState());

  test('the wheel turned down moves a long panel\'s content up, a few lines a notch', async (t) => {
    const { page, problems } = await open('lesson=what-is-attention&step=1', { height: 600 });
    const before = await itemRect(page, 'lesson:prose');
    await page.mouse.move(before.x + 20, 250);
    await frames(page, 2);
    await page.mouse.wheel(0, 100);  // one notch down, as Chrome reports it
    await frames(page, 4);
    const after = await itemRect(page, 'lesson:prose');
    t.diagnostic(`one notch down: the prose's last word moved from y = ${before.y.toFixed(0)} to ${after.y.toFixed(0)}`);
    assert.ok(after.y < before.y - 20, 'the content moved up (natural direction)');
    assert.ok(after.y > before.y - 300, 'by a few lines, not to the end');
    await page.mouse.wheel(0, -100);
    await frames(page, 4);
    const back = await itemRect(page, 'lesson:prose');
    assert.ok(Math.abs(back.y - before.y) < 2, 'a notch up brings it back');
    assert.deepEqual(problems, []);
  });

  test('one finger dragged on a Q cell changes the weights', async (t) => {
    const { page, problems } = await open('', { touch: true });
    const q0 = (await state(page)).Q;
    const w0 = (await page.evaluate(() => window.attention.getResult())).weights;
    const r = await itemRect(page, 'Q[1,1]');
    await touchDrag(page, r.x + r.w / 2, r.y + r.h / 2, 80, 0);
    const q1 = (await state(page)).Q;
    const w1 = (await page.evaluate(() => window.attention.getResult())).weights;
    t.diagnostic(`Q[1,1]: ${q0[0][0]} → ${q1[0][0]}`);
    assert.ok(q1[0][0] > q0[0][0] + 0.2, 'dragging right raised Q[1,1]');
    assert.notDeepEqual(w1, w0, 'the weights changed');
    assert.equal(await page.isHidden('#numeric-entry'), true, 'a drag is not a tap');
    assert.deepEqual(problems, []);
  });

  test('a tap on a cell opens the number field; what is typed lands in the cell', async () => {
    const { page, problems } = await open('', { touch: true });
    const r = await itemRect(page, 'Q[1,2]');
    await page.touchscreen.tap(r.x + r.w / 2, r.y + r.h / 2);
    await page.waitForSelector('#numeric-entry', { state: 'visible', timeout: 5000 });
    const box = await page.locator('#numeric-entry').boundingBox();
    assert.ok(Math.abs(box.y - r.y) < r.h, 'the field sits over the cell');
    assert.equal(await page.getAttribute('#numeric-entry', 'inputmode'), 'decimal');
    await page.fill('#numeric-entry', '0.75');
    await page.press('#numeric-entry', 'Enter');
    await frames(page, 4);
    assert.equal((await state(page)).Q[0][1], 0.75);
    assert.equal(await page.isHidden('#numeric-entry'), true);
    await page.screenshot({ path: artifactPath('touch-typed-cell.png') });
    assert.deepEqual(problems, []);
  });

  test('an untouched tab stops drawing, and input wakes it', async (t) => {
    const { page, problems } = await open('');
    await page.waitForTimeout(1500);
    const a = await page.evaluate(() => window.attention.framesDrawn());
    await page.waitForTimeout(1500);
    const b = await page.evaluate(() => window.attention.framesDrawn());
    t.diagnostic(`frames drawn in 1.5 s of idling: ${b - a}`);
    assert.equal(b, a, 'no frame drawn while idle');
    await page.mouse.move(200, 200);
    await frames(page, 4);
    const c = await page.evaluate(() => window.attention.framesDrawn());
    assert.ok(c > b, 'a mouse move draws again');
    // A state change from JavaScript is drawn too.
    const st = await page.evaluate(() => window.attention.getState());
    st.temperature = 2;
    await page.evaluate((x) => window.attention.setState(x), st);
    await frames(page, 3);
    assert.ok(await page.evaluate(() => window.attention.framesDrawn()) > c);
    assert.deepEqual(problems, []);
  });

  test('after one visit the page reloads with the network gone (service worker)', async (t) => {
    const { page, problems } = await open('');
    await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null,
      null, { timeout: 30000 });
    const cached = await page.evaluate(async () => {
      const keys = await caches.keys();
      const cache = await caches.open(keys.find((k) => k.startsWith('attention-playground-')));
      return (await cache.keys()).map((r) => new URL(r.url).pathname);
    });
    t.diagnostic(`cached: ${cached.join(' ')}`);
    await page.context().setOffline(true);
    await page.reload();
    await waitReady(page);
    const result = await page.evaluate(() => window.attention.getResult());
    assert.ok(result.weights.length > 0, 'the playground runs offline');
    await page.context().setOffline(false);
    assert.deepEqual(problems, []);
  });

  test('a swipe up on a panel\'s text scrolls it', async (t) => {
    const { page, problems } = await open('lesson=what-is-attention&step=1', { height: 600, touch: true });
    const before = await itemRect(page, 'lesson:prose');
    // Prose has no widgets: a finger on it moves the panel.
    await touchDrag(page, before.x + 20, 300, 0, -200);
    const after = await itemRect(page, 'lesson:prose');
    t.diagnostic(`swipe up 200 px: the prose's last word moved from y = ${before.y.toFixed(0)} to ${after.y.toFixed(0)}`);
    assert.ok(after.y < before.y - 100, 'the panel scrolled with the finger');
    assert.deepEqual(problems, []);
  });
});
