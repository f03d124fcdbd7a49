// End-to-end check of the induction view in headless Chromium: the Models menu opens it
// (real clicks), every head's map is drawn, Train runs the transformer a time slice per
// frame while the page keeps drawing, and ablating a head redraws. Screenshots of the view
// before and after training land in artifacts/. Run: node run.mjs induction.test.mjs (not
// registered with CTest yet).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  artifactPath, click, frames, itemRect, launchBrowser, openPlayground, startServer, waitReady,
} from './harness.mjs';

const fps = (page, ms) => page.evaluate((dur) => new Promise((resolve) => {
  let n = 0;
  const t0 = performance.now();
  const tick = () => {
    ++n;
    if (performance.now() - t0 < dur) requestAnimationFrame(tick);
    else resolve((n * 1000) / (performance.now() - t0));
  };
  requestAnimationFrame(tick);
}), ms);

describe('induction view', { timeout: 400000 }, () => {
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

  test('the Models menu opens it, Train runs, every head map is drawn', async (t) => {
    const { page, problems, context } = await openPlayground(browser, server.url);
    await page.setViewportSize({ width: 1600, height: 1400 });
    await waitReady(page);
    await frames(page, 3);
    await click(page, 'menu:models');
    await click(page, 'menu:models:induction');
    for (const h of ['L1H1', 'L1H2', 'L2H1', 'L2H2']) await itemRect(page, `induction.map.${h}`);
    await page.screenshot({ path: artifactPath('induction-before.png') });
    await click(page, 'induction.train');
    const t0 = Date.now();
    let best = 0;
    const seconds = Number(process.env.AP_INDUCTION_SECONDS || 60);
    while (Date.now() - t0 < seconds * 1000) best = Math.max(best, await fps(page, 2000));
    t.diagnostic(`${best.toFixed(1)} fps while training for ${seconds} s`);
    await page.screenshot({ path: artifactPath('induction-trained.png') });
    await click(page, 'induction.ablate.L2H1');
    await frames(page, 3);
    await page.screenshot({ path: artifactPath('induction-ablated.png') });
    assert.deepEqual(problems, []);
    await context.close();
  });
});
