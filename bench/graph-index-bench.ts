/**
 * `npm run bench -- --graph-index [--nodes N --edges M --samples S]`: the graph index's size and build time
 * next to the adjacency snapshot it replaced (bench/legacy-adjacency-index.ts), both built in this process
 * from the same synthetic relationships handed over in blocks of columns, as the stores send them.
 * Size is measured three ways: the index's own count of its arrays' bytes, and the growth of the V8 heap
 * plus array buffers after a forced GC (run node with --expose-gc; without it the deltas are left out).
 * Then adjacency() look-ups over the same random frontiers, alternating the two, with p50/p95 per size.
 */
import type { Direction } from '../server/domain/graph-model';
import type { AdjacencyColumns } from '../server/domain/ports/graph-store';
import { GraphIndexBuilder, emptyAdjacencyColumns, type GraphIndex } from '../server/stores/graph-index/graph-index';
import { AdjacencyIndex } from './legacy-adjacency-index';
import { createRandom, type SyntheticGraph } from './synthetic-graph';

const BLOCK_ROWS = 20_000;
const FRONTIERS = [1, 10, 100, 1_000];

export interface IndexSize {
  buildMs: number;
  /** Compact only: the one synchronous step at the end (sorting rows, hashing relationship ids), and the longest block. */
  sealMs?: number;
  longestBlockMs?: number;
  longestSealStepMs?: number;
  /** CPU time of the build (user + system), less noisy than wall time on a shared machine. */
  cpuMs?: number;
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

/** The synthetic relationships in blocks of columns (what loadAdjacency hands over). */
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

/** The blocks again with every string a fresh copy, as a process boundary or a driver delivers them. */
function copyBlocks(source: readonly AdjacencyColumns[]): AdjacencyColumns[] {
  return source.map((b) => ({
    ...b,
    id: b.id.map(fresh),
    source: b.source.map(fresh),
    target: b.target.map(fresh),
    yearFrom: [...b.yearFrom],
    yearTo: [...b.yearTo],
  }));
}

/**
 * Builds from a fresh copy of the blocks (made before the clock starts), times the build, and charges the
 * heap growth that remains once the copy is garbage: what the index keeps (the source blocks are held
 * before and after alike).
 */
async function measure<T>(source: readonly AdjacencyColumns[], build: (blocks: AdjacencyColumns[]) => Promise<T>, relationships: number): Promise<{ built: T; size: IndexSize }> {
  const before = heap();
  const { built, buildMs, cpuMs } = await (async () => {
    const blocks = copyBlocks(source);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const made = await build(blocks);
    const c = process.cpuUsage(c0);
    return { built: made, buildMs: Math.round(performance.now() - t0), cpuMs: Math.round((c.user + c.system) / 1000) };
  })();
  const after = heap();
  const size: IndexSize = { buildMs, cpuMs };
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

/**
 * `makeGraph` is called once and its graph dropped before anything is measured: a heap holding the
 * generator's million objects makes every GC (and V8 starts one for each large typed array) cost seconds,
 * which a server's heap does not.
 */
export async function benchGraphIndex(makeGraph: () => SyntheticGraph, samples: number, seed: number, log: (m: string) => void): Promise<GraphIndexBenchResult> {
  const { source, nodeIds, relationships } = (() => {
    const graph = makeGraph();
    return {
      source: adjacencyBlocks(graph),
      nodeIds: graph.nodes.map((n) => fresh(n.id)),
      relationships: graph.edges.length,
    };
  })();
  log(`graph index: ${relationships} relationships, handed over in blocks of ${BLOCK_ROWS} rows`);

  let sealMs = 0;
  let longestSealStepMs = 0;
  let longestAddMs = 0;
  const compact = await measure(source, async (blocks): Promise<GraphIndex> => {
    const builder = new GraphIndexBuilder();
    for (const b of blocks) {
      const t = performance.now();
      builder.add(b);
      longestAddMs = Math.max(longestAddMs, performance.now() - t);
    }
    const t = performance.now();
    let longestStepMs = 0;
    let stepStart = performance.now();
    // As the server seals: in steps, with a turn of the event loop between them.
    const sealed = await builder.sealInSteps(async () => {
      longestStepMs = Math.max(longestStepMs, performance.now() - stepStart);
      await new Promise<void>((resolve) => setImmediate(resolve));
      stepStart = performance.now();
    });
    longestStepMs = Math.max(longestStepMs, performance.now() - stepStart);
    sealMs = Math.round(performance.now() - t);
    longestSealStepMs = Math.round(longestStepMs);
    return sealed;
  }, relationships);
  compact.size.sealMs = sealMs;
  compact.size.longestBlockMs = Math.round(longestAddMs);
  compact.size.longestSealStepMs = longestSealStepMs;
  compact.size.arrayBytes = compact.built.byteSize();
  compact.size.arrayBytesPerRelationship = Math.round((compact.built.byteSize() / relationships) * 10) / 10;
  log(`graph index: compact built in ${compact.size.buildMs} ms, ${compact.size.arrayBytesPerRelationship} B/rel by its arrays, ${compact.size.heapBytesPerRelationship ?? '?'} B/rel by the heap`);

  const legacy = await measure(source, async (blocks) => {
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
  console.log(`| compact (stores/graph-index) | ${r.compact.buildMs} ms, CPU ${r.compact.cpuMs} ms (seal ${r.compact.sealMs} ms in steps of at most ${r.compact.longestSealStepMs} ms; longest block ${r.compact.longestBlockMs} ms) | ${mb(r.compact.heapBytes)} | ${r.compact.heapBytesPerRelationship ?? '?'} B | ${mb(r.compact.arrayBytes)} (${r.compact.arrayBytesPerRelationship} B/rel) |`);
  console.log(`| legacy snapshot (Maps + string arrays) | ${r.legacy.buildMs} ms, CPU ${r.legacy.cpuMs} ms | ${mb(r.legacy.heapBytes)} | ${r.legacy.heapBytesPerRelationship ?? '?'} B | — |`);
  console.log('\n| adjacency(ids, any) | compact p50 / p95 ms | legacy p50 / p95 ms |');
  console.log('| --- | --- | --- |');
  for (const l of r.lookups) console.log(`| ${l.frontier} node(s) | ${l.compact.p50} / ${l.compact.p95} | ${l.legacy.p50} / ${l.legacy.p95} |`);
}
