/**
 * GET /api/search over the seed graph: what analysts type finds the node or the evidence however it is
 * written: another script (Душанбе), other case, no diacritics, words of a description, words of a quote or
 * of a document's title (the title's curly quotes typed plain), words only in a stored document's text (the
 * sentence around them, with offsets into that text); a node or a document added by an import is found at once.
 */
import type { SearchResult } from '../../server/domain/graph-model';
import { graphJson } from '../support/import-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';
import { removeTempDirs } from '../support/temp-dirs';

const ADMIN = 'test-admin-token-0123456789abcdef';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { ADMIN_TOKEN: ADMIN } });
});

afterAll(async () => {
  await server?.close();
  removeTempDirs();
});

async function search(q: string, limit = 10): Promise<SearchResult> {
  const res = await fetch(`${server.baseUrl}/api/search?q=${encodeURIComponent(q)}&limit=${limit}`);
  expect(res.status).toBe(200);
  return (await res.json()) as SearchResult;
}

test.each([
  ['Душанбе', 'dushanbe'],
  ['ДУШАНБЕ', 'dushanbe'],
  ['москва', 'moscow'],
  ['北京', 'beijing'],
  ['Эмомалӣ', 'emomali-rahmon'],
  ['эмомали рахмон', 'emomali-rahmon'],
  ['DUSHANBE', 'dushanbe'],
])('"%s" finds %s first', async (q, id) => {
  const { nodes } = await search(q);
  expect(nodes[0]?.id).toBe(id);
});

test('a diacritic typed or left out finds the same node', async () => {
  expect((await search('Raḥmon')).nodes.map((n) => n.id)).toContain('emomali-rahmon');
  expect((await search('Rahmon')).nodes.map((n) => n.id)).toContain('emomali-rahmon');
});

test('words of a description find the node, after the nodes whose names match', async () => {
  const { nodes } = await search('landlocked');
  expect(nodes.map((n) => n.id)).toContain('tajikistan');
  const russia = await search('russia', 50);
  expect(russia.nodes[0]?.id).toBe('russia');
});

test('words of a quote find the passage, with its relationship, ends and document, cut around the match', async () => {
  const { passages, fullText } = await search('7,000 troops');
  expect(fullText).toBe(true);
  expect(passages.length).toBeGreaterThan(0);
  const first = passages[0];
  expect(first).toMatchObject({ matched: 'quote', publisher: 'Diplomatic Courier', published: '2024-06-20' });
  expect(first?.quote).toContain('7,000 troops');
  expect(first?.sourceName.length).toBeGreaterThan(0);
  const details = (await (await fetch(`${server.baseUrl}/api/nodes/${first?.source ?? ''}`)).json()) as { edges: Array<{ id: string }> };
  expect(details.edges.map((e) => e.id)).toContain(first?.edge);
});

test("a document title typed with a plain apostrophe finds that document's passages", async () => {
  // The title reads "Tajikistan’s “multi-vector” foreign policy is testing the Kremlin’s patience".
  const { passages } = await search("testing the kremlin's patience", 5);
  expect(passages.length).toBeGreaterThan(0);
  expect(passages.every((p) => p.document === '001_b6398f76a3cb8983.txt')).toBe(true);
  expect(passages.map((p) => p.matched)).toContain('title');
});

test('nothing matching answers empty lists, not an error', async () => {
  expect(await search('qqqzzzxxx')).toEqual({ nodes: [], passages: [], documentPassages: [], fullText: true, documentTexts: true });
});

test('a node an import adds is found by the next search, folded', async () => {
  expect((await search('country zebra 0')).nodes).toEqual([]);
  const res = await fetch(`${server.baseUrl}/api/import?name=web.json`, {
    method: 'POST',
    body: JSON.stringify(graphJson('zebra', 1)),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
  });
  expect(res.status).toBe(201);
  expect((await search('COUNTRY ZEBRA 0')).nodes.map((n) => n.id)).toEqual(['zebra-c0']);
});

test("words only in a stored document's text find the sentence around them, with offsets into the text; its undo removes it", async () => {
  const phrase = 'orchards” of Isfara';
  expect((await search(phrase)).documentPassages).toEqual([]);
  const text = 'Trade grew last year.\n\nFarmers   in the “apricot orchards” of Isfara sold their crop to Kazakh buyers, the ministry said. Prices rose again.';
  const res = await fetch(`${server.baseUrl}/api/documents`, {
    method: 'POST',
    body: JSON.stringify({ title: 'Orchard exports', publisher: 'Test Wire', published: '2025-03-01', text }),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
  });
  expect(res.status).toBe(201);
  const stored = (await res.json()) as { document: { id: string; text: string }; importId: string };
  // Typed in capitals, with a plain quote for the curly one: folded as every search is.
  const { documentPassages, passages, documentTexts } = await search('APRICOT ORCHARDS" OF ISFARA');
  expect(passages).toEqual([]);
  expect(documentTexts).toBe(true);
  expect(documentPassages).toHaveLength(1);
  const [hit] = documentPassages;
  expect(hit).toEqual(expect.objectContaining({ document: stored.document.id, title: 'Orchard exports', publisher: 'Test Wire', published: '2025-03-01' }));
  const storedText = stored.document.text;
  expect(storedText.slice(hit?.start, hit?.end)).toBe('apricot orchards” of Isfara');
  const sentence = storedText.slice(hit?.passageStart, hit?.passageEnd);
  expect(sentence).toMatch(/^Farmers\s+in the “apricot orchards” of Isfara sold their crop to Kazakh buyers, the ministry said\.$/);
  expect(hit?.passage).toBe(sentence);

  const undo = await fetch(`${server.baseUrl}/api/import/${stored.importId}/undo`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } });
  expect(undo.status).toBe(200);
  expect((await search(phrase)).documentPassages).toEqual([]);
});

test('a long sentence is cut to a window around the match, marked with …', async () => {
  const filler = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
  const text = `${filler} the quince festival of Khujand ${filler}.`;
  const res = await fetch(`${server.baseUrl}/api/documents`, {
    method: 'POST',
    body: JSON.stringify({ title: 'One long sentence', publisher: 'Test Wire', published: '2025-03-02', text }),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
  });
  expect(res.status).toBe(201);
  const [hit] = (await search('quince festival')).documentPassages;
  expect(hit?.passage).toMatch(/^… .*quince festival of Khujand.* …$/);
  expect(hit && hit.passageEnd - hit.passageStart).toBeLessThan(text.length / 2);
  expect(hit && text.slice(hit.start, hit.end)).toBe('quince festival');
});
