/**
 * Full-text search over stored document texts, in headless Chromium against the real app: a phrase found
 * only in an article's text is listed "In the documents", and choosing it opens the document view scrolled
 * to that sentence, marked and focused. Screenshots go to artifacts/screenshots/document-search-*.png.
 */
import path from 'node:path';
import { openExplorer, SCREENSHOTS, useExplorerHarness } from '../support/browser';

const TOKEN = 'document-search-e2e-admin-token-0123456789';
const harness = useExplorerHarness({ env: { ADMIN_TOKEN: TOKEN } });

const SENTENCE = 'Engineers from Khatlon inspected the Vakhsh cascade turbines before the spring floods.';
// Forty paragraphs before the sentence, so the view has to scroll to show it.
const ARTICLE = [
  ...Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1} of the report describes how Russia and Tajikistan discussed trade again.`),
  `Officials were cautious. ${SENTENCE} Nobody else commented.`,
  'The report ends here.',
].join('\n\n');

test('a phrase only in an article’s text is listed "In the documents" and opens the document view at the highlighted passage', async () => {
  const stored = await fetch(`${harness.server.baseUrl}/api/documents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ title: 'Cascade inspection', publisher: 'Test Wire', published: '2025-04-01', text: ARTICLE }),
  });
  expect(stored.status).toBe(201);
  const { document } = (await stored.json()) as { document: { id: string } };

  const page = await openExplorer(harness.browser, harness.server.baseUrl);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const input = page.locator('#search-input');
  await input.click();
  await input.pressSequentially('vakhsh cascade turbines', { delay: 20 });
  const option = page.locator('#search-input-suggestions .picker-document-passage').first();
  await option.waitFor();
  await expect(page.locator('#search-input-suggestions .picker-group').allTextContents()).resolves.toEqual(['In the documents']);
  await expect(option.getAttribute('data-document-id')).resolves.toBe(document.id);
  await expect(option.locator('.option-name').textContent()).resolves.toBe('Cascade inspection');
  await expect(option.locator('.option-quote').textContent()).resolves.toBe(`“${SENTENCE}”`);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'document-search-1-suggestion.png') });

  // By keyboard: the first suggestion is highlighted, Enter chooses it.
  await input.press('Enter');
  const passage = page.locator('#document-text #document-passage');
  await passage.waitFor();
  await expect(passage.textContent()).resolves.toBe(SENTENCE);
  await expect(page.locator('#document-panel').isVisible()).resolves.toBe(true);
  await page.waitForFunction(() => document.activeElement?.id === 'document-passage');
  // Scrolled into the text box's visible part, though it sits below forty paragraphs.
  const inView = await page.evaluate(() => {
    const box = document.querySelector('#document-text')?.getBoundingClientRect();
    const mark = document.querySelector('#document-passage')?.getBoundingClientRect();
    const scrolled = document.querySelector('#document-text')?.scrollTop ?? 0;
    return box !== undefined && mark !== undefined && scrolled > 0 && mark.top >= box.top && mark.bottom <= box.bottom;
  });
  expect(inView).toBe(true);
  // The mentions inside the passage are still marked as mentions.
  await expect(page.locator('#document-text mark.document-mention').count()).resolves.toBeGreaterThan(0);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'document-search-2-passage.png') });
  expect(errors).toEqual([]);
  await page.close();
}, 120_000);
