/**
 * The console speaks Neo4j's Cypher on the embedded engine (server/domain/cypher-dialect): over HTTP, on the
 * real server and engine with the mini seed, queries get the answers and column names Neo4j 5 gives (the
 * expected values are Neo4j's, by its documented semantics), what cannot be translated is refused by name,
 * and engine errors name no engine internals. The golden corpus (cypher-golden.int.test.ts) measures the
 * same on the full seed against a real Neo4j's answers.
 */
import { MINI_SEED_DIR, startTestServer, type TestServer } from '../support/test-server';
import { removeTempDirs } from '../support/temp-dirs';

let server: TestServer;

interface Answer {
  status: number;
  columns?: string[];
  rows?: unknown[][];
  error?: { code: string; message: string };
}

async function cypher(query: string, params: Record<string, unknown> = {}): Promise<Answer> {
  const res = await fetch(`${server.baseUrl}/api/cypher`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, params }),
  });
  const body = (await res.json()) as Omit<Answer, 'status'>;
  return { status: res.status, ...body };
}

beforeAll(async () => {
  server = await startTestServer({ seedDir: MINI_SEED_DIR });
});

afterAll(async () => {
  await server.close();
  removeTempDirs();
});

describe('answers as Neo4j gives them', () => {
  test('columns are named as written: count(*), type(r), trim(...) with its spaces', async () => {
    const a = await cypher("MATCH (:Country {id: 'alpha'})-[r]->() RETURN type(r), count(*), trim('  x  ') ORDER BY type(r)");
    expect(a.columns).toEqual(['type(r)', 'count(*)', "trim('  x  ')"]);
    expect(a.rows).toEqual([['HOSTS_BASE', 2, 'x']]);
  });

  test('strings and lists are indexed from 0, and past either end is null', async () => {
    const a = await cypher("RETURN substring('Dushanbe', 0, 4) AS s, [1, 2, 3][0] AS first, [1, 2, 3][-1] AS last, [1, 2, 3][5] AS past, [1, 2, 3, 4][1..3] AS mid, [1, 2, 3, 4][..-1] AS init");
    expect(a.rows).toEqual([['Dush', 1, 3, null, [2, 3], [1, 2, 3]]]);
  });

  test('a pattern comprehension in RETURN gives each row its own list; rows are not merged', async () => {
    const a = await cypher("MATCH (c:Country {id: 'gamma'})-[r]->(x) RETURN x.id AS borrower, [(c)-[:LENDS_TO]->(o) | o.id] AS all ORDER BY borrower");
    expect(a.rows?.map((row) => [row[0], [...(row[1] as string[])].sort()])).toEqual([['alpha', ['alpha', 'beta']], ['beta', ['alpha', 'beta']]]);
    const b = await cypher("MATCH (c:Country {id: 'lonely'}) RETURN [(c)-->(o) | o.id] AS none");
    expect(b.rows).toEqual([[[]]]);
  });

  test('collect() of nothing (OPTIONAL MATCH found none) is [], not null', async () => {
    const a = await cypher("MATCH (c:Country {id: 'lonely'}) OPTIONAL MATCH (c)-->(x) RETURN collect(x.id) AS ids, collect(x) AS xs");
    expect(a.rows).toEqual([[[], []]]);
  });

  test('type(r) and r:TYPE of a relationship OPTIONAL MATCH left null are null', async () => {
    const a = await cypher("MATCH (c:City) OPTIONAL MATCH (c)-[r:HOSTS_BASE]->() RETURN c.id AS city, type(r) AS t, r:HOSTS_BASE AS isHost ORDER BY city");
    expect(a.rows).toEqual([['alpha-city', null, null], ['beta-city', null, null]]);
  });

  test('head, last and tail of an empty list, as Neo4j answers them', async () => {
    const a = await cypher("MATCH (c:City {id: 'alpha-city'}) RETURN head(c.aliases) AS h, last(c.aliases) AS l, tail(c.aliases) AS t, size(c.aliases) AS n");
    expect(a.rows).toEqual([[null, null, [], 0]]);
  });

  test('conversions round and write numbers as Neo4j does', async () => {
    const a = await cypher("RETURN toInteger('2003') AS a, toInteger(-2.7) AS b, toString(7000.0) AS c, toString(0.5) AS d, toString(true) AS e, toFloat('1.5') AS f, split('2024-06-20', '-') AS g, replace('a.b.c', '.', '/') AS h");
    expect(a.rows).toEqual([[2003, -2, '7000.0', '0.5', 'true', 1.5, ['2024', '06', '20'], 'a/b/c']]);
  });

  test('doubles in text as Java writes them, string concatenation with numbers, natural log', async () => {
    const a = await cypher("RETURN toString(1.2e9) AS big, toString(0.0001) AS small, 'about ' + 7000 + ' troops' AS t, 'share ' + 0.5 AS s, round(log(e()) * 1000) / 1000 AS ln");
    expect(a.rows).toEqual([['1.2E9', '1.0E-4', 'about 7000 troops', 'share 0.5', 1]]);
  });

  test('aggregates Kuzu lacks or answers otherwise: sum of nothing is 0, stdevP, percentileDisc', async () => {
    const none = await cypher("MATCH (c:Country {id: 'nowhere'}) RETURN sum(c.population) AS total");
    expect(none.rows).toEqual([[0]]);
    const a = await cypher('UNWIND [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0] AS x RETURN stdevP(x) AS sd, percentileDisc(x, 0.5) AS median');
    expect(a.rows).toEqual([[2, 4]]);
  });

  test('dates are ISO dates, with their parts', async () => {
    const a = await cypher("RETURN date('2024-06-20') AS d, date('2024-06-20').quarter AS q, date({year: 2011, month: 7, day: 18}) AS m");
    expect(a.rows).toEqual([['2024-06-20', 2, '2011-07-18']]);
  });

  test('Entity is every entity kind; labels() answers [Entity, kind]; a lone (n) never meets bookkeeping tables', async () => {
    const entities = await cypher('MATCH (n:Entity) RETURN count(n) AS n');
    const all = await cypher('MATCH (n) RETURN count(n) AS n');
    const docs = await cypher('MATCH (d:SourceDocument) RETURN count(d) AS n');
    expect(entities.rows).toEqual([[8]]);
    expect(all.rows).toEqual([[8 + Number(docs.rows?.[0]?.[0])]]);
    const kinds = await cypher("MATCH (n) WHERE n:Country OR n:City RETURN labels(n) AS l, count(*) AS c ORDER BY l");
    expect(kinds.rows).toEqual([[['Entity', 'City'], 2], [['Entity', 'Country'], 4]]);
  });

  test('lists order element by element, a prefix first', async () => {
    const a = await cypher("UNWIND [['b'], ['a', 'b'], ['a']] AS l RETURN l ORDER BY l");
    expect(a.rows).toEqual([[['a']], [['a', 'b']], [['b']]]);
  });

  test('WITH ... ORDER BY orders what collect() gathers', async () => {
    const a = await cypher("MATCH (c:Country) WITH c ORDER BY c.name DESC WITH collect(c.id) AS ids RETURN ids");
    expect(a.rows).toEqual([[['lonely', 'gamma', 'beta', 'alpha']]]);
  });

  test('EXISTS, COUNT and pattern predicates', async () => {
    const a = await cypher('MATCH (c:Country) WHERE EXISTS { (c)-[:HOSTS_BASE]->() } RETURN c.id ORDER BY c.id');
    expect(a.rows).toEqual([['alpha']]);
    const b = await cypher('MATCH (c:Country) WHERE NOT (c)--() RETURN c.id');
    expect(b.rows).toEqual([['lonely']]);
    const c = await cypher('MATCH (c:Country) RETURN c.id, COUNT { (c)-[:LENDS_TO]->() } AS loans ORDER BY loans DESC, c.id LIMIT 1');
    expect(c.rows).toEqual([['gamma', 2]]);
  });

  test('shortestPath and startNode over an undirected pattern', async () => {
    const a = await cypher("MATCH p = shortestPath((:City {id: 'alpha-city'})-[*..4]-(:Country {id: 'beta'})) RETURN length(p) AS hops, [n IN nodes(p) | n.id][0] AS start");
    expect(a.rows).toEqual([[3, 'alpha-city']]);
    const all = await cypher("MATCH p = allShortestPaths((:City {id: 'alpha-city'})-[*..4]-(:Country {id: 'beta'})) RETURN count(p) AS paths, min(length(p)) AS hops");
    const walks = await cypher("MATCH p = (:City {id: 'alpha-city'})-[*3]-(:Country {id: 'beta'}) RETURN count(p) AS paths");
    expect(all.rows).toEqual([[walks.rows?.[0]?.[0], 3]]);
    const b = await cypher("MATCH (a:Country {id: 'alpha'})-[r:LENDS_TO]-(other) RETURN startNode(r) = a AS outgoing, startNode(r).name AS lender");
    expect(b.rows).toEqual([[false, 'Gammaland']]);
  });

  test('CALL db.labels() / db.relationshipTypes() answer from the catalogue under Neo4j\'s column names', async () => {
    const a = await cypher("CALL db.labels() YIELD label WHERE label IN ['Entity', 'Country', 'SourceDocument'] RETURN label ORDER BY label");
    expect(a.columns).toEqual(['label']);
    expect(a.rows).toEqual([['Country'], ['Entity'], ['SourceDocument']]);
    const b = await cypher('CALL db.relationshipTypes()');
    expect(b.columns).toEqual(['relationshipType']);
    expect(b.rows?.map((r) => r[0])).toEqual(expect.arrayContaining(['CAPITAL_OF', 'HOSTS_BASE', 'LENDS_TO']));
  });

  test('a MATCH never binds one relationship twice; keys() lists what the node has; unused parameters are ignored', async () => {
    const walks = await cypher("MATCH (a {id: 'alpha'})-[r1]-(b)-[r2]-(c) WHERE r1 = r2 RETURN count(*) AS same");
    expect(walks.rows).toEqual([[0]]);
    const keys = await cypher("MATCH (c:City {id: 'beta-city'}) RETURN keys(c) AS k", { unused: 1 });
    expect(keys.status).toBe(200);
    expect((keys.rows?.[0]?.[0] as string[]).sort()).toEqual(expect.arrayContaining(['id', 'name']));
    expect(keys.rows?.[0]?.[0]).not.toContain('population');
  });

  test('properties() leaves absent properties out', async () => {
    const a = await cypher("MATCH (c:City {id: 'beta-city'}) RETURN properties(c) AS p");
    const props = a.rows?.[0]?.[0] as Record<string, unknown>;
    expect(props).toMatchObject({ id: 'beta-city', name: 'Beta City' });
    expect(Object.values(props)).not.toContain(null);
  });
});

describe('refusals and errors in the user\'s terms', () => {
  test('a construct without a faithful form is refused by name (400 query_rejected), never answered otherwise', async () => {
    const a = await cypher("MATCH (c:Country) WHERE size([(c)-->(x) | x.id]) > 1 RETURN c.id");
    expect(a.status).toBe(400);
    expect(a.error?.code).toBe('query_rejected');
    expect(a.error?.message).toMatch(/^A pattern comprehension .* outside a RETURN or WITH item is not available on the embedded engine/);
  });

  test('an unknown label names the label; no engine exception class, _ID or internal alias', async () => {
    const a = await cypher('MATCH (n:Widget) RETURN n');
    expect(a.status).toBe(400);
    expect(a.error?.message).toBe('There is no label or relationship type Widget in the graph.');
    const b = await cypher("RETURN datetime('2024-06-20T10:00:00') AS d");
    expect(b.status).toBe(400);
    expect(b.error?.message).toBe('The function datetime() is not available on the embedded engine.');
    const c = await cypher("MATCH (n:Country) RETURN labels(n) AS l, n.name - 1 AS x ORDER BY l");
    expect(c.status).toBe(400);
    expect(c.error?.message).not.toMatch(/exception|_ID|_c\d|LABEL\(/);
  });
});
