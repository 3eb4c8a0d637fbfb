/**
 * What the search index's document texts cost the event loop: about 5 million characters of stored text
 * (DOCUMENT_TEXT_MAX_CHARS), by default in 100 documents, on the embedded engine behind its process boundary
 * (as the server runs it), then GET /api/search's index rebuilt (1) from nothing, (2) after a write that adds one
 * document, (3) after a write that changes no text. For each: wall time, the longest event-loop delay while
 * it ran (perf_hooks.monitorEventLoopDelay, 1 ms resolution) and how many texts were read from the store.
 *
 *   npx esbuild bench/document-text-index-bench.ts --bundle --platform=node --packages=external --outfile=dist/bench/document-text-index-bench.js
 *   node dist/bench/document-text-index-bench.js [documents] [characters per document]
 * or from the sources: node -r ./server/stores/kuzu/engine-process/register-ts.cjs bench/document-text-index-bench.ts 1 4900000
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { EngineProcessStore } from '../server/stores/kuzu/engine-process/engine-process-store';
import type { GraphStore } from '../server/domain/ports/graph-store';
import type { SeedDocument } from '../server/domain/seed-schema';
import { trackWrites } from '../server/domain/write-tracking';
import { SearchIndex } from '../server/domain/search-index';
import { createRandom } from './synthetic-graph';

const DOCUMENTS = Number(process.argv[2] ?? 100);
const CHARS_PER_DOCUMENT = Number(process.argv[3] ?? 49_000);
const WORDS = ['Dushanbe', 'Moscow', 'Beijing', 'loan', 'base', 'remittances', 'Raḥmon', 'Душанбе', 'Тоҷикистон', '“quoted”', 'the', 'of', 'and', 'troops', 'Rogun', 'dam', 'border', 'Afghanistan', 'CSTO', 'Emomali', 'said', 'on', 'Tuesday', '2024.', 'million', 'dollars,'];

function articleText(random: () => number, n: number): string {
  const words: string[] = [];
  let length = 0;
  while (length < n) {
    const w = WORDS[Math.floor(random() * WORDS.length)] ?? 'the';
    words.push(w);
    length += w.length + 1;
    if (random() < 0.05) words.push('\n');
  }
  return words.join(' ').slice(0, n);
}

function document(id: number, text: string): SeedDocument {
  return { id: `bench-doc-${id}.txt`, publisher: 'Bench Wire', title: `Bench article ${id}`, published: `20${10 + (id % 15)}-01-01`, text };
}

/** Counts getDocument calls (texts read) on the way to the store. */
function countingReads(store: GraphStore): { store: GraphStore; reads: () => number } {
  let reads = 0;
  const counted = new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (property !== 'getDocument') return method.bind(target);
      return (...args: unknown[]) => {
        reads += 1;
        return method.apply(target, args);
      };
    },
  });
  return { store: counted, reads: () => reads };
}

async function measure(what: string, index: SearchIndex, reads: () => number): Promise<void> {
  const before = reads();
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  // The histogram drops its first tick: a block that starts before it ticked once would go unseen.
  await new Promise((resolve) => setTimeout(resolve, 5));
  const t = performance.now();
  const result = await index.search('Тоҷикистон troops', 5);
  const ms = performance.now() - t;
  // One more tick, so a block that ran until the search answered is recorded.
  await new Promise((resolve) => setTimeout(resolve, 5));
  histogram.disable();
  console.log(`${what}: ${Math.round(ms)} ms, longest event-loop delay ${(histogram.max / 1e6).toFixed(1)} ms (p99 ${(histogram.percentile(99) / 1e6).toFixed(1)} ms), ${reads() - before} texts read, ${result.documentPassages.length} passages, documentTexts ${result.documentTexts}`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mv-doc-index-'));
  const store = await EngineProcessStore.open({ dataDir: dir });
  try {
    await store.init();
    const random = createRandom(7);
    const documents = Array.from({ length: DOCUMENTS }, (_, i) => document(i, articleText(random, CHARS_PER_DOCUMENT)));
    await store.upsert({ nodes: [], edges: [], documents, propertyTypes: {} });
    const counted = countingReads(store);
    const tracker = trackWrites(counted.store);
    const index = new SearchIndex(tracker.store, tracker);
    console.log(`${DOCUMENTS} documents, ${DOCUMENTS * CHARS_PER_DOCUMENT} characters of text`);
    // The same watch over an idle event loop: on a shared machine the process itself waits for a core.
    const idle = monitorEventLoopDelay({ resolution: 1 });
    idle.enable();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    idle.disable();
    console.log(`idle for 2 s: longest event-loop delay ${(idle.max / 1e6).toFixed(1)} ms`);
    await measure('first build', index, counted.reads);
    await tracker.store.upsert({ nodes: [], edges: [], documents: [document(DOCUMENTS, articleText(random, 20_000))], propertyTypes: {} });
    await measure('after adding one document', index, counted.reads);
    await tracker.store.upsert({ nodes: [{ id: 'bench-node', kind: 'Country', name: 'Benchland', aliases: [], properties: {} }], edges: [], documents: [], propertyTypes: {} });
    await measure('after a write that changes no text', index, counted.reads);
    // A second index from nothing: the first build above also pays for loading and compiling code once.
    await measure('a new index from nothing', new SearchIndex(tracker.store, tracker), counted.reads);
    // The floor under any rebuild that reads a text: the store's answer crossing the process boundary.
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    histogram.enable();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const t = performance.now();
    await store.getDocument(documents[0]?.id ?? '');
    const ms = performance.now() - t;
    await new Promise((resolve) => setTimeout(resolve, 5));
    histogram.disable();
    console.log(`reading the first text alone (getDocument): ${Math.round(ms)} ms, longest event-loop delay ${(histogram.max / 1e6).toFixed(1)} ms`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
