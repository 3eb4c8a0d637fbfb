/**
 * Export throughput and memory, measured on the path the API takes: the export use case (prepareExport:
 * the first pass over the store for property keys and citations) and the writer fed by the store's
 * streamNodes / streamEdges (the second pass), into a sink that only counts bytes. Used by `npm run bench`
 * (bench/run-bench.ts, at 1M relationships) and `npm run bench:export`.
 *
 * Memory is sampled every 64 chunks and by a 50 ms timer: peak RSS over the RSS just before the export,
 * split into the JavaScript heap (committed), Buffers outside the heap (external), and the rest, which is
 * native memory: Kuzu's buffer pool and its query state (plus malloc arenas). A read-only pass over the same
 * streams (no writer) gives the floor: how fast the store hands out rows and how much RSS that alone adds.
 */
import type { ExportFormat } from '../server/domain/export-request';
import { prepareExport } from '../server/domain/export-selection';
import type { GraphEdge, GraphNode } from '../server/domain/graph-model';
import type { PropertyType, SeedDocument, Vocabulary } from '../server/domain/seed-schema';
import { collectPropertyKeys } from '../server/export/collect-property-keys';
import { writerFor } from '../server/export/export-writer';
import type { GraphStore } from '../server/domain/ports/graph-store';

const MB = 1e6;
const SAMPLE_EVERY_CHUNKS = 64;
const SAMPLE_INTERVAL_MS = 50;
/** Rows per chunk in the read-only pass: the export use case's own chunk size (EXPORT_CHUNK_SIZE). */
const READ_CHUNK = 1_000;

export interface MemoryGrowth {
  /** Peak RSS over the RSS before, MB. */
  rssMb: number;
  /** Peak committed JS heap over the heap before, MB. */
  heapMb: number;
  /** Peak Buffer / ArrayBuffer memory outside the heap over before, MB. */
  externalMb: number;
  /** rssMb less heapMb and externalMb: native memory, mostly the engine's (buffer pool, query state). */
  nativeMb: number;
}

export interface ExportMeasurement {
  format: ExportFormat;
  /** Bytes written (for csv: the zip). */
  megabytes: number;
  /** csv only: the CSV text inside the zip, uncompressed. */
  uncompressedMegabytes?: number;
  /** First pass (prepareExport) and second pass (writer over the streams). */
  prepareSeconds: number;
  writeSeconds: number;
  /** Bytes written / (prepare + write) seconds: what a client downloading the export sees. */
  megabytesPerSecond: number;
  /** csv only: uncompressed CSV / (prepare + write) seconds. */
  uncompressedMegabytesPerSecond?: number;
  /** CPU seconds of the whole process (all threads: ours, zlib's, Kuzu's): steadier than wall time on a shared machine. */
  cpuSeconds: number;
  memory: MemoryGrowth;
}

export interface ReadFloor {
  nodes: number;
  edges: number;
  /** One pass over streamNodes + streamEdges, every row mapped to a wire object and dropped. */
  seconds: number;
  rowsPerSecond: number;
  cpuSeconds: number;
  memory: MemoryGrowth;
}

export interface WriterOnly {
  format: ExportFormat;
  megabytes: number;
  uncompressedMegabytes?: number;
  seconds: number;
  megabytesPerSecond: number;
  uncompressedMegabytesPerSecond?: number;
  cpuSeconds: number;
}

const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return round((used.user + used.system) / 1e6, 2);
}

/** Samples memory on demand and every 50 ms until stopped; reports the peaks over the values at start. */
class MemorySampler {
  private readonly before = process.memoryUsage();
  private peakRss = this.before.rss;
  private peakHeap = this.before.heapTotal;
  private peakExternal = this.before.external + this.before.arrayBuffers;
  private readonly timer = setInterval(() => this.sample(), SAMPLE_INTERVAL_MS);

  sample(): void {
    const m = process.memoryUsage();
    this.peakRss = Math.max(this.peakRss, m.rss);
    this.peakHeap = Math.max(this.peakHeap, m.heapTotal);
    this.peakExternal = Math.max(this.peakExternal, m.external + m.arrayBuffers);
  }

  stop(): MemoryGrowth {
    clearInterval(this.timer);
    this.sample();
    const rss = (this.peakRss - this.before.rss) / MB;
    const heap = (this.peakHeap - this.before.heapTotal) / MB;
    const external = (this.peakExternal - this.before.external - this.before.arrayBuffers) / MB;
    return { rssMb: round(rss, 0), heapMb: round(heap, 0), externalMb: round(external, 0), nativeMb: round(rss - heap - external, 0) };
  }
}

/**
 * Counts bytes, encoding strings to UTF-8 as a socket write does (so a writer yielding strings is charged
 * the encoding a writer yielding bytes does itself), keeps the zip's tail for its central directory, and
 * samples memory every 64 chunks.
 */
class CountingSink {
  bytes = 0;
  private chunks = 0;
  private tail: Uint8Array[] = [];
  private tailBytes = 0;

  constructor(
    private readonly sampler: MemorySampler,
    private readonly keepTail: boolean,
  ) {}

