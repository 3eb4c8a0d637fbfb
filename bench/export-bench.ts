/**
 * Export throughput and memory (bench/export-measure.ts): every format of the whole graph through the
 * export use case and the store's streams, output counted and discarded, each format in its own process
 * so its RSS is its own. Each process first makes one read-only pass over the streams (the floor: the
 * engine's rows/s and RSS growth, which also warms Kuzu's buffer pool), then runs the export.
 *
 *   npm run bench:export                                   # seed graph and a 20k / 100k synthetic graph
 *   npm run bench:export -- --data-dir /tmp/mv-1m          # a folder `npm run bench -- --data-dir` loaded
 *   npm run bench:export -- --data-dir /tmp/mv-1m --formats csv,graphml
 *   npm run bench:export -- --data-dir /tmp/mv-1m --engine-process   # behind the engine process, as the server runs
 *
 * Without --data-dir, the synthetic store (BENCH_NODES, BENCH_EDGES) is built once in the temp folder and
 * reused by later runs. The store opens with the app's buffer pool (512 MB) unless BENCH_BUFFER_POOL_MB says.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, type ExportFormat } from '../server/domain/export-request';
import { seedStore } from '../server/domain/seed-graph';
import { readVocabulary } from '../server/seed/seed-loader';
import type { GraphStore } from '../server/domain/ports/graph-store';
import { KuzuGraphStore } from '../server/stores/kuzu/kuzu-graph-store';
import { EngineProcessStore } from '../server/stores/kuzu/engine-process/engine-process-store';
import { syntheticGraph } from './export-sample-graph';
import { measureExport, measureReadFloor, type ExportMeasurement, type ReadFloor } from './export-measure';

/** Where the measured store runs: in this process, or behind the engine process as the server runs it. */
type Placement = 'in-process' | 'engine-process';

async function open(dataDir: string, placement: Placement = 'in-process'): Promise<GraphStore> {
  const poolMb = Number(process.env.BENCH_BUFFER_POOL_MB ?? 0);
  const options = { dataDir, ...(poolMb > 0 ? { bufferPoolBytes: poolMb * 1024 * 1024 } : {}) };
  const store = placement === 'engine-process' ? await EngineProcessStore.open(options) : await KuzuGraphStore.open(options);
  await store.init();
  return store;
}

async function measureOne(dataDir: string, format: ExportFormat, placement: Placement): Promise<{ floor: ReadFloor; export: ExportMeasurement }> {
  const store = await open(dataDir, placement);
  const vocabulary = await readVocabulary();
  const floor = await measureReadFloor(store);
  const measured = { floor, export: await measureExport(store, vocabulary, format) };
  // The engine process exits with its store; in process the Database stays open until exit (see the store).
  if (placement === 'engine-process') await store.close();
  return measured;
}

/** A folder a store has written: the generation pointer (CURRENT) or the older single database file. */
function holdsStore(dir: string): boolean {
  return existsSync(path.join(dir, 'CURRENT')) || existsSync(path.join(dir, 'multivector.kuzu'));
}

async function build(dataDir: string, kind: 'seed' | 'synthetic', nodes: number, edges: number): Promise<void> {
  if (holdsStore(dataDir)) return;
  const store = await open(dataDir);
  const started = Date.now();
  if (kind === 'seed') await seedStore(store);
  else {
    const graph = syntheticGraph({ nodes, edges });
    const step = 10_000;
    await store.upsert({ ...graph, edges: [] });
    for (let i = 0; i < graph.edges.length; i += step) {
      await store.upsert({ ...graph, nodes: [], documents: [], edges: graph.edges.slice(i, i + step) });
      process.stderr.write(`  ${Math.min(i + step, edges)} / ${edges} relationships\n`);
    }
  }
  const counts = await store.counts();
  process.stderr.write(`built ${kind} store: ${counts.nodes} nodes, ${counts.edges} relationships in ${Math.round((Date.now() - started) / 1000)} s\n`);
  await store.close();
}

