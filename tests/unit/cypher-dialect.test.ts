/**
 * The console's translation of Neo4j Cypher into the embedded engine's dialect (server/domain/cypher-dialect),
 * mapping by mapping, with the exact text the engine receives and the column names Neo4j would give.
 * The answers these texts give on the real engine are checked in tests/integration/console-dialect.int.test.ts.
 */
import { translateToKuzu } from '../../server/domain/cypher-dialect/translate-cypher';
import { userTermsMessage } from '../../server/domain/cypher-dialect/engine-errors';
import { floatText } from '../../server/domain/cypher-dialect/function-mapping';
import type { GraphCatalogue } from '../../server/domain/ports/graph-store';

const CATALOGUE: GraphCatalogue = {
  nodeTables: [
    { name: 'Country', properties: { id: 'string', name: 'string', aliases: 'string[]' } },
    { name: 'City', properties: { id: 'string', name: 'string', population: 'number' } },
    { name: 'SourceDocument', properties: { id: 'string', title: 'string' } },
  ],
  relTables: [
    { name: 'CAPITAL_OF', properties: { id: 'string' } },
    { name: 'ALLY_OF', properties: { id: 'string', troops: 'number', sourceQuotes: 'string[]' } },
  ],
};

const kuzu = (query: string): string => translateToKuzu(query, CATALOGUE).query;
const columns = (query: string): string[] | undefined => translateToKuzu(query, CATALOGUE).columns;

function refusal(query: string): string {
  try {
    translateToKuzu(query, CATALOGUE);
  } catch (err) {
    expect((err as { code: string }).code).toBe('query_rejected');
    return (err as Error).message;
  }
  throw new Error(`not refused: ${query}`);
}

describe('column names are the ones Neo4j gives', () => {
  test('an unaliased item is named by its text as written, an aliased one by its alias', () => {
    expect(kuzu("RETURN trim('  a  '), 1 AS one")).toBe("RETURN trim('  a  ') AS _c0, 1 AS _c1");
    expect(columns("RETURN trim('  a  '), 1 AS one")).toEqual(["trim('  a  ')", 'one']);
    expect(columns('MATCH (n:Country) RETURN count(*), count(DISTINCT n)')).toEqual(['count(*)', 'count(DISTINCT n)']);
  });

  test('ORDER BY naming a projected expression or alias reads the internal alias', () => {
    expect(kuzu('MATCH (e:Country) RETURN e.name, count(*) ORDER BY count(*) DESC, e.name')).toBe(
      'MATCH (`e`:`Country`) RETURN `e`.`name` AS _c0, count(*) AS _c1 ORDER BY _c1 DESC, _c0',
    );
    expect(kuzu('MATCH (n:Country) RETURN n.name AS name ORDER BY size(name)')).toBe(
      'MATCH (`n`:`Country`) RETURN `n`.`name` AS _c0 ORDER BY size(_c0)',
    );
  });

  test('a list is ordered by its elements joined below every printable character', () => {
    expect(kuzu('MATCH (n:Country) RETURN n.aliases AS a ORDER BY a')).toBe(
      "MATCH (`n`:`Country`) RETURN `n`.`aliases` AS _c0 ORDER BY list_to_string('\u0001', _c0)",
    );
  });

  test('UNION branches must name their columns alike, as Neo4j requires', () => {
    expect(refusal("RETURN 'a' AS x UNION RETURN 'b' AS y")).toBe('All sub queries in a UNION must have the same return column names');
  });

  test('UNION branches share the internal aliases; RETURN * keeps the engine names', () => {
    expect(kuzu("RETURN 'a' AS x UNION RETURN 'b' AS x")).toBe("RETURN 'a' AS _c0 UNION RETURN 'b' AS _c0");
    expect(columns('MATCH (n:Country) RETURN *')).toBeUndefined();
  });

  test('WITH ... ORDER BY alone gets SKIP 0 (Kuzu needs it; the order reaches collect())', () => {
    expect(kuzu('MATCH (n:Country) WITH n ORDER BY n.name WITH collect(n.name) AS names RETURN names')).toBe(
      'MATCH (`n`:`Country`) WITH `n` ORDER BY `n`.`name` SKIP 0 WITH coalesce(collect(`n`.`name`), []) AS `names` RETURN `names` AS _c0',
    );
  });

  test('variables are quoted, so words Kuzu reserves (profile) are names', () => {
    expect(kuzu('WITH 1 AS profile RETURN profile')).toBe('WITH 1 AS `profile` RETURN `profile` AS _c0');
  });
});

