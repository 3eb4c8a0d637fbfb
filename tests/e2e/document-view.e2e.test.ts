/**
 * The document view in headless Chromium against the real app. Full-text search: a phrase found only in an
 * article's text is listed "In the documents", and choosing it opens the document view scrolled to that
 * sentence, marked and focused. Review: proposals are grouped by sentence in text order, strongest first, with
 * counts; the filter hides by type; a sentence clicked in the text brings its group into view; a sentence
 * selected in the text with two entities picked becomes an accepted claim that commits with that quote.
 * Screenshots go to artifacts/screenshots/document-search-*.png and document-groups-*.png.
 */
import path from 'node:path';
import { openExplorer, pickNode, SCREENSHOTS, useExplorerHarness } from '../support/browser';

const TOKEN = 'document-search-e2e-admin-token-0123456789';

/** As much of the page's document as the waits read (its DOM types are not in the tsconfig tests compile with). */
type PageHost = {
  document: {
    activeElement: { id: string; closest(selector: string): { getAttribute(name: string): string | null } | null } | null;
    querySelector(selector: string): { textContent: string | null } | null;
  };
};

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
  const storedId = ((await stored.json()) as { document: { id: string } }).document.id;

  const page = await openExplorer(harness.browser, harness.server.baseUrl);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const input = page.locator('#search-input');
  await input.click();
  await input.pressSequentially('vakhsh cascade turbines', { delay: 20 });
  const option = page.locator('#search-input-suggestions .picker-document-passage').first();
  await option.waitFor();
  await expect(page.locator('#search-input-suggestions .picker-group').allTextContents()).resolves.toEqual(['In the documents']);
  await expect(option.getAttribute('data-document-id')).resolves.toBe(storedId);
  await expect(option.locator('.option-name').textContent()).resolves.toBe('Cascade inspection');
  await expect(option.locator('.option-quote').textContent()).resolves.toBe(`“${SENTENCE}”`);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'document-search-1-suggestion.png') });

  // By keyboard: the first suggestion is highlighted, Enter chooses it.
  await input.press('Enter');
  const passage = page.locator('#document-text #document-passage');
  await passage.waitFor();
  await expect(passage.textContent()).resolves.toBe(SENTENCE);
  await expect(page.locator('#document-panel').isVisible()).resolves.toBe(true);
  await page.waitForFunction(() => (globalThis as unknown as PageHost).document.activeElement?.id === 'document-passage');
  // Scrolled into the text box's visible part, though it sits below forty paragraphs.
  // A string: the page's DOM types are not in the server-side tsconfig these tests compile with.
  const inView = await page.evaluate(`(() => {
    const text = document.querySelector('#document-text');
    const box = text.getBoundingClientRect();
    const mark = document.querySelector('#document-passage').getBoundingClientRect();
    return text.scrollTop > 0 && mark.top >= box.top && mark.bottom <= box.bottom;
  })()`);
  expect(inView).toBe(true);
  // The mentions inside the passage are still marked as mentions.
  await expect(page.locator('#document-text mark.document-mention').count()).resolves.toBeGreaterThan(0);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'document-search-2-passage.png') });
  expect(errors).toEqual([]);
  await page.close();
}, 120_000);

const LONG_ARTICLE = [
  'Russia lends $300 million to Tajikistan for a new dam, and China funds the road to Dushanbe.',
  'Tajikistan borders Afghanistan along the Panj river.',
  'Tajikistan hosts the Russian 201st Military Base, the largest Russian base abroad.',
  'China invests in Tajikistan and builds roads; Russia trains with Tajikistan in joint drills.',
].join(' ');

