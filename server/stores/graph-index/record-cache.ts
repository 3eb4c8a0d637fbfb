/**
 * Node and relationship records last read, kept by id (least recently used first out) next to the graph
 * index they were read under. At a million relationships one batched record read costs tens of engine
 * queries, each expanding hubs inside the engine, while most path answers cross the same few hubs: their
 * records are asked again and again. The cache lives and dies with one index (see indexed-graph-store.ts),
 * so it is never consulted once a write has started or the index has gone stale: never a stale answer.
 */

/** Relationship and node records kept per index, each (a record is a few hundred bytes). */
export const RECORD_CACHE_ENTRIES = 50_000;
/**
 * Reads of more ids than this bypass the cache: a neighbourhood's thousands of records rarely come back, and
 * copying each in and out (structuredClone, some microseconds a record) would cost more than it saves.
 */
export const RECORD_CACHE_MAX_READ = 500;

/** Records of one sort (nodes or relationships) by id, at most `capacity` of them. */
export class RecordCache<T extends { id: string }> {
  private readonly entries = new Map<string, T>();
  hits = 0;
  misses = 0;

  constructor(private readonly capacity: number = RECORD_CACHE_ENTRIES) {}

  /**
   * The records held for `ids` (copies: callers may change what they get), and the ids not held. An id
   * asked twice is answered once.
   */
  take(ids: readonly string[]): { found: T[]; missing: string[] } {
    const found: T[] = [];
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const record = this.entries.get(id);
      if (record === undefined) {
        missing.push(id);
        continue;
      }
      // Most recently used last: Map keeps insertion order.
      this.entries.delete(id);
      this.entries.set(id, record);
      found.push(structuredClone(record));
    }
    this.hits += found.length;
    this.misses += missing.length;
    return { found, missing };
  }

  /** Keeps copies of `records`, dropping the least recently used beyond the capacity. */
  put(records: readonly T[]): void {
    if (this.capacity <= 0) return;
    for (const record of records) {
      this.entries.delete(record.id);
      this.entries.set(record.id, structuredClone(record));
    }
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
