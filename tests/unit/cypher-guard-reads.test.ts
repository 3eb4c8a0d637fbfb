import { assertReadOnlyCypher, type GuardOptions } from '../../server/domain/cypher-guard';
import { evaluateStaticInteger, MAX_RANGE_SIZE, RANGE_LIMIT_MESSAGE } from '../../server/domain/cypher-range-limits';

function refusal(query: string, params: Record<string, unknown> = {}, options: GuardOptions = {}): { message: string; details: Record<string, unknown> } {
  try {
    assertReadOnlyCypher(query, params, options);
  } catch (err) {
    const e = err as { code: string; message: string; details: Record<string, unknown> };
    expect(e.code).toBe('query_rejected');
    return { message: e.message, details: e.details ?? {} };
  }
  throw new Error(`not refused: ${query}`);
}

const NEO4J: GuardOptions = { engine: 'neo4j' };

describe("the console guard accepts Neo4j's read functions on both engines", () => {
  test.each([
    "RETURN date.truncate('month', date('2020-05-17')) AS d",
    "RETURN datetime.truncate('millennium', date({year: 2017, month: 10, day: 11}), {day: 2}) AS result",
    "RETURN localdatetime.truncate('day', localdatetime('2015-07-21T21:40:32.142'))",
    "RETURN time.truncate('hour', time('12:31:14+01:00')), localtime.truncate('minute', localtime('12:31:14'))",
    'RETURN date.statement(), datetime.transaction(), localtime.realtime(), time.statement(null)',
    'RETURN datetime.fromepoch(416779, 999999999) AS d1, datetime.fromepochmillis(237821673987) AS d2',
    "WITH duration.between(localdatetime('2018-01-01T12:00'), localdatetime('2018-01-02T10:00')) AS dur RETURN dur, dur.days",
    "RETURN duration.inDays(date('1984-10-11'), date('2015-06-24')), duration.inMonths(date('1984-10-11'), date('2015-06-24'))",
    "RETURN duration.inSeconds(date('1984-10-11'), localdatetime('2016-07-21T21:45:22.142')) AS duration",
    "RETURN duration({days: 14, hours: 16}), duration('P14DT16H12M')",
    'RETURN rand() AS r, toInteger(rand() * 10) AS i, randomUUID() AS u',
    'RETURN reduce(total = 0, x IN [1, 2, 3] | total + x) AS sum',
    'MATCH p = (a)-->(b) RETURN reduce(s = "", n IN nodes(p) | s + n.name) AS names',
    'RETURN sin(1), cos(1), tan(1), cot(1), asin(0.5), acos(0.5), atan(1), atan2(1, 2), haversin(0.5)',
    'RETURN degrees(pi()), radians(180), e(), exp(1), log(2), log10(100), sqrt(4), isNaN(0.0 / 0.0)',
    "RETURN toIntegerList(['1', 'x']), toFloatList([1]), toStringList([1]), toBooleanList(['true'])",
    "RETURN isEmpty([]), valueType(1), character_length('abc'), btrim('  x  ')",
    'RETURN point({x: 1, y: 2}) AS p, point.distance(point({x: 0, y: 0}), point({x: 3, y: 4})) AS d',
    'RETURN vector.similarity.cosine([1, 0], [0, 1]) AS s, vector.similarity.euclidean([1, 0], [0, 1]) AS t',
    'MATCH (n) RETURN db.nameFromElementId(elementId(n)) LIMIT 1',
    'UNWIND [1, 2] AS x RETURN all(y IN [x] WHERE y > 0), any(y IN [x] WHERE y > 1), none(y IN [x] WHERE y > 5), single(y IN [x] WHERE y = 1)',
  ])('%s', (q) => {
    expect(() => assertReadOnlyCypher(q)).not.toThrow();
    expect(() => assertReadOnlyCypher(q, {}, NEO4J)).not.toThrow();
  });
});