test('proposals are grouped by sentence in text order, strongest first, filtered by type, and a sentence in the text brings its group into view', async () => {
  const page = await openExplorer(harness.browser, harness.server.baseUrl);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.locator('#document-toggle').click();
  await page.locator('#document-token').fill(TOKEN);
  await page.locator('#document-title').fill('Many claims');
  await page.locator('#document-publisher').fill('Test Wire');
  await page.locator('#document-published').fill('2025-05-01');
  await page.locator('#document-input').fill(LONG_ARTICLE);
  await page.locator('#document-analyse').click();
  await page.locator('#document-proposals .document-group').first().waitFor();

  const groups = await page.locator('#document-proposals .document-group').evaluateAll((els) => els.map((el) => ({
    start: Number(el.getAttribute('data-sentence')),
    count: el.querySelector('.document-group-count')?.textContent ?? '',
    rows: el.querySelectorAll('.document-proposal').length,
    scores: [...el.querySelectorAll('.document-why')].map((w) => Number(/score ([\d.]+)/.exec(w.textContent ?? '')?.[1])),
  })));
  expect(groups.length).toBeGreaterThan(1);
  expect(groups.map((g) => g.start)).toEqual([...groups.map((g) => g.start)].sort((a, b) => a - b));
  for (const g of groups) {
    expect(g.count).toBe(`${g.rows} proposal${g.rows === 1 ? '' : 's'}`);
    expect(g.scores).toEqual([...g.scores].sort((a, b) => b - a));
  }
  const total = groups.reduce((n, g) => n + g.rows, 0);
  await expect(page.locator('#document-filter-summary').textContent()).resolves.toBe(`${total} of ${total} proposals shown, in ${groups.length} of ${groups.length} sentences.`);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'document-groups-1-all.png') });

  // Filter by one type, chosen by keyboard: only that type stays visible.
  const types = await page.locator('#document-filter-type option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value).filter((v) => v !== ''));
  expect(types.length).toBeGreaterThan(1);
  const chosen = types[0] ?? '';
  await page.locator('#document-filter-type').selectOption(chosen);
  const visibleTypes = await page.locator('#document-proposals .document-proposal:visible select.document-type').evaluateAll((ss) => ss.map((s) => (s as unknown as { value: string }).value));
  expect(visibleTypes.length).toBeGreaterThan(0);
  expect(new Set(visibleTypes)).toEqual(new Set([chosen]));
  await expect(page.locator('#document-filter-summary').textContent()).resolves.toMatch(new RegExp(`^${visibleTypes.length} of ${total} proposals shown`));
  await page.locator('#document-filter-type').selectOption('');

  // The last proposed sentence, reached by keyboard in the text, brings its group's heading into focus.
  const last = groups[groups.length - 1]?.start ?? -1;
  const sentence = page.locator(`#document-text .document-sentence[data-sentence="${last}"]`).first();
  await sentence.focus();
  await sentence.press('Enter');
  await page.waitForFunction((start) => (globalThis as unknown as PageHost).document.activeElement?.closest('.document-group')?.getAttribute('data-sentence') === String(start), last);
  // A click on a mention inside the first sentence goes to the first group.
  const first = groups[0]?.start ?? -1;
  await page.locator(`#document-text .document-sentence[data-sentence="${first}"] mark`).first().click();
  await page.waitForFunction((start) => (globalThis as unknown as PageHost).document.activeElement?.closest('.document-group')?.getAttribute('data-sentence') === String(start), first);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'document-groups-2-sentence.png') });
  expect(errors).toEqual([]);
  await page.close();
}, 120_000);

test('a sentence selected in the text, with a type and two entities picked, joins the accepted claims and commits with its quote', async () => {
  const page = await openExplorer(harness.browser, harness.server.baseUrl);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.locator('#document-toggle').click();
  await page.locator('#document-token').fill(TOKEN);
  await page.locator('#document-title').fill('Selected by hand');
  await page.locator('#document-publisher').fill('Test Wire');
  await page.locator('#document-published').fill('2025-05-02');
  await page.locator('#document-input').fill(LONG_ARTICLE);
  await page.locator('#document-analyse').click();
  await page.locator('#document-manual').waitFor();

  const quote = 'Tajikistan borders Afghanistan along the Panj river.';
  // Adding without a quote is refused with a message, not a crash.
  await page.locator('#document-manual-add').click();
  await expect(page.locator('#document-manual-message').textContent()).resolves.toMatch(/quote/);
  // Select the sentence in the text as a reader would, by a range over its words.
  await page.evaluate(`(() => {
    const wanted = ${JSON.stringify(quote)};
    const box = document.querySelector('#document-text');
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    const at = box.textContent.indexOf(wanted);
    let offset = 0;
    for (let n = walker.nextNode(); n !== null; n = walker.nextNode()) {
      const len = n.data.length;
      if (at >= offset && at < offset + len) range.setStart(n, at - offset);
      if (at + wanted.length > offset && at + wanted.length <= offset + len) range.setEnd(n, at + wanted.length - offset);
      offset += len;
    }
    getSelection().removeAllRanges();
    getSelection().addRange(range);
  })()`);
  await page.locator('#document-use-selection').click();
  await expect(page.locator('#document-manual-quote').inputValue()).resolves.toBe(quote);
  await page.locator('#document-manual-type').selectOption('BORDERS');
  await page.locator('#document-manual-source').selectOption('afghanistan');
  await page.locator('#document-manual-target').selectOption('tajikistan');
  await page.locator('#document-manual-add').click();
  const added = page.locator('#document-manual-claims .document-proposal');
  await expect(added.count()).resolves.toBe(1);
  await expect(added.locator('.document-accept').isChecked()).resolves.toBe(true);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'document-manual-claim.png') });

  await page.locator('#document-commit').click();
  await page.waitForFunction(() => /^(Committed|Refused)/.test((globalThis as unknown as PageHost).document.querySelector('#document-result')?.textContent ?? ''));
  await expect(page.locator('#document-result').textContent()).resolves.toMatch(/^Committed/);
  const graph = (await (await fetch(`${harness.server.baseUrl}/api/graph`)).json()) as { edges: Array<{ source: string; target: string; sources: Array<{ quote: string }> }> };
  const withQuote = graph.edges.filter((e) => e.sources.some((s) => s.quote === quote));
  expect(withQuote.map((e) => [e.source, e.target].sort())).toEqual([['afghanistan', 'tajikistan']]);
  expect(errors).toEqual([]);
  await page.close();
}, 120_000);

