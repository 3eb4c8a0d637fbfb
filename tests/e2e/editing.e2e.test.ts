/**
 * Edit mode in headless Chromium against the real app with ADMIN_TOKEN set (issue 19): with the token typed in
 * the Import panel, a relationship is drawn between two nodes from the canvas menu with a quote, shows in the
 * details with its evidence, is retyped, deleted, and the delete undone; a save with an empty quote is refused
 * naming the field. Without the token there is no Edit button. Screenshots: artifacts/screenshots/editing-*.png.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { GraphEdge } from '../../server/domain/graph-model';
import { openExplorer, SCREENSHOTS, useExplorerHarness } from '../support/browser';

const TOKEN = 'editing-e2e-admin-token-0123456789';
const DOCUMENT = '000_2cd8899d59dba20a.txt';
const MADE_UP = 'A quote an analyst pasted from the article for this test.';

interface Probe {
  isSettled(): boolean;
  nodeScreenPoint(id: string): { x: number; y: number } | null;
  drawnEdgeIds(): string[];
  selection(): { kind: 'node' | 'edge'; id: string } | null;
}
type ProbeHost = { __multivector?: Probe };

const harness = useExplorerHarness({ env: { ADMIN_TOKEN: TOKEN } });

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `editing-${name}.png`) });
}

async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.isSettled() === true);
}

async function nodePoint(page: Page, id: string): Promise<{ x: number; y: number }> {
  const at = await page.evaluate((nodeId) => (globalThis as unknown as ProbeHost).__multivector?.nodeScreenPoint(nodeId) ?? null, id);
  if (at === null) throw new Error(`node ${id} is not on screen`);
  return at;
}

/** The relationships between two nodes as the API has them now. */
async function edgesBetween(a: string, b: string): Promise<GraphEdge[]> {
  const res = await fetch(`${harness.server.baseUrl}/api/export?format=json`);
  const graph = (await res.json()) as { edges: GraphEdge[] };
  return graph.edges.filter((e) => (e.source === a && e.target === b) || (e.source === b && e.target === a));
}

test('without the admin token there is no Edit button and the node menu offers no edits', async () => {
  const page = await openExplorer(harness.browser, harness.server.baseUrl);
  expect(await page.locator('#edit-toggle').isVisible()).toBe(false);
  await settled(page);
  const at = await nodePoint(page, 'russia');
  await page.mouse.click(at.x, at.y, { button: 'right' });
  await page.locator('#canvas-menu').waitFor({ state: 'visible' });
  expect(await page.locator('#menu-new-relationship').count()).toBe(0);
  await page.close();
}, 120_000);

