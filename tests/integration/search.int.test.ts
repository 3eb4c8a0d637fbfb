/**
 * GET /api/search over the seed graph: what analysts type finds the node or the evidence however it is
 * written: another script (Душанбе), other case, no diacritics, words of a description, words of a quote or
 * of a document's title (the title's curly quotes typed plain); a node added by an import is found at once.
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
  expect(await search('qqqzzzxxx')).toEqual({ nodes: [], passages: [], fullText: true });
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
