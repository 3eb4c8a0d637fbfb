/**
 * The console's answers in the browser, the way Neo4j Browser shows them: every node a query returns is drawn
 * (source documents too, as documents with their catalogue), paths read as hop text, picking a row selects
 * its elements on the canvas, the Table/Graph tabs switch views by mouse and keyboard, and a long answer is
 * drawn a page at a time with what the server cut said plainly.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { CypherResult, GraphEdge, GraphNode } from '../../server/domain/graph-model';
import { useExplorerHarness, openExplorer, SCREENSHOTS } from '../support/browser';

type Probe = {
  drawnNodeIds(): string[];
  drawnEdgeIds(): string[];
  selectedIds(): string[];
  isSettled(): boolean;
  selection(): { kind: string; id: string } | null;
};
type ProbeHost = { __multivector?: Probe };
/** The page's document, as much as these tests read (the test files compile without the DOM's types). */
type PageElement = { textContent: string | null; id?: string; getBoundingClientRect(): { height: number } };
type DocumentHost = { document: { querySelector(selector: string): PageElement | null; activeElement: PageElement | null } };

// Limits low enough for a seed-graph query to meet both: the long-answer test needs a cut answer.
const MAX_ROWS = 250;
const MAX_GRAPH_NODES = 100;
const harness = useExplorerHarness({ env: { CYPHER_MAX_ROWS: String(MAX_ROWS), CYPHER_MAX_GRAPH_NODES: String(MAX_GRAPH_NODES) } });

async function probe<K extends keyof Probe>(page: Page, key: K): Promise<ReturnType<Probe[K]>> {
  return page.evaluate((k) => {
    const p = (globalThis as unknown as ProbeHost).__multivector as Record<string, () => unknown>;
    return p[k]?.() as never;
  }, key) as Promise<ReturnType<Probe[K]>>;
}

/** The server's own answer to `query`, to compare the page with. */
async function answerOf(query: string): Promise<CypherResult> {
  const response = await fetch(`${harness.server.baseUrl}/api/cypher`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as CypherResult;
}

/** Opens the console, types `query` as a user would and runs it with Ctrl+Enter; resolves when the rows are in. */
async function runQuery(page: Page, query: string): Promise<void> {
  if (!(await page.locator('#console-editor[data-ready="true"]').isVisible())) {
    await page.keyboard.press('`');
    await page.locator('#console-editor[data-ready="true"]').waitFor();
  }
  const editor = page.locator('#console-editor .cm-content');
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await editor.pressSequentially(query, { delay: 5 });
  await page.keyboard.press('Escape');
  const before = await page.locator('#console-summary').textContent();
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction((text) => {
    const doc = (globalThis as unknown as DocumentHost).document;
    const summary = doc.querySelector('#console-summary')?.textContent ?? '';
    return (summary !== '' && summary !== text) || doc.querySelector('#console-error:not([hidden])') !== null;
  }, before);
  const error = page.locator('#console-error:not([hidden])');
  if (await error.isVisible()) throw new Error(`the console refused ${query}: ${await error.textContent()}`);
  await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.isSettled() === true);
}

const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: path.join(SCREENSHOTS, `console-${name}.png`) });