test('with the admin token a relationship drawn between two nodes with a quote shows its evidence, is retyped, deleted, and the delete undone', async () => {
  const page = await openExplorer(harness.browser, harness.server.baseUrl);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const before = await edgesBetween('russia', 'qatar');
  expect(before).toEqual([]);
  // The quote: a sentence of the article's stored text when the seed texts are present (they are checked
  // verbatim), else a made-up one (a document without a text cannot be checked).
  const stored = await fetch(`${harness.server.baseUrl}/api/documents/${DOCUMENT}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const text = stored.ok ? ((await stored.json()) as { document: { text: string } }).document.text : '';
  const sentence = text.split(/(?<=[.!?])\s+/).find((x) => x.length >= 40 && x.length <= 300);
  const QUOTE = sentence ?? MADE_UP;

  // The token is typed where imports take it; Edit appears and turns on.
  await page.locator('#import-toggle').click();
  await page.locator('#import-token').fill(TOKEN);
  await page.locator('#import-toggle').click();
  await page.locator('#edit-toggle').click();
  expect(await page.locator('#edit-toggle').getAttribute('aria-pressed')).toBe('true');
  await settled(page);

  // New relationship from Russia, then a click on Qatar.
  const from = await nodePoint(page, 'russia');
  await page.mouse.click(from.x, from.y, { button: 'right' });
  await page.locator('#menu-new-relationship').click();
  await page.locator('#edit-picking').waitFor();
  const to = await nodePoint(page, 'qatar');
  await page.mouse.click(to.x, to.y);
  const form = page.locator('#edit-relationship-form');
  await form.waitFor();
  expect(await form.locator('[data-field="source"]').inputValue()).toBe('russia');
  expect(await form.locator('[data-field="target"]').inputValue()).toBe('qatar');
  await form.locator('[data-field="type"]').selectOption('COURTS');
  await form.locator('[data-field="properties.validFrom"]').fill('2024');
  await form.locator('[data-field="sources.0.document"]').fill(DOCUMENT);

  // An empty quote is refused, naming the field, and nothing is written.
  await page.locator('#edit-save').click();
  await page.locator('#edit-error:not(:empty)').waitFor();
  expect(await page.locator('#edit-error').textContent()).toMatch(/quote/);
  expect(await form.locator('[data-field="sources.0.quote"]').getAttribute('aria-invalid')).toBe('true');
  await shot(page, 'refused');
  expect(await edgesBetween('russia', 'qatar')).toEqual([]);
  if (sentence !== undefined) {
    // A quote that is not in the document's text is refused, naming it.
    await form.locator('[data-field="sources.0.quote"]').fill(MADE_UP);
    await page.locator('#edit-save').click();
    await page.locator('#edit-error', { hasText: 'not in the text of document' }).waitFor();
    expect(await form.locator('[data-field="sources.0.quote"]').getAttribute('aria-invalid')).toBe('true');
    await shot(page, 'refused-not-verbatim');
    expect(await edgesBetween('russia', 'qatar')).toEqual([]);
  }

  await form.locator('[data-field="sources.0.quote"]').fill(QUOTE);
  await page.locator('#edit-save').click();
  await page.locator('#edit-notice', { hasText: 'Done: create COURTS' }).waitFor();
  const [created] = await edgesBetween('russia', 'qatar');
  expect(created).toMatchObject({ type: 'COURTS', source: 'russia', target: 'qatar', properties: { validFrom: '2024' } });
  expect(created?.sources.map((s) => s.quote)).toEqual([QUOTE]);
  const id = (created as GraphEdge).id;
  // Selected with its evidence in the details, and drawn.
  await page.locator('.details .source-quote', { hasText: QUOTE }).waitFor();
  expect(await page.locator('.details .details-type').textContent()).toBe('COURTS');
  await page.waitForFunction((edgeId) => (globalThis as unknown as ProbeHost).__multivector?.drawnEdgeIds().includes(edgeId) === true, id);
  await shot(page, 'created');

  // Retyped from the details' Edit button.
  await page.locator('#edit-open-edge').click();
  await form.waitFor();
  await form.locator('[data-field="type"]').selectOption('COOPERATES_WITH');
  await page.locator('#edit-save').click();
  await page.locator('#edit-notice', { hasText: 'Done: edit COOPERATES_WITH' }).waitFor();
  await page.locator('.details .details-type', { hasText: 'COOPERATES_WITH' }).waitFor();
  expect((await edgesBetween('russia', 'qatar')).map((e) => [e.id, e.type, e.sources.length])).toEqual([[id, 'COOPERATES_WITH', 1]]);
  await shot(page, 'retyped');

  // Deleted after a confirmation naming it.
  await page.locator('.edit-selection .edit-delete').click();
  await page.locator('.edit-confirm', { hasText: 'Russia —COOPERATES_WITH→ Qatar' }).waitFor();
  await shot(page, 'confirm-delete');
  await page.locator('#edit-confirm-delete').click();
  await page.locator('#edit-notice', { hasText: 'Done: delete' }).waitFor();
  expect(await edgesBetween('russia', 'qatar')).toEqual([]);
  await page.waitForFunction((edgeId) => (globalThis as unknown as ProbeHost).__multivector?.drawnEdgeIds().includes(edgeId) === false, id);

  // Undo brings back the retyped relationship with its quote; the log lists every edit.
  await page.locator('#edit-undo').click();
  await page.locator('#edit-notice', { hasText: 'Undid delete' }).waitFor();
  expect((await edgesBetween('russia', 'qatar')).map((e) => [e.id, e.type, e.sources.map((s) => s.quote)])).toEqual([[id, 'COOPERATES_WITH', [QUOTE]]]);
  await page.waitForFunction((edgeId) => (globalThis as unknown as ProbeHost).__multivector?.drawnEdgeIds().includes(edgeId) === true, id);
  const log = await fetch(`${harness.server.baseUrl}/api/import`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const { imports } = (await log.json()) as { imports: Array<{ files: string[]; status: string }> };
  expect(imports.slice(0, 3).map((i) => [i.files.join(), i.status])).toEqual([
    [`delete relationship ${id}`, 'undone'],
    ['edit-relationship.json', 'applied'],
    ['edit-relationship.json', 'applied'],
  ]);
  await shot(page, 'undone');
  expect(errors).toEqual([]);
  await page.close();
}, 180_000);

test('with the admin token an entity is created from the canvas menu, edited, deleted after a confirmation naming its relationships, and the delete undone', async () => {
  const page = await openExplorer(harness.browser, harness.server.baseUrl);
  await page.evaluate((token) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('multivector.adminToken', token), TOKEN);
  await page.reload();
  await page.locator('#edit-toggle').click();
  await settled(page);

  // New entity from the background menu.
  const canvas = await page.locator('#graph').boundingBox();
  if (canvas === null) throw new Error('no canvas');
  await page.mouse.click(canvas.x + 6, canvas.y + canvas.height - 6, { button: 'right' });
  await page.locator('#menu-new-entity').click();
  const form = page.locator('#edit-entity-form');
  await form.locator('[data-field="kind"]').selectOption('ThinkTank');
  await form.locator('[data-field="name"]').fill('Pamir Policy Institute');
  await form.locator('[data-field="aliases"]').fill('PPI, Институт Памира');
  await form.locator('[data-field="description"]').fill('A think tank made up for this test.');
  await page.locator('#edit-save').click();
  await page.locator('.details .details-title', { hasText: 'Pamir Policy Institute' }).waitFor();
  const created = (await (await fetch(`${harness.server.baseUrl}/api/nodes/pamir-policy-institute`)).json()) as { node: { kind: string; aliases: string[]; properties: Record<string, unknown> } };
  expect(created.node).toMatchObject({ kind: 'ThinkTank', aliases: ['PPI', 'Институт Памира'], properties: { description: 'A think tank made up for this test.' } });
  await shot(page, 'entity-created');

  // Renamed from the details' Edit button.
  await page.locator('#edit-open-node').click();
  await form.locator('[data-field="name"]').fill('Pamir Institute');
  await page.locator('#edit-save').click();
  await page.locator('.details .details-title', { hasText: 'Pamir Institute' }).waitFor();

  // Deleting a node with relationships names them first; Cancel writes nothing.
  await page.locator('#tool-fit').click();
  await settled(page);
  const qatar = await nodePoint(page, 'qatar');
  await page.mouse.click(qatar.x, qatar.y, { button: 'right' });
  await page.locator('#menu-delete-node').click();
  const confirm = page.locator('.edit-confirm');
  await confirm.waitFor();
  // Every relationship with Qatar at one end (the neighbourhood also holds those among its neighbours).
  const hood = (await (await fetch(`${harness.server.baseUrl}/api/nodes/qatar/neighborhood?depth=1`)).json()) as { edges: GraphEdge[] };
  const touching = hood.edges.filter((e) => e.source === 'qatar' || e.target === 'qatar');
  expect(touching.length).toBeGreaterThan(0);
  expect(await confirm.locator('li').count()).toBe(touching.length);
  expect(await confirm.textContent()).toContain(`Delete Qatar and its ${touching.length} relationship(s)?`);
  await shot(page, 'entity-confirm');
  await confirm.locator('.edit-cancel').click();
  expect((await fetch(`${harness.server.baseUrl}/api/nodes/qatar`)).status).toBe(200);

  // The new entity has none: deleted, then the delete undone.
  await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.nodeScreenPoint('pamir-policy-institute') !== null);
  const made = await nodePoint(page, 'pamir-policy-institute');
  await page.mouse.click(made.x, made.y, { button: 'right' });
  await page.locator('#menu-delete-node').click();
  await page.locator('.edit-confirm', { hasText: 'It has no relationships.' }).waitFor();
  await page.locator('#edit-confirm-delete').click();
  await page.locator('#edit-notice', { hasText: 'Done: delete Pamir Institute' }).waitFor();
  expect((await fetch(`${harness.server.baseUrl}/api/nodes/pamir-policy-institute`)).status).toBe(404);
  await page.locator('#edit-undo').click();
  await page.locator('#edit-notice', { hasText: 'Undid delete Pamir Institute' }).waitFor();
  const back = (await (await fetch(`${harness.server.baseUrl}/api/nodes/pamir-policy-institute`)).json()) as { node: { name: string } };
  expect(back.node.name).toBe('Pamir Institute');
  await shot(page, 'entity-undone');
  await page.close();
}, 180_000);

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
type AxeHost = { axe: { run(context: unknown, options: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ html: string }> }> }> } };

/** Serious and critical axe violations inside the edit panel, one line per rule and element. */
async function editPanelViolations(page: Page, state: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => (await (globalThis as unknown as AxeHost).axe.run('#edit-panel', { resultTypes: ['violations'] })).violations);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${state}: ${v.id} (${v.impact}) ${v.help}: ${n.html.slice(0, 120)}`));
}

test('the edit forms and confirmations have no serious or critical accessibility violation', async () => {
  const page = await openExplorer(harness.browser, harness.server.baseUrl, { bypassCSP: true });
  await page.evaluate((token) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('multivector.adminToken', token), TOKEN);
  await page.reload();
  await page.locator('#edit-toggle').click();
  await settled(page);
  const found: string[] = [];
  await page.locator('#edit-new-entity').click();
  await page.locator('#edit-entity-form').waitFor();
  found.push(...(await editPanelViolations(page, 'entity-form')));
  const at = await nodePoint(page, 'russia');
  await page.mouse.click(at.x, at.y);
  await page.locator('#edit-entity-form .edit-cancel').click();
  await page.locator('#edit-from-node').click();
  const to = await nodePoint(page, 'iran');
  await page.mouse.click(to.x, to.y);
  await page.locator('#edit-relationship-form').waitFor();
  await page.locator('#edit-save').click();
  await page.locator('#edit-error:not(:empty)').waitFor();
  found.push(...(await editPanelViolations(page, 'relationship-form-refused')));
  await shot(page, 'a11y-relationship-form');
  expect(found).toEqual([]);
  await page.close();
}, 180_000);
