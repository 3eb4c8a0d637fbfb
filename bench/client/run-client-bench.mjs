/**
 * `npm run bench:client`: the explorer's drawing speed in headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core), next to plain Cytoscape in the same run. For each view size it loads bench/client/page in a
 * fresh page and measures, per variant:
 *   plain-canvas, plain-webgl  plain Cytoscape, preset positions, default style with labels (the baseline)
 *   view-auto, view-webgl      the explorer's view: worker layout, level of detail, automatic or forced WebGL
 * time to first draw (layout included for the view), a click on the busiest node answered with its selection
 * drawn (view only), and frames per second during mouse pan and zoom (counted with requestAnimationFrame, so
 * 60 at most: a fluid view's ratio to the baseline is capped at 60 / baseline fps). Prints a table with
 * ratios to the plain canvas baseline and writes bench/results/client-<date>.json.
 *
 * Options: --sizes=1000,5000,10000,20000,50000  --variants=plain-canvas,plain-webgl,view-auto,view-webgl
 *          --pan-ms=2000  --repeat=1 (median of repeats)  CHROMIUM_PATH=/usr/bin/chromium
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { dirname, extname, join, normalize } from 'node:path';
import { URL, fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');

function option(name, fallback) {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg === undefined ? fallback : arg.slice(name.length + 3);
}
const sizes = option('sizes', '1000,5000,10000,20000,50000').split(',').map(Number);
const variants = option('variants', 'plain-canvas,plain-webgl,view-auto,view-webgl').split(',');
const panZoomMs = Number(option('pan-ms', '2000'));
const repeat = Math.max(1, Number(option('repeat', '1')));

// 1. The client (for the layout worker) and the benchmark page.
const client = spawnSync(process.execPath, [join(root, 'scripts', 'build-client.mjs')], { stdio: 'inherit' });
if (client.status !== 0) process.exit(client.status ?? 1);
const pageDir = join(dist, 'bench-client');
await mkdir(pageDir, { recursive: true });
await build({
  entryPoints: [join(root, 'bench', 'client', 'page', 'bench-page.ts')],
  outfile: join(pageDir, 'bench.js'),
  bundle: true,
  minify: true,
  target: 'es2020',
  platform: 'browser',
  format: 'iife',
  logLevel: 'warning',
});
await copyFile(join(root, 'bench', 'client', 'page', 'index.html'), join(pageDir, 'index.html'));

// 2. A static server for dist/ (workers do not load from file://).
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };
const server = createServer(async (request, response) => {
  const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  try {
    const body = await readFile(join(dist, path));
    response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
    response.end(body);
  } catch {
    response.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${server.address().port}`;

// 3. Chromium as the e2e tests run it, except that WebGL is allowed on SwiftShader (software), which is
//    what this GPU-less machine has.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function runOnce(variant, elements) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    await page.goto(`${baseUrl}/bench-client/index.html`);
    await page.waitForFunction(() => globalThis.__bench !== undefined);
    const result = await page.evaluate((request) => globalThis.__bench.run(request), { variant, elements, panZoomMs });
    if (errors.length > 0) result.pageErrors = errors;
    return result;
  } finally {
    await context.close();
  }
}

const median = (values) => {
  const sorted = values.filter((v) => v !== null).sort((a, b) => a - b);
  return sorted.length === 0 ? null : sorted[Math.floor((sorted.length - 1) / 2)];
};

const results = [];
for (const elements of sizes) {
  for (const variant of variants) {
    const runs = [];
    for (let i = 0; i < repeat; i++) {
      try {
        runs.push(await runOnce(variant, elements));
      } catch (error) {
        console.error(`${variant} @ ${elements}: ${error.message.split('\n')[0]}`);
      }
    }
    if (runs.length === 0) continue;
    const first = runs[0];
    const row = {
      ...first,
      firstDrawMs: median(runs.map((r) => r.firstDrawMs)),
      drawAndClickMs: median(runs.map((r) => r.drawAndClickMs)),
      fps: median(runs.map((r) => r.panZoom.fps)),
      meanFrameMs: median(runs.map((r) => r.panZoom.meanFrameMs)),
      p95FrameMs: median(runs.map((r) => r.panZoom.p95FrameMs)),
      runs: runs.map((r) => ({ firstDrawMs: r.firstDrawMs, drawAndClickMs: r.drawAndClickMs, panZoom: r.panZoom })),
    };
    results.push(row);
    console.log(`${String(elements).padStart(6)} ${variant.padEnd(13)} first draw ${row.firstDrawMs.toFixed(0).padStart(6)} ms  ` +
      `${row.fps.toFixed(1).padStart(5)} fps  (${row.renderer})${row.drawAndClickMs !== null ? `  draw+click ${row.drawAndClickMs.toFixed(0)} ms` : ''}`);
  }
}
await browser.close();
server.close();

// 4. The table: every row next to the plain canvas baseline of its size.
const find = (elements, variant) => results.find((r) => r.elements === elements && r.variant === variant) ?? results.find((r) => r.variant === variant && Math.abs(r.elements - elements) < 2);
const lines = [
  '| elements (nodes/edges) | variant | renderer | first draw ms | × plain | fps pan+zoom | × plain | p95 frame ms | draw+click ms |',
  '|---|---|---|---:|---:|---:|---:|---:|---:|',
];
for (const row of results) {
  const base = find(row.elements, 'plain-canvas');
  const drawRatio = base ? (row.firstDrawMs / base.firstDrawMs).toFixed(2) : '–';
  const fpsRatio = base ? (row.fps / base.fps).toFixed(2) : '–';
  lines.push(`| ${row.elements} (${row.nodes}/${row.edges}) | ${row.variant} | ${row.renderer} | ${row.firstDrawMs.toFixed(0)} | ${drawRatio} | ${row.fps.toFixed(1)} | ${fpsRatio} | ${row.p95FrameMs.toFixed(0)} | ${row.drawAndClickMs === null ? '–' : row.drawAndClickMs.toFixed(0)} |`);
}
const table = lines.join('\n');
console.log(`\n${table}\n`);
console.log(`GPU reported by the page: ${results[0]?.gpu ?? 'none'}`);

const date = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
const resultsDir = join(root, 'bench', 'results');
await mkdir(resultsDir, { recursive: true });
const file = join(resultsDir, `client-${date}.json`);
await writeFile(file, JSON.stringify({
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memoryGb: Math.round(totalmem() / 2 ** 30) },
  options: { sizes, variants, panZoomMs, repeat },
  results,
  table,
}, null, 2));
console.log(`results written to ${file}`);
