/**
 * The real app drawing an overview (issue 20): the seed graph plus an imported ring of 600 countries and bases,
 * about 2,000 elements, so the explorer draws it on the overview layer with only a few nodes in Cytoscape. What
 * users rely on must still work on nodes drawn only by the layer: hover shows the tooltip, a click opens the
 * details, search focuses a node, rings lay the graph out around it, a Shift+drag box selects every node drawn
 * inside it (the export of an overview is tested in large-view.e2e.test.ts). Screenshots go to
 * artifacts/screenshots/overview-app-*.png.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Graph } from '../../server/domain/graph-model';
import { openExplorer, pickNode, SCREENSHOTS, useExplorerHarness } from '../support/browser';
import { DOC } from '../support/import-fixtures';

interface Probe {
  isSettled(): boolean;
  nodeCount(): number;
  detailTier(): string;
  heldNodeIds(): string[];
  drawnNodeIds(): string[];
  groupIds(): { nodes: string[]; edges: string[] };
  nodeScreenPoint(id: string): { x: number; y: number } | null;
  selectedIds(): string[];
  nodePosition(id: string): { x: number; y: number } | null;
  lastLayout(): { kind: string; count: number };
}
type ProbeHost = { __multivector?: Probe };

const TOKEN = 'overview-test-token-0123456789abcdef';
const harness = useExplorerHarness({ env: { ADMIN_TOKEN: TOKEN } });
const RING = 600;

/** A ring of countries, each hosting a base: 2 × RING nodes, 2 × RING edges, every node of degree 2 or 1. */
function ring(): Graph & { documents: (typeof DOC)[] } {
  const nodes: Graph['nodes'] = [];
  const edges: Graph['edges'] = [];
  const source = [{ document: DOC.id, quote: 'A ring of countries for the overview test.' }];
  for (let i = 0; i < RING; i++) {
    nodes.push({ id: `ov-c${i}`, kind: 'Country', name: `Overview Country ${i}`, aliases: [], properties: {} });
    nodes.push({ id: `ov-b${i}`, kind: 'MilitaryBase', name: `Overview Base ${i}`, aliases: [], properties: {} });
    edges.push({ id: `ov-h${i}`, type: 'HOSTS_BASE', source: `ov-c${i}`, target: `ov-b${i}`, properties: {}, sources: source });
    edges.push({ id: `ov-n${i}`, type: 'BORDERS', source: `ov-c${i}`, target: `ov-c${(i + 1) % RING}`, properties: {}, sources: source });
  }
  return { documents: [DOC], nodes, edges };
}

function probe<M extends keyof Probe>(page: Page, method: M, ...args: Parameters<Probe[M]>): Promise<ReturnType<Probe[M]>> {
  return page.evaluate(
    ({ method: name, args: values }) => {
      const p = (globalThis as unknown as ProbeHost).__multivector;
      if (p === undefined) throw new Error('the page has no window.__multivector probe');
      return (p[name] as (...a: unknown[]) => unknown)(...values);
    },
    { method, args: args as unknown[] },
  ) as Promise<ReturnType<Probe[M]>>;
}

/** Waits until the details panel is titled exactly `title`. */
async function detailsTitled(page: Page, title: string): Promise<void> {
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await page.locator('.details .details-title', { hasText: new RegExp(`^${escaped}$`) }).waitFor();
}

async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.isSettled() === true);
}

/** The screen point of a ring base Cytoscape does not hold, farthest from the canvas centre (nothing overlaps it). */
async function outlyingLayerNode(page: Page): Promise<{ id: string; x: number; y: number }> {
  const held = new Set(await probe(page, 'heldNodeIds'));
  const box = await page.locator('#graph').boundingBox();
  const centre = { x: (box?.x ?? 0) + (box?.width ?? 0) / 2, y: (box?.y ?? 0) + (box?.height ?? 0) / 2 };
  let best: { id: string; x: number; y: number; d: number } | null = null;
  for (let i = 0; i < RING; i++) {
    const id = `ov-b${i}`;
    if (held.has(id)) continue;
    const at = await probe(page, 'nodeScreenPoint', id);
    if (at === null) continue;
    const d = Math.hypot(at.x - centre.x, at.y - centre.y);
    if (best === null || d > best.d) best = { id, x: at.x, y: at.y, d };
  }
  if (best === null) throw new Error('no ring base is drawn on the layer alone');
  return best;
}

