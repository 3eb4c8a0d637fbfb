import { assertReadOnlyCypher, MAX_RANGE_SIZE } from '../../server/domain/cypher-guard';

function refusal(query: string, params: Record<string, unknown> = {}): { message: string; details: Record<string, unknown> } {
  try {
    assertReadOnlyCypher(query, params);
  } catch (err) {
    const e = err as { code: string; message: string; details: Record<string, unknown> };
    expect(e.code).toBe('query_rejected');
    return { message: e.message, details: e.details ?? {} };
  }
  throw new Error(`not refused: ${query}`);
}

describe('the console guard lets reads through', () => {
  test.each([
    'MATCH (n) RETURN n',
    'match (n:Country) where n.name = "CREATE" return n.set, n.delete',
    "MATCH (n) WHERE n.name CONTAINS 'LOAD FROM /etc/passwd' RETURN n",
    'OPTIONAL MATCH (n)-[r:`SET`]->(m) RETURN r',
    'WITH 1 AS x RETURN x',
    'UNWIND [1,2] AS x RETURN x',
    'RETURN 1;',
    '// a comment CREATE\nMATCH (n) RETURN n /* DELETE */',
    'MATCH (n) RETURN n UNION MATCH (m) RETURN m',
    'MATCH (n) RETURN n.name AS name ORDER BY name DESC SKIP 1 LIMIT 5',
    'MATCH p = (a)-[*1..3]-(b) WHERE a.id = $from RETURN p, length(p), nodes(p)',
    'MATCH (n) WITH n, count { (n)--() } AS degree WHERE degree > 2 RETURN n.name, degree',
    'MATCH (n) WHERE exists { MATCH (n)-->(:Country) } RETURN toLower(n.name), coalesce(n.x, 0)',
    'MATCH (n) RETURN [x IN n.aliases WHERE x STARTS WITH "A" | toUpper(x)] AS a',
    'UNWIND range(1, 10) AS i RETURN i',
    'UNWIND range($a, $b) AS i RETURN i',
    'CALL db.labels() YIELD label RETURN label',
    'CALL show_tables() RETURN *',
    'EXPLAIN MATCH (n) RETURN n',
    'MATCH (n) RETURN label(n), count(*) AS c',
    'MATCH (n {name: \'it\\\'s\'}) RETURN n',
    'MATCH (`weird name`) RETURN `weird name`.`select`',
    'MATCH (n) WHERE n.name =~ "(?i)dush.*" RETURN n',
    'RETURN "Душанбе", \'中文\', "emoji 🚀"',
  ])('%s', (q) => {
    expect(() => assertReadOnlyCypher(q, { a: 1, b: 100 })).not.toThrow();
  });

  test('returns the statement without its trailing semicolon', () => {
    expect(assertReadOnlyCypher('  MATCH (n) RETURN n ;  ')).toBe('MATCH (n) RETURN n');
  });
});

describe('the console guard refuses anything that is not a read, naming it', () => {
  test.each([
    ["CREATE (n {id: 'x'})", 'CREATE is not allowed'],
    ['MATCH (n) SET n.x = 1', 'SET is not allowed'],
    ['MATCH (n) DETACH DELETE n', 'DELETE is not allowed'],
    ["MERGE (n:Country {id: 'x'})", 'MERGE is not allowed'],
    ['MATCH (n) REMOVE n.name', 'REMOVE is not allowed'],
    ['MATCH (n) FOREACH (x IN [1] | SET n.a = x)', 'FOREACH is not allowed'],
    ["LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", 'LOAD CSV is not allowed'],
    ["LOAD CSV WITH HEADERS FROM 'https://example.org/x.csv' AS l RETURN l", 'LOAD CSV is not allowed'],
    ["LOAD FROM '/etc/passwd' RETURN *", 'LOAD FROM is not allowed'],
    ['LOAD EXTENSION json', 'LOAD EXTENSION is not allowed'],
    ["COPY (MATCH (n) RETURN n) TO '/tmp/x.csv'", 'COPY is not allowed'],
    ["COPY Country FROM '/tmp/x.csv'", 'COPY is not allowed'],
    ["EXPORT DATABASE '/tmp/db'", 'EXPORT DATABASE is not allowed'],
    ["IMPORT DATABASE '/tmp/db'", 'IMPORT DATABASE is not allowed'],
    ["ATTACH '/tmp/other' AS o (dbtype kuzu)", 'ATTACH is not allowed'],
    ['INSTALL json', 'INSTALL is not allowed'],
    ['CALL timeout=0', 'CALL'],
    ['CALL threads=64', 'CALL'],
    ['CALL db.labels() YIELD label CREATE (:X {l: label})', 'CREATE is not allowed'],
    ['CALL dbms.listConfig()', 'CALL dbms.listConfig is not allowed'],
    ["CALL apoc.load.json('file:///etc/passwd')", 'CALL apoc.load.json is not allowed'],
    ['CALL dbms.killQueries(["1"])', 'CALL dbms.killQueries is not allowed'],
    ['MATCH (n) CALL { WITH n RETURN n AS m } RETURN m', 'CALL { } subquery is not allowed'],
    ['MATCH (n) CALL (n) { RETURN 1 AS x } RETURN x', 'CALL { } subquery is not allowed'],
    ['BEGIN TRANSACTION', 'BEGIN TRANSACTION is not allowed'],
    ['COMMIT', 'COMMIT is not allowed'],
    ['CHECKPOINT', 'CHECKPOINT is not allowed'],
    ['DROP TABLE Country', 'DROP'],
    ['CREATE INDEX x FOR (n:Country) ON (n.name)', 'CREATE INDEX is not allowed'],
    ['SHOW DATABASES', 'SHOW'],
    ['TERMINATE TRANSACTIONS "x"', 'TERMINATE'],
    ['USE other MATCH (n) RETURN n', 'USE is not allowed'],
    ['CYPHER runtime=slotted MATCH (n) RETURN n', 'CYPHER option is not allowed'],
    [':param x => 1', 'Console command'],
    ['cReAtE (n)', 'CREATE is not allowed'],
    ['MATCH (n) RETURN n; CREATE (m)', 'CREATE is not allowed'],
    ['RETURN 1; RETURN 2', 'Only one statement'],
    ['BEGIN TRANSACTION READ ONLY; COMMIT; CREATE (n)', 'BEGIN TRANSACTION is not allowed'],
    ['MATCH (n) RETURN n; /* x */ ; DROP TABLE Country', 'line 1'],
    ['RETURN apoc.text.repeat("x", 100)', 'apoc.text.repeat() is not allowed'],
    ['RETURN lpad("", 1000000000, "x")', 'lpad() is not allowed'],
    ['RETURN file()', 'file() is not allowed'],
    ['WHEN true THEN RETURN 1 AS x', 'WHEN (conditional query) is not allowed'],
  ])('%s', (q, mentions) => {
    expect(refusal(q).message).toContain(mentions);
  });
});

