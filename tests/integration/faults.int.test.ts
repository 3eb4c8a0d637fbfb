/**
 * Faults survived. Embedded (always): SIGTERM to the real server process drains the requests in flight,
 * closes the engine and exits 0, and a restart finds every commit; a client that aborts console queries
 * does not leave the connection pool exhausted. Neo4j (when NEO4J_URI is set): a TCP proxy between the
 * app and Neo4j plays Neo4j down at start (health stays 503 until the first-start seed has committed),
 * killed mid-traffic (requests fail without trying to connect once it is known to be down) and back
 * again; an aborted console query leaves no transaction running on the server. The Neo4j suite leases
 * the test database and gives it back as it found it (tests/support/neo4j-test-database.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { loadConfig } from '../../server/config';
import { startMultivector, type RunningApp } from '../../server/main';
import { PROJECT_ROOT } from '../../server/project-paths';
import { makeTempDir, removeTempDirs } from '../support/temp-dirs';
import { MINI_SEED_DIR, startTestServer } from '../support/test-server';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { watchNeo4jTransactions } from '../support/neo4j-transactions';
import { LEASE_WAIT_MS, leaseNeo4jDatabase, neo4jTestSettings, type Neo4jLease } from '../support/neo4j-test-database';
import { readSeedDirectory } from '../../server/seed/seed-loader';

const ADMIN = 'fault-test-admin-token-0123456789';
let bundleDir: string;
let mainJs: string;

beforeAll(async () => {
  // The real entry point, bundled as `npm start` would run it (packages stay in node_modules).
  // Under dist/ (git- and lint-ignored); the bundle finds the project root by walking up to package.json.
  mkdirSync(path.join(PROJECT_ROOT, 'dist'), { recursive: true });
  bundleDir = mkdtempSync(path.join(PROJECT_ROOT, 'dist', 'fault-test-'));
  mainJs = path.join(bundleDir, 'main.js');
  await build({ entryPoints: [path.join(PROJECT_ROOT, 'server', 'main.ts')], outfile: mainJs, bundle: true, platform: 'node', target: 'node20', packages: 'external', logLevel: 'error' });
  // The engine process's entry, next to the bundle where the server looks for it first (host-launch.ts).
  const host = path.join(PROJECT_ROOT, 'server', 'stores', 'kuzu', 'engine-process', 'engine-host.ts');
  await build({ entryPoints: [host], outfile: path.join(bundleDir, 'engine-host.js'), bundle: true, platform: 'node', target: 'node20', packages: 'external', logLevel: 'error' });
});

afterAll(() => {
  rmSync(bundleDir, { recursive: true, force: true });
  removeTempDirs();
});

interface Child {
  process: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

async function startChild(env: Record<string, string>): Promise<Child> {
  const child = spawn(process.execPath, [mainJs], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (): void => {
      const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) resolve(m[1] as string);
    };
    child.stdout?.on('data', onData);
    void exited.then((code) => reject(new Error(`the server exited with ${code} before listening:\n${output}`)));
  });
  return { process: child, url, output: () => output, exited };
}

/** Runs `probe` until it returns true (at most `attempts` times, `pauseMs` apart). */
async function eventually(probe: () => Promise<boolean>, attempts = 100, pauseMs = 200): Promise<void> {
  for (let i = 0; i < attempts; i += 1) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, pauseMs));
  }
  throw new Error('the condition never held');
}

/**
 * A console query that reads no data, so it is slow on an empty graph as on a large one, on either engine:
 * 10^10 rows from a list literal (no range(), whose size the guard limits), each kept by ORDER BY ... LIMIT,
 * so the engine streams through them until the time limit stops it. `marker` lets a test find it running.
 */
const slowQuery = (marker = 'slow'): string =>
  `WITH '${marker}' AS marker, [${Array.from({ length: 100 }, (_, i) => i).join(',')}] AS l ` +
  'UNWIND l AS a UNWIND l AS b UNWIND l AS c UNWIND l AS d UNWIND l AS e WITH marker, a * b * c * d * e AS x RETURN marker, x ORDER BY x DESC LIMIT 1';
