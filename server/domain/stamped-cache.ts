/**
 * A bounded least-recently-used cache whose entries all belong to one stamp of the graph (graphStamp in
 * write-tracking.ts). Asking with another stamp empties it first: a write, an engine restart or another
 * database generation drops every entry at once, so an answer is never served from a graph that is gone,
 * and nothing needs to know which entries a write touched. Memory is bounded by the entries' weights
 * (bytes, or a count): the least recently used go first.
 */
import { BoundedMemo } from './bounded-memo';

export interface StampedCacheStats {
  entries: number;
  weight: number;
  hits: number;
  misses: number;
}

export class StampedCache<V> {
  /** The least-recently-used bookkeeping is BoundedMemo's; this class adds the stamp every entry belongs to. */
  private readonly kept: BoundedMemo<V>;
  private stamp: string | undefined;
  private unstamped = 0;

  /**
   * @param maxWeight total weight kept; an entry heavier than an eighth of it is not kept at all (one huge
   *   answer would otherwise evict everything else).
   * @param weigh the weight of a value (1 for a count of entries).
   */
  constructor(
    private readonly maxWeight: number,
    weigh: (value: V) => number,
  ) {
    this.kept = new BoundedMemo<V>(Number.POSITIVE_INFINITY, maxWeight, weigh, false);
  }

  /** The value kept for `key` under `stamp`, refreshed as recently used; undefined without a stamp. */
  get(key: string, stamp: string | undefined): V | undefined {
    if (stamp === undefined || !this.follow(stamp)) {
      this.unstamped += 1;
      return undefined;
    }
    return this.kept.get(key);
  }

  /**
   * Keeps `value` for `key` if `stamp` is still the graph's: the caller passes the stamp read before it
   * computed the value and `current`, the stamp now; a write that overlapped the computation leaves them
   * different (or undefined) and nothing is kept.
   */
  set(key: string, stamp: string | undefined, current: string | undefined, value: V): void {
    if (stamp === undefined || stamp !== current || !this.follow(stamp)) return;
    this.kept.set(key, value);
  }

  stats(): StampedCacheStats {
    const { entries, bytes, hits, misses } = this.kept.stats();
    return { entries, weight: bytes, hits, misses: misses + this.unstamped };
  }

  /** Moves the cache to `stamp`, emptying it if it held another; false if nothing can be kept (size 0). */
  private follow(stamp: string): boolean {
    if (this.maxWeight <= 0) return false;
    if (this.stamp !== stamp) {
      this.kept.clear();
      this.stamp = stamp;
    }
    return true;
  }
}
