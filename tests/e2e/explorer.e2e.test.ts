/**
 * The explorer page in headless Chromium against the real app (Express, embedded Kuzu seeded from
 * graph-seed/, the built client): the walking skeleton from the browser through the API to the engine and
 * back. Screenshots of the key steps go to artifacts/screenshots/. Run with `npm run test:e2e`.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { removeTempDirs } from '../support/temp-dirs';
import { startTestServer, type TestServer } from '../support/test-server';

const SCREENSHOTS = path.join(__dirname, '..', '..', 'artifacts', 'screenshots');

/** The read-only probe the page publishes as window.__multivector (client/src/main.ts). */
interface Probe {
  isReady(): boolean;
  isSettled(): boolean;
  nodeCount(): number;
  edgeCount(): number;
  edgeScreenPoint(id: string): { x: number; y: number } | null;
  highlightedIds(): string[];
  selection(): { kind: 'node' | 'edge'; id: string } | null;
  pathCount(): number;
}
type ProbeHost = { __multivector?: Probe };

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
/** Uncaught errors and console errors of every page, checked after each test. */
let pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startTestServer();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
  removeTempDirs();
});

afterEach(() => {
  const errors = pageErrors;
  pageErrors = [];
  expect(errors).toEqual([]);
});

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** Opens the explorer in a fresh page and waits until the whole graph is laid out and drawn. */
async function openExplorer(options: { expectErrors?: boolean } = {}): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  if (options.expectErrors !== true) {
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`);
    });
  }
  // Any alert would mean text from the data ran as markup.
  page.on('dialog', (dialog) => {
    pageErrors.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(server.baseUrl);
  await page.waitForFunction(() => {
    const probe = (globalThis as unknown as ProbeHost).__multivector;
    return probe !== undefined && probe.isReady() && probe.nodeCount() > 10;
  });
  return page;
}

type ProbeMethod = keyof Probe;

/** Calls one method of the page's probe, e.g. probe(page, 'edgeScreenPoint', id). */
function probe<M extends ProbeMethod>(page: Page, method: M, ...args: Parameters<Probe[M]>): Promise<ReturnType<Probe[M]>> {
  return page.evaluate(
    ({ method: name, args: values }) => {
      const p = (globalThis as unknown as ProbeHost).__multivector;
      if (p === undefined) throw new Error('the page has no window.__multivector probe');
      return (p[name] as (...a: unknown[]) => ReturnType<Probe[M]>)(...values);
    },
    { method, args: args as unknown[] },
  ) as Promise<ReturnType<Probe[M]>>;
}

async function waitForSettledCamera(page: Page): Promise<void> {
  await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.isSettled() === true);
}

/** Types into a node picker like a user and chooses the suggestion named `name`. */
async function pickNode(page: Page, inputSelector: string, name: string): Promise<void> {
  const input = page.locator(inputSelector);
  await input.click();
  await input.pressSequentially(name, { delay: 30 });
  const listId = await input.getAttribute('aria-controls');
  const option = page.locator(`#${listId} [role="option"]`, { hasText: name }).first();
  await option.waitFor();
  await option.click();
}

async function traceDushanbeToMoscow(page: Page): Promise<void> {
  await pickNode(page, '#path-from', 'Dushanbe');
  await pickNode(page, '#path-to', 'Moscow');
  await page.locator('#path-max-hops').fill('3');
  await page.locator('#find-paths').click();
  await page.locator('.path-row').first().waitFor();
}

