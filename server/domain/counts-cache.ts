/**
 * The graph's counts as /api/health reports them, kept by the app instead of counted on every call.
 *
 * Health is what monitors and load balancers poll; on Neo4j each count was two READ transactions over the
 * network (367 health answers a second against 6,781 for a bare Express route, issue 20). The counts only
 * change when something writes: writes through this app are seen at once (WriteTracker's version), and on
 * Neo4j, where other clients may write too, the counts are read again once they are `maxAgeMs` old.
 * Cached counts are still answered only after a ping (one `RETURN 1`): health must say degraded the moment
 * the engine is gone (the fault tests cut Neo4j and expect the next health call to answer 503), and a
 * liveness answer kept from an earlier call could not. A ping is one trivial round trip instead of two
 * counting transactions.
 *
 * The embedded engine is written only through this app and its adapter keeps its own counts until the next
 * write, so there the cache adds nothing and is not used (maxAgeMs 0).
 */
import type { GraphCounts, GraphStore } from './ports/graph-store';
import type { WriteTracker } from './write-tracking';

/** How long counts read from Neo4j are reported before they are read again. */
export const NEO4J_COUNTS_MAX_AGE_MS = 5_000;

interface Snapshot {
  counts: GraphCounts;
  version: number;
  readAt: number;
}

export class CountsCache {
  private snapshot: Snapshot | undefined;
  private reading: Promise<GraphCounts> | undefined;

  /** `maxAgeMs` 0 reads the store on every call. */
  constructor(
    private readonly store: Pick<GraphStore, 'counts' | 'ping'>,
    private readonly writes: Pick<WriteTracker, 'version'>,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The counts: from the last read while no write went through the app and it is young enough, else read. */
  async current(): Promise<GraphCounts> {
    if (this.maxAgeMs <= 0) return this.store.counts();
    const cached = this.snapshot;
    if (cached && cached.version === this.writes.version() && this.now() - cached.readAt < this.maxAgeMs) {
      await this.store.ping();
      return cached.counts;
    }
    // Concurrent health calls share one read instead of each counting.
    this.reading ??= this.read().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async read(): Promise<GraphCounts> {
    const version = this.writes.version();
    const readAt = this.now();
    const counts = await this.store.counts();
    // A read that overlapped a write may count half of it: answer it, but do not keep it.
    if (this.writes.version() === version) this.snapshot = { counts, version, readAt };
    else this.snapshot = undefined;
    return counts;
  }
}

/** The counts' longest age for an engine: only Neo4j can be written by others. */
export function countsMaxAgeFor(engine: GraphStore['engine']): number {
  return engine === 'neo4j' ? NEO4J_COUNTS_MAX_AGE_MS : 0;
}