beforeAll(async () => {
  const response = await fetch(`${harness.server.baseUrl}/api/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(ring()),
  });
  if (response.status !== 201) throw new Error(`import failed: ${response.status} ${await response.text()}`);
}, 120000);

test('an overview of about 2,000 elements: hover, click, search and rings work on nodes drawn by the layer', async () => {
  const page = await openExplorer(harness.browser, harness.server.baseUrl);
  await page.waitForFunction((count) => ((globalThis as unknown as ProbeHost).__multivector?.nodeCount() ?? 0) >= count, 2 * RING);
  await settled(page);
  await expect(probe(page, 'detailTier')).resolves.toBe('overview');
  expect((await probe(page, 'heldNodeIds')).length).toBeLessThan(200);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'overview-app-drawn.png') });

  // Hover: the node under the pointer is handed to Cytoscape, which shows its tooltip.
  const base = await outlyingLayerNode(page);
  await page.mouse.move(base.x, base.y);
  const tooltip = page.locator('#canvas-tooltip');
  await tooltip.waitFor({ state: 'visible' });
  expect(await tooltip.textContent()).toContain(`Overview Base ${base.id.slice('ov-b'.length)}`);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'overview-app-tooltip.png') });

  // Click: the details open on it and it is drawn selected.
  await page.mouse.click(base.x, base.y);
  await detailsTitled(page, `Overview Base ${base.id.slice('ov-b'.length)}`);
  await page.waitForFunction((id) => (globalThis as unknown as ProbeHost).__multivector?.selectedIds().includes(id) === true, base.id);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'overview-app-selected.png') });

  // Search: picking another ring country focuses it, whether or not Cytoscape held it before.
  await pickNode(page, '#search-input', 'Overview Country 17');
  await detailsTitled(page, 'Overview Country 17');
  await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.selectedIds().includes('ov-c17') === true);
  await settled(page);
  const focused = await probe(page, 'nodeScreenPoint', 'ov-c17');
  expect(focused).not.toBeNull();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'overview-app-search.png') });

  // Rings around the selected country, laid out on the overview's model: its two neighbouring countries and its
  // base share the first ring, and the countries two steps along the ring are farther out.
  await page.locator('#layout-concentric').click();
  await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.lastLayout().kind === 'concentric');
  await settled(page);
  const from = async (id: string): Promise<number> => {
    const [a, b] = await Promise.all([probe(page, 'nodePosition', 'ov-c17'), probe(page, 'nodePosition', id)]);
    return Math.hypot((a?.x ?? 0) - (b?.x ?? 0), (a?.y ?? 0) - (b?.y ?? 0));
  };
  const first = await from('ov-c16');
  expect(await from('ov-c18')).toBeCloseTo(first, 0);
  expect(await from('ov-b17')).toBeCloseTo(first, 0);
  expect(await from('ov-c15')).toBeGreaterThan(first);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'overview-app-rings.png') });
  await page.close();
}, 240000);

test('on an overview a Shift+drag box selects every node drawn inside it, and the group bar exports and hides exactly those', async () => {
  const page = await openExplorer(harness.browser, harness.server.baseUrl);
  await page.waitForFunction((count) => ((globalThis as unknown as ProbeHost).__multivector?.nodeCount() ?? 0) >= count, 2 * RING);
  await settled(page);
  await expect(probe(page, 'detailTier')).resolves.toBe('overview');
  const canvas = await page.locator('#graph').boundingBox();
  if (canvas === null) throw new Error('no canvas');
  // Every drawn node's screen point, read in one call (a probe call per node would be 1,300 round trips).
  const points = await page.evaluate(() => {
    const p = (globalThis as unknown as ProbeHost).__multivector;
    if (p === undefined) throw new Error('the page has no window.__multivector probe');
    return p.drawnNodeIds().map((id) => ({ id, at: p.nodeScreenPoint(id) }));
  });
  // A box from near the canvas's top left corner to its centre, a quarter of the drawing, started on the background
  // (a press on a node would drag it instead).
  const from = { x: Math.round(canvas.x + 12), y: Math.round(canvas.y + 12) };
  const to = { x: Math.round(canvas.x + canvas.width * 0.42), y: Math.round(canvas.y + canvas.height * 0.42) };
  const near = (p: { x: number; y: number }, q: { x: number; y: number }): boolean => Math.hypot(p.x - q.x, p.y - q.y) < 14;
  for (let tries = 0; points.some(({ at }) => at !== null && near(at, from)); tries++) {
    if (tries > 40) throw new Error('no free background near the box corner');
    from.x += 7;
    from.y += 5;
  }
  // Whole pixels, as the pointer reports them, and sides where no node lies within half a pixel, so that no node
  // can fall either way by a rounding: the far corner is moved, a pixel at a time, until its sides pass clear.
  const clear = (corner: { x: number; y: number }): boolean =>
    points.every(({ at }) => {
      if (at === null) return true;
      const spansY = at.y > from.y - 0.5 && at.y < corner.y + 0.5;
      const spansX = at.x > from.x - 0.5 && at.x < corner.x + 0.5;
      const onX = Math.abs(at.x - from.x) < 0.5 || Math.abs(at.x - corner.x) < 0.5;
      const onY = Math.abs(at.y - from.y) < 0.5 || Math.abs(at.y - corner.y) < 0.5;
      return !((spansY && onX) || (spansX && onY));
    });
  const candidates = Array.from({ length: 80 * 80 }, (_, i) => ({ x: to.x + (i % 80), y: to.y + Math.floor(i / 80) }));
  const corner = candidates.find(clear);
  if (corner === undefined) throw new Error('no box sides clear of nodes');
  Object.assign(to, corner);
  const expected = points
    .filter(({ at }) => at !== null && at.x >= from.x && at.x <= to.x && at.y >= from.y && at.y <= to.y)
    .map(({ id }) => id)
    .sort();
  // Far more than Cytoscape holds, or the test would not tell the two ways of selecting apart.
  expect(expected.length).toBeGreaterThan(100);

  await page.keyboard.down('Shift');
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 10 });
  await page.screenshot({ path: path.join(SCREENSHOTS, 'overview-app-box-drawing.png') });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await page.locator('#group-bar').waitFor({ state: 'visible' });
  await settled(page);
  const group = await probe(page, 'groupIds');
  expect(group.nodes).toEqual(expected);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'overview-app-box-selected.png') });

  await page.locator('#group-export-format').selectOption('json');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#group-export').click()]);
  const file = path.join(SCREENSHOTS, '..', 'overview-box-export.json');
  await download.saveAs(file);
  const exported = JSON.parse(readFileSync(file, 'utf8')) as Graph;
  expect(exported.nodes.map((n) => n.id).sort()).toEqual(group.nodes);
  expect(exported.edges.map((e) => e.id).sort()).toEqual(group.edges);

  // Hide from the bar: exactly the boxed nodes leave the drawing.
  await page.locator('#group-hide').click();
  await page.waitForFunction((n) => (globalThis as unknown as ProbeHost).__multivector?.drawnNodeIds().length === n, points.length - expected.length);
  const left = new Set(await probe(page, 'drawnNodeIds'));
  expect(expected.filter((id) => left.has(id))).toEqual([]);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'overview-app-box-hidden.png') });
  await page.close();
}, 240000);
