/**
 * One suite over the GraphStore port (through the domain use cases), run against every available engine:
 * the embedded store always, Neo4j when NEO4J_URI is set. Both must give the same answers.
 */
import { engineFactories, openSeeded } from '../support/engines';
import { removeTempDirs } from '../support/temp-dirs';
import { MINI_SEED_DIR } from '../support/test-server';
import type { GraphStore, UpsertInput } from '../../server/domain/ports/graph-store';
import { KuzuGraphStore } from '../../server/stores/kuzu/kuzu-graph-store';
import { EngineProcessStore } from '../../server/stores/kuzu/engine-process/engine-process-store';
import type { GraphEdge, GraphNode } from '../../server/domain/graph-model';
import type { PropertyType } from '../../server/domain/seed-schema';
import { seedStore, withValidity } from '../../server/domain/seed-graph';
import { searchNodes } from '../../server/domain/search';
import { findPaths, getNeighborhood, getNodeDetails } from '../../server/domain/traversal';
import { runConsoleQuery } from '../../server/domain/cypher-console';
import { readSeedDirectory } from '../../server/seed/seed-loader';
import { importGraph } from '../../server/domain/import-graph';

const limits = { timeoutMs: 5_000, maxRows: 100, maxGraphNodes: 100 };

afterAll(removeTempDirs);

