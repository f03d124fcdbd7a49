// End-to-end test of the scale lab in headless Chromium: the Models menu opens it (real
// clicks), Measure fills every size up to n = 1024 on the three paths a slice per frame
// while the page keeps drawing, the memory figures grow as n² for dense and about as n for
// tiled, raising n with the slider to 4096 makes the lab refuse dense for memory while tiled
// runs, and a window pattern in place of the stride changes the sparse cost and kept mass.
// The lesson "The cost of attention" opens with the lab's n slider in view at 1280×800 and
// on a 390×844 phone. Reports (figures, not assertions) each path's time and memory per n,
// the n where dense passes a 16.7 ms frame and the frame rate while measuring. Screenshots
// land in artifacts/.
// Run: node run.mjs scale_lab.test.mjs (CTest: browser.scale_lab)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  artifactPath, click, fps, frames, itemRect, launchBrowser, openPlayground, startServer, waitReady,
} from './harness.mjs';

const lab = (page) => page.evaluate(() => window.attention.getScaleLab());

// Waits (frame by frame, up to `limit` polls) until `ok(state)` holds; returns the state.
async function until(page, ok, limit = 3000) {
  let s = await lab(page);
  for (let i = 0; i < limit && !ok(s); ++i) {
    await frames(page, 2);
    s = await lab(page);
  }
  return s;
}

const row = (s, n, path) => s.rows.find((r) => r.n === n && r.path === path);

function table(s) {
  const sizes = [...new Set(s.rows.map((r) => r.n))].sort((a, b) => a - b);
  return sizes.map((n) => `n ${n}: ` + ['dense', 'tiled', 'sparse'].map((p) => {
    const r = row(s, n, p);
    if (!r) return `${p} –`;
    return r.status === 'refused' ? `${p} refused (${r.mib.toFixed(1)} MiB)`
      : `${p} ${r.ms.toFixed(2)} ms ${r.mib.toFixed(2)} MiB`;
  }).join(', ')).join('\n');
}

// Clicks the n slider where its value is `index` of the grid's `count` sizes (ImGui maps
// the grab's centre linearly over the slider minus one grab width).
async function setN(page, index, count) {
  const r = await itemRect(page, 'scale.n');
  const grab = Math.max(r.h * 0.6, 12);
  const x = r.x + grab / 2 + ((r.w - grab) * index) / (count - 1);
  await page.mouse.move(x, r.y + r.h / 2);
  await frames(page, 2);
  await page.mouse.down();
  await frames(page, 2);
  await page.mouse.up();
  await frames(page, 3);
}

