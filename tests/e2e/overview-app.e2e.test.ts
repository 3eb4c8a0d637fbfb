/**
 * The real app drawing an overview (issue 20): the seed graph plus an imported ring of 600 countries and bases,
 * about 2,000 elements, so the explorer draws it on the overview layer with only a few nodes in Cytoscape. What
 * users rely on must still work on nodes drawn only by the layer: hover shows the tooltip, a click opens the
 * details, search focuses a node, rings lay the graph out around it (the export of an overview is tested in large-view.e2e.test.ts). Screenshots
 * go to artifacts/screenshots/overview-app-*.png.
 */
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
