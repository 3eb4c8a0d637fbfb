/**
 * GET /api/overview over real HTTP against the real embedded engine seeded with graph-seed/: the start view of a
 * graph too large to draw whole holds the best-connected nodes, by the relationships the seed gives them, and
 * exactly the relationships among them; a bad hub count is a 400 naming it.
 */
import { readSeedDirectory } from '../../server/seed/seed-loader';
import type { Graph } from '../../server/domain/graph-model';
import { removeTempDirs } from '../support/temp-dirs';
import { startTestServer, type TestServer } from '../support/test-server';
import { SEED_DIR } from '../../server/project-paths';

let server: TestServer;
let seed: Graph;

beforeAll(async () => {
  server = await startTestServer();
  seed = (await readSeedDirectory(SEED_DIR)).graph;
}, 60_000);

afterAll(async () => {
  await server.close();
  removeTempDirs();
});

test('the overview holds the most connected nodes and exactly the relationships among them', async () => {
  const res = await fetch(`${server.baseUrl}/api/overview?hubs=12`);
  expect(res.status).toBe(200);
  const overview = (await res.json()) as Graph;
  expect(overview.nodes).toHaveLength(12);
  const degree = new Map<string, number>();
  for (const e of seed.edges) {
    degree.set(e.source, (degree.get(e.source) ?? 0) + 1);
    degree.set(e.target, (degree.get(e.target) ?? 0) + 1);
  }
  const ranked = [...degree.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  expect(overview.nodes.map((n) => n.id)).toEqual(ranked.slice(0, 12).map(([id]) => id));
  const ids = new Set(overview.nodes.map((n) => n.id));
  const among = seed.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  expect(overview.edges.map((e) => e.id).sort()).toEqual(among.map((e) => e.id).sort());
  // Edges come with their evidence, as everywhere else.
  expect(overview.edges.every((e) => e.sources.length > 0)).toBe(true);
});

test('a hub count out of range or not a number is a 400 naming hubs', async () => {
  for (const bad of ['0', '201', 'many']) {
    const res = await fetch(`${server.baseUrl}/api/overview?hubs=${bad}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toContain('hubs');
  }
});