describe('functions are written in Kuzu terms', () => {
  test.each([
    ['RETURN split(\'a-b\', \'-\')', "RETURN string_split('a-b', '-') AS _c0"],
    ["RETURN substring('abcdef', 0, 4)", "RETURN substring('abcdef', 1, 4) AS _c0"],
    ["RETURN substring('abcdef', 2)", "RETURN substring('abcdef', 3, 2147483647) AS _c0"],
    ['RETURN toFloat(\'1.5\')', "RETURN CAST('1.5' AS DOUBLE) AS _c0"],
    ['RETURN toInteger(2.7)', 'RETURN CAST(CASE WHEN CAST(2.7 AS DOUBLE) < 0 THEN ceil(CAST(2.7 AS DOUBLE)) ELSE floor(CAST(2.7 AS DOUBLE)) END AS INT64) AS _c0'],
    ['RETURN toInteger(size([1]))', 'RETURN size([1]) AS _c0'],
    ['RETURN toString(true)', 'RETURN lower(CAST(true AS STRING)) AS _c0'],
    ['RETURN toString(12)', 'RETURN CAST(12 AS STRING) AS _c0'],
    ["RETURN toString('x')", "RETURN 'x' AS _c0"],
    ['RETURN toString(7000.0)', `RETURN ${floatText('7000.0')} AS _c0`],
    ["RETURN replace('a.b', '.', '$')", "RETURN regexp_replace('a.b', '\\\\.', '$', 'g') AS _c0"],
    ["RETURN reverse('abc')", "RETURN reverse('abc') AS _c0"],
    ['RETURN reverse([1, 2])', 'RETURN list_reverse([1, 2]) AS _c0'],
    ['RETURN head([1, 2])', 'RETURN (CASE WHEN size([1, 2]) > 0 THEN list_any_value(list_slice([1, 2], 1, 1)) END) AS _c0'],
    ['RETURN last([1, 2])', 'RETURN (CASE WHEN size([1, 2]) > 0 THEN list_any_value(list_slice([1, 2], -1, -1)) END) AS _c0'],
    ['RETURN tail([1, 2])', 'RETURN list_slice([1, 2], 2, 2147483647) AS _c0'],
    ['RETURN head(null)', 'RETURN CAST(NULL AS STRING) AS _c0'],
    ['UNWIND [1, 2] AS x RETURN sum(x)', 'UNWIND [1, 2] AS `x` RETURN coalesce(sum(`x`), 0) AS _c0'],
    ['UNWIND [1, 2] AS x RETURN collect(DISTINCT x)', 'UNWIND [1, 2] AS `x` RETURN coalesce(collect(DISTINCT `x`), []) AS _c0'],
    ['RETURN round(2.5)', 'RETURN round(2.5, 0) AS _c0'],
    ['RETURN rand()', 'RETURN (abs(hash(CAST(gen_random_uuid() AS STRING)) % 1000000007) / 1000000007.0) AS _c0'],
    ['RETURN e(), exp(2)', 'RETURN 2.718281828459045 AS _c0, pow(2.718281828459045, 2) AS _c1'],
    ['RETURN log(10)', 'RETURN ln(10) AS _c0'],
    ["RETURN 'about ' + 7000 + ' troops'", "RETURN 'about ' + CAST(7000 AS STRING) + ' troops' AS _c0"],
    ["RETURN 1 + 2 + 'x'", "RETURN CAST((1 + 2) AS STRING) + 'x' AS _c0"],
    ['RETURN [1, 2] + 3, 0 + [1]', 'RETURN list_append([1, 2], 3) AS _c0, list_prepend([1], 0) AS _c1'],
  ])('%s', (query, expected) => {
    expect(kuzu(query)).toBe(expected);
  });

  test('type(r), relationships(p), elementId(n)', () => {
    // Null-safe: on a one-table variable Kuzu answers the table's name even where OPTIONAL MATCH left it null.
    expect(kuzu('MATCH ()-[r]->() RETURN type(r)')).toBe('MATCH (`_n1`)-[`r`]->(`_n2`) RETURN (CASE WHEN `r` IS NULL THEN NULL ELSE label(`r`) END) AS _c0');
    expect(kuzu('MATCH p = (a:City)-[*1..2]-(b) RETURN relationships(p)')).toBe(
      'MATCH `p` = (`a`:`City`)-[* TRAIL 1..2]-(`b`) RETURN rels(`p`) AS _c0',
    );
    expect(kuzu('MATCH (n:City) RETURN elementId(n)')).toBe('MATCH (`n`:`City`) RETURN `n`.id AS _c0');
  });

  test('a double is written as Java writes it: decimal within [0.001, 10^7), scientific beyond', () => {
    expect(floatText('x')).toBe(
      "(CASE WHEN x = 0 OR (abs(x) >= 0.001 AND abs(x) < 10000000) THEN (CASE WHEN x = floor(x) THEN CAST(CAST(x AS INT64) AS STRING) + '.0' " +
        "ELSE regexp_replace(CAST(x AS STRING), '0+$', '') END) ELSE (CASE WHEN (x / pow(10.0, CAST(floor(log10(CASE WHEN x = 0 THEN 1.0 ELSE abs(x) END)) AS INT64))) " +
        "= floor((x / pow(10.0, CAST(floor(log10(CASE WHEN x = 0 THEN 1.0 ELSE abs(x) END)) AS INT64)))) THEN CAST(CAST((x / pow(10.0, CAST(floor(log10(CASE WHEN x = 0 " +
        "THEN 1.0 ELSE abs(x) END)) AS INT64))) AS INT64) AS STRING) + '.0' ELSE regexp_replace(CAST((x / pow(10.0, CAST(floor(log10(CASE WHEN x = 0 THEN 1.0 ELSE abs(x) END)) " +
        "AS INT64))) AS STRING), '0+$', '') END) + 'E' + CAST(CAST(floor(log10(CASE WHEN x = 0 THEN 1.0 ELSE abs(x) END)) AS INT64) AS STRING) END)",
    );
  });

  test('stdev and percentileDisc are built from the aggregates Kuzu has', () => {
    const sd = kuzu('UNWIND [1.0, 3.0] AS x RETURN stdev(x)');
    expect(sd).toContain('sqrt((sum((`x`) * (`x`)) - sum(`x`) * sum(`x`) / count(`x`)) / (count(`x`) - 1))');
    expect(kuzu('UNWIND [1.0, 3.0] AS x RETURN percentileDisc(x, 0.5)')).toContain('list_any_value(list_slice(list_sort(collect(`x`)), ');
  });

  test('date forms and accessors', () => {
    expect(kuzu("RETURN date('2024-06-20').year, date('2024-06').month")).toBe(
      "RETURN date_part('year', date('2024-06-20')) AS _c0, date_part('month', date('2024-06-01')) AS _c1",
    );
    expect(kuzu('RETURN date({year: 2011, month: 7, day: 18})')).toBe('RETURN make_date(2011, 7, 18) AS _c0');
    expect(kuzu('RETURN date()')).toBe('RETURN current_date() AS _c0');
  });

  test('startNode / endNode read the pattern: its arrow, or the relationship\'s own source id when undirected', () => {
    expect(kuzu('MATCH (a)-[r:ALLY_OF]->(b) RETURN startNode(r).name, endNode(r)')).toBe(
      'MATCH (`a`)-[`r`:`ALLY_OF`]->(`b`) RETURN `a`.`name` AS _c0, `b` AS _c1',
    );
    expect(kuzu('MATCH (t:Country)-[r:ALLY_OF]-() RETURN startNode(r) = t, startNode(r).name')).toBe(
      "MATCH (`t`:`Country`)-[`r`:`ALLY_OF`]-(`_n1`) RETURN (struct_extract(`r`, '_src') = id(`t`)) AS _c0, " +
        "(CASE WHEN struct_extract(`r`, '_src') = id(`t`) THEN `t`.`name` ELSE `_n1`.`name` END) AS _c1",
    );
    expect(refusal('MATCH (t:Country)-[r:ALLY_OF]-() RETURN startNode(r)')).toMatch(/^startNode\(\) of a relationship matched without a direction is not available/);
  });

  test('properties(n) is a map of the columns its tables have', () => {
    const t = translateToKuzu('MATCH (c:City) RETURN properties(c)', CATALOGUE);
    expect(t.query).toBe('MATCH (`c`:`City`) RETURN {`id`: `c`.`id`, `name`: `c`.`name`, `population`: `c`.`population`} AS _c0');
    expect(t.propertyColumns).toEqual([0]);
  });

  test('keys(n) lists the properties the element has, not every column of its tables', () => {
    expect(kuzu('MATCH (c:Country) RETURN keys(c)')).toBe(
      "MATCH (`c`:`Country`) RETURN list_filter([CASE WHEN `c`.`aliases` IS NOT NULL THEN 'aliases' END, CASE WHEN `c`.`id` IS NOT NULL THEN 'id' END, " +
        "CASE WHEN `c`.`name` IS NOT NULL THEN 'name' END], _k -> _k IS NOT NULL) AS _c0",
    );
  });

  test('a graph function of a parameter or literal, or with the wrong number of arguments, is refused (no engine crash)', () => {
    expect(refusal('MATCH (n:City) RETURN type($p)')).toMatch(/^type\(\) of \$p is not available on the embedded engine; it takes a node, relationship or path variable/);
    expect(refusal('MATCH ()-[r]->() RETURN type(r, r)')).toMatch(/^type\(\) with 2 arguments is not available on the embedded engine; it takes 1/);
  });

  test('a namespaced function with no Kuzu form is refused by its name', () => {
    expect(refusal("RETURN duration.between(date('1984-10-11'), date('2015-06-24'))")).toMatch(/^The function duration\.between\(\) is not available on the embedded engine/);
  });

  test('id() is refused naming elementId', () => {
    expect(refusal('MATCH (n:City) RETURN id(n)')).toMatch(/^id\(\) is not available on the embedded engine; use elementId\(n\)/);
  });
});