describe('the explorer page', () => {
  test('draws the whole graph with labelled nodes and names the engine in the header', async () => {
    const page = await openExplorer();
    const nodes = await probe(page, 'nodeCount');
    const edges = await probe(page, 'edgeCount');
    expect(nodes).toBeGreaterThan(10);
    expect(edges).toBeGreaterThan(0);
    await expect(page.locator('.brand-name').textContent()).resolves.toBe('Multivector');
    await expect(page.locator('.engine-badge').textContent()).resolves.toContain('Embedded');
    await expect(page.locator('.header-counts').textContent()).resolves.toMatch(/\d+ nodes · \d+ edges/);
    // The canvas is really painted, not only populated: Cytoscape draws into sized canvas layers.
    const canvasSize = await page.locator('#graph canvas').first().boundingBox();
    expect(canvasSize?.width ?? 0).toBeGreaterThan(300);
    expect(await page.locator('.legend-item').count()).toBeGreaterThan(1);
    await screenshot(page, '01-graph-loaded');
    await page.close();
  });

  test('typing a name suggests matching nodes with their kind, and choosing one shows its details', async () => {
    const page = await openExplorer();
    const input = page.locator('#search-input');
    await input.click();
    await input.pressSequentially('Dushanbe', { delay: 40 });
    const suggestion = page.locator('#search-input-suggestions [role="option"]', { hasText: 'Dushanbe' }).first();
    await suggestion.waitFor();
    await expect(suggestion.locator('.option-name').textContent()).resolves.toBe('Dushanbe');
    await expect(suggestion.locator('.kind-name').textContent()).resolves.toBe('City');
    await screenshot(page, '02-search-suggestions');

    await suggestion.click();
    await expect(page.locator('.details .details-title').textContent()).resolves.toBe('Dushanbe');
    await expect(probe(page, 'selection')).resolves.toEqual({ kind: 'node', id: 'dushanbe' });
    // The connections come from GET /api/nodes/:id: Dushanbe is at least the capital of Tajikistan.
    await page.locator('.details .connection-button').first().waitFor();
    await expect(page.locator('.details').textContent()).resolves.toContain('CAPITAL_OF');
    await waitForSettledCamera(page);
    await screenshot(page, '03-node-details');
    await page.close();
  });

  test('tracing Dushanbe to Moscow within 3 hops lists readable paths, and clicking one highlights it', async () => {
    const page = await openExplorer();
    await traceDushanbeToMoscow(page);
    const rows = page.locator('.path-row');
    expect(await rows.count()).toBeGreaterThanOrEqual(1);
    const firstLine = (await rows.first().locator('.path-line').textContent()) ?? '';
    expect(firstLine).toMatch(/^Dushanbe (—[A-Z_]+→|←[A-Z_]+—) .*Moscow$/);
    await expect(page.locator('.path-status').textContent()).resolves.toContain('within 3 hops');
    await screenshot(page, '04-paths-listed');

    await rows.first().locator('.path-select').click();
    await expect(rows.first().getAttribute('class')).resolves.toContain('is-active');
    const highlighted = await probe(page, 'highlightedIds');
    expect(highlighted).toEqual(expect.arrayContaining(['dushanbe', 'moscow']));
    await waitForSettledCamera(page);
    await screenshot(page, '05-path-highlighted');
    await page.close();
  });

  test('clicking an edge of the highlighted path shows why it is there: its quotes, publishers and dates', async () => {
    const page = await openExplorer();
    await traceDushanbeToMoscow(page);
    await page.locator('.path-row').first().locator('.path-select').click();
    await waitForSettledCamera(page);

    const edgeId = await page.locator('.path-row.is-active .hop-button').first().getAttribute('data-edge-id');
    if (edgeId === null) throw new Error('the active path lists no hop');
    const point = await probe(page, 'edgeScreenPoint', edgeId);
    expect(point).not.toBeNull();
    await page.mouse.click(point?.x ?? 0, point?.y ?? 0);

    await expect(probe(page, 'selection')).resolves.toEqual({ kind: 'edge', id: edgeId });
    const details = page.locator('.details');
    await details.locator('.source-quote').first().waitFor();
    expect(((await details.locator('.source-quote').first().textContent()) ?? '').length).toBeGreaterThan(10);
    // Every seed document names its publisher and date, so each quote must show both.
    const publishers = await details.locator('.source-publisher').allTextContents();
    expect(publishers.length).toBe(await details.locator('.source-quote').count());
    expect(publishers.every((p) => p.length > 0 && p !== 'Publisher not recorded')).toBe(true);
    expect(await details.locator('.source-date').count()).toBe(publishers.length);
    await expect(details.locator('.details-eyebrow').first().textContent()).resolves.toBe('Relationship');
    await screenshot(page, '06-edge-sources');

    // The same answer is one click away in the list: the path's last hop opens its own edge.
    const lastHop = page.locator('.path-row.is-active .hop-button').last();
    const lastEdgeId = await lastHop.getAttribute('data-edge-id');
    await lastHop.click();
    await expect(probe(page, 'selection')).resolves.toEqual({ kind: 'edge', id: lastEdgeId });
    await details.locator('.source-quote').first().waitFor();
    await page.close();
  });

  test('when the API answers with an error, the message area shows its code and message', async () => {
    const page = await openExplorer({ expectErrors: true });
    await page.route('**/api/search?*', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'engine_unavailable', message: 'The graph engine is not reachable.' } }),
      }),
    );
    await page.locator('#search-input').pressSequentially('Mos', { delay: 30 });
    const message = page.locator('#messages .message-error').first();
    await message.waitFor();
    await expect(message.locator('.message-reason').textContent()).resolves.toBe('The graph engine is not reachable.');
    await expect(message.locator('.message-code').textContent()).resolves.toBe('engine_unavailable');
    await screenshot(page, '07-api-error');
    await message.locator('.message-dismiss').click();
    await expect(page.locator('#messages').isHidden()).resolves.toBe(true);
    await page.close();
  });

  test('a name containing markup is shown as text and never runs', async () => {
    const page = await openExplorer();
    const hostile = '<img src=x onerror="globalThis.__pwned=1">';
    await page.route('**/api/search?*', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ nodes: [{ id: 'hostile', kind: '<b>Kind</b>', name: hostile, aliases: [], properties: {} }] }),
      }),
    );
    await page.locator('#search-input').pressSequentially('img', { delay: 30 });
    const option = page.locator('#search-input-suggestions [role="option"]').first();
    await option.waitFor();
    await expect(option.locator('.option-name').textContent()).resolves.toBe(hostile);
    expect(await page.locator('#search-input-suggestions img').count()).toBe(0);
    await expect(page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).resolves.toBeUndefined();
    await page.close();
  });
});
