/**
 * The Import panel in headless Chromium against the real app with ADMIN_TOKEN set: a good file shows its
 * counts and its nodes become searchable and drawn; a file with a bad edge shows the row and field; a wrong
 * token shows the refusal. Screenshots go to artifacts/screenshots/import-*.png.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { graphJson, writeCsvFiles } from '../support/import-fixtures';
import { makeTempDir, removeTempDirs } from '../support/temp-dirs';
import { startTestServer, type TestServer } from '../support/test-server';

const SCREENSHOTS = path.join(__dirname, '..', '..', 'artifacts', 'screenshots');
const TOKEN = 'import-e2e-admin-token-0123456789';

interface Probe {
  isReady(): boolean;
  nodeCount(): number;
  drawnNodeIds(): string[];
}
type ProbeHost = { __multivector?: Probe };

let server: TestServer;
let browser: Browser;
let pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startTestServer({ env: { ADMIN_TOKEN: TOKEN } });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  removeTempDirs();
});

afterEach(() => {
  const errors = pageErrors;
  pageErrors = [];
  expect(errors).toEqual([]);
});

/** Opens the explorer; `expectedStatus` is the one refused import status the browser may log as a failed resource. */
async function openExplorer(expectedStatus?: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium logs every non-2xx fetch; the refused import under test is expected, nothing else is.
    const expected = expectedStatus !== undefined && message.location().url.includes('/api/import') && message.text().includes(`status of ${expectedStatus}`);
    if (!expected) pageErrors.push(`console: ${message.text()}`);
  });
  page.on('dialog', (dialog) => {
    pageErrors.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(server.baseUrl);
  await page.waitForFunction(() => {
    const probe = (globalThis as unknown as ProbeHost).__multivector;
    return probe !== undefined && probe.isReady() && probe.nodeCount() > 10;
  });
  await page.locator('#import-toggle').click();
  return page;
}

function jsonFile(name: string, data: unknown): { name: string; mimeType: string; buffer: Buffer } {
  return { name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(data)) };
}

test('when a token holder imports a good file, the panel shows its counts and the new nodes are searchable and drawn', async () => {
  const page = await openExplorer();
  await page.locator('#import-token').fill(TOKEN);
  const before = await page.evaluate(() => (globalThis as unknown as ProbeHost).__multivector?.nodeCount() ?? 0);
  await page.locator('#import-file').setInputFiles(jsonFile('ui.json', graphJson('ui', 2)));
  await page.locator('#import-results .import-ok').waitFor();
  await expect(page.locator('#import-results').textContent()).resolves.toContain('nodes: 4 added, 0 changed, 0 unchanged · edges: 2 added');
  // The graph is reloaded: the four new nodes are drawn.
  await page.waitForFunction((n) => ((globalThis as unknown as ProbeHost).__multivector?.nodeCount() ?? 0) > n, before);
  const drawn = await page.evaluate(() => (globalThis as unknown as ProbeHost).__multivector?.drawnNodeIds() ?? []);
  expect(drawn).toEqual(expect.arrayContaining(['ui-c0', 'ui-b0', 'ui-c1', 'ui-b1']));
  // The token stays in sessionStorage only, and never reaches the URL.
  await expect(page.evaluate(() => {
    // The test's tsconfig has no DOM lib: reach the page's globals through an explicit shape.
    const w = globalThis as unknown as { sessionStorage: { getItem(k: string): string | null }; localStorage: { length: number }; location: { href: string } };
    return [w.sessionStorage.getItem('multivector.adminToken'), w.localStorage.length, w.location.href];
  })).resolves.toEqual([TOKEN, 0, expect.not.stringContaining(TOKEN)]);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'import-ok.png') });

  await page.locator('#search-input').fill('Country ui 1');
  await expect(page.locator('#left-panel').getByText('Country ui 1').first().waitFor()).resolves.toBeUndefined();
  await page.close();
});

test('when a file has an edge to an unknown node, the panel lists the row and field and nothing is added', async () => {
  const page = await openExplorer(400);
  await page.locator('#import-token').fill(TOKEN);
  const bad = graphJson('bad', 3);
  const middle = bad.edges[1];
  if (middle === undefined) throw new Error('fixture has no middle edge');
  middle.target = 'no-such-node';
  await page.locator('#import-file').setInputFiles(jsonFile('broken.json', bad));
  await page.locator('#import-results .import-failed .import-issues li').first().waitFor();
  const issues = await page.locator('#import-results .import-issues li').allTextContents();
  expect(issues.join('\n')).toMatch(/broken\.json, row 2.*field target.*no-such-node/);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'import-bad-edge.png') });
  const res = await fetch(`${server.baseUrl}/api/search?q=${encodeURIComponent('Country bad 0')}`);
  expect(JSON.stringify(await res.json())).not.toContain('bad-c0');
  await page.close();
});

test('when the token is wrong, the panel shows the refusal', async () => {
  const page = await openExplorer(401);
  await page.locator('#import-token').fill('not-the-admin-token-at-all-000');
  await page.locator('#import-file').setInputFiles(jsonFile('ui2.json', graphJson('ui2', 1)));
  await page.locator('#import-results .import-failed').waitFor();
  await expect(page.locator('#import-results').textContent()).resolves.toMatch(/ui2\.json: refused: /);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'import-refused.png') });
  await page.close();
});

test('when several CSV files are dropped together, they import as one, the log lists it, and Undo (asked twice) removes it', async () => {
  const page = await openExplorer();
  await page.locator('#import-token').fill(TOKEN);
  await page.locator('#import-log-refresh').click();
  const before = await page.evaluate(() => (globalThis as unknown as ProbeHost).__multivector?.nodeCount() ?? 0);
  const dir = makeTempDir();
  const files = writeCsvFiles(dir, 'mpui', 3).map((p) => ({ name: path.basename(p), mimeType: 'text/csv', buffer: readFileSync(p) }));
  await page.locator('#import-file').setInputFiles(files);
  await page.locator('#import-results .import-ok').waitFor();
  // One result for the three files: nodes.csv alone could not carry relationships.csv's endpoints.
  await expect(page.locator('#import-results li').count()).resolves.toBe(1);
  await expect(page.locator('#import-results').textContent()).resolves.toContain('nodes: 6 added, 0 changed, 0 unchanged · edges: 3 added');
  await page.waitForFunction((n) => ((globalThis as unknown as ProbeHost).__multivector?.nodeCount() ?? 0) === n + 6, before);

  // The log shows the import once it is read again after the graph reload.
  const newest = page.locator('#import-log .import-log-item', { hasText: 'mpui-nodes.csv' });
  await newest.waitFor();
  await expect(page.locator('#import-log .import-log-item').first().textContent()).resolves.toContain('mpui-nodes.csv');
  await newest.locator('.import-undo').click();
  await expect(newest.locator('.import-undo').textContent()).resolves.toBe('Confirm undo');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'import-log-confirm.png') });
  await newest.locator('.import-undo').click();
  await page.locator('#import-log .import-log-undone', { hasText: 'mpui-nodes.csv' }).waitFor();
  await expect(page.locator('#import-log-status').textContent()).resolves.toMatch(/removed 6 nodes and 3 edges/);
  await page.waitForFunction((n) => ((globalThis as unknown as ProbeHost).__multivector?.nodeCount() ?? 0) === n, before);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'import-log-undone.png') });
  await page.close();
});