describe('labels', () => {
  test('Entity is every entity table; a lone unlabelled node is held to entity and document tables', () => {
    expect(kuzu('MATCH (n:Entity) RETURN n.id')).toBe('MATCH (`n`:`Country`:`City`) RETURN `n`.`id` AS _c0');
    expect(kuzu('MATCH (n:Entity:Country) RETURN n.id')).toBe('MATCH (`n`:`Country`) RETURN `n`.`id` AS _c0');
    expect(kuzu('MATCH (n) RETURN count(n)')).toBe('MATCH (`n`:`Country`:`City`:`SourceDocument`) RETURN count(`n`) AS _c0');
    expect(kuzu('MATCH (n:Country|City) RETURN n.id')).toBe('MATCH (`n`:`Country`:`City`) RETURN `n`.`id` AS _c0');
    expect(kuzu('MATCH (n:!Country) RETURN n.id')).toBe('MATCH (`n`:`City`:`SourceDocument`) RETURN `n`.`id` AS _c0');
  });

  test('label predicates are membership tests', () => {
    expect(kuzu('MATCH (n) WHERE n:City OR n:Entity RETURN n.id')).toBe(
      "MATCH (`n`:`Country`:`City`:`SourceDocument`) WHERE ((CASE WHEN `n` IS NULL THEN NULL ELSE label(`n`) END) IN ['City']) OR " +
        "((CASE WHEN `n` IS NULL THEN NULL ELSE label(`n`) END) IN ['Country', 'City']) RETURN `n`.`id` AS _c0",
    );
    expect(kuzu('MATCH (n:City) WHERE n IS NOT Country RETURN n.id')).toBe(
      "MATCH (`n`:`City`) WHERE (NOT ((CASE WHEN `n` IS NULL THEN NULL ELSE label(`n`) END) IN ['Country'])) RETURN `n`.`id` AS _c0",
    );
  });

  test('labels(n) answers as Neo4j does', () => {
    expect(kuzu('MATCH (n:City) RETURN labels(n)')).toBe(
      "MATCH (`n`:`City`) RETURN (CASE WHEN `n` IS NULL THEN NULL WHEN label(`n`) = 'SourceDocument' THEN ['SourceDocument'] ELSE ['Entity', label(`n`)] END) AS _c0",
    );
  });

  test('a property no table of the variable has is null, as Neo4j answers; typed where a bare NULL would crash the engine', () => {
    expect(kuzu('MATCH (n:Country) RETURN n.population, coalesce(n.population, 0), n.population > 1')).toBe(
      'MATCH (`n`:`Country`) RETURN NULL AS _c0, coalesce(NULL, 0) AS _c1, NULL > 1 AS _c2',
    );
    expect(kuzu('MATCH (n:Country) RETURN sum(n.population), count(n.population)')).toBe(
      'MATCH (`n`:`Country`) RETURN coalesce(sum(CAST(NULL AS DOUBLE)), 0) AS _c0, count(CAST(NULL AS STRING)) AS _c1',
    );
    expect(kuzu("MATCH (n:Country) RETURN size(n.population), 'a' IN n.population")).toBe(
      "MATCH (`n`:`Country`) RETURN size(CAST(NULL AS STRING[])) AS _c0, 'a' IN CAST(NULL AS STRING[]) AS _c1",
    );
  });

  test('temporal functions: date.truncate, duration.inDays(...).days, toBoolean', () => {
    expect(kuzu("RETURN date.truncate('month', date('2024-06-20')), duration.inDays(date('2024-01-01'), date('2024-03-01')).days, toBoolean('true')")).toBe(
      "RETURN date_trunc('month', date('2024-06-20')) AS _c0, (date('2024-03-01') - date('2024-01-01')) AS _c1, CAST('true' AS BOOL) AS _c2",
    );
    expect(refusal("RETURN date.truncate('week', date('2024-06-20'))")).toMatch(/^date\.truncate\(\) to week is not available/);
  });
});

