/**
 * The influence view in headless Chromium against the real app (embedded Kuzu seeded from graph-seed/):
 * the header button opens the drawer, the chart shows one line per power with labelled axes, hovering
 * shows a point's figures, clicking a point lists its paths with quotes and draws the strongest in the
 * graph, the definition states the model with its parameters, and "why did this move" lists the claims
 * that began, ended or changed between two years. Screenshots go to artifacts/screenshots/influence-*.png.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { removeTempDirs } from '../support/temp-dirs';
import { startTestServer, type TestServer } from '../support/test-server';

const SCREENSHOTS = path.join(__dirname, '..', '..', 'artifacts', 'screenshots');
/** The seed's name of the government complex China builds in Dushanbe (article 000). */
const COMPLEX_NAME = 'Government complex in Dushanbe';

interface Probe {
  isReady(): boolean;
  isSettled(): boolean;
  nodeCount(): number;
  highlightedIds(): string[];
  pathCount(): number;
}
type ProbeHost = { __multivector?: Probe };

let server: TestServer;
let browser: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startTestServer();
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

async function openExplorer(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`);
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
  return page;
}

test('when the influence view is opened it shows four series; clicking a point lists its paths with quotes and draws them in the graph', async () => {
  const page = await openExplorer();
  await page.locator('#influence-toggle').click();
  await page.locator('.influence-series').first().waitFor();

  const series = page.locator('.influence-series');
  await expect(series.count()).resolves.toBe(4);
  await expect(series.evaluateAll((gs) => gs.map((g) => g.getAttribute('data-power')))).resolves.toEqual(['russia', 'united-states', 'european-union', 'china']);
  // One point per year from 2003 to 2024 on each line.
  await expect(page.locator('.influence-series[data-power="china"] .influence-point').count()).resolves.toBe(22);
  await expect(page.locator('.influence-legend li').allTextContents()).resolves.toEqual([
    'Russia (moscow)',
    'United States (washington)',
    'European Union (brussels)',
    'China (beijing)',
  ]);

  // Hovering a point shows its figures.
  const point = page.locator('.influence-point[data-power="china"][data-year="2024"]');
  await point.hover();
  await expect(page.locator('.influence-readout').textContent()).resolves.toMatch(/^China, 2024: share \d+\.\d% \(hold \d+\.\d\d from \d+ claims? on \d+ paths?/);
  // The axes say what they show.
  await expect(page.locator('.influence-axis-label').allTextContents()).resolves.toEqual(['Year', "Share of the powers' hold"]);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'influence-chart.png') });

  await point.click();
  await page.locator('.influence-path').first().waitFor();
  await expect(page.locator('.influence-details > h3').textContent()).resolves.toMatch(/^China, 2024/);
  // The paths come with the quotes of their relationships.
  const quotes = await page.locator('.influence-quote q').allTextContents();
  expect(quotes.length).toBeGreaterThan(0);
  expect(quotes.some((q) => /loan/i.test(q))).toBe(true);

  // The path tracer holds the point's paths, and the strongest is drawn in the graph: China to Tajikistan.
  await page.waitForFunction(() => ((globalThis as unknown as ProbeHost).__multivector?.highlightedIds().length ?? 0) > 0);
  const probe = await page.evaluate(() => {
    const p = (globalThis as unknown as ProbeHost).__multivector;
    return { paths: p?.pathCount() ?? 0, highlighted: p?.highlightedIds() ?? [] };
  });
  expect(probe.paths).toBe(await page.locator('.influence-path').count());
  expect(probe.highlighted).toEqual(expect.arrayContaining(['china', 'tajikistan']));

  // Another of the point's paths, drawn on demand: the one through the government complex.
  const viaComplex = page.locator('.influence-path', { hasText: COMPLEX_NAME });
  await expect(viaComplex.count()).resolves.toBe(1);
  await viaComplex.locator('.influence-show').click();
  await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.highlightedIds().includes('government-complex-dushanbe') === true);
  await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.isSettled() === true);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'influence-point-paths.png') });
  expect(pageErrors).toEqual([]);
  await page.close();
});

test('the definition states the model with its parameters, and "why did this move" lists the claims behind a change', async () => {
  const page = await openExplorer();
  await page.locator('#influence-toggle').click();
  await page.locator('.influence-series').first().waitFor();

  // The definition: one paragraph with the parameters in force, opened on demand.
  const definition = page.locator('.influence-definition');
  await expect(definition.locator('p').isVisible()).resolves.toBe(false);
  await definition.locator('summary').click();
  const text = (await definition.locator('p').textContent()) ?? '';
  expect(text).toMatch(/share of what the compared powers hold/);
  expect(text).toMatch(/decay 0\.5/);
  expect(text).toMatch(/Admiralty grade: reliability A 1, B 0\.8/);
  await expect(page.locator('.influence-robustness').textContent()).resolves.toMatch(/^Robustness: The ranking/);

  // Changing a parameter restates the definition.
  await page.locator('input[name="decay"]').fill('0.3');
  await page.locator('.influence-form .influence-compare').click();
  await page.locator('.influence-definition p').filter({ hasText: 'decay 0.3' }).waitFor();

  // Clicking China in 2011 explains the move from 2010: its loans and investment began that year.
  await page.locator('.influence-point[data-power="china"][data-year="2011"]').click();
  const moves = page.locator('.influence-move');
  await moves.first().waitFor();
  await expect(page.locator('input[name="whyFrom"]').inputValue()).resolves.toBe('2010');
  await expect(page.locator('input[name="whyTo"]').inputValue()).resolves.toBe('2011');
  const began = await page.locator('.influence-move[data-kind="began"]').evaluateAll((items) => items.map((i) => i.getAttribute('data-edge')));
  expect(began).toEqual(expect.arrayContaining(['china-investment-in-tajikistan-2011', 'china-loans-to-tajikistan-2011']));
  await expect(page.locator('.influence-move[data-edge="china-loans-to-tajikistan-2011"] q').textContent()).resolves.toMatch(/soft loans/);
  await expect(page.locator('.influence-move[data-edge="china-loans-to-tajikistan-2011"] .influence-quote-source').textContent()).resolves.toMatch(/EurasiaNet, 2011-07, grade B2/);
  // The 2003 troop figure ended as the 2011 one began.
  await expect(page.locator('.influence-move[data-kind="ended"][data-edge="russian-troops-in-tajikistan-2003"]').count()).resolves.toBe(1);
  await page.locator('.influence-why').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'influence-why-moved.png') });

  // Any two years: 2014 to 2015.
  await page.locator('input[name="whyFrom"]').fill('2014');
  await page.locator('input[name="whyTo"]').fill('2015');
  await page.locator('.influence-why-form button').click();
  await page.locator('.influence-why-count').filter({ hasText: 'between 2014 and 2015' }).waitFor();
  await expect(page.locator('.influence-move[data-edge="russia-guarantor-of-tajik-stability-2015"]').count()).resolves.toBe(1);

  await page.locator('.influence-robustness').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'influence-definition.png') });
  expect(pageErrors).toEqual([]);
  await page.close();
});
