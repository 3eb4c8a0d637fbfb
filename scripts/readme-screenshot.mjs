/**
 * Takes the README's screenshot (docs/screenshot.png) from the real app: builds what changed, starts the
 * server on a free port over a fresh embedded database seeded from graph-seed/, and in headless Chromium
 * (CHROMIUM_PATH, else /usr/bin/chromium) traces Dushanbe ↔ Moscow and opens the first hop's evidence,
 * which is step 2-3 of the README's tour. Run: `node scripts/readme-screenshot.mjs`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const output = join(root, 'docs', 'screenshot.png');
const dataDir = mkdtempSync(join(tmpdir(), 'multivector-screenshot-'));

execFileSync(process.execPath, [join(root, 'scripts', 'build-if-changed.mjs')], { stdio: 'inherit' });
const server = spawn(process.execPath, [join(root, 'dist', 'server', 'main.js')], {
  cwd: root,
  env: { ...process.env, PORT: '0', DATA_DIR: dataDir, NEO4J_URI: '', GRAPH_ENGINE: 'embedded' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((resolve, reject) => {
  let seen = '';
  server.stdout.on('data', (chunk) => {
    seen += String(chunk);
    const match = /on (http:\/\/\S+)/.exec(seen);
    if (match) resolve(match[1]);
  });
  server.on('exit', (code) => reject(new Error(`the server stopped (exit ${code}) before it listened`)));
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 820 } });
  await page.goto(url);
  const ready = () => globalThis.__multivector?.isStarted() === true && globalThis.__multivector.isReady() && globalThis.__multivector.isSettled();
  await page.waitForFunction(ready);
  await page.locator('[data-preset="moscow"]').click();
  await page.locator('.path-row.is-active .hop-button').first().waitFor();
  await page.waitForFunction(ready);
  await page.locator('.path-row.is-active .hop-button').first().click();
  await page.locator('.details .source-quote').first().waitFor();
  await page.waitForFunction(ready);
  // Opening the evidence zooms onto the hop; the picture shows the whole traced view around it (F, fit).
  await page.locator('#graph').focus();
  await page.keyboard.press('f');
  await page.waitForFunction(ready);
  await page.evaluate(() => {
    globalThis.document.activeElement?.blur();
    globalThis.document.querySelector('#left-panel')?.scrollTo(0, 0);
  });
  await page.screenshot({ path: output });
  console.log(`${output}: ${Math.round(statSync(output).size / 1024)} KB`);
} finally {
  await browser.close();
  server.kill('SIGTERM');
  await new Promise((resolve) => server.on('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
}
