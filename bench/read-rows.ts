/**
 * The bench's read rows on a loaded folder, in this process and behind the engine process (as the server
 * runs the embedded engine), alternating: `streamEdges` and `streamNodes` whole in the export's chunks of
 * 1,000, and a console read of every relationship's three ids (`runReadQuery`). Each measurement runs in a
 * process of its own (a folder's lock is held until its Database closes), so the two sides take turns on
 * the same folder and the machine's load hits both alike. Prints rows/s medians, the engine process's
 * ratio to in process, its server CPU and longest event-loop delay.
 *
 *   npm run build:server && npx tsc -p bench/tsconfig.json
 *   node dist/bench/read-rows.js --data-dir DIR [--rounds 3] [--reads edges,nodes,console]
 */
import { spawnSync } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { EXPORT_CHUNK_SIZE } from '../server/domain/export-selection';
import type { GraphStore } from '../server/domain/ports/graph-store';
import { KuzuGraphStore } from '../server/stores/kuzu/kuzu-graph-store';
import { EngineProcessStore } from '../server/stores/kuzu/engine-process/engine-process-store';

const PLACEMENTS = ['in-process', 'engine-process'] as const;
type Placement = (typeof PLACEMENTS)[number];
const READS = ['edges', 'nodes', 'console'] as const;
type Read = (typeof READS)[number];
/** The bench's console row (run-bench.ts, NATIVE.embedded.readAll). */
const CONSOLE_QUERY = 'MATCH (a)-[r]->(b) RETURN r.id AS id, a.id AS s, b.id AS t';

interface Measured {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  /** CPU of the process that read (the server's side when the engine runs apart). */
  cpuSeconds: number;
  maxStallMs: number;
}

async function measureOne(dataDir: string, placement: Placement, read: Read): Promise<Measured> {
  const store: GraphStore = placement === 'engine-process' ? await EngineProcessStore.open({ dataDir }) : await KuzuGraphStore.open({ dataDir });
  await store.init();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const cpu = process.cpuUsage();
  const started = performance.now();
  let rows = 0;
  if (read === 'console') {
    rows = (await store.runReadQuery(CONSOLE_QUERY, {}, { timeoutMs: 600_000, maxRows: 10_000_000 })).rows.length;
  } else {
    for await (const chunk of read === 'edges' ? store.streamEdges('all', EXPORT_CHUNK_SIZE) : store.streamNodes('all', EXPORT_CHUNK_SIZE)) rows += chunk.length;
  }
  const seconds = (performance.now() - started) / 1000;
  delay.disable();
  const used = process.cpuUsage(cpu);
  if (placement === 'engine-process') await store.close();
  return { rows, seconds: round(seconds, 2), rowsPerSecond: Math.round(rows / seconds), cpuSeconds: round((used.user + used.system) / 1e6, 2), maxStallMs: Math.round(delay.max / 1e6) };
}

function round(x: number, digits: number): number {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

async function main(): Promise<void> {
  const [mode, dir, where, what] = process.argv.slice(2);
  if (mode === 'one' && dir && where && what) {
    process.stdout.write(`${JSON.stringify(await measureOne(dir, where as Placement, what as Read))}\n`);
    process.exit(0);
  }
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, rounds: { type: 'string' }, reads: { type: 'string' } }, strict: true });
  const dataDir = values['data-dir'];
  if (!dataDir) throw new Error('--data-dir: a folder `npm run bench -- --data-dir DIR` loaded');
  const rounds = Number(values.rounds ?? 3);
  if (!Number.isInteger(rounds) || rounds <= 0) throw new Error(`--rounds must be a positive integer, got "${values.rounds}"`);
  const reads = (values.reads?.split(',') ?? [...READS]) as Read[];
  const unknown = reads.filter((r) => !(READS as readonly string[]).includes(r));
  if (unknown.length > 0) throw new Error(`--reads: unknown ${unknown.join(', ')}; known: ${READS.join(', ')}`);
  const runs = new Map<string, Measured[]>();
  for (let r = 0; r < rounds; r += 1) {
    for (const read of reads) {
      // Alternating which side goes first, round by round.
      for (const placement of r % 2 === 0 ? PLACEMENTS : [...PLACEMENTS].reverse()) {
        const child = spawnSync(process.execPath, [__filename, 'one', dataDir, placement, read], { encoding: 'utf8' });
        if (child.status !== 0) throw new Error(`${read} ${placement} failed: ${child.stderr}`);
        const m = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as Measured;
        process.stderr.write(`round ${r + 1} ${read} ${placement}: ${m.rowsPerSecond} rows/s, ${m.seconds} s, CPU ${m.cpuSeconds} s, stall ${m.maxStallMs} ms\n`);
        const key = `${read} ${placement}`;
        runs.set(key, [...(runs.get(key) ?? []), m]);
      }
    }
  }
  console.log(`| read (median of ${rounds}) | rows | in process rows/s | engine process rows/s | ratio | engine process: server CPU s, longest stall ms |`);
  console.log('|---|---|---|---|---|---|');
  for (const read of reads) {
    const inside = runs.get(`${read} in-process`) ?? [];
    const apart = runs.get(`${read} engine-process`) ?? [];
    const a = median(inside.map((m) => m.rowsPerSecond));
    const b = median(apart.map((m) => m.rowsPerSecond));
    console.log(`| ${read} | ${inside[0]?.rows ?? 0} | ${Math.round(a)} | ${Math.round(b)} | ${round(b / a, 2)} | ${median(apart.map((m) => m.cpuSeconds))}, ${median(apart.map((m) => m.maxStallMs))} |`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
