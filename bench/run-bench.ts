/**
 * `npm run bench`: generates a synthetic graph (bench/synthetic-graph.ts), bulk-loads it into the embedded
 * engine (and Neo4j when NEO4J_URI is set, wiping NEO4J_DATABASE first: point it at a throwaway
 * instance), then measures each API query next to the closest native query run directly against the
 * same engine, in the same process and run, alternating the two per sample so load on the machine hits
 * both alike. Also: bulk-load rows/s, rows/s read through the store with the longest event-loop stall,
 * export MB/s, peak RSS, cold start of the built server, small-endpoint requests/s against a bare Express
 * route. Writes bench/results/<date>.json and prints a table with the ratios, each query row with issue 20's
 * target and whether it is met (bench/query-targets.ts). Rows that read records get samples of their own:
 * the server keeps records it read (the graph index's record cache), and a warm-up must not pre-answer them.
 *
 * Options: --nodes 100000 --edges 1000000 --samples 30 --seed 42 --engine embedded|neo4j|all
 *          --skip queries,read,cold,http,export,floor,search,walks,console,allshortest,baresearch (comma list) --out bench/results
 *          --data-dir DIR (embedded: load into DIR and keep it; a later run with the same graph reuses it)
 *          --graph-index (instead of the above: the graph index's size, build time and look-ups next to the
 *          snapshot it replaced, no engine; see bench/graph-index-bench.ts)
 *          --boundary (instead of the above: the embedded engine in this process next to the engine process
 *          the server now uses, same graph, alternating; see bench/engine-boundary.ts)
 */
