/**
 * Browser history and what the view counts and exports, in headless Chromium against the real app: Back and
 * Forward walk through views (a selection, a traced path) without leaving the app; a URL carries zoom and pan,
 * and a reload opens there; the header, toolbar and legend count the drawn elements after hides, legend
 * switches and the year; "current view" export holds exactly the drawn node and edge ids.
 * Screenshots go to artifacts/screenshots/ (view-history-*.png).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Graph } from '../../server/domain/graph-model';
import { openExplorer, pickNode, SCREENSHOTS, useExplorerHarness, waitForExplorer } from '../support/browser';

interface Camera {
  zoom: number;
  x: number;
  y: number;
}

/** The page's read-only probe (window.__multivector, client/src/main.ts), as much as this file reads. */
interface Probe {
  isSettled(): boolean;
  selection(): { kind: 'node' | 'edge'; id: string } | null;
  pathCount(): number;
  highlightedIds(): string[];
  drawnNodeIds(): string[];
  drawnEdgeIds(): string[];
  nodeScreenPoint(id: string): { x: number; y: number } | null;
  camera(): Camera | null;
  year(): number | null;
}
type ProbeHost = { __multivector?: Probe };
/** What this file reads of the page's window (the test project has no DOM types). */
type PageWindow = {
  location: { href: string };
  history: { length: number; state: unknown };
  document: { activeElement: { blur?: () => void } | null };
};

const harness = useExplorerHarness();

async function probe<K extends keyof Probe>(page: Page, key: K, ...args: Parameters<Probe[K]>): Promise<ReturnType<Probe[K]>> {
  return page.evaluate(
    ([k, a]) => {
      const p = (globalThis as unknown as ProbeHost).__multivector as unknown as Record<string, (...x: unknown[]) => unknown>;
      return p[k as string]?.(...(a as unknown[]));
    },
    [key, args] as const,
  ) as Promise<ReturnType<Probe[K]>>;
}

async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.isSettled() === true);
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `view-history-${name}.png`) });
}

const param = (page: Page, name: string): string | null => new URL(page.url()).searchParams.get(name);
/** How many entries the tab's history holds. */
const historyLength = (page: Page): Promise<number> => page.evaluate(() => (globalThis as unknown as PageWindow).history.length);
/** Resolves once the page's own URL has `name` = `value` (written by the app, so read in the page). */
async function waitForParam(page: Page, name: string, value: string): Promise<void> {
  await page.waitForFunction(([n, v]) => new URL((globalThis as unknown as PageWindow).location.href).searchParams.get(n) === v, [name, value] as const);
}
const sorted = (ids: readonly string[]): string[] => [...ids].sort();