describe.each(engineFactories())('GraphStore contract on $name', (factory) => {
  let store: GraphStore;

  beforeAll(async () => {
    store = await openSeeded(factory);
  });

  afterAll(async () => {
    await store.close();
  });

  test('seeding stores every entity and relationship of the seed', async () => {
    const seed = await readSeedDirectory(MINI_SEED_DIR);
    expect(await store.counts()).toEqual({ nodes: seed.graph.nodes.length, edges: seed.graph.edges.length });
  });

  test('seeding twice leaves the same counts and the same records as seeding once', async () => {
    const before = await store.readAll();
    await seedStore(store, MINI_SEED_DIR);
    const after = await store.readAll();
    const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(after.nodes)).toEqual(byId(before.nodes));
    expect(byId(after.edges)).toEqual(byId(before.edges));
  });

  test('a node reads back with its kind, aliases and typed properties', async () => {
    const [alpha] = await store.getNodes(['alpha']);
    expect(alpha).toEqual({
      id: 'alpha',
      kind: 'Country',
      name: 'Alphaland',
      aliases: ['Alpha Republic', 'Alphastan'],
      properties: { population: 10000000, tags: ['host'], documents: ['doc-a.txt', 'doc-b.txt'] },
    });
  });

  test('an edge reads back with its properties and every source, with publisher and date', async () => {
    const [edge] = await store.getEdges(['alpha-hosts-base-2012']);
    expect(edge).toEqual({
      id: 'alpha-hosts-base-2012',
      type: 'HOSTS_BASE',
      source: 'alpha',
      target: 'base-1',
      // sourceGrades: one Admiralty grade per source, by the seed rule (unknown publishers F, a fact 2).
      properties: { troops: 7000, asOf: '2012', sourceGrades: ['F2', 'F2'] },
      sources: [
        { document: 'doc-a.txt', publisher: 'Test Wire', title: 'Bases and money', published: '2012-10-05', quote: 'Base One now has 7,000 troops.' },
        { document: 'doc-b.txt', publisher: 'Other Press', title: 'Loans', published: '2020', quote: 'The base holds 7,000 soldiers.' },
      ],
    });
  });

  test('a correcting source keeps its role', async () => {
    const [edge] = await store.getEdges(['migrants--pays-remittances--alpha']);
    expect(edge?.sources.map((s) => s.role ?? 'claim')).toEqual(['claim', 'correction']);
    expect(edge?.properties.status).toBe('disputed');
  });

  test('search finds names and aliases case-insensitively, best match first', async () => {
    expect((await searchNodes(store, 'BETA', 10)).map((n) => n.id)).toEqual(['beta', 'beta-city']);
    expect((await searchNodes(store, 'beta city', 10)).map((n) => n.id)).toEqual(['beta-city', 'beta']);
    expect((await searchNodes(store, 'stan', 10)).map((n) => n.id)).toEqual(['alpha']);
    expect(await searchNodes(store, 'no such thing', 10)).toEqual([]);
  });

  test('node details list every relationship in both directions and the neighbours', async () => {
    const details = await getNodeDetails(store, 'base-1');
    expect(details.node.id).toBe('base-1');
    expect(details.edges.map((e) => e.id)).toEqual(['alpha-hosts-base-2004', 'alpha-hosts-base-2012', 'beta--operates--base-1']);
    expect(details.neighbors.map((n) => n.id)).toEqual(['alpha', 'beta']);
  });

  test('the neighbourhood at depth 1 and 2 holds the nodes within reach and the edges among them', async () => {
    const one = await getNeighborhood(store, { id: 'gamma', depth: 1, limit: 100 });
    expect(one.nodes.map((n) => n.id)).toEqual(['alpha', 'beta', 'gamma']);
    expect(one.edges.map((e) => e.id)).toEqual(['gamma--lends-to--alpha', 'gamma--lends-to--beta']);
    const two = await getNeighborhood(store, { id: 'gamma', depth: 2, limit: 100 });
    expect(two.nodes.map((n) => n.id)).toEqual(['alpha', 'alpha-city', 'base-1', 'beta', 'beta-city', 'gamma', 'migrants']);
    expect(two.truncated).toBe(false);
    const capped = await getNeighborhood(store, { id: 'gamma', depth: 2, limit: 4 });
    expect(capped.nodes).toHaveLength(4);
    expect(capped.truncated).toBe(true);
  });

  test('the neighbourhood can be limited to relationship types', async () => {
    const g = await getNeighborhood(store, { id: 'alpha', depth: 1, limit: 100, types: ['LENDS_TO'] });
    expect(g.nodes.map((n) => n.id)).toEqual(['alpha', 'gamma']);
  });

  test('paths come shortest first, without repeated nodes, one per node sequence', async () => {
    const paths = await findPaths(store, { from: 'alpha-city', to: 'beta-city', maxHops: 6, direction: 'any', limit: 10, metonyms: false });
    const seqs = paths.map((p) => p.nodes.map((n) => n.id).join('>'));
    expect(seqs).toEqual([
      'alpha-city>alpha>base-1>beta>beta-city',
      'alpha-city>alpha>gamma>beta>beta-city',
      'alpha-city>alpha>migrants>beta>beta-city',
    ]);
    for (const p of paths) {
      expect(new Set(p.nodes.map((n) => n.id)).size).toBe(p.nodes.length);
      expect(p.edges).toHaveLength(p.nodes.length - 1);
      p.edges.forEach((e, i) => {
        const ends = [p.nodes[i]?.id, p.nodes[i + 1]?.id];
        expect(ends).toContain(e.source);
        expect(ends).toContain(e.target);
      });
    }
    // Where two relationships join the same pair, the better-evidenced one (two sources) stands for the hop.
    expect(paths[0]?.edges[1]?.id).toBe('alpha-hosts-base-2012');
  });

  test('paths respect maxHops, direction and types', async () => {
    expect(await findPaths(store, { from: 'alpha-city', to: 'beta-city', maxHops: 3, direction: 'any', limit: 10, metonyms: false })).toEqual([]);
    const out = await findPaths(store, { from: 'gamma', to: 'base-1', maxHops: 4, direction: 'out', limit: 10 });
    expect(out.map((p) => p.nodes.map((n) => n.id).join('>'))).toEqual(['gamma>alpha>base-1', 'gamma>beta>base-1']);
    const against = await findPaths(store, { from: 'base-1', to: 'gamma', maxHops: 4, direction: 'out', limit: 10 });
    expect(against).toEqual([]);
    const reverse = await findPaths(store, { from: 'base-1', to: 'gamma', maxHops: 4, direction: 'in', limit: 10 });
    expect(reverse.map((p) => p.nodes.map((n) => n.id).join('>'))).toEqual(['base-1>alpha>gamma', 'base-1>beta>gamma']);
    const typed = await findPaths(store, { from: 'gamma', to: 'base-1', maxHops: 4, direction: 'any', types: ['LENDS_TO', 'OPERATES'], limit: 10 });
    expect(typed.map((p) => p.nodes.map((n) => n.id).join('>'))).toEqual(['gamma>beta>base-1']);
    expect(await findPaths(store, { from: 'alpha', to: 'lonely', maxHops: 8, direction: 'any', limit: 10 })).toEqual([]);
  });

  test('the console returns rows, columns and the graph elements they mention', async () => {
    const result = await runConsoleQuery(
      store,
      "MATCH (a:Country)-[r:LENDS_TO]->(b:Country) WHERE a.id = $id RETURN a, r, b.name AS target ORDER BY target",
      { id: 'gamma' },
      limits,
    );
    expect(result.columns).toEqual(['a', 'r', 'target']);
    expect(result.rows.map((r) => r[2])).toEqual(['Alphaland', 'Betaland']);
    expect((result.rows[0]?.[0] as { id: string }).id).toBe('gamma');
    expect((result.rows[0]?.[1] as { id: string; sources: unknown[] }).sources).toHaveLength(1);
    expect(result.graph.nodes.map((n) => n.id).sort()).toEqual(['alpha', 'beta', 'gamma']);
    expect(result.graph.edges.map((e) => e.id).sort()).toEqual(['gamma--lends-to--alpha', 'gamma--lends-to--beta']);
    expect(result.truncated).toBe(false);
  });

  test('when the console returns source documents, they are drawn as document nodes with their catalogue fields', async () => {
    const documents = await store.listDocuments();
    const result = await runConsoleQuery(store, 'MATCH (d:SourceDocument) RETURN d ORDER BY d.id', {}, limits);
    const expected = documents.map((d) => d.id).sort();
    expect(result.graph.nodes.map((n) => n.id).sort()).toEqual(expected);
    const first = documents.find((d) => d.id === expected[0]);
    const cell = result.rows[0]?.[0];
    const drawn = result.graph.nodes.find((n) => n.id === expected[0]);
    expect(cell).toEqual(drawn);
    expect(drawn).toMatchObject({ kind: 'SourceDocument', name: first?.title, properties: { publisher: first?.publisher, title: first?.title } });
    expect(drawn?.properties).not.toHaveProperty('id');
    expect(result.graph.edges).toEqual([]);
    expect(result.graphTruncated).toBe(false);
  });

  test('when the rows mention more nodes than the graph may hold, documents share the cap and the answer says so', async () => {
    const result = await runConsoleQuery(store, 'MATCH (n) RETURN n', {}, { ...limits, maxGraphNodes: 3 });
    expect(result.rows.length).toBeGreaterThan(3);
    expect(result.graph.nodes).toHaveLength(3);
    expect(result).toMatchObject({ truncated: true, graphTruncated: true, rowsTruncated: false });
  });

  test('the console caps rows and says the result was truncated', async () => {
    const result = await runConsoleQuery(store, 'MATCH (n) RETURN n.id AS id', {}, { ...limits, maxRows: 3 });
    expect(result.rows).toHaveLength(3);
    expect(result.truncated).toBe(true);
  });

  test('the console reports an engine error as a failed query, not a crash', async () => {
    // Parses, so it passes the guard; both engines refuse the unknown variable.
    await expect(runConsoleQuery(store, 'MATCH (n) RETURN nope', {}, limits)).rejects.toMatchObject({ code: 'query_failed' });
  });

  test('the console refuses writes before they reach the engine, and the graph is unchanged', async () => {
    const before = await store.counts();
    await expect(runConsoleQuery(store, "CREATE (n:Country {id: 'x'})", {}, limits)).rejects.toMatchObject({ code: 'query_rejected' });
    await expect(runConsoleQuery(store, "MATCH (n) DETACH DELETE n", {}, limits)).rejects.toMatchObject({ code: 'query_rejected' });
    expect(await store.counts()).toEqual(before);
  });

  test('readAll returns the whole graph and listDocuments the bibliography', async () => {
    const all = await store.readAll();
    expect(all.nodes.length).toBe(8);
    expect(all.edges.length).toBe(9);
    expect((await store.listDocuments()).map((d) => d.id).sort()).toEqual(['doc-a.txt', 'doc-b.txt']);
  });

  test('a document keeps its full text: getDocument reads it exactly, the bibliography leaves it out', async () => {
    const text = 'Line one: “quoted”, \'single\', a, comma.\n\nДушанбе — Тоҷикистон; 北京 [brackets] \\ back\\slash\n';
    const doc = { id: 'doc-text.txt', publisher: 'Wire', title: 'With text', published: '2024-05', text };
    await store.upsert({ nodes: [], edges: [], documents: [doc], propertyTypes: {} });
    expect(await store.getDocument('doc-text.txt')).toEqual(doc);
    expect(await store.getDocument('no-such-document')).toBeUndefined();
    const listed = (await store.listDocuments()).find((d) => d.id === 'doc-text.txt');
    expect(listed).toEqual({ id: 'doc-text.txt', publisher: 'Wire', title: 'With text', published: '2024-05' });
    // Through the import path (what POST /api/documents uses) the text is stored alike.
    const imported = { ...doc, id: 'doc-imported.txt' };
    await importGraph(store, [{ name: 'doc.json', bytes: new TextEncoder().encode(JSON.stringify({ documents: [imported] })) }], { actor: 'contract', vocabulary: (await readSeedDirectory(MINI_SEED_DIR)).vocabulary });
    expect(await store.getDocument('doc-imported.txt')).toEqual(imported);
  });
});

