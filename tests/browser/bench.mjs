// The browser benchmark (README "Benchmarks"): serves the built site (build-web/site) plus
// TensorFlow.js 4.22 (tfjs-core + tfjs-backend-wasm from this folder's node_modules, under
// vendor/), opens web/bench.html in headless Chromium three times — the SIMD build with
// plain JavaScript, TensorFlow.js and the peak micro-benchmark; ?nosimd for the baseline
// build; and, from a second server that sends COOP/COEP, the threaded build on one thread
// and on all — prints tables and writes JSON. Not a test: it times, so it never fails on
// speed. Usage: node tests/browser/bench.mjs [--sizes 128,256,...] [--reps 7] [--out f.json]
// The first two pages are not cross-origin isolated, so TensorFlow.js runs one thread there,
// like our single-thread columns.
import { createServer } from 'node:http';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { launchBrowser, repoRoot, siteDir } from './harness.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
}
const sizes = option('sizes', '128,256,512,1024,2048,4096').split(',').map(Number);
const reps = Number(option('reps', '7'));
const outFile = path.resolve(option('out', path.join(repoRoot, 'build-web', 'bench', 'browser_bench.json')));

const tfDir = path.join(here, 'node_modules', '@tensorflow');
const VENDOR = {
  'tf-core.min.js': path.join(tfDir, 'tfjs-core', 'dist', 'tf-core.min.js'),
  'tf-backend-wasm.min.js': path.join(tfDir, 'tfjs-backend-wasm', 'dist', 'tf-backend-wasm.min.js'),
  'tfjs-backend-wasm.wasm': path.join(tfDir, 'tfjs-backend-wasm', 'dist', 'tfjs-backend-wasm.wasm'),
  'tfjs-backend-wasm-simd.wasm': path.join(tfDir, 'tfjs-backend-wasm', 'dist', 'tfjs-backend-wasm-simd.wasm'),
};
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.data': 'application/octet-stream' };

