/**
 * Console statements kept prepared on the embedded engine (server/stores/kuzu/kuzu-console-statements.ts)
 * answer what a fresh statement answers: a parameter left out is null again (kuzu 0.11.3 would otherwise
 * keep the last execution's value), and a kept statement binds against the schema as it is now, after a
 * write added a table. Run on the store alone and behind the engine process boundary; Neo4j prepares
 * nothing of the app's and refuses a missing parameter, so it is not asked.
 */
import { engineFactories, openSeeded } from '../support/engines';
import { removeTempDirs } from '../support/temp-dirs';
import type { GraphStore } from '../../server/domain/ports/graph-store';
import { namesEveryParameter } from '../../server/stores/kuzu/kuzu-console-statements';

afterAll(removeTempDirs);

const OPTIONS = { timeoutMs: 5_000, maxRows: 100 };

describe.each(engineFactories().filter((f) => f.name !== 'neo4j'))('console statements on $name', (factory) => {
  let store: GraphStore;

  beforeAll(async () => {
    store = await openSeeded(factory);
  });

  afterAll(async () => {
    await store.close();
  });

  test('when a text comes again without a parameter it had before, the parameter is null, as the first time', async () => {
    const query = 'RETURN $x AS v, $y AS w';
    expect((await store.runReadQuery(query, { x: 1, y: 'a' }, OPTIONS)).rows).toEqual([[1, 'a']]);
    expect((await store.runReadQuery(query, { x: 2, y: 'b' }, OPTIONS)).rows).toEqual([[2, 'b']]);
    expect((await store.runReadQuery(query, { x: 3 }, OPTIONS)).rows).toEqual([[3, null]]);
    expect((await store.runReadQuery(query, {}, OPTIONS)).rows).toEqual([[null, null]]);
    expect((await store.runReadQuery(query, { y: 'c' }, OPTIONS)).rows).toEqual([[null, 'c']]);
  });

  test('a text run many times answers the same rows each time, with its parameters of each time', async () => {
    const query = 'MATCH (n) WHERE n.name CONTAINS $q RETURN n.id AS id ORDER BY id';
    const first = await store.runReadQuery(query, { q: 'a' }, OPTIONS);
    expect(first.rows.length).toBeGreaterThan(0);
    for (let i = 0; i < 20; i += 1) expect((await store.runReadQuery(query, { q: 'a' }, OPTIONS)).rows).toEqual(first.rows);
    expect((await store.runReadQuery(query, { q: 'no such name at all' }, OPTIONS)).rows).toEqual([]);
  });

  test('a text kept before a write that adds a table reads that table after it', async () => {
    const query = 'MATCH (n) RETURN count(n) AS c';
    const count = async (): Promise<number> => Number((await store.runReadQuery(query, {}, OPTIONS)).rows[0]?.[0]);
    const before = await count();
    expect(await count()).toBe(before);
    await store.upsert({ nodes: [{ id: 'kept-statement-probe', kind: 'Newsroom', name: 'Probe', aliases: [], properties: {} }], edges: [], documents: [], propertyTypes: {} });
    expect(await count()).toBe(before + 1);
    const kinds = await store.runReadQuery('MATCH (n:Newsroom) RETURN n.id AS id', {}, OPTIONS);
    expect(kinds.rows).toEqual([['kept-statement-probe']]);
  });
});

describe('a kept statement is used only when every $ names a parameter given now', () => {
  test.each([
    ['RETURN $x', { x: 1 }, true],
    ['RETURN $x, $x + 1', { x: 1 }, true],
    ['RETURN 1', {}, true],
    ['RETURN $x', {}, false],
    ['RETURN $x, $y', { x: 1 }, false],
    ['RETURN $xy', { x: 1 }, false],
    ['RETURN $x_1', { x: 1 }, false],
    ['RETURN $aé', { a: 1 }, false],
    ["RETURN 'costs $5'", {}, false],
    ['RETURN $`x`', { x: 1 }, false],
    ['RETURN $ x', { x: 1 }, false],
    ['RETURN $0', { 0: 1 }, false],
    ['RETURN [$x]', { x: 1 }, true],
  ] as Array<[string, Record<string, unknown>, boolean]>)('%s with %j: %s', (query, params, reusable) => {
    expect(namesEveryParameter(query, params)).toBe(reusable);
  });
});
