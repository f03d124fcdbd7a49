// The result is always in view: at 1280×800, 1366×768 and on a 390×844 touch phone, the
// Weights view (the softmax weights of every query) and the Output view lie inside the
// viewport, unscrolled, when the page loads and when every step of every lesson opens.
// Screenshots of the free page at 1280×800, 1440×900, 1920×1080 and 390×844 (and of a few
// lesson steps) land in artifacts/ for a person to look at.
// Run: node run.mjs layout.test.mjs
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import {
  artifactPath, frames, itemRect, launchBrowser, startServer, waitReady,
} from './harness.mjs';

const SIZES = [
  { name: '1280x800', width: 1280, height: 800 },
  { name: '1366x768', width: 1366, height: 768 },
  { name: 'phone-390x844', width: 390, height: 844, touch: true },
];

describe('the result in view at every size', { timeout: 900000 }, () => {
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

  async function open({ width, height, touch = false }, hash = '') {
    const context = await browser.newContext({
      viewport: { width, height }, deviceScaleFactor: touch ? 2 : 1, hasTouch: touch, isMobile: touch,
    });
    opened.push(context);
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${server.url}#${hash}`);
    await waitReady(page);
    await frames(page, 4);
    return { page, problems };
  }

  // The named view's rectangle lies inside the viewport (one pixel of slack).
  async function assertInView(page, name, size, where) {
    const r = await itemRect(page, name);
    const inside = r.x >= -1 && r.y >= -1 && r.x + r.w <= size.width + 1 && r.y + r.h <= size.height + 1;
    assert.ok(inside, `${where}: ${name} at (${r.x.toFixed(0)}, ${r.y.toFixed(0)}) ` +
      `${r.w.toFixed(0)}×${r.h.toFixed(0)} is not inside ${size.width}×${size.height}`);
  }

  for (const size of [...SIZES, { name: '1440x900', width: 1440, height: 900 },
    { name: '1920x1080', width: 1920, height: 1080 }]) {
    test(`free page at ${size.name}: weights and output on the first screen`, async () => {
      const { page, problems } = await open(size);
      await page.screenshot({ path: artifactPath(`layout-${size.name}.png`) });
      await assertInView(page, 'view:weights', size, 'at load');
      await assertInView(page, 'view:output', size, 'at load');
      assert.deepEqual(problems, []);
    });
  }

  // Lessons whose steps show a model's view (lessons/*.md `show: training`, `sentiment`,
  // `qa`): its Train button is what the learner works on first, pinned on a phone.
  const MODEL_LESSONS = {
    'case-study-translation': 'train.train',
    'case-study-sentiment': 'sentiment.train',
    'interpretability': 'sentiment.train',
    'case-study-question-answering': 'qa.train',
    // The scale lab's n slider (pinned above the tabs on a phone).
    'cost-of-attention': 'scale.n',
  };
  // … and of the induction transformer (`show: induction`) and the captioner (`show:
  // captioning`): its Train button in view on a wide page; on a phone the view is its own
  // tab (Transformer, Captions) and the weights stay pinned.
  const VIEW_LESSONS = {
    'transformers-induction': 'induction.train',
    'case-study-captioning': 'captioning.train',
  };

  for (const size of SIZES) {
    test(`every lesson step at ${size.name} opens with the weights in view`, async (t) => {
      const { page, problems } = await open(size);
      const ids = await page.evaluate(() => window.attention.listLessons());
      assert.ok(ids.length >= 10, 'the lessons are listed');
      let steps = 0;
      for (const { id, steps: n } of ids) {
        for (let s = 1; s <= n; ++s) {
          assert.deepEqual(await page.evaluate(([i, k]) => window.attention.openLesson(i, k), [id, s]), { ok: true });
          await frames(page, 3);
          // A case study's steps are about its model: the training view (its Train button
          // first) is what the learner works on there, above the playground's pipeline.
          let focus = MODEL_LESSONS[id] ?? 'view:weights';
          if (VIEW_LESSONS[id] && !size.touch) focus = VIEW_LESSONS[id];
          await assertInView(page, focus, size, `${id} step ${s}`);
          if (s === 1 && ['what-is-attention', 'scaled-dot-product', 'self-cross-multihead'].includes(id))
            await page.screenshot({ path: artifactPath(`layout-${size.name}-${id}-1.png`) });
          ++steps;
        }
      }
      t.diagnostic(`${steps} lesson steps checked at ${size.name}`);
      assert.deepEqual(problems, []);
    });
  }
});
