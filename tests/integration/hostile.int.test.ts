/**
 * Hostile input against the real server and the real embedded engine: console escapes of both engines
 * (writes, file and URL reads, procedures, settings, multi-statement smuggling, runaway range()), and bad
 * values in every route (quotes, backticks, comments, Unicode, invalid UTF-8, huge and deeply nested
 * bodies, out-of-range numbers, path tricks). Every case must answer 4xx JSON without a stack trace, and
 * afterwards the graph, DATA_DIR and a sentinel folder the queries aim at must be exactly as before.
 */
import http from 'node:http';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MINI_SEED_DIR, startTestServer, type TestServer } from '../support/test-server';
import { makeTempDir, removeTempDirs } from '../support/temp-dirs';

let server: TestServer;
let dataDir: string;
let sentinel: string;
let graphBefore: string;
let dataDirBefore: string[];
let sentinelBefore: string[];

interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** A raw HTTP request, so bytes, methods and paths reach the server exactly as written. */
function raw(method: string, urlPath: string, body?: Buffer | string, headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(server.baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method, path: urlPath, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      out.push(path.relative(dir, full));
      if (statSync(full).isDirectory()) walk(full);
    }
  };
  walk(dir);
  return out;
}

async function snapshotGraph(): Promise<string> {
  const res = await fetch(`${server.baseUrl}/api/export?format=json`);
  expect(res.status).toBe(200);
  // Nodes and edges sorted by id: the engine lists them in no fixed order.
  const graph = (await res.json()) as { nodes: Array<{ id: string }>; edges: Array<{ id: string }> };
  const byId = (a: { id: string }, b: { id: string }): number => a.id.localeCompare(b.id);
  return JSON.stringify({ nodes: [...graph.nodes].sort(byId), edges: [...graph.edges].sort(byId) });
}

