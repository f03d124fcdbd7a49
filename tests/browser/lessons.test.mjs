// End-to-end tests of lessons in the page: a teacher's link opens a step, a goal is met with
// real mouse clicks and ticks (window.attention.getLesson), Next moves on and the hidden
// aria-live region (#a11y) reads the new step, progress lands in localStorage, the Lessons
// menu opens a lesson, and a broken link gives a notice. Run: node --test lessons.test.mjs
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import {
  artifactPath, click, frames, itemRect, launchBrowser, openPlayground, startServer, waitReady,
} from './harness.mjs';

const lesson = (page) => page.evaluate(() => window.attention.getLesson());
const a11y = (page) => page.evaluate(() => document.getElementById('a11y').textContent);

describe('lessons in the page', { timeout: 300000 }, () => {
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

  async function open(hash, dpr = 1) {
    const p = await openPlayground(browser, `${server.url}#${hash}`, { dpr });
    opened.push(p);
    await waitReady(p.page);
    await frames(p.page, 3);
    return p;
  }

  test('a link opens a step; clicks meet its goal; Next moves on and is announced', async () => {
    const { page, problems } = await open('lesson=additive-scoring&step=1', 2);
    let l = await lesson(page);
    assert.equal(l.lesson, 'additive-scoring');
    assert.equal(l.step, 1);
    assert.equal(l.goals.length, 1);
    assert.equal(l.goals[0].met, false);
    assert.match(await a11y(page), /step 1 of \d+: A tiny network as the scorer/);
    assert.match(await a11y(page), /Pick Additive \(Bahdanau\) in the Scoring box/);
    assert.match(await a11y(page), /Goal 1 of 1 not yet done: Switch the scoring function/);
    await page.screenshot({ path: artifactPath('lesson-view-dpr2.png') });

    // Choose "Additive" in the Scoring combo with the mouse.
    await click(page, 'scoring');
    await click(page, 'scoring:additive');
    l = await lesson(page);
    assert.equal((await page.evaluate(() => window.attention.getState())).scoring, 'additive');
    assert.equal(l.goals[0].met, true, 'the goal ticks once the scoring is additive');
    assert.match(await a11y(page), /Goal 1 of 1 done: Switch the scoring function/);
    await page.screenshot({ path: artifactPath('lesson-goal-met-dpr2.png') });

    await click(page, 'lesson:next');
    l = await lesson(page);
    assert.equal(l.step, 2);
    assert.match(await a11y(page), /step 2 of \d+: v weighs the hidden units/);
    assert.match(await a11y(page), /Goal 1 of \d+ not yet done/);

    // The address carries the lesson keys and the state; progress is stored.
    await page.waitForFunction(() => location.hash.includes('lesson=additive-scoring&step=2'));
    assert.match(await page.evaluate(() => location.hash), /scoring=additive/);
    const stored = await page.evaluate(() => localStorage.getItem('attention-playground.progress'));
    assert.deepEqual(JSON.parse(stored)['additive-scoring'], [1]);
    assert.deepEqual(problems, []);
  });

  test('the Lessons menu opens a lesson; Close lesson closes it', async () => {
    const { page, problems } = await open('');
    assert.equal((await lesson(page)).lesson, null);
    await click(page, 'menu:lessons');
    await click(page, 'lessons:masks');
    const l = await lesson(page);
    assert.equal(l.lesson, 'masks');
    assert.equal(l.step, 1);
    assert.match(await a11y(page), /The causal mask/);
    await click(page, 'lesson:close');
    assert.equal((await lesson(page)).lesson, null);
    assert.deepEqual(problems, []);
  });

  test('a link to a missing lesson or step gives a notice and no crash', async () => {
    for (const hash of ['lesson=no-such-lesson&step=1', 'lesson=masks&step=77', 'lesson=BAD!&step=x']) {
      const { page, problems } = await open(hash);
      const notice = await page.evaluate(() => window.attention.getNotice());
      assert.notEqual(notice, '', `a notice for ${hash}`);
      const l = await lesson(page);
      if (hash.startsWith('lesson=masks')) assert.equal(l.step, 1);
      else assert.equal(l.lesson, null);
      assert.deepEqual(problems, []);
    }
  });

  test('openLesson from JavaScript opens a step at its starting state', async () => {
    const { page } = await open('');
    const r = await page.evaluate(() => window.attention.openLesson('masks', 2));
    assert.deepEqual(r, { ok: true });
    await frames(page, 2);
    const l = await lesson(page);
    assert.equal(l.lesson, 'masks');
    assert.equal(l.step, 2);
    assert.equal((await page.evaluate(() => window.attention.openLesson('nope', 1))).ok, false);
  });
});
