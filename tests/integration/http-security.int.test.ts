/**
 * The HTTP walls, over the real server: security headers and the page's Content-Security-Policy, CORS
 * closed by default and open only to configured origins, rate limits with 429 and RateLimit headers,
 * write routes off without ADMIN_TOKEN and behind it with one, reads behind READ_TOKEN when it is set.
 */
import { MINI_SEED_DIR, startTestServer, type TestServer } from '../support/test-server';
import { removeTempDirs } from '../support/temp-dirs';

const ADMIN = 'admin-token-0123456789abcdefghij';
const READER = 'read-token-0123456789abcdefghijk';

const servers: TestServer[] = [];

async function start(env: Record<string, string> = {}): Promise<TestServer> {
  const s = await startTestServer({ seedDir: MINI_SEED_DIR, env });
  servers.push(s);
  return s;
}

afterAll(async () => {
  for (const s of servers.splice(0)) await s.close();
  removeTempDirs();
});

function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('with the default configuration', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await start({ RATE_LIMIT_CYPHER: '3', RATE_LIMIT_EXPORT: '2', RATE_LIMIT_WINDOW_MS: '60000' });
  });

  test('every answer carries a Content-Security-Policy that allows only the page’s own script (never inline), its styles and blob: images', async () => {
    const res = await fetch(`${s.baseUrl}/api/health`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    const directive = (name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(directive('script-src-attr')).toBe("script-src-attr 'none'");
    expect(csp).not.toMatch(/unsafe-eval/);
    // Styles may be inline (CodeMirror writes generated <style> elements); scripts may not.
    expect(directive('style-src')).toBe("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("img-src 'self' data: blob:");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  test('the health answer (served ahead of the routers), other API answers, 404s and the page carry the same security headers', async () => {
    const SECURITY = [
      'content-security-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'origin-agent-cluster',
      'referrer-policy', 'x-content-type-options', 'x-dns-prefetch-control', 'x-download-options', 'x-frame-options',
      'x-permitted-cross-domain-policies', 'x-xss-protection', 'strict-transport-security', 'x-powered-by',
    ];
    const headersOf = async (path: string): Promise<Record<string, string | null>> => {
      const res = await fetch(`${s.baseUrl}${path}`);
      await res.arrayBuffer();
      return Object.fromEntries(SECURITY.map((h) => [h, res.headers.get(h)]));
    };
    const health = await headersOf('/api/health');
    expect(health['x-frame-options']).toBe('SAMEORIGIN');
    expect(health['cross-origin-resource-policy']).toBe('same-origin');
    expect(health['strict-transport-security']).toBeNull();
    expect(await headersOf('/api/vocabulary')).toEqual(health);
    expect(await headersOf('/api/no-such-route')).toEqual(health);
    expect(await headersOf('/no-such-page')).toEqual(health);
  });

  test('CORS stays closed: no Access-Control-Allow-Origin for a foreign origin, preflight included', async () => {
    const res = await fetch(`${s.baseUrl}/api/health`, { headers: { origin: 'https://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${s.baseUrl}/api/cypher`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('the console answers 429 with RateLimit headers once a client has used its quota', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i += 1) {
      last = await postJson(`${s.baseUrl}/api/cypher`, { query: 'RETURN 1 AS one' });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const res = last as Response;
    expect(res.headers.get('ratelimit-policy')).toMatch(/q=3; w=60/);
    expect(res.headers.get('ratelimit')).toMatch(/r=0/);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({ error: { code: 'rate_limited' } });
    // Other routes keep answering.
    expect((await fetch(`${s.baseUrl}/api/search?q=alpha`)).status).toBe(200);
  });

  test('the export has its own, smaller quota', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await fetch(`${s.baseUrl}/api/export?format=json`)).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  test('write routes are off without ADMIN_TOKEN, whatever the header says', async () => {
    const res = await postJson(`${s.baseUrl}/api/admin/seed`, {}, { authorization: `Bearer ${ADMIN}` });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'forbidden', message: expect.stringContaining('ADMIN_TOKEN') } });
  });

  test('an unknown route answers 404 JSON and a body over the limit 413 JSON', async () => {
    const missing = await fetch(`${s.baseUrl}/api/no-such-thing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
    const big = await postJson(`${s.baseUrl}/api/search`, { q: 'x'.repeat(300_000) });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: { code: 'too_large' } });
  });
});

describe('with tokens and origins configured', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await start({ ADMIN_TOKEN: ADMIN, READ_TOKEN: READER, CORS_ORIGINS: 'https://explorer.example, http://localhost:5173' });
  });

  test('reads need the read or the admin token; health and the API description stay open', async () => {
    const none = await fetch(`${s.baseUrl}/api/search?q=alpha`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await fetch(`${s.baseUrl}/api/search?q=alpha`, { headers: { authorization: 'Bearer wrong-token-0123456789abcdef' } })).status).toBe(401);
    expect((await fetch(`${s.baseUrl}/api/search?q=alpha`, { headers: { authorization: `Bearer ${READER}` } })).status).toBe(200);
    expect((await fetch(`${s.baseUrl}/api/search?q=alpha`, { headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(200);
    expect((await postJson(`${s.baseUrl}/api/cypher`, { query: 'RETURN 1 AS one' })).status).toBe(401);
    expect((await fetch(`${s.baseUrl}/api/health`)).status).toBe(200);
    expect((await fetch(`${s.baseUrl}/api/openapi.json`)).status).toBe(200);
  });

  test('writes need the admin token: the read token and a wrong one get 401, the admin token seeds', async () => {
    expect((await postJson(`${s.baseUrl}/api/admin/seed`, {})).status).toBe(401);
    expect((await postJson(`${s.baseUrl}/api/admin/seed`, {}, { authorization: `Bearer ${READER}` })).status).toBe(401);
    expect((await postJson(`${s.baseUrl}/api/admin/seed`, {}, { authorization: `Basic ${ADMIN}` })).status).toBe(401);
    const ok = await postJson(`${s.baseUrl}/api/admin/seed`, {}, { authorization: `Bearer ${ADMIN}` });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ seeded: { nodes: expect.any(Number), edges: expect.any(Number) } });
    // Seeding MERGEs by id: loading the server's seed again leaves the same graph.
    expect(await (await fetch(`${s.baseUrl}/api/health`)).json()).toMatchObject({ nodes: 8, edges: 9 });
  });

  test('a configured origin gets CORS headers; another origin does not', async () => {
    const allowed = await fetch(`${s.baseUrl}/api/health`, { headers: { origin: 'https://explorer.example' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://explorer.example');
    const preflight = await fetch(`${s.baseUrl}/api/cypher`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const other = await fetch(`${s.baseUrl}/api/health`, { headers: { origin: 'https://explorer.example.evil' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
