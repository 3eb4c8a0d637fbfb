/**
 * GET /api/graph, the page's own whole-graph read: independent of the export limit, answered with a strong
 * ETag and 304 when unchanged, and re-read after a write that went through the app (an import, its undo).
 */
import { graphJson } from '../support/import-fixtures';
import { MINI_SEED_DIR, startTestServer, type TestServer } from '../support/test-server';
import { removeTempDirs } from '../support/temp-dirs';

const ADMIN = 'test-admin-token-0123456789abcdef';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ seedDir: MINI_SEED_DIR, env: { ADMIN_TOKEN: ADMIN, RATE_LIMIT_EXPORT: '2' } });
});

afterAll(async () => {
  await server?.close();
  removeTempDirs();
});

type PageGraph = { nodes: Array<{ id: string }>; edges: Array<{ id: string; sources: unknown[] }> };

const getGraph = (etag?: string) => fetch(`${server.baseUrl}/api/graph`, { headers: etag ? { 'if-none-match': etag } : {} });

test('the page graph holds what the JSON export holds, and is not counted against the export limit', async () => {
  const res = await getGraph();
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  expect(res.headers.get('cache-control')).toBe('no-cache');
  const graph = (await res.json()) as PageGraph;
  const exported = (await (await fetch(`${server.baseUrl}/api/export?format=json`)).json()) as PageGraph;
  expect(graph.nodes.map((n) => n.id).sort()).toEqual(exported.nodes.map((n) => n.id).sort());
  expect(graph.edges.map((e) => e.id).sort()).toEqual(exported.edges.map((e) => e.id).sort());
  expect(graph.edges.every((e) => e.sources.length > 0)).toBe(true);
  // The export limit (2 here) is spent after two more exports; the page graph still answers, 40 times over.
  await fetch(`${server.baseUrl}/api/export?format=json`);
  expect((await fetch(`${server.baseUrl}/api/export?format=json`)).status).toBe(429);
  for (let i = 0; i < 40; i += 1) expect((await getGraph()).status).toBe(200);
});

test('a client holding the current graph gets a 304 with no body', async () => {
  const first = await getGraph();
  const etag = first.headers.get('etag');
  expect(etag).toMatch(/^"[\w-]+"$/);
  const again = await getGraph(etag ?? undefined);
  expect(again.status).toBe(304);
  expect(await again.text()).toBe('');
  expect((await getGraph('"something-else"')).status).toBe(200);
});

test('after an import and after its undo, the page graph is read again and a stale ETag gets the new graph', async () => {
  const before = await getGraph();
  const etag = before.headers.get('etag') ?? '';
  const beforeGraph = (await before.json()) as PageGraph;
  const imported = await fetch(`${server.baseUrl}/api/import?name=page.json`, {
    method: 'POST',
    body: JSON.stringify(graphJson('page', 2)),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
  });
  expect(imported.status).toBe(201);
  const { importId } = (await imported.json()) as { importId: string };
  const after = await getGraph(etag);
  expect(after.status).toBe(200);
  const afterGraph = (await after.json()) as PageGraph;
  expect(afterGraph.nodes).toHaveLength(beforeGraph.nodes.length + 4);
  expect(afterGraph.edges).toHaveLength(beforeGraph.edges.length + 2);
  const undone = await fetch(`${server.baseUrl}/api/import/${importId}/undo`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } });
  expect(undone.status).toBe(200);
  const restored = await getGraph(after.headers.get('etag') ?? '');
  expect(restored.status).toBe(200);
  expect(((await restored.json()) as PageGraph).nodes).toHaveLength(beforeGraph.nodes.length);
  // Same content as before the import: the same ETag, so the first client's copy is current again.
  expect(restored.headers.get('etag')).toBe(etag);
});
