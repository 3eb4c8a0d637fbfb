/**
 * The HTTP API end to end: the real Express server on port 0 over the real embedded engine, seeded with
 * the small fixture seed, through every route, with good and bad input.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import { MINI_SEED_DIR, startTestServer, type TestServer } from '../support/test-server';
import { removeTempDirs } from '../support/temp-dirs';

// Response bodies are probed field by field against the wire shapes; `any` keeps those probes readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let server: TestServer;

async function get(path: string): Promise<{ status: number; body: Json }> {
  const res = await fetch(server.baseUrl + path);
  return { status: res.status, body: await res.json() };
}

async function post(path: string, body: string, contentType = 'application/json'): Promise<{ status: number; body: Json }> {
  const res = await fetch(server.baseUrl + path, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: res.status, body: await res.json() };
}

function expectError(r: { status: number; body: Json }, status: number, code: string, mentions?: string): void {
  expect(r.status).toBe(status);
  expect(r.body.error.code).toBe(code);
  expect(typeof r.body.error.message).toBe('string');
  if (mentions) expect(r.body.error.message).toContain(mentions);
  // Never a stack trace or a file path.
  expect(JSON.stringify(r.body)).not.toMatch(/\n\s+at |\.ts:\d+|node_modules/);
}

beforeAll(async () => {
  server = await startTestServer({ seedDir: MINI_SEED_DIR });
});

afterAll(async () => {
  await server.close();
  removeTempDirs();
});

describe('health and description', () => {
  test('health answers ok with the engine and the graph size', async () => {
    // Generation 1: seeding was the store's first write (every embedded write makes the next generation).
    const health = await get('/api/health');
    expect(health).toEqual({ status: 200, body: { status: 'ok', engine: 'embedded', nodes: 8, edges: 9, storage: { generation: 1 }, engineProcess: expect.any(Object) } });
    expect(health.body.engineProcess).toEqual({ pid: expect.any(Number), restarts: 0, refusedShapes: 0 });
  });

  test('the OpenAPI document is valid OpenAPI 3.1 and describes every route', async () => {
    const { status, body } = await get('/api/openapi.json');
    expect(status).toBe(200);
    await SwaggerParser.validate(structuredClone(body));
    expect(Object.keys(body.paths).sort()).toEqual(
      ['/api/admin/seed', '/api/cypher', '/api/documents', '/api/documents/{id}', '/api/documents/{id}/commit', '/api/edits/entities', '/api/edits/entities/{id}', '/api/edits/relationships', '/api/edits/relationships/{id}', '/api/edits/relationships/{id}/sources/{index}', '/api/export', '/api/graph', '/api/health', '/api/import', '/api/import/{id}/undo', '/api/influence', '/api/nodes/{id}', '/api/nodes/{id}/neighborhood', '/api/overview', '/api/paths', '/api/search', '/api/vocabulary'].sort(),
    );
  });

  test('an unknown route answers 404 JSON', async () => {
    expectError(await get('/api/nope'), 404, 'not_found', '/api/nope');
    expectError(await get('/no/such/page'), 404, 'not_found');
  });
});

describe('search', () => {
  test('finds by alias, best first', async () => {
    const { status, body } = await get('/api/search?q=Alpha&limit=5');
    expect(status).toBe(200);
    expect(body.nodes.map((n: { id: string }) => n.id)).toEqual(['alpha', 'alpha-city', 'migrants']);
  });

  test('names the missing, empty, oversized, repeated or wrongly typed parameter', async () => {
    expectError(await get('/api/search'), 400, 'invalid_request', 'q');
    expectError(await get('/api/search?q=%20%20'), 400, 'invalid_request', 'q must not be empty');
    expectError(await get(`/api/search?q=${'x'.repeat(201)}`), 400, 'invalid_request', 'q is longer than 200');
    expectError(await get('/api/search?q=a&q=b'), 400, 'invalid_request', 'q must be given once');
    expectError(await get('/api/search?q=a&limit=ten'), 400, 'invalid_request', 'limit');
    expectError(await get('/api/search?q=a&limit=1000'), 400, 'invalid_request', 'limit must be at most 100');
  });

  test('quotes, backticks, comments and Unicode are searched as text', async () => {
    for (const q of ["'", '"', '`', "') RETURN 1 //", '/* x */', 'Ал', '\u0000x', '%']) {
      const { status, body } = await get(`/api/search?q=${encodeURIComponent(q)}`);
      expect(status).toBe(200);
      expect(Array.isArray(body.nodes)).toBe(true);
    }
  });
});

