/**
 * `npm run load`: drives the built server (dist/server/main.js, embedded engine, seeded from graph-seed/ in
 * a fresh temporary DATA_DIR) with autocannon: search, paths, neighbourhood and the Cypher console, each at
 * 100 concurrent connections for 30 s, then all four mixed. Prints requests/s, p50/p99 latency and errors
 * per scenario and writes them to bench/results/load.json.
 *
 * The server runs in its own process so autocannon does not share its event loop. Its console and export
 * rate limits are lifted for the run (it measures the engine, not the limiter); with the default limit
 * (60 console requests a minute per client) nearly every console request of this run would be a 429.
 *
 * Settings: LOAD_DURATION (s, default 30), LOAD_CONNECTIONS (default 100), LOAD_TIMEOUT (s a request may take
 * before autocannon counts it as a timeout, default 60), LOAD_SCENARIOS (comma-separated names, default all).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const duration = Number(process.env.LOAD_DURATION ?? 30);
const connections = Number(process.env.LOAD_CONNECTIONS ?? 100);
const timeout = Number(process.env.LOAD_TIMEOUT ?? 60);
const only = process.env.LOAD_SCENARIOS ? new Set(process.env.LOAD_SCENARIOS.split(',')) : undefined;

const CONSOLE_QUERY = 'MATCH (n:Country)-[r]->(m) RETURN n.name AS country, label(r) AS type, m.name AS target LIMIT 50';
const json = (body) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const SCENARIOS = [
  { name: 'search', requests: [{ path: '/api/search?q=dush' }, { path: '/api/search?q=rus&limit=10' }, { path: '/api/search?q=china' }] },
  { name: 'paths', requests: [{ path: '/api/paths?from=dushanbe&to=moscow&maxHops=3' }, { path: '/api/paths?from=tajikistan&to=russia&maxHops=4&limit=5' }] },
  { name: 'neighbourhood', requests: [{ path: '/api/nodes/tajikistan/neighborhood?depth=2' }, { path: '/api/nodes/russia/neighborhood?depth=1' }] },
  { name: 'console', requests: [{ path: '/api/cypher', ...json({ query: CONSOLE_QUERY }) }, { path: '/api/cypher', ...json({ query: 'MATCH (n) WHERE n.name CONTAINS $q RETURN n LIMIT 20', params: { q: 'Dush' } }) }] },
];
SCENARIOS.push({ name: 'mixed', requests: SCENARIOS.flatMap((s) => s.requests) });

function startServer(dataDir) {
  const child = spawn(process.execPath, [path.join(root, 'dist', 'server', 'main.js')], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, GRAPH_ENGINE: 'embedded', NEO4J_URI: '', RATE_LIMIT_CYPHER: '1000000', RATE_LIMIT_EXPORT: '1000000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${out}`)));
  });
}

async function run(url, scenario) {
  const result = await autocannon({ url, connections, duration, timeout, requests: scenario.requests });
  return {
    scenario: scenario.name,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'multivector-load-'));
const { child, url } = await startServer(dataDir);
const rows = [];
try {
  console.log(`Load: ${connections} connections, ${duration} s per scenario, against ${url} (embedded engine, seed graph); load average before: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  for (const scenario of SCENARIOS.filter((s) => !only || only.has(s.name))) {
    const row = await run(url, scenario);
    rows.push(row);
    console.log(`${row.scenario.padEnd(14)} ${String(row.requestsPerSecond).padStart(6)} req/s  p50 ${String(row.p50Ms).padStart(5)} ms  p99 ${String(row.p99Ms).padStart(5)} ms  non-2xx ${row.non2xx}  errors ${row.errors}  timeouts ${row.timeouts}`);
  }
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
const report = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, loadAverage: os.loadavg(), connections, durationSeconds: duration, results: rows };
writeFileSync(path.join(root, 'bench', 'results', 'load.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log('Written to bench/results/load.json');
