/**
 * The page loads its graph through GET /api/graph, not through an export: 30 reloads in a minute, with the
 * export limit at its default of 10 a minute, still draw the whole graph, and the reloads after the first are
 * answered from the browser's cache after a 304.
 */
import { mkdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, SCREENSHOTS, waitForExplorer } from '../support/browser';
import { removeTempDirs } from '../support/temp-dirs';
import { startTestServer, type TestServer } from '../support/test-server';


interface Probe {
  isStarted(): boolean;
  isReady(): boolean;
  nodeCount(): number;
}
type ProbeHost = { __multivector?: Probe };

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // The export limit as shipped (10 a minute), not the test servers' usual lifted one.
  server = await startTestServer({ env: { RATE_LIMIT_EXPORT: '10' } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  removeTempDirs();
});

async function waitForGraph(page: Page): Promise<number> {
  await waitForExplorer(page);
  return page.evaluate(() => (globalThis as unknown as ProbeHost).__multivector?.nodeCount() ?? 0);
}

test('when the page is reloaded 30 times in a minute, every load draws the whole graph and shows no error', async () => {
  const health = (await (await fetch(`${server.baseUrl}/api/health`)).json()) as { nodes: number };
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  // What the server answered (the page sees a 304 as the cached 200 it revalidated).
  const graphStatuses: number[] = [];
  server.app.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    // Express has routed the request by now and rewritten req.url; originalUrl is what was asked.
    const asked = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url;
    if (asked === '/api/graph') res.once('finish', () => graphStatuses.push(res.statusCode));
  });
  await page.goto(server.baseUrl);
  expect(await waitForGraph(page)).toBe(health.nodes);
  for (let i = 1; i < 30; i += 1) {
    await page.reload();
    expect(await waitForGraph(page)).toBe(health.nodes);
  }
  await page.screenshot({ path: path.join(SCREENSHOTS, 'page-after-30-reloads.png') });
  expect(await page.locator('.message-error').count()).toBe(0);
  expect(errors).toEqual([]);
  expect(graphStatuses).toHaveLength(30);
  expect(graphStatuses[0]).toBe(200);
  // The browser revalidates with If-None-Match: the later loads are 304s, served from its cache.
  expect(graphStatuses.filter((s) => s === 304)).toHaveLength(29);
  expect(graphStatuses.every((s) => s === 200 || s === 304)).toBe(true);
  await context.close();
}, 180_000);