describe('what widened the allowlist does not open: writes, files, network, plugins and admin stay refused', () => {
  test.each([
    ["RETURN date.truncate('day', date()) AS d CREATE (n {d: d})", 'CREATE is not allowed'],
    ['WITH reduce(s = 0, x IN [1] | s + x) AS t MERGE (n {t: t})', 'MERGE is not allowed'],
    ['MATCH (n) WITH n, rand() AS r SET n.r = r', 'SET is not allowed'],
    ['MATCH (n) WITH n, duration.between(date(), date()) AS d DETACH DELETE n', 'DELETE is not allowed'],
    ["LOAD CSV FROM 'file:///etc/passwd' AS l RETURN date.truncate('day', date(l[0]))", 'LOAD CSV is not allowed'],
    ["RETURN apoc.load.json('https://example.org/x.json') AS j", 'apoc.load.json() is not allowed'],
    ["RETURN apoc.util.md5(['x']) AS h", 'apoc.util.md5() is not allowed'],
    ["RETURN date.fromfile('/etc/passwd')", 'date.fromfile() is not allowed'],
    ['RETURN file(), linenumber()', 'file() is not allowed'],
    ["RETURN datetime.truncate('day', datetime()) AS d UNION CALL dbms.listConfig() YIELD name RETURN name AS d", 'CALL dbms.listConfig is not allowed'],
    ["CALL test.my.proc('Stefan', 1) YIELD city RETURN city", 'CALL test.my.proc is not allowed'],
    ['CALL db.schema.visualization()', 'CALL db.schema.visualization is not allowed'],
    ['RETURN reduce(s = "", x IN range(1, 10) | s + lpad("", 1000000, "x"))', 'lpad() is not allowed'],
    ["COPY (RETURN rand()) TO '/tmp/x.csv'", 'COPY is not allowed'],
  ])('%s', (q, mentions) => {
    expect(refusal(q).message).toContain(mentions);
    expect(refusal(q, {}, NEO4J).message).toContain(mentions);
  });
});

describe('range() with bounds the query computes runs with a size check the engine makes per row', () => {
  test('the upper bound adds 0, or fails with a conversion error quoting the limit, so the rewrite is still Neo4j Cypher', () => {
    const statement = assertReadOnlyCypher('MATCH (n) UNWIND range(0, size(n.aliases) - 1) AS i RETURN i');
    expect(statement).toBe(
      `MATCH (n) UNWIND range(0, (size(n.aliases) - 1) + to_int64(CASE WHEN (size(n.aliases) - 1) - (0) >= ${MAX_RANGE_SIZE} THEN '${RANGE_LIMIT_MESSAGE}' ELSE '0' END)) AS i RETURN i`,
    );
    // The guard reads its own output back as a single read statement (a dialect rewrite parses it again).
    expect(assertReadOnlyCypher(statement)).toContain('to_int64(CASE WHEN');
  });

  test('a RETURN column keeps the name Neo4j gives it (its text as written), not the text of the check', () => {
    const statement = assertReadOnlyCypher('UNWIND [3] AS n RETURN range(0, n - 1), size(range(1, n)) AS s');
    expect(statement).toMatch(/ELSE '0' END\)\) AS `range\(0, n - 1\)`, size\(range\(1, .*\)\) AS s$/);
  });

  test('a step is part of the check, in either direction, and 0 is left to the engine to refuse', () => {
    const statement = assertReadOnlyCypher('UNWIND [5] AS n RETURN range(n, 0, -n)');
    expect(statement).toContain(`((0) - (n)) * sign((-n)) >= ${MAX_RANGE_SIZE} * abs((-n))`);
    expect(statement).toContain('(-n) <> 0 AND');
  });

  test('the TCK shapes that were refused now run: computed bounds from size() and variables, two UNWINDs in a row', () => {
    for (const q of [
      'WITH [1, 2, 3] AS values WITH values, size(values) AS numOfValues RETURN range(0, numOfValues - 1) AS r',
      "MATCH p = (n)-[r]->() WITH [n, r, p, '', 1] AS types UNWIND range(0, size(types) - 1) AS i UNWIND range(0, size(types) - 1) AS j RETURN types[i], types[j]",
      'WITH 0 AS start UNWIND [1, 500] AS stop UNWIND [-3, 2] AS step RETURN range(start, stop, step) AS list',
    ]) {
      expect(assertReadOnlyCypher(q)).toContain(RANGE_LIMIT_MESSAGE);
    }
  });

  test('bounds of literal and parameter arithmetic are sized before the query runs, and left as written', () => {
    expect(assertReadOnlyCypher('UNWIND range(0, $n * 2 - 1) AS i RETURN i', { n: 50 })).toBe('UNWIND range(0, $n * 2 - 1) AS i RETURN i');
    expect(refusal('UNWIND range(0, $n * 2 - 1) AS i RETURN i', { n: 50_000 }).message).toContain('this one produces 100000');
    expect(evaluateStaticInteger('(10 - 4) / 4 % 5', {})).toBe(1);
    expect(evaluateStaticInteger('-$a + 3', { a: 5 })).toBe(-2);
    expect(evaluateStaticInteger('$a', { a: 1.5 })).toBeUndefined();
    expect(evaluateStaticInteger('1 / 0', {})).toBeUndefined();
    expect(evaluateStaticInteger('9007199254740991 + 1', {})).toBeUndefined();
    expect(evaluateStaticInteger('n.size', {})).toBeUndefined();
  });

  test.each([
    ['UNWIND [1] AS x RETURN range(1, toInteger(rand() * 1000000000))', 'may not call rand()'],
    ['RETURN range(1, timestamp() % 2 * 1000000000)', 'may not call timestamp()'],
    ["RETURN range(1, date().year)", 'may not call date()'],
    ['RETURN range(1, datetime.statement().epochSeconds)', 'may not call datetime.statement()'],
    ['UNWIND [3] AS n RETURN [x IN range(1, 100) | range(1, n)]', 'together'],
    ['MATCH (n) RETURN reduce(s = [], x IN range(1, 20) | s + range(1, size(n.aliases)))', 'together'],
  ])('bounds whose two evaluations could differ, and computed ranges nested in big iterations, are refused: %s', (q, mentions) => {
    expect(refusal(q).message).toContain(mentions);
  });

  test('a computed range nested in a small iteration passes', () => {
    expect(() => assertReadOnlyCypher('UNWIND [3] AS n RETURN [x IN range(1, 10) | range(1, n)]')).not.toThrow();
  });
});

