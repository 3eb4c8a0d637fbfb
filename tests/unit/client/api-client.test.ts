/** The typed API client: how it builds requests and how it turns failures into errors worth showing. */
import { ApiRequestError, createApiClient, exportUrl, MAX_IDS_IN_URL } from '../../../client/src/api/api-client';

function fakeFetch(response: () => Response, seen: string[] = []): typeof fetch {
  return async (input) => {
    seen.push(String(input));
    return response();
  };
}

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('the export address of a node selection', () => {
  test('edgeIds travel with the ids; an empty list is sent as empty (no relationship), never left out (every one)', () => {
    expect(exportUrl('json', { kind: 'nodes', ids: ['a', 'b'], edgeIds: ['r1'] })).toBe('/api/export?format=json&ids=a%2Cb&edgeIds=r1');
    expect(exportUrl('json', { kind: 'nodes', ids: ['a', 'b'], edgeIds: [] })).toBe('/api/export?format=json&ids=a%2Cb&edgeIds=');
    expect(exportUrl('json', { kind: 'nodes', ids: ['a', 'b'] })).toBe('/api/export?format=json&ids=a%2Cb');
  });

  test('node and edge ids together beyond the URL budget go by POST', () => {
    const ids = Array.from({ length: MAX_IDS_IN_URL / 2 }, (_, i) => `n${i}`);
    const edgeIds = Array.from({ length: MAX_IDS_IN_URL / 2 + 1 }, (_, i) => `r${i}`);
    expect(exportUrl('csv', { kind: 'nodes', ids, edgeIds })).toBeNull();
  });
});

describe('the API client', () => {
  test('path queries are sent with every parameter encoded', async () => {
    const seen: string[] = [];
    const api = createApiClient('', fakeFetch(() => json(200, { paths: [] }), seen));
    await api.paths({ from: 'dushanbe', to: 'a&b', maxHops: 3, types: ['CAPITAL_OF', 'HOSTS_BASE'], limit: 25 });
    expect(seen).toEqual(['/api/paths?from=dushanbe&to=a%26b&maxHops=3&types=CAPITAL_OF%2CHOSTS_BASE&limit=25']);
  });

  test("a non-2xx answer in the API's error shape is thrown with the server's code and message", async () => {
    const api = createApiClient('', fakeFetch(() => json(404, { error: { code: 'not_found', message: 'No node "x".' } })));
    await expect(api.node('x')).rejects.toMatchObject({ name: 'ApiRequestError', code: 'not_found', message: 'No node "x".', status: 404 });
  });

  test('a non-2xx answer that is not JSON still fails with the status, not silently', async () => {
    const api = createApiClient('', fakeFetch(() => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })));
    await expect(api.health()).rejects.toMatchObject({ code: 'bad_response', status: 502 });
  });

  test('health answering 503 starting or degraded is a status to show, not a failure', async () => {
    const starting = { status: 'starting', engine: 'neo4j', nodes: null, edges: null, message: 'The graph store is being prepared.' };
    expect(await createApiClient('', fakeFetch(() => json(503, starting))).health()).toEqual(starting);
    const degraded = { status: 'degraded', engine: 'neo4j', nodes: null, edges: null, message: 'Neo4j at bolt://db:7687 is unreachable.' };
    expect(await createApiClient('', fakeFetch(() => json(503, degraded))).health()).toEqual(degraded);
  });

  test('health answering 503 with something else than a health body still fails with the status', async () => {
    const api = createApiClient('', fakeFetch(() => json(503, { error: { code: 'engine_unavailable', message: 'Down.' } })));
    await expect(api.health()).rejects.toMatchObject({ code: 'engine_unavailable', message: 'Down.', status: 503 });
  });

  test('a request that never reaches the server fails as a network error', async () => {
    const api = createApiClient('', async () => {
      throw new TypeError('fetch failed');
    });
    const failure = api.search('x', 5);
    await expect(failure).rejects.toBeInstanceOf(ApiRequestError);
    await expect(failure).rejects.toMatchObject({ code: 'network_error', status: 0 });
  });

  test.each([
    ['an AbortError', (signal: AbortSignal) => signal.reason as unknown],
    ['another error (the connection cut)', () => new TypeError('terminated')],
  ])('a request cancelled while its body arrives stays a cancellation (the body read fails with %s), not "not JSON"', async (_name, failure) => {
    const controller = new AbortController();
    const api = createApiClient('', async (_input, init) => {
      const signal = init?.signal as AbortSignal;
      const body = new ReadableStream<Uint8Array>({
        start(stream) {
          stream.enqueue(new TextEncoder().encode('{"paths": ['));
          signal.addEventListener('abort', () => stream.error(failure(signal)));
        },
      });
      return new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } });
    });
    const answer = api.paths({ from: 'dushanbe', to: 'moscow', maxHops: 3 }, controller.signal);
    setTimeout(() => controller.abort(), 10);
    await expect(answer).rejects.toMatchObject({ name: 'AbortError' });
  });

  test('a body that is not JSON, with no cancellation, is still reported as such', async () => {
    const api = createApiClient('', fakeFetch(() => new Response('{"paths": [', { status: 200 })));
    await expect(api.paths({ from: 'a', to: 'b', maxHops: 2 })).rejects.toMatchObject({ code: 'bad_response' });
  });
});
