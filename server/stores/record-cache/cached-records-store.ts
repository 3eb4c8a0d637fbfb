/**
 * Any GraphStore with its look-ups by id (getNodes, getEdges) kept in this process per graph stamp
 * (graphStamp in domain/write-tracking.ts). Traversals answer from the graph index in microseconds and then
 * read their records: on the embedded engine that was one query per relationship table in the engine
 * process for every request, the whole cost of a neighbourhood under load (the server's own process sat
 * 88% idle at 14 neighbourhoods a second). Records asked again under the same stamp now cost a map look-up.
 *
 * Exact: a write through the app, an engine restart or another database generation empties the cache
 * (StampedCache), records read while a write was in flight are not kept, and ids that name nothing are
 * kept as absent under the same rules. Where other clients may write (Neo4j) the stamp also turns every
 * `maxAgeMs`. Kept records are frozen: they are shared by every request that reads them, and a use case
 * that changed one would change it for all (a frozen record makes that mistake throw where it is made).
 */
import type { GraphEdge, GraphNode } from '../../domain/graph-model';
import type { GraphStore, Subgraph } from '../../domain/ports/graph-store';
import { StampedCache } from '../../domain/stamped-cache';
import { graphStamp, trackWrites } from '../../domain/write-tracking';
import { nextTurn } from '../../domain/next-turn';
import { SLICE_MS } from '../graph-index/slice-clock';

export interface RecordCacheSettings {
  /** Records kept per kind (nodes, relationships); 0 turns the cache off. */
  maxRecords: number;
  /** After this long kept records are read again (writers the app cannot see); 0 means never. */
  maxAgeMs: number;
  now?(): number;
}

/** Wraps `raw`: hand the answer to everything that reads or writes, so every write is seen. */
export function withRecordCache(raw: GraphStore, settings: RecordCacheSettings): GraphStore {
  if (settings.maxRecords <= 0) return raw;
  const writes = trackWrites(raw);
  const store = writes.store;
  const graph = graphStamp(raw, writes);
  const now = settings.now ?? Date.now;
  const stamp = (): string | undefined => {
    const s = graph();
    return s === undefined || settings.maxAgeMs <= 0 ? s : `${s}|${Math.floor(now() / settings.maxAgeMs)}`;
  };
  const nodes = new StampedCache<GraphNode | null>(settings.maxRecords, () => 1);
  const edges = new StampedCache<GraphEdge | null>(settings.maxRecords, () => 1);

  const getNodes = (ids: readonly string[]): Promise<GraphNode[]> => readThrough(nodes, ids, stamp, (missing) => store.getNodes(missing));
  const getEdges = (ids: readonly string[]): Promise<GraphEdge[]> => readThrough(edges, ids, stamp, (missing) => store.getEdges(missing));
  // A neighbourhood's records: the kept ones from here, the rest in the store's one read of both kinds.
  const readSubgraph = store.readSubgraph
    ? async (nodeIds: readonly string[], edgeIds: readonly string[]): Promise<Subgraph> => {
        const before = stamp();
        const n = lookUp(nodes, nodeIds, before);
        const e = lookUp(edges, edgeIds, before);
        const read = n.missing.length + e.missing.length > 0 ? await store.readSubgraph!(n.missing, e.missing) : { nodes: [], edges: [] };
        return { nodes: await keepRead(nodes, n, read.nodes, before, stamp), edges: await keepRead(edges, e, read.edges, before, stamp) };
      }
    : undefined;

  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'getNodes') return getNodes;
      if (property === 'getEdges') return getEdges;
      if (property === 'readSubgraph') return readSubgraph;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Ids asked for, each once: those kept under `stamp` (null: kept as absent) and those to read. */
interface LookUp<T> {
  unique: string[];
  found: Map<string, T | null>;
  missing: string[];
}

function lookUp<T>(cache: StampedCache<T | null>, ids: readonly string[], stamp: string | undefined): LookUp<T> {
  const unique = [...new Set(ids)];
  const found = new Map<string, T | null>();
  const missing: string[] = [];
  for (const id of unique) {
    const kept = cache.get(id, stamp);
    if (kept === undefined) missing.push(id);
    else found.set(id, kept);
  }
  return { unique, found, missing };
}

/** Records kept between clock reads in keepRead. */
const RECORDS_PER_CHECK = 64;

/**
 * Keeps the records read for `l.missing` (absent ones as null); answers every record asked for, in the order
 * asked. In slices of about SLICE_MS: a depth-2 neighbourhood at 1M keeps tens of thousands of records, each
 * frozen deep (its evidence too), ~100 ms in one turn. `stamp` is asked again after each pause: once a write
 * has begun or ended, nothing more is kept (the records are still answered, as read before it).
 */
async function keepRead<T extends { id: string }>(
  cache: StampedCache<T | null>,
  l: LookUp<T>,
  records: readonly T[],
  before: string | undefined,
  stamp: () => string | undefined,
): Promise<T[]> {
  const byId = new Map(records.map((r) => [r.id, r]));
  let after = stamp();
  let sliceStart = performance.now();
  for (const [i, id] of l.missing.entries()) {
    if (i % RECORDS_PER_CHECK === RECORDS_PER_CHECK - 1 && performance.now() - sliceStart >= SLICE_MS) {
      await nextTurn();
      sliceStart = performance.now();
      after = stamp();
    }
    const record = byId.get(id) ?? null;
    if (record) deepFreeze(record);
    cache.set(id, before, after, record);
    l.found.set(id, record);
  }
  const out: T[] = [];
  for (const id of l.unique) {
    const record = l.found.get(id);
    if (record) out.push(record);
  }
  return out;
}

/** The records of `ids` (each once, in the order asked, unknown ids left out), reading only those not kept. */
async function readThrough<T extends { id: string }>(
  cache: StampedCache<T | null>,
  ids: readonly string[],
  stamp: () => string | undefined,
  read: (missing: string[]) => Promise<T[]>,
): Promise<T[]> {
  const before = stamp();
  const l = lookUp(cache, ids, before);
  const records = l.missing.length > 0 ? await read(l.missing) : [];
  return keepRead(cache, l, records, before, stamp);
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}
