/**
 * A node selection with `edgeIds` (what the explorer's "current view" export sends) over real HTTP against the
 * real embedded engine with the mini seed: every format holds exactly the named nodes and relationships, not
 * every relationship among the nodes; an empty list means none; ids that are unknown or that do not join two
 * of the nodes are a 400 naming them, sent before any file starts.
 */
import { MINI_SEED_DIR, startTestServer, type TestServer } from '../support/test-server';
import { removeTempDirs } from '../support/temp-dirs';
import { readExportedIds as readIds, sortedIds as sorted } from '../support/export-readers';
import { readSeedDirectory } from '../../server/seed/seed-loader';
import { EXPORT_FORMATS, EXPORT_MAX_IDS } from '../../server/domain/export-request';

// Response bodies are probed field by field; `any` keeps those probes readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;


let server: TestServer;
let edges: Array<{ id: string; source: string; target: string }>;


async function download(path: string, init?: RequestInit): Promise<{ res: Response; body: Buffer }> {
  const res = await fetch(server.baseUrl + path, init);
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

const post = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function expect400(path: string, init: RequestInit | undefined, mentions: string): Promise<Json> {
  const { res, body } = await download(path, init);
  expect(res.status).toBe(400);
  expect(res.headers.get('content-disposition')).toBeNull();
  const json = JSON.parse(body.toString('utf8')) as Json;
  expect(json.error.code).toBe('invalid_request');
  expect(json.error.message).toContain(mentions);
  return json;
}

/** Nodes joined by at least two relationships in the mini seed, so "some of them" differs from "all of them". */
function busySelection(): { nodes: string[]; among: string[] } {
  const degree = new Map<string, number>();
  for (const e of edges) for (const end of [e.source, e.target]) degree.set(end, (degree.get(end) ?? 0) + 1);
  const nodes = [...degree].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 4).map(([id]) => id);
  const among = edges.filter((e) => nodes.includes(e.source) && nodes.includes(e.target)).map((e) => e.id).sort();
  return { nodes, among };
}

beforeAll(async () => {
  server = await startTestServer({ seedDir: MINI_SEED_DIR });
  edges = (await readSeedDirectory(MINI_SEED_DIR)).graph.edges;
}, 60_000);

afterAll(async () => {
  await server.close();
  removeTempDirs();
});

describe('a node selection with edgeIds exports exactly those relationships', () => {
  test.each(EXPORT_FORMATS)('%s: the named nodes and only the named relationships among them, by POST and by GET', async (format) => {
    const { nodes, among } = busySelection();
    expect(among.length).toBeGreaterThanOrEqual(2);
    const kept = among.slice(0, 1);
    const expected = sorted({ nodes, edges: kept });

    const posted = await download('/api/export', post({ format, selection: { kind: 'nodes', ids: nodes, edgeIds: kept } }));
    expect(posted.res.status).toBe(200);
    expect(readIds(format, posted.body)).toEqual(expected);

    const got = await download(`/api/export?format=${format}&ids=${nodes.join(',')}&edgeIds=${kept.join(',')}`);
    expect(got.res.status).toBe(200);
    expect(readIds(format, got.body)).toEqual(expected);
  });

  test('without edgeIds the selection still holds every relationship among the nodes', async () => {
    const { nodes, among } = busySelection();
    const { res, body } = await download('/api/export', post({ format: 'json', selection: { kind: 'nodes', ids: nodes } }));
    expect(res.status).toBe(200);
    expect(readIds('json', body)).toEqual(sorted({ nodes, edges: among }));
  });

  test('an empty edgeIds exports the nodes with no relationship, and the title says how many', async () => {
    const { nodes } = busySelection();
    const { res, body } = await download('/api/export', post({ format: 'json', selection: { kind: 'nodes', ids: nodes, edgeIds: [] } }));
    expect(res.status).toBe(200);
    const file = JSON.parse(body.toString('utf8')) as Json;
    expect(readIds('json', body)).toEqual(sorted({ nodes, edges: [] }));
    expect(file.title).toBe(`${nodes.length} selected nodes and 0 relationships among them`);
  });

  test('a drawn view as large as the id limit fits in the request body', async () => {
    const { nodes, among } = busySelection();
    // Padded with repeats of real ids up to the limit: the body is well over the general 256 kB JSON limit.
    const ids = Array.from({ length: EXPORT_MAX_IDS }, (_, i) => nodes[i % nodes.length] ?? '');
    const edgeIds = Array.from({ length: 20_000 }, (_, i) => among[i % among.length] ?? '');
    const init = post({ format: 'json', selection: { kind: 'nodes', ids, edgeIds } });
    expect(String(init.body).length).toBeGreaterThan(256 * 1024);
    const { res, body } = await download('/api/export', init);
    expect(res.status).toBe(200);
    expect(readIds('json', body)).toEqual(sorted({ nodes, edges: among }));
  });
});

describe('the export body limit', () => {
  test('a body over 4 MB is a 413 JSON, not a crash', async () => {
    const ids = Array.from({ length: 5_000 }, (_, i) => `node-${i}-${'x'.repeat(900)}`);
    const { res, body } = await download('/api/export', post({ format: 'json', selection: { kind: 'nodes', ids } }));
    expect(res.status).toBe(413);
    expect(JSON.parse(body.toString('utf8'))).toMatchObject({ error: { code: 'too_large' } });
  });
});

describe('edgeIds that do not fit the nodes are a 400 naming them', () => {
  test('unknown relationship ids', async () => {
    const { nodes, among } = busySelection();
    const json = await expect400('/api/export', post({ format: 'graphml', selection: { kind: 'nodes', ids: nodes, edgeIds: [...among, 'ghost-edge'] } }), 'edgeIds: no relationship with id "ghost-edge"');
    expect(json.error.details).toMatchObject({ field: 'edgeIds', missing: ['ghost-edge'] });
  });

  test('a relationship whose other end is not among the ids', async () => {
    const { nodes } = busySelection();
    const outside = edges.find((e) => nodes.includes(e.source) !== nodes.includes(e.target));
    if (outside === undefined) throw new Error('the mini seed has no relationship leaving the busiest nodes');
    await expect400(`/api/export?format=csv&ids=${nodes.join(',')}&edgeIds=${outside.id}`, undefined, `"${outside.id}" joins two of the ids`);
  });

  test('edgeIds without ids, or with another selection, does not apply', async () => {
    await expect400('/api/export?format=json&edgeIds=x', undefined, 'edgeIds does not apply to a whole-graph export');
    await expect400('/api/export?format=json&focus=alpha&edgeIds=x', undefined, 'edgeIds does not apply to a neighbourhood');
    await expect400('/api/export', post({ format: 'json', selection: { kind: 'all', edgeIds: ['x'] } }), 'edgeIds');
  });
});