import { spawn } from 'node:child_process';
import { promises as fs, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import express from 'express';
import neo4j from 'neo4j-driver';
import type { Connection, KuzuValue, QueryResult } from 'kuzu';
import { createApp } from '../server/http/create-app';
import { readVocabulary } from '../server/seed/seed-loader';
import { SEED_DIR, CLIENT_DIR } from '../server/project-paths';
import type { GraphStore, UpsertInput } from '../server/domain/ports/graph-store';
import { KuzuGraphStore } from '../server/stores/kuzu/kuzu-graph-store';
import { openRawKuzuConnection } from '../server/stores/kuzu/kuzu-database-slots';
import { Neo4jGraphStore } from '../server/stores/neo4j/neo4j-graph-store';
import type { PropertyType } from '../server/domain/seed-schema';
import { EXPORT_FORMATS, type ExportFormat } from '../server/export/export-writer';
import { EXPORT_CHUNK_SIZE } from '../server/domain/export-selection';
import { createRandom, generateSyntheticGraph } from './synthetic-graph';
import { measureExport, measureReadFloor, measureWriterOnly, type ExportMeasurement, type ReadFloor, type WriterOnly } from './export-measure';

/** Formats exported end to end at full size (each is two passes over the engine); all are timed writer-only. */
const END_TO_END_FORMATS: ExportFormat[] = ['csv', 'graphml'];
import { measureCopyFloor, type CopyFloor } from './kuzu-copy-floor';
import { benchBoundary, type BoundaryResult } from './engine-boundary';
import { benchGraphIndex, printGraphIndexBench } from './graph-index-bench';
import { withGraphIndex } from '../server/stores/graph-index/indexed-graph-store';
import { rankPathIds } from '../server/domain/traversal';
import { EMBEDDED_TARGETS, NEO4J_TARGETS, describeTarget, meetsTarget, type QueryTarget, type QueryTargets } from './query-targets';

interface Options {
  nodes: number;
  edges: number;
  samples: number;
  seed: number;
  engines: Array<'embedded' | 'neo4j'>;
  skip: Set<string>;
  out: string;
  /** Load into (or, when it already holds the graph, reuse) this folder instead of a fresh temporary one. */
  dataDir?: string;
  /** Measure the engine process boundary instead (bench/engine-boundary.ts). */
  boundary: boolean;
  /** Measure the graph index alone instead (bench/graph-index-bench.ts). */
  graphIndex: boolean;
}

function parseOptions(argv: string[]): Options {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (name: string, fallback: number): number => {
    const v = get(name);
    if (v === undefined) return fallback;
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got "${v}"`);
    return n;
  };
  const engine = get('engine') ?? (process.env.NEO4J_URI ? 'all' : 'embedded');
  if (!['embedded', 'neo4j', 'all'].includes(engine)) throw new Error('--engine must be embedded, neo4j or all');
  if (engine !== 'embedded' && !process.env.NEO4J_URI) throw new Error('--engine neo4j needs NEO4J_URI');
  return {
    nodes: num('nodes', 100_000),
    edges: num('edges', 1_000_000),
    samples: num('samples', 30),
    seed: num('seed', 42),
    engines: engine === 'all' ? ['embedded', 'neo4j'] : [engine as 'embedded' | 'neo4j'],
    skip: new Set((get('skip') ?? '').split(',').filter(Boolean)),
    out: get('out') ?? path.join(process.cwd(), 'bench', 'results'),
    dataDir: get('data-dir'),
    boundary: argv.includes('--boundary'),
    graphIndex: argv.includes('--graph-index'),
  };
}

interface Stats {
  p50: number;
  p95: number;
  max: number;
  n: number;
}

function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
  const r = (x: number): number => Math.round(x * 10) / 10;
  return { p50: r(at(0.5)), p95: r(at(0.95)), max: r(s[s.length - 1] ?? NaN), n: s.length };
}

interface QueryRow {
  query: string;
  raw: string;
  api: Stats;
  engine: Stats;
  /** API p95 / raw p95. */
  ratio: number;
  failures: { api: number; engine: number };
  errors: string[];
  target: string;
  /** Whether the row meets its target (bench/query-targets.ts); absent without one. */
  met?: boolean;
  /** Paths rows: records the API answered from its record cache, and read from the engine, during the row. */
}

/**
 * Runs `api` and `raw` alternately for every sample (after two warm-ups, by default the first two samples;
 * `warmups` when the API caches what it read, so no measured sample is answered from the warm-up) and keeps
 * both timings.
 */
async function compare<T>(samples: T[], api: (s: T) => Promise<unknown>, raw: (s: T) => Promise<unknown>, warmups: T[] = samples.slice(0, 2)): Promise<Comparison> {
  const a: number[] = [];
  const r: number[] = [];
  const failures = { api: 0, engine: 0 };
  const errors: string[] = [];
  for (const s of warmups) {
    await api(s).catch(() => undefined);
    await raw(s).catch(() => undefined);
  }
  for (const [i, s] of samples.entries()) {
    const order = i % 2 === 0 ? [api, raw] : [raw, api];
    for (const f of order) {
      const t = performance.now();
      try {
        await f(s);
        (f === api ? a : r).push(performance.now() - t);
      } catch (err) {
        // A failed sample is counted and reported, not timed: e.g. Kuzu running out of buffer pool.
        failures[f === api ? 'api' : 'engine'] += 1;
        const message = `${f === api ? 'api' : 'engine'}: ${(err as Error).message.slice(0, 160)}`;
        if (!errors.includes(message)) errors.push(message);
      }
    }
  }
  return { api: stats(a), engine: stats(r), failures, errors };
}

interface Comparison {
  api: Stats;
  engine: Stats;
  failures: { api: number; engine: number };
  errors: string[];
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url);
  const body = await res.json();
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}

async function postJson(url: string, payload: unknown): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  const body = await res.json();
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}

/** A raw engine: one native query with parameters, every row read. */
type RawRunner = (query: string, params: Record<string, unknown>) => Promise<number>;

function kuzuRunner(conn: Connection): RawRunner {
  const statements = new Map<string, Awaited<ReturnType<Connection['prepare']>>>();
  return async (query, params) => {
    let ps = statements.get(query);
    if (!ps) {
      ps = await conn.prepare(query);
      if (!ps.isSuccess()) throw new Error(ps.getErrorMessage());
      statements.set(query, ps);
    }
    const res = (await conn.execute(ps, params as Record<string, KuzuValue>)) as QueryResult;
    let n = 0;
    while (res.hasNext()) {
      res.getNextSync();
      n += 1;
    }
    res.close();
    return n;
  };
}

function neo4jRunner(driver: ReturnType<typeof neo4j.driver>, database: string): RawRunner {
  return async (query, params) => {
    const session = driver.session({ database, defaultAccessMode: neo4j.session.READ });
    try {
      const converted = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'number' && Number.isInteger(v) ? neo4j.int(v) : v]));
      const result = await session.executeRead((tx) => tx.run(query, converted));
      return result.records.length;
    } finally {
      await session.close();
    }
  };
}

/**
 * The closest native query to each API call, per engine, written as a user who knows the kinds would:
 * with labels, so both engines can use their id indexes (an unlabelled id match scans every table).
 */
const NATIVE = {
  embedded: {
    search: "MATCH (n) WHERE label(n) <> 'SourceDocument' AND (lower(n.name) CONTAINS $q OR lower(list_to_string('\n', n.aliases)) CONTAINS $q) RETURN n LIMIT 50",
    details: (k: string) => `MATCH (a:\`${k}\`)-[r]-(b) WHERE a.id = $id RETURN a, r, b`,
    // The neighbourhood's answer is an induced subgraph: the nodes within reach with their properties AND
    // every relationship among them with its properties. The raw side reads the same: the star around the
    // centre, then (depth 1) the relationships between two neighbours, (depth 2) every relationship of a
    // neighbour with the node at its other end, and those joining two nodes both two hops out. Without that
    // third statement the engine read about a tenth of the API's answer at 1M (55 rows p50 against ~480
    // relationships: the synthetic graph's two-hop hubs share many), so the ratio compared unlike answers
    // (bench/neighbourhood-profile.ts). `-[* 1..2]-` over a schema with hundreds of FROM/TO pairs exhausted
    // Kuzu's buffer pool, so the hops are written out; `WITH DISTINCT b2` before the last hop was 3x slower.
    depth1: (k: string) => [
      `MATCH (a:\`${k}\`)-[r]-(b) WHERE a.id = $id RETURN r, b LIMIT 2000`,
      // Not the cyclic (a)-(b)-[r]->(c)-(a): kuzu 0.11.3 crashes the process (segmentation fault) on it.
      `MATCH (a:\`${k}\`)-[]-(b) WHERE a.id = $id WITH collect(DISTINCT b.id) AS ids ` +
        `MATCH (a2:\`${k}\`)-[]-(b2)-[r]->(c) WHERE a2.id = $id AND list_contains(ids, c.id) RETURN DISTINCT r LIMIT 2000`,
    ],
    depth2: (k: string) => [
      `MATCH (a:\`${k}\`)-[r]-(m) WHERE a.id = $id RETURN r, m LIMIT 2000`,
      `MATCH (a:\`${k}\`)-[]-(m)-[r]-(b) WHERE a.id = $id RETURN DISTINCT r, b LIMIT 2000`,
      `MATCH (a:\`${k}\`)-[]-(m)-[]-(b) WHERE a.id = $id WITH collect(DISTINCT b.id) AS ids ` +
        `MATCH (a2:\`${k}\`)-[]-(m2)-[]-(b2)-[r]->(c) WHERE a2.id = $id AND list_contains(ids, c.id) RETURN DISTINCT r, b2.id, c.id LIMIT 2000`,
    ],
    shortest: (k: string, l: string) => `MATCH p = (a:\`${k}\`)-[* SHORTEST 1..6]-(b:\`${l}\`) WHERE a.id = $from AND b.id = $to RETURN p`,
    allShortest: (k: string, l: string) => `MATCH p = (a:\`${k}\`)-[* ALL SHORTEST 1..6]-(b:\`${l}\`) WHERE a.id = $from AND b.id = $to RETURN p LIMIT 10`,
    console: (k: string) => `MATCH (a:\`${k}\`)-[r]->(b) WHERE a.id = $id RETURN a.name AS a, label(r) AS type, b.name AS b LIMIT 100`,
    readAll: 'MATCH (a)-[r]->(b) RETURN r.id AS id, a.id AS s, b.id AS t',
    edgesWhole: 'MATCH (a)-[r]->(b) RETURN r, a.id AS s, b.id AS t',
    nodesWhole: "MATCH (n) WHERE NOT label(n) IN ['SourceDocument', 'Import', 'ImportBatch'] RETURN n",
  },
  neo4j: {
    search: 'MATCH (n:Entity) WHERE toLower(n.name) CONTAINS $q OR any(a IN coalesce(n.aliases, []) WHERE toLower(a) CONTAINS $q) RETURN n LIMIT 50',
    details: (k: string) => `MATCH (a:Entity:\`${k}\` {id: $id})-[r]-(b) RETURN a, r, b`,
    depth1: (k: string) => [
      `MATCH (a:Entity:\`${k}\` {id: $id})-[r]-(b) RETURN r, b LIMIT 2000`,
      `MATCH (a:Entity:\`${k}\` {id: $id})--(b)-[r]->(c)--(a) RETURN DISTINCT r LIMIT 2000`,
    ],
    depth2: (k: string) => [
      `MATCH (a:Entity:\`${k}\` {id: $id})-[r]-(m) RETURN r, m LIMIT 2000`,
      `MATCH (a:Entity:\`${k}\` {id: $id})--(m)-[r]-(b) RETURN DISTINCT r, b LIMIT 2000`,
      `MATCH (a:Entity:\`${k}\` {id: $id})--()--(b) WITH collect(DISTINCT b) AS bs UNWIND bs AS b2 MATCH (b2)-[r]->(c) WHERE c IN bs RETURN DISTINCT r LIMIT 2000`,
    ],
    shortest: (k: string, l: string) => `MATCH (a:Entity:\`${k}\` {id: $from}), (b:Entity:\`${l}\` {id: $to}) MATCH p = shortestPath((a)-[*..6]-(b)) RETURN p`,
    allShortest: (k: string, l: string) =>
      `MATCH (a:Entity:\`${k}\` {id: $from}), (b:Entity:\`${l}\` {id: $to}) MATCH p = allShortestPaths((a)-[*..6]-(b)) RETURN p LIMIT 10`,
    console: (k: string) => `MATCH (a:Entity:\`${k}\` {id: $id})-[r]->(b) RETURN a.name AS a, type(r) AS type, b.name AS b LIMIT 100`,
    readAll: 'MATCH (a:Entity)-[r]->(b:Entity) RETURN r.id AS id, a.id AS s, b.id AS t',
    // The columns store.streamEdges / streamNodes read (EDGE_COLUMNS, NODE_COLUMNS): the driver drains the
    // same rows, so the ratio is the store's own cost. Returning r or n would make the driver decode element
    // ids per row that the store skips.
    edgesWhole: 'MATCH (a:Entity)-[r]->(b:Entity) RETURN type(r) AS type, properties(r) AS p, a.id AS s, b.id AS t',
    nodesWhole: 'MATCH (n:Entity) RETURN labels(n) AS l, properties(n) AS p',
  },
} as const;

async function listen(app: express.Express): Promise<{ url: string; server: Server }> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/**
 * Requests/s from autocannon in a child process (so the load generator does not share our event loop),
 * and the CPU time this process (the server) spent per request: on a shared machine the load generator
 * itself is often the limit, and then req/s tells routes apart less well than the server's CPU per request.
 */
async function requestsPerSecond(url: string, seconds: number): Promise<{ rps: number; cpuUs: number }> {
  const bin = require.resolve('autocannon/autocannon.js');
  const cpu = process.cpuUsage();
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '-c', '10', '-d', String(seconds), '-j', url], { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.on('error', reject);
    child.on('exit', () => resolve(text));
  });
  const used = process.cpuUsage(cpu);
  const parsed = JSON.parse(out) as { requests: { average: number; total: number }; non2xx: number; errors: number };
  if (parsed.non2xx > 0 || parsed.errors > 0) throw new Error(`${url}: ${parsed.non2xx} non-2xx answers, ${parsed.errors} errors`);
  return { rps: Math.round(parsed.requests.average), cpuUs: (used.user + used.system) / Math.max(1, parsed.requests.total) };
}

