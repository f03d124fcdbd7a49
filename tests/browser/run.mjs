// Entry point of the browser tests (npm test, CTest): checks that everything they need is
// present and says what is missing (exit 77, which CTest reports as "skipped"), then runs
// playground.test.mjs (or the test file given as argument) with node:test.
// Environment: AP_SITE_DIR, AP_CHROMIUM, AP_PYTHON.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const site = process.env.AP_SITE_DIR || path.join(root, 'build-web', 'site');
const chromium = process.env.AP_CHROMIUM || '/usr/bin/chromium';
const python = process.env.AP_PYTHON || '/usr/bin/python3';

const missing = [];
if (!existsSync(path.join(site, 'index.html'))) {
  missing.push(`the web build (${site}/index.html): run scripts/build_web.sh`);
}
if (!existsSync(path.join(here, 'node_modules', 'playwright-core', 'package.json'))) {
  missing.push(`playwright-core: run "npm ci" in ${here}`);
}
if (!existsSync(chromium)) missing.push(`Chromium at ${chromium}: apt-get install chromium`);
if (!existsSync(python)) missing.push(`Python at ${python}`);

if (missing.length > 0) {
  console.error('browser tests not run; missing:\n  - ' + missing.join('\n  - '));
  process.exit(77);
}

// `node run.mjs [FILE.test.mjs]`: playground.test.mjs unless another test file is named.
const testFile = process.argv[2] || 'playground.test.mjs';
const result = spawnSync(process.execPath,
  ['--test', '--test-reporter=spec', path.join(here, testFile)],
  { stdio: 'inherit', env: { ...process.env, AP_SITE_DIR: site, AP_CHROMIUM: chromium, AP_PYTHON: python } });
process.exit(result.status ?? 1);
