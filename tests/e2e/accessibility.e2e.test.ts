/**
 * axe-core (Deque's accessibility engine, the one browser devtools and CI checkers run) over the explorer's
 * main states: the graph loaded, a node's details, the canvas context menu and the selection bar, a traced
 * path with its evidence, the Cypher console with a result, the influence view and the import panel. No serious or critical violation may remain; the
 * report names each rule and the elements it found. Screenshots of each state go to artifacts/screenshots/.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { useExplorerHarness, openExplorer, pickNode, SCREENSHOTS } from '../support/browser';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}
type AxeHost = { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } };

const harness = useExplorerHarness();

/** Serious and critical violations in the page as it is now, one line per rule and element. */
async function seriousViolations(page: Page, state: string): Promise<string[]> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `a11y-${state}.png`) });
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const result = await (globalThis as unknown as AxeHost).axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${state}: ${v.id} (${v.impact}) ${v.help}: ${JSON.stringify(n.target)} ${n.html.slice(0, 120)}`));
}

test('the main states of the explorer have no serious or critical accessibility violation', async () => {
  // The page's CSP allows only its own scripts: let the test inject axe without weakening the app's policy.
  const page = await openExplorer(harness.browser, harness.server.baseUrl, { bypassCSP: true });
  const found: string[] = [];
  found.push(...(await seriousViolations(page, 'graph-loaded')));

  await pickNode(page, '#search-input', 'Dushanbe');
  await page.locator('.details .details-title').waitFor();
  found.push(...(await seriousViolations(page, 'node-details')));

  // The canvas context menu, opened from the keyboard on the selected node, and the selection bar.
  await page.locator('#graph').focus();
  await page.keyboard.press('Shift+F10');
  await page.locator('#canvas-menu [role="menuitem"]').first().waitFor();
  await page.locator('#canvas-menu .canvas-menu-item:not([disabled])').nth(1).waitFor();
  found.push(...(await seriousViolations(page, 'context-menu')));
  await page.keyboard.press('Escape');
  await page.locator('#canvas-menu').waitFor({ state: 'hidden' });
  await page.locator('#graph').focus();
  await page.keyboard.press('Shift+F10');
  await page.locator('#menu-group-toggle').click();
  await page.locator('#group-bar').waitFor({ state: 'visible' });
  found.push(...(await seriousViolations(page, 'group-selection')));
  await page.locator('#group-clear').click();

  await pickNode(page, '#path-from', 'Dushanbe');
  await pickNode(page, '#path-to', 'Moscow');
  await page.locator('#find-paths').click();
  await page.locator('.path-row').first().waitFor();
  await page.locator('.path-row').first().locator('.path-select').click();
  found.push(...(await seriousViolations(page, 'path-traced')));

  await page.keyboard.press('`');
  await page.locator('#console-editor[data-ready="true"]').waitFor();
  const editor = page.locator('#console-editor .cm-content');
  await editor.click();
  // The editor opens with an example query: replace it.
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await editor.pressSequentially('MATCH (c:Country) RETURN c.name AS name LIMIT 3', { delay: 5 });
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Enter');
  await page.locator('#console-table tbody tr').first().waitFor().catch(async (e: unknown) => {
    await page.screenshot({ path: path.join(SCREENSHOTS, 'a11y-console-failed.png') });
    throw e;
  });
  found.push(...(await seriousViolations(page, 'console-result')));

  await page.locator('#influence-toggle').click();
  await page.locator('#influence-view').waitFor({ state: 'visible' });
  found.push(...(await seriousViolations(page, 'influence')));
  await page.locator('#influence-toggle').click();

  await page.locator('#import-toggle').click();
  await page.locator('#import-panel').waitFor({ state: 'visible' });
  found.push(...(await seriousViolations(page, 'import')));

  expect(found).toEqual([]);
  await page.close();
}, 180_000);