/** Spawns the built server and times it from spawn to the first 200 from /api/health. */
async function coldStart(dataDir: string): Promise<number> {
  const main = path.join(process.cwd(), 'dist', 'server', 'main.js');
  const port = 3100 + Math.floor(Math.random() * 800);
  const started = performance.now();
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), GRAPH_ENGINE: 'embedded', NEO4J_URI: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}): ${stderr.slice(0, 500)}`);
      if (performance.now() - started > 60_000) throw new Error('the server did not answer within 60 s');
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (res.ok) return Math.round(performance.now() - started);
      } catch {
        // Not listening yet.
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

function pick<T>(xs: readonly T[], n: number, random: () => number): T[] {
  const out: T[] = [];
  for (let i = 0; i < n; i += 1) out.push(xs[Math.floor(random() * xs.length)] as T);
  return out;
}

/** Rounds of each read measure (ours and the engine's, alternating); the medians are reported. */
const READ_ROUNDS = 3;
/** Rounds of 3 s of each small-endpoint measure (bare Express, /api/health, /api/nodes/:id); medians reported. */
const HTTP_ROUNDS = 3;

interface ReadRow {
  what: string;
  raw: string;
  rows: number;
  /** Median over the rounds of ours, and of the engine's drain of the same rows. */
  rowsPerSecond: number;
  engineRowsPerSecond: number;
  /** Ours / the engine's. */
  ratio: number;
  /** Median over the rounds of the longest event-loop delay during our read. */
  maxEventLoopStallMs: number;
  /** Longest event-loop delay over 2 s of doing nothing, right after: what the machine's load alone causes. */
  idleEventLoopStallMs: number;
  rounds: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

/**
 * The engine's fastest whole-graph read, for comparison: each table with its columns named, every row
 * drained with getNextSync and nothing else (no conversion, no pause for the event loop).
 */
async function kuzuTableReads(dataDir: string): Promise<{ edges: () => Promise<number>; nodes: () => Promise<number> }> {
  const conn = await openRawKuzuConnection(dataDir);
  if (!conn) throw new Error('no raw connection');
  const rows = async (q: string): Promise<Array<Record<string, KuzuValue>>> => {
    const res = (await conn.query(q)) as QueryResult;
    const out = res.getAllSync();
    res.close();
    return out;
  };
  const drain = async (q: string): Promise<number> => {
    const res = (await conn.query(q)) as QueryResult;
    let n = 0;
    while (res.hasNext()) {
      res.getNextSync();
      n += 1;
    }
    res.close();
    return n;
  };
  const edgeQueries: string[] = [];
  const nodeQueries: string[] = [];
  for (const t of await rows('CALL show_tables() RETURN *')) {
    const name = String(t.name);
    if (name === 'SourceDocument' || name === 'Import' || name === 'ImportBatch') continue;
    const cols = (await rows(`CALL table_info('${name}') RETURN *`)).map((c) => String(c.name));
    if (t.type === 'REL') edgeQueries.push(`MATCH (a)-[r:\`${name}\`]->(b) RETURN a.id, b.id, ${cols.map((c) => `r.\`${c}\``).join(', ')}`);
    else nodeQueries.push(`MATCH (n:\`${name}\`) RETURN ${cols.map((c) => `n.\`${c}\``).join(', ')}`);
  }
  const all = (qs: string[]) => async (): Promise<number> => {
    let n = 0;
    for (const q of qs) n += await drain(q);
    return n;
  };
  return { edges: all(edgeQueries), nodes: all(nodeQueries) };
}

interface EngineResult {
  engine: 'embedded' | 'neo4j';
  /** Absent when --data-dir already held the graph. */
  bulkLoad?: { seconds: number; nodesPerSecond: number; relationshipsPerSecond: number };
  /** Embedded only, when the load ran: Kuzu's own COPY of the same graph from ready files. */
  copyFloor?: CopyFloor;
  adjacencySnapshotSeconds?: number;
  /** The server's graph index (stores/graph-index/): build from the store's loadAdjacency, and its size. */
  graphIndex?: { seconds: number; relationships: number; bytesPerRelationship: number };
  queries: QueryRow[];
  read: ReadRow[];
  export?: { readFloor: ReadFloor; endToEnd: ExportMeasurement[]; writerOnly: WriterOnly[] };
  http?: {
    apiHealthRps: number;
    apiNodeRps: number;
    bareExpressRps: number;
    ratio: number;
    /** Median CPU µs this process spent per request (see requestsPerSecond). */
    cpuUsPerRequest: { bare: number; health: number; node: number };
    rounds: number;
  };
  rssMb: { afterLoad: number; peak: number };
}

/**
 * Nodes plus relationships of a neighbourhood answer (depth hops, at most `limit` nodes, the relationships
 * among them) counted on the store's adjacency alone, as domain/traversal.ts's getNeighborhood gathers them
 * before it reads any record; more than `limit` when the walk passes it.
 */
async function neighbourhoodSize(store: GraphStore, id: string, depth: number, limit: number): Promise<number> {
  const included = new Set<string>([id]);
  let frontier = [id];
  for (let level = 0; level < depth && frontier.length > 0; level += 1) {
    const next: string[] = [];
    for (const r of await store.adjacency(frontier, 'any')) {
      for (const n of [r.source, r.target]) {
        if (included.has(n)) continue;
        included.add(n);
        next.push(n);
      }
    }
    if (included.size > limit) return included.size;
    frontier = next;
  }
  const edges = (await store.adjacency([...included], 'out')).filter((r) => included.has(r.target)).length;
  return included.size + edges;
}

async function benchEngine(engine: 'embedded' | 'neo4j', input: UpsertInput, opts: Options, log: (m: string) => void): Promise<EngineResult> {
  let store: GraphStore;
  let raw: RawRunner | undefined;
  let closeRaw = async (): Promise<void> => undefined;
  /** After the load, before any timing: the engine's statistics as a loaded graph has them once settled. */
  let settle = async (): Promise<void> => undefined;
  const dataDir = (engine === 'embedded' && opts.dataDir) || mkdtempSync(path.join(os.tmpdir(), 'multivector-bench-'));
  if (engine === 'embedded') {
    // 1.5 GB buffer pool instead of the app's 512 MB: Kuzu's own SHORTEST over 1M relationships ran out
    // of the smaller one, and the comparison is against the engine at its best.
    store = await KuzuGraphStore.open({ dataDir, bufferPoolBytes: 1536 * 1024 * 1024 });
  } else {
    const settings = {
      uri: process.env.NEO4J_URI ?? '',
      user: process.env.NEO4J_USER ?? 'neo4j',
      password: process.env.NEO4J_PASSWORD ?? '',
      database: process.env.NEO4J_DATABASE ?? 'neo4j',
    };
    const driver = neo4j.driver(settings.uri, neo4j.auth.basic(settings.user, settings.password));
    const session = driver.session({ database: settings.database, defaultAccessMode: neo4j.session.WRITE });
    await session.run('MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
    await session.close();
    store = Neo4jGraphStore.create(settings);
    raw = neo4jRunner(driver, settings.database);
    closeRaw = () => driver.close();
    settle = async () => {
      // The rel_id_<type> indexes were sampled when they came online (empty, or holding an earlier run's rows)
      // and Neo4j samples them again only in the background: without this, the first plans are costed on
      // those samples. Resamples every index, waits for it and empties the plan cache.
      const admin = driver.session({ database: settings.database, defaultAccessMode: neo4j.session.WRITE });
      try {
        await admin.run('CALL db.awaitIndexes(600)');
        await admin.run('CALL db.prepareForReplanning()');
      } catch (err) {
        // The procedure is for administrators: a bench run as another user measures on the statistics it finds.
        log(`neo4j: indexes not resampled after the load (${(err as Error).message.split('\n')[0]})`);
      } finally {
        await admin.close();
      }
    };
  }
  await store.init();

  let bulkLoad: EngineResult['bulkLoad'];
  const held = await store.counts();
  if (held.nodes === input.nodes.length && held.edges === input.edges.length) {
    log(`${engine}: ${dataDir} already holds the graph; not loading it again`);
  } else {
    if (held.nodes > 0) throw new Error(`${dataDir} holds another graph (${held.nodes} nodes); give an empty or matching --data-dir`);
    log(`${engine}: bulk loading ${input.nodes.length} nodes and ${input.edges.length} relationships`);
    const t0 = performance.now();
    await store.bulkLoad(input);
    const loadSeconds = (performance.now() - t0) / 1000;
    bulkLoad = {
      seconds: Math.round(loadSeconds * 10) / 10,
      nodesPerSecond: Math.round(input.nodes.length / loadSeconds),
      relationshipsPerSecond: Math.round(input.edges.length / loadSeconds),
    };
    log(`${engine}: loaded in ${bulkLoad.seconds} s`);
  }
  await settle();
  const rssAfterLoad = Math.round(process.memoryUsage().rss / 1e6);

  let adjacencySnapshotSeconds: number | undefined;
  let copyFloor: CopyFloor | undefined;
  if (store instanceof KuzuGraphStore) {
    const conn = await openRawKuzuConnection(dataDir);
    if (!conn) throw new Error('no raw connection');
    if (bulkLoad && !opts.skip.has('floor')) {
      // Right after our load, so both meet the same machine: the engine's COPY of the same graph, files ready.
      copyFloor = await measureCopyFloor(conn, input);
      log(`${engine}: engine COPY floor ${copyFloor.seconds} s (${copyFloor.statements} COPY, median ${copyFloor.medianCopyMs} ms each)`);
    }
    raw = kuzuRunner(conn);
    const t = performance.now();
    await store.prepareAdjacencyIndex();
    adjacencySnapshotSeconds = Math.round((performance.now() - t) / 100) / 10;
    log(`${engine}: adjacency snapshot in ${adjacencySnapshotSeconds} s`);
  }
  // As the server runs: traversals walk the graph index in this process (server/main.ts wraps the store).
  const indexed = withGraphIndex(store, { enabled: true, maxAgeMs: 0 });
  const ti = performance.now();
  await indexed.ready();
  const indexStatus = indexed.status();
  const graphIndex = {
    seconds: Math.round((performance.now() - ti) / 100) / 10,
    relationships: indexStatus.relationships ?? 0,
    bytesPerRelationship: Math.round(((indexStatus.bytes ?? 0) / Math.max(1, indexStatus.relationships ?? 0)) * 10) / 10,
  };
  log(`${engine}: graph index of ${graphIndex.relationships} relationships in ${graphIndex.seconds} s, ${graphIndex.bytesPerRelationship} B/rel`);
  if (!raw) throw new Error(`no raw runner for ${engine}`);
  const runRaw = raw;
  const native = NATIVE[engine];

  const vocabulary = await readVocabulary(SEED_DIR);
  const app = createApp({ store: indexed.store, console: { timeoutMs: 30_000, maxRows: 1_000, maxGraphNodes: 500 }, vocabulary, clientDir: CLIENT_DIR, log: (m, e) => log(`server: ${m} ${e instanceof Error ? e.message : ''}`) });
  const { url, server } = await listen(app);
  const random = createRandom(opts.seed + 1);
  const nodeSamples = pick(input.nodes, opts.samples, random).map((n) => ({ id: n.id, kind: n.kind }));
  const pairSamples = nodeSamples
    .map((a) => {
      const b = input.nodes[Math.floor(random() * input.nodes.length)] as { id: string; kind: string };
      return { from: a.id, to: b.id, fromKind: a.kind, toKind: b.kind };
    })
    .filter((p) => p.from !== p.to);
  const words = pick(input.nodes, opts.samples, random).map((n) => (n.name.split(' ')[0] ?? 'ka').slice(0, 4).toLowerCase());
  // The server keeps records it read (the graph index's record cache): each row that reads records gets
  // samples and warm-ups of its own, from a generator of its own so the rows above keep their samples.
  const fresh = createRandom(opts.seed + 2);
  const freshNodes = (n: number): Array<{ id: string; kind: string }> => pick(input.nodes, n, fresh).map((x) => ({ id: x.id, kind: x.kind }));
  const freshPairs = (n: number): Array<{ from: string; to: string; fromKind: string; toKind: string }> =>
    freshNodes(n * 2)
      .map((a, i, all) => ({ from: a.id, to: all[all.length - 1 - i]?.id ?? a.id, fromKind: a.kind, toKind: all[all.length - 1 - i]?.kind ?? a.kind }))
      .slice(0, n)
      .filter((x) => x.from !== x.to);
  const queries: QueryRow[] = [];
  const targets: QueryTargets = engine === 'embedded' ? EMBEDDED_TARGETS : NEO4J_TARGETS;
  const add = (query: string, rawText: string, r: Comparison, target?: QueryTarget): void => {
    const met = meetsTarget(target, r.api.p95, r.engine.p95);
    queries.push({ query, raw: rawText, ...r, ratio: Math.round((r.api.p95 / r.engine.p95) * 100) / 100, target: describeTarget(target), met });
    const failed = r.failures.api + r.failures.engine > 0 ? ` (failed: ${r.errors.join('; ')})` : '';
    log(`${engine}: ${query}: api p95 ${r.api.p95} ms, engine p95 ${r.engine.p95} ms${failed}`);
  };
  type Sample = { id: string; kind: string };
  type Pair = { from: string; to: string; fromKind: string; toKind: string };
  const node = (s: Sample): string => `${url}/api/nodes/${encodeURIComponent(s.id)}`;

  if (!opts.skip.has('queries')) {
    const skip = opts.skip;
    if (!skip.has('search')) add('search', native.search, await compare(words, (q) => getJson(`${url}/api/search?q=${encodeURIComponent(q)}&limit=10`), (q) => runRaw(native.search, { q })));
    add('node details', native.details('Kind'), await compare(nodeSamples, (s) => getJson(node(s)), (s) => runRaw(native.details(s.kind), { id: s.id })), targets.nodeDetails);
    // `--skip walks` leaves out the neighbourhood and path rows (a quick A/B of node details at 1M).
    if (!skip.has('walks')) {
      /** The statements of one raw answer, one after the other (a user of the engine would send them so). */
      const runAll = async (statements: readonly string[], params: Record<string, unknown>): Promise<number> => {
        let n = 0;
        for (const q of statements) n += await runRaw(q, params);
        return n;
      };
      const depth1Samples = freshNodes(opts.samples);
      add('neighbourhood depth 1', native.depth1('Kind').join(' ; '), await compare(depth1Samples, (s) => getJson(`${node(s)}/neighborhood?depth=1&limit=2000`), (s) => runAll(native.depth1(s.kind), { id: s.id }), freshNodes(2)));
      // The target is for neighbourhoods of at most 2,000 elements (nodes + edges): draw nodes until that many
      // samples qualify (hubs' depth-2 neighbourhoods hold tens of thousands of edges among 2,000 nodes).
      const depth2 = (s: Sample): Promise<unknown> => getJson(`${node(s)}/neighborhood?depth=2&limit=2000`);
      const smallBalls: Sample[] = [];
      const ballSize = engine === 'embedded' ? 'MATCH (a:`K`)-[]-(m)-[]-(b) WHERE a.id = $id RETURN DISTINCT b.id' : 'MATCH (a:Entity:`K` {id: $id})-[*1..2]-(b) RETURN DISTINCT b.id';
      for (let tries = 0; smallBalls.length < opts.samples + 2 && tries < opts.samples * 10; tries += 1) {
        const n = input.nodes[Math.floor(random() * input.nodes.length)] as Sample;
        // A cheap pre-check with the engine (few nodes within two hops), then the answer's size on the graph
        // index alone: asking the API would leave the records in its cache for the measured run.
        if ((await runRaw(ballSize.replace('`K`', `\`${n.kind}\``), { id: n.id })) > 250) continue;
        if ((await neighbourhoodSize(indexed.store, n.id, 2, 2000)) <= 2000) smallBalls.push({ id: n.id, kind: n.kind });
      }
      const [depth2Warmups, depth2Samples] = [smallBalls.slice(0, 2), smallBalls.slice(2)];
      add(
        'neighbourhood depth 2 (≤ 2,000 elements)',
        native.depth2('Kind').join(' ; '),
        await compare(depth2Samples, depth2, (s) => runAll(native.depth2(s.kind), { id: s.id }), depth2Warmups),
        targets.depth2,
      );
      const pathsApi = (p: Pair): Promise<unknown> => getJson(`${url}/api/paths?from=${encodeURIComponent(p.from)}&to=${encodeURIComponent(p.to)}&maxHops=6&limit=10`);
      /** A paths row on samples of its own. */
      const addPaths = async (query: string, rawText: string, api: (p: Pair) => Promise<unknown>, yardstick: (p: Pair) => Promise<unknown>, target: QueryTarget | undefined, samples = freshPairs(opts.samples)): Promise<void> => {
        add(query, rawText, await compare(samples, api, yardstick, freshPairs(2)), target);
      };
      await addPaths('paths k=10 ≤6 hops vs SHORTEST', native.shortest('K1', 'K2'), pathsApi, (p) => runRaw(native.shortest(p.fromKind, p.toKind), { from: p.from, to: p.to }), targets.pathsVsShortest, pairSamples);
      // The issue's own yardstick for paths: the same search and ranking on the graph index in this process,
      // no HTTP and no record read. The API row's distance to it is what reading records and the wire cost.
      const bareSearch = async (p: Pair): Promise<number> => (await rankPathIds(indexed.store, { from: p.from, to: p.to, maxHops: 6, limit: 10, direction: 'any' })).length;
      if (!skip.has('baresearch')) {
        await addPaths("paths k=10 ≤6 hops vs the index's bare search", 'rankPathIds on the graph index (no record read, no HTTP)', pathsApi, bareSearch, targets.pathsVsBareSearch);
      }
      if (!skip.has('allshortest')) await addPaths('paths k=10 ≤6 hops vs ALL SHORTEST', native.allShortest('K1', 'K2'), pathsApi, (p) => runRaw(native.allShortest(p.fromKind, p.toKind), { from: p.from, to: p.to }), targets.pathsVsAllShortest);
    }
    if (!skip.has('console')) add('console query', native.console('Kind'), await compare(nodeSamples, (s) => postJson(`${url}/api/cypher`, { query: native.console(s.kind), params: { id: s.id } }), (s) => runRaw(native.console(s.kind), { id: s.id })));
  }

  // Reading rows: the store's own streaming read of every relationship and node (what exports and readAll
  // use) and the console's read of narrow rows, each next to the engine draining the same rows with no
  // conversion and no pause, alternating over READ_ROUNDS rounds; the event loop is watched during ours.
  const read: ReadRow[] = [];
  const streamAll = async (chunks: AsyncIterable<unknown[]>): Promise<number> => {
    let n = 0;
    for await (const chunk of chunks) n += chunk.length;
    return n;
  };
  const rawTables = engine === 'embedded' ? await kuzuTableReads(dataDir) : undefined;
  const readPairs: Array<[string, string, () => Promise<number>, () => Promise<number>]> = [
    [
      'relationships, whole (store.streamEdges)',
      rawTables ? 'per table: MATCH (a)-[r:T]->(b) RETURN a.id, b.id, r.<every column>' : native.edgesWhole,
      () => streamAll(store.streamEdges('all', EXPORT_CHUNK_SIZE)),
      () => (rawTables ? rawTables.edges() : runRaw(native.edgesWhole, {})),
    ],
    [
      'nodes, whole (store.streamNodes)',
      rawTables ? 'per table: MATCH (n:K) RETURN n.<every column>' : native.nodesWhole,
      () => streamAll(store.streamNodes('all', EXPORT_CHUNK_SIZE)),
      () => (rawTables ? rawTables.nodes() : runRaw(native.nodesWhole, {})),
    ],
    [
      'console rows, 3 ids (store.runReadQuery)',
      native.readAll,
      async () => (await store.runReadQuery(native.readAll, {}, { timeoutMs: 600_000, maxRows: input.edges.length + 1 })).rows.length,
      () => runRaw(native.readAll, {}),
    ],
  ];
  for (const [what, rawText, ours, theirs] of opts.skip.has('read') ? [] : readPairs) {
    const apiRuns: Array<{ rowsPerSecond: number; stallMs: number; rows: number }> = [];
    const engineRuns: number[] = [];
    for (let round = 0; round < READ_ROUNDS; round += 1) {
      const order = round % 2 === 0 ? ['api', 'engine'] : ['engine', 'api'];
      for (const side of order) {
        if (side === 'engine') {
          const t = performance.now();
          const n = await theirs();
          engineRuns.push(n / ((performance.now() - t) / 1000));
        } else {
          const histogram = monitorEventLoopDelay({ resolution: 10 });
          histogram.enable();
          const t = performance.now();
          const n = await ours();
          const seconds = (performance.now() - t) / 1000;
          histogram.disable();
          apiRuns.push({ rows: n, rowsPerSecond: n / seconds, stallMs: histogram.max / 1e6 });
        }
      }
    }
    // The same watch over an idle event loop: on a shared machine the process itself waits for a core.
    const idle = monitorEventLoopDelay({ resolution: 10 });
    idle.enable();
    await new Promise((r) => setTimeout(r, 2_000));
    idle.disable();
    const apiRps = median(apiRuns.map((x) => x.rowsPerSecond));
    const engineRps = median(engineRuns);
    const row: ReadRow = {
      what,
      raw: rawText,
      rows: apiRuns[0]?.rows ?? 0,
      rowsPerSecond: Math.round(apiRps),
      engineRowsPerSecond: Math.round(engineRps),
      ratio: Math.round((apiRps / engineRps) * 100) / 100,
      maxEventLoopStallMs: Math.round(median(apiRuns.map((x) => x.stallMs))),
      idleEventLoopStallMs: Math.round(idle.max / 1e6),
      rounds: READ_ROUNDS,
    };
    read.push(row);
    log(`${engine}: read ${what}: ${row.rows} rows at ${row.rowsPerSecond}/s (engine ${row.engineRowsPerSecond}/s, ratio ${row.ratio}), longest stall ${row.maxEventLoopStallMs} ms (idle ${row.idleEventLoopStallMs} ms)`);
  }

  let http: EngineResult['http'];
  if (!opts.skip.has('http')) {
    const bare = express();
    bare.get('/health', (_req, res) => {
      res.json({ status: 'ok' });
    });
    const b = await listen(bare);
    // Alternating rounds, medians: the machine is shared, and load shifts within seconds.
    type Run = { rps: number; cpuUs: number };
    const runs = { bare: [] as Run[], health: [] as Run[], node: [] as Run[] };
    const nodeUrl = `${url}/api/nodes/${encodeURIComponent(nodeSamples[0]?.id ?? '')}`;
    for (let round = 0; round < HTTP_ROUNDS; round += 1) {
      runs.bare.push(await requestsPerSecond(`${b.url}/health`, 3));
      runs.health.push(await requestsPerSecond(`${url}/api/health`, 3));
      runs.node.push(await requestsPerSecond(nodeUrl, 3));
    }
    b.server.close();
    const rps = (xs: Run[]): number => Math.round(median(xs.map((x) => x.rps)));
    const cpuUs = (xs: Run[]): number => Math.round(median(xs.map((x) => x.cpuUs)));
    const bareExpressRps = rps(runs.bare);
    const apiHealthRps = rps(runs.health);
    const apiNodeRps = rps(runs.node);
    const cpuUsPerRequest = { bare: cpuUs(runs.bare), health: cpuUs(runs.health), node: cpuUs(runs.node) };
    http = { apiHealthRps, apiNodeRps, bareExpressRps, ratio: Math.round((apiHealthRps / bareExpressRps) * 100) / 100, cpuUsPerRequest, rounds: HTTP_ROUNDS };
    log(`${engine}: server CPU per request: bare ${cpuUsPerRequest.bare} µs, /api/health ${cpuUsPerRequest.health} µs, /api/nodes/:id ${cpuUsPerRequest.node} µs`);
    log(`${engine}: /api/health ${apiHealthRps} req/s, bare Express ${bareExpressRps} req/s`);
  }

  // Exports on the path the API takes (bench/export-measure.ts): the use case's first pass and the writer over
  // the store's streams, into a byte-counting sink; then one bare pass over the streams (the engine's floor)
  // and every writer alone, fed from the generated graph in memory.
  let exported: EngineResult['export'];
  if (!opts.skip.has('export')) {
    const readFloor = await measureReadFloor(store);
    log(`${engine}: read floor: ${readFloor.nodes + readFloor.edges} rows through streamNodes/streamEdges in ${readFloor.seconds} s (${readFloor.rowsPerSecond} rows/s), RSS +${readFloor.memory.rssMb} MB`);
    const endToEnd: ExportMeasurement[] = [];
    for (const format of END_TO_END_FORMATS) {
      const m = await measureExport(store, vocabulary, format);
      endToEnd.push(m);
      log(`${engine}: export ${format}: ${m.megabytes} MB at ${m.megabytesPerSecond} MB/s end to end (first pass ${m.prepareSeconds} s, write ${m.writeSeconds} s), RSS +${m.memory.rssMb} MB`);
    }
    const writerOnly: WriterOnly[] = [];
    for (const format of EXPORT_FORMATS) {
      const w = await measureWriterOnly(format, input, vocabulary);
      writerOnly.push(w);
      log(`${engine}: writer only ${format}: ${w.megabytes} MB at ${w.megabytesPerSecond} MB/s${w.uncompressedMegabytesPerSecond === undefined ? '' : ` (CSV text ${w.uncompressedMegabytesPerSecond} MB/s)`}`);
    }
    exported = { readFloor, endToEnd, writerOnly };
  }

  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await store.close();
  await closeRaw();
  if (engine === 'embedded' && opts.dataDir) {
    // Kept for the next run.
  } else if (engine === 'embedded') {
    // The Database stays open until exit (see kuzu-graph-store.ts); the folder goes at exit.
    process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  } else rmSync(dataDir, { recursive: true, force: true });
  return {
    engine,
    bulkLoad,
    copyFloor,
    adjacencySnapshotSeconds,
    graphIndex,
    queries,
    read,
    export: exported,
    http,
    rssMb: { afterLoad: rssAfterLoad, peak: Math.round(process.resourceUsage().maxRSS / 1e3) },
  };
}

