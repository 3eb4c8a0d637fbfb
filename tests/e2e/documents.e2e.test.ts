/**
 * The Documents panel in headless Chromium against the real app with ADMIN_TOKEN set: an analyst pastes a
 * short article, sees its mentions highlighted and its proposals, accepts two, edits one, commits, finds the
 * new relationship with its quote in the evidence panel, and undoes the commit. Screenshots go to
 * artifacts/screenshots/documents-*.png.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openExplorer, pickNode, SCREENSHOTS, useExplorerHarness } from '../support/browser';

const TOKEN = 'documents-e2e-admin-token-0123456789';
const harness = useExplorerHarness({ env: { ADMIN_TOKEN: TOKEN } });

const ARTICLE = 'Russia lends $300 million to Tajikistan for a new dam. Tajikistan trades with Uzbekistan along their border.';

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `documents-${name}.png`) });
}

test('an analyst ingests an article, accepts two proposals, edits one, commits, reads the new edge’s quote and undoes it', async () => {
  const page = await openExplorer(harness.browser, harness.server.baseUrl);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.locator('#document-toggle').click();
  await page.locator('#document-token').fill(TOKEN);
  await page.locator('#document-title').fill('Loan and trade');
  await page.locator('#document-publisher').fill('Test Wire');
  await page.locator('#document-published').fill('2024-07-01');
  await page.locator('#document-input').fill(ARTICLE);
  await page.locator('#document-analyse').click();
  const proposals = page.locator('#document-proposals .document-proposal');
  await proposals.first().waitFor();
  // The known entities are highlighted in the text.
  const marked = await page.locator('#document-text mark').allTextContents();
  expect(marked).toEqual(expect.arrayContaining(['Russia', 'Tajikistan', 'Uzbekistan']));
  await screenshot(page, '1-proposals');

  const loan = page.locator('#document-proposals .document-proposal', { has: page.locator('select.document-type option[selected][value="LENDS_TO"]') }).first();
  const trade = page.locator('#document-proposals .document-proposal', { has: page.locator('input.document-target[value="uzbekistan"], input.document-source[value="uzbekistan"]') }).first();
  await loan.locator('.document-accept').check();
  await trade.locator('.document-accept').check();
  // Edited: the trade sentence read as cooperation, its quote cut to the clause.
  await trade.locator('select.document-type').selectOption('COOPERATES_WITH');
  await trade.locator('.document-quote').fill('Tajikistan trades with Uzbekistan');
  await screenshot(page, '2-accepted');
  await page.locator('#document-commit').click();
  await page.locator('#document-result', { hasText: 'Committed' }).waitFor();
  expect(await page.locator('#document-result').textContent()).toContain('2 relationships added');
  await screenshot(page, '3-committed');

  // The new relationship shows its quote, publisher and date in the evidence panel.
  await page.locator('#document-panel .import-close').click();
  await pickNode(page, '#search-input', 'Russia');
  const edgeButton = page.locator('.details .connection-button[data-edge-id="russia--lends-to--tajikistan"]');
  await edgeButton.waitFor();
  await edgeButton.click();
  const details = page.locator('.details');
  await details.locator('.source-quote').first().waitFor();
  expect(await details.locator('.source-quote').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Russia lends $300 million to Tajikistan for a new dam.')]));
  await screenshot(page, '4-evidence');

  // Undo removes both relationships again.
  await page.locator('#document-toggle').click();
  await page.locator('#document-undo').click();
  await page.locator('#document-result', { hasText: 'Undone' }).waitFor();
  expect(await page.locator('#document-result').textContent()).toContain('2 relationships removed');
  const after = await (await fetch(`${harness.server.baseUrl}/api/nodes/russia`)).json() as { edges: Array<{ id: string }> };
  expect(after.edges.map((e) => e.id)).not.toContain('russia--lends-to--tajikistan');
  await screenshot(page, '5-undone');
  expect(errors).toEqual([]);
  await page.close();
}, 120_000);
