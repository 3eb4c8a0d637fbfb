/**
 * /api/health while the store is being prepared (schema, first-start seed): 503 `starting` and the data
 * routes 503 with a Retry-After, `degraded` while the engine cannot be reached, `ok` with the counts once
 * prepared. The app is built over a real embedded store whose preparation the test steps through, as
 * main.ts does on a Neo4j that is still seeding.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/http/create-app';
import { HealthSchema } from '../../server/domain/graph-model';
import { EngineUnavailableError } from '../../server/domain/errors';
import { StoreReadiness } from '../../server/domain/store-readiness';
import { seedStore } from '../../server/domain/seed-graph';
import { readVocabulary } from '../../server/seed/seed-loader';
import { KuzuGraphStore } from '../../server/stores/kuzu/kuzu-graph-store';
import type { GraphStore } from '../../server/domain/ports/graph-store';
import { makeTempDir, removeTempDirs } from '../support/temp-dirs';
import { MINI_SEED_DIR } from '../support/test-server';

let store: GraphStore;
let server: Server;
let url: string;
const readiness = new StoreReadiness();

beforeAll(async () => {
  store = await KuzuGraphStore.open({ dataDir: makeTempDir() });
  await store.init();
  const app = createApp({
    store,
    console: { timeoutMs: 5_000, maxRows: 100, maxGraphNodes: 100 },
    vocabulary: await readVocabulary(MINI_SEED_DIR),
    clientDir: makeTempDir(),
    readiness,
    log: () => undefined,
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await store.close();
  removeTempDirs();
});

async function health(): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${url}/api/health`);
  const body: unknown = await res.json();
  // Every answer, whatever its state, is a valid Health on the wire.
  expect(HealthSchema.safeParse(body).success).toBe(true);
  return { status: res.status, body };
}

test('while the store is being prepared, health answers 503 starting without counts, and data routes 503 with Retry-After', async () => {
  // Part of the seed is in, as it would be while a first start seeds: health must not report it as the graph
  // (the embedded engine's storage generation, 1 after that first write, is shown whatever the status).
  await seedStore(store, MINI_SEED_DIR);
  expect(await health()).toEqual({
    status: 503,
    body: { status: 'starting', engine: 'embedded', nodes: null, edges: null, message: expect.stringMatching(/being prepared/), storage: { generation: 1 } },
  });
  for (const path of ['/api/search?q=alpha', '/api/nodes/alpha', '/api/export?format=json']) {
    const res = await fetch(url + path);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.json()).toMatchObject({ error: { code: 'engine_unavailable', message: expect.stringMatching(/being prepared/) } });
  }
  const cypher = await fetch(`${url}/api/cypher`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'RETURN 1 AS one' }) });
  expect(cypher.status).toBe(503);
  expect((await fetch(`${url}/api/openapi.json`)).status).toBe(200);
});

test('when an attempt to prepare the store cannot reach the engine, health says degraded with the reason, then starting on the next attempt', async () => {
  readiness.markFailed(new EngineUnavailableError('Neo4j at bolt://db:7687 is unreachable (connection refused).').message);
  expect(await health()).toEqual({
    status: 503,
    body: { status: 'degraded', engine: 'embedded', nodes: null, edges: null, message: 'Neo4j at bolt://db:7687 is unreachable (connection refused).', storage: { generation: 1 } },
  });
  const search = await fetch(`${url}/api/search?q=alpha`);
  expect(await search.json()).toMatchObject({ error: { code: 'engine_unavailable', message: expect.stringMatching(/unreachable/) } });
  readiness.markAttempt();
  expect(await health()).toMatchObject({ status: 503, body: { status: 'starting' } });
});

test('once the store is prepared, health answers ok with the counts and the data routes serve', async () => {
  readiness.markReady();
  expect(await health()).toEqual({ status: 200, body: { status: 'ok', engine: 'embedded', nodes: 8, edges: 9, storage: { generation: 1 } } });
  const search = await fetch(`${url}/api/search?q=alpha`);
  expect(search.status).toBe(200);
  // Ready is final: a later failure is the engine's to report (degraded), not "starting" again.
  readiness.markAttempt();
  expect((await health()).body).toMatchObject({ status: 'ok' });
});

test('the OpenAPI document lists starting among the health statuses', async () => {
  const doc = (await (await fetch(`${url}/api/openapi.json`)).json()) as { components: { schemas: { Health: { properties: { status: { enum: string[] } } } } } };
  expect(doc.components.schemas.Health.properties.status.enum).toEqual(['ok', 'starting', 'degraded']);
});
