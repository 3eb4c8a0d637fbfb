/**
 * Values survive exactly on every engine: a list mixing whole numbers and decimals, an empty list, large and
 * small whole numbers, a double that needs all its digits, and keys that other formats use for themselves.
 * Written through each write path of the port (upsert, bulk load, an import in one transaction, a staged
 * import) and read back through each read path; and as console parameters. On Neo4j (NEO4J_URI set), the
 * whole numbers are stored as INTEGER and the decimals' lists as FLOAT lists.
 */
import { engineFactories, openSeeded } from '../support/engines';
import { makeTempDir, removeTempDirs } from '../support/temp-dirs';
import { MINI_SEED_DIR } from '../support/test-server';
import { writeJsonFile } from '../support/import-fixtures';
import type { GraphStore } from '../../server/domain/ports/graph-store';
import type { GraphEdge, GraphNode, Properties } from '../../server/domain/graph-model';
import type { Vocabulary } from '../../server/domain/seed-schema';
import { runConsoleQuery } from '../../server/domain/cypher-console';
import { importGraph } from '../../server/domain/import-graph';
import { readVocabulary } from '../../server/seed/seed-loader';

afterAll(removeTempDirs);

const DOC = { id: 'doc-a.txt', publisher: 'Test Wire', title: 'Bases and money', published: '2012-10-05' };

const limits = { timeoutMs: 5_000, maxRows: 100, maxGraphNodes: 100 };

/**
 * Declared types: `tags` as in the mini seed, and `empty`: an empty list has no element type of its own, and
 * an import gives a key of no known type no column on the embedded engine (see import-plan.ts).
 */
const PROPERTY_TYPES = { tags: 'string[]', empty: 'number[]' } as const;

/** The values under test; keys other than `tags` and `empty` are not declared. */
const VALUES: Properties = {
  mixed: [1, 2.5, -3],
  decimals: [2.5, 1, -0.5],
  wholes: [2015, 10000000],
  empty: [],
  tags: [],
  big: 10000000,
  year: 2015,
  negative: -7,
  precise: 0.1 + 0.2,
  label: 'a label',
  interaction: 'an interaction',
  start: 'a start',
  end: 'an end',
};

// `tags` is declared for nodes only.
const { tags: _tags, ...EDGE_VALUES } = VALUES;

const node = (id: string, kind = 'Country'): GraphNode => ({ id, kind, name: `Node ${id}`, aliases: [], properties: { ...VALUES } });
const edge = (id: string, source: string, target: string): GraphEdge => ({
  id,
  type: 'HOSTS_BASE',
  source,
  target,
  properties: { ...EDGE_VALUES },
  sources: [{ document: 'doc-a.txt', quote: 'A quote.' }],
});

/** An edge without its evidence, which a store reads back with its document's metadata added. */
const withoutSources = (e: GraphEdge | undefined): Omit<GraphEdge, 'sources'> | undefined => {
  if (!e) return undefined;
  const { sources: _sources, ...rest } = e;
  return rest;
};

