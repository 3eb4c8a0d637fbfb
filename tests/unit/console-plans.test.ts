/**
 * The console's kept guard plans, verdicts and translations (server/domain/console-plans.ts) answer exactly what
 * the guard and the translation answer: over the golden corpus and a slice of the openCypher TCK, on both
 * engines, the first time and when asked again, and for one text with many parameter sets; refusals again as new errors with the same message and
 * details; other parameters or another catalogue never reuse a kept answer made for different ones.
 */
import { existsSync } from 'node:fs';
import { assertReadOnlyCypher, type GuardOptions } from '../../server/domain/cypher-guard';
import { translateToKuzu } from '../../server/domain/cypher-dialect/translate-cypher';
import { consolePlanStats, guardConsoleQuery, translateConsoleStatement } from '../../server/domain/console-plans';
import { QueryRejectedError } from '../../server/domain/errors';
import type { GraphCatalogue } from '../../server/domain/ports/graph-store';
import { readGoldenQueries } from '../support/golden-cypher';
import { readTckQueries, TCK_QUERIES_FILE } from '../support/tck-corpus';

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

/** What a call answered: its value, or the refusal's code, message and details. */
function outcome(run: () => unknown): unknown {
  try {
    return { ok: run() };
  } catch (err) {
    if (!(err instanceof QueryRejectedError)) throw err;
    return { refused: { name: err.name, code: err.code, message: err.message, details: err.details } };
  }
}

const direct = (query: string, params: Record<string, unknown>, options: GuardOptions): unknown =>
  outcome(() => {
    const statement = assertReadOnlyCypher(query, params, options);
    return options.engine === 'neo4j' ? statement : { statement, translation: translateToKuzu(statement, CATALOGUE) };
  });

const kept = (query: string, params: Record<string, unknown>, options: GuardOptions): unknown =>
  outcome(() => {
    const statement = guardConsoleQuery(query, params, options);
    return options.engine === 'neo4j' ? statement : { statement, translation: translateConsoleStatement(statement, CATALOGUE) };
  });

interface Case {
  name: string;
  query: string;
  params: Record<string, unknown>;
}

const golden: Case[] = (readGoldenQueries() ?? []).map((q) => ({ name: q.id, query: q.query, params: q.params }));
// Every 25th query of the TCK that reads: a spread of its features (the whole corpus takes minutes here).
const tck: Case[] = existsSync(TCK_QUERIES_FILE)
  ? readTckQueries()
      .filter((q, i) => q.class === 'read' && i % 25 === 0)
      .map((q) => ({ name: `tck ${q.id}`, query: q.query, params: q.params }))
  : [];
const ENGINES: GuardOptions[] = [{ engine: 'embedded' }, { engine: 'embedded', crashRules: false }, { engine: 'neo4j' }];

test('over the golden corpus and the TCK slice, a kept verdict and translation equal the computed ones, first and again', () => {
  const cases: Case[] = [...golden, ...tck];
  // The corpora live beside the project (../shared); without them, the cases below still run.
  if (cases.length === 0) console.warn('No golden corpus or TCK queries found: only the written cases ran.');
  let compared = 0;
  for (const c of cases) {
    for (const options of ENGINES) {
      const want = direct(c.query, c.params, options);
      expect({ case: c.name, options, got: kept(c.query, c.params, options) }).toEqual({ case: c.name, options, got: want });
      expect({ case: c.name, options, got: kept(c.query, c.params, options) }).toEqual({ case: c.name, options, got: want });
      compared += 1;
    }
  }
  expect(compared).toBe(cases.length * ENGINES.length);
});

test('when a refused text comes again, it is refused with a new error carrying the same message and details', () => {
  const query = 'MATCH (n) CREATE (m) RETURN n';
  const first = outcome(() => guardConsoleQuery(query, {}, { engine: 'embedded' })) as { refused: { message: string } };
  expect(first.refused.message).toMatch(/CREATE is not allowed/);
  let second: unknown;
  let third: unknown;
  try {
    guardConsoleQuery(query, {}, { engine: 'embedded' });
  } catch (err) {
    second = err;
  }
  // A caller that changes the details it was given does not change the next refusal.
  (second as { details: Record<string, unknown> }).details.clause = 'changed';
  try {
    guardConsoleQuery(query, {}, { engine: 'embedded' });
  } catch (err) {
    third = err;
  }
  expect(third).toBeInstanceOf(QueryRejectedError);
  expect(third).not.toBe(second);
  expect(outcome(() => guardConsoleQuery(query, {}, { engine: 'embedded' }))).toEqual(first);
  expect((third as { details: Record<string, unknown> }).details.clause).toBe('CREATE');
});

