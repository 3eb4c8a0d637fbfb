/**
 * Rendering is text: a seed whose node name, aliases, property values, relationship property, quote,
 * publisher and title carry markup (`<img src=x onerror=...>`, `<script>`, `<svg onload>`, javascript: links)
 * is loaded into the real app, and the page shows every one of them as text: in the search suggestions,
 * the graph labels, the node details and the evidence panel. Nothing runs (the payloads would set
 * window.__pwned), no element of theirs is created, and the Content-Security-Policy reports no violation.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../server/project-paths';
import { removeTempDirs } from '../support/temp-dirs';
import { startTestServer, type TestServer } from '../support/test-server';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'artifacts', 'screenshots');
const HOSTILE_SEED = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'hostile-seed');

interface Probe {
  isReady(): boolean;
  nodeCount(): number;
}

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startTestServer({ seedDir: HOSTILE_SEED });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  removeTempDirs();
});

/** Nothing the data carried ran, and none of its elements exist in the page. */
async function expectNothingRan(page: Page): Promise<void> {
  expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(await page.locator('img[src="x"], svg[onload], script:not([src]), a[href^="javascript:"]').count()).toBe(0);
}

test('markup in names, aliases, properties, quotes and sources is shown as text and never runs', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.addInitScript(() => {
    // Runs in the page; the tests compile without the DOM library, hence the narrow local types.
    type Violation = { violatedDirective: string; blockedURI: string };
    const host = globalThis as unknown as {
      __cspViolations?: string[];
      document: { addEventListener(type: string, listener: (e: Violation) => void): void };
    };
    host.document.addEventListener('securitypolicyviolation', (e) => {
      host.__cspViolations ??= [];
      host.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(server.baseUrl);
  await page.waitForFunction(() => {
    const probe = (globalThis as unknown as { __multivector?: Probe }).__multivector;
    return probe !== undefined && probe.isReady() && probe.nodeCount() === 2;
  });
  await expectNothingRan(page);

  // Search suggestions: the name and the kind as text.
  const input = page.locator('#search-input');
  await input.click();
  await input.pressSequentially('Evil', { delay: 30 });
  const option = page.locator('#search-input-suggestions [role="option"]').first();
  await option.waitFor();
  await expect(option.locator('.option-name').textContent()).resolves.toBe(`Evil <img src=x onerror="globalThis.__pwned='name'"> Land`);
  await expectNothingRan(page);

  // Node details: name, aliases and the property value as text.
  await option.click();
  const details = page.locator('.details');
  await expect(details.locator('.details-title').textContent()).resolves.toContain(`<img src=x onerror="globalThis.__pwned='name'">`);
  await details.locator('.connection-button').first().waitFor();
  const nodeText = (await details.textContent()) ?? '';
  expect(nodeText).toContain(`<img src=x onerror="globalThis.__pwned='alias'">Alias`);
  expect(nodeText).toContain(`<svg onload="globalThis.__pwned='svg'">`);
  expect(nodeText).toContain(`<a href="javascript:globalThis.__pwned='href'">link</a>`);
  await expectNothingRan(page);

  // Evidence panel: the quote, the relationship property, the publisher and the title as text.
  await details.locator('.connection-button').first().click();
  await details.locator('.source-quote').first().waitFor();
  await expect(details.locator('.source-quote').first().textContent()).resolves.toContain(
    `<img src=x onerror="globalThis.__pwned='quote'"> & "lent" </p><script>globalThis.__pwned='script'</script>`,
  );
  const edgeText = (await details.textContent()) ?? '';
  expect(edgeText).toContain(`<img src=x onerror="globalThis.__pwned='edge-property'">`);
  expect(edgeText).toContain(`<img src=x onerror="globalThis.__pwned='publisher'">Evil Wire`);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'hostile-rendering-evidence.png') });
  await expectNothingRan(page);

  expect(await page.evaluate(() => (globalThis as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])).toEqual([]);
  expect(problems).toEqual([]);
  await page.close();
});
