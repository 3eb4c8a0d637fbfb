/**
 * What a small write costs on the embedded engine: a 15-record import (5 countries, 5 bases, 5 relationships)
 * into the seed graph, then into the seed graph plus a synthetic 10k-node / 100k-relationship load, each
 * repeated and reported as median and max wall time. Every embedded write copies the database file and swaps
 * the copy in (see server/stores/kuzu/kuzu-generations.ts), so this is the price of that promise.
 *
 *   npx esbuild bench/small-write-bench.ts --bundle --platform=node --packages=external --outfile=dist/bench/small-write-bench.js
 *   node dist/bench/small-write-bench.js [repeats]
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KuzuGraphStore } from '../server/stores/kuzu/kuzu-graph-store';
import { seedStore } from '../server/domain/seed-graph';
import { importGraph } from '../server/domain/import-graph';
import { readVocabulary } from '../server/seed/seed-loader';
import { SEED_DIR } from '../server/project-paths';
import { syntheticGraph } from './export-sample-graph';

const repeats = Number(process.argv[2] ?? 5);

function smallImport(dir: string, prefix: string): string {
  const doc = { id: 'doc-bench.txt', publisher: 'Bench', title: 'Small write', published: '2021' };
  const nodes = [];
  const edges = [];
  for (let i = 0; i < 5; i += 1) {
    nodes.push({ id: `${prefix}-c${i}`, kind: 'Country', name: `C ${prefix} ${i}`, aliases: [], properties: { population: i } });
    nodes.push({ id: `${prefix}-b${i}`, kind: 'MilitaryBase', name: `B ${prefix} ${i}`, aliases: [], properties: {} });
    edges.push({ id: `${prefix}-e${i}`, type: 'HOSTS_BASE', source: `${prefix}-c${i}`, target: `${prefix}-b${i}`, properties: {}, sources: [{ document: doc.id, quote: 'q' }] });
  }
  const file = path.join(dir, `${prefix}.json`);
  writeFileSync(file, JSON.stringify({ documents: [doc], nodes, edges }));
  return file;
}

function folderBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + (statSync(path.join(dir, f)).isFile() ? statSync(path.join(dir, f)).size : 0), 0);
}

async function measure(store: KuzuGraphStore, label: string, dataDir: string, inputs: string): Promise<void> {
  const vocabulary = await readVocabulary(SEED_DIR);
  const times: number[] = [];
  for (let r = 0; r < repeats; r += 1) {
    const file = smallImport(inputs, `${label}${r}`);
    const started = performance.now();
    await importGraph(store, [{ name: path.basename(file), path: file }], { actor: 'bench', vocabulary });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const counts = await store.counts();
  console.log(
    `${label}: ${counts.nodes} nodes, ${counts.edges} relationships, folder ${(folderBytes(dataDir) / 2 ** 20).toFixed(0)} MB: ` +
      `small import median ${times[Math.floor(times.length / 2)]?.toFixed(0)} ms, max ${times[times.length - 1]?.toFixed(0)} ms (${repeats} runs)`,
  );
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'multivector-small-write-'));
  const inputs = mkdtempSync(path.join(os.tmpdir(), 'multivector-small-write-in-'));
  try {
    const store = await KuzuGraphStore.open({ dataDir, bufferPoolBytes: 512 * 2 ** 20, importBufferPoolBytes: 1024 * 2 ** 20 });
    await store.init();
    await seedStore(store, SEED_DIR);
    await measure(store, 'seed graph', dataDir, inputs);
    await store.bulkLoad(syntheticGraph({ nodes: 10_000, edges: 100_000, quoteChars: 60 }));
    await measure(store, 'seed + 100k relationships', dataDir, inputs);
    await store.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(inputs, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
