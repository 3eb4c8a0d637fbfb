/**
 * The marks a path search (index-path-search.ts) sets instead of allocating, and the small pool they are
 * lent from. A search runs in slices with other requests' turns in between, so two searches of one index can
 * be under way at once: each holds its own scratch from take to give-back, never one another's.
 */

/** Scratches one index keeps at most; a search that finds all of them lent waits for the next one back. */
export const MAX_PATH_SEARCH_SCRATCHES = 4;

/**
 * A stamp per relationship (fetched) and per node (seen by each ball, local id of a listing). A search's
 * marks are those equal to its stamp, so nothing is cleared between searches. 4 bytes per relationship and
 * 16 per node: 5.6 MB at 100k nodes / 1M relationships.
 */
export class PathSearchScratch {
  private stamp = 0;
  private listStamp = 0;
  readonly fetchedAt: Int32Array;
  readonly seenFrom: Int32Array;
  readonly seenTo: Int32Array;
  /** A node's id in the local graph of one listing (valid where localAt holds that listing's stamp). */
  readonly localId: Int32Array;
  readonly localAt: Int32Array;

  constructor(nodes: number, edges: number) {
    this.fetchedAt = new Int32Array(edges);
    this.seenFrom = new Int32Array(nodes);
    this.seenTo = new Int32Array(nodes);
    this.localId = new Int32Array(nodes);
    this.localAt = new Int32Array(nodes);
  }

  /** Bytes held by the marks. */
  byteSize(): number {
    return this.fetchedAt.byteLength + this.seenFrom.byteLength + this.seenTo.byteLength + this.localId.byteLength + this.localAt.byteLength;
  }

  /** A stamp for one listing's local ids. */
  nextListStamp(): number {
    if (this.listStamp === 0x7fffffff) {
      this.localAt.fill(0);
      this.listStamp = 0;
    }
    this.listStamp += 1;
    return this.listStamp;
  }

  /** A stamp no mark of an earlier search holds. */
  nextStamp(): number {
    if (this.stamp === 0x7fffffff) {
      this.fetchedAt.fill(0);
      this.seenFrom.fill(0);
      this.seenTo.fill(0);
      this.stamp = 0;
    }
    this.stamp += 1;
    return this.stamp;
  }
}

/**
 * Lends scratches of one index: an idle one if any, a new one while fewer than `max` exist, else the first
 * one given back (waiters served in arrival order). Bounded because under load (a hundred path requests at
 * once) a scratch per search would be hundreds of MB at 1M, and on a few cores searches beyond a handful at
 * once finish no sooner anyway.
 */
export class PathSearchScratchPool {
  private readonly idle: PathSearchScratch[] = [];
  private readonly waiting: Array<(scratch: PathSearchScratch) => void> = [];
  private made = 0;

  constructor(
    private readonly nodes: number,
    private readonly edges: number,
    private readonly max = MAX_PATH_SEARCH_SCRATCHES,
  ) {}

  /** Scratches made so far (at most `max`). */
  get size(): number {
    return this.made;
  }

  /** Runs `search` with a scratch of its own, given back when it settles. */
  async use<T>(search: (scratch: PathSearchScratch) => Promise<T>): Promise<T> {
    const scratch = this.idle.pop() ?? (this.made < this.max ? this.make() : await new Promise<PathSearchScratch>((resolve) => this.waiting.push(resolve)));
    try {
      return await search(scratch);
    } finally {
      const next = this.waiting.shift();
      if (next) next(scratch);
      else this.idle.push(scratch);
    }
  }

  private make(): PathSearchScratch {
    this.made += 1;
    return new PathSearchScratch(this.nodes, this.edges);
  }
}
