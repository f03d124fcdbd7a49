// End-to-end test of the training view in headless Chromium: the Models menu opens it
// (real clicks), Train starts the translation model learning a time slice per frame, the
// loss falls and the alignment heatmap changes while the page keeps answering clicks
// (Pause stops it), and "Open in playground" loads the model's Q, K, V with the words as
// labels. Also reports (a benchmark, not an assertion) the seconds from Train to 90 %
// held-out exact match and the frame rate meanwhile. Screenshots of the alignment before
// and after training land in artifacts/. Run: node run.mjs training.test.mjs (CTest:
// browser.training).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  artifactPath, click, fps, frames, itemRect, launchBrowser, openPlayground, startServer, waitReady,
} from './harness.mjs';

const training = (page) => page.evaluate(() => window.attention.getTraining());

async function shot(page, name) {
  const r = await itemRect(page, name);
  await page.screenshot({ path: artifactPath(`${name.replace('.', '-')}.png`),
    clip: { x: r.x - 80, y: r.y - 40, width: r.w + 160, height: r.h + 80 } });
}

describe('training view', { timeout: 300000 }, () => {
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

  test('Train makes the loss fall and the alignment change while clicks still work', async (t) => {
    const { page, problems, context } = await openPlayground(browser, server.url);
    await waitReady(page);
    await frames(page, 3);
    await click(page, 'menu:models');
    await click(page, 'menu:models:translation');
    let s = await training(page);
    assert.equal(s.open, true);
    assert.equal(s.step, 0);
    assert.ok(s.parameters > 10000);
    const before = s.weights;
    await shot(page, 'train.alignment');

    await click(page, 'train.train');
    const t0 = Date.now();
    s = await training(page);
    assert.equal(s.running, true);
    const firstLoss = [];
    let secondsTo90 = -1;
    let fpsWhileTraining = 0;
    while (Date.now() - t0 < 120000) {
      fpsWhileTraining = Math.max(fpsWhileTraining, await fps(page, 1000));
      s = await training(page);
      if (firstLoss.length === 0 && s.loss > 0) firstLoss.push(s.loss);
      if (s.heldout >= 0.9 && secondsTo90 < 0) secondsTo90 = (Date.now() - t0) / 1000;
      if (secondsTo90 >= 0 && s.step >= 150) break;
    }
    t.diagnostic(`steps ${s.step} in ${((Date.now() - t0) / 1000).toFixed(1)} s, ` +
      `${s.steps_per_second.toFixed(1)} steps/s, ${fpsWhileTraining.toFixed(1)} fps while training, ` +
      `90 % held-out after ${secondsTo90} s (page: ${s.seconds_to_90.toFixed(1)} s of training), ` +
      `held-out ${s.heldout}, attention ${s.attention}, loss ${firstLoss[0]} → ${s.loss}`);
    assert.ok(s.step > 20, `only ${s.step} steps`);
    assert.ok(s.loss < firstLoss[0] / 3, `loss ${firstLoss[0]} → ${s.loss}`);

    // Clicks still work while it trains: Pause stops it.
    await click(page, 'train.pause');
    s = await training(page);
    assert.equal(s.running, false);
    const paused = s.step;
    await frames(page, 5);
    assert.equal((await training(page)).step, paused);

    // The alignment changed: some weight moved by more than 0.2.
    let moved = 0;
    const rows = Math.min(before.length, s.weights.length);
    for (let i = 0; i < rows; ++i) {
      for (let j = 0; j < s.weights[i].length; ++j) moved = Math.max(moved, Math.abs(s.weights[i][j] - before[i][j]));
    }
    if (before.length !== s.weights.length) moved = Math.max(moved, 1);
    assert.ok(moved > 0.2, `alignment moved by ${moved}`);
    await shot(page, 'train.alignment');

    // Open in playground: the state holds the model's attention with the words as labels.
    await click(page, 'train.open_playground');
    const state = await page.evaluate(() => window.attention.getState());
    t.diagnostic(`state keys: ${Object.keys(state).join(', ')}`);
    assert.deepEqual(state.key_tokens ?? state.tokens, s.source);
    assert.equal(state.scoring, s.scoring);
    const result = await page.evaluate(() => window.attention.getResult());
    for (let i = 0; i < s.weights.length; ++i) {
      for (let j = 0; j < s.weights[i].length; ++j) assert.ok(Math.abs(result.weights[i][j] - s.weights[i][j]) < 1e-9);
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
});
