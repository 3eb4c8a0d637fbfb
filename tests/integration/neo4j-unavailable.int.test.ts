/**
 * Neo4j down: the app still starts and serves, health says degraded with 503, data routes answer 503 with a
 * clear message, nothing crashes, and once Neo4j is known to be down no request tries to reach it (the
 * background probe does, about once a second). Runs without any Neo4j: the URI points at a TCP proxy that
 * counts connection attempts and forwards them to a port on this machine where nothing listens.
 */
import net from 'node:net';
import { loadConfig } from '../../server/config';
import { startMultivector, type RunningApp } from '../../server/main';
import { EngineUnavailableError } from '../../server/domain/errors';
import { Neo4jGraphStore } from '../../server/stores/neo4j/neo4j-graph-store';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

let proxy: TcpProxy;
let app: RunningApp;
let uri: string;

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs `probe` until it returns true (at most `attempts` times, `pauseMs` apart). */
async function eventually(probe: () => Promise<boolean>, attempts = 100, pauseMs = 100): Promise<void> {
  for (let i = 0; i < attempts; i += 1) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, pauseMs));
  }
  throw new Error('the condition never held');
}

beforeAll(async () => {
  proxy = await startTcpProxy('127.0.0.1', await closedPort());
  uri = `bolt://127.0.0.1:${proxy.port}`;
  const config = loadConfig({ PORT: '0', NEO4J_URI: uri, NEO4J_PASSWORD: 'unused-password' });
  app = await startMultivector(config, { log: () => undefined });
});

afterAll(async () => {
  await app.close();
  await proxy.close();
});

test('health says degraded with 503 and names the engine once the first attempt to reach Neo4j failed', async () => {
  // Until that attempt has failed, the store is still being prepared: 503 starting, never 200.
  let body: { status: string; engine: string; message: string } | undefined;
  await eventually(async () => {
    const res = await fetch(`${app.url}/api/health`);
    expect(res.status).toBe(503);
    body = (await res.json()) as typeof body;
    return body?.status === 'degraded';
  });
  expect(body).toMatchObject({ status: 'degraded', engine: 'neo4j', nodes: null, edges: null });
  expect(body?.message).toMatch(/Neo4j at bolt:\/\/127\.0\.0\.1:\d+ is unreachable/);
});

test('data routes answer 503 with a message, and the server keeps serving', async () => {
  for (const path of ['/api/search?q=dushanbe', '/api/nodes/dushanbe', '/api/paths?from=a&to=b']) {
    const res = await fetch(app.url + path);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('engine_unavailable');
    expect(body.error.message).toMatch(/Neo4j at bolt:\/\/127\.0\.0\.1:\d+ is unreachable/);
  }
  const cypher = await fetch(`${app.url}/api/cypher`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'MATCH (n) RETURN n LIMIT 1' }),
  });
  expect(cypher.status).toBe(503);
  expect((await fetch(`${app.url}/api/openapi.json`)).status).toBe(200);
});

test('while Neo4j is known to be down, the store answers every call with engine_unavailable without opening a connection', async () => {
  const store = Neo4jGraphStore.create({ uri, user: 'neo4j', password: 'unused-password', database: 'neo4j' });
  try {
    // The first call finds out (one connection attempt, refused by the dead end behind the proxy)...
    await expect(store.counts()).rejects.toBeInstanceOf(EngineUnavailableError);
    const before = proxy.attempts;
    expect(before).toBeGreaterThan(0);
    // ...then calls of every kind fail without trying: without the health state each would open at least
    // one connection (the driver's retries, several). The background probe opens one about every second.
    const calls = 30;
    const failures = await Promise.all(
      Array.from({ length: calls }, (_, i) => {
        const call = [
          () => store.counts(),
          () => store.getNodes(['dushanbe']),
          () => store.getStar('dushanbe'),
          () => store.searchCandidates('dushan', 5),
          () => store.runReadQuery('RETURN 1 AS one', {}, { timeoutMs: 1_000, maxRows: 10 }),
          () => store.upsert({ nodes: [], edges: [], documents: [], propertyTypes: {} }),
          async () => {
            for await (const chunk of store.streamNodes('all', 10)) void chunk;
          },
        ][i % 7] as () => Promise<unknown>;
        return call().then(
          () => 'answered',
          (err: unknown) => (err instanceof EngineUnavailableError ? 'engine_unavailable' : String(err)),
        );
      }),
    );
    expect(new Set(failures)).toEqual(new Set(['engine_unavailable']));
    expect(proxy.attempts - before).toBeLessThan(calls / 3);
  } finally {
    await store.close();
  }
});