describe.each(engineFactories())('exact values on $name', (factory) => {
  let store: GraphStore;
  let vocabulary: Vocabulary;

  beforeAll(async () => {
    store = await openSeeded(factory);
    const seedVocabulary = await readVocabulary(MINI_SEED_DIR);
    vocabulary = {
      ...seedVocabulary,
      properties: [...seedVocabulary.properties, { key: 'empty', type: 'number[]', appliesTo: 'both', description: 'An empty list.' }],
    };
  });

  afterAll(async () => {
    await store.close();
  });

  async function expectReadBack(nodes: GraphNode[], edges: GraphEdge[]): Promise<void> {
    const ids = nodes.map((n) => n.id);
    expect((await store.getNodes(ids)).sort((a, b) => a.id.localeCompare(b.id))).toEqual(nodes);
    const read = await store.getEdges(edges.map((e) => e.id));
    expect(read.map(withoutSources).sort((a, b) => (a?.id ?? '').localeCompare(b?.id ?? ''))).toEqual(edges.map(withoutSources));
    const all = await store.readAll();
    for (const n of nodes) expect(all.nodes.find((x) => x.id === n.id)).toEqual(n);
    for (const e of edges) expect(withoutSources(all.edges.find((x) => x.id === e.id))).toEqual(withoutSources(e));
    const streamed: GraphNode[] = [];
    for await (const chunk of store.streamNodes(ids, 10)) streamed.push(...chunk);
    expect(streamed.sort((a, b) => a.id.localeCompare(b.id))).toEqual(nodes);
  }

  test('an upsert keeps mixed and empty lists, whole numbers and format-like keys exactly', async () => {
    const nodes = [node('up-a'), node('up-b', 'MilitaryBase')];
    const edges = [edge('up-e', 'up-a', 'up-b')];
    await store.upsert({ nodes, edges, documents: [], propertyTypes: PROPERTY_TYPES });
    await expectReadBack(nodes, edges);
    // A second upsert over the same records replaces them with the same values.
    await store.upsert({ nodes, edges, documents: [], propertyTypes: PROPERTY_TYPES });
    await expectReadBack(nodes, edges);
  });

  test('a bulk load keeps them exactly', async () => {
    const nodes = [node('bulk-a'), node('bulk-b', 'MilitaryBase')];
    const edges = [edge('bulk-e', 'bulk-a', 'bulk-b')];
    await store.bulkLoad({ nodes, edges, documents: [], propertyTypes: PROPERTY_TYPES });
    await expectReadBack(nodes, edges);
  });

  test.each([
    ['in one transaction', 1_000_000],
    ['staged', 1],
  ])('an import %s keeps them exactly, and importing the same file again changes nothing', async (_how, stagedFromRecords) => {
    const prefix = `imp${stagedFromRecords}`;
    const nodes = [node(`${prefix}-a`), node(`${prefix}-b`, 'MilitaryBase')];
    const edges = [edge(`${prefix}-e`, `${prefix}-a`, `${prefix}-b`)];
    const file = writeJsonFile(makeTempDir(), `${prefix}.json`, { nodes, edges });
    const first = await importGraph(store, [{ name: `${prefix}.json`, path: file }], { actor: 'contract', vocabulary, stagedFromRecords });
    expect(first.counts.nodes.added).toBe(2);
    expect(first.counts.edges.added).toBe(1);
    await expectReadBack(nodes, edges);
    const again = await importGraph(store, [{ name: `${prefix}.json`, path: file }], { actor: 'contract', vocabulary, stagedFromRecords });
    expect(again.counts.nodes).toEqual({ added: 0, changed: 0, unchanged: 2 });
    expect(again.counts.edges).toEqual({ added: 0, changed: 0, unchanged: 1 });
  });

  test('an empty list goes into a key that holds numbers on other records, by upsert and by import', async () => {
    const holder: GraphNode = { id: 'scores-a', kind: 'Country', name: 'Scores A', aliases: [], properties: { scores: [1.5, 2] } };
    const upserted: GraphNode = { id: 'scores-b', kind: 'Country', name: 'Scores B', aliases: [], properties: { scores: [] } };
    await store.upsert({ nodes: [holder], edges: [], documents: [], propertyTypes: PROPERTY_TYPES });
    await store.upsert({ nodes: [upserted], edges: [], documents: [], propertyTypes: PROPERTY_TYPES });
    const imported: GraphNode = { id: 'scores-c', kind: 'Country', name: 'Scores C', aliases: [], properties: { scores: [] } };
    const file = writeJsonFile(makeTempDir(), 'scores.json', { nodes: [imported], edges: [] });
    await importGraph(store, [{ name: 'scores.json', path: file }], { actor: 'contract', vocabulary });
    expect(await store.getNodes(['scores-a', 'scores-b', 'scores-c'])).toEqual(expect.arrayContaining([holder, upserted, imported]));
  });

  test('console parameters arrive exactly: an empty list, a mixed numeric list, whole numbers', async () => {
    const ask = async (query: string, params: Record<string, unknown>): Promise<unknown[][]> =>
      (await runConsoleQuery(store, query, params, limits)).rows;
    expect(await ask('RETURN $p AS p', { p: [] })).toEqual([[[]]]);
    expect(await ask('RETURN $p AS p', { p: [1, 2.5, -3] })).toEqual([[[1, 2.5, -3]]]);
    expect(await ask('RETURN $p AS p', { p: [2.5, 1, -3] })).toEqual([[[2.5, 1, -3]]]);
    expect(await ask('RETURN $p AS p, $q AS q', { p: [2015, 10000000], q: 10000000 })).toEqual([[[2015, 10000000], 10000000]]);
    expect(await ask('RETURN size($p) AS n, 1 IN $p AS has', { p: [] })).toEqual([[0, false]]);
    expect(await ask('UNWIND $p AS x RETURN x', { p: [] })).toEqual([]);
    expect(await ask('UNWIND $p AS x RETURN x ORDER BY x', { p: [1, 2.5, -3] })).toEqual([[-3], [1], [2.5]]);
    // Text that only looks like the parameter is left alone.
    expect(await ask("RETURN '$p' AS s, $p AS p // $p", { p: [] })).toEqual([['$p', []]]);
  });

  test('stored values read back exactly through the console', async () => {
    await store.upsert({ nodes: [node('console-a')], edges: [], documents: [], propertyTypes: PROPERTY_TYPES });
    const { rows } = await runConsoleQuery(
      store,
      "MATCH (n:Country) WHERE n.id = 'console-a' RETURN n.mixed, n.empty, n.big, n.year, n.precise, n.label",
      {},
      limits,
    );
    expect(rows).toEqual([[[1, 2.5, -3], [], 10000000, 2015, 0.1 + 0.2, 'a label']]);
  });

  if (factory.name === 'embedded') {
    test('an import into empty tables (copied from text rows, not created one by one) keeps them exactly', async () => {
      const empty = await factory.open();
      try {
        await empty.init();
        const nodes = [node('copy-a'), node('copy-b', 'MilitaryBase')];
        const edges = [edge('copy-e', 'copy-a', 'copy-b')];
        const file = writeJsonFile(makeTempDir(), 'copy.json', { documents: [DOC], nodes, edges });
        const summary = await importGraph(empty, [{ name: 'copy.json', path: file }], { actor: 'contract', vocabulary });
        expect(summary.counts.edges.added).toBe(1);
        const all = await empty.readAll();
        expect(all.nodes.sort((a, b) => a.id.localeCompare(b.id))).toEqual(nodes);
        expect(all.edges.map(withoutSources)).toEqual(edges.map(withoutSources));
      } finally {
        await empty.close();
      }
    });
  }

  if (factory.name === 'neo4j') {
    test('Neo4j stores whole numbers as INTEGER and lists with a decimal as FLOAT lists', async () => {
      await store.upsert({ nodes: [node('types-a')], edges: [], documents: [], propertyTypes: PROPERTY_TYPES });
      const { rows } = await store.runReadQuery(
        "MATCH (n:Entity {id: 'types-a'}) RETURN valueType(n.big), valueType(n.year), valueType(n.negative), " +
          'valueType(n.precise), valueType(n.mixed), valueType(n.wholes), valueType(n.empty), toString(n.big)',
        {},
        { timeoutMs: 5_000, maxRows: 10 },
      );
      expect(rows[0]).toEqual([
        'INTEGER NOT NULL',
        'INTEGER NOT NULL',
        'INTEGER NOT NULL',
        'FLOAT NOT NULL',
        'LIST<FLOAT NOT NULL> NOT NULL',
        'LIST<INTEGER NOT NULL> NOT NULL',
        expect.stringMatching(/^LIST<.*> NOT NULL$/),
        '10000000',
      ]);
    });
  }
});
