/**
 * GET and POST /api/export over real HTTP against the real embedded engine seeded with the mini seed:
 * every format for every selection kind holds exactly the selection's nodes and relationships (the ones
 * the matching view route answers with), the file name says what was exported, and bad requests get
 * 400 JSON before any file starts.
 */
import { MINI_SEED_DIR, startTestServer, type TestServer } from '../support/test-server';
import { removeTempDirs } from '../support/temp-dirs';
import { idsOf, readExportedIds as readIds, sortedIds as sorted, type ExportedIds as Ids } from '../support/export-readers';
import { readSeedDirectory } from '../../server/seed/seed-loader';
import { EXPORT_FORMATS, type ExportRequest } from '../../server/domain/export-request';
import { EXPORT_MEDIA } from '../../server/export/export-writer';

// Response bodies are probed field by field; `any` keeps those probes readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;


let server: TestServer;
let seedIds: Ids;
let seedEdges: Array<{ id: string; source: string; target: string }>;


async function getJson(path: string): Promise<Json> {
  const res = await fetch(server.baseUrl + path);
  expect(res.status).toBe(200);
  return res.json();
}

async function download(path: string, init?: RequestInit): Promise<{ res: Response; body: Buffer }> {
  const res = await fetch(server.baseUrl + path, init);
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

const postInit = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

async function expect400(path: string, init: RequestInit | undefined, mentions: string, code = 'invalid_request'): Promise<void> {
  const { res, body } = await download(path, init);
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.headers.get('content-disposition')).toBeNull();
  const json = JSON.parse(body.toString('utf8')) as Json;
  expect(json.error.code).toBe(code);
  expect(json.error.message).toContain(mentions);
}

const DATE = /\d{4}-\d{2}-\d{2}/.source;

beforeAll(async () => {
  server = await startTestServer({ seedDir: MINI_SEED_DIR });
  const seed = await readSeedDirectory(MINI_SEED_DIR);
  seedIds = idsOf(seed.graph);
  seedEdges = seed.graph.edges;
}, 60_000);

afterAll(async () => {
  await server.close();
  removeTempDirs();
});

interface SelectionCase {
  name: string;
  get?: string;
  post: ExportRequest['selection'];
  fileName: string;
  expected: () => Promise<Ids>;
}

const SELECTED = ['alpha', 'beta', 'base-1'];
const CYPHER = "MATCH (a)-[r]->(b) WHERE a.id = 'migrants' RETURN a, r, b";

const CASES: SelectionCase[] = [
  { name: 'the whole graph', get: '', post: { kind: 'all' }, fileName: 'all', expected: async () => seedIds },
  {
    name: 'some nodes and the relationships among them',
    get: `&ids=${SELECTED.join(',')}`,
    post: { kind: 'nodes', ids: SELECTED },
    fileName: 'nodes-alpha-beta-base-1',
    expected: async () =>
      sorted({ nodes: SELECTED, edges: seedEdges.filter((e) => SELECTED.includes(e.source) && SELECTED.includes(e.target)).map((e) => e.id) }),
  },
  {
    name: 'a neighbourhood',
    get: '&focus=gamma&depth=2',
    post: { kind: 'neighborhood', focus: 'gamma', depth: 2 },
    fileName: 'neighborhood-gamma-2hops',
    expected: async () => idsOf(await getJson('/api/nodes/gamma/neighborhood?depth=2')),
  },
  {
    name: 'a neighbourhood in one year',
    get: '&focus=alpha&depth=1&year=2005',
    post: { kind: 'neighborhood', focus: 'alpha', year: 2005 },
    fileName: 'neighborhood-alpha-1hop-2005',
    expected: async () => idsOf(await getJson('/api/nodes/alpha/neighborhood?depth=1&year=2005')),
  },
  {
    name: 'the paths between two nodes',
    get: '&from=alpha-city&to=beta-city&maxHops=6',
    post: { kind: 'paths', from: 'alpha-city', to: 'beta-city', maxHops: 6 },
    fileName: 'paths-alpha-city-beta-city-6hops',
    expected: async () => {
      const { paths } = await getJson('/api/paths?from=alpha-city&to=beta-city&maxHops=6');
      return sorted({ nodes: paths.flatMap((p: Json) => p.nodes.map((n: Json) => n.id)), edges: paths.flatMap((p: Json) => p.edges.map((e: Json) => e.id)) });
    },
  },
  {
    name: 'the result of a read-only query',
    post: { kind: 'cypher', query: CYPHER },
    fileName: 'query',
    expected: async () => {
      const res = await fetch(`${server.baseUrl}/api/cypher`, postInit({ query: CYPHER }));
      return idsOf(((await res.json()) as Json).graph);
    },
  },
];

