import { assertReadOnlyCypher } from '../../server/domain/cypher-guard';
import { CRASH_RULES } from '../../server/domain/cypher-crash-rules';

interface Refusal {
  message: string;
  details: Record<string, unknown>;
}

function refusal(query: string, params: Record<string, unknown> = {}): Refusal {
  try {
    assertReadOnlyCypher(query, params);
  } catch (err) {
    const e = err as { code: string; message: string; details: Record<string, unknown> };
    expect(e.code).toBe('query_rejected');
    return { message: e.message, details: e.details ?? {} };
  }
  throw new Error(`not refused: ${query}`);
}

function passes(query: string, params: Record<string, unknown> = {}): void {
  expect(() => assertReadOnlyCypher(query, params)).not.toThrow();
}

describe('null where a function needs a node, a relationship, a path or a list', () => {
  test.each([
    ['RETURN keys(null)', {}, 'keys() needs a node, a relationship or a map; null is refused'],
    ['RETURN KEYS( null )', {}, 'keys() needs'],
    ['RETURN id($p)', { p: null }, 'id() needs a node or a relationship; $p, which is null is refused'],
    ['RETURN label($missing)', {}, '$missing, which is not given (so null)'],
    ['RETURN nodes((null))', {}, 'nodes() needs a path'],
    ['RETURN rels(null)', {}, 'rels() needs a path'],
    ['RETURN relationships(null)', {}, 'relationships() needs a path'],
    ['RETURN length(null)', {}, 'length() needs a path'],
    ['RETURN list_sum(null)', {}, 'list_sum() needs a list'],
    ['RETURN list_product($p)', { p: null }, 'list_product() needs a list'],
    ['RETURN list_any_value(null)', {}, 'list_any_value() needs a list'],
    ['RETURN list_reverse_sort(null, 1)', {}, 'list_reverse_sort() needs a list of values'],
    ['RETURN list_contains(null, 1)', {}, 'list_contains() needs a list'],
    ['RETURN properties(null, "id")', {}, 'properties() needs a list of nodes or relationships'],
    ['WITH null AS m RETURN keys(m), keys(null)', {}, 'm, which WITH bound to null is refused'],
    ['UNWIND [1] AS x WITH x, $p AS m RETURN labels(m)', { p: null }, 'm, which WITH bound to $p, which is null'],
    ['MATCH (n) WHERE keys(null) IS NULL RETURN n', {}, 'keys() needs'],
    ['MATCH (n) RETURN n ORDER BY id(null) LIMIT 1', {}, 'id() needs'],
    ['UNWIND nodes(null) AS x RETURN x', {}, 'nodes() needs'],
    ['MATCH (n) WHERE exists { MATCH (n)-->(m) WHERE size(keys(null)) > 0 } RETURN n', {}, 'keys() needs'],
  ])('%s %j is refused, saying why', (query, params, says) => {
    const r = refusal(query, params);
    expect(r.message).toContain(says);
    expect(r.message).toContain('because the embedded engine crashes on it');
    expect(r.details).toMatchObject({ crash: 'null-argument' });
    expect(r.details.line).toBe(1);
  });

  test.each([
    ['MATCH (n) RETURN keys(n), id(n), label(n), labels(n) LIMIT 1', {}],
    ['MATCH p = (a)-[r]->(b) RETURN nodes(p), rels(p), length(p), keys(r) LIMIT 1', {}],
    ['RETURN keys({a: 1})', {}],
    ['RETURN list_sum([1, 2]), list_sum($p)', { p: [1, 2] }],
    ['RETURN list_contains([1, 2], null), list_position([1], $p)', { p: null }],
    ['MATCH (n) OPTIONAL MATCH (n)-[r]->(m) RETURN keys(m), id(r) LIMIT 3', {}],
    ['MATCH (n) RETURN keys(n.missing) LIMIT 1', {}],
    ['WITH null AS m MATCH (m) RETURN keys(m)', {}],
    ['WITH 1 AS keys RETURN keys', {}],
    ['RETURN size(null), coalesce(null, 1), toUpper(null)', {}],
  ])('%s %j passes: its argument is not a null known before the query runs', (query, params) => {
    passes(query, params);
  });
});

