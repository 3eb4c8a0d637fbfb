/**
 * The project seed (graph-seed/) through the API on the embedded engine: the four powers are reachable
 * from Dushanbe within three hops, every edge on the way carries evidence, and loading is idempotent.
 */
import { startTestServer, type TestServer } from '../support/test-server';
import { removeTempDirs } from '../support/temp-dirs';
import { seedIfEmpty, seedStore } from '../../server/domain/seed-graph';
import { KuzuGraphStore } from '../../server/stores/kuzu/kuzu-graph-store';
import { makeTempDir } from '../support/temp-dirs';
import { MINI_SEED_DIR } from '../support/test-server';
import { readSeedDirectory } from '../../server/seed/seed-loader';

interface WireEdge { id: string; type: string; source: string; target: string; sources: Array<{ document: string; quote: string; publisher?: string; published?: string }> }
interface WirePath { nodes: Array<{ id: string }>; edges: WireEdge[] }

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.close();
  removeTempDirs();
});

test.each(['moscow', 'washington', 'brussels', 'beijing'])('Dushanbe reaches %s within 3 hops, with evidence on every edge', async (power) => {
  const res = await fetch(`${server.baseUrl}/api/paths?from=dushanbe&to=${power}&maxHops=3`);
  expect(res.status).toBe(200);
  const { paths } = (await res.json()) as { paths: WirePath[] };
  expect(paths.length).toBeGreaterThan(0);
  for (const p of paths) {
    expect(p.edges.length).toBeLessThanOrEqual(3);
    for (const e of p.edges) {
      expect(e.sources.length).toBeGreaterThan(0);
      for (const s of e.sources) {
        expect(s.quote.trim().length).toBeGreaterThan(10);
        expect(s.publisher).toBeTruthy();
        expect(s.published).toMatch(/^\d{4}/);
      }
    }
  }
});

test('the four powers are found by both the capital and the country name', async () => {
  const pairs: Array<[string, string]> = [['Moscow', 'Russia'], ['Washington', 'United States'], ['Brussels', 'European Union'], ['Beijing', 'China']];
  for (const [capital, country] of pairs) {
    for (const q of [capital, country]) {
      const { nodes } = (await (await fetch(`${server.baseUrl}/api/search?q=${encodeURIComponent(q)}`)).json()) as { nodes: Array<{ id: string; name: string }> };
      expect(nodes.length).toBeGreaterThan(0);
      const names = nodes.slice(0, 3).map((n) => n.name.toLowerCase());
      expect(names.some((n) => n.includes(capital.toLowerCase()) || n.includes(country.toLowerCase()))).toBe(true);
    }
  }
});

test('every edge in the store has at least one source with a quote', async () => {
  const { edges } = (await (await fetch(`${server.baseUrl}/api/export?format=json`)).json()) as { edges: WireEdge[] };
  expect(edges.length).toBeGreaterThan(0);
  expect(edges.filter((e) => e.sources.length === 0 || e.sources.some((s) => !s.quote))).toEqual([]);
});

test('loading the seed again leaves the same counts', async () => {
  const before = (await (await fetch(`${server.baseUrl}/api/health`)).json()) as { storage: { generation: number } };
  await seedStore(server.app.store);
  const after = await (await fetch(`${server.baseUrl}/api/health`)).json();
  // The same content; the write itself made the next storage generation.
  expect(after).toEqual({ ...before, storage: { generation: before.storage.generation + 1 } });
  const seed = await readSeedDirectory();
  expect(after).toMatchObject({ nodes: seed.graph.nodes.length, edges: seed.graph.edges.length });
});

test('seeding an empty store runs its meanwhile once, during the write, and a seeded store neither seeds nor runs it', async () => {
  const store = await KuzuGraphStore.open({ dataDir: makeTempDir(), bufferPoolBytes: 128 * 1024 * 1024 });
  try {
    await store.init();
    let runs = 0;
    let writeDone = false;
    let doneWhenRun: boolean | undefined;
    const seeding = seedIfEmpty(store, MINI_SEED_DIR, {
      meanwhile: () => {
        runs += 1;
        doneWhenRun = writeDone;
      },
    }).then((summary) => {
      writeDone = true;
      return summary;
    });
    const summary = await seeding;
    expect(summary?.nodes).toBeGreaterThan(0);
    expect(runs).toBe(1);
    expect(doneWhenRun).toBe(false);
    expect((await store.counts()).nodes).toBe(summary?.nodes);

    const again = await seedIfEmpty(store, MINI_SEED_DIR, { meanwhile: () => (runs += 1) });
    expect(again).toBeNull();
    expect(runs).toBe(1);
  } finally {
    await store.close();
  }
});
