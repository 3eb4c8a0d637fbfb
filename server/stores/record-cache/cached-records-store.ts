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
import type { GraphStore } from '../../domain/ports/graph-store';
import { StampedCache } from '../../domain/stamped-cache';
import { graphStamp, trackWrites } from '../../domain/write-tracking';

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

  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'getNodes') return getNodes;
      if (property === 'getEdges') return getEdges;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The records of `ids` (each once, in the order asked, unknown ids left out), reading only those not kept. */
async function readThrough<T extends { id: string }>(
  cache: StampedCache<T | null>,
  ids: readonly string[],
  stamp: () => string | undefined,
  read: (missing: string[]) => Promise<T[]>,
): Promise<T[]> {
  const before = stamp();
  const unique = [...new Set(ids)];
  const found = new Map<string, T | null>();
  const missing: string[] = [];
  for (const id of unique) {
    const kept = cache.get(id, before);
    if (kept === undefined) missing.push(id);
    else found.set(id, kept);
  }
  if (missing.length > 0) {
    const records = await read(missing);
    const after = stamp();
    const byId = new Map(records.map((r) => [r.id, r]));
    for (const id of missing) {
      const record = byId.get(id) ?? null;
      if (record) deepFreeze(record);
      cache.set(id, before, after, record);
      found.set(id, record);
    }
  }
  const out: T[] = [];
  for (const id of unique) {
    const record = found.get(id);
    if (record) out.push(record);
  }
  return out;
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}
