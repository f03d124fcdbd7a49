// Frame benchmark (prints figures, asserts nothing): where a frame's time goes in headless
// Chromium at 1280×800. For the playground while the mouse moves over it, and for each
// model view while it trains, it prints the frames per second, the median CPU ms of
// ui_draw and of the GL submission (window.attention.frameStats), and the load average, so
// that our code can be told from the browser's compositing (SwiftShader here: no GPU).
// Usage: node tests/browser/bench_frame.mjs   (after scripts/build_web.sh)
import { loadavg } from 'node:os';
import { startServer, launchBrowser, waitReady, frames, click } from './harness.mjs';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
const stats = (page) => page.evaluate(() => window.attention.frameStats());
const drawn = (page) => page.evaluate(() => window.attention.framesDrawn());

// Samples frames for `ms` while `poke` (awaited before each sample) keeps the page busy.
async function sample(page, ms, poke) {
  const ui = [], render = [];
  const f0 = await drawn(page), t0 = performance.now();
  for (let i = 0; performance.now() - t0 < ms; ++i) {
    await poke(i);
    await frames(page, 1);
    const s = await stats(page);
    ui.push(s.uiMs);
    render.push(s.renderMs);
  }
  const seconds = (performance.now() - t0) / 1000;
  return { fps: ((await drawn(page)) - f0) / seconds, ui: median(ui), render: median(render) };
}

const scenarios = [
  { name: 'playground, mouse moving', hash: '', menu: null, train: null },
  { name: 'lesson 7 open, mouse moving', hash: '#lesson=softmax-temperature&step=1', menu: null, train: null },
  { name: 'translation training', hash: '', menu: 'menu:models:translation', train: 'train.train' },
  { name: 'sentiment training', hash: '', menu: 'menu:models:sentiment', train: 'sentiment.train' },
  { name: 'qa training', hash: '', menu: 'menu:models:qa', train: 'qa.train' },
  { name: 'captioning training', hash: '', menu: 'menu:models:captioning', train: 'captioning.train' },
  { name: 'induction training', hash: '', menu: 'menu:models:induction', train: 'induction.train' },
];

const server = await startServer();
const browser = await launchBrowser();
const rows = [];
try {
  for (const sc of scenarios) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(server.url + sc.hash);
    await waitReady(page);
    await frames(page, 5);
    if (sc.menu) {
      await click(page, 'menu:models');
      await click(page, sc.menu);
      await click(page, sc.train);
    }
    // Moving the mouse makes an idle page draw; a training page draws on its own.
    const poke = sc.train ? async () => {} : (i) => page.mouse.move(300 + (i % 40) * 15, 300 + (i % 7) * 20);
    const r = await sample(page, 5000, poke);
    rows.push({ scenario: sc.name, ...r, load: loadavg()[0] });
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log('| scenario | frames/s | ui_draw ms (median) | GL submit ms (median) | load |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows)
  console.log(`| ${r.scenario} | ${r.fps.toFixed(1)} | ${r.ui.toFixed(1)} | ${r.render.toFixed(1)} | ${r.load.toFixed(1)} |`);
