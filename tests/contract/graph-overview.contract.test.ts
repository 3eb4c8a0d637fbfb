/**
 * The start view's overview (server/domain/graph-overview.ts) answers the same on every engine: its degree count
 * is Cypher both engines must parse, so it is checked on the embedded engine, behind the engine process, and on
 * Neo4j when NEO4J_URI is set. The expected hubs are counted here from the mini seed.
 */
import { engineFactories, openSeeded } from '../support/engines';
import { removeTempDirs } from '../support/temp-dirs';
import { MINI_SEED_DIR } from '../support/test-server';
import { readSeedDirectory } from '../../server/seed/seed-loader';
import { GraphOverview } from '../../server/domain/graph-overview';
import type { GraphStore } from '../../server/domain/ports/graph-store';

afterAll(removeTempDirs);

describe.each(engineFactories())('overview on $name', (factory) => {
  let store: GraphStore;

  beforeAll(async () => {
    store = await openSeeded(factory);
  });

  afterAll(async () => {
    await store.close();
  });

  test('the best-connected nodes, ties broken by id, and exactly the relationships among them', async () => {
    const seed = (await readSeedDirectory(MINI_SEED_DIR)).graph;
    const degree = new Map<string, number>();
    for (const e of seed.edges) {
      degree.set(e.source, (degree.get(e.source) ?? 0) + 1);
      degree.set(e.target, (degree.get(e.target) ?? 0) + 1);
    }
    const hubs = Math.min(4, degree.size);
    const expected = [...degree.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, hubs).map(([id]) => id);
    const overview = await new GraphOverview({ store, writes: { version: () => 0, writesInFlight: () => 0 }, timeoutMs: 5_000 }).read(hubs);
    expect(overview.nodes.map((n) => n.id)).toEqual(expected);
    const ids = new Set(expected);
    expect(overview.edges.map((e) => e.id).sort()).toEqual(seed.edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => e.id).sort());
  });
});