test('a hand-added claim can use an entity the document does not name, found by search; committed, it shows in the evidence panel', async () => {
  // "The emirate" is Qatar, which the mention finder cannot know: the analyst finds Qatar through search.
  const quote = 'The emirate signed a trade deal with Dushanbe last week.';
  const page = await openExplorer(harness.browser, harness.server.baseUrl);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.locator('#document-toggle').click();
  await page.locator('#document-token').fill(TOKEN);
  await page.locator('#document-title').fill('Gulf trade');
  await page.locator('#document-publisher').fill('Test Wire');
  await page.locator('#document-published').fill('2025-05-03');
  await page.locator('#document-input').fill(`Gulf officials toured Central Asia. ${quote} Details were not published.`);
  await page.locator('#document-analyse').click();
  await page.locator('#document-manual').waitFor();
  // Qatar is not among the entities the document offers.
  const offered = await page.locator('#document-manual-source option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
  expect(offered).not.toContain('qatar');

  await page.locator('#document-manual-quote').fill(quote);
  await page.locator('#document-manual-type').selectOption('TRADES_WITH');
  await pickNode(page, '#document-manual-source-search', 'Qatar');
  await expect(page.locator('#document-manual-source').inputValue()).resolves.toBe('qatar');
  // The found entity is offered at the other end too; the search box is empty again.
  await expect(page.locator('#document-manual-target option[value="qatar"]').count()).resolves.toBe(1);
  await expect(page.locator('#document-manual-source-search').inputValue()).resolves.toBe('');
  // "Dushanbe" here is the capital as a metonym: the analyst finds Tajikistan by search as well.
  await pickNode(page, '#document-manual-target-search', 'Tajikistan');
  await expect(page.locator('#document-manual-target').inputValue()).resolves.toBe('tajikistan');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'document-manual-any-entity-1-picked.png') });
  await page.locator('#document-manual-add').click();
  const added = page.locator('#document-manual-claims .document-proposal');
  await expect(added.count()).resolves.toBe(1);
  await expect(added.locator('input.document-source').inputValue()).resolves.toBe('qatar');

  await page.locator('#document-commit').click();
  await page.waitForFunction(() => /^(Committed|Refused)/.test((globalThis as unknown as PageHost).document.querySelector('#document-result')?.textContent ?? ''));
  await expect(page.locator('#document-result').textContent()).resolves.toMatch(/^Committed: 1 relationships added/);
  const qatar = (await (await fetch(`${harness.server.baseUrl}/api/nodes/qatar`)).json()) as { edges: Array<{ id: string; target: string; sources: Array<{ quote: string }> }> };
  const edge = qatar.edges.find((e) => e.sources.some((s) => s.quote === quote));
  expect(edge?.target).toBe('tajikistan');

  // In the explorer: Qatar's details list the relationship, and its evidence shows the quote.
  await page.locator('#document-panel .import-close').click();
  await pickNode(page, '#search-input', 'Qatar');
  const edgeButton = page.locator(`.details .connection-button[data-edge-id="${edge?.id ?? ''}"]`);
  await edgeButton.waitFor();
  await edgeButton.click();
  await page.locator('.details .source-quote').first().waitFor();
  expect(await page.locator('.details .source-quote').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining(quote)]));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'document-manual-any-entity-2-evidence.png') });
  expect(errors).toEqual([]);
  await page.close();
}, 120_000);

test('a shared link focusing on a source document opens its details; hiding it closes them; "Show hidden" says it covers relationships', async () => {
  const id = '000_2cd8899d59dba20a.txt';
  const page = await openExplorer(harness.browser, `${harness.server.baseUrl}/?focus=${encodeURIComponent(id)}`);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const details = page.locator('.details');
  await details.locator('.details-id code', { hasText: id }).waitFor();
  await expect(details.locator('.details-eyebrow').textContent()).resolves.toContain('Source document');
  // Its catalogue entry and the relationships on the canvas it is evidence for.
  await expect(details.locator('.document-facts').textContent()).resolves.toContain('Publisher');
  await expect(details.locator('.connection-button').count()).resolves.toBeGreaterThan(0);
  await expect(page.locator('.message-error').count()).resolves.toBe(0);
  await expect(page.locator('.message-info', { hasText: 'not in the graph' }).count()).resolves.toBe(0);
  // The header counts entities of the stored entities, and the drawn document apart (not "136 of 135 nodes").
  const stored = ((await (await fetch(`${harness.server.baseUrl}/api/health`)).json()) as { nodes: number }).nodes;
  await expect(page.locator('.header-counts').textContent()).resolves.toMatch(new RegExp(`^${stored} of ${stored} nodes · \\d+ of \\d+ edges · 1 document$`));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'document-linked-details.png') });

  // Hidden from its details, it leaves the drawing and its details close.
  await details.locator('[data-action="hide"]').click();
  await details.locator('.details-id').waitFor({ state: 'detached' });
  await expect(page.locator('#tool-show-hidden').getAttribute('title')).resolves.toBe('Show the hidden nodes and relationships again');
  await expect(page.locator('#tool-show-hidden').textContent()).resolves.toBe('Show hidden (1)');
  expect(errors).toEqual([]);
  await page.close();
}, 120_000);