describe('lists: 0-based indexes and slices', () => {
  test.each([
    ['RETURN [1, 2, 3][0]', 'RETURN (CASE WHEN size([1, 2, 3]) > 0 THEN list_any_value(list_slice([1, 2, 3], 1, 1)) END) AS _c0'],
    ['RETURN [1, 2, 3][-1]', 'RETURN (CASE WHEN size([1, 2, 3]) >= 1 THEN list_any_value(list_slice([1, 2, 3], -1, -1)) END) AS _c0'],
    ['RETURN [1, 2, 3][1..3]', 'RETURN list_slice([1, 2, 3], 2, 3) AS _c0'],
    ['RETURN [1, 2, 3][..-1]', 'RETURN list_slice([1, 2, 3], 1, -2) AS _c0'],
    ['RETURN [1, 2, 3][1..]', 'RETURN list_slice([1, 2, 3], 2, 2147483647) AS _c0'],
    ["RETURN [x IN [1, 2] WHERE x > 1 | x * 10]", 'RETURN list_transform(list_filter([1, 2], `x` -> `x` > 1), `x` -> `x` * 10) AS _c0'],
    ['RETURN reduce(s = 0, x IN [1, 2] | s + x)', 'RETURN (0 + coalesce(list_sum(list_transform([1, 2], `x` -> `x`)), 0)) AS _c0'],
    ["RETURN reduce(t = '', w IN ['a'] | t + w + ',')", "RETURN ('' + list_to_string('', list_transform(['a'], `w` -> `w` + ','))) AS _c0"],
    ['RETURN reduce(m = 1, x IN [2, 3] | m * x)', 'RETURN list_reduce(list_concat([1], [2, 3]), (`m`, `x`) -> `m` * `x`) AS _c0'],
  ])('%s', (query, expected) => {
    expect(kuzu(query)).toBe(expected);
  });

  test('a variable-length relationship list is its rels', () => {
    expect(kuzu('MATCH (:Country)-[rs:ALLY_OF*1..2]->(x) RETURN size(rs), [r IN rs | r.id]')).toBe(
      'MATCH (`_n1`:`Country`)-[`rs`:`ALLY_OF`* TRAIL 1..2]->(`x`) RETURN size(rels(`rs`)) AS _c0, list_transform(rels(`rs`), `r` -> `r`.`id`) AS _c1',
    );
  });
});

