/**
 * `npm run bench -- --graph-index [--nodes N --edges M --samples S]`: the graph index's size and build time
 * next to the adjacency snapshot it replaced (bench/legacy-adjacency-index.ts), both built in this process
 * from the same synthetic relationships handed over in blocks of columns, as the stores send them.
 * Size is measured three ways: the index's own count of its arrays' bytes, and the growth of the V8 heap
 * plus array buffers after a forced GC (run node with --expose-gc; without it the deltas are left out).
 * Then adjacency() look-ups over the same random frontiers, alternating the two, with p50/p95 per size.
 */
import type { Direction } from '../server/domain/graph-model';
import type { AdjacencyColumns } from '../server/stores/graph-store';
import { GraphIndexBuilder, emptyAdjacencyColumns, type GraphIndex } from '../server/stores/graph-index/graph-index';
import { AdjacencyIndex } from './legacy-adjacency-index';
import { createRandom, type SyntheticGraph } from './synthetic-graph';

const BLOCK_ROWS = 20_000;
const FRONTIERS = [1, 10, 100, 1_000];

export interface IndexSize {
  buildMs: number;
  /** Growth of heapUsed + arrayBuffers across the build, after GC; undefined without --expose-gc. */
  heapBytes?: number;
  heapBytesPerRelationship?: number;
  /** The compact index's count of its own arrays. */
  arrayBytes?: number;
  arrayBytesPerRelationship?: number;
}

export interface LookupRow {
  frontier: number;
  direction: Direction;
  compact: { p50: number; p95: number };
  legacy: { p50: number; p95: number };
}

export interface GraphIndexBenchResult {
  relationships: number;
  nodes: number;
  compact: IndexSize;
  legacy: IndexSize;
  lookups: LookupRow[];
}

/** A copy of `s` that shares no memory with it, as a string cloned across a process boundary arrives. */
const fresh = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');

/**
 * The synthetic relationships in blocks of columns (what loadAdjacency hands over), every string a fresh
 * copy: an index must be charged for the strings it keeps, not find them already held by the generator.
 */
export function adjacencyBlocks(graph: SyntheticGraph): AdjacencyColumns[] {
  const kindOf = new Map(graph.nodes.map((n) => [n.id, n.kind]));
  const blocks: AdjacencyColumns[] = [];
  let block = emptyAdjacencyColumns();
  for (const e of graph.edges) {
    block.id.push(fresh(e.id));
    block.type.push(e.type);
    block.source.push(fresh(e.source));
    block.target.push(fresh(e.target));
    const from = e.properties.yearFrom;
    const to = e.properties.yearTo;
    block.yearFrom.push(typeof from === 'number' ? from : null);
    block.yearTo.push(typeof to === 'number' ? to : null);
    block.sourceKind.push(kindOf.get(e.source) ?? '');
    block.targetKind.push(kindOf.get(e.target) ?? '');
    if (block.id.length >= BLOCK_ROWS) {
      blocks.push(block);
      block = emptyAdjacencyColumns();
    }
  }
  if (block.id.length > 0) blocks.push(block);
  return blocks;
}

const gc = (globalThis as { gc?: () => void }).gc;