test('MATCH (n) RETURN n LIMIT 5 draws the five nodes it returns, and a source document shows its catalogue', async () => {
  const page = await openExplorer(harness.browser, harness.server.baseUrl);
  const query = 'MATCH (n) RETURN n LIMIT 5';
  await runQuery(page, query);
  const answer = await answerOf(query);
  expect(answer.rows).toHaveLength(5);
  expect(answer.graph.nodes).toHaveLength(5);
  await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.drawnNodeIds().length === 5);
  expect((await probe(page, 'drawnNodeIds')).sort()).toEqual(answer.graph.nodes.map((n) => n.id).sort());
  // Each row's node is a chip with its name, not JSON.
  const chips = await page.locator('#console-table tbody .cell-node').allTextContents();
  expect(chips.sort()).toEqual(answer.graph.nodes.map((n) => n.name).sort());
  await expect(page.locator('#console-table tbody').textContent()).resolves.not.toContain('{"');

  const doc = answer.graph.nodes.find((n) => n.kind === 'SourceDocument');
  if (doc !== undefined) {
    // The embedded engine answers the bibliography first: a document is picked like any row and shows its catalogue.
    const index = answer.rows.findIndex((row) => (row[0] as GraphNode).id === doc.id);
    await page.locator(`#console-table tbody tr[data-row="${index}"]`).click();
    await page.waitForFunction((id) => (globalThis as unknown as ProbeHost).__multivector?.selection()?.id === id, doc.id);
    const details = page.locator('.details');
    await expect(details.locator('.details-eyebrow').textContent()).resolves.toContain('Source document');
    await expect(details.locator('.details-title').textContent()).resolves.toBe(doc.name);
    await expect(details.locator('.document-facts').textContent()).resolves.toContain(String(doc.properties['publisher']));
    await expect(details.locator('.document-facts').textContent()).resolves.toContain(String(doc.properties['published']));
    await shot(page, 'documents');
    // "Show the claims it supports" runs the console query for them: every relationship it draws cites the document.
    const before = await page.locator('#console-summary').textContent();
    await details.locator('[data-action="document-claims"]').click();
    await page.waitForFunction((text) => ((globalThis as unknown as DocumentHost).document.querySelector('#console-summary')?.textContent ?? text) !== text, before);
    await expect(page.locator('#console-error').isVisible()).resolves.toBe(false);
    const claims = await answerOf(await details.locator('[data-action="document-claims"]').getAttribute('title') ?? '');
    expect(claims.graph.edges.length).toBeGreaterThan(0);
    expect(claims.graph.edges.every((e) => e.sources.some((s) => s.document === doc.id))).toBe(true);
    await page.waitForFunction((n) => (globalThis as unknown as ProbeHost).__multivector?.drawnEdgeIds().length === n, claims.graph.edges.length);
    await expect(page.locator('#console-editor .cm-content').textContent()).resolves.toContain('IN r.sourceDocuments');
  } else {
    await shot(page, 'documents');
  }
  await page.close();
}, 120_000);

test('a path reads as hop text with each hop\'s direction, and picking its row selects the whole path on the canvas', async () => {
  const page = await openExplorer(harness.browser, harness.server.baseUrl);
  const query = "MATCH p = (t:Country {id: 'tajikistan'})-[:HOSTS_BASE]->(b)<-[:OPERATES]-(o) RETURN p, b.name AS base LIMIT 3";
  await runQuery(page, query);
  const answer = await answerOf(query);
  expect(answer.rows.length).toBeGreaterThan(0);
  const first = answer.rows[0]?.[0] as { nodes: GraphNode[]; edges: GraphEdge[] };
  const [start, base, operator] = first.nodes;
  const expected = `${start?.name} -[HOSTS_BASE]-> ${base?.name} <-[OPERATES]- ${operator?.name}`;
  expect(expected.startsWith('Tajikistan -[HOSTS_BASE]-> ')).toBe(true);
  const cell = page.locator('#console-table tbody tr[data-row="0"] .cell-path');
  await expect(cell.textContent()).resolves.toBe(expected);

  await page.locator('#console-table tbody tr[data-row="0"]').click();
  const wanted = [...first.nodes.map((n) => n.id), ...first.edges.map((e) => e.id)].sort();
  await page.waitForFunction((n) => (globalThis as unknown as ProbeHost).__multivector?.selectedIds().length === n, wanted.length);
  expect((await probe(page, 'selectedIds')).sort()).toEqual(wanted);
  await expect(page.locator('#console-table tbody tr[data-row="0"]').getAttribute('aria-selected')).resolves.toBe('true');
  await shot(page, 'path-row');

  // The keyboard walks the rows: ArrowDown picks the next one, and its elements become the selection.
  if (answer.rows.length > 1) {
    await page.keyboard.press('ArrowDown');
    const second = answer.rows[1]?.[0] as { nodes: GraphNode[]; edges: GraphEdge[] };
    const next = [...second.nodes.map((n) => n.id), ...second.edges.map((e) => e.id)].sort();
    await page.waitForFunction((ids) => {
      const selected = (globalThis as unknown as ProbeHost).__multivector?.selectedIds().sort() ?? [];
      return JSON.stringify(selected) === JSON.stringify(ids);
    }, next);
    await expect(page.locator('#console-table tbody tr[data-row="1"]').getAttribute('aria-selected')).resolves.toBe('true');
  }
  // Esc ends the row's selection, as it does any selection.
  await page.locator('#graph').focus();
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.selectedIds().length === 0);
  await expect(page.locator('#console-table tbody tr[aria-selected="true"]').count()).resolves.toBe(0);
  await page.close();
}, 120_000);