function report(name: string, dir: string, formats: readonly ExportFormat[], placement: Placement): void {
  console.log(`\n${name} (${placement})`);
  console.log('| format | MB | MB/s | first pass s | write s | CPU s | RSS +MB (heap / external / native) | read floor: rows/s, s, CPU s, RSS +MB |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const f of formats) {
    // Each format in its own process: a process keeps a Kuzu database open until it exits (see the store).
    const child = spawnSync(process.execPath, [__filename, 'one', dir, f, placement], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`${f} failed: ${child.stderr}`);
    const { floor, export: m } = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as { floor: ReadFloor; export: ExportMeasurement };
    const size = m.uncompressedMegabytes === undefined ? `${m.megabytes}` : `${m.megabytes} zip (${m.uncompressedMegabytes} CSV)`;
    const rate = m.uncompressedMegabytesPerSecond === undefined ? `${m.megabytesPerSecond}` : `${m.megabytesPerSecond} zip (${m.uncompressedMegabytesPerSecond} CSV)`;
    const mem = m.memory;
    console.log(
      `| ${f} | ${size} | ${rate} | ${m.prepareSeconds} | ${m.writeSeconds} | ${m.cpuSeconds} | ${mem.rssMb} (${mem.heapMb} / ${mem.externalMb} / ${mem.nativeMb}) | ` +
        `${floor.rowsPerSecond}, ${floor.seconds}, ${floor.cpuSeconds}, ${floor.memory.rssMb} |`,
    );
  }
}

async function main(): Promise<void> {
  const [mode, dataDir, arg, where] = process.argv.slice(2);
  if (mode === 'one' && dataDir && arg) {
    process.stdout.write(`${JSON.stringify(await measureOne(dataDir, arg as ExportFormat, where === 'engine-process' ? 'engine-process' : 'in-process'))}\n`);
    // The engine process's supervisor may keep handles open: the measurement is written, so leave.
    process.exit(0);
    return;
  }
  if (mode === 'build' && dataDir && arg) {
    await build(dataDir, arg as 'seed' | 'synthetic', Number(process.env.BENCH_NODES ?? 20_000), Number(process.env.BENCH_EDGES ?? 100_000));
    return;
  }
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, formats: { type: 'string' }, 'engine-process': { type: 'boolean' } }, strict: true });
  const placement: Placement = values['engine-process'] ? 'engine-process' : 'in-process';
  const formats = (values.formats?.split(',') ?? [...EXPORT_FORMATS]) as ExportFormat[];
  const unknown = formats.filter((f) => !(EXPORT_FORMATS as readonly string[]).includes(f));
  if (unknown.length > 0) throw new Error(`--formats: unknown ${unknown.join(', ')}; known: ${EXPORT_FORMATS.join(', ')}`);
  if (values['data-dir']) {
    const dir = path.resolve(values['data-dir']);
    if (!holdsStore(dir)) throw new Error(`--data-dir: ${dir} holds no Multivector store`);
    report(`store in ${dir}`, dir, formats, placement);
    return;
  }
  const nodes = Number(process.env.BENCH_NODES ?? 20_000);
  const edges = Number(process.env.BENCH_EDGES ?? 100_000);
  const graphs: Array<{ name: string; dir: string; kind: 'seed' | 'synthetic' }> = [
    { name: 'seed graph (135 nodes, 316 relationships)', dir: path.join(os.tmpdir(), 'multivector-export-bench-seed'), kind: 'seed' },
    { name: `synthetic (${nodes} nodes, ${edges} relationships)`, dir: path.join(os.tmpdir(), `multivector-export-bench-${nodes}-${edges}`), kind: 'synthetic' },
  ];
  for (const g of graphs) {
    const built = spawnSync(process.execPath, [__filename, 'build', g.dir, g.kind], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error(`building the ${g.kind} store failed`);
    report(g.name, g.dir, formats, placement);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
