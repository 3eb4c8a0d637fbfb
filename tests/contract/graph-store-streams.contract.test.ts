/**
 * The port's streaming reads (used by exports), against every available engine: chunks are bounded, the
 * stream holds exactly the selection, and a consumer that stops early gives the engine's connection back.
 */
import { engineFactories, openSeeded } from '../support/engines';
import { removeTempDirs } from '../support/temp-dirs';
import type { GraphStore } from '../../server/domain/ports/graph-store';

afterAll(removeTempDirs);

const byId = <T extends { id: string }>(xs: T[]): T[] => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

async function collect<T>(chunks: AsyncIterable<T[]>, max: number): Promise<T[]> {
  const all: T[] = [];
  for await (const chunk of chunks) {
    expect(chunk.length).toBeGreaterThan(0);
    expect(chunk.length).toBeLessThanOrEqual(max);
    all.push(...chunk);
  }
  return all;
}

describe.each(engineFactories())('GraphStore streams on $name', (factory) => {
  let store: GraphStore;

  beforeAll(async () => {
    store = await openSeeded(factory);
  });

  afterAll(async () => {
    await store.close();
  });

  test('streaming everything in chunks of 3 gives the same nodes and edges (with sources) as reading the whole graph', async () => {
    const whole = await store.readAll();
    expect(byId(await collect(store.streamNodes('all', 3), 3))).toEqual(byId(whole.nodes));
    expect(byId(await collect(store.streamEdges('all', 3), 3))).toEqual(byId(whole.edges));
  });

  test('what the streams read (and readAll gathers) equals each node and edge looked up by id, sources included', async () => {
    // getNodes / getEdges read whole engine values by id: another path than the streams' table scans.
    const whole = await store.readAll();
    const counts = await store.counts();
    expect(whole.nodes).toHaveLength(counts.nodes);
    expect(whole.edges).toHaveLength(counts.edges);
    expect(byId(await store.getNodes(whole.nodes.map((n) => n.id)))).toEqual(byId(whole.nodes));
    expect(byId(await store.getEdges(whole.edges.map((e) => e.id)))).toEqual(byId(whole.edges));
    expect(whole.edges.some((e) => e.sources.some((s) => s.title !== undefined))).toBe(true);
  });

  test('streaming some ids gives those nodes that exist and only the edges with both ends among them', async () => {
    const ids = ['alpha', 'beta', 'base-1', 'nobody'];
    const nodes = await collect(store.streamNodes(ids, 2), 2);
    expect(nodes.map((n) => n.id).sort()).toEqual(['alpha', 'base-1', 'beta']);
    const edges = await collect(store.streamEdges(ids, 2), 2);
    const expected = (await store.readAll()).edges.filter((e) => ids.includes(e.source) && ids.includes(e.target));
    expect(expected.length).toBeGreaterThan(0);
    expect(byId(edges)).toEqual(byId(expected));
  });

  test('an empty id list streams nothing', async () => {
    expect(await collect(store.streamNodes([], 5), 5)).toEqual([]);
    expect(await collect(store.streamEdges([], 5), 5)).toEqual([]);
  });

  test('when a consumer stops after the first chunk, again and again, the store still answers (nothing is left held)', async () => {
    for (let i = 0; i < 12; i += 1) {
      for await (const chunk of store.streamEdges('all', 1)) {
        expect(chunk).toHaveLength(1);
        break;
      }
      for await (const chunk of store.streamNodes('all', 1)) {
        expect(chunk).toHaveLength(1);
        break;
      }
    }
    expect(await store.counts()).toEqual({ nodes: 8, edges: 9 });
  });
});