// `isolated`: COOP/COEP on every response, so the page is cross-origin isolated and loads
// the threaded build (only our kernels are measured there).
function serve(isolated = false) {
  const isolation = isolated
    ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' }
    : {};
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const name = decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = name.startsWith('vendor/') ? VENDOR[name.slice(7)] : path.join(siteDir, path.normalize(name || 'bench.html'));
    if (!file || !file.startsWith(name.startsWith('vendor/') ? tfDir : siteDir)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store', ...isolation });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function runPage(browser, url, options, withTf) {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(url);
  if (withTf) {
    await page.addScriptTag({ url: 'vendor/tf-core.min.js' });
    await page.addScriptTag({ url: 'vendor/tf-backend-wasm.min.js' });
  }
  const result = await page.evaluate((o) => window.runAttentionBench(o), options);
  await page.close();
  return result;
}

// The threaded page's columns: its kernels on one thread and on all of them.
function threadColumns(t) {
  return {
    threads_one_dense_ms: t.dense.ms, threads_one_tiled_ms: t.tiled.ms,
    threads_dense_ms: t.dense_threads?.ms, threads_tiled_ms: t.tiled_threads?.ms,
    threads_speedup_dense: t.dense_threads ? t.dense.ms / t.dense_threads.ms : null,
    threads_speedup_tiled: t.tiled_threads ? t.tiled.ms / t.tiled_threads.ms : null,
    max_diff_threads_vs_dense: t.dense_threads?.maxDiffVsDense,
  };
}

const fmt = (x, digits = 1) => (x === undefined || x === null ? '—' : x.toFixed(digits));

async function main() {
  try {
    await readFile(path.join(siteDir, 'bench.html'));
  } catch {
    console.error(`no ${siteDir}/bench.html: run scripts/build_web.sh first`);
    process.exit(2);
  }
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}/bench.html`;
  const isolatedServer = await serve(true);
  const isolatedBase = `http://127.0.0.1:${isolatedServer.address().port}/bench.html`;
  const browser = await launchBrowser();
  try {
    const budgetMs = 30000;
    const simd = await runPage(browser, base, { sizes, reps, budgetMs, impls: ['ours', 'js', 'tfjs'], peakMs: 500 }, true);
    let hasBaseline = true;
    try {
      await readFile(path.join(siteDir, 'attention_playground.wasm'));
    } catch {
      hasBaseline = false;
      console.error('no baseline build in the site: the no-SIMD column stays empty');
    }
    const scalar = hasBaseline
      ? await runPage(browser, `${base}?nosimd`, { sizes, reps, budgetMs, impls: ['ours'], peakMs: 0 }, false)
      : { rows: simd.rows.map(() => ({ impls: { dense: {}, tiled: {} } })) };
    const threaded = await runPage(browser, isolatedBase, { sizes, reps, budgetMs, impls: ['ours'], peakMs: 0 }, false);
    const peak = simd.peakGflops;
    const rows = simd.rows.map((r, i) => {
      const o = r.impls, s = scalar.rows[i].impls;
      return {
        n: r.n,
        simd_dense_ms: o.dense.ms, simd_tiled_ms: o.tiled.ms, nosimd_dense_ms: s.dense.ms,
        nosimd_tiled_ms: s.tiled.ms, js_ms: o.js.ms, tfjs_ms: o.tfjs?.ms,
        simd_dense_gflops: o.dense.gflops, simd_tiled_gflops: o.tiled.gflops, tfjs_gflops: o.tfjs?.gflops,
        dense_share_of_peak: o.dense.gflops / peak, tiled_share_of_peak: o.tiled.gflops / peak,
        tfjs_share_of_peak: o.tfjs ? o.tfjs.gflops / peak : null,
        tfjs_over_dense: o.tfjs ? o.tfjs.ms / o.dense.ms : null, js_over_dense: o.js.ms / o.dense.ms,
        simd_speedup: s.dense.ms ? s.dense.ms / o.dense.ms : null,
        ...threadColumns(threaded.rows[i].impls),
        max_diff_tfjs_vs_dense: o.tfjs?.maxDiffVsDense, max_diff_tiled_vs_dense: o.tiled.maxDiffVsDense,
      };
    });
    console.log(`Chromium ${simd.userAgent.match(/Chrome\/([\d.]+)/)?.[1]}, d = ${simd.d}, one thread, medians of up to ${reps} interleaved runs`);
    console.log(`f32x4 mul+add peak (12 chains, wasm SIMD build): ${fmt(peak)} GFLOP/s; TF.js ${simd.tfjs?.version} backend ${simd.tfjs?.backend} (SIMD ${simd.tfjs?.simd}, threads ${simd.tfjs?.threads})`);
    console.log('| n | ours SIMD dense | ours SIMD tiled | ours no-SIMD dense | plain JS | TF.js wasm (Kᵀ first) | dense GFLOP/s (% peak) | TF.js GFLOP/s (% peak) | TF.js ÷ ours | JS ÷ ours |');
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const r of rows) {
      console.log(`| ${r.n} | ${fmt(r.simd_dense_ms, 2)} ms | ${fmt(r.simd_tiled_ms, 2)} ms | ${fmt(r.nosimd_dense_ms, 2)} ms | ${fmt(r.js_ms, 1)} ms | ${fmt(r.tfjs_ms, 2)} ms | ` +
        `${fmt(r.simd_dense_gflops)} (${fmt(100 * r.dense_share_of_peak, 0)} %) | ${fmt(r.tfjs_gflops)} (${fmt(100 * r.tfjs_share_of_peak, 0)} %) | ` +
        `${fmt(r.tfjs_over_dense, 2)}× | ${fmt(r.js_over_dense, 0)}× |`);
    }
    if (threaded.threads > 1) {
      console.log(`\n${threaded.build} build, cross-origin isolated (${threaded.crossOriginIsolated}): ${threaded.threads} threads against 1 thread, same page, interleaved`);
      console.log('| n | dense, 1 thread | dense, threads | speed-up | tiled, 1 thread | tiled, threads | speed-up |');
      console.log('| --- | --- | --- | --- | --- | --- | --- |');
      for (const r of rows) {
        console.log(`| ${r.n} | ${fmt(r.threads_one_dense_ms, 2)} ms | ${fmt(r.threads_dense_ms, 2)} ms | ${fmt(r.threads_speedup_dense, 2)}× | ` +
          `${fmt(r.threads_one_tiled_ms, 2)} ms | ${fmt(r.threads_tiled_ms, 2)} ms | ${fmt(r.threads_speedup_tiled, 2)}× |`);
      }
    } else {
      console.log(`\nThe isolated page ran the ${threaded.build} build with ${threaded.threads} thread(s): no threaded figures.`);
    }
    await mkdir(path.dirname(outFile), { recursive: true });
    await writeFile(outFile, JSON.stringify({ peakGflops: peak, rows, simd, scalar, threaded }, null, 1));
    console.log(`JSON: ${outFile}`);
  } finally {
    await browser.close();
    server.close();
    isolatedServer.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
