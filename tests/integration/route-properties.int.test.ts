/**
 * Property-based tests (fast-check) over every route's parameters against the real server and engine:
 * whatever the values (any Unicode, numbers of any size written any way, Cypher fragments, repeated
 * keys), no answer is a 5xx and every error is the JSON error shape. The console gets generated
 * statements stitched from Cypher and Kuzu keywords, punctuation, strings and comments, and the graph
 * must be unchanged after all of them.
 */
import fc from 'fast-check';
import { MINI_SEED_DIR, startTestServer, type TestServer } from '../support/test-server';
import { removeTempDirs } from '../support/temp-dirs';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ seedDir: MINI_SEED_DIR, env: { RATE_LIMIT_CYPHER: '1000000', RATE_LIMIT_EXPORT: '1000000', CYPHER_TIMEOUT_MS: '2000' } });
});

afterAll(async () => {
  await server.close();
  removeTempDirs();
});

const RUNS = 60;

/** The whole graph, nodes and edges sorted by id (the engine lists them in no fixed order). */
async function graphSnapshot(): Promise<unknown> {
  const graph = (await (await fetch(`${server.baseUrl}/api/export?format=json`)).json()) as { nodes: Array<{ id: string }>; edges: Array<{ id: string }> };
  const byId = (a: { id: string }, b: { id: string }): number => a.id.localeCompare(b.id);
  return { nodes: [...graph.nodes].sort(byId), edges: [...graph.edges].sort(byId) };
}

/** Values a query-string parameter might carry: text of any kind, numbers written oddly, Cypher fragments. */
const paramValue = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.double().map(String),
  fc.bigInt().map(String),
  fc.integer().map(String),
  fc.constantFrom('', ' ', 'NaN', 'Infinity', '-0', '0x10', '1e400', "'", '`', '"', '\\', '%', '%00', '//', '/*', ']->()', 'MATCH (n) DETACH DELETE n'),
);

/** The answer is below 500 and, when an error, the JSON error shape. */
async function expectNo5xx(path: string, init?: RequestInit): Promise<void> {
  const res = await fetch(server.baseUrl + path, init);
  const text = await res.text();
  if (res.status >= 500) throw new Error(`${res.status} for ${path}: ${text.slice(0, 300)}`);
  if (res.status >= 400) {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code).toBe('string');
    expect(typeof body.error?.message).toBe('string');
  }
}

const q = (pairs: Array<[string, string]>): string => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

test('search: any q and limit, never a 5xx', async () => {
  await fc.assert(
    fc.asyncProperty(paramValue, fc.option(paramValue, { nil: undefined }), async (text, limit) => {
      await expectNo5xx(`/api/search?${q([['q', text], ...(limit === undefined ? [] : [['limit', limit] as [string, string]])])}`);
    }),
    { numRuns: RUNS },
  );
});

test('nodes and neighbourhoods: any id, depth, types, categories, year, direction and limit, never a 5xx', async () => {
  const keys = fc.constantFrom('depth', 'types', 'categories', 'year', 'direction', 'limit');
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(paramValue, fc.constantFrom('alpha', 'gamma', 'base-1')),
      fc.array(fc.tuple(keys, paramValue), { maxLength: 4 }),
      async (id, pairs) => {
        await expectNo5xx(`/api/nodes/${encodeURIComponent(id || 'x')}`);
        await expectNo5xx(`/api/nodes/${encodeURIComponent(id || 'x')}/neighborhood?${q(pairs)}`);
      },
    ),
    { numRuns: RUNS },
  );
});

test('paths: any from, to and options, never a 5xx', async () => {
  const keys = fc.constantFrom('maxHops', 'types', 'categories', 'year', 'direction', 'limit');
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(paramValue, fc.constantFrom('alpha', 'alpha-city')),
      fc.oneof(paramValue, fc.constantFrom('beta', 'beta-city')),
      fc.array(fc.tuple(keys, paramValue), { maxLength: 4 }),
      async (from, to, pairs) => {
        await expectNo5xx(`/api/paths?${q([['from', from], ['to', to], ...pairs])}`);
      },
    ),
    { numRuns: RUNS },
  );
});

test('export and vocabulary: any parameters, never a 5xx', async () => {
  await fc.assert(
    fc.asyncProperty(paramValue, paramValue, async (format, other) => {
      await expectNo5xx(`/api/export?${q([['format', format]])}`);
      await expectNo5xx(`/api/vocabulary?${q([['x', other]])}`);
    }),
    { numRuns: RUNS / 2 },
  );
});

const cypherPiece = fc.oneof(
  fc.constantFrom(
    'MATCH', 'OPTIONAL MATCH', 'WHERE', 'WITH', 'UNWIND', 'RETURN', 'ORDER BY', 'SKIP', 'LIMIT', 'UNION', 'AS', 'CREATE', 'MERGE',
    'SET', 'DELETE', 'DETACH', 'CALL', 'YIELD', 'LOAD', 'CSV', 'FROM', 'COPY', 'TO', 'EXPORT', 'DATABASE', 'ATTACH', 'BEGIN',
    'COMMIT', 'timeout=0', 'db.labels()', 'range(1, 3)', 'range(1, $n)', 'count(*)', '(n)', '(n:Country)', '-[r]->', '-[*1..3]-',
    '(m)', 'n', 'm', 'r', 'n.name', 'x', '*', ',', ';', '{', '}', '(', ')', '[', ']', "'", '"', '`', '//', '/*', '*/', '\n', '$n',
    '1', '-1', '1e400', "'a;b'", '`we;ird`', 'Ал', '🚀', '\\',
  ),
  fc.string({ maxLength: 8 }),
);

test('console: generated statements get 200 or a 4xx, never a 5xx, and the graph does not change', async () => {
  const before = await graphSnapshot();
  await fc.assert(
    fc.asyncProperty(
      fc.array(cypherPiece, { minLength: 1, maxLength: 14 }).map((parts) => parts.join(' ')),
      fc.oneof(fc.constant(undefined), fc.record({ n: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.boolean()) })),
      async (query, params) => {
        await expectNo5xx('/api/cypher', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(params === undefined ? { query } : { query, params }),
        });
      },
    ),
    { numRuns: 200 },
  );
  expect(await graphSnapshot()).toEqual(before);
});

test('console: real read queries with generated parameter values never 5xx', async () => {
  const queries = [
    'MATCH (n) WHERE n.name CONTAINS $v RETURN n LIMIT 5',
    'MATCH (n) WHERE n.id = $v RETURN n',
    'UNWIND $v AS x RETURN x',
    'RETURN $v AS v',
    'MATCH (n) RETURN n.name ORDER BY n.name SKIP $v LIMIT 3',
  ];
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...queries),
      fc.oneof(
        fc.string({ unit: 'grapheme' }),
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.integer(), { maxLength: 5 }),
        fc.array(fc.string(), { maxLength: 5 }),
        fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 5 }),
        fc.dictionary(fc.string(), fc.integer()),
      ),
      async (query, v) => {
        await expectNo5xx('/api/cypher', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query, params: { v } }),
        });
      },
    ),
    { numRuns: 150 },
  );
});
