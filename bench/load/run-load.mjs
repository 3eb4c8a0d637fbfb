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
 * LOAD_GRAPH=1m runs the same load against the bench's synthetic graph (bench/synthetic-graph.ts: 100k nodes,
 * 1M relationships; LOAD_NODES / LOAD_EDGES to change), loaded by bench/load/make-load-graph.ts into
 * LOAD_DATA_DIR (kept and reused when given: loading takes minutes; else a temporary folder). Its requests
 * draw centres and path ends at random from 2,000 nodes that have relationships, so kept answers
 * (READ_CACHE) serve only the pairs that come round again; `READ_CACHE=off` measures without them.
 *
 * Responsiveness, two ways. The server logs its event-loop delay every 500 ms (EVENT_LOOP_LOG_MS,
 * server/event-loop-stats.ts) and each scenario reports the worst and the worst 99th percentile of the lines
 * logged during it: a stall, one turn that held the loop while every other request waited. And a probe asks
 * /api/health every PROBE_MS on a connection of its own: its latency is what a new user meets, stalls plus
 * queueing behind the load's own requests (with 100 connections busy, queueing dominates). The `heavy` scenario runs a few whole-graph exports and deep traversals at once
 * (LOAD_SCENARIOS=heavy alone to run just it), the requests most likely to hold the loop.
 *
 * A scenario of several routes (mixed) also reports each route's p50 and p99: which requests make its tail.
 *
 * Each scenario also reports the CPU time per request of the server and of the engine process and their
 * resident memory after it (from /proc, Linux only): on a shared machine the rates swing with the other work,
 * the CPU a request costs much less.
 *
 * LOAD_CONSOLE_PARAMS=vary: the console's requests send new parameter values each time (consoleRequests).
 *
 * Settings: LOAD_DURATION (s, default 30), LOAD_CONNECTIONS (default 100), LOAD_TIMEOUT (s a request may take
 * before autocannon counts it as a timeout, default 60), LOAD_SCENARIOS (comma-separated names, default all).
 * Any other variable of the environment reaches the server (e.g. READ_CACHE=off, GRAPH_INDEX=off).
 * LOAD_SERVER_NODE_ARGS: Node options for the server process alone, space-separated (e.g. `--cpu-prof
 * --cpu-prof-dir=/tmp/prof` to profile it; NODE_OPTIONS refuses --cpu-prof).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
/* global fetch */

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const duration = Number(process.env.LOAD_DURATION ?? 30);
const connections = Number(process.env.LOAD_CONNECTIONS ?? 100);
const timeout = Number(process.env.LOAD_TIMEOUT ?? 60);
const only = process.env.LOAD_SCENARIOS ? new Set(process.env.LOAD_SCENARIOS.split(',')) : undefined;
const graphKind = process.env.LOAD_GRAPH ?? 'seed';
if (!['seed', '1m'].includes(graphKind)) throw new Error(`LOAD_GRAPH must be seed or 1m, got "${graphKind}"`);
const PROBE_MS = 20;

const CONSOLE_QUERY = 'MATCH (n:Country)-[r]->(m) RETURN n.name AS country, label(r) AS type, m.name AS target LIMIT 50';
const json = (body) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/**
 * The console's two requests. With LOAD_CONSOLE_PARAMS=vary every request sends its text with parameter values
 * not sent before, as clients do ($id, $year, ...): kept guard verdicts then help only if they do not hang on
 * the values.
 */
function consoleRequests() {
  if (process.env.LOAD_CONSOLE_PARAMS !== 'vary') {
    return [{ path: '/api/cypher', ...json({ query: CONSOLE_QUERY }) }, { path: '/api/cypher', ...json({ query: 'MATCH (n) WHERE n.name CONTAINS $q RETURN n LIMIT 20', params: { q: 'Dush' } }) }];
  }
  let drawn = 0;
  const varied = (query, makeParams) => ({ path: '/api/cypher', method: 'POST', headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: JSON.stringify({ query, params: makeParams((drawn += 1)) }) }) });
  return [
    varied('MATCH (n:Country)-[r]->(m) WHERE m.name <> $name RETURN n.name AS country, label(r) AS type, m.name AS target LIMIT 50', (i) => ({ name: `not-${i}` })),
    varied('MATCH (n) WHERE n.name CONTAINS $q RETURN n LIMIT 20', (i) => ({ q: `Dush${i}` })),
  ];
}