describe('relationship uniqueness within a MATCH', () => {
  test('single-hop relationships that could be the same one must differ, as in Neo4j', () => {
    expect(kuzu('MATCH (a:City)-[r]-(b)-[]-(c) WHERE a.id = $id RETURN c.id')).toBe(
      'MATCH (`a`:`City`)-[`r`]-(`b`)-[`_r1`]-(`c`) WHERE id(`r`) <> id(`_r1`) AND (`a`.`id` = $id) RETURN `c`.`id` AS _c0',
    );
  });

  test('relationships of different types, and one already bound, need no condition', () => {
    expect(kuzu('MATCH (a)-[:ALLY_OF]->(b)<-[:CAPITAL_OF]-(c) RETURN a.id')).toBe('MATCH (`a`)-[:`ALLY_OF`]->(`b`)<-[:`CAPITAL_OF`]-(`c`) RETURN `a`.`id` AS _c0');
    expect(kuzu('MATCH ()-[r]->() MATCH (a)-[r]-(b), (b)-->(c) RETURN a.id')).toBe(
      'MATCH (`_n1`)-[`r`]->(`_n2`) MATCH (`a`)-[`r`]-(`b`), (`b`)-->(`c`) RETURN `a`.`id` AS _c0',
    );
  });

  test('the parameters a statement names are listed (Kuzu refuses others, Neo4j ignores them)', () => {
    expect(translateToKuzu('MATCH (n:City) WHERE n.id = $id OR n.name IN $`names` RETURN n', CATALOGUE).parameters).toEqual(['id', 'names']);
  });
});

