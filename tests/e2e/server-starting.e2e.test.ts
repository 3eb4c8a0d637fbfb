/**
 * A page opened while the server is still preparing its store (a Neo4j first start seeding) says so in the
 * header and over the canvas, and draws the graph by itself once the server is ready, without a reload.
 * The app is built over a real embedded store whose readiness the test sets, as main.ts does.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createApp } from '../../server/http/create-app';
import { StoreReadiness } from '../../server/domain/store-readiness';
import { seedStore } from '../../server/domain/seed-graph';
import { readVocabulary } from '../../server/seed/seed-loader';
import { CLIENT_DIR } from '../../server/project-paths';
import { KuzuGraphStore } from '../../server/stores/kuzu/kuzu-graph-store';
import type { GraphStore } from '../../server/domain/ports/graph-store';
import { makeTempDir, removeTempDirs } from '../support/temp-dirs';
import { MINI_SEED_DIR } from '../support/test-server';

const SCREENSHOTS = path.join(__dirname, '..', '..', 'artifacts', 'screenshots');

interface Probe {
  isStarted(): boolean;
  isReady(): boolean;
  nodeCount(): number;
}
type ProbeHost = { __multivector?: Probe };

let store: GraphStore;
let server: Server;
let url: string;
let browser: Browser;
const readiness = new StoreReadiness();

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  store = await KuzuGraphStore.open({ dataDir: makeTempDir() });
  await store.init();
  await seedStore(store, MINI_SEED_DIR);
  const app = createApp({
    store,
    console: { timeoutMs: 5_000, maxRows: 100, maxGraphNodes: 100 },
    vocabulary: await readVocabulary(MINI_SEED_DIR),
    clientDir: CLIENT_DIR,
    readiness,
    log: () => undefined,
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await store.close();
  removeTempDirs();
});

test('a page opened while the server is starting says so, then draws the graph once the server is ready', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    await page.goto(url);
    await page.locator('#server-status .engine-badge.is-starting').waitFor();
    expect(await page.locator('#server-status').textContent()).toContain('Starting: preparing the graph');
    expect(await page.locator('#graph-notice').textContent()).toContain('preparing the graph');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'server-starting.png') });

    readiness.markReady();
    // The page asks for health again by itself and loads the graph once the server answers ok.
    await page.locator('#server-status .engine-badge.is-ok').waitFor();
    await page.waitForFunction(() => {
      const probe = (globalThis as unknown as ProbeHost).__multivector;
      return probe !== undefined && probe.isStarted() && probe.isReady() && probe.nodeCount() === 8;
    });
    expect(await page.locator('#server-status').textContent()).toContain('8 nodes');
    expect(await page.locator('#graph-notice').isHidden()).toBe(true);
  } finally {
    await page.close();
  }
});