const SCENARIOS = [
  { name: 'search', requests: [{ path: '/api/search?q=dush' }, { path: '/api/search?q=rus&limit=10' }, { path: '/api/search?q=china' }] },
  { name: 'paths', requests: [{ path: '/api/paths?from=dushanbe&to=moscow&maxHops=3' }, { path: '/api/paths?from=tajikistan&to=russia&maxHops=4&limit=5' }] },
  { name: 'neighbourhood', requests: [{ path: '/api/nodes/tajikistan/neighborhood?depth=2' }, { path: '/api/nodes/russia/neighborhood?depth=1' }] },
  { name: 'console', requests: consoleRequests() },
];
SCENARIOS.push({ name: 'mixed', requests: SCENARIOS.flatMap((s) => s.requests) });
SCENARIOS.push({
  name: 'heavy',
  connections: 4,
  requests: [{ path: '/api/export?format=json' }, { path: '/api/nodes/tajikistan/neighborhood?depth=3&limit=2000' }, { path: '/api/paths?from=dushanbe&to=washington&maxHops=6&limit=10' }],
});

/** mulberry32: the same draws on every run, so two runs ask the same requests. */
function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The 1M scenarios: each request draws its centre or its two ends from the sample of connected nodes. */
function syntheticScenarios(ids) {
  const random = seededRandom(7);
  const any = () => ids[Math.floor(random() * ids.length)];
  const drawn = (name, makePath) => ({ name, method: 'GET', setupRequest: (req) => ({ ...req, path: makePath() }) });
  const paths = drawn('paths', () => {
    const from = any();
    let to = any();
    while (to === from) to = any();
    return `/api/paths?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&maxHops=4&limit=5`;
  });
  const neighbourhood = drawn('neighbourhood', () => `/api/nodes/${encodeURIComponent(any())}/neighborhood?depth=${random() < 0.5 ? 1 : 2}`);
  return [
    { name: 'paths', requests: [paths] },
    { name: 'neighbourhood', requests: [neighbourhood] },
    { name: 'mixed', requests: [paths, neighbourhood] },
    {
      name: 'heavy',
      connections: 4,
      requests: [{ path: '/api/export?format=json' }, drawn('neighbourhood', () => `/api/nodes/${encodeURIComponent(any())}/neighborhood?depth=3&limit=2000`), drawn('paths', () => `/api/paths?from=${any()}&to=${any()}&maxHops=6&limit=10`)],
    },
  ];
}

/** Loads (or finds already loaded) the synthetic graph in `dir`; answers the sample's node ids. */
function prepareSyntheticGraph(dir, nodes, edges) {
  const out = path.join(root, 'dist', 'bench', 'load', 'make-load-graph.js');
  execFileSync(path.join(root, 'node_modules', '.bin', 'esbuild'), ['bench/load/make-load-graph.ts', '--bundle', '--platform=node', '--target=node20', '--packages=external', '--log-level=warning', `--outfile=${out}`], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [out, dir, String(nodes), String(edges)], { cwd: root, stdio: 'inherit' });
  return JSON.parse(readFileSync(path.join(dir, 'load-sample.json'), 'utf8')).ids;
}

/** The server's event-loop lines as they arrive: { at, max, p99 } (ms). */
const loopLines = [];