/** The answer is a 4xx JSON error (or exactly `status`), naming no file, stack frame or engine class. */
function expectRefused(a: Answer, status?: number, mentions?: string): void {
  if (status !== undefined) expect(a.status).toBe(status);
  expect(a.status).toBeGreaterThanOrEqual(400);
  expect(a.status).toBeLessThan(500);
  // Node's own HTTP parser answers some malformed requests before Express sees them, with no body.
  if (a.body.length > 0) {
    const body = JSON.parse(a.body) as { error: { code: string; message: string } };
    expect(typeof body.error.code).toBe('string');
    expect(typeof body.error.message).toBe('string');
    if (mentions) expect(body.error.message).toContain(mentions);
  }
  expect(a.body).not.toMatch(/\n\s+at |\.ts:\d+|\.js:\d+|node_modules|Exception:|\/tmp\//);
}

const cypher = (query: unknown, params?: unknown): Promise<Answer> =>
  raw('POST', '/api/cypher', JSON.stringify(params === undefined ? { query } : { query, params }));

beforeAll(async () => {
  sentinel = makeTempDir('multivector-sentinel-');
  writeFileSync(path.join(sentinel, 'secret.txt'), 'name,value\nsecret,42\n');
  mkdirSync(path.join(sentinel, 'inner'));
  // Rate limits are tested elsewhere; here every hostile request must reach its route.
  server = await startTestServer({ seedDir: MINI_SEED_DIR, env: { RATE_LIMIT_CYPHER: '100000', RATE_LIMIT_EXPORT: '100000' } });
  dataDir = server.dataDir;
  graphBefore = await snapshotGraph();
  dataDirBefore = listing(dataDir);
  sentinelBefore = listing(sentinel);
});

afterAll(async () => {
  await server.close();
  removeTempDirs();
});

describe('the console refuses every escape with 400 naming it', () => {
  const s = (): string => sentinel;
  test.each<[string, () => string, string]>([
    ['CREATE', () => "CREATE (n:Country {id: 'pwn', name: 'pwn'})", 'CREATE'],
    ['MERGE', () => "MERGE (n:Country {id: 'alpha'}) SET n.name = 'pwn'", 'MERGE'],
    ['SET', () => "MATCH (n) SET n.name = 'pwn'", 'SET'],
    ['DELETE', () => 'MATCH (n) DELETE n', 'DELETE'],
    ['DETACH DELETE', () => 'MATCH (n) DETACH DELETE n', 'DELETE'],
    ['REMOVE', () => 'MATCH (n) REMOVE n.name', 'REMOVE'],
    ['FOREACH', () => "MATCH (n) WITH collect(n) AS ns FOREACH (x IN ns | SET x.name = 'pwn')", 'FOREACH'],
    ['LOAD CSV of a file', () => `LOAD CSV FROM 'file://${s()}/secret.txt' AS l RETURN l`, 'LOAD CSV'],
    ['LOAD CSV of a URL', () => "LOAD CSV WITH HEADERS FROM 'http://127.0.0.1:9/x.csv' AS l RETURN l", 'LOAD CSV'],
    ['Kuzu LOAD FROM /etc/passwd', () => "LOAD FROM '/etc/passwd' (header=false) RETURN *", 'LOAD FROM'],
    ['Kuzu LOAD FROM the sentinel', () => `LOAD FROM '${s()}/secret.txt' RETURN *`, 'LOAD FROM'],
    ['Kuzu LOAD WITH HEADERS', () => `LOAD WITH HEADERS (name STRING) FROM '${s()}/secret.txt' RETURN *`, 'LOAD'],
    ['Kuzu COPY TO', () => `COPY (MATCH (n) RETURN n.id) TO '${s()}/dump.csv'`, 'COPY'],
    ['Kuzu COPY FROM', () => `COPY Country FROM '${s()}/secret.txt'`, 'COPY'],
    ['Kuzu EXPORT DATABASE', () => `EXPORT DATABASE '${s()}/export'`, 'EXPORT DATABASE'],
    ['Kuzu IMPORT DATABASE', () => `IMPORT DATABASE '${s()}/export'`, 'IMPORT DATABASE'],
    ['Kuzu ATTACH', () => `ATTACH '${s()}/other.kuzu' AS other (dbtype kuzu)`, 'ATTACH'],
    ['Kuzu DETACH', () => 'DETACH other', 'not allowed'],
    ['Kuzu LOAD EXTENSION', () => 'LOAD EXTENSION httpfs', 'LOAD EXTENSION'],
    ['Kuzu INSTALL', () => 'INSTALL httpfs', 'INSTALL'],
    ['Kuzu CALL timeout=0', () => 'CALL timeout=0', 'CALL'],
    ['Kuzu CALL threads', () => 'CALL threads=64', 'CALL'],
    ['Kuzu CHECKPOINT', () => 'CHECKPOINT', 'CHECKPOINT'],
    ['Kuzu CREATE NODE TABLE', () => 'CREATE NODE TABLE Pwn(id STRING, PRIMARY KEY(id))', 'CREATE'],
    ['Kuzu DROP TABLE', () => 'DROP TABLE Country', 'DROP'],
    ['Kuzu ALTER TABLE', () => 'ALTER TABLE Country ADD pwn STRING', 'ALTER'],
    ['Neo4j CALL dbms procedure', () => 'CALL dbms.listConfig() YIELD name RETURN name', 'dbms.listConfig'],
    ['Neo4j CALL apoc.load', () => `CALL apoc.load.json('file://${s()}/secret.txt') YIELD value RETURN value`, 'apoc.load.json'],
    ['Neo4j CALL subquery in transactions', () => 'MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS', 'CALL { } subquery'],
    ['Neo4j CREATE INDEX', () => 'CREATE INDEX pwn FOR (n:Country) ON (n.name)', 'CREATE INDEX'],
    ['Neo4j SHOW', () => 'SHOW DATABASES', 'SHOW'],
    ['Neo4j USE', () => 'USE system SHOW USERS', 'USE'],
    ['Neo4j CYPHER options', () => 'CYPHER runtime=parallel MATCH (n) RETURN n', 'CYPHER option'],
    ['smuggled after a read', () => "MATCH (n) RETURN n; CREATE (m:Country {id: 'pwn'})", 'CREATE'],
    ['smuggled in a read-only transaction', () => "BEGIN TRANSACTION READ ONLY; COMMIT; CREATE (m:Country {id: 'pwn'})", 'BEGIN TRANSACTION'],
    ['two reads', () => 'RETURN 1; RETURN 2', 'one statement'],
    ['smuggled behind a comment', () => "RETURN 1 /* comment */; CREATE (m:Country {id: 'pwn'}) // tail", 'CREATE'],
    ['smuggled behind an escaped quote', () => "RETURN 'it\\'s'; CREATE (m:Country {id: 'pwn'}) //'", 'CREATE'],
    ['smuggled in a backtick name', () => 'MATCH (`a`) RETURN 1; DROP TABLE `Country`', 'not allowed'],
    ['a full-width semicolon', () => "RETURN 1\uFF1B CREATE (m:Country {id: 'pwn'})", 'could not read'],
    ['zero-width characters in a keyword', () => "CRE\u200BATE (m:Country {id: 'pwn'})", ''],
    ['range() of 10^8', () => 'UNWIND range(1, 100000000) AS x RETURN count(x)', 'range()'],
    ['range() with a float bound', () => 'UNWIND range(1, 1e8) AS x RETURN count(x)', 'range()'],
    ['nested ranges', () => 'RETURN size([a IN range(1, 5000) | range(1, 5000)]) AS n', 'range()'],
    ['range() over data (checked per row by the engine)', () => 'MATCH (n) UNWIND range(0, size(n.name) * 100000) AS x RETURN count(x)', 'range() in the console may produce at most'],
    ['reduce()', () => "RETURN reduce(s = 'x', i IN range(1, 60) | s + s) AS bomb", 'reduce()'],
    ['lpad()', () => "RETURN lpad('', 2000000000, 'x')", 'lpad()'],
    ['deep brackets', () => `RETURN ${'['.repeat(3000)}${']'.repeat(3000)}`, 'nests brackets'],
    ['empty', () => '  \n ', 'empty'],
  ])('%s', async (_name, query, mentions) => {
    expectRefused(await cypher(query()), 400, mentions);
  });

  test.each<[string, unknown, unknown, number]>([
    ['a number as the query', 42, undefined, 400],
    ['a list as the query', ['MATCH (n) RETURN n'], undefined, 400],
    ['params as a list', 'RETURN $x', [1, 2], 400],
    ['a map parameter', 'RETURN $x', { x: { nested: { deeper: [1, { a: 2 }] } } }, 400],
    ['a mixed list parameter', 'RETURN $x', { x: [1, 'a', true] }, 400],
    ['a nested list parameter', 'RETURN $x', { x: [[1], [2]] }, 400],
    ['an integer beyond 2^53', 'RETURN $x', { x: 1e300 }, 400],
    ['a parameter name with a backtick', 'RETURN 1', { 'x` RETURN 1 //': 1 }, 400],
    ['a query over 20000 characters', `RETURN '${'x'.repeat(20_001)}'`, undefined, 400],
    ['a runaway range sized by a parameter', 'UNWIND range(1, $n) AS x RETURN count(x)', { n: 100_000_000 }, 400],
  ])('%s', async (_name, query, params, status) => {
    expectRefused(await cypher(query, params), status);
  });
});

describe('bad bodies', () => {
  test.each<[string, Buffer | string, Record<string, string>, number]>([
    ['not JSON', '{query: MATCH', {}, 400],
    ['JSON that is not an object', '"MATCH (n) RETURN n"', {}, 400],
    ['an unknown field', JSON.stringify({ query: 'RETURN 1', limitRows: 1e9 }), {}, 400],
    ['a __proto__ field', '{"query":"RETURN 1","__proto__":{"polluted":true}}', {}, 400],
    ['a body over 256 kB', JSON.stringify({ query: 'RETURN 1', params: { x: 'y'.repeat(300_000) } }), {}, 413],
    ['100 000 nested arrays', `{"query":"RETURN 1","params":{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`, {}, 400],
    ['invalid UTF-8 in the query', Buffer.concat([Buffer.from('{"query":"MATCH (n) RETURN n'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]), {}, 400],
    ['a lone surrogate escape', '{"query":"RETURN \'\\ud800\' AS x; CREATE (n)"}', {}, 400],
    ['text/plain', 'MATCH (n) RETURN n', { 'content-type': 'text/plain' }, 400],
    ['an unsupported charset', JSON.stringify({ query: 'RETURN 1' }), { 'content-type': 'application/json; charset=latin1' }, 415],
    ['a gzip body that is not gzip', 'not gzip', { 'content-encoding': 'gzip' }, 400],
  ])('%s', async (_name, body, headers, status) => {
    expectRefused(await raw('POST', '/api/cypher', body, headers), status);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('every route refuses bad parameters with 4xx', () => {
  const long = 'x'.repeat(201);
  test.each<[string, string, string, number]>([
    ['search without q', 'GET', '/api/search', 400],
    ['search with q too long', 'GET', `/api/search?q=${long}`, 400],
    ['search with q twice', 'GET', '/api/search?q=a&q=b', 400],
    ['search with limit 1e308', 'GET', '/api/search?q=a&limit=1e308', 400],
    ['search with limit -1', 'GET', '/api/search?q=a&limit=-1', 400],
    ['search with limit NaN', 'GET', '/api/search?q=a&limit=NaN', 400],
    ['search with limit Infinity', 'GET', '/api/search?q=a&limit=Infinity', 400],
    ['search with limit 2.5', 'GET', '/api/search?q=a&limit=2.5', 400],
    ['search with limit 2^64', 'GET', '/api/search?q=a&limit=18446744073709551616', 400],
    ['a node id too long', 'GET', `/api/nodes/${long}`, 400],
    ['a node id of invalid UTF-8', 'GET', '/api/nodes/%FF%FE', 400],
    ['a node id with a NUL', 'GET', '/api/nodes/%00', 404],
    ['a node id with Cypher in it', 'GET', `/api/nodes/${encodeURIComponent("alpha' OR 1=1 WITH n MATCH (m) DETACH DELETE m //")}`, 404],
    ['a node id with a backtick', 'GET', `/api/nodes/${encodeURIComponent('`) DETACH DELETE n //')}`, 404],
    ['neighbourhood depth 99', 'GET', '/api/nodes/alpha/neighborhood?depth=99', 400],
    ['neighbourhood depth 1.5', 'GET', '/api/nodes/alpha/neighborhood?depth=1.5', 400],
    ['neighbourhood depth -0x10', 'GET', '/api/nodes/alpha/neighborhood?depth=-0x10', 400],
    ['neighbourhood types with Cypher', 'GET', `/api/nodes/alpha/neighborhood?types=${encodeURIComponent('HOSTS_BASE]->() DETACH DELETE n //')}`, 400],
    ['neighbourhood types with a backtick', 'GET', `/api/nodes/alpha/neighborhood?types=${encodeURIComponent('HOSTS`BASE')}`, 400],
    ['neighbourhood category unknown', 'GET', '/api/nodes/alpha/neighborhood?categories=evil', 400],
    ['neighbourhood year 99999', 'GET', '/api/nodes/alpha/neighborhood?year=99999', 400],
    ['neighbourhood year -1', 'GET', '/api/nodes/alpha/neighborhood?year=-1', 400],
    ['neighbourhood direction sideways', 'GET', '/api/nodes/alpha/neighborhood?direction=sideways', 400],
    ['neighbourhood limit 10^9', 'GET', '/api/nodes/alpha/neighborhood?limit=1000000000', 400],
    ['paths without to', 'GET', '/api/paths?from=alpha', 400],
    ['paths maxHops 10^9', 'GET', '/api/paths?from=alpha&to=beta&maxHops=1000000000', 400],
    ['paths from twice', 'GET', '/api/paths?from=alpha&from=beta&to=beta', 400],
    ['paths with Unicode ids that do not exist', 'GET', `/api/paths?from=${encodeURIComponent('Душанбе')}&to=${encodeURIComponent('🚀')}`, 404],
    ['paths limit -5', 'GET', '/api/paths?from=alpha&to=beta&limit=-5', 400],
    ['export in an unknown format', 'GET', '/api/export?format=..%2F..%2Fetc%2Fpasswd', 400],
    ['a dot-dot path under /api/admin', 'GET', '/api/admin/../../etc/passwd', 403],
    ['an unknown API route', 'GET', '/api/../../etc/passwd', 404],
    ['a dot-dot path to the project', 'GET', '/..%2F..%2Fpackage.json', 404],
    ['an encoded dot-dot under /api', 'GET', '/api/nodes/..%2F..%2Fpackage.json', 404],
    ['a TRACE request (unknown methods count as writes)', 'TRACE', '/api/health', 403],
    ['seeding without writes enabled', 'POST', '/api/admin/seed', 403],
    ['an import without writes enabled', 'POST', '/api/import', 403],
    ['a PUT on a node', 'PUT', '/api/nodes/alpha', 403],
    ['a DELETE on a node', 'DELETE', '/api/nodes/alpha', 403],
    ['a PATCH on a node', 'PATCH', '/api/nodes/alpha', 403],
  ])('%s', async (_name, method, urlPath, status) => {
    expectRefused(await raw(method, urlPath), status);
  });

  test('a URL longer than the server reads answers 431, not a crash', async () => {
    expectRefused(await raw('GET', `/api/search?q=${'x'.repeat(20_000)}`), 431);
  });
});

describe('text that looks like code is searched as text', () => {
  test.each(["' OR 1=1 --", '`) MATCH (m) DETACH DELETE m //', '/* */ RETURN 1', '<img src=x onerror=alert(1)>', '\u202Eevil', 'Ал', '\\u0027'])(
    '%s',
    async (q) => {
      const a = await raw('GET', `/api/search?q=${encodeURIComponent(q)}`);
      expect(a.status).toBe(200);
      expect(JSON.parse(a.body)).toEqual({ nodes: expect.any(Array), passages: expect.any(Array), documentPassages: expect.any(Array), fullText: true, documentTexts: true });
    },
  );
});

test('after all of it, the graph, DATA_DIR and the sentinel folder are exactly as before', async () => {
  expect(await snapshotGraph()).toBe(graphBefore);
  expect(listing(dataDir)).toEqual(dataDirBefore);
  expect(listing(sentinel)).toEqual(sentinelBefore);
  expect(readFileSync(path.join(sentinel, 'secret.txt'), 'utf8')).toBe('name,value\nsecret,42\n');
  const health = await raw('GET', '/api/health');
  expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', nodes: 8, edges: 9 });
});