/** The seed folder as one write, the way seedStore builds it. */
async function seedInput(dir: string): Promise<UpsertInput> {
  const seed = await readSeedDirectory(dir);
  const propertyTypes: Record<string, PropertyType> = { documents: 'string[]', yearFrom: 'number', yearTo: 'number' };
  for (const p of seed.vocabulary.properties) propertyTypes[p.key] = p.type;
  return { nodes: seed.graph.nodes, edges: withValidity(seed.graph.nodes, seed.graph.edges), documents: seed.documents, propertyTypes };
}

describe.each(engineFactories())('GraphStore bulk load on $name', (factory) => {
  let store: GraphStore;

  beforeAll(async () => {
    store = await factory.open();
    await store.init();
  });

  afterAll(async () => {
    await store.close();
  });

  test('when the seed is bulk-loaded, it reads back exactly as after an upsert of the same seed', async () => {
    const input = await seedInput(MINI_SEED_DIR);
    expect(await store.bulkLoad(input)).toEqual({ nodes: input.nodes.length, edges: input.edges.length, documents: input.documents.length });
    const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
    const loaded = await store.readAll();
    expect(await store.counts()).toEqual({ nodes: input.nodes.length, edges: input.edges.length });
    // MERGE of the same records must change nothing if bulkLoad stored them as upsert does.
    await store.upsert(input);
    const merged = await store.readAll();
    expect(byId(loaded.nodes)).toEqual(byId(merged.nodes));
    expect(byId(loaded.edges)).toEqual(byId(merged.edges));
    expect(await store.counts()).toEqual({ nodes: input.nodes.length, edges: input.edges.length });
    const paths = await findPaths(store, { from: 'alpha-city', to: 'beta-city', maxHops: 6, direction: 'any', limit: 10, metonyms: false });
    expect(paths.map((p) => p.nodes.map((n) => n.id).join('>'))).toEqual([
      'alpha-city>alpha>base-1>beta>beta-city',
      'alpha-city>alpha>gamma>beta>beta-city',
      'alpha-city>alpha>migrants>beta>beta-city',
    ]);
  });

  test('when a bulk load brings a node id the store already holds, it is refused as a bad request', async () => {
    const node: GraphNode = { id: 'alpha', kind: 'Country', name: 'Alpha again', aliases: [], properties: {} };
    await expect(store.bulkLoad({ nodes: [node], edges: [], documents: [], propertyTypes: {} })).rejects.toMatchObject({ code: 'invalid_request' });
    expect((await store.getNodes(['alpha']))[0]?.name).toBe('Alphaland');
  });

  test("a node's details read in one star equal those assembled from adjacency and look-ups by id, for every node", async () => {
    // Every engine reads node details in one star; the port's other primitives are the yardstick: without
    // getStar the domain assembles the answer itself.
    expect(typeof store.getStar).toBe('function');
    const assembled = new Proxy(store, {
      get: (target, property): unknown => {
        if (property === 'getStar') return undefined;
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const { nodes } = await store.readAll();
    expect(nodes.length).toBeGreaterThan(5);
    for (const n of nodes) expect(await getNodeDetails(store, n.id)).toEqual(await getNodeDetails(assembled, n.id));
    await expect(getNodeDetails(store, 'no-such-node')).rejects.toMatchObject({ code: 'not_found' });
  });

  test('a self-loop makes a node its own neighbour, with the relationship listed once', async () => {
    const mirror: GraphNode = { id: 'mirror', kind: 'Country', name: 'Mirrorland', aliases: [], properties: {} };
    const loop: GraphEdge = { id: 'mirror--lends-to--mirror', type: 'LENDS_TO', source: 'mirror', target: 'mirror', properties: {}, sources: [] };
    const back: GraphEdge = { id: 'alpha--lends-to--mirror', type: 'LENDS_TO', source: 'alpha', target: 'mirror', properties: {}, sources: [] };
    await store.upsert({ nodes: [mirror], edges: [loop, back], documents: [], propertyTypes: {} });
    const details = await getNodeDetails(store, 'mirror');
    expect(details.edges.map((e) => [e.id, e.source, e.target])).toEqual([
      ['alpha--lends-to--mirror', 'alpha', 'mirror'],
      ['mirror--lends-to--mirror', 'mirror', 'mirror'],
    ]);
    expect(details.neighbors.map((n) => n.id)).toEqual(['alpha', 'mirror']);
  });

  test('after a write, traversals see the new relationships (no stale adjacency)', async () => {
    // The embedded store answers adjacency from an in-memory snapshot once built: build it first.
    if (store instanceof KuzuGraphStore || store instanceof EngineProcessStore) await store.prepareAdjacencyIndex();
    expect((await getNodeDetails(store, 'lonely')).edges).toEqual([]);
    const edge: GraphEdge = {
      id: 'lonely--lends-to--alpha',
      type: 'LENDS_TO',
      source: 'lonely',
      target: 'alpha',
      properties: {},
      sources: [{ document: 'doc-a.txt', quote: 'Alpha City is the capital of Alphaland.' }],
    };
    await store.upsert({ nodes: [], edges: [edge], documents: [], propertyTypes: {} });
    expect((await getNodeDetails(store, 'lonely')).edges.map((e) => e.id)).toEqual(['lonely--lends-to--alpha']);
    const paths = await findPaths(store, { from: 'lonely', to: 'gamma', maxHops: 3, direction: 'any', limit: 10 });
    expect(paths.map((p) => p.nodes.map((n) => n.id).join('>'))).toEqual(['lonely>alpha>gamma']);
  });
});

/** Text that trips CSV and JSON encoders: quotes, commas, newlines, backslashes, list brackets, U+001F, non-ASCII. */
const AWKWARD = [
  'He said "no", then left,\nand wrote C:\\temp back',
  "[bracketed, 'list'] with {braces}",
  'tab\there and a \u001f unit separator',
  'Душанбе — 杜尚别 🇹🇯',
  ' padded ',
  'null',
];

function awkwardInput(): UpsertInput {
  const nodes: GraphNode[] = [
    { id: 'odd-1', kind: 'Oddity', name: AWKWARD[0] ?? '', aliases: AWKWARD, properties: { description: AWKWARD[1] ?? '', weight: 2.5 } },
    { id: 'odd-2', kind: 'Oddity', name: 'Plain', aliases: [], properties: { weight: 3 } },
  ];
  const edges: GraphEdge[] = [
    {
      id: 'odd-link-1',
      type: 'ODD_LINK',
      source: 'odd-1',
      target: 'odd-2',
      properties: { note: AWKWARD[2] ?? '', strength: 0.25 },
      sources: AWKWARD.map((quote, i) => ({ document: 'doc-a.txt', quote, ...(i % 2 === 1 ? { role: 'correction' as const } : {}) })),
    },
  ];
  return { nodes, edges, documents: [], propertyTypes: { description: 'string', weight: 'number', note: 'string', strength: 'number' } };
}

describe.each(engineFactories())('GraphStore bulk load of awkward text on $name', (factory) => {
  let store: GraphStore;

  beforeAll(async () => {
    store = await openSeeded(factory);
  });

  afterAll(async () => {
    await store.close();
  });

  test('when bulk-loaded text holds quotes, commas, newlines, brackets and non-ASCII, it reads back exactly, as an upsert stores it', async () => {
    const input = awkwardInput();
    await store.bulkLoad(input);
    const [odd] = await store.getNodes(['odd-1']);
    expect(odd?.name).toBe(AWKWARD[0]);
    expect(odd?.aliases).toEqual(AWKWARD);
    expect(odd?.properties).toEqual({ description: AWKWARD[1], weight: 2.5 });
    const [link] = await store.getEdges(['odd-link-1']);
    expect(link?.sources.map((s) => [s.quote, s.role])).toEqual(AWKWARD.map((q, i) => [q, i % 2 === 1 ? 'correction' : undefined]));
    expect(link?.properties).toMatchObject({ note: AWKWARD[2], strength: 0.25 });
    const pick = async () => {
      const all = await store.readAll();
      return { nodes: all.nodes.filter((n) => n.id.startsWith('odd-')), edges: all.edges.filter((e) => e.id.startsWith('odd-')) };
    };
    const loaded = await pick();
    await store.upsert(input);
    expect(await pick()).toEqual(loaded);
  });
});

describe('Embedded bulk load into empty tables', () => {
  test('when a bulk load into empty tables fails part way, none of it stays and the same load can run again', async () => {
    const store = await engineFactories()[0]!.open();
    await store.init();
    const input = awkwardInput();
    // A value the declared number column cannot hold fails the relationship COPY, after the nodes' COPY.
    const bad: UpsertInput = { ...input, edges: input.edges.map((e) => ({ ...e, properties: { ...e.properties, strength: 'strong' } })) };
    await expect(store.bulkLoad(bad)).rejects.toThrow();
    expect(await store.counts()).toEqual({ nodes: 0, edges: 0 });
    expect(await store.bulkLoad(input)).toEqual({ nodes: 2, edges: 1, documents: 0 });
    expect(await store.counts()).toEqual({ nodes: 2, edges: 1 });
    await store.close();
  });
});
