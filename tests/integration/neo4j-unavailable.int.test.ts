/**
 * Neo4j down at start: the app still starts and serves, health says degraded with 503, data routes
 * answer 503 with a clear message, and nothing crashes. (Runs without any Neo4j: the URI points at a
 * port on this machine where nothing listens.)
 */
import net from 'node:net';
import { loadConfig } from '../../server/config';
import { startMultivector, type RunningApp } from '../../server/main';

let app: RunningApp;

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  const port = await closedPort();
  const config = loadConfig({ PORT: '0', NEO4J_URI: `bolt://127.0.0.1:${port}`, NEO4J_PASSWORD: 'unused-password' });
  app = await startMultivector(config, { log: () => undefined });
});

afterAll(async () => {
  await app.close();
});

test('health says degraded with 503 and names the engine', async () => {
  const res = await fetch(`${app.url}/api/health`);
  expect(res.status).toBe(503);
  const body = (await res.json()) as { status: string; engine: string; message: string };
  expect(body).toMatchObject({ status: 'degraded', engine: 'neo4j', nodes: null, edges: null });
  expect(body.message).toMatch(/unreachable/);
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
