/**
 * A bounded least-recently-used cache whose entries all belong to one stamp of the graph (graphStamp in
 * write-tracking.ts). Asking with another stamp empties it first: a write, an engine restart or another
 * database generation drops every entry at once, so an answer is never served from a graph that is gone,
 * and nothing needs to know which entries a write touched. Memory is bounded by the entries' weights
 * (bytes, or a count): the least recently used go first.
 */
export interface StampedCacheStats {
  entries: number;
  weight: number;
  hits: number;
  misses: number;
}

export class StampedCache<V> {
  private readonly entries = new Map<string, { value: V; weight: number }>();
  private stamp: string | undefined;
  private weight = 0;
  private hits = 0;
  private misses = 0;

  /**
   * @param maxWeight total weight kept; an entry heavier than an eighth of it is not kept at all (one huge
   *   answer would otherwise evict everything else).
   * @param weigh the weight of a value (1 for a count of entries).
   */
  constructor(
    private readonly maxWeight: number,
    private readonly weigh: (value: V) => number,
  ) {}

  /** The value kept for `key` under `stamp`, refreshed as recently used; undefined without a stamp. */
  get(key: string, stamp: string | undefined): V | undefined {
    if (stamp === undefined || !this.follow(stamp)) {
      this.misses += 1;
      return undefined;
    }
    const entry = this.entries.get(key);
    if (!entry) {
      this.misses += 1;
      return undefined;
    }
    // Map order is insertion order: re-inserting makes it the most recent.
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hits += 1;
    return entry.value;
  }

  /**
   * Keeps `value` for `key` if `stamp` is still the graph's: the caller passes the stamp read before it
   * computed the value and `current`, the stamp now; a write that overlapped the computation leaves them
   * different (or undefined) and nothing is kept.
   */
  set(key: string, stamp: string | undefined, current: string | undefined, value: V): void {
    if (this.maxWeight <= 0 || stamp === undefined || stamp !== current || !this.follow(stamp)) return;
    const weight = this.weigh(value);
    if (weight > this.maxWeight / 8) return;
    const old = this.entries.get(key);
    if (old) {
      this.weight -= old.weight;
      this.entries.delete(key);
    }
    this.entries.set(key, { value, weight });
    this.weight += weight;
    for (const [k, e] of this.entries) {
      if (this.weight <= this.maxWeight) break;
      this.entries.delete(k);
      this.weight -= e.weight;
    }
  }

  stats(): StampedCacheStats {
    return { entries: this.entries.size, weight: this.weight, hits: this.hits, misses: this.misses };
  }

  /** Moves the cache to `stamp`, emptying it if it held another; false if nothing can be kept (size 0). */
  private follow(stamp: string): boolean {
    if (this.maxWeight <= 0) return false;
    if (this.stamp !== stamp) {
      this.entries.clear();
      this.weight = 0;
      this.stamp = stamp;
    }
    return true;
  }
}