describe.each(CASES)('exporting $name', (c) => {
  let expected: Ids;

  beforeAll(async () => {
    expected = await c.expected();
  });

  test('the selection is not empty (so the comparisons below mean something)', () => {
    expect(expected.nodes.length).toBeGreaterThan(1);
    expect(expected.edges.length).toBeGreaterThan(0);
  });

  test.each(EXPORT_FORMATS.map((f) => [f]))('as %s, GET and POST give a named download with exactly its nodes and relationships', async (format) => {
    const requests: Array<[string, RequestInit | undefined]> = [['/api/export', postInit({ format, selection: c.post })]];
    if (c.get !== undefined) requests.push([`/api/export?format=${format}${c.get}`, undefined]);
    for (const [path, init] of requests) {
      const { res, body } = await download(path, init);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(EXPORT_MEDIA[format].contentType);
      const ext = EXPORT_MEDIA[format].extension.replace(/\./g, '\\.');
      expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="multivector-${c.fileName}-${DATE}${ext}"$`));
      expect(readIds(format, body)).toEqual(expected);
    }
  });
});

describe('evidence travels with the export', () => {
  test('the JSON export carries every source of every edge and a bibliography of exactly the documents they cite', async () => {
    const { body } = await download('/api/export?format=json&focus=alpha&depth=1');
    const file = JSON.parse(body.toString('utf8')) as Json;
    const view = await getJson('/api/nodes/alpha/neighborhood?depth=1');
    const sourcesById = new Map(view.edges.map((e: Json) => [e.id, e.sources]));
    for (const e of file.edges) expect(e.sources).toEqual(sourcesById.get(e.id));
    const cited = [...new Set(file.edges.flatMap((e: Json) => e.sources.map((s: Json) => s.document)))].sort();
    expect(file.documents.map((d: Json) => d.id).sort()).toEqual(cited);
    expect(file.title).toBe('neighbourhood of alpha (1 hop)');
  });
});

describe('a canvas selection with explicit relationships (POST, edgeIds)', () => {
  test('holds exactly the nodes and the relationships named, not every relationship among the nodes', async () => {
    const among = seedEdges.filter((e) => SELECTED.includes(e.source) && SELECTED.includes(e.target));
    // The test is only meaningful when the nodes have more relationships among them than the one chosen.
    expect(among.length).toBeGreaterThan(1);
    const chosen = among[0]!;
    for (const format of EXPORT_FORMATS) {
      const { res, body } = await download('/api/export', postInit({ format, selection: { kind: 'nodes', ids: SELECTED, edgeIds: [chosen.id] } }));
      expect(res.status).toBe(200);
      expect(readIds(format, body)).toEqual(sorted({ nodes: SELECTED, edges: [chosen.id] }));
    }
    const { body } = await download('/api/export', postInit({ format: 'json', selection: { kind: 'nodes', ids: SELECTED, edgeIds: [] } }));
    expect(readIds('json', body)).toEqual(sorted({ nodes: SELECTED, edges: [] }));
  });

  test('unknown relationships and relationships with an end outside the nodes are named in a 400', async () => {
    await expect400('/api/export', postInit({ format: 'json', selection: { kind: 'nodes', ids: SELECTED, edgeIds: ['no-such-edge'] } }), 'edgeIds: no relationship with id "no-such-edge"');
    const outside = seedEdges.find((e) => !SELECTED.includes(e.source) || !SELECTED.includes(e.target))!;
    const ends = [outside.source, outside.target].filter((id) => SELECTED.includes(id));
    await expect400('/api/export', postInit({ format: 'json', selection: { kind: 'nodes', ids: ends.length > 0 ? ends : ['alpha'], edgeIds: [outside.id] } }), `edgeIds: no relationship with id "${outside.id}" joins two of the ids`);
    await expect400('/api/export', postInit({ format: 'json', selection: { kind: 'nodes', ids: ['alpha'], edgeIds: [''] } }), 'must not be empty');
  });
});

describe('bad requests get 400 JSON before any file', () => {
  test('an unknown format, naming the formats', async () => {
    await expect400('/api/export?format=pdf', undefined, `format must be one of ${EXPORT_FORMATS.join(', ')}`);
    await expect400('/api/export', postInit({ format: 'pdf', selection: { kind: 'all' } }), 'format must be one of');
  });

  test('unknown node ids, naming them, whichever selection names them', async () => {
    await expect400('/api/export?format=json&ids=alpha,nobody,ghost', undefined, 'ids: no node with id "nobody", "ghost"');
    await expect400('/api/export?format=json&focus=nobody', undefined, 'focus: no node with id "nobody"');
    await expect400('/api/export?format=json&from=alpha&to=nobody', undefined, 'to: no node with id "nobody"');
    await expect400('/api/export', postInit({ format: 'csv', selection: { kind: 'nodes', ids: ['ghost'] } }), 'ids: no node with id "ghost"');
  });

  test('a query that writes is rejected by the console guard', async () => {
    await expect400('/api/export', postInit({ format: 'json', selection: { kind: 'cypher', query: "CREATE (n:Country {id: 'x'}) RETURN n" } }), 'CREATE', 'query_rejected');
    expect(await getJson('/api/health')).toMatchObject({ nodes: 8, edges: 9 });
  });

  test('a query with a list parameter after IN exports the nodes it names (the guard reads the parameters given)', async () => {
    const selection = { kind: 'cypher', query: 'MATCH (n) WHERE n.id IN $ids RETURN n', params: { ids: ['alpha', 'beta'] } };
    const { res, body } = await download('/api/export', postInit({ format: 'json', selection }));
    expect(res.status).toBe(200);
    expect(readIds('json', body).nodes).toEqual(['alpha', 'beta']);
  });

  test('hops, depth and limits out of range, named as the request names them', async () => {
    await expect400('/api/export?format=json&from=alpha&to=beta&maxHops=9', undefined, 'maxHops must be at most 8');
    await expect400('/api/export?format=json&focus=alpha&depth=4', undefined, 'depth must be at most 3');
    await expect400('/api/export', postInit({ format: 'json', selection: { kind: 'paths', from: 'alpha', to: 'beta', maxHops: 0 } }), 'selection.maxHops must be at least 1');
    await expect400('/api/export', postInit({ format: 'json', selection: { kind: 'nodes', ids: [] } }), 'must name at least one node');
  });

  test('mixed selections, parameters a selection does not take, and half a path', async () => {
    await expect400('/api/export?format=json&ids=alpha&focus=beta', undefined, 'Choose one selection: ids or focus');
    await expect400('/api/export?format=json&focus=alpha&from=beta&to=alpha', undefined, 'Choose one selection');
    await expect400('/api/export?format=json&ids=alpha&depth=2', undefined, 'depth does not apply');
    await expect400('/api/export?format=json&maxHops=2', undefined, 'maxHops does not apply to a whole-graph export');
    await expect400('/api/export?format=json&focus=alpha&maxHops=2', undefined, 'maxHops does not apply to a neighbourhood');
    await expect400('/api/export?format=json&from=alpha', undefined, 'to is required with from');
    await expect400('/api/export?format=json&colour=red', undefined, 'colour');
  });

  test('malformed bodies', async () => {
    await expect400('/api/export', postInit('{not json'), 'not valid JSON');
    await expect400('/api/export', postInit({ format: 'json' }), 'selection');
    await expect400('/api/export', postInit({ format: 'json', selection: { kind: 'everything' } }), 'kind must be one of all, nodes, neighborhood, paths, cypher');
    await expect400('/api/export', postInit({ format: 'json', selection: { kind: 'all', ids: ['alpha'] } }), 'ids');
  });
});

describe('the OpenAPI document describes the export', () => {
  test('GET with every selection parameter, POST with the ExportRequest body, both answering files or 400', async () => {
    const doc = await getJson('/api/openapi.json');
    const route = doc.paths['/api/export'];
    expect(route.get.parameters.map((p: Json) => p.name).sort()).toEqual(
      ['categories', 'depth', 'direction', 'edgeIds', 'focus', 'format', 'from', 'ids', 'limit', 'maxHops', 'to', 'types', 'year'],
    );
    expect(route.post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ExportRequest' });
    for (const op of [route.get, route.post]) {
      expect(Object.keys(op.responses['200'].content).sort()).toEqual(
        ['application/gexf+xml', 'application/graphml+xml', 'application/json', 'application/zip', 'text/plain'],
      );
      expect(op.responses['400'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    }
    const request = doc.components.schemas.ExportRequest;
    expect(request.properties.format.enum).toEqual([...EXPORT_FORMATS]);
    const selection = doc.components.schemas.ExportSelection;
    expect(selection.oneOf.map((s: Json) => s.properties.kind.const).sort()).toEqual(['all', 'cypher', 'neighborhood', 'nodes', 'paths']);
  });
});