describe('nodes', () => {
  test('a node comes with its edges, their sources and its neighbours', async () => {
    const { status, body } = await get('/api/nodes/alpha');
    expect(status).toBe(200);
    expect(body.node).toMatchObject({ id: 'alpha', kind: 'Country', name: 'Alphaland' });
    expect(body.edges.length).toBe(5);
    for (const e of body.edges) expect(e.sources.length).toBeGreaterThan(0);
    expect(body.neighbors.map((n: { id: string }) => n.id)).toEqual(['alpha-city', 'base-1', 'gamma', 'migrants']);
  });

  test('an unknown id answers 404 naming it', async () => {
    expectError(await get('/api/nodes/atlantis'), 404, 'not_found', 'atlantis');
    expectError(await get(`/api/nodes/${encodeURIComponent("x' OR 1=1 //")}`), 404, 'not_found');
  });

  test('the neighbourhood is bounded and validated', async () => {
    const { status, body } = await get('/api/nodes/gamma/neighborhood?depth=2&limit=4');
    expect(status).toBe(200);
    expect(body.nodes).toHaveLength(4);
    expect(body.truncated).toBe(true);
    expectError(await get('/api/nodes/gamma/neighborhood?depth=4'), 400, 'invalid_request', 'depth must be at most 3');
    expectError(await get('/api/nodes/gamma/neighborhood?types=lends-to'), 400, 'invalid_request', 'types');
    expectError(await get('/api/nodes/nobody/neighborhood'), 404, 'not_found');
  });
});

describe('paths', () => {
  test('lists paths shortest first with evidence on every hop', async () => {
    const { status, body } = await get('/api/paths?from=alpha-city&to=beta-city&maxHops=6&metonyms=off');
    expect(status).toBe(200);
    expect(body.paths.length).toBe(3);
    for (const p of body.paths) {
      expect(p.nodes[0].id).toBe('alpha-city');
      expect(p.nodes[p.nodes.length - 1].id).toBe('beta-city');
      for (const e of p.edges) expect(e.sources[0].quote.length).toBeGreaterThan(0);
      expect(p.hops).toHaveLength(p.edges.length);
    }
    // By default a capital stands for its state: the same question is answered between the two states.
    const states = await get('/api/paths?from=alpha-city&to=beta-city&maxHops=6');
    expect(states.body.from.label).toBe('Alpha City (Alphaland)');
    expect(states.body.paths.map((p: Json) => p.nodes.map((n: Json) => n.id).join('>'))).toEqual(['alpha>base-1>beta', 'alpha>gamma>beta', 'alpha>migrants>beta']);
  });

  test('validates every parameter and names it', async () => {
    expectError(await get('/api/paths?to=beta'), 400, 'invalid_request', 'from');
    expectError(await get('/api/paths?from=alpha&to=beta&maxHops=9'), 400, 'invalid_request', 'maxHops must be at most 8');
    expectError(await get('/api/paths?from=alpha&to=beta&maxHops=0'), 400, 'invalid_request', 'maxHops must be at least 1');
    expectError(await get('/api/paths?from=alpha&to=beta&direction=up'), 400, 'invalid_request', 'direction');
    expectError(await get('/api/paths?from=alpha&to=beta&limit=-1'), 400, 'invalid_request', 'limit');
    expectError(await get('/api/paths?from=alpha&to=alpha'), 400, 'invalid_request', 'different');
    expectError(await get('/api/paths?from=atlantis&to=beta'), 404, 'not_found', 'atlantis');
  });
});

describe('vocabulary and time', () => {
  test('the vocabulary lists types with categories and the years the sources span', async () => {
    const { status, body } = await get('/api/vocabulary');
    expect(status).toBe(200);
    expect(body.years).toEqual({ from: 2012, to: 2020 });
    expect(body.relationshipTypes.find((t: Json) => t.type === 'HOSTS_BASE').category).toBe('military');
    expect(body.categories).toContain('environmental');
  });

  test('paths can be limited to categories and to what held in a year', async () => {
    const military = await get('/api/paths?from=alpha&to=beta&maxHops=4&categories=military');
    expect(military.body.paths.map((p: Json) => p.nodes.map((n: Json) => n.id).join('>'))).toEqual(['alpha>base-1>beta']);
    // Gamma's loan to Alphaland dates from 2019; the undated loan to Betaland holds from its source (2020) on.
    const in2010 = await get('/api/paths?from=gamma&to=base-1&maxHops=3&year=2010');
    expect(in2010.body.paths).toEqual([]);
    const in2019 = await get('/api/paths?from=gamma&to=base-1&maxHops=3&year=2019');
    expect(in2019.body.paths.map((p: Json) => p.nodes.map((n: Json) => n.id).join('>'))).toEqual(['gamma>alpha>base-1']);
    const in2020 = await get('/api/paths?from=gamma&to=base-1&maxHops=3&year=2020');
    expect(in2020.body.paths).toHaveLength(2);
    expectError(await get('/api/paths?from=gamma&to=beta&categories=magic'), 400, 'invalid_request', 'categories');
    expectError(await get('/api/paths?from=gamma&to=beta&year=20'), 400, 'invalid_request', 'year');
    expectError(await get('/api/paths?from=gamma&to=beta&types=LENDS_TO&categories=military'), 400, 'invalid_request', 'No relationship type');
  });

  test('the neighbourhood follows a direction and a year', async () => {
    const out = await get('/api/nodes/alpha/neighborhood?direction=out');
    expect(out.body.nodes.map((n: Json) => n.id)).toEqual(['alpha', 'base-1']);
    const in2003 = await get('/api/nodes/base-1/neighborhood?year=2003');
    expect(in2003.body.nodes.map((n: Json) => n.id)).toEqual(['base-1']);
    const in2005 = await get('/api/nodes/base-1/neighborhood?year=2005');
    expect(in2005.body.edges.map((e: Json) => e.id)).toEqual(['alpha-hosts-base-2004', 'beta--operates--base-1']);
  });
});