test('the Table and Graph tabs switch the answer\'s view, by mouse and by arrow keys', async () => {
  const page = await openExplorer(harness.browser, harness.server.baseUrl);
  await runQuery(page, 'MATCH (c:Country)-[r:HOSTS_BASE]->(b) RETURN c, r, b');
  const drawer = page.locator('#console');
  const body = page.locator('#console-body');
  await expect(drawer.getAttribute('data-view')).resolves.toBe('table');
  await expect(page.locator('#console-tab-table').getAttribute('aria-selected')).resolves.toBe('true');
  const canvasBefore = (await page.locator('#graph').boundingBox())?.height ?? 0;

  await page.locator('#console-tab-graph').click();
  await expect(drawer.getAttribute('data-view')).resolves.toBe('graph');
  await expect(body.isVisible()).resolves.toBe(false);
  await expect(page.locator('#console-tab-graph').getAttribute('aria-selected')).resolves.toBe('true');
  // The graph view gives the canvas the room the table had.
  await page.waitForFunction((h) => ((globalThis as unknown as DocumentHost).document.querySelector('#graph')?.getBoundingClientRect().height ?? 0) > h, canvasBefore);
  await shot(page, 'graph-view');

  // Keyboard: the selected tab is in the tab order, and the arrow keys move to the other one and choose it.
  await page.locator('#console-tab-graph').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(drawer.getAttribute('data-view')).resolves.toBe('table');
  await expect(body.isVisible()).resolves.toBe(true);
  await expect(page.evaluate(() => (globalThis as unknown as DocumentHost).document.activeElement?.id)).resolves.toBe('console-tab-table');
  await page.keyboard.press('ArrowRight');
  await expect(drawer.getAttribute('data-view')).resolves.toBe('graph');

  // An answer with nothing to draw is read as a table; the Graph tab says why it is off.
  await page.locator('#console-tab-table').click();
  await runQuery(page, 'MATCH (c:Country) RETURN c.name AS country ORDER BY country');
  await expect(page.locator('#console-tab-graph').isDisabled()).resolves.toBe(true);
  await expect(drawer.getAttribute('data-view')).resolves.toBe('table');
  await shot(page, 'table-view');
  await page.close();
}, 120_000);

test('a long answer is drawn a page at a time, scrolls, and says which server limit cut it', async () => {
  const page = await openExplorer(harness.browser, harness.server.baseUrl);
  const query = 'MATCH (a)-[r]->(b) RETURN r.id AS id, a, r, b ORDER BY id';
  await runQuery(page, query);
  const answer = await answerOf(query);
  expect(answer).toMatchObject({ rowsTruncated: true, graphTruncated: true });
  expect(answer.rows).toHaveLength(MAX_ROWS);
  const rows = page.locator('#console-table tbody tr');
  await expect(rows.count()).resolves.toBe(200);
  const notice = page.locator('#console-notice');
  await expect(notice.textContent()).resolves.toContain('CYPHER_MAX_ROWS');
  await expect(notice.textContent()).resolves.toContain('CYPHER_MAX_GRAPH_NODES');
  const more = page.locator('#console-more');
  await expect(more.textContent()).resolves.toContain(`${MAX_ROWS - 200} more`);
  // The rows scroll inside the drawer, under a header that stays.
  const scrolls = await page.locator('#console-table-wrap').evaluate((el: { scrollHeight: number; clientHeight: number }) => el.scrollHeight > el.clientHeight);
  expect(scrolls).toBe(true);
  await shot(page, 'long-answer');
  await more.click();
  await expect(rows.count()).resolves.toBe(MAX_ROWS);
  await expect(more.isVisible()).resolves.toBe(false);
  await expect(rows.last().locator('td').first().textContent()).resolves.toBe(String(answer.rows[MAX_ROWS - 1]?.[0]));
  await page.waitForFunction((n) => (globalThis as unknown as ProbeHost).__multivector?.drawnNodeIds().length === n, MAX_GRAPH_NODES);
  await page.close();
}, 120_000);