function heap(): number | undefined {
  if (!gc) return undefined;
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * Builds from blocks made for this build alone (fresh strings), timing the build only, and charges the
 * heap growth that remains once the blocks are gone: what the index keeps.
 */
async function measure<T>(graph: SyntheticGraph, build: (blocks: AdjacencyColumns[]) => Promise<T>, relationships: number): Promise<{ built: T; size: IndexSize }> {
  const before = heap();
  // The blocks live only inside this call, so they are garbage when the heap is measured after it.
  const { built, buildMs } = await (async () => {
    const blocks = adjacencyBlocks(graph);
    const t0 = performance.now();
    const made = await build(blocks);
    return { built: made, buildMs: Math.round(performance.now() - t0) };
  })();
  const after = heap();
  const size: IndexSize = { buildMs };
  if (before !== undefined && after !== undefined) {
    size.heapBytes = after - before;
    size.heapBytesPerRelationship = Math.round(((after - before) / relationships) * 10) / 10;
  }
  return { built, size };
}

function percentiles(xs: number[]): { p50: number; p95: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
  const r = (x: number): number => Math.round(x * 1000) / 1000;
  return { p50: r(at(0.5)), p95: r(at(0.95)) };
}

export async function benchGraphIndex(graph: SyntheticGraph, samples: number, seed: number, log: (m: string) => void): Promise<GraphIndexBenchResult> {
  const relationships = graph.edges.length;
  log(`graph index: ${relationships} relationships, handed over in blocks of ${BLOCK_ROWS} rows`);

  const compact = await measure(graph, async (blocks): Promise<GraphIndex> => {
    const builder = new GraphIndexBuilder();
    for (const b of blocks) builder.add(b);
    return builder.seal();
  }, relationships);
  compact.size.arrayBytes = compact.built.byteSize();
  compact.size.arrayBytesPerRelationship = Math.round((compact.built.byteSize() / relationships) * 10) / 10;
  log(`graph index: compact built in ${compact.size.buildMs} ms, ${compact.size.arrayBytesPerRelationship} B/rel by its arrays, ${compact.size.heapBytesPerRelationship ?? '?'} B/rel by the heap`);

  const legacy = await measure(graph, async (blocks) => {
    const index = new AdjacencyIndex(async (add) => {
      // As the engine-process store fed it: one object per row out of each block of columns.
      for (const b of blocks) {
        for (let i = 0; i < b.id.length; i += 1) {
          add({
            id: b.id[i] as string,
            type: b.type[i] as string,
            source: b.source[i] as string,
            target: b.target[i] as string,
            yearFrom: b.yearFrom[i] ?? null,
            yearTo: b.yearTo[i] ?? null,
            sourceKind: b.sourceKind[i] as string,
            targetKind: b.targetKind[i] as string,
          });
        }
      }
    });
    await index.ready();
    return index;
  }, relationships);
  log(`graph index: legacy built in ${legacy.size.buildMs} ms, ${legacy.size.heapBytesPerRelationship ?? '?'} B/rel by the heap`);

  const random = createRandom(seed + 7);
  const nodeIds = graph.nodes.map((n) => n.id);
  const lookups: LookupRow[] = [];
  for (const frontier of FRONTIERS) {
    for (const direction of ['any'] as Direction[]) {
      const a: number[] = [];
      const b: number[] = [];
      for (let s = 0; s < samples; s += 1) {
        const ids = Array.from({ length: frontier }, () => nodeIds[Math.floor(random() * nodeIds.length)] as string);
        const runs: Array<[number[], () => unknown]> = [
          [a, () => compact.built.adjacency(ids, direction, {})],
          [b, () => legacy.built.adjacency(ids, direction, {})],
        ];
        if (s % 2 === 1) runs.reverse();
        for (const [sink, run] of runs) {
          const t0 = performance.now();
          run();
          sink.push(performance.now() - t0);
        }
      }
      lookups.push({ frontier, direction, compact: percentiles(a), legacy: percentiles(b) });
    }
  }
  return { relationships, nodes: compact.built.nodeCount, compact: compact.size, legacy: legacy.size, lookups };
}

/** Prints the comparison as a table. */
export function printGraphIndexBench(r: GraphIndexBenchResult): void {
  const mb = (x: number | undefined): string => (x === undefined ? '?' : `${(x / 2 ** 20).toFixed(1)} MiB`);
  console.log(`\nGraph index: ${r.relationships} relationships, ${r.nodes} nodes with relationships (target ≤ 48 B/rel)`);
  console.log('| | build | heap + buffers | per relationship | arrays counted |');
  console.log('| --- | --- | --- | --- | --- |');
  console.log(`| compact (stores/graph-index) | ${r.compact.buildMs} ms | ${mb(r.compact.heapBytes)} | ${r.compact.heapBytesPerRelationship ?? '?'} B | ${mb(r.compact.arrayBytes)} (${r.compact.arrayBytesPerRelationship} B/rel) |`);
  console.log(`| legacy snapshot (Maps + string arrays) | ${r.legacy.buildMs} ms | ${mb(r.legacy.heapBytes)} | ${r.legacy.heapBytesPerRelationship ?? '?'} B | — |`);
  console.log('\n| adjacency(ids, any) | compact p50 / p95 ms | legacy p50 / p95 ms |');
  console.log('| --- | --- | --- |');
  for (const l of r.lookups) console.log(`| ${l.frontier} node(s) | ${l.compact.p50} / ${l.compact.p95} | ${l.legacy.p50} / ${l.legacy.p95} |`);
}