describe('scale lab', { timeout: 900000 }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('Measure fills the plots a slice per frame; dense is refused where tiled runs', async (t) => {
    const { page, problems, context } = await openPlayground(browser, server.url);
    await waitReady(page);
    await frames(page, 3);
    await click(page, 'menu:models');
    await click(page, 'menu:models:scale');
    let s = await lab(page);
    assert.equal(s.open, true);
    assert.equal(s.n, 1024);
    assert.equal(s.rows.length, 0);
    for (const hook of ['scale.n', 'scale.time_plot', 'scale.memory_plot']) await itemRect(page, hook);

    await click(page, 'scale.measure');
    s = await until(page, (x) => x.running || x.rows.length > 0, 200);
    const rate = await fps(page, 2000);  // the page keeps drawing while the lab measures
    s = await until(page, (x) => !x.running);
    assert.equal(s.running, false);
    const sizes = [64, 91, 128, 181, 256, 362, 512, 724, 1024];
    for (const n of sizes)
      for (const p of ['dense', 'tiled', 'sparse']) {
        const r = row(s, n, p);
        assert.ok(r && r.status === 'done', `${p} at ${n}: ${JSON.stringify(r)}`);
        assert.ok(r.ms >= 0 && r.mib > 0);
      }
    // Dense memory grows as n² (4× per doubling of n; 3.2× at 512 → 1024 with the inputs,
    // 5.3 MiB against 1.6 MiB), tiled as n.
    const denseRatio = row(s, 1024, 'dense').mib / row(s, 512, 'dense').mib;
    const tiledRatio = row(s, 1024, 'tiled').mib / row(s, 512, 'tiled').mib;
    assert.ok(denseRatio > 3.1 && denseRatio < 4.1, `dense memory ×${denseRatio}`);
    assert.ok(tiledRatio > 1.8 && tiledRatio < 2.2, `tiled memory ×${tiledRatio}`);
    assert.ok(s.map_n === 1024 && s.mass_kept > 0 && s.mass_kept < 0.5, `stride 4 keeps ${s.mass_kept}`);
    assert.ok(Math.abs(s.sparse_cost - 0.25) < 1e-9, `stride 4 costs ${s.sparse_cost}`);
    t.diagnostic(`${rate.toFixed(1)} fps while measuring`);
    await page.screenshot({ path: artifactPath('scale-lab-1024.png') });

    // Raise n to 4096 with the slider (index 12 of 17 sizes).
    await setN(page, 12, 17);
    s = await lab(page);
    assert.equal(s.n, 4096, `slider gave n = ${s.n}`);
    s = await until(page, (x) => !x.running);
    assert.equal(s.dense_refused_n, 4096);
    const refused = row(s, 4096, 'dense');
    assert.equal(refused.status, 'refused');
    assert.match(refused.refusal, /dense attention at n = 4096 needs .* MiB .*budget of 64\.0 MiB/);
    assert.equal(row(s, 4096, 'tiled').status, 'done');
    assert.ok(row(s, 4096, 'tiled').mib < 64);
    assert.equal(row(s, 2896, 'dense').status, 'done');
    assert.ok(s.frame_n > 0, 'dense passes a 16.7 ms frame by n = 2896');
    t.diagnostic(`dense passes a 16.7 ms frame at n = ${s.frame_n}; dense refused at n = ${s.dense_refused_n}`);
    t.diagnostic(table(s));
    await page.screenshot({ path: artifactPath('scale-lab-4096.png') });

    // A window of 0 (the diagonal) in place of every 4th key: cost and kept mass follow.
    await click(page, 'scale.stride_on');
    await click(page, 'scale.window_on');
    s = await until(page, (x) => !x.running && x.map_n === 4096 && x.mass_kept >= 0);
    assert.equal(s.stride, 0);
    assert.equal(s.window, 0);
    assert.ok(Math.abs(s.sparse_cost - 1 / 4096) < 1e-9, `window 0 costs ${s.sparse_cost}`);
    assert.ok(s.mass_kept > 0 && s.mass_kept < 1, `window 0 keeps ${s.mass_kept}`);
    t.diagnostic(`window 0 keeps ${(100 * s.mass_kept).toFixed(1)} % of the mass at n = 4096`);
    await page.screenshot({ path: artifactPath('scale-lab-window.png') });
    assert.deepEqual(problems, []);
    await context.close();
  });

  for (const size of [{ name: '1280x800', width: 1280, height: 800 },
    { name: 'phone-390x844', width: 390, height: 844, touch: true }]) {
    test(`the lesson opens with the lab's n slider in view at ${size.name}`, async () => {
      const context = await browser.newContext({
        viewport: { width: size.width, height: size.height }, deviceScaleFactor: size.touch ? 2 : 1,
        hasTouch: !!size.touch, isMobile: !!size.touch,
      });
      const page = await context.newPage();
      const problems = [];
      page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
      await page.goto(server.url);
      await waitReady(page);
      const ids = await page.evaluate(() => window.attention.listLessons());
      const lesson = ids.find((l) => l.id === 'cost-of-attention');
      assert.ok(lesson, 'the lesson is listed');
      for (let k = 1; k <= lesson.steps; ++k) {
        assert.deepEqual(await page.evaluate((i) => window.attention.openLesson('cost-of-attention', i), k),
          { ok: true });
        await frames(page, 3);
        const r = await itemRect(page, 'scale.n');
        assert.ok(r.x >= -1 && r.y >= -1 && r.x + r.w <= size.width + 1 && r.y + r.h <= size.height + 1,
          `step ${k}: the n slider at ${JSON.stringify(r)}`);
      }
      await page.evaluate(() => window.attention.openLesson('cost-of-attention', 1));
      await frames(page, 3);
      await setN(page, 6, 17);  // n = 512: the lab measures while the lesson is open
      await until(page, (x) => !x.running);
      await frames(page, 3);
      await page.screenshot({ path: artifactPath(`scale-lab-lesson-${size.name}.png`) });
      if (size.touch) {
        await click(page, 'section:Scale');
        await frames(page, 5);
        await page.screenshot({ path: artifactPath(`scale-lab-lesson-${size.name}-tab.png`) });
      }
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});
