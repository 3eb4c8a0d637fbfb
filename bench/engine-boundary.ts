/**
 * The cost of the engine process boundary (`npm run bench -- --boundary`): the same graph loaded into the
 * embedded engine twice, once opened in this process (KuzuGraphStore, as the server ran it before) and once
 * behind the engine process (EngineProcessStore, as the server runs it now), each served by its own app.
 * Small endpoints are timed per request, the two sides alternating per sample; whole-graph reads (the
 * streams exports use, and a console read of many rows) alternate per round. Medians and ratios, so load
 * on the shared machine hits both alike. Targets: small reads p50 ≤ 1.2 × in process, streamed rows/s
 * ≥ 0.8 × in process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type express from 'express';
import { createApp, DEFAULT_SECURITY } from '../server/http/create-app';
import { CLIENT_DIR } from '../server/project-paths';
import type { Vocabulary } from '../server/domain/seed-schema';
import { EXPORT_CHUNK_SIZE } from '../server/domain/export-selection';
import type { GraphStore, UpsertInput } from '../server/domain/ports/graph-store';
import { KuzuGraphStore } from '../server/stores/kuzu/kuzu-graph-store';
import { EngineProcessStore } from '../server/stores/kuzu/engine-process/engine-process-store';
import { createRandom } from './synthetic-graph';

const SIDES = ['in process', 'engine process'] as const;
type Side = (typeof SIDES)[number];
const STREAM_ROUNDS = 5;
const BUFFER_POOL_BYTES = 512 * 1024 * 1024;

export interface BoundarySmallRow {
  what: string;
  n: number;
  p50: Record<Side, number>;
  p95: Record<Side, number>;
  /** Engine process p50 / in process p50 (target ≤ 1.2). */
  ratio: number;
}

export interface BoundaryStreamRow {
  what: string;
  rows: number;
  rowsPerSecond: Record<Side, number>;
  /** Engine process rows/s / in process rows/s (target ≥ 0.8). */
  ratio: number;
  rounds: number;
}