describe('other argument forms that crashed', () => {
  test('a map where label() needs a node', () => {
    const r = refusal("RETURN label({name: 'x'})");
    expect(r.message).toContain("label() needs a node or a relationship; a map ({name:'x'}) is refused");
    expect(r.details).toMatchObject({ crash: 'map-argument', function: 'label' });
    expect(refusal('RETURN labels({a: {b: 1}})').details).toMatchObject({ crash: 'map-argument' });
    passes('RETURN keys({}), keys({a: 1})');
  });

  test('a list of lists where list_sort() needs a list of values', () => {
    expect(refusal('RETURN list_sort([[1], []])').details).toMatchObject({ crash: 'nested-list-argument', function: 'list_sort' });
    expect(refusal('RETURN list_reverse_sort([$p], 1)', { p: [1] }).message).toContain('a list of lists');
    passes("RETURN list_sort([3, 1, 2]), list_sort(['b', 'a'])");
  });

  test('cost() of any path a console query can match (only WSHORTEST paths have a cost)', () => {
    for (const q of ['MATCH p = (n)-[r]->(m) RETURN cost(p) LIMIT 3', 'MATCH (n) OPTIONAL MATCH p = (n)-[r]->(m) RETURN cost(p)', 'RETURN cost(null)']) {
      const r = refusal(q);
      expect(r.message).toContain("cost() reads the weight of a path found by Kuzu's weighted shortest path (WSHORTEST)");
      expect(r.details).toMatchObject({ crash: 'cost-of-unweighted-path' });
    }
    passes('MATCH (n) OPTIONAL MATCH p = (n)-[r]->(m) RETURN length(p), nodes(p) LIMIT 3');
  });
});

describe('IN over a null list', () => {
  test.each([
    ['RETURN 1 IN null', {}, 'IN needs a list; null is refused'],
    ['RETURN $elt IN $coll AS result', { elt: null, coll: null }, '$coll, which is null'],
    ['WITH null AS l UNWIND [1] AS x RETURN x IN l', {}, 'l, which WITH bound to null'],
  ])('%s %j is refused', (query, params, says) => {
    const r = refusal(query, params);
    expect(r.message).toContain(says);
    expect(r.details).toMatchObject({ crash: 'in-null-list' });
  });

  test('IN over a list, a property or a list parameter passes', () => {
    passes('MATCH (n) WHERE n.id IN $ids RETURN n', { ids: ['tajikistan'] });
    // An empty list is written into the query as [] (kuzu-query-params), no longer sent as a null parameter.
    passes('MATCH (n) WHERE n.id IN $ids RETURN n', { ids: [] });
    passes('RETURN $elt IN $coll AS result, labels($p), list_has($p, 1), 1 IN nullif($p, $q)', { elt: null, coll: [], p: [], q: ['a'] });
    passes('RETURN 1 IN [], null IN [1], 1 IN [null]');
    passes('MATCH (n) WHERE n.id IN n.aliases RETURN n');
    passes('RETURN [x IN [1, 2] WHERE x > 1] AS xs');
  });
});