describe('cypher console', () => {
  test('a read returns columns, rows and the graph it mentions', async () => {
    const { status, body } = await post('/api/cypher', JSON.stringify({ query: 'MATCH (a)-[r:LENDS_TO]->(b) WHERE a.id = $id RETURN a, r, b', params: { id: 'gamma' } }));
    expect(status).toBe(200);
    expect(body.columns).toEqual(['a', 'r', 'b']);
    expect(body.rows).toHaveLength(2);
    expect(body.graph.nodes).toHaveLength(3);
    expect(body.graph.edges).toHaveLength(2);
    expect(body.engine).toBe('embedded');
    expect(body.truncated).toBe(false);
  });

  test('writes, file reads and several statements are refused with 400 naming the clause', async () => {
    expectError(await post('/api/cypher', JSON.stringify({ query: "CREATE (n:Country {id:'x'})" })), 400, 'query_rejected', 'CREATE');
    expectError(await post('/api/cypher', JSON.stringify({ query: "LOAD FROM '/etc/passwd' RETURN *" })), 400, 'query_rejected', 'LOAD');
    expectError(await post('/api/cypher', JSON.stringify({ query: "COPY (MATCH (n) RETURN n) TO '/tmp/x.csv'" })), 400, 'query_rejected', 'COPY');
    expectError(await post('/api/cypher', JSON.stringify({ query: 'CALL timeout=0' })), 400, 'query_rejected', 'CALL');
    expectError(await post('/api/cypher', JSON.stringify({ query: 'MATCH (n) RETURN n; MATCH (n) DELETE n' })), 400, 'query_rejected', 'DELETE');
    expectError(await post('/api/cypher', JSON.stringify({ query: 'MATCH (n) RETURN n; MATCH (n) RETURN n' })), 400, 'query_rejected', 'one statement');
    expect((await get('/api/health')).body.nodes).toBe(8);
  });

  test('a syntax error is refused by the guard with its position; an engine error comes back with the engine message', async () => {
    const r = await post('/api/cypher', JSON.stringify({ query: 'MATCH (n RETURN n' }));
    expectError(r, 400, 'query_rejected', 'could not read');
    expect(r.body.error.details).toMatchObject({ line: 1 });
    expectError(await post('/api/cypher', JSON.stringify({ query: 'MATCH (n:NoSuchLabel) RETURN n' })), 400, 'query_failed');
  });

  test('bad bodies get 400 or 413, never a crash', async () => {
    expectError(await post('/api/cypher', '{not json'), 400, 'invalid_request', 'not valid JSON');
    expectError(await post('/api/cypher', JSON.stringify({ query: 42 })), 400, 'invalid_request', 'query');
    expectError(await post('/api/cypher', JSON.stringify({})), 400, 'invalid_request', 'query');
    expectError(await post('/api/cypher', JSON.stringify({ query: 'RETURN 1', extra: true })), 400, 'invalid_request');
    expectError(await post('/api/cypher', JSON.stringify({ query: 'x'.repeat(300_000) })), 413, 'too_large');
  });
});

describe('export', () => {
  test('the whole graph as JSON, as a download', async () => {
    const res = await fetch(`${server.baseUrl}/api/export?format=json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="multivector-all-\d{4}-\d{2}-\d{2}\.json"$/);
    const body = (await res.json()) as { nodes: unknown[]; edges: unknown[] };
    expect(body.nodes).toHaveLength(8);
    expect(body.edges).toHaveLength(9);
  });

  test('an unknown format is refused naming the formats', async () => {
    expectError(await get('/api/export?format=pdf'), 400, 'invalid_request', 'format must be one of json, cytoscape, graphml, gexf, csv, cypher');
  });
});
