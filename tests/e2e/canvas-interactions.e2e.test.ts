/**
 * The canvas interactions of issue 18 in headless Chromium against the real app (embedded engine, the seed
 * graph): the context menu by mouse and keyboard, expansion by type from it, hiding an edge, hover tooltips,
 * lasso and box selection exported as exactly their elements, and label collisions measured before and after.
 * Screenshots go to artifacts/screenshots/canvas-*.png.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Graph } from '../../server/domain/graph-model';
import { openExplorer, SCREENSHOTS, useExplorerHarness } from '../support/browser';

interface Probe {
  isSettled(): boolean;
  nodeScreenPoint(id: string): { x: number; y: number } | null;
  edgeScreenPoint(id: string): { x: number; y: number } | null;
  drawnNodeIds(): string[];
  drawnEdgeIds(): string[];
  selection(): { kind: 'node' | 'edge'; id: string } | null;
  groupIds(): { nodes: string[]; edges: string[] };
  labelOverlaps(shownOnly: boolean): { labels: number; overlappingPairs: number };
  labelsSettled(): boolean;
  hiddenLabelIds(): string[];
  pathCount(): number;
  lastLayout(): { kind: string; count: number };
  detailTier(): string;
}
type ProbeHost = { __multivector?: Probe };

const harness = useExplorerHarness();

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

async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const p = (globalThis as unknown as ProbeHost).__multivector;
    return p !== undefined && p.isSettled() && p.labelsSettled();
  });
}

async function api<T>(pathAndQuery: string): Promise<T> {
  const res = await fetch(harness.server.baseUrl + pathAndQuery);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `canvas-${name}.png`) });
}

async function point(page: Page, id: string): Promise<{ x: number; y: number }> {
  const at = await probe(page, 'nodeScreenPoint', id);
  if (at === null) throw new Error(`node ${id} is not on screen`);
  return at;
}

test('right-clicking a node opens its menu; expanding by one type and direction draws exactly new neighbours of that type', async () => {
  const page = await openExplorer(harness.browser, harness.server.baseUrl);
  // A traced path leaves most of the graph off the canvas, so there is something to expand.
  await page.locator('[data-preset="moscow"]').click();
  await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.lastLayout().kind === 'path');
  await settled(page);
  const before = new Set(await probe(page, 'drawnNodeIds'));
  // A drawn node with a neighbour not drawn yet, found through the API, not assumed.
  let chosen: { id: string; type: string; direction: 'out' | 'in'; expected: Set<string> } | null = null;
  for (const id of before) {
    const hood = await api<Graph>(`/api/nodes/${encodeURIComponent(id)}/neighborhood?depth=1&limit=2000`);
    const edge = hood.edges.find((e) => (e.source === id && !before.has(e.target)) || (e.target === id && !before.has(e.source)));
    if (edge === undefined) continue;
    const direction = edge.source === id ? 'out' : 'in';
    const typed = await api<Graph>(`/api/nodes/${encodeURIComponent(id)}/neighborhood?depth=1&limit=2000&types=${edge.type}&direction=${direction}`);
    chosen = { id, type: edge.type, direction, expected: new Set(typed.nodes.map((n) => n.id).filter((n) => n !== id && !before.has(n))) };
    break;
  }
  if (chosen === null) throw new Error('no drawn node has an undrawn neighbour');
  const at = await point(page, chosen.id);
  await page.mouse.click(at.x, at.y, { button: 'right' });
  const menu = page.locator('#canvas-menu');
  await menu.waitFor({ state: 'visible' });
  const item = page.locator(`#menu-expand-${chosen.type}-${chosen.direction}`);
  await item.waitFor();
  expect(Number(await item.locator('.canvas-menu-hint').textContent())).toBeGreaterThan(0);
  await shot(page, 'menu-node');
  await item.click();
  await menu.waitFor({ state: 'hidden' });
  await page.waitForFunction((n) => ((globalThis as unknown as ProbeHost).__multivector?.drawnNodeIds().length ?? 0) > n, before.size);
  await settled(page);
  const added = (await probe(page, 'drawnNodeIds')).filter((id) => !before.has(id));
  expect(added.length).toBeGreaterThan(0);
  // Every new node is a neighbour of that type in that direction (at most the first batch of them is drawn).
  for (const id of added) expect(chosen.expected.has(id)).toBe(true);
  await shot(page, 'menu-expanded');
  await page.close();
}, 120_000);

test('the menu opens from the keyboard (Shift+F10, the ContextMenu key), walks with the arrows and closes on Escape, focus back on the canvas', async () => {
  const page = await openExplorer(harness.browser, harness.server.baseUrl);
  await settled(page);
  const at = await point(page, 'tajikistan');
  await page.mouse.click(at.x, at.y);
  await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.selection()?.id === 'tajikistan');
  await page.locator('#graph').focus();
  await page.keyboard.press('Shift+F10');
  const menu = page.locator('#canvas-menu');
  await menu.waitFor({ state: 'visible' });
  expect(await menu.getAttribute('aria-label')).toBe('Actions for Tajikistan');
  type DocHost = { document: { activeElement: { id: string; getAttribute(name: string): string | null } | null } };
  const focused = (): Promise<string | null> => page.evaluate(() => (globalThis as unknown as DocHost).document.activeElement?.id ?? null);
  expect(await focused()).toBe('menu-expand-all');
  await page.keyboard.press('ArrowDown');
  const second = await focused();
  expect(second).not.toBe('menu-expand-all');
  expect(await page.evaluate(() => (globalThis as unknown as DocHost).document.activeElement?.getAttribute('role'))).toBe('menuitem');
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowDown');
  expect(await focused()).toBe('menu-expand-all');
  await shot(page, 'menu-keyboard');
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'hidden' });
  expect(await focused()).toBe('graph');
  // Escape closed the menu only: the node is still selected.
  expect((await probe(page, 'selection'))?.id).toBe('tajikistan');

  await page.keyboard.press('Escape');
  await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.selection() === null);
  await page.locator('#graph').focus();
  await page.keyboard.press('ContextMenu');
  await menu.waitFor({ state: 'visible' });
  expect(await menu.getAttribute('aria-label')).toBe('Canvas actions');
  await page.keyboard.press('Escape');
  await page.close();
}, 120_000);

test('hovering a node or an edge shows its tooltip, which leaves with the pointer', async () => {
  const page = await openExplorer(harness.browser, harness.server.baseUrl);
  await settled(page);
  const graph = await api<Graph>('/api/graph');
  const tooltip = page.locator('#canvas-tooltip');
  const at = await point(page, 'tajikistan');
  await page.mouse.move(at.x, at.y);
  await tooltip.waitFor({ state: 'visible' });
  expect(await tooltip.textContent()).toContain('Tajikistan');
  expect(await tooltip.textContent()).toContain('Country');
  expect(await tooltip.textContent()).toMatch(/\d+ relationships? drawn/);
  expect(await page.locator('#graph').getAttribute('aria-describedby')).toBe('canvas-tooltip');
  await shot(page, 'tooltip-node');
  const box = await page.locator('#graph').boundingBox();
  if (box === null) throw new Error('no canvas');
  await page.mouse.move(box.x + 4, box.y + box.height - 4);
  await tooltip.waitFor({ state: 'hidden' });
  expect(await page.locator('#graph').getAttribute('aria-describedby')).toBeNull();

  // An edge with evidence, far enough from its ends that the pointer is over the line only.
  const drawnEdges = new Set(await probe(page, 'drawnEdgeIds'));
  let shown = false;
  for (const edge of graph.edges.filter((e) => drawnEdges.has(e.id) && e.sources.length > 0)) {
    const mid = await probe(page, 'edgeScreenPoint', edge.id);
    if (mid === null) continue;
    await page.mouse.move(mid.x, mid.y);
    const visible = await tooltip.isVisible();
    const text = (await tooltip.textContent()) ?? '';
    if (!visible || !text.includes('Relationship')) continue;
    // Edges cross: the tooltip is the one under the pointer, which must say what that edge is.
    const under = graph.edges.find((e) => text.startsWith(e.type) && text.includes(`${e.sources.length} source`));
    expect(under).toBeDefined();
    expect(text).toMatch(/→/);
    expect(text).toMatch(/\d+ sources?/);
    shown = true;
    await shot(page, 'tooltip-edge');
    break;
  }
  expect(shown).toBe(true);
  await page.close();
}, 120_000);

test('a lasso selects the nodes inside it and the edges among them, and exports exactly those elements', async () => {
  const page = await openExplorer(harness.browser, harness.server.baseUrl);
  await settled(page);
  const graph = await api<Graph>('/api/graph');
  const drawnNodes = await probe(page, 'drawnNodeIds');
  const centre = await point(page, 'tajikistan');
  // An octagon of radius 140 px around Tajikistan, drawn with Alt held.
  const outline = Array.from({ length: 9 }, (_, i) => ({
    x: centre.x + 140 * Math.cos((2 * Math.PI * i) / 8),
    y: centre.y + 140 * Math.sin((2 * Math.PI * i) / 8),
  }));
  await page.keyboard.down('Alt');
  await page.mouse.move(outline[0]!.x, outline[0]!.y);
  await page.mouse.down();
  for (const p of outline.slice(1)) await page.mouse.move(p.x, p.y, { steps: 4 });
  await shot(page, 'lasso-drawing');
  await page.mouse.up();
  await page.keyboard.up('Alt');
  await page.waitForFunction(() => ((globalThis as unknown as ProbeHost).__multivector?.groupIds().nodes.length ?? 0) > 0);
  const group = await probe(page, 'groupIds');
  // The nodes inside the outline, computed here from the drawn positions (the regular octagon's inscribed
  // circle and circumcircle bound it: nodes clearly inside or outside must be classified so).
  for (const id of drawnNodes) {
    const p = await probe(page, 'nodeScreenPoint', id);
    if (p === null) continue;
    const r = Math.hypot(p.x - centre.x, p.y - centre.y);
    if (r < 140 * Math.cos(Math.PI / 8) - 2) expect(group.nodes).toContain(id);
    if (r > 142) expect(group.nodes).not.toContain(id);
  }
  const inGroup = new Set(group.nodes);
  const drawnEdgeIds = new Set(await probe(page, 'drawnEdgeIds'));
  const among = graph.edges.filter((e) => drawnEdgeIds.has(e.id) && inGroup.has(e.source) && inGroup.has(e.target)).map((e) => e.id).sort();
  expect(group.edges).toEqual(among);
  await page.locator('#group-bar').waitFor({ state: 'visible' });
  await shot(page, 'lasso-selected');

  await page.locator('#group-export-format').selectOption('json');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#group-export').click()]);
  const file = path.join(SCREENSHOTS, '..', 'canvas-lasso-export.json');
  await download.saveAs(file);
  const exported = JSON.parse(readFileSync(file, 'utf8')) as Graph;
  expect(exported.nodes.map((n) => n.id).sort()).toEqual(group.nodes);
  expect(exported.edges.map((e) => e.id).sort()).toEqual(group.edges);

  // Hide from the bar: the selection leaves the canvas, and "Show hidden" in the background menu brings it back.
  await page.locator('#group-hide').click();
  await page.waitForFunction((n) => (globalThis as unknown as ProbeHost).__multivector?.drawnNodeIds().length === n, drawnNodes.length - group.nodes.length);
  await page.locator('#group-bar').waitFor({ state: 'hidden' });
  const box = await page.locator('#graph').boundingBox();
  if (box === null) throw new Error('no canvas');
  await page.mouse.click(box.x + 6, box.y + box.height - 6, { button: 'right' });
  await page.locator('#menu-show-hidden').click();
  await page.waitForFunction((n) => (globalThis as unknown as ProbeHost).__multivector?.drawnNodeIds().length === n, drawnNodes.length);
  await page.close();
}, 120_000);

test('a Shift+drag box selects the nodes in it; right-click on an edge hides that edge alone', async () => {
  const page = await openExplorer(harness.browser, harness.server.baseUrl);
  await settled(page);
  const centre = await point(page, 'tajikistan');
  await page.keyboard.down('Shift');
  await page.mouse.move(centre.x - 90, centre.y - 90);
  await page.mouse.down();
  await page.mouse.move(centre.x + 90, centre.y + 90, { steps: 8 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await page.waitForFunction(() => ((globalThis as unknown as ProbeHost).__multivector?.groupIds().nodes.length ?? 0) > 0);
  const boxed = (await probe(page, 'groupIds')).nodes;
  expect(boxed).toContain('tajikistan');
  // A small view keeps Cytoscape's own box test (a node wholly inside is in): every node centred well inside is
  // caught, and none centred outside.
  await expect(probe(page, 'detailTier')).resolves.toBe('full');
  for (const id of await probe(page, 'drawnNodeIds')) {
    const p = await probe(page, 'nodeScreenPoint', id);
    if (p === null) continue;
    const off = Math.max(Math.abs(p.x - centre.x), Math.abs(p.y - centre.y));
    if (off < 90 - 45) expect(boxed).toContain(id);
    if (off > 90) expect(boxed).not.toContain(id);
  }
  await shot(page, 'box-selected');
  // A click on the background clears the group.
  const box = await page.locator('#graph').boundingBox();
  if (box === null) throw new Error('no canvas');
  await page.mouse.click(box.x + 6, box.y + box.height - 6);
  await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.groupIds().nodes.length === 0);

  const edges = await probe(page, 'drawnEdgeIds');
  const nodesBefore = (await probe(page, 'drawnNodeIds')).length;
  let hidden: string | null = null;
  for (const id of edges) {
    const mid = await probe(page, 'edgeScreenPoint', id);
    if (mid === null) continue;
    await page.mouse.click(mid.x, mid.y, { button: 'right' });
    const menu = page.locator('#canvas-menu');
    await menu.waitFor({ state: 'visible' });
    const label = (await menu.getAttribute('aria-label')) ?? '';
    if (!label.includes('relationship')) {
      await page.keyboard.press('Escape');
      continue;
    }
    const before = new Set(await probe(page, 'drawnEdgeIds'));
    await page.locator('#menu-hide-edge').click();
    await page.waitForFunction((n) => (globalThis as unknown as ProbeHost).__multivector?.drawnEdgeIds().length === n, before.size - 1);
    const after = new Set(await probe(page, 'drawnEdgeIds'));
    hidden = [...before].find((e) => !after.has(e)) ?? null;
    break;
  }
  expect(hidden).not.toBeNull();
  expect((await probe(page, 'drawnNodeIds')).length).toBe(nodesBefore);
  await page.close();
}, 120_000);

test('names that would overlap are hidden by priority, in the force layout and in rings, and show on hover', async () => {
  const page = await openExplorer(harness.browser, harness.server.baseUrl);
  await settled(page);
  const measure = async (layout: string): Promise<void> => {
    const all = await probe(page, 'labelOverlaps', false);
    const shown = await probe(page, 'labelOverlaps', true);
    console.log(`label overlaps (${layout}): ${all.overlappingPairs} pairs among ${all.labels} names without collision handling; ${shown.overlappingPairs} among the ${shown.labels} shown`);
    expect(all.overlappingPairs).toBeGreaterThan(0);
    expect(shown.overlappingPairs).toBe(0);
    // Most names still show.
    expect(shown.labels).toBeGreaterThan(all.labels / 2);
  };
  await measure('force');
  await shot(page, 'labels-force');
  // Closer in, more names are big enough to be drawn, and more of them meet.
  await page.locator('#graph').focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('+');
  await settled(page);
  await measure('force, zoomed in 2x');
  await shot(page, 'labels-force-zoomed');
  // A hidden name shows while its node is hovered, and hides again when the pointer leaves.
  let revealed = false;
  for (const id of await probe(page, 'hiddenLabelIds')) {
    const at = await probe(page, 'nodeScreenPoint', id);
    if (at === null) continue;
    await page.mouse.move(at.x, at.y);
    const shown = await page
      .waitForFunction((n) => !((globalThis as unknown as ProbeHost).__multivector?.hiddenLabelIds().includes(n) ?? true), id, { timeout: 2000 })
      .then(() => true, () => false);
    // Another node drawn over this one may have taken the pointer: try the next.
    if (!shown) continue;
    await shot(page, 'labels-hover-reveals');
    const box = await page.locator('#graph').boundingBox();
    await page.mouse.move((box?.x ?? 0) + 4, (box?.y ?? 0) + (box?.height ?? 0) - 4);
    await page.waitForFunction((n) => (globalThis as unknown as ProbeHost).__multivector?.hiddenLabelIds().includes(n) === true, id);
    revealed = true;
    break;
  }
  expect(revealed).toBe(true);

  const at = await point(page, 'tajikistan');
  await page.mouse.click(at.x, at.y);
  await page.locator('#graph').focus();
  await page.keyboard.press('c');
  await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.lastLayout().kind === 'concentric');
  await settled(page);
  await measure('concentric');
  await shot(page, 'labels-rings');
  await page.close();
}, 120_000);

test('"Trace paths from here" and "to here" from two node menus trace the paths; "Select all" then Expand grows a path view', async () => {
  const page = await openExplorer(harness.browser, harness.server.baseUrl);
  await settled(page);
  const openMenuOn = async (id: string): Promise<void> => {
    const at = await point(page, id);
    await page.mouse.click(at.x, at.y, { button: 'right' });
    await page.locator('#canvas-menu').waitFor({ state: 'visible' });
  };
  await openMenuOn('tajikistan');
  await page.locator('#menu-trace-from').click();
  await page.locator('#canvas-menu').waitFor({ state: 'hidden' });
  await openMenuOn('russia');
  await page.locator('#menu-trace-to').click();
  await page.waitForFunction(() => ((globalThis as unknown as ProbeHost).__multivector?.pathCount() ?? 0) > 0);
  await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.lastLayout().kind === 'path');
  await settled(page);
  expect(await page.locator('#path-from').inputValue()).toContain('Tajikistan');
  expect(await page.locator('#path-to').inputValue()).toContain('Russia');
  await shot(page, 'menu-traced');

  // The path view holds a few nodes: select them all from the background menu and expand them together.
  const before = await probe(page, 'drawnNodeIds');
  const box = await page.locator('#graph').boundingBox();
  if (box === null) throw new Error('no canvas');
  await page.mouse.click(box.x + 6, box.y + box.height - 6, { button: 'right' });
  await page.locator('#menu-select-all').click();
  await page.waitForFunction((n) => (globalThis as unknown as ProbeHost).__multivector?.groupIds().nodes.length === n, before.length);
  await page.locator('#group-expand').click();
  await page.waitForFunction((n) => ((globalThis as unknown as ProbeHost).__multivector?.drawnNodeIds().length ?? 0) > n, before.length);
  await settled(page);
  // Every node drawn now is one of the path's or a neighbour of one of them.
  const drawn = await probe(page, 'drawnNodeIds');
  const neighbours = new Set(before);
  for (const id of before) {
    const hood = await api<Graph>(`/api/nodes/${encodeURIComponent(id)}/neighborhood?depth=1&limit=2000`);
    for (const n of hood.nodes) neighbours.add(n.id);
  }
  for (const id of drawn) expect(neighbours.has(id)).toBe(true);
  await shot(page, 'group-expanded');
  await page.close();
}, 120_000);

test('search-first start (?start=search): an overview of the hubs and a prompt; a search draws from there, "Draw everything" draws all', async () => {
  const page = await harness.browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${harness.server.baseUrl}/?start=search`);
  const prompt = page.locator('#start-prompt');
  await prompt.waitFor({ state: 'visible' });
  await page.waitForFunction(() => ((globalThis as unknown as ProbeHost).__multivector?.drawnNodeIds().length ?? 0) > 0);
  const overview = await api<Graph>('/api/overview?hubs=40');
  await settled(page);
  expect((await probe(page, 'drawnNodeIds')).sort()).toEqual(overview.nodes.map((n) => n.id).sort());
  const health = await api<{ nodes: number; edges: number }>('/api/health');
  expect(await prompt.textContent()).toContain(`${health.nodes} nodes and ${health.edges} relationships`);
  // The prompt hands the keyboard to the search field.
  expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id)).toBe('search-input');
  await shot(page, 'start-search-first');

  // A node that is not among the hubs, found by search, comes onto the canvas and the prompt leaves.
  const graph = await api<Graph>('/api/graph');
  const hubs = new Set(overview.nodes.map((n) => n.id));
  const other = graph.nodes.find((n) => !hubs.has(n.id) && n.kind === 'City' && graph.edges.some((e) => e.source === n.id || e.target === n.id));
  if (other === undefined) throw new Error('every city is a hub');
  await page.locator('#search-input').pressSequentially(other.name, { delay: 20 });
  const listId = await page.locator('#search-input').getAttribute('aria-controls');
  await page.locator(`#${listId} [role="option"]`, { hasText: other.name }).first().click();
  await page.waitForFunction((id) => (globalThis as unknown as ProbeHost).__multivector?.drawnNodeIds().includes(id) === true, other.id);
  await prompt.waitFor({ state: 'hidden' });

  await page.goto(`${harness.server.baseUrl}/?start=search`);
  await prompt.waitFor({ state: 'visible' });
  await page.locator('#start-draw-all').click();
  await page.waitForFunction((n) => (globalThis as unknown as ProbeHost).__multivector?.drawnNodeIds().length === n, graph.nodes.length);
  await prompt.waitFor({ state: 'hidden' });
  await page.close();
}, 120_000);

test('the seed graph (under the threshold) opens whole, without the prompt', async () => {
  const page = await openExplorer(harness.browser, harness.server.baseUrl);
  const graph = await api<Graph>('/api/graph');
  expect(await probe(page, 'drawnNodeIds')).toHaveLength(graph.nodes.length);
  expect(await page.locator('#start-prompt').isVisible()).toBe(false);
  await page.close();
}, 60_000);
