/**
 * A neighbourhood answer as assembled now (the walk's relationships kept instead of read again, the records in
 * one readSubgraph by kind pairs where the store has it, through the record cache and the graph index as the
 * server stacks them) equals the answer of the previous assembly (every included node's relationships read
 * again at the end, then getNodes and getEdges), on the seed graph and on a synthetic graph, for every
 * direction, filters, years and caps that cut a level short.
 */
import { engineFactories } from '../support/engines';
import { removeTempDirs } from '../support/temp-dirs';
import { getNeighborhood, type NeighborhoodQuery } from '../../server/domain/traversal';
import { NotFoundError } from '../../server/domain/errors';
import { DEFAULT_EVIDENCE_HORIZON_YEARS, holdsIn, validitiesOf } from '../../server/domain/validity';
import type { Direction, Graph, GraphEdge, GraphNode } from '../../server/domain/graph-model';
import type { AdjacencyFilter, GraphStore, UpsertInput } from '../../server/domain/ports/graph-store';
import type { PropertyType } from '../../server/domain/seed-schema';
import { seedStore } from '../../server/domain/seed-graph';
import { readVocabulary } from '../../server/seed/seed-loader';
import { SEED_DIR } from '../../server/project-paths';
import { withGraphIndex } from '../../server/stores/graph-index/indexed-graph-store';
import { withRecordCache } from '../../server/stores/record-cache/cached-records-store';
import { createRandom, generateSyntheticGraph } from '../../bench/synthetic-graph';

afterAll(removeTempDirs);

const sortById = <T extends { id: string }>(xs: T[]): T[] => xs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** The previous assembly, as main had it before this change: the yardstick. */
async function previousNeighborhood(store: GraphStore, q: NeighborhoodQuery): Promise<Graph & { truncated: boolean }> {
  const filter: AdjacencyFilter = { types: q.types, year: q.year };
  const included = new Set<string>([q.id]);
  let frontier = [q.id];
  let truncated = false;
  for (let level = 0; level < q.depth && frontier.length > 0 && !truncated; level += 1) {
    const refs = await store.adjacency(frontier, q.direction ?? 'any', filter);
    const next: string[] = [];
    const candidates = [...new Set(refs.flatMap((r) => [r.source, r.target]))].sort();
    for (const n of candidates) {
      if (included.has(n)) continue;
      if (included.size >= q.limit) {
        truncated = true;
        break;
      }
      included.add(n);
      next.push(n);
    }
    frontier = next;
  }
  const ids = [...included];
  const refs = await store.adjacency(ids, 'out', filter);
  const edgeIds = refs.filter((r) => included.has(r.source) && included.has(r.target)).map((r) => r.id);
  const [nodes, fetched] = await Promise.all([store.getNodes(ids), store.getEdges(edgeIds)]);
  if (!nodes.some((n) => n.id === q.id)) throw new NotFoundError(`No node with id "${q.id}".`);
  if (q.year === undefined) return { nodes: sortById(nodes), edges: sortById(fetched), truncated };
  const year = q.year;
  const validity = validitiesOf(fetched, new Map(nodes.map((n) => [n.id, n])), { horizon: q.horizon ?? DEFAULT_EVIDENCE_HORIZON_YEARS });
  const edges = fetched.filter((e) => holdsIn(validity.get(e.id)!, year));
  const touched = new Set<string>([q.id, ...edges.flatMap((e) => [e.source, e.target])]);
  return { nodes: sortById(nodes.filter((n) => touched.has(n.id))), edges: sortById(edges), truncated };
}

const DIRECTIONS: Direction[] = ['any', 'out', 'in'];

/** The server's stack over `engine`: records kept, traversals on the graph index (see server/main.ts). */
async function serverStack(engine: GraphStore): Promise<GraphStore> {
  // The engine's own index places relationships in their tables: without it every read falls back to getEdges.
  await (engine as GraphStore & { prepareAdjacencyIndex?(): Promise<void> }).prepareAdjacencyIndex?.();
  const indexed = withGraphIndex(withRecordCache(engine, { maxRecords: 100_000, maxAgeMs: 0 }), { enabled: true, maxAgeMs: 0 });
  await indexed.ready();
  return indexed.store;
}