export interface BoundaryResult {
  load: Record<Side, { seconds: number; adjacencySeconds: number }>;
  small: BoundarySmallRow[];
  streams: BoundaryStreamRow[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

async function listen(app: express.Express): Promise<{ url: string; server: Server }> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function request(url: string, body?: unknown): Promise<void> {
  const res = await fetch(url, body === undefined ? undefined : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 300)}`);
}

export async function benchBoundary(input: UpsertInput, vocabulary: Vocabulary, samples: number, seed: number, log: (m: string) => void): Promise<BoundaryResult> {
  const dirs = SIDES.map(() => mkdtempSync(path.join(os.tmpdir(), 'multivector-boundary-')));
  // The in-process Database stays open until exit (see kuzu-graph-store.ts): the folders go then.
  process.once('exit', () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const stores: Record<Side, GraphStore & { prepareAdjacencyIndex(): Promise<void> }> = {
    'in process': await KuzuGraphStore.open({ dataDir: dirs[0] as string, bufferPoolBytes: BUFFER_POOL_BYTES }),
    'engine process': await EngineProcessStore.open({ dataDir: dirs[1] as string, bufferPoolBytes: BUFFER_POOL_BYTES }),
  };
  const load = {} as BoundaryResult['load'];
  const urls = {} as Record<Side, string>;
  const servers: Server[] = [];
  for (const side of SIDES) {
    const store = stores[side];
    await store.init();
    let t = performance.now();
    await store.bulkLoad(input);
    const seconds = (performance.now() - t) / 1000;
    t = performance.now();
    await store.prepareAdjacencyIndex();
    load[side] = { seconds: round2(seconds), adjacencySeconds: round2((performance.now() - t) / 1000) };
    log(`boundary: ${side}: loaded in ${load[side].seconds} s, adjacency index in ${load[side].adjacencySeconds} s`);
    // Rate limits off: every sample comes from this one client.
    const security = { ...DEFAULT_SECURITY, rateLimit: { windowMs: 60_000, cypher: 1e9, export: 1e9, graph: 1e9 } };
    const app = createApp({ store, console: { timeoutMs: 30_000, maxRows: 1_000, maxGraphNodes: 500 }, vocabulary, clientDir: CLIENT_DIR, security, log: (m) => log(`server: ${m}`) });
    const { url, server } = await listen(app);
    urls[side] = url;
    servers.push(server);
  }

  const random = createRandom(seed + 7);
  const nodes = Array.from({ length: samples }, () => input.nodes[Math.floor(random() * input.nodes.length)] as (typeof input.nodes)[number]);
  const endpoints: Array<[string, (base: string, i: number) => Promise<void>]> = [
    ['GET /api/health', (base) => request(`${base}/api/health`)],
    ['GET /api/nodes/:id', (base, i) => request(`${base}/api/nodes/${encodeURIComponent(nodes[i]?.id ?? '')}`)],
    ['GET /api/search', (base, i) => request(`${base}/api/search?q=${encodeURIComponent((nodes[i]?.name ?? 'a').slice(0, 4).toLowerCase())}&limit=10`)],
    ['GET /api/nodes/:id/neighborhood depth 1', (base, i) => request(`${base}/api/nodes/${encodeURIComponent(nodes[i]?.id ?? '')}/neighborhood?depth=1&limit=2000`)],
    [
      'POST /api/cypher (one node, 100 rows at most)',
      (base, i) =>
        request(`${base}/api/cypher`, { query: `MATCH (a:\`${nodes[i]?.kind ?? ''}\`)-[r]->(b) WHERE a.id = $id RETURN a.name AS a, label(r) AS type, b.name AS b LIMIT 100`, params: { id: nodes[i]?.id } }),
    ],
  ];
  const small: BoundarySmallRow[] = [];
  for (const [what, run] of endpoints) {
    const times: Record<Side, number[]> = { 'in process': [], 'engine process': [] };
    for (const side of SIDES) for (let w = 0; w < 3; w += 1) await run(urls[side], w % samples);
    for (let i = 0; i < samples; i += 1) {
      for (const side of i % 2 === 0 ? SIDES : [...SIDES].reverse()) {
        const t = performance.now();
        await run(urls[side], i);
        times[side].push(performance.now() - t);
      }
    }
    const p50 = { 'in process': round2(median(times['in process'])), 'engine process': round2(median(times['engine process'])) };
    const p95 = { 'in process': round2(quantile(times['in process'], 0.95)), 'engine process': round2(quantile(times['engine process'], 0.95)) };
    const row = { what, n: samples, p50, p95, ratio: round2(p50['engine process'] / p50['in process']) };
    small.push(row);
    log(`boundary: ${what}: p50 ${p50['in process']} ms in process, ${p50['engine process']} ms engine process (ratio ${row.ratio})`);
  }

  const countChunks = async (chunks: AsyncIterable<unknown[]>): Promise<number> => {
    let n = 0;
    for await (const chunk of chunks) n += chunk.length;
    return n;
  };
  const reads: Array<[string, (store: GraphStore) => Promise<number>]> = [
    ['relationships, whole (store.streamEdges)', (store) => countChunks(store.streamEdges('all', EXPORT_CHUNK_SIZE))],
    ['nodes, whole (store.streamNodes)', (store) => countChunks(store.streamNodes('all', EXPORT_CHUNK_SIZE))],
    [
      'console rows, 3 ids (store.runReadQuery)',
      async (store) => (await store.runReadQuery('MATCH (a)-[r]->(b) RETURN r.id AS id, a.id AS s, b.id AS t', {}, { timeoutMs: 600_000, maxRows: input.edges.length + 1 })).rows.length,
    ],
  ];
  const streams: BoundaryStreamRow[] = [];
  for (const [what, read] of reads) {
    const rates: Record<Side, number[]> = { 'in process': [], 'engine process': [] };
    let rows = 0;
    for (let r = 0; r < STREAM_ROUNDS; r += 1) {
      for (const side of r % 2 === 0 ? SIDES : [...SIDES].reverse()) {
        const t = performance.now();
        rows = await read(stores[side]);
        rates[side].push(rows / ((performance.now() - t) / 1000));
      }
    }
    const rowsPerSecond = { 'in process': Math.round(median(rates['in process'])), 'engine process': Math.round(median(rates['engine process'])) };
    const row = { what, rows, rowsPerSecond, ratio: round2(rowsPerSecond['engine process'] / rowsPerSecond['in process']), rounds: STREAM_ROUNDS };
    streams.push(row);
    log(`boundary: read ${what}: ${rowsPerSecond['in process']} rows/s in process, ${rowsPerSecond['engine process']} rows/s engine process (ratio ${row.ratio})`);
  }

  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
  for (const side of SIDES) await stores[side].close();
  return { load, small, streams };
}