describe('reduce() on the embedded engine: a step that could double its accumulator is refused', () => {
  test.each([
    ["RETURN reduce(s = 'x', i IN range(1, 60) | s + s) AS bomb", 'uses it 2 times'],
    ["RETURN reduce(s = 'x', i IN range(1, 60) | replace(s, 'x', 'xx')) AS bomb", 'inside an iteration or replace()'],
    ['RETURN reduce(s = [1], i IN range(1, 60) | [y IN [1, 2] | s]) AS bomb', 'inside an iteration or replace()'],
    ['RETURN reduce(s = [1], i IN range(1, 60) | s + [s]) AS bomb', 'uses it 2 times'],
  ])('%s', (q, mentions) => {
    const { message, details } = refusal(q);
    expect(message).toContain(mentions);
    expect(details).toMatchObject({ function: 'reduce' });
    expect(assertReadOnlyCypher(q, {}, NEO4J)).toBe(q);
  });

  test('a step that uses its accumulator once passes', () => {
    expect(() => assertReadOnlyCypher("MATCH p = (a)-->(b) RETURN reduce(s = '', n IN nodes(p) | s + n.name + ', ') AS names")).not.toThrow();
    expect(() => assertReadOnlyCypher('RETURN reduce(acc = [], x IN [1, 2] | acc + [x * 2]) AS doubled')).not.toThrow();
  });
});

describe("on Neo4j the engine's own limits apply: the guard only keeps the console read-only", () => {
  test.each([
    'UNWIND range(1, 100000000) AS x RETURN count(x)',
    'MATCH (n) UNWIND range(1, n.size) AS x RETURN x',
    'MATCH (n) WITH n SKIP toInteger(rand() * 9) RETURN count(*)',
    'MATCH (n) RETURN n ORDER BY n.name SKIP 20000 LIMIT 3',
    'RETURN keys(null), labels(null)',
  ])('%s runs as written on Neo4j', (q) => {
    expect(assertReadOnlyCypher(q, {}, NEO4J)).toBe(q);
    // The embedded engine refuses it or adds a size check.
    let embedded: string;
    try {
      embedded = assertReadOnlyCypher(q);
    } catch (err) {
      embedded = (err as Error).message;
    }
    expect(embedded).toMatch(/range\(\)|SKIP|crashes/);
    expect(embedded).not.toBe(q);
  });
});
