/**
 * Reads that find the embedded engine's buffer pool full. Kuzu pins the pages a query reads (and the memory
 * its joins, sorts and aggregates build) in one pool per Database, sized by ENGINE_MEMORY_MB; when the reads
 * running together pin more than it holds, the one that asks last fails with "Buffer manager exception: Unable
 * to allocate memory! The buffer pool is full ...". The failure is transient: a query's pins go when it ends.
 * So a read that meets it is asked once more, after the reads that were running beside it have ended (and after
 * any other read's second attempt: a burst of failures must not refill the pool all at once); a second
 * failure means the read needs more than the pool has even with fewer beside it, and the caller gets
 * EngineMemoryFullError (503, naming the setting) instead of the engine's words as a 500.
 * Only for reads: a retried read has no effects, and the gate never waits while holding a connection.
 */
import { EngineMemoryFullError } from '../../domain/errors';

const POOL_FULL = /buffer pool is full/i;

/** Kuzu's "the buffer pool is full" failure, raw or as the console's QueryFailedError (which keeps the engine's words). */
export function isBufferPoolFull(err: unknown): boolean {
  return err instanceof Error && POOL_FULL.test(err.message);
}

/** The reads on one Database, so a read that found the pool full can wait for those running beside it. */
export class KuzuMemoryGate {
  /** One promise per attempt running now, settled when it ends (its pins are released then). */
  private readonly running = new Set<Promise<void>>();
  /** Settled when the last second attempt asked for has ended: second attempts run one at a time. */
  private retries: Promise<void> = Promise.resolve();

  constructor(private readonly poolBytes: number) {}

  /**
   * Runs `attempt` (which must take and give back its own connection); on a full pool, runs it once more
   * after the attempts running at that moment have ended. @throws EngineMemoryFullError when that fails too.
   */
  async read<T>(attempt: () => Promise<T>): Promise<T> {
    try {
      return await this.track(attempt);
    } catch (err) {
      if (!isBufferPoolFull(err)) throw err;
    }
    // A snapshot: reads that start meanwhile are not waited for, so a steady load cannot hold this one back.
    // The failed attempt has left the set, so two reads that failed together never wait for each other's
    // first attempt; their second ones go one after the other, or they would fill the pool together again.
    const beside = [...this.running];
    const previous = this.retries;
    let done = (): void => undefined;
    this.retries = new Promise<void>((resolve) => (done = resolve));
    try {
      await Promise.all([previous, ...beside]);
      return await this.track(attempt);
    } catch (err) {
      if (isBufferPoolFull(err)) throw new EngineMemoryFullError(Math.round(this.poolBytes / 2 ** 20));
      throw err;
    } finally {
      done();
    }
  }

  private async track<T>(attempt: () => Promise<T>): Promise<T> {
    let ended = (): void => undefined;
    const running = new Promise<void>((resolve) => (ended = resolve));
    this.running.add(running);
    try {
      return await attempt();
    } finally {
      this.running.delete(running);
      ended();
    }
  }
}