  write(chunk: Uint8Array | string): void {
    const length = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8').byteLength : chunk.byteLength;
    this.bytes += length;
    if (this.keepTail && typeof chunk !== 'string') {
      this.tail.push(chunk);
      this.tailBytes += length;
      // The central directory of four entries is a few hundred bytes: the last 1 MB holds it.
      while (this.tailBytes - (this.tail[0]?.byteLength ?? 0) > 1 << 20) this.tailBytes -= this.tail.shift()?.byteLength ?? 0;
    }
    this.chunks += 1;
    if (this.chunks % SAMPLE_EVERY_CHUNKS === 0) this.sampler.sample();
  }

  /** The summed uncompressed sizes of the zip's entries, read from its central directory. */
  zipUncompressedBytes(): number {
    const tail = Buffer.concat(this.tail);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new Error('no end of central directory in the zip');
    const entries = tail.readUInt16LE(eocd + 10);
    const size = tail.readUInt32LE(eocd + 12);
    let at = eocd - size;
    let total = 0;
    for (let i = 0; i < entries; i += 1) {
      if (tail.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory entry');
      total += tail.readUInt32LE(at + 24);
      at += 46 + tail.readUInt16LE(at + 28) + tail.readUInt16LE(at + 30) + tail.readUInt16LE(at + 32);
    }
    return total;
  }
}

/** Exports the whole graph in `format` through the use case and the store's streams; output counted, not kept. */
export async function measureExport(store: GraphStore, vocabulary: Vocabulary, format: ExportFormat): Promise<ExportMeasurement> {
  const sampler = new MemorySampler();
  const sink = new CountingSink(sampler, format === 'csv');
  const cpu = process.cpuUsage();
  const started = performance.now();
  const prepared = await prepareExport({ store, vocabulary, console: { timeoutMs: 600_000 } }, { format, selection: { kind: 'all' } });
  const prepareSeconds = (performance.now() - started) / 1000;
  sampler.sample();
  const writing = performance.now();
  for await (const chunk of writerFor(format)(prepared.input)) sink.write(chunk);
  const writeSeconds = (performance.now() - writing) / 1000;
  const memory = sampler.stop();
  const seconds = prepareSeconds + writeSeconds;
  const m: ExportMeasurement = {
    format,
    megabytes: round(sink.bytes / MB),
    prepareSeconds: round(prepareSeconds, 2),
    writeSeconds: round(writeSeconds, 2),
    megabytesPerSecond: round(sink.bytes / MB / seconds),
    cpuSeconds: cpuSecondsSince(cpu),
    memory,
  };
  if (format === 'csv') {
    const text = sink.zipUncompressedBytes();
    m.uncompressedMegabytes = round(text / MB);
    m.uncompressedMegabytesPerSecond = round(text / MB / seconds);
  }
  return m;
}

/** One pass over the store's node and edge streams with nothing written: the floor under any export. */
export async function measureReadFloor(store: GraphStore): Promise<ReadFloor> {
  const sampler = new MemorySampler();
  const cpu = process.cpuUsage();
  const started = performance.now();
  let nodes = 0;
  let edges = 0;
  let chunks = 0;
  for await (const chunk of store.streamNodes('all', READ_CHUNK)) {
    nodes += chunk.length;
    if (++chunks % SAMPLE_EVERY_CHUNKS === 0) sampler.sample();
  }
  for await (const chunk of store.streamEdges('all', READ_CHUNK)) {
    edges += chunk.length;
    if (++chunks % SAMPLE_EVERY_CHUNKS === 0) sampler.sample();
  }
  const seconds = (performance.now() - started) / 1000;
  return { nodes, edges, seconds: round(seconds, 2), rowsPerSecond: Math.round((nodes + edges) / seconds), cpuSeconds: cpuSecondsSince(cpu), memory: sampler.stop() };
}

/**
 * The writer alone, fed from arrays already in memory (e.g. the generated graph the bench loaded), so
 * neither the engine nor the first pass is timed. Property keys are collected before the clock starts.
 */
export async function measureWriterOnly(
  format: ExportFormat,
  graph: { nodes: GraphNode[]; edges: GraphEdge[]; documents: SeedDocument[] },
  vocabulary: Vocabulary,
): Promise<WriterOnly> {
  const declared = new Map<string, PropertyType>(vocabulary.properties.map((p) => [p.key, p.type]));
  const keys = await collectPropertyKeys(graph.nodes, graph.edges, declared);
  // In chunks of the export's own size, as the store streams them.
  async function* chunks<T>(xs: readonly T[]): AsyncGenerator<T[]> {
    for (let i = 0; i < xs.length; i += READ_CHUNK) yield xs.slice(i, i + READ_CHUNK);
  }
  const sampler = new MemorySampler();
  const sink = new CountingSink(sampler, format === 'csv');
  const cpu = process.cpuUsage();
  const started = performance.now();
  const input = { title: 'bench', documents: graph.documents, propertyTypes: declared, ...keys, nodes: chunks(graph.nodes), edges: chunks(graph.edges) };
  for await (const chunk of writerFor(format)(input)) sink.write(chunk);
  const seconds = (performance.now() - started) / 1000;
  sampler.stop();
  const w: WriterOnly = { format, megabytes: round(sink.bytes / MB), seconds: round(seconds, 2), megabytesPerSecond: round(sink.bytes / MB / seconds), cpuSeconds: cpuSecondsSince(cpu) };
  if (format === 'csv') {
    const text = sink.zipUncompressedBytes();
    w.uncompressedMegabytes = round(text / MB);
    w.uncompressedMegabytesPerSecond = round(text / MB / seconds);
  }
  return w;
}