test('the same text with other parameters is guarded for those parameters', () => {
  const query = 'MATCH (n) RETURN n SKIP $s';
  expect(guardConsoleQuery(query, { s: 5 }, { engine: 'embedded' })).toBe(query);
  expect(() => guardConsoleQuery(query, { s: 20_000 }, { engine: 'embedded' })).toThrow(/SKIP in the console takes a whole number/);
  expect(guardConsoleQuery(query, { s: 5 }, { engine: 'embedded' })).toBe(query);
  // Neo4j does not take the embedded engine's SKIP bound: the engine is part of the key.
  expect(guardConsoleQuery(query, { s: 20_000 }, { engine: 'neo4j' })).toBe(query);
  const crash = 'MATCH (n) WHERE n.id IN $ids RETURN n';
  expect(() => guardConsoleQuery(crash, {}, { engine: 'embedded' })).toThrow(QueryRejectedError);
  expect(guardConsoleQuery(crash, { ids: ['a'] }, { engine: 'embedded' })).toBe(crash);
  expect(guardConsoleQuery(crash, {}, { engine: 'embedded', crashRules: false })).toBe(crash);
});

test('a translation kept for one catalogue is not used for another, even one equal in content but another object', () => {
  const statement = 'MATCH (n) RETURN labels(n) AS l';
  const wider: GraphCatalogue = { ...CATALOGUE, nodeTables: [...CATALOGUE.nodeTables, { name: 'Person', properties: { id: 'string', name: 'string' } }] };
  const a = translateConsoleStatement(statement, CATALOGUE);
  const b = translateConsoleStatement(statement, wider);
  expect(a).toEqual(translateToKuzu(statement, CATALOGUE));
  expect(b).toEqual(translateToKuzu(statement, wider));
  const before = consolePlanStats().translations.hits;
  expect(translateConsoleStatement(statement, structuredClone(CATALOGUE))).toEqual(a);
  expect(consolePlanStats().translations.hits).toBe(before + 1);
});

test('a kept translation is frozen: a caller cannot change what the next request gets', () => {
  const t = translateConsoleStatement('MATCH (n:Country) RETURN n.name, n.id', CATALOGUE);
  const again = translateConsoleStatement('MATCH (n:Country) RETURN n.name, n.id', CATALOGUE);
  expect(again).toBe(t);
  expect(() => t.columns?.push('x')).toThrow(TypeError);
});

/** Values a parameter may take that the guard tells apart: integers in and out of its bounds, forms, absence. */
const VALUES: unknown[] = ['other text', 20_000, -1, -0, null, [], undefined];

/**
 * Parameter sets for one text: its own, then each parameter it names ($name in the text) set to each of
 * VALUES in turn, then all of them absent, then an unrelated extra one.
 */
