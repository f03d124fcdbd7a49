// End-to-end test of the captioning view in headless Chromium: the Models menu opens it
// (real clicks), Train makes the captioner learn a time slice per frame until its held-out
// exact-caption accuracy reaches 90 %, the caption of the shown image is then right and the
// attention of its colour and shape words peaks on their objects; dragging an object to
// another cell with the mouse changes the reference caption and the model's caption and
// attention follow; a shape picked from a list shows in the caption. Reports (a benchmark,
// not an assertion) the seconds from Train to the targets and the frame rate meanwhile.
// Screenshots land in artifacts/ at 1280 × 800 and 390 × 844. Run: node run.mjs captioning.test.mjs
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  artifactPath, click, fps, frames, itemRect, launchBrowser, openPlayground, scrollIntoView,
  startServer, waitReady,
} from './harness.mjs';

const cap = (page) => page.evaluate(() => window.attention.getCaptioning());

const argmax = (row) => row.reduce((best, w, i) => (w > row[best] ? i : best), 0);
const colours = ['red', 'green', 'blue', 'yellow'];
const shapes = ['circle', 'square', 'triangle', 'cross'];

// For each word of a right caption, the patch it describes (colour and shape words), else −1.
function targets(s) {
  const [a, b] = [...s.objects].sort((p, q) => (p.row - q.row) || (p.col - q.col));
  const words = s.caption.split(' ');
  return words.map((w, i) => {
    if (!colours.includes(w) && !shapes.includes(w)) return -1;
    const o = i < 3 ? a : b;
    return o.row * 4 + o.col;
  });
}

// Drags with the mouse from cell (r0, c0) of the image to cell (r1, c1), a frame per move.
async function drag(page, r0, c0, r1, c1) {
  const img = await scrollIntoView(page, 'captioning.image');
  const at = (r, c) => [img.x + (c + 0.5) * img.w / 4, img.y + (r + 0.5) * img.h / 4];
  const [x0, y0] = at(r0, c0);
  const [x1, y1] = at(r1, c1);
  await page.mouse.move(x0, y0);
  await frames(page, 2);
  await page.mouse.down();
  await frames(page, 2);
  for (let i = 1; i <= 6; ++i) {
    await page.mouse.move(x0 + (x1 - x0) * i / 6, y0 + (y1 - y0) * i / 6);
    await frames(page, 2);
  }
  await page.mouse.up();
  await frames(page, 3);
}

describe('captioning view', { timeout: 900000 }, () => {
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

  test('Train reaches the targets; dragging an object and picking a shape change the caption', async (t) => {
    const { page, problems, context } = await openPlayground(browser, server.url);
    await waitReady(page);
    await frames(page, 3);
    await click(page, 'menu:models');
    await click(page, 'menu:models:captioning');
    let s = await cap(page);
    assert.equal(s.open, true);
    assert.equal(s.step, 0);
    assert.equal(s.expected, 'a red circle above a blue square');
    await itemRect(page, 'captioning.image');
    await page.screenshot({ path: artifactPath('captioning-untrained.png') });

    await click(page, 'captioning.train');
    const t0 = Date.now();
    let secondsToTarget = -1;
    const fpsSeen = [];
    let maxSlice = 0;
    while (Date.now() - t0 < 600000) {
      fpsSeen.push(await fps(page, 1000));
      s = await cap(page);
      maxSlice = Math.max(maxSlice, s.slice_ms);
      if (secondsToTarget < 0 && s.heldout >= 0.9 && s.attention >= 0.9) {
        secondsToTarget = (Date.now() - t0) / 1000;
        break;
      }
      if (!s.running) break;
    }
    const mean = fpsSeen.reduce((a, b) => a + b, 0) / Math.max(1, fpsSeen.length);
    t.diagnostic(`step ${s.step}/${s.steps} after ${((Date.now() - t0) / 1000).toFixed(1)} s, ` +
      `fps while training: mean ${mean.toFixed(1)}, min ${Math.min(...fpsSeen).toFixed(1)}, ` +
      `max ${Math.max(...fpsSeen).toFixed(1)}; targets (90 % / 90 % on 100 held-out) after ` +
      `${secondsToTarget} s (the page's own clock: ${s.seconds_to_target.toFixed(1)} s running, ` +
      `${s.steps_per_second.toFixed(2)} steps per training second, largest slice seen ` +
      `${maxSlice.toFixed(1)} ms), held-out ${s.heldout}, attention ${s.attention}`);
    assert.ok(s.heldout >= 0.9, `held-out ${s.heldout}`);
    // At 90 % one image in ten is still captioned wrong, and the step where Pause lands
    // depends on the machine: train on to step 600 so that the scenes below are settled
    // (natively, seed 1 captions all of them right from step 493 on; the wasm build's
    // rounding differs a little, so its run is not the native one bit for bit).
    while (s.running && s.step < 600 && Date.now() - t0 < 600000) {
      await frames(page, 10);
      s = await cap(page);
    }
    if (s.running) await click(page, 'captioning.pause');
    s = await cap(page);
    assert.equal(s.running, false);
    assert.equal(s.caption, s.expected);
    assert.equal(s.right, true);
    const tg = targets(s);
    tg.forEach((p, i) => { if (p >= 0) assert.equal(argmax(s.attention_rows[i]), p, `word ${i}`); });
    // Hovering a word makes it the shown one.
    await click(page, 'captioning.word.2');
    assert.equal((await cap(page)).word, 2);
    await page.screenshot({ path: artifactPath('captioning-trained.png') });

    // Drag the blue square (cell 2, 3) to cell (0, 3): same row as the red circle.
    await drag(page, 2, 3, 0, 3);
    s = await cap(page);
    assert.deepEqual(s.objects[1], { shape: 'square', color: 'blue', row: 0, col: 3 });
    assert.equal(s.expected, 'a red circle left of a blue square');
    assert.equal(s.caption, s.expected);
    targets(s).forEach((p, i) => { if (p >= 0) assert.equal(argmax(s.attention_rows[i]), p, `word ${i}`); });
    // Then to (3, 0): below, and the shape words' attention moves with it.
    await drag(page, 0, 3, 3, 0);
    s = await cap(page);
    assert.equal(s.expected, 'a red circle above a blue square');
    assert.equal(s.caption, s.expected);
    assert.equal(argmax(s.attention_rows[6]), 12);
    await page.screenshot({ path: artifactPath('captioning-dragged.png') });

    // Pick another shape for object 1 from its list.
    await click(page, 'captioning.shape.0');
    await click(page, 'captioning.shape.0.cross');
    s = await cap(page);
    assert.equal(s.objects[0].shape, 'cross', JSON.stringify(s.objects));
    assert.equal(s.expected, 'a red cross above a blue square');
    assert.equal(s.caption, s.expected);

    // The phone: the view in its tab, nothing clipped at 390 × 844.
    await page.setViewportSize({ width: 390, height: 844 });
    await frames(page, 10);
    await click(page, 'section:Captions');
    await scrollIntoView(page, 'captioning.image');
    await page.screenshot({ path: artifactPath('captioning-phone.png') });
    const img = await itemRect(page, 'captioning.image');
    assert.ok(img.x >= 0 && img.x + img.w <= 390, `image at ${JSON.stringify(img)}`);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