const SLOW_QUERY = slowQuery();

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const postJson = (url: string, body: unknown, init: RequestInit = {}): Promise<Response> =>
  fetch(url, { method: 'POST', ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) }, body: JSON.stringify(body) });

describe('embedded engine', () => {
  test('SIGTERM lets the requests in flight finish, closes the engine, exits 0, and a restart finds every commit', async () => {
    const dataDir = makeTempDir();
    const env = { DATA_DIR: dataDir, SEED_ON_START: 'never', ADMIN_TOKEN: ADMIN, CYPHER_TIMEOUT_MS: '3000' };
    const first = await startChild(env);
    expect(await (await fetch(`${first.url}/api/health`)).json()).toMatchObject({ nodes: 0 });

    // A write (the whole seed) and a console query that runs until its time limit are both in flight...
    const seeding = postJson(`${first.url}/api/admin/seed`, {}, { headers: { authorization: `Bearer ${ADMIN}` } });
    const slow = postJson(`${first.url}/api/cypher`, { query: SLOW_QUERY });
    await pause(500); // ordering only: let both requests reach the server before the signal
    // ... when SIGTERM arrives.
    first.process.kill('SIGTERM');

    const seeded = await seeding;
    expect(seeded.status).toBe(200);
    expect(await seeded.json()).toMatchObject({ seeded: { nodes: 135, edges: 318 } });
    const slowAnswer = await slow;
    expect(`${slowAnswer.status} ${await slowAnswer.text()}`).toMatch(/^(200|504) /);
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/SIGTERM: no new requests/);
    expect(first.output()).toMatch(/Stopped cleanly/);
    await expect(fetch(`${first.url}/api/health`)).rejects.toThrow();

    const second = await startChild(env);
    try {
      expect(await (await fetch(`${second.url}/api/health`)).json()).toMatchObject({ status: 'ok', nodes: 135, edges: 318 });
    } finally {
      second.process.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  });

  test('a console query over its time limit answers 504, and the next query runs', async () => {
    const server = await startTestServer({ seedDir: MINI_SEED_DIR, env: { CYPHER_TIMEOUT_MS: '1000' } });
    try {
      const timedOut = await postJson(`${server.baseUrl}/api/cypher`, { query: SLOW_QUERY });
      expect(timedOut.status).toBe(504);
      expect(await timedOut.json()).toMatchObject({ error: { code: 'query_timeout', message: expect.stringContaining('1000 ms') } });
      const next = await postJson(`${server.baseUrl}/api/cypher`, { query: 'RETURN 1 AS one' });
      expect(await next.json()).toMatchObject({ rows: [[1]] });
    } finally {
      await server.close();
    }
  });

  test('console queries the client aborts are stopped by the engine time limit, and the pool serves again', async () => {
    const server = await startTestServer({ seedDir: MINI_SEED_DIR, env: { CYPHER_TIMEOUT_MS: '1000', RATE_LIMIT_CYPHER: '1000' } });
    try {
      // More aborted queries than the pool has connections (4): Kuzu cannot cancel one, its timeout must free it.
      const aborted = Array.from({ length: 6 }, async () => {
        const controller = new AbortController();
        const request = postJson(`${server.baseUrl}/api/cypher`, { query: SLOW_QUERY }, { signal: controller.signal });
        await pause(100);
        controller.abort();
        await request.catch(() => undefined);
      });
      await Promise.all(aborted);
      const after = await postJson(`${server.baseUrl}/api/cypher`, { query: "MATCH (n) WHERE n.id = 'alpha' RETURN n.name AS name" });
      expect(after.status).toBe(200);
      expect(await after.json()).toMatchObject({ rows: [['Alphaland']] });
    } finally {
      await server.close();
    }
  });
});

const NEO4J_URI = process.env.NEO4J_URI;
const neo4jDescribe = NEO4J_URI ? describe : describe.skip;