function parameterSets(query: string, params: Record<string, unknown>): Record<string, unknown>[] {
  const names = [...new Set([...Object.keys(params), ...[...query.matchAll(/\$`?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] as string)])];
  const sets: Record<string, unknown>[] = [params];
  for (const name of names) for (const value of VALUES) sets.push({ ...params, [name]: value });
  sets.push({}, { ...params, unrelated: 'x' });
  return sets;
}

/** Every TCK read that names a parameter, and texts whose verdict turns on parameters (range, SKIP, crash forms). */
const withParameters: Case[] = [
  ...(existsSync(TCK_QUERIES_FILE) ? readTckQueries().filter((q) => q.class === 'read' && q.query.includes('$')) : []).map((q) => ({ name: `tck ${q.id}`, query: q.query, params: q.params })),
  ...[
    'UNWIND range($a, $b) AS x RETURN x SKIP $s',
    'UNWIND range(0, $n * 2 - 1, $step) AS x RETURN x',
    'RETURN [x IN range(1, $n) | range(1, $m)] AS xs',
    'MATCH (n) WHERE n.id IN $ids RETURN labels($m), list_contains($l, 1)',
    'WITH $p AS p MATCH (n) WHERE n.id IN p RETURN n',
    'MATCH (n) RETURN n SKIP $`s` LIMIT 5',
    'MATCH (n) RETURN n SKIP $s CREATE (m)',
    'MATCH (n) RETURN n SKIP $s; RETURN 1',
    'MATCH (n) RETURN n ORDER BY n.id SKIP $s LIMIT $l',
  ].map((query, i) => ({ name: `written ${i}`, query, params: { a: 1, b: 5, n: 3, m: 2, step: 1, s: 0, ids: ['x'], l: [1], p: 'x' } })),
];

test('over the corpora, one text with many parameter sets gets the verdict and translation the guard computes for each', () => {
  const cases: Case[] = [...golden, ...tck, ...withParameters];
  let compared = 0;
  for (const c of cases) {
    for (const options of ENGINES) {
      // The text as written has a kept plan (the test above): every set is guarded from it. With a trailing
      // space it is read afresh here, for a set other than its own, then guarded again from its kept plan.
      const sets = parameterSets(c.query, c.params);
      const runs: [string, Record<string, unknown>[]][] = [[c.query, sets], [`${c.query} `, sets.slice(-2)]];
      for (const [query, paramSets] of runs) {
        for (const params of paramSets) {
          const want = direct(query, params, options);
          expect({ case: c.name, options, params, got: kept(query, params, options) }).toEqual({ case: c.name, options, params, got: want });
          compared += 1;
        }
      }
    }
  }
  expect(compared).toBeGreaterThanOrEqual(cases.length * ENGINES.length * 5);
});

test('a new value of a parameter the guard does not size reads no text again', () => {
  const query = 'MATCH (n) WHERE n.id = $id AND n.year > $year RETURN n SKIP $skip';
  guardConsoleQuery(query, { id: 'a', year: 2001, skip: 0 }, { engine: 'embedded' });
  const before = consolePlanStats();
  for (let i = 0; i < 20; i += 1) {
    expect(guardConsoleQuery(query, { id: `id-${i}`, year: 1990 + i, skip: i }, { engine: 'embedded' })).toBe(query);
  }
  const after = consolePlanStats();
  expect(after.plans.misses).toBe(before.plans.misses);
  expect(after.verdicts.misses).toBe(before.verdicts.misses);
  expect(after.verdicts.hits).toBe(before.verdicts.hits + 20);
  // The SKIP is still checked per request, and a parameter's form still counts.
  expect(() => guardConsoleQuery(query, { id: 'b', year: 1, skip: 20_000 }, { engine: 'embedded' })).toThrow(/SKIP in the console/);
  expect(() => guardConsoleQuery('MATCH (n) WHERE n.id IN $ids RETURN n', { ids: null }, { engine: 'embedded' })).toThrow(/IN needs a list/);
});

test('range() bounds read from parameters are sized for each value', () => {
  const query = 'UNWIND range(1, $n) AS x RETURN x';
  expect(guardConsoleQuery(query, { n: 10 }, { engine: 'embedded' })).toBe(assertReadOnlyCypher(query, { n: 10 }));
  expect(() => guardConsoleQuery(query, { n: 20_000 }, { engine: 'embedded' })).toThrow(/at most 10000 values/);
  // Not a number: the bound is computed, so the statement carries the engine's size check.
  expect(guardConsoleQuery(query, { n: 'x' }, { engine: 'embedded' })).toBe(assertReadOnlyCypher(query, { n: 'x' }));
  expect(guardConsoleQuery(query, { n: 'x' }, { engine: 'embedded' })).not.toBe(query);
});

test('parameters JSON cannot tell apart (undefined, -0) get the verdict the guard computes', () => {
  const guard = (query: string, params: Record<string, unknown>) => outcome(() => assertReadOnlyCypher(query, params, { engine: 'embedded' }));
  const query = 'MATCH (n) WHERE n.id IN $ids RETURN n';
  for (let i = 0; i < 2; i += 1) {
    expect(outcome(() => guardConsoleQuery(query, { ids: undefined }, { engine: 'embedded' }))).toEqual(guard(query, { ids: undefined }));
    expect(outcome(() => guardConsoleQuery(query, {}, { engine: 'embedded' }))).toEqual(guard(query, {}));
    expect(outcome(() => guardConsoleQuery('RETURN $n', { n: -0 }, { engine: 'embedded' }))).toEqual(guard('RETURN $n', { n: -0 }));
    expect(outcome(() => guardConsoleQuery('UNWIND range($n, 3) AS x RETURN x', { n: -0 }, { engine: 'embedded' }))).toEqual(guard('UNWIND range($n, 3) AS x RETURN x', { n: -0 }));
  }
});