async function expectSameAnswers(stack: GraphStore, engine: GraphStore, queries: NeighborhoodQuery[]): Promise<number> {
  let elements = 0;
  for (const q of queries) {
    const before = await previousNeighborhood(engine, q);
    const now = await getNeighborhood(stack, q);
    expect({ q, now }).toEqual({ q, now: before });
    // Asked again: now partly or wholly from kept records.
    expect(await getNeighborhood(stack, q)).toEqual(before);
    elements += before.nodes.length + before.edges.length;
  }
  return elements;
}

describe.each(engineFactories())('neighbourhood assembly on $name', (factory) => {
  test('on the seed graph, every node at depth 2, and a spread of depths, directions, filters, years and caps, answer as before', async () => {
    const engine = await factory.open();
    try {
      await engine.init();
      await seedStore(engine, SEED_DIR);
      const stack = await serverStack(engine);
      if (factory.name !== 'neo4j') expect(typeof stack.readSubgraph).toBe('function');
      const { nodes } = await engine.readAll();
      expect(nodes.length).toBeGreaterThan(100);
      const queries: NeighborhoodQuery[] = nodes.map((n) => ({ id: n.id, depth: 2, limit: 2000 }));
      const filters: Array<Pick<NeighborhoodQuery, 'types' | 'year'>> = [{}, { types: ['HOSTS_BASE', 'BORDERS', 'CAPITAL_OF'] }, { year: 2015 }, { types: ['FUNDS', 'NO_SUCH'], year: 2010 }];
      // The cases in turn over a spread of nodes: each direction, filter, depth and cap (some cut a level short).
      const shapes = [[1, 3], [2, 12], [3, 40], [3, 2000]] as const;
      for (const [i, n] of nodes.filter((_, j) => j % 4 === 0).entries()) {
        const [depth, limit] = shapes[i % shapes.length]!;
        queries.push({ id: n.id, depth, limit, direction: DIRECTIONS[i % 3]!, ...filters[Math.floor(i / 3) % filters.length]! });
      }
      queries.push({ id: 'no-such-node', depth: 2, limit: 200 });
      const unknown = queries.pop()!;
      await expect(getNeighborhood(stack, unknown)).rejects.toMatchObject({ code: 'not_found' });
      expect(await expectSameAnswers(stack, engine, queries)).toBeGreaterThan(1000);
    } finally {
      await engine.close();
    }
  }, 300_000);

  test('on a synthetic graph with hubs and parallel relationships, depth 1 and 2 around random nodes answer as before', async () => {
    const engine = await factory.open();
    try {
      await engine.init();
      const vocabulary = await readVocabulary(SEED_DIR);
      const graph = generateSyntheticGraph(vocabulary, { nodes: 1000, edges: 8_000, seed: 11 });
      const propertyTypes: Record<string, PropertyType> = { documents: 'string[]', yearFrom: 'number', yearTo: 'number' };
      for (const p of vocabulary.properties) propertyTypes[p.key] = p.type;
      const input: UpsertInput = { nodes: graph.nodes, edges: graph.edges, documents: graph.documents, propertyTypes };
      await engine.bulkLoad(input);
      const stack = await serverStack(engine);
      const random = createRandom(5);
      const pick = (): GraphNode => graph.nodes[Math.floor(random() * graph.nodes.length)]!;
      const types = [...new Set(graph.edges.slice(0, 50).map((e: GraphEdge) => e.type))].slice(0, 3);
      const queries: NeighborhoodQuery[] = [];
      for (let i = 0; i < 4; i += 1) {
        queries.push({ id: pick().id, depth: 2, limit: 2000 }, { id: pick().id, depth: 1, limit: 200 }, { id: pick().id, depth: 2, limit: 200 });
        queries.push({ id: pick().id, depth: 2, limit: 300, direction: DIRECTIONS[i % 3]!, types }, { id: pick().id, depth: 2, limit: 500, year: 2012 });
      }
      expect(await expectSameAnswers(stack, engine, queries)).toBeGreaterThan(1000);
    } finally {
      await engine.close();
    }
  }, 300_000);
});
