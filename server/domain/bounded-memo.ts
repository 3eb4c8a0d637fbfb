/**
 * A memo for pure functions of text: a least-recently-used map bounded both by its number of entries and by
 * the bytes of its keys and values (as the caller weighs them). Unlike StampedCache it never empties on a
 * write: only keep here what no write can change (a parse verdict, a translation of one text for one
 * catalogue). An entry heavier than an eighth of the byte budget is not kept, so one huge text cannot evict
 * everything else.
 */
export interface BoundedMemoStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
}

export class BoundedMemo<V> {
  private entries = new Map<string, { value: V; bytes: number }>();
  /**
   * Where eviction stands in the map's order: every entry before it was evicted (new and refreshed entries go
   * to the end). A fresh `for...of` per eviction starts at the map's first slot and walks over every deleted
   * entry V8 keeps as a hole until its next rehash: with 50k records kept and each answer refreshing and
   * evicting thousands, that made one set up to ~30 µs and an answer's records ~0.5 s in one turn.
   */
  private oldest: Iterator<string> | undefined;
  private bytes = 0;
  private hits = 0;
  private misses = 0;

  /**
   * @param maxEntries entries kept at most (0: nothing is kept).
   * @param maxBytes bytes kept at most, as `weigh` counts them with the key's length.
   * @param weigh the bytes of a value (its key's length is added).
   */
  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
    private readonly weigh: (value: V) => number,
    /** False when the weight is not bytes (a count of entries, StampedCache's records): keys then weigh nothing. */
    private readonly keyBytes = true,
  ) {}

  /** The value kept for `key`, refreshed as the most recently used. */
  get(key: string): V | undefined {
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

  /** Keeps `value` for `key`, dropping the least recently used entries past either bound. */
  set(key: string, value: V): void {
    if (this.maxEntries <= 0 || this.maxBytes <= 0) return;
    // Strings are UTF-16 in memory: two bytes a character.
    const bytes = (this.keyBytes ? 2 * key.length : 0) + this.weigh(value);
    if (bytes > this.maxBytes / 8) return;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.bytes;
      this.entries.delete(key);
    }
    this.entries.set(key, { value, bytes });
    this.bytes += bytes;
    while (this.bytes > this.maxBytes || this.entries.size > this.maxEntries) {
      const k = this.oldestKey();
      if (k === undefined) break;
      this.bytes -= this.entries.get(k)?.bytes ?? 0;
      this.entries.delete(k);
    }
  }

  /** The least recently used key (the map's first live entry), moving the eviction cursor past it. */
  private oldestKey(): string | undefined {
    let step = this.oldest?.next();
    if (!step || step.done) {
      // A finished iterator stays finished even when entries are added after: start again from the front.
      this.oldest = this.entries.keys();
      step = this.oldest.next();
    }
    return step.done ? undefined : step.value;
  }

  /** Drops the entry for `key`, if any. */
  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  /** Drops every entry (the hit and miss counts stay). */
  clear(): void {
    this.entries.clear();
    this.oldest = undefined;
    this.bytes = 0;
  }

  stats(): BoundedMemoStats {
    return { entries: this.entries.size, bytes: this.bytes, hits: this.hits, misses: this.misses };
  }
}
