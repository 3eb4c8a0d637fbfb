/**
 * A large view in headless Chromium: 20,000 elements drawn by the explorer's own view (worker layout, overview
 * level of detail, renderer chosen for the machine), zoomed with the mouse wheel and clicked. The page is the
 * client benchmark's (bench/client/page), which mounts the real view on a synthetic graph, since the seed graph
 * is small; the layout worker is the one the app ships (dist/client/layout-worker.js, built by build:client).
 * No timing is asserted here: speed is measured by `npm run bench:client`.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CLIENT_DIR, PROJECT_ROOT } from '../../server/project-paths';
import { makeTempDir, removeTempDirs } from '../support/temp-dirs';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'artifacts', 'screenshots');
const PAGE_SOURCES = path.join(PROJECT_ROOT, 'bench', 'client', 'page');

/** The probe of the mounted view (client/src/view/cytoscape-view.ts, ViewProbe). */
interface Probe {
  isReady(): boolean;
  isSettled(): boolean;
  nodeCount(): number;
  edgeCount(): number;
  nodeScreenPoint(id: string): { x: number; y: number } | null;
  selectedIds(): string[];
  heldNodeIds(): string[];
  renderer(): string;
  detailTier(): string;
}
type BenchHost = { __bench?: { mount(elements: number): void; probe(): Probe | null; exportSvg(): string | null } };

let server: Server;
let baseUrl: string;
let browser: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  if (!existsSync(path.join(CLIENT_DIR, 'layout-worker.js'))) throw new Error('run npm run build:client first: dist/client/layout-worker.js is missing');
  const pageDir = makeTempDir('multivector-bench-page-');
  await build({
    entryPoints: [path.join(PAGE_SOURCES, 'bench-page.ts')],
    outfile: path.join(pageDir, 'bench.js'),
    bundle: true,
    target: 'es2020',
    platform: 'browser',
    format: 'iife',
    logLevel: 'warning',
  });
  copyFileSync(path.join(PAGE_SOURCES, 'index.html'), path.join(pageDir, 'index.html'));
  // The page under /bench-client/, the app's built client (for the worker) under /client/.
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const [, area, file] = /^\/(bench-client|client)\/([\w.-]+)$/.exec(url.pathname) ?? [];
    const dir = area === 'client' ? CLIENT_DIR : pageDir;
    const full = file === undefined ? null : path.join(dir, file);
    if (full === null || !existsSync(full)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': file?.endsWith('.html') ? 'text/html' : 'text/javascript' });
    response.end(readFileSync(full));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  removeTempDirs();
});

function probe<M extends keyof Probe>(page: Page, method: M, ...args: Parameters<Probe[M]>): Promise<ReturnType<Probe[M]>> {
  return page.evaluate(
    ({ method: name, args: values }) => {
      const p = (globalThis as unknown as BenchHost).__bench?.probe();
      if (p === undefined || p === null) throw new Error('no view is mounted');
      return (p[name] as (...a: unknown[]) => ReturnType<Probe[M]>)(...values);
    },
    { method, args: args as unknown[] },
  ) as Promise<ReturnType<Probe[M]>>;
}

/** The parts of the edge layer's canvas the test reads (the tests' tsconfig has no DOM library). */
interface LayerCanvas {
  readonly width: number;
  readonly height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}

