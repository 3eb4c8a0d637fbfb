/**
 * /api/documents over real HTTP with the embedded engine, seeded from graph-seed/: a document is stored with
 * its readable text and answers proposals; an article naming nothing known proposes nothing and says so;
 * HTML, curly quotes and Cyrillic survive; a commit refuses a quote not in the text, naming it; a commit
 * then its undo leaves the graph as before; a sentence restating a stored claim corroborates it.
 */
import type { DocumentAnalysis } from '../../server/domain/document-model';
import type { Graph, GraphEdge } from '../../server/domain/graph-model';
import { startTestServer, type TestServer } from '../support/test-server';
import { removeTempDirs } from '../support/temp-dirs';

const ADMIN = 'test-admin-token-0123456789abcdef';
const auth = { authorization: `Bearer ${ADMIN}` };
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { ADMIN_TOKEN: ADMIN } });
});

afterAll(async () => {
  await server?.close();
  removeTempDirs();
});

const postJson = (path: string, body: unknown, headers: Record<string, string> = auth): Promise<Response> =>
  fetch(`${server.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

async function ingest(body: Record<string, unknown>): Promise<DocumentAnalysis> {
  const res = await postJson('/api/documents', { publisher: 'Test Wire', ...body });
  const answer = (await res.json()) as DocumentAnalysis;
  expect({ status: res.status, answer: res.status === 201 ? 'ok' : answer }).toEqual({ status: 201, answer: 'ok' });
  return answer;
}

/** Nodes and edges as the page reads them, sorted: equal when the graph is the same. */
async function graphState(): Promise<Graph> {
  const g = (await (await fetch(`${server.baseUrl}/api/graph`)).json()) as Graph;
  const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return { nodes: [...g.nodes].sort(byId), edges: [...g.edges].sort(byId) };
}

async function edge(id: string): Promise<GraphEdge | undefined> {
  const g = await graphState();
  return g.edges.find((e) => e.id === id);
}

test('without the admin token a document is refused and nothing is stored', async () => {
  const res = await postJson('/api/documents', { title: 'x', publisher: 'y', published: '2024', text: 'Russia and Tajikistan.' }, {});
  expect([401, 403]).toContain(res.status);
});

test('an article that names no known entity proposes nothing and says so', async () => {
  const a = await ingest({ title: 'Baking bread', published: '2024-01-02', text: 'Knead the dough for ten minutes. Let it rise in a warm kitchen until doubled.' });
  expect(a.mentions).toEqual([]);
  expect(a.candidates.claims).toEqual([]);
  expect(a.candidates.entities).toEqual([]);
  expect(a.notes.join(' ')).toMatch(/names no entity the graph knows/);
});

test('HTML is reduced to its text, keeping curly quotes and Cyrillic; proposals quote it verbatim', async () => {
  const html = `<!doctype html><html><head><title>t</title><style>p{color:red}</style><script>alert("x")</script></head>
    <body><nav>Home | World</nav><h1>Moscow and Dushanbe</h1>
    <p>Президент Таджикистана visited Москва. “We are allies,” said Tajikistan’s minister.</p>
    <p>Tajikistan hosts the Russian 201st Military Base near Душанбе.</p></body></html>`;
  const res = await fetch(`${server.baseUrl}/api/documents?title=${encodeURIComponent('Allies “again”')}&publisher=Wire&published=2024-05-01`, {
    method: 'POST',
    headers: { 'content-type': 'text/html; charset=utf-8', ...auth },
    body: html,
  });
  expect(res.status).toBe(201);
  const a = (await res.json()) as DocumentAnalysis;
  const text = a.document.text;
  expect(text).not.toMatch(/<|alert|color:red|Home \| World/);
  expect(text).toContain('“We are allies,” said Tajikistan’s minister.');
  expect(text).toContain('Президент Таджикистана');
  expect(a.document.title).toBe('Allies “again”');
  const named = new Set(a.mentions.map((m) => m.entity));
  expect([...named]).toEqual(expect.arrayContaining(['tajikistan', 'dushanbe', 'moscow']));
  expect(a.mentions.find((m) => m.text === 'Душанбе')?.entity).toBe('dushanbe');
  expect(a.candidates.claims.length).toBeGreaterThan(0);
  for (const c of a.candidates.claims) expect(text.slice(c.start, c.end)).toBe(c.quote);
  // GET answers the same document with its text and proposals.
  const again = (await (await fetch(`${server.baseUrl}/api/documents/${encodeURIComponent(a.document.id)}`)).json()) as DocumentAnalysis;
  expect(again.document).toEqual(a.document);
  expect(again.candidates.claims.map((c) => c.id)).toEqual(a.candidates.claims.map((c) => c.id));
});

test('a seed article is stored with its text and can be read back', async () => {
  const res = await fetch(`${server.baseUrl}/api/documents/004_cf506b058cce2681.txt`);
  if (res.status === 400) return; // a checkout without ../shared/seeds keeps the seed's documents without texts
  expect(res.status).toBe(200);
  const a = (await res.json()) as DocumentAnalysis;
  expect(a.document.text).toContain('Bishkek');
});

test('an unknown document answers 404', async () => {
  const res = await fetch(`${server.baseUrl}/api/documents/no-such-document`);
  expect(res.status).toBe(404);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
});

test('a commit with an edited quote that is not in the text is refused naming it, and nothing is written', async () => {
  const a = await ingest({ title: 'Edited quote', published: '2024-06-01', text: 'Russia lends money to Tajikistan. Tajikistan borders Afghanistan.' });
  const before = await graphState();
  const res = await postJson(`/api/documents/${a.document.id}/commit`, {
    claims: [
      { type: 'LENDS_TO', source: 'russia', target: 'tajikistan', quote: 'Russia lends money to Tajikistan.' },
      { type: 'BORDERS', source: 'tajikistan', target: 'afghanistan', quote: 'Tajikistan borders Afghanistan and China.' },
    ],
  });
  expect(res.status).toBe(400);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('invalid_request');
  expect(body.error.message).toContain('claims[1] "Tajikistan borders Afghanistan and China."');
  expect(body.error.message).not.toContain('claims[0]');
  expect(await graphState()).toEqual(before);
});

test('accepted proposals, one edited, commit through the import path; undo leaves the graph as before', async () => {
  const text = 'Russia lends $300 million to Tajikistan for a new dam in 2024. Tajikistan trades with Uzbekistan.';
  const a = await ingest({ title: 'Loan and trade', published: '2024-07-01', text });
  const loan = a.candidates.claims.find((c) => c.type === 'LENDS_TO' && c.source === 'russia' && c.target === 'tajikistan');
  expect(loan).toBeDefined();
  expect(loan?.quantities).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'amountUsd', value: 300_000_000 })]));
  expect(loan?.why.trigger).toMatch(/lend/i);
  const before = await graphState();
  const claims = [
    { type: loan?.type ?? '', source: loan?.source ?? '', target: loan?.target ?? '', quote: loan?.quote ?? '', properties: { amountUsd: 300_000_000, asOf: '2024' } },
    // Edited: the analyst reads the trade sentence as a cooperation, with a quote trimmed to the clause.
    { type: 'COOPERATES_WITH', source: 'tajikistan', target: 'uzbekistan', quote: 'Tajikistan trades with Uzbekistan' },
  ];
  const res = await postJson(`/api/documents/${a.document.id}/commit`, { claims });
  const summary = (await res.json()) as { importId: string; counts: { edges: { added: number } } };
  expect(res.status).toBe(201);
  expect(summary.counts.edges.added).toBe(2);
  const added = await edge('russia--lends-to--tajikistan');
  expect(added?.sources).toEqual([expect.objectContaining({ document: a.document.id, quote: loan?.quote, publisher: 'Test Wire' })]);
  expect(added?.properties.amountUsd).toBe(300_000_000);
  const undo = await postJson(`/api/import/${summary.importId}/undo`, {});
  expect(undo.status).toBe(200);
  expect(await graphState()).toEqual(before);
});

test('a sentence restating a stored relationship is proposed as a new source for it, and committing adds the source to that edge', async () => {
  const a = await ingest({ title: 'Base again', published: '2024-08-01', text: 'Tajikistan hosts the Russian 201st Military Base, the largest Russian base abroad.' });
  const proposal = a.candidates.claims.find((c) => c.type === 'HOSTS_BASE');
  expect(proposal?.corroborates).toBeDefined();
  const id = proposal?.corroborates ?? '';
  const old = await edge(id);
  const edgesBefore = (await graphState()).edges.length;
  const res = await postJson(`/api/documents/${a.document.id}/commit`, {
    claims: [{ type: 'HOSTS_BASE', source: proposal?.source, target: proposal?.target, quote: proposal?.quote, corroborates: id }],
  });
  expect(res.status).toBe(201);
  const now = await edge(id);
  expect(now?.sources.length).toBe((old?.sources.length ?? 0) + 1);
  expect(now?.sources.at(-1)).toEqual(expect.objectContaining({ document: a.document.id, quote: proposal?.quote }));
  expect(now?.properties).toEqual(expect.objectContaining({ ...old?.properties, sourceGrades: expect.any(Array) }));
  expect((await graphState()).edges.length).toBe(edgesBefore);
  // Proposed again, the same sentence is not offered a second time: the edge already quotes it.
  const again = (await (await fetch(`${server.baseUrl}/api/documents/${a.document.id}`)).json()) as DocumentAnalysis;
  expect(again.candidates.claims.find((c) => c.corroborates === id)).toBeUndefined();
});

test('bad input gets a clear JSON error naming the field', async () => {
  const res = await postJson('/api/documents', { title: 'No publisher', text: 'Russia.' });
  expect(res.status).toBe(400);
  expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/publisher/);
  const noDate = await postJson('/api/documents', { title: 'Undated', publisher: 'P', text: 'Russia and Tajikistan talk.' });
  expect(noDate.status).toBe(400);
  expect(((await noDate.json()) as { error: { message: string } }).error.message).toMatch(/published/);
  const commit = await postJson('/api/documents/no-such-document/commit', { claims: [] });
  expect(commit.status).toBe(400);
});

test('undoing the import that stored a document is refused (409, naming the claim) while a committed claim cites it; undone in order, the graph is as before', async () => {
  const before = await graphState();
  const a = await ingest({ title: 'Cited then undone', published: '2024-09-01', text: 'Russia lends money to Tajikistan for roads. Tajikistan borders Afghanistan.' });
  expect(a.importId).toBeDefined();
  const commit = await postJson(`/api/documents/${a.document.id}/commit`, {
    claims: [{ type: 'LENDS_TO', source: 'russia', target: 'tajikistan', quote: 'Russia lends money to Tajikistan for roads.' }],
  });
  expect(commit.status).toBe(201);
  const claimImport = ((await commit.json()) as { importId: string }).importId;
  const claimEdge = 'russia--lends-to--tajikistan';
  expect((await edge(claimEdge))?.sources.map((s) => s.document)).toContain(a.document.id);

  const refused = await postJson(`/api/import/${a.importId ?? ''}/undo`, {});
  const body = (await refused.json()) as { error: { code: string; message: string; details: { citedBy: Array<{ relationship: string; document: string; importId?: string }>; total: number } } };
  expect(refused.status).toBe(409);
  expect(body.error.code).toBe('conflict');
  expect(body.error.message).toContain(`"${claimEdge}"`);
  expect(body.error.message).toContain(`"${a.document.id}"`);
  expect(body.error.details.citedBy).toEqual([expect.objectContaining({ relationship: claimEdge, document: a.document.id, importId: claimImport })]);
  expect(body.error.details.total).toBe(1);
  const stillThere = await fetch(`${server.baseUrl}/api/documents/${a.document.id}`);
  expect(stillThere.status).toBe(200);

  expect((await postJson(`/api/import/${claimImport}/undo`, {})).status).toBe(200);
  expect((await postJson(`/api/import/${a.importId ?? ''}/undo`, {})).status).toBe(200);
  expect((await fetch(`${server.baseUrl}/api/documents/${a.document.id}`)).status).toBe(404);
  expect(await graphState()).toEqual(before);
});
