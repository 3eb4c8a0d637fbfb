/**
 * What the browser tests share: Debian's Chromium started headless with the flags this closed network needs
 * (no background networking, no component updates), the explorer opened until its graph is drawn, and a
 * node chosen in a search-as-you-type picker the way a user does it.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../server/project-paths';
import { removeTempDirs } from './temp-dirs';
import { startTestServer, type TestServer, type TestServerOptions } from './test-server';

export const SCREENSHOTS = path.join(PROJECT_ROOT, 'artifacts', 'screenshots');

/** The page's read-only probe (window.__multivector, client/src/main.ts), as much as these helpers read. */
export type ExplorerProbeHost = { __multivector?: { isStarted(): boolean; isReady(): boolean; nodeCount(): number } };

/** Starts headless Chromium (CHROMIUM_PATH, else Debian's /usr/bin/chromium). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Resolves once the explorer at the page's URL has started and drawn more than one node. */
export async function waitForExplorer(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const probe = (globalThis as unknown as ExplorerProbeHost).__multivector;
    return probe !== undefined && probe.isStarted() && probe.isReady() && probe.nodeCount() > 1;
  });
}

/** Opens the explorer in a new 1440×900 page and waits for its graph. `bypassCSP` lets a test inject a script (axe). */
export async function openExplorer(browser: Browser, baseUrl: string, options: { bypassCSP?: boolean } = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, ...(options.bypassCSP ? { bypassCSP: true } : {}) });
  await page.goto(baseUrl);
  await waitForExplorer(page);
  return page;
}

/** Types `name` into a node picker like a user and chooses the suggestion that shows it. */
export async function pickNode(page: Page, inputSelector: string, name: string): Promise<void> {
  const input = page.locator(inputSelector);
  await input.click();
  await input.pressSequentially(name, { delay: 20 });
  const listId = await input.getAttribute('aria-controls');
  await page.locator(`#${listId} [role="option"]`, { hasText: name }).first().click();
}

/** The app and a browser for one browser-test file, started in beforeAll and stopped in afterAll. */
export interface ExplorerHarness {
  readonly server: TestServer;
  readonly browser: Browser;
}

/**
 * Registers the file's set-up: the screenshot folder, the real app (startTestServer with `options`) and
 * Chromium; both stopped and the temporary folders removed after the file. Read `server` and `browser` inside
 * tests, once beforeAll has run.
 */
export function useExplorerHarness(options: TestServerOptions = {}): ExplorerHarness {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startTestServer(options);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    removeTempDirs();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started: read it inside a test`);
    return value;
  };
  return {
    get server() {
      return started(server, 'The test server');
    },
    get browser() {
      return started(browser, 'The browser');
    },
  };
}