describe('a large view', () => {
  test('when 20,000 elements are drawn, the overview appears on the canvas renderer and a click on a node selects it', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${baseUrl}/bench-client/index.html`);
    await page.waitForFunction(() => (globalThis as unknown as BenchHost).__bench !== undefined);
    await page.evaluate(() => (globalThis as unknown as BenchHost).__bench?.mount(20000));
    await page.waitForFunction(() => (globalThis as unknown as BenchHost).__bench?.probe()?.isReady() === true, undefined, { timeout: 120000 });

    expect(await probe(page, 'nodeCount')).toBe(8000);
    expect(await probe(page, 'edgeCount')).toBe(12000);
    // Headless Chromium renders WebGL in software, so the automatic choice is the canvas.
    await expect(probe(page, 'renderer')).resolves.toBe('canvas');
    await expect(probe(page, 'detailTier')).resolves.toBe('overview');
    // The overview's edges are drawn by the edge layer under Cytoscape's canvases: it must have painted lines.
    await page.waitForFunction(() => {
      const layer = (globalThis as unknown as { document: { querySelector(selector: string): LayerCanvas | null } }).document.querySelector('canvas.edge-layer');
      const pixels = layer?.getContext('2d')?.getImageData(0, 0, layer.width, layer.height).data;
      if (pixels === undefined) return false;
      let painted = 0;
      for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] ?? 0) > 0) painted++;
      return painted > 5000;
    });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'large-view-20k-overview.png') });
    // An SVG (or PNG) of the view is drawn by Cytoscape, which does not see the overview's layer: the export must
    // still hold the nodes and the edges.
    const svg = await page.evaluate(() => (globalThis as unknown as BenchHost).__bench?.exportSvg() ?? '');
    // cytoscape-svg writes an edge as an unfilled line plus an arrow (a white underlay and its fill) and a node
    // as a filled shape: so the shapes left after the edges' three paths each are the nodes.
    const paths = (svg.match(/<path/g) ?? []).length;
    const lines = svg.split('<path fill="none"').length - 1;
    const arrows = svg.split('fill="rgb(255,255,255)"').length - 1;
    expect(lines).toBeGreaterThan(11500);
    expect(paths - lines - 2 * arrows).toBeGreaterThan(6800);
    // The overview draws its nodes on the layer too: Cytoscape holds only hubs and what is marked or touched.
    const heldAtFirst = await probe(page, 'heldNodeIds');
    expect(heldAtFirst.length).toBeLessThan(200);

    // At overview zoom nodes are a few pixels wide and packed in the middle, so the test clicks the node
    // farthest out, which nothing overlaps, as a user aiming at a single node would.
    const target = await page.evaluate((count) => {
      const p = (globalThis as unknown as BenchHost).__bench?.probe();
      let best: { id: string; x: number; y: number; d: number } | null = null;
      for (let i = 0; i < count; i++) {
        const at = p?.nodeScreenPoint(`n${i}`) ?? null;
        if (at === null) continue;
        const d = Math.hypot(at.x - 720, at.y - 450);
        if (best === null || d > best.d) best = { id: `n${i}`, x: at.x, y: at.y, d };
      }
      return best;
    }, 8000);
    expect(target).not.toBeNull();
    const outermost = target?.id ?? '';
    const point = target;
    expect(heldAtFirst).not.toContain(outermost);
    // Resting the pointer on a node drawn only on the layer hands it to Cytoscape, which then hovers and taps it.
    await page.mouse.move(point?.x ?? 0, point?.y ?? 0);
    await expect(probe(page, 'heldNodeIds')).resolves.toContain(outermost);
    await page.mouse.click(point?.x ?? 0, point?.y ?? 0);
    await page.waitForFunction(() => ((globalThis as unknown as BenchHost).__bench?.probe()?.selectedIds().length ?? 0) > 0);
    await expect(probe(page, 'selectedIds')).resolves.toEqual([outermost]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'large-view-20k-selected.png') });

    // A press with no hover first (a touch screen, a synthetic click) on a node only on the layer selects it too:
    // the leftmost node, found from the probe's screen points.
    const leftmost = await page.evaluate((count) => {
      const p = (globalThis as unknown as BenchHost).__bench?.probe();
      let best: { id: string; x: number; y: number } | null = null;
      for (let i = 0; i < count; i++) {
        const at = p?.nodeScreenPoint(`n${i}`) ?? null;
        if (at !== null && (best === null || at.x < best.x)) best = { id: `n${i}`, x: at.x, y: at.y };
      }
      return best;
    }, 8000);
    expect(leftmost).not.toBeNull();
    expect(await probe(page, 'heldNodeIds')).not.toContain(leftmost?.id);
    await page.evaluate((at) => {
      type Target = { dispatchEvent(event: unknown): boolean };
      const host = globalThis as unknown as {
        document: { elementFromPoint(x: number, y: number): Target | null; body: Target };
        MouseEvent: new (type: string, init: Record<string, unknown>) => unknown;
        dispatchEvent(event: unknown): boolean;
      };
      const init = (buttons: number): Record<string, unknown> => ({ bubbles: true, cancelable: true, clientX: at.x, clientY: at.y, button: 0, buttons });
      (host.document.elementFromPoint(at.x, at.y) ?? host.document.body).dispatchEvent(new host.MouseEvent('mousedown', init(1)));
      host.dispatchEvent(new host.MouseEvent('mouseup', init(0)));
    }, { x: leftmost?.x ?? 0, y: leftmost?.y ?? 0 });
    await page.waitForFunction((id) => (globalThis as unknown as BenchHost).__bench?.probe()?.selectedIds().includes(id) === true, leftmost?.id ?? '');
    await expect(probe(page, 'selectedIds')).resolves.toEqual([leftmost?.id]);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 240000);
});