/** Writes and prints the boundary comparison (see bench/engine-boundary.ts). */
async function reportBoundary(result: BoundaryResult, opts: Options): Promise<void> {
  const date = new Date().toISOString();
  const machine = { cpus: os.cpus().length, loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10), node: process.version };
  const report = { date, machine, options: { nodes: opts.nodes, edges: opts.edges, samples: opts.samples, seed: opts.seed }, boundary: result };
  await fs.mkdir(opts.out, { recursive: true });
  const file = path.join(opts.out, `boundary-${date.slice(0, 19).replace(/:/g, '-')}.json`);
  await fs.writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  const lines = [
    `Engine process boundary ${date}: ${opts.nodes} nodes, ${opts.edges} relationships, ${opts.samples} samples, ${machine.cpus} cores, load ${machine.loadAverage.join(' ')}`,
    '',
    table(
      ['request', 'n', 'in-process p50', 'engine-process p50', 'in-process p95', 'engine-process p95', 'p50 ratio', 'target'],
      result.small.map((r) => [r.what, r.n, r.p50['in process'], r.p50['engine process'], r.p95['in process'], r.p95['engine process'], r.ratio, '≤ 1.2']),
    ),
    '',
    table(
      ['read', 'rows', 'in-process rows/s', 'engine-process rows/s', 'ratio', 'target'],
      result.streams.map((r) => [`${r.what} (median of ${r.rounds})`, r.rows, r.rowsPerSecond['in process'], r.rowsPerSecond['engine process'], r.ratio, '≥ 0.8']),
    ),
    '',
    `load: in process ${result.load['in process'].seconds} s (adjacency ${result.load['in process'].adjacencySeconds} s), ` +
      `engine process ${result.load['engine process'].seconds} s (adjacency ${result.load['engine process'].adjacencySeconds} s)`,
    `Written to ${path.relative(process.cwd(), file)}`,
  ];
  console.log(lines.join('\n'));
  process.exit(0);
}

