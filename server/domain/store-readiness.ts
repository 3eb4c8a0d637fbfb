/**
 * Whether the store is ready to serve: the composition root prepares it at start (schema, then the seed of
 * an empty store) and says so here; /api/health reads it. Until preparation has finished, health answers
 * `starting` (503), or `degraded` while the last attempt failed: never `ok` over a graph that is still
 * being seeded.
 */
export type Readiness =
  | { state: 'ready' }
  | { state: 'starting' }
  /** The last attempt to prepare the store failed (e.g. the engine could not be reached); `message` says why. */
  | { state: 'failed'; message: string };

export class StoreReadiness {
  private current: Readiness = { state: 'starting' };

  /** A store prepared before the app was built (the embedded engine waits for it before listening). */
  static ready(): StoreReadiness {
    const readiness = new StoreReadiness();
    readiness.markReady();
    return readiness;
  }

  get(): Readiness {
    return this.current;
  }

  get isReady(): boolean {
    return this.current.state === 'ready';
  }

  /** An attempt to prepare the store begins (again). */
  markAttempt(): void {
    if (this.current.state !== 'ready') this.current = { state: 'starting' };
  }

  /** The attempt failed; `message` is shown to clients, so it names the cause without internals. */
  markFailed(message: string): void {
    if (this.current.state !== 'ready') this.current = { state: 'failed', message };
  }

  markReady(): void {
    this.current = { state: 'ready' };
  }
}