async function open(search = ''): Promise<Page> {
  const page = await harness.browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${harness.server.baseUrl}/${search}`);
  await waitForExplorer(page);
  return page;
}

describe('browser history walks through views', () => {
  test('select a node, trace a path; Back shows the node selected and no path, Forward the path again', async () => {
    const page = await openExplorer(harness.browser, harness.server.baseUrl);
    const overview = sorted(await probe(page, 'drawnNodeIds'));
    const startLength = await historyLength(page);

    await pickNode(page, '#search-input', 'Tajikistan');
    await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.selection()?.id === 'tajikistan');
    await waitForParam(page, 'focus', 'tajikistan');
    await settled(page);
    // Zoomed in on the selection: the entry keeps this camera, and Back brings it back.
    await page.locator('#tool-zoom-in').click();
    await settled(page);
    const selectedCamera = await probe(page, 'camera');
    if (selectedCamera === null) throw new Error('no camera');
    await waitForParam(page, 'zoom', String(Math.round(selectedCamera.zoom * 1000) / 1000));

    await page.locator('[data-preset="moscow"]').click();
    await page.waitForFunction(() => ((globalThis as unknown as ProbeHost).__multivector?.highlightedIds().length ?? 0) > 0);
    await waitForParam(page, 'path', '1');
    await settled(page);
    const traced = sorted(await probe(page, 'highlightedIds'));
    const pathCanvas = sorted(await probe(page, 'drawnNodeIds'));
    expect(pathCanvas).not.toEqual(overview);
    // Two views, two entries: the path search and its answer made one, not two.
    expect(await historyLength(page)).toBe(startLength + 2);

    await page.goBack();
    await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.pathCount() === 0);
    expect(await probe(page, 'selection')).toEqual({ kind: 'node', id: 'tajikistan' });
    expect(await probe(page, 'highlightedIds')).toEqual([]);
    expect(sorted(await probe(page, 'drawnNodeIds'))).toEqual(overview);
    expect(param(page, 'focus')).toBe('tajikistan');
    expect(param(page, 'from')).toBeNull();
    await expect(page.locator('.path-row').count()).resolves.toBe(0);
    await settled(page);
    const backCamera = await probe(page, 'camera');
    expect(backCamera?.zoom).toBeCloseTo(selectedCamera.zoom, 2);
    expect(Math.abs((backCamera?.x ?? NaN) - selectedCamera.x)).toBeLessThanOrEqual(1);
    expect(Math.abs((backCamera?.y ?? NaN) - selectedCamera.y)).toBeLessThanOrEqual(1);
    await screenshot(page, '01-back-to-selection');

    await page.goForward();
    await page.waitForFunction(() => ((globalThis as unknown as ProbeHost).__multivector?.highlightedIds().length ?? 0) > 0);
    expect(sorted(await probe(page, 'highlightedIds'))).toEqual(traced);
    expect(sorted(await probe(page, 'drawnNodeIds'))).toEqual(pathCanvas);
    expect(param(page, 'from')).toBe('dushanbe');
    expect(param(page, 'to')).toBe('moscow');
    // Restoring pushed nothing: Forward is still the end of the list, Back twice reaches the first view.
    expect(await historyLength(page)).toBe(startLength + 2);
    await settled(page);
    await screenshot(page, '02-forward-to-path');

    await page.goBack();
    await page.goBack();
    await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.selection() === null);
    expect(param(page, 'focus')).toBeNull();
    expect(new URL(page.url()).origin).toBe(harness.server.baseUrl);
    await page.close();
  });

  test('a year slider moved step by step in one go makes one entry; Back returns to all years', async () => {
    const page = await openExplorer(harness.browser, harness.server.baseUrl);
    const length = await historyLength(page);
    await page.locator('#year-slider').focus();
    for (let i = 0; i < 5; i += 1) await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.year() !== null);
    const year = String(await probe(page, 'year'));
    await waitForParam(page, 'year', year);
    expect(await historyLength(page)).toBe(length + 1);
    await page.goBack();
    await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.year() === null);
    expect(param(page, 'year')).toBeNull();
    await page.close();
  });

  test('after a reload, Back reopens the earlier view from its URL', async () => {
    const page = await openExplorer(harness.browser, harness.server.baseUrl);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`${e.message} ${e.stack ?? ''}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await pickNode(page, '#search-input', 'Tajikistan');
    await waitForParam(page, 'focus', 'tajikistan');
    await page.locator('[data-preset="beijing"]').click();
    await waitForParam(page, 'path', '1');
    await page.reload();
    await waitForExplorer(page);
    await page.waitForFunction(() => ((globalThis as unknown as ProbeHost).__multivector?.highlightedIds().length ?? 0) > 0);

    await page.goBack();
    await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.selection()?.id === 'tajikistan');
    await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.pathCount() === 0);
    if (errors.length > 0) process.stdout.write(`ERRORS ${errors.join('\n')}\n`);
    expect(await probe(page, 'highlightedIds')).toEqual([]);
    expect(param(page, 'from')).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the URL carries zoom and pan', () => {
  test('zooming and panning update the current entry, and a reload opens at that zoom and pan', async () => {
    const page = await openExplorer(harness.browser, harness.server.baseUrl);
    const length = await historyLength(page);
    const initialZoom = (await probe(page, 'camera'))?.zoom ?? NaN;
    for (let i = 0; i < 3; i += 1) await page.locator('#tool-zoom-in').click();
    // Pan by dragging the background: from the canvas corner, where no node is drawn.
    const box = await page.locator('#graph').boundingBox();
    if (box === null) throw new Error('no canvas');
    await page.mouse.move(box.x + 12, box.y + box.height - 12);
    await page.mouse.down();
    await page.mouse.move(box.x + 132, box.y + box.height - 72, { steps: 8 });
    await page.mouse.up();
    await settled(page);
    const camera = await probe(page, 'camera');
    if (camera === null) throw new Error('no camera');
    await waitForParam(page, 'zoom', String(Math.round(camera.zoom * 1000) / 1000));
    await waitForParam(page, 'x', String(Math.round(camera.x)));
    expect(await historyLength(page)).toBe(length);
    const shared = page.url();
    const zoom = Number(param(page, 'zoom'));
    expect(zoom).toBeGreaterThan(initialZoom * 1.5);
    const anchor = (await probe(page, 'drawnNodeIds')).find((id) => id === 'tajikistan') ?? (await probe(page, 'drawnNodeIds'))[0] ?? '';
    const before = await probe(page, 'nodeScreenPoint', anchor);
    await screenshot(page, '03-zoomed-and-panned');

    await page.reload();
    await waitForExplorer(page);
    await settled(page);
    const reopened = await probe(page, 'camera');
    expect(reopened?.zoom).toBeCloseTo(zoom, 3);
    expect(Math.abs((reopened?.x ?? NaN) - Number(param(page, 'x')))).toBeLessThanOrEqual(0.5);
    expect(Math.abs((reopened?.y ?? NaN) - Number(param(page, 'y')))).toBeLessThanOrEqual(0.5);
    expect(page.url()).toBe(shared);
    const after = await probe(page, 'nodeScreenPoint', anchor);
    if (before !== null) {
      expect(Math.abs((after?.x ?? NaN) - before.x)).toBeLessThanOrEqual(2);
      expect(Math.abs((after?.y ?? NaN) - before.y)).toBeLessThanOrEqual(2);
    }
    await screenshot(page, '04-reloaded-at-camera');
    await page.close();
  });

  test('a written link opens at its camera; a malformed one, or one naming no node, is ignored with a calm notice', async () => {
    const page = await open('?zoom=2&x=0&y=0');
    await settled(page);
    const camera = await probe(page, 'camera');
    expect(camera?.zoom).toBeCloseTo(2, 5);
    expect(Math.abs(camera?.x ?? NaN)).toBeLessThan(0.5);
    expect(Math.abs(camera?.y ?? NaN)).toBeLessThan(0.5);
    await page.close();

    const bad = await open('?zoom=lots&x=1&y=2&year=99999&focus=tajikistan');
    await bad.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.selection()?.id === 'tajikistan');
    const notice = bad.locator('.message-info', { hasText: 'Part of the link was not understood' });
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toMatch(/"year", "zoom", "x", "y"/);
    await expect(bad.locator('.message-error').count()).resolves.toBe(0);
    expect(await probe(bad, 'year')).toBeNull();
    await screenshot(bad, '05-malformed-link-notice');
    await bad.close();

    const unknown = await open('?focus=no-such-node');
    await unknown.locator('.message-info', { hasText: 'The linked node is not in the graph' }).waitFor();
    await expect(unknown.locator('.message-error').count()).resolves.toBe(0);
    expect(await probe(unknown, 'selection')).toBeNull();
    await unknown.close();
  });
});