function table(headers: string[], rows: Array<Array<string | number>>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  const line = (cells: Array<string | number>): string => `| ${cells.map((c, i) => String(c).padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const log = (m: string): void => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}`);
  const vocabulary = await readVocabulary(SEED_DIR);
  if (opts.graphIndex) {
    const make = (): ReturnType<typeof generateSyntheticGraph> => generateSyntheticGraph(vocabulary, { nodes: opts.nodes, edges: opts.edges, seed: opts.seed });
    return printGraphIndexBench(await benchGraphIndex(make, opts.samples, opts.seed, log));
  }
  const tg = performance.now();
  const graph = generateSyntheticGraph(vocabulary, { nodes: opts.nodes, edges: opts.edges, seed: opts.seed });
  log(`generated ${graph.nodes.length} nodes, ${graph.edges.length} relationships in ${Math.round(performance.now() - tg)} ms`);
  const propertyTypes: Record<string, PropertyType> = { documents: 'string[]', yearFrom: 'number', yearTo: 'number' };
  for (const p of vocabulary.properties) propertyTypes[p.key] = p.type;
  const input: UpsertInput = { nodes: graph.nodes, edges: graph.edges, documents: graph.documents, propertyTypes };
  if (opts.boundary) return reportBoundary(await benchBoundary(input, vocabulary, opts.samples, opts.seed, log), opts);

  const results: EngineResult[] = [];
  for (const engine of opts.engines) results.push(await benchEngine(engine, input, opts, log));

  let cold: { emptyWithSeedMs: number; existingMs: number } | undefined;
  if (!opts.skip.has('cold')) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'multivector-cold-'));
    try {
      const emptyWithSeedMs = await coldStart(dir);
      const existingMs = await coldStart(dir);
      cold = { emptyWithSeedMs, existingMs };
      log(`cold start: empty + seed ${emptyWithSeedMs} ms, existing ${existingMs} ms`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const report = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10), node: process.version },
    options: { nodes: opts.nodes, edges: opts.edges, samples: opts.samples, seed: opts.seed },
    engines: results,
    coldStart: cold,
  };
  await fs.mkdir(opts.out, { recursive: true });
  const file = path.join(opts.out, `${report.date.slice(0, 19).replace(/:/g, '-')}.json`);
  await fs.writeFile(file, `${JSON.stringify(report, null, 2)}\n`);

  const lines: string[] = [];
  lines.push(`Multivector bench ${report.date}: ${opts.nodes} nodes, ${opts.edges} relationships, ${opts.samples} samples, ${report.machine.cpus} cores, load ${report.machine.loadAverage.join(' ')}`);
  for (const r of results) {
    lines.push('', `Engine: ${r.engine}`);
    lines.push(
      table(
        ['query', 'n', 'API p50', 'API p95', 'API max', 'engine p50', 'engine p95', 'engine max', 'p95 ratio', 'failed api/engine', 'target', 'met'],
        r.queries.map((q) => [q.query, q.api.n, q.api.p50, q.api.p95, q.api.max, q.engine.p50, q.engine.p95, q.engine.max, q.ratio, `${q.failures.api}/${q.failures.engine}`, q.target, q.met === undefined ? '' : q.met ? 'yes' : 'NO']),
      ),
    );
    for (const q of r.queries) for (const e of q.errors) lines.push(`  ${q.query} failed: ${e}`);
    const other: Array<[string, string | number, string]> = [
      ['bulk load', r.bulkLoad ? `${r.bulkLoad.relationshipsPerSecond} rels/s (${r.bulkLoad.seconds} s)` : 'not run (reused --data-dir)', '≥ 200k rels/s'],
      ...(r.copyFloor
        ? [['bulk load, engine: COPY of ready files', `${r.copyFloor.relationshipsPerSecond} rels/s (${r.copyFloor.seconds} s, ${r.copyFloor.statements} COPY, median ${r.copyFloor.medianCopyMs} ms)`, ''] as [string, string, string]]
        : []),
      ...r.read.map((x): [string, string, string] => [
        `read ${x.what}`,
        `${x.rowsPerSecond} rows/s (engine ${x.engineRowsPerSecond}, ratio ${x.ratio}), longest stall ${x.maxEventLoopStallMs} ms (idle loop ${x.idleEventLoopStallMs} ms); ${x.rows} rows, median of ${x.rounds}`,
        r.engine === 'neo4j' ? 'ratio ≥ 0.8, stall ≤ 50 ms' : '≥ 1M rows/s, stall ≤ 50 ms',
      ]),
      ['RSS after load / peak', `${r.rssMb.afterLoad} / ${r.rssMb.peak} MB`, ''],
    ];
    if (r.adjacencySnapshotSeconds !== undefined) other.push(['adjacency snapshot build', `${r.adjacencySnapshotSeconds} s`, '']);
    if (r.graphIndex) other.push(['graph index build (server)', `${r.graphIndex.seconds} s, ${r.graphIndex.bytesPerRelationship} B/rel`, '≤ 48 B/rel']);
    if (r.http) other.push(['small endpoint req/s', `/api/health ${r.http.apiHealthRps}, /api/nodes/:id ${r.http.apiNodeRps}, bare Express ${r.http.bareExpressRps} (ratio ${r.http.ratio}); server CPU/request µs bare ${r.http.cpuUsPerRequest.bare}, health ${r.http.cpuUsPerRequest.health}, node ${r.http.cpuUsPerRequest.node}; medians of ${r.http.rounds} rounds`, '≥ 0.8 × bare']);
    if (r.export) {
      const f = r.export.readFloor;
      other.push(['export read floor (one bare pass over the streams)', `${f.rowsPerSecond} rows/s (${f.seconds} s, CPU ${f.cpuSeconds} s), RSS +${f.memory.rssMb} MB`, '']);
      for (const e of r.export.endToEnd) {
        const rate = e.uncompressedMegabytesPerSecond === undefined ? `${e.megabytesPerSecond} MB/s` : `${e.megabytesPerSecond} MB/s zip, ${e.uncompressedMegabytesPerSecond} MB/s CSV text`;
        const size = e.uncompressedMegabytes === undefined ? `${e.megabytes} MB` : `${e.megabytes} MB zip, ${e.uncompressedMegabytes} MB CSV`;
        const m = e.memory;
        other.push([
          `export ${e.format} end to end`,
          `${rate} (${size}; first pass ${e.prepareSeconds} s, write ${e.writeSeconds} s, CPU ${e.cpuSeconds} s), RSS +${m.rssMb} MB (heap ${m.heapMb}, external ${m.externalMb}, native ${m.nativeMb})`,
          '≥ 100 MB/s, RSS ≤ +100 MB',
        ]);
      }
      for (const w of r.export.writerOnly) {
        const rate = w.uncompressedMegabytesPerSecond === undefined ? `${w.megabytesPerSecond} MB/s` : `${w.megabytesPerSecond} MB/s zip, ${w.uncompressedMegabytesPerSecond} MB/s CSV text`;
        other.push([`export ${w.format} writer only (from memory)`, `${rate}, ${w.megabytes} MB${w.format === 'csv' ? ' zip' : ''}, ${w.seconds} s, CPU ${w.cpuSeconds} s`, '']);
      }
    }
    lines.push('', table(['measure', 'value', 'target'], other));
  }
  if (cold) lines.push('', table(['cold start', 'ms', 'target'], [['empty DATA_DIR + seed', cold.emptyWithSeedMs, '≤ 3000'], ['existing DATA_DIR', cold.existingMs, '≤ 3000']]));
  lines.push('', `Written to ${path.relative(process.cwd(), file)}`);
  console.log(lines.join('\n'));
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
