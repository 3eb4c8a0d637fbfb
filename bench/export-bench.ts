/**
 * Export throughput and memory: every format of the whole graph, for the seed graph and a synthetic graph
 * (default 20k nodes, 100k relationships), each format in its own process so its peak RSS is its own.
 * Measures the use case and writer end to end (both passes over the engine, no HTTP), output discarded.
 *
 *   npm run bench:export                      # BENCH_NODES=20000 BENCH_EDGES=100000 by default
 *
 * The synthetic store is built once in the temp folder and reused by later runs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXPORT_FORMATS, type ExportFormat } from '../server/domain/export-request';
import { prepareExport } from '../server/domain/export-selection';
import { seedStore } from '../server/domain/seed-graph';
import { writerFor } from '../server/export/export-writer';
import { readVocabulary } from '../server/seed/seed-loader';
import { KuzuGraphStore } from '../server/stores/kuzu/kuzu-graph-store';
import { syntheticGraph } from './export-sample-graph';

interface Measurement {
  format: ExportFormat;
  megabytes: number;
  seconds: number;
  mbPerSecond: number;
  rssBeforeMb: number;
  peakRssMb: number;
  /** The JavaScript heap's peak: flat if the graph is never held in JavaScript memory. */
  peakHeapMb: number;
}

const MB = 1024 * 1024;

async function measure(dataDir: string, format: ExportFormat): Promise<Measurement> {
  const store = await KuzuGraphStore.open({ dataDir });
  await store.init();
  const vocabulary = await readVocabulary();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  let peakHeap = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const sampler = setInterval(sample, 20);
  const started = performance.now();
  const prepared = await prepareExport({ store, vocabulary, console: { timeoutMs: 60_000 } }, { format, selection: { kind: 'all' } });
  let bytes = 0;
  for await (const chunk of writerFor(format)(prepared.input)) {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk, 'utf8') : chunk.length;
    sample();
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  sample();
  const round = (x: number): number => Math.round(x * 10) / 10;
  return { format, megabytes: Math.round((bytes / MB) * 100) / 100, seconds: Math.round(seconds * 100) / 100, mbPerSecond: round(bytes / MB / seconds), rssBeforeMb: round(rssBefore / MB), peakRssMb: round(peak / MB), peakHeapMb: round(peakHeap / MB) };
}

async function build(dataDir: string, kind: 'seed' | 'synthetic', nodes: number, edges: number): Promise<void> {
  if (existsSync(path.join(dataDir, 'multivector.kuzu'))) return;
  const store = await KuzuGraphStore.open({ dataDir });
  await store.init();
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

async function main(): Promise<void> {
  const [mode, dataDir, format] = process.argv.slice(2);
  const nodes = Number(process.env.BENCH_NODES ?? 20_000);
  const edges = Number(process.env.BENCH_EDGES ?? 100_000);
  if (mode === 'one' && dataDir && format) {
    process.stdout.write(`${JSON.stringify(await measure(dataDir, format as ExportFormat))}\n`);
    return;
  }
  if (mode === 'build' && dataDir && format) {
    await build(dataDir, format as 'seed' | 'synthetic', nodes, edges);
    return;
  }
  const graphs: Array<{ name: string; dir: string; kind: 'seed' | 'synthetic' }> = [
    { name: 'seed graph (135 nodes, 316 relationships)', dir: path.join(os.tmpdir(), 'multivector-export-bench-seed'), kind: 'seed' },
    { name: `synthetic (${nodes} nodes, ${edges} relationships)`, dir: path.join(os.tmpdir(), `multivector-export-bench-${nodes}-${edges}`), kind: 'synthetic' },
  ];
  for (const g of graphs) {
    // Each step in its own process: a process keeps a Kuzu database open until it exits (see the store).
    const built = spawnSync(process.execPath, [__filename, 'build', g.dir, g.kind], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error(`building the ${g.kind} store failed`);
    console.log(`\n${g.name}\n| format | MB | s | MB/s | RSS before MB | peak RSS MB | peak JS heap MB |\n|---|---|---|---|---|---|---|`);
    for (const f of EXPORT_FORMATS) {
      const child = spawnSync(process.execPath, [__filename, 'one', g.dir, f], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`${f} failed: ${child.stderr}`);
      const m = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as Measurement;
      console.log(`| ${f} | ${m.megabytes} | ${m.seconds} | ${m.mbPerSecond} | ${m.rssBeforeMb} | ${m.peakRssMb} | ${m.peakHeapMb} |`);
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