neo4jDescribe('Neo4j (NEO4J_URI set)', () => {
  const target = NEO4J_URI ? new URL(NEO4J_URI.replace(/^[a-z0-9+]+:/, 'http:')) : undefined;
  const auth = { user: process.env.NEO4J_USER ?? 'neo4j', password: process.env.NEO4J_PASSWORD ?? '' };
  const database = process.env.NEO4J_DATABASE ?? 'neo4j';
  let proxy: TcpProxy;
  let app: RunningApp;
  let lease: Neo4jLease | undefined;

  beforeAll(async () => {
    // The app seeds the empty database on start: the lease empties it first and gives it back afterwards.
    lease = await leaseNeo4jDatabase(neo4jTestSettings() as NonNullable<ReturnType<typeof neo4jTestSettings>>);
    proxy = await startTcpProxy(target?.hostname ?? '127.0.0.1', Number(target?.port || 7687));
    await proxy.cut(); // Neo4j "down" at start
    const config = loadConfig({
      PORT: '0',
      NEO4J_URI: `bolt://127.0.0.1:${proxy.port}`,
      NEO4J_USER: auth.user,
      NEO4J_PASSWORD: auth.password,
      NEO4J_DATABASE: database,
      RATE_LIMIT_CYPHER: '100000',
      CYPHER_TIMEOUT_MS: '20000',
    });
    app = await startMultivector(config, { log: () => undefined });
  }, LEASE_WAIT_MS + 60_000);

  afterAll(async () => {
    await app?.close();
    await proxy?.close();
    await lease?.release();
  }, 120_000);

  test('down at start: the app serves 503s, seeds once Neo4j comes up, and says ok only when the whole seed is in', async () => {
    const down = await fetch(`${app.url}/api/health`);
    expect(down.status).toBe(503);
    const seed = await readSeedDirectory();
    await proxy.restore();
    // Asked as often as it answers: while the seed is being written health says starting (503), never ok with part of it.
    const seen = new Set<string>();
    for (;;) {
      const res = await fetch(`${app.url}/api/health`);
      const body = (await res.json()) as { status: string; nodes: number | null; edges: number | null };
      seen.add(`${res.status} ${body.status}`);
      if (res.status === 200) {
        expect(body).toMatchObject({ status: 'ok', nodes: seed.graph.nodes.length, edges: seed.graph.edges.length });
        break;
      }
      expect(['starting', 'degraded']).toContain(body.status);
    }
    expect([...seen].every((s) => /^503 (starting|degraded)$|^200 ok$/.test(s))).toBe(true);
  }, 120_000);

  test('killed mid-traffic: 503 meanwhile, no crash, and back to 200 once it returns', async () => {
    const traffic = async (): Promise<number[]> =>
      Promise.all(['/api/search?q=russia', '/api/health', '/api/vocabulary'].map(async (p) => (await fetch(app.url + p)).status));
    expect(await traffic()).toEqual([200, 200, 200]);
    await proxy.cut();
    const during = await traffic();
    for (const status of during) expect(status).toBe(503);
    // Now Neo4j is known to be down: requests fail without trying to connect (each would try at least once).
    const before = proxy.attempts;
    const requests = 30;
    const statuses = await Promise.all(Array.from({ length: requests }, async (_, i) => (await fetch(`${app.url}/api/search?q=russia${i}`)).status));
    expect(new Set(statuses)).toEqual(new Set([503]));
    // The background probe connects about once a second; the requests themselves never do.
    expect(proxy.attempts - before).toBeLessThan(requests / 3);
    await proxy.restore();
    await eventually(async () => (await traffic()).every((s) => s === 200));
  });

  test('a console query the client aborts leaves no transaction running on Neo4j', async () => {
    const marker = `abort-marker-${Date.now()}`;
    const controller = new AbortController();
    // Reads no data: far longer than the test on any graph (a cross product of the data was instant on an empty one).
    const query = slowQuery(marker);
    const request = postJson(`${app.url}/api/cypher`, { query }, { signal: controller.signal }).catch(() => undefined);
    const watcher = watchNeo4jTransactions({ uri: NEO4J_URI as string, ...auth, database });
    const running = (): Promise<number> => watcher.running(marker);
    try {
      await eventually(async () => (await running()) > 0, 50, 100);
      controller.abort();
      await request;
      await eventually(async () => (await running()) === 0, 50, 100);
    } finally {
      await watcher.close();
    }
  });
});
