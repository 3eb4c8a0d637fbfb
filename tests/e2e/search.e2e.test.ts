/**
 * Searching as an analyst types, in the browser: a name in Cyrillic finds the city; words of a quote list
 * the passage under "In the evidence", and choosing it opens that relationship's evidence with the quote.
 */
import path from 'node:path';
import { useExplorerHarness, openExplorer, SCREENSHOTS } from '../support/browser';

type ProbeHost = { __multivector?: { selection(): { kind: string; id: string } | null } };

const harness = useExplorerHarness();

test('a Cyrillic name finds the city, and words of a quote open the evidence they come from', async () => {
  const page = await openExplorer(harness.browser, harness.server.baseUrl);
  const input = page.locator('#search-input');
  await input.click();
  await input.pressSequentially('Душанбе', { delay: 30 });
  const city = page.locator('#search-input-suggestions [role="option"]').first();
  await city.waitFor();
  await expect(city.locator('.option-name').textContent()).resolves.toBe('Dushanbe');
  await expect(city.locator('.option-alias').textContent()).resolves.toBe('also “Душанбе”');

  await input.fill('');
  await input.pressSequentially('7,000 troops', { delay: 20 });
  const passage = page.locator('#search-input-suggestions .picker-passage').first();
  await passage.waitFor();
  await expect(page.locator('#search-input-suggestions .picker-group').first().textContent()).resolves.toBe('In the evidence');
  await expect(passage.locator('.option-quote').textContent()).resolves.toContain('7,000 troops');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'search-passages.png') });
  const edgeId = await passage.getAttribute('data-edge-id');
  await passage.click();
  await page.waitForFunction((id) => (globalThis as unknown as ProbeHost).__multivector?.selection()?.id === id, edgeId);
  const quotes = await page.locator('.details .source-quote').allTextContents();
  expect(quotes.some((q) => q.includes('7,000 troops'))).toBe(true);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'search-passage-evidence.png') });
  await page.close();
}, 120_000);