/** Starts the server; resolves once it listens and its graph index holds the graph (unless GRAPH_INDEX=off). */
function startServer(dataDir, seeded) {
  const nodeArgs = process.env.LOAD_SERVER_NODE_ARGS ? process.env.LOAD_SERVER_NODE_ARGS.split(' ').filter(Boolean) : [];
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'dist', 'server', 'main.js')], {
    cwd: root,
    env: { ...process.env, EVENT_LOOP_LOG_MS: '500', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, GRAPH_ENGINE: 'embedded', NEO4J_URI: '', SEED_ON_START: seeded ? 'auto' : 'never', RATE_LIMIT_CYPHER: '1000000', RATE_LIMIT_EXPORT: '1000000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const waitForIndex = process.env.GRAPH_INDEX !== 'off';
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      for (const m of String(c).matchAll(/Event loop delay: max ([\d.]+) ms, p99 ([\d.]+) ms/g)) loopLines.push({ at: performance.now(), max: Number(m[1]), p99: Number(m[2]) });
      const m = /on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      const indexed = /Graph index: [1-9]\d* relationships/.test(out);
      if (m && (indexed || !waitForIndex)) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${out}`)));
  });
}

/** Asks /api/health every PROBE_MS on a connection of its own until stopped; answers its latencies (ms). */
function probe(url) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const latencies = [];
  let stopped = false;
  const once = () =>
    new Promise((resolve) => {
      const t0 = performance.now();
      http.get(`${url}/api/health`, { agent }, (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - t0);
          resolve();
        });
      }).on('error', () => resolve());
    });
  const done = (async () => {
    while (!stopped) {
      await once();
      await sleep(PROBE_MS);
    }
    agent.destroy();
    return latencies;
  })();
  return { stop: () => ((stopped = true), done) };
}

/** CPU seconds (user + system) a process has used, from /proc; undefined where there is none (not Linux). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    // utime and stime are the 12th and 13th fields after the command's name, in clock ticks (100 a second here).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** A process's resident memory in MB, from /proc; undefined where there is none. */
function residentMb(pid) {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return kb ? Math.round(Number(kb[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** The engine process's pid, as /api/health reports it. */
async function enginePid(url) {
  try {
    const health = await (await fetch(`${url}/api/health`)).json();
    return health.engineProcess?.pid ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * CPU milliseconds per answered request in the server and in the engine process: on a machine shared with
 * other work, wall-clock rates swing with the load, while the CPU each request costs does not (much).
 */
async function cpuMeter(url, serverPid) {
  const engine = await enginePid(url);
  const before = { server: cpuSeconds(serverPid), engine: engine === undefined ? undefined : cpuSeconds(engine), engineRss: engine === undefined ? undefined : residentMb(engine) };
  return (requests) => {
    const per = (pid, was) => {
      const now = pid === undefined ? undefined : cpuSeconds(pid);
      return now === undefined || was === undefined || requests === 0 ? undefined : Math.round((10_000 * (now - was)) / requests) / 10;
    };
    return {
      serverMsPerRequest: per(serverPid, before.server),
      engineMsPerRequest: per(engine, before.engine),
      // Resident memory after the scenario: a leak per request shows as growth from one scenario to the next.
      serverRssMb: residentMb(serverPid),
      engineRssMb: engine === undefined ? undefined : residentMb(engine),
      engineRssBeforeMb: before.engineRss,
    };
  };
}

async function run(url, scenario, serverPid) {
  const probing = probe(url);
  const meter = await cpuMeter(url, serverPid);
  const started = performance.now();
  // Each response's latency under its request's class (its route): autocannon tells the request's own
  // onResponse, then, in the same turn, the instance's 'response' listener its latency.
  const byClass = new Map();
  let answered;
  const requests = scenario.requests.map((r) => ({ ...r, onResponse: () => (answered = requestClass(r)) }));
  const instance = autocannon({ url, connections: scenario.connections ?? connections, duration, timeout, requests });
  instance.on('response', (_client, _status, _bytes, ms) => {
    if (answered === undefined) return;
    if (!byClass.has(answered)) byClass.set(answered, []);
    byClass.get(answered).push(ms);
    answered = undefined;
  });
  const result = await instance;
  const cpu = meter(result.requests.total);
  const latencies = (await probing.stop()).sort((a, b) => a - b);
  const during = loopLines.filter((l) => l.at >= started);
  const loop = during.length === 0 ? undefined : { maxMs: Math.max(...during.map((l) => l.max)), p99Ms: Math.max(...during.map((l) => l.p99)) };
  const at = (q) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return {
    scenario: scenario.name,
    connections: scenario.connections ?? connections,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    probe: { samples: latencies.length, p99Ms: at(0.99), maxMs: Math.round(latencies.at(-1) ?? 0) },
    cpu,
    eventLoop: loop,
    // Per route when the scenario mixes several: which requests make its tail.
    byClass: byClass.size > 1 ? Object.fromEntries([...byClass].map(([name, ms]) => [name, latencySummary(ms)])) : undefined,
  };
}

/** A request's class for the per-route latencies: its name (drawn requests) or its route. */
function requestClass(request) {
  if (request.name !== undefined || request.path === undefined) return request.name ?? 'other';
  const route = request.path.split('?')[0];
  return route.endsWith('/neighborhood') ? 'neighbourhood' : route.startsWith('/api/nodes/') ? 'node' : route.replace('/api/', '');
}

/** Count, p50 and p99 (ms) of one class's latencies. */
function latencySummary(ms) {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { requests: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99) };
}

const synthetic = graphKind === '1m';
const nodes = Number(process.env.LOAD_NODES ?? 100_000);
const edges = Number(process.env.LOAD_EDGES ?? 1_000_000);
const keptDir = synthetic ? process.env.LOAD_DATA_DIR : undefined;
const dataDir = keptDir ? path.resolve(keptDir) : mkdtempSync(path.join(os.tmpdir(), 'multivector-load-'));
const scenarios = synthetic ? syntheticScenarios(prepareSyntheticGraph(dataDir, nodes, edges)) : SCENARIOS;
const { child, url } = await startServer(dataDir, !synthetic);
const rows = [];
const graphName = synthetic ? `synthetic graph, ${nodes} nodes / ${edges} relationships` : 'seed graph';
try {
  console.log(`Load: ${connections} connections, ${duration} s per scenario, against ${url} (embedded engine, ${graphName}); load average before: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  // Before the first scenario the server was starting and building its graph index: its own stalls, no load.
  if (loopLines.length > 0) console.log(`start and graph-index build: loop stall max ${Math.max(...loopLines.map((l) => l.max))} ms (p99 ${Math.max(...loopLines.map((l) => l.p99))}) over ${loopLines.length} intervals of 500 ms`);
  for (const scenario of scenarios.filter((s) => (only ? only.has(s.name) : s.name !== 'heavy' || synthetic))) {
    const row = await run(url, scenario, child.pid);
    rows.push(row);
    console.log(
      `${row.scenario.padEnd(14)} ${String(row.requestsPerSecond).padStart(6)} req/s  p50 ${String(row.p50Ms).padStart(5)} ms  p99 ${String(row.p99Ms).padStart(5)} ms  ` +
        `non-2xx ${row.non2xx}  errors ${row.errors}  timeouts ${row.timeouts}  ` +
        `loop stall max ${row.eventLoop ? `${Math.round(row.eventLoop.maxMs)} ms (p99 ${Math.round(row.eventLoop.p99Ms)})` : 'n/a'}  health probe p99 ${row.probe.p99Ms} ms max ${row.probe.maxMs} ms` +
        `  CPU ms/request server ${row.cpu.serverMsPerRequest ?? 'n/a'} engine ${row.cpu.engineMsPerRequest ?? 'n/a'}` +
        `  RSS MB server ${row.cpu.serverRssMb ?? 'n/a'} engine ${row.cpu.engineRssBeforeMb ?? 'n/a'} -> ${row.cpu.engineRssMb ?? 'n/a'}` +
        (row.connections !== connections ? `  (${row.connections} connections)` : ''),
    );
    if (row.byClass) console.log(`${''.padEnd(14)} by route: ${Object.entries(row.byClass).map(([name, c]) => `${name} ${c.requests} (p50 ${c.p50Ms} / p99 ${c.p99Ms} ms)`).join(', ')}`);
  }
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  if (!keptDir) rmSync(dataDir, { recursive: true, force: true });
}
mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
const report = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, loadAverage: os.loadavg(), graph: graphName, connections, durationSeconds: duration, results: rows };
const file = synthetic ? 'load-1m.json' : 'load.json';
writeFileSync(path.join(root, 'bench', 'results', file), `${JSON.stringify(report, null, 2)}\n`);
console.log(`Written to bench/results/${file}`);
