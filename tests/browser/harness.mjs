// Shared set-up of the browser tests: serves the built site with scripts/serve.py on a free
// port, launches Debian's Chromium through playwright-core (headless, SwiftShader WebGL 2,
// no network chatter, a fresh temporary profile per launch) and opens the playground in a
// page that records console errors. Paths can be overridden with AP_* environment variables.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const siteDir = process.env.AP_SITE_DIR || path.join(repoRoot, 'build-web', 'site');
export const chromiumPath = process.env.AP_CHROMIUM || '/usr/bin/chromium';
export const pythonPath = process.env.AP_PYTHON || '/usr/bin/python3';
export const artifactsDir = path.join(here, 'artifacts');

// What TOOLCHAIN.md found to give WebGL 2 in software without touching the network.
// Playwright adds its own --user-data-dir (a new temporary profile) to every launch.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

// Starts scripts/serve.py on a free port; resolves to {url, close} once it listens.
export function startServer() {
  const serve = path.join(repoRoot, 'scripts', 'serve.py');
  const child = spawn(pythonPath, [serve, siteDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = stdout.match(/at (http:\/\/[\d.]+:\d+\/)/);
      if (m) {
        resolve({
          url: m[1],
          stderr: () => stderr,
          close: () => new Promise((done) => { child.once('exit', done); child.kill(); }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`serve.py exited (${code}): ${stderr.trim()}`)));
  });
}

export function launchBrowser() {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
}

// Opens `url` in a new context (viewport 1280×800 at `dpr`) and records console errors,
// uncaught exceptions and failed requests in `problems`. `init` runs before the page's
// scripts (to simulate a browser without WebGL 2, say).
export async function openPlayground(browser, url, { dpr = 1, init = null } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: dpr });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  if (init) await page.addInitScript(init);
  await page.goto(url);
  return { context, page, problems };
}

// Waits for window.attention.ready and returns what the page reports about its start.
export async function waitReady(page, timeoutMs = 60000) {
  return page.evaluate(async (ms) => {
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(`not ready after ${ms} ms`)), ms));
    await Promise.race([window.attention.ready, timeout]);
    return { build: window.attention.build, readyMs: window.attention.timings.readyMs };
  }, timeoutMs);
}

// Resolves after the page has drawn `n` more animation frames.
export function frames(page, n = 2) {
  return page.evaluate((count) => new Promise((resolve) => {
    const step = () => (--count <= 0 ? resolve() : requestAnimationFrame(step));
    requestAnimationFrame(step);
  }), n);
}

// Frames per second the page draws over `ms` (requestAnimationFrame callbacks counted).
export const fps = (page, ms) => page.evaluate((dur) => new Promise((resolve) => {
  let n = 0;
  const t0 = performance.now();
  const tick = () => {
    ++n;
    if (performance.now() - t0 < dur) requestAnimationFrame(tick);
    else resolve((n * 1000) / (performance.now() - t0));
  };
  requestAnimationFrame(tick);
}), ms);

// Decodes a PNG in the page and counts its colours: {width, height, colours, foreground},
// foreground being the share of pixels that differ from the most common (background) colour.
export function imageStats(page, png) {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, img.width, img.height).data;
    const counts = new Map();
    for (let i = 0; i < data.length; i += 4) {
      const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      counts.set(key, (counts.get(key) || 0) + 1);
    }
    const most = Math.max(...counts.values());
    return { width: img.width, height: img.height, colours: counts.size, foreground: 1 - most / (data.length / 4) };
  }, png.toString('base64'));
}

export function artifactPath(name) {
  mkdirSync(artifactsDir, { recursive: true });
  return path.join(artifactsDir, name);
}

// The widget's rectangle in CSS pixels (the UI's test hook, window.attention.itemRect),
// waiting up to `n` frames for it to be drawn.
export async function itemRect(page, name, n = 30) {
  for (let i = 0; i < n; ++i) {
    const r = await page.evaluate((x) => window.attention.itemRect(x), name);
    if (r) return r;
    await frames(page, 1);
  }
  throw new Error(`widget ${name} was not drawn`);
}

// Scrolls the widget into the viewport as a learner would: the mouse wheel over its column
// (the column scrolls, the page does not), a few notches at a time. Returns its rectangle.
export async function scrollIntoView(page, name) {
  const view = page.viewportSize();
  let r = await itemRect(page, name);
  for (let i = 0; i < 20 && (r.y < 0 || r.y + r.h > view.height); ++i) {
    const x = Math.min(Math.max(r.x + r.w / 2, 1), view.width - 1);
    await page.mouse.move(x, r.y < 0 ? 40 : view.height - 20);
    await frames(page, 1);
    await page.mouse.wheel(0, Math.sign(r.y) * Math.min(Math.abs(r.y + r.h / 2 - view.height / 2), 400));
    await frames(page, 3);
    r = await itemRect(page, name);
  }
  return r;
}

// On a phone the pinned rows above the tabs settle their height over a few drawn frames (and
// an untouched page draws nothing): moves the mouse until the widget `name` (a tab) stays
// where a tap will find it. Returns its rectangle.
export async function settle(page, name) {
  const view = page.viewportSize();
  let before = null;
  for (let i = 0; i < 20; ++i) {
    await page.mouse.move(view.width / 2, view.height - 40 - (i % 2));
    await frames(page, 3);
    const r = await itemRect(page, name);
    if (before && r.y === before.y) return r;
    before = r;
  }
  return before;
}

// Dear ImGui 1.86's GLFW backend samples the mouse once per frame, so the move, the press
// and the release each get frames of their own.
export async function click(page, name) {
  const r = await scrollIntoView(page, name);
  await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
  await frames(page, 2);
  await page.mouse.down();
  await frames(page, 2);
  await page.mouse.up();
  await frames(page, 3);
}