describe('subqueries, paths and procedures', () => {
  test('EXISTS and COUNT get their MATCH; a bare pattern predicate is EXISTS', () => {
    expect(kuzu('MATCH (c:Country) WHERE EXISTS { (c)-[:ALLY_OF]->() } RETURN c.id')).toBe(
      'MATCH (`c`:`Country`) WHERE EXISTS { MATCH (`c`)-[:`ALLY_OF`]->() } RETURN `c`.`id` AS _c0',
    );
    expect(kuzu('MATCH (c:Country) RETURN COUNT { (c)--() }')).toBe('MATCH (`c`:`Country`) RETURN COUNT { MATCH (`c`)--() } AS _c0');
    expect(kuzu('MATCH (c:Country) WHERE NOT (c)-[:ALLY_OF]->() RETURN c.id')).toBe(
      'MATCH (`c`:`Country`) WHERE NOT EXISTS { MATCH (`c`)-[:`ALLY_OF`]->() } RETURN `c`.`id` AS _c0',
    );
  });

  test('subqueries Kuzu cannot hold are refused by name', () => {
    expect(refusal('MATCH (c:Country) WHERE EXISTS { MATCH (c)--(x) WITH x RETURN x } RETURN c')).toMatch(/^EXISTS \{ \} holding more than one MATCH/);
    expect(refusal('MATCH (c:Country) WHERE size([(c)--(o) | o.name]) > 1 RETURN c')).toMatch(/^A pattern comprehension .* outside a RETURN or WITH item/);
    expect(refusal('MATCH (c:Country) RETURN COLLECT { MATCH (c)--(o) RETURN o.name }')).toMatch(/^COLLECT \{ \} subqueries/);
  });

  test('a pattern comprehension in a projection is gathered per row before it (each row keeps its own id)', () => {
    expect(kuzu("MATCH (c:Country) RETURN c.id, [(c)-[:ALLY_OF]->(o) WHERE o.id <> 'x' | o.name] AS allies")).toBe(
      "MATCH (`c`:`Country`) WITH *, gen_random_uuid() AS _row1 OPTIONAL MATCH (`c`)-[:`ALLY_OF`]->(`o`) WHERE `o`.`id` <> 'x' " +
        'WITH `c`, _row1, coalesce(collect(`o`.`name`), []) AS _pc2 RETURN `c`.`id` AS _c0, _pc2 AS _c1',
    );
  });

  test('variable lengths are trails; shortest paths are Kuzu\'s SHORTEST forms', () => {
    expect(kuzu('MATCH p = (a:City)-[:ALLY_OF*2]-(b) RETURN p')).toBe('MATCH `p` = (`a`:`City`)-[:`ALLY_OF`* TRAIL 2..2]-(`b`) RETURN `p` AS _c0');
    expect(kuzu('MATCH p = shortestPath((a:City)-[*..4]-(b:Country)) RETURN length(p)')).toBe(
      'MATCH `p` = (`a`:`City`)-[* SHORTEST 1..4]-(`b`:`Country`) RETURN length(`p`) AS _c0',
    );
    expect(kuzu('MATCH p = allShortestPaths((a:City)-[:CAPITAL_OF|ALLY_OF*]-(b:Country)) RETURN p')).toBe(
      'MATCH `p` = (`a`:`City`)-[:`CAPITAL_OF`|`ALLY_OF`* ALL SHORTEST 1..30]-(`b`:`Country`) RETURN `p` AS _c0',
    );
  });

  test('catalogue procedures unwind the catalogue under Neo4j\'s column names', () => {
    const labels = translateToKuzu('CALL db.labels()', CATALOGUE);
    expect(labels.query).toBe("UNWIND ['Entity', 'Country', 'City', 'SourceDocument'] AS `label` RETURN `label` AS _c0");
    expect(labels.columns).toEqual(['label']);
    expect(kuzu('CALL db.relationshipTypes() YIELD relationshipType AS t WHERE t STARTS WITH \'A\' RETURN t')).toBe(
      "UNWIND ['CAPITAL_OF', 'ALLY_OF'] AS `t` WITH `t` WHERE `t` STARTS WITH 'A' RETURN `t` AS _c0",
    );
    expect(kuzu('CALL db.propertyKeys() YIELD propertyKey RETURN count(propertyKey)')).toBe(
      "UNWIND ['aliases', 'id', 'name', 'population', 'sourceQuotes', 'title', 'troops'] AS `propertyKey` RETURN count(`propertyKey`) AS _c0",
    );
    expect(refusal('CALL db.labels() YIELD nope RETURN nope')).toMatch(/^YIELD nope is not available on the embedded engine; db\.labels\(\) yields label/);
  });
});

describe('engine errors in the user\'s terms', () => {
  test('no engine class, internal alias or _ID text', () => {
    expect(userTermsMessage('Catalog exception: function FOO does not exist.')).toBe('The function foo() is not available on the embedded engine.');
    expect(userTermsMessage('Binder exception: Table Widget does not exist.')).toBe('There is no label or relationship type Widget in the graph.');
    expect(userTermsMessage('Binder exception: Cannot order by _c0. Order by LABEL(n._ID,[,A]) is not supported.')).toBe(
      'Cannot order by column 1. Order by label(n) is not supported.',
    );
  });
});
