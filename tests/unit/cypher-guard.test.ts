import { assertReadOnlyCypher } from '../../server/domain/cypher-guard';

describe('the console guard', () => {
  test.each([
    'MATCH (n) RETURN n',
    'match (n:Country) where n.name = "CREATE" return n.set, n.delete',
    "MATCH (n) WHERE n.name CONTAINS 'LOAD FROM /etc/passwd' RETURN n",
    'OPTIONAL MATCH (n)-[r:`SET`]->(m) RETURN r',
    'WITH 1 AS x RETURN x',
    'UNWIND [1,2] AS x RETURN x',
    'RETURN 1;',
    '// a comment CREATE\nMATCH (n) RETURN n /* DELETE */',
    'MATCH p = (a)-[* SHORTEST 1..3]-(b) RETURN p',
    'MATCH (n) RETURN n UNION MATCH (m) RETURN m',
  ])('lets a read through: %s', (q) => {
    expect(() => assertReadOnlyCypher(q)).not.toThrow();
  });

  test.each([
    ["CREATE (n {id: 'x'})", 'CREATE'],
    ['MATCH (n) SET n.x = 1', 'SET'],
    ['MATCH (n) DETACH DELETE n', 'DETACH'],
    ["MERGE (n:Country {id: 'x'})", 'MERGE'],
    ['MATCH (n) REMOVE n.name', 'REMOVE'],
    ["LOAD FROM '/etc/passwd' RETURN *", 'LOAD'],
    ["LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", 'LOAD'],
    ["COPY (MATCH (n) RETURN n) TO '/tmp/x.csv'", 'COPY'],
    ["EXPORT DATABASE '/tmp/db'", 'EXPORT'],
    ['LOAD EXTENSION json', 'LOAD'],
    ["ATTACH '/tmp/other' AS o (dbtype kuzu)", 'ATTACH'],
    ['CALL timeout=0', 'CALL'],
    ['CALL db.labels()', 'CALL'],
    ['MATCH (n) CALL { WITH n RETURN n } RETURN n', 'CALL'],
    ['BEGIN TRANSACTION', 'BEGIN'],
    ['DROP TABLE Country', 'DROP'],
    ['MATCH (n) FOREACH (x IN [1] | SET n.a = x)', 'FOREACH'],
    ['SHOW DATABASES', 'SHOW'],
    ['MATCH (n) RETURN n; CREATE (m)', 'one statement'],
    ['RETURN 1; RETURN 2', 'one statement'],
    ['USE other MATCH (n) RETURN n', 'USE'],
    ['cReAtE (n)', 'CREATE'],
  ])('refuses %s naming %s', (q, word) => {
    expect(() => assertReadOnlyCypher(q)).toThrow(expect.objectContaining({ code: 'query_rejected', message: expect.stringContaining(word) }));
  });

  test('says where the refused clause stands', () => {
    try {
      assertReadOnlyCypher('MATCH (n)\nSET n.x = 1');
      throw new Error('not refused');
    } catch (err) {
      expect((err as { details: unknown }).details).toMatchObject({ line: 2, column: 1 });
    }
  });

  test('refuses an empty query, an unterminated string and a statement that is not a read', () => {
    expect(() => assertReadOnlyCypher('   ')).toThrow(/empty/);
    expect(() => assertReadOnlyCypher("MATCH (n) WHERE n.name = 'x RETURN n")).toThrow(/unterminated string/);
    expect(() => assertReadOnlyCypher('EXPLAINX MATCH (n) RETURN n')).toThrow(/starts with MATCH/);
  });
});