/** The counters' numbers: header "N of M nodes · E of F edges", toolbar, legend. */
async function counters(page: Page): Promise<{ header: string; toolbar: string; kinds: number; categories: number }> {
  const header = (await page.locator('.header-counts').textContent()) ?? '';
  const toolbar = (await page.locator('#drawn-counts').textContent()) ?? '';
  const sum = async (selector: string): Promise<number> =>
    (await page.locator(selector).allTextContents()).reduce((total, text) => total + Number(text), 0);
  return {
    header,
    toolbar,
    kinds: await sum('.legend-toggle[data-kind][aria-pressed="true"] .legend-count'),
    categories: await sum('.legend-toggle[data-category][aria-pressed="true"] .legend-count'),
  };
}

async function expectCountersDrawn(page: Page): Promise<void> {
  await settled(page);
  const nodes = (await probe(page, 'drawnNodeIds')).length;
  const edges = (await probe(page, 'drawnEdgeIds')).length;
  const shown = await counters(page);
  expect(shown.header).toMatch(new RegExp(`^${nodes} of \\d+ nodes · ${edges} of \\d+ edges$`));
  expect(shown.toolbar).toMatch(new RegExp(`^${nodes} (of \\d+ )?nodes · ${edges} (of \\d+ )?edges`));
  expect(shown.kinds).toBe(nodes);
  expect(shown.categories).toBe(edges);
}