describe('a variable WITH bound to a parameter, where a node, a path or a list is needed', () => {
  test.each([
    ['WITH $ids AS ids MATCH (n) WHERE n.id IN ids RETURN n', { ids: ['tajikistan'] }, 'IN needs a list; ids, which WITH bound to a parameter'],
    ['WITH $p AS v RETURN keys(v)', { p: 2.5 }, 'keys() needs a node, a relationship or a map; v, which WITH bound to a parameter'],
    ['UNWIND [1] AS x WITH x, abs($p) AS v RETURN list_sum(v)', { p: 1 }, 'list_sum() needs a list; v'],
    ['WITH [$p] AS v UNWIND [1] AS x RETURN x IN v', { p: 1 }, 'v, which WITH bound'],
    ['WITH $p AS v WITH v AS w RETURN labels(w)', { p: 'x' }, 'w, which WITH bound'],
  ])('%s %j is refused', (query, params, says) => {
    const r = refusal(query, params);
    expect(r.message).toContain(says);
    expect(r.details).toMatchObject({ crash: 'with-bound-parameter' });
  });

  test('the parameter itself, and WITH-bound parameters used elsewhere, pass', () => {
    passes('MATCH (n) WHERE n.id IN $ids RETURN n', { ids: ['tajikistan'] });
    passes('WITH $p AS v UNWIND [1] AS x RETURN size(v), toUpper(v), v + 1', { p: 'x' });
    passes('WITH $p AS v WITH 1 AS v RETURN keys(v)', { p: 'x' });
  });
});

describe('WHERE on a WITH that no MATCH or UNWIND comes before', () => {
  test.each([
    'WITH 1 AS x WHERE x = 1 RETURN x',
    'WITH 1 AS x WITH x WHERE x = 1 RETURN x',
    'WITH count(*) AS c WHERE c = 1 RETURN c',
    'RETURN 1 AS x UNION WITH 2 AS x WHERE x = 2 RETURN x',
  ])('%s is refused, suggesting UNWIND', (query) => {
    const r = refusal(query);
    expect(r.message).toContain('WHERE on a WITH that no MATCH or UNWIND comes before');
    expect(r.message).toContain('UNWIND [value] AS x');
    expect(r.details).toMatchObject({ crash: 'leading-with-where' });
  });

  test.each([
    'UNWIND [1] AS x WITH x WHERE x = 1 RETURN x',
    'MATCH (n) WITH n WHERE n.id = "x" RETURN n',
    'WITH 1 AS x MATCH (n) WHERE n.id = "x" RETURN n, x',
    'WITH 1 AS x RETURN x',
    'CALL db.labels() YIELD label WITH label WHERE label <> "" RETURN label',
  ])('%s passes', (query) => {
    passes(query);
  });
});

describe('a name used for a path and for a node or relationship', () => {
  test('the TCK pattern that crashed is refused, naming the variable', () => {
    const r = refusal('MATCH (a)-[r]-(s)-[p]-(b), p = (s)-[]-(t), (t), (t)-[]-(b) RETURN p');
    expect(r.message).toContain('p names a path and a node or relationship in the same query');
    expect(r.details).toMatchObject({ crash: 'path-variable-reused', variable: 'p' });
  });

  test('a path with its own name passes', () => {
    passes('MATCH (a)-[r]-(s), p = (s)-[]-(t) RETURN p, r');
  });
});

describe('scope', () => {
  test('every rule the guard names is one of the listed crash rules', () => {
    const seen = new Set<unknown>();
    for (const [q, p] of [
      ['RETURN keys(null)', {}], ['RETURN label({a: 1})', {}], ['RETURN list_sort([[1]])', {}], ['RETURN 1 IN null', {}],
      ['WITH 1 AS x WHERE true RETURN x', {}], ['MATCH p = (p) RETURN p', {}], ['MATCH p = (a)-->(b) RETURN cost(p)', {}],
      ['WITH $p AS v RETURN keys(v)', { p: 1 }],
    ] as Array<[string, Record<string, unknown>]>) seen.add(refusal(q, p).details.crash);
    expect([...seen].sort()).toEqual([...CRASH_RULES].sort());
  });

  test('with the crash rules off (Neo4j runs these safely) the same queries pass the guard', () => {
    expect(() => assertReadOnlyCypher('RETURN keys(null), 1 IN $p', { p: null }, { crashRules: false })).not.toThrow();
    expect(() => assertReadOnlyCypher('WITH 1 AS x WHERE x = 1 RETURN x', {}, { crashRules: false })).not.toThrow();
  });
});
