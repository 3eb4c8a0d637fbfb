/**
 * Console parameters over HTTP, on the real server and embedded engine: an empty list arrives as [] (it
 * arrived as null), a list mixing whole numbers and decimals arrives whole (2.5 came back as
 * 4612811918334231000), and `IN` over an empty list answers false instead of reaching the engine as a null list.
 */
import { MINI_SEED_DIR, startTestServer, type TestServer } from '../support/test-server';
import { removeTempDirs } from '../support/temp-dirs';

let server: TestServer;

async function cypher(query: string, params: Record<string, unknown>): Promise<{ status: number; rows: unknown }> {
  const res = await fetch(`${server.baseUrl}/api/cypher`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, params }),
  });
  const body = (await res.json()) as { rows?: unknown };
  return { status: res.status, rows: body.rows };
}

beforeAll(async () => {
  server = await startTestServer({ seedDir: MINI_SEED_DIR });
});

afterAll(async () => {
  await server.close();
  removeTempDirs();
});

test('an empty-list parameter comes back as an empty list', async () => {
  expect(await cypher('RETURN $p AS p', { p: [] })).toEqual({ status: 200, rows: [[[]]] });
});

test('a parameter mixing whole numbers and decimals comes back as given', async () => {
  expect(await cypher('RETURN $p AS p', { p: [1, 2.5, -3] })).toEqual({ status: 200, rows: [[[1, 2.5, -3]]] });
});

test('a match filtered by IN over an empty-list parameter finds nothing, and the server answers the next query', async () => {
  expect(await cypher('MATCH (n:Country) WHERE n.id IN $ids RETURN n.id AS id', { ids: [] })).toEqual({ status: 200, rows: [] });
  expect(await cypher("MATCH (n:Country) WHERE n.id IN $ids RETURN n.id AS id", { ids: ['alpha'] })).toEqual({ status: 200, rows: [['alpha']] });
});