describe('what you see is what you count and export', () => {
  test('hiding a node, a legend switch and the year change every counter to the drawn numbers', async () => {
    const page = await openExplorer(harness.browser, harness.server.baseUrl);
    await expectCountersDrawn(page);
    const all = (await probe(page, 'drawnEdgeIds')).length;

    await page.locator('.legend-toggle[data-category="military"]').click();
    await page.waitForFunction((n) => ((globalThis as unknown as ProbeHost).__multivector?.drawnEdgeIds().length ?? n) < n, all);
    await expectCountersDrawn(page);
    // Switched off, the entry counts what it would bring back.
    const offCount = Number(await page.locator('.legend-toggle[data-category="military"] .legend-count').textContent());
    expect(offCount).toBe(all - (await probe(page, 'drawnEdgeIds')).length);

    await pickNode(page, '#search-input', 'Russia');
    await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.selection()?.id === 'russia');
    // Out of the search box, so the key is a shortcut rather than typing.
    await page.evaluate(() => (globalThis as unknown as PageWindow).document.activeElement?.blur?.());
    await page.keyboard.press('h');
    await page.waitForFunction(() => !(globalThis as unknown as ProbeHost).__multivector?.drawnNodeIds().includes('russia'));
    await expectCountersDrawn(page);

    await page.locator('#year-slider').fill('2005');
    await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.year() === 2005);
    await expectCountersDrawn(page);
    await screenshot(page, '06-counters-follow-filters');
    await page.close();
  });

  test('"current view" export after a year and a legend switch holds exactly the drawn node and edge ids', async () => {
    const page = await openExplorer(harness.browser, harness.server.baseUrl);
    await page.locator('#year-slider').fill('2010');
    await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.year() === 2010);
    await page.locator('.legend-toggle[data-category="economic"]').click();
    await settled(page);
    const drawnNodes = sorted(await probe(page, 'drawnNodeIds'));
    const drawnEdges = sorted(await probe(page, 'drawnEdgeIds'));
    // The filters leave out relationships between drawn nodes: what the old export wrote anyway.
    const whole = (await (await fetch(`${harness.server.baseUrl}/api/export?format=json`)).json()) as Graph;
    const drawn = new Set(drawnNodes);
    const among = whole.edges.filter((e) => drawn.has(e.source) && drawn.has(e.target));
    expect(among.length).toBeGreaterThan(drawnEdges.length);

    await page.locator('#export-menu summary').click();
    await page.locator('#export-scope').selectOption('view');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-server-json').click()]);
    const file = path.join(SCREENSHOTS, '..', 'view-history-current-view.json');
    await download.saveAs(file);
    const exported = JSON.parse(readFileSync(file, 'utf8')) as Graph;
    expect(sorted(exported.nodes.map((n) => n.id))).toEqual(drawnNodes);
    expect(sorted(exported.edges.map((e) => e.id))).toEqual(drawnEdges);
    await expect(page.locator('.message-error').count()).resolves.toBe(0);
    await screenshot(page, '07-current-view-exported');
    await page.close();
  });
});