describe('range() is bounded in size on the embedded engine', () => {
  test.each([
    ['UNWIND range(1, 100000000) AS x RETURN x', `at most ${MAX_RANGE_SIZE} values`],
    ['UNWIND range(1, 5000 * 3) AS x RETURN x', 'this one produces 15000'],
    ['RETURN range(1, 5, 0)', 'step must not be 0'],
    ['RETURN range(1, 5, 2 - 2)', 'step must not be 0'],
    ['RETURN [x IN range(1, 10000) | range(1, 10000)]', 'together'],
    ['RETURN [x IN range(1, 1000) | range(1, x)]', 'together'],
  ])('%s', (q, mentions) => {
    expect(refusal(q, { n: 'lots' }).message).toContain(mentions);
  });

  test('a parameter bound is sized from its value', () => {
    expect(refusal('UNWIND range(1, $n) AS x RETURN x', { n: 10_000_000 }).message).toContain('produces 10000000');
    expect(() => assertReadOnlyCypher('UNWIND range(1, $n) AS x RETURN x', { n: 50 })).not.toThrow();
    expect(() => assertReadOnlyCypher('UNWIND range(10, 1, -1) AS x RETURN x')).not.toThrow();
  });

  test('ranges one after the other stream row by row, so their sizes do not multiply', () => {
    expect(() => assertReadOnlyCypher('UNWIND range(1, 1000) AS a UNWIND range(1, 1000) AS b RETURN a + b')).not.toThrow();
  });
});

describe('SKIP is bounded (Kuzu crashed on a large SKIP after ORDER BY)', () => {
  test.each([
    ['MATCH (n) RETURN n ORDER BY n.name SKIP 20000 LIMIT 3', {}],
    ['MATCH (n) RETURN n ORDER BY n.name SKIP $s LIMIT 3', { s: 2147483647 }],
    ['MATCH (n) RETURN n ORDER BY n.name SKIP $s LIMIT 3', { s: 'ten' }],
    ['MATCH (n) RETURN n SKIP 5 + 5', {}],
    ['MATCH (n) RETURN n OFFSET -1', {}],
  ])('%s %j', (q, params) => {
    expect(refusal(q, params).message).toContain('SKIP in the console takes a whole number');
  });

  test('a SKIP within bounds passes', () => {
    expect(() => assertReadOnlyCypher('MATCH (n) RETURN n ORDER BY n.name SKIP $s LIMIT 3', { s: 10 })).not.toThrow();
    expect(() => assertReadOnlyCypher('MATCH (n) WITH n ORDER BY n.name SKIP 10000 RETURN n')).not.toThrow();
  });
});

describe('where and why', () => {
  test('says where the refused clause stands', () => {
    expect(refusal('MATCH (n)\nSET n.x = 1').details).toMatchObject({ line: 2, column: 1, clause: 'SET' });
  });

  test('an empty query, an unterminated string, and text that is not Cypher are refused with a reason', () => {
    expect(refusal('   ').message).toMatch(/empty/);
    expect(refusal(';').message).toMatch(/could not read|empty/);
    expect(refusal("MATCH (n) WHERE n.name = 'x RETURN n").message).toMatch(/could not read/);
    expect(refusal('EXPLAINX MATCH (n) RETURN n').message).toMatch(/could not read/);
    expect(refusal('MATCH (a)-[* SHORTEST 1..3]-(b) RETURN a').message).toMatch(/Neo4j Cypher read syntax/);
  });

  test('deep nesting is refused before the parser recurses into it', () => {
    expect(refusal(`RETURN ${'['.repeat(5000)}1${']'.repeat(5000)}`).message).toMatch(/nests brackets deeper/);
    expect(refusal(`RETURN ${'('.repeat(100)}1${')'.repeat(100)}`).message).toMatch(/nests brackets deeper/);
  });
});
