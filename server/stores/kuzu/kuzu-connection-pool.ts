/**
 * A store's connections to its Database, lent one caller at a time, with a pause gate: a swap of the
 * database file (kuzu-file-swap.ts) must close every connection of the old file, so it stops lending,
 * waits for the lent ones to come back, and reopens the pool on the new file. Kept apart from the store
 * because the swap drives the pools of every store on a folder, not only the one that writes.
 * A connection that comes back having spent its prepare budget is replaced by a fresh one before it is lent
 * again (kuzu-connection-recycling.ts): only then, since none of its queries can be running.
 */
import type { Connection } from 'kuzu';
import { EngineUnavailableError } from '../../domain/errors';
import { recycleDue, reopenConnection } from './kuzu-connection-recycling';

export class KuzuConnectionPool {
  private readonly idle: Connection[] = [];
  private readonly waiting: Array<(c: Connection) => void> = [];
  /** Every connection of the pool, idle or lent. */
  private connections: Connection[];
  /** Set while a swap replaces the Database: new borrowers wait for it. */
  private gate: { open: Promise<void>; release: () => void; drained?: () => void } | undefined;
  private isClosed = false;
  /** Connections being replaced (neither idle nor lent): a close or a swap waits for them. */
  private readonly recycling = new Set<Promise<void>>();

  constructor(connections: Connection[]) {
    this.connections = connections;
    this.idle.push(...connections);
  }

  /** Set by close() or closeAll(): no connection is lent any more. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** How many connections the pool holds (a swap reopens as many). */
  get size(): number {
    return this.connections.length;
  }

  /** A connection to use alone until release(); waits while the pool is paused or every connection is lent. */
  async acquire(): Promise<Connection> {
    while (this.gate) await this.gate.open;
    if (this.isClosed) throw new EngineUnavailableError('The embedded database is closed.');
    const c = this.idle.pop();
    if (c) return c;
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(c: Connection): void {
    if (!this.isClosed && recycleDue(c)) {
      const done = this.recycle(c).finally(() => this.recycling.delete(done));
      this.recycling.add(done);
      return;
    }
    this.hand(c);
  }

  /** Lends `c` to the first borrower waiting, or keeps it idle. */
  private hand(c: Connection): void {
    const next = this.waiting.shift();
    if (next) next(c);
    else this.idle.push(c);
    if (this.gate?.drained && this.idle.length === this.connections.length) this.gate.drained();
  }

  /**
   * Replaces `old` by a fresh connection on its Database, then lends that one (borrowers waiting meanwhile get
   * it). Should opening fail, `old` is lent again as it is: it still answers, and the next release tries again.
   */
  private async recycle(old: Connection): Promise<void> {
    let fresh: Connection;
    try {
      fresh = await reopenConnection(old);
    } catch {
      this.hand(old);
      return;
    }
    // No query runs on `old` (it came back). A result left open on it would still read and close afterwards
    // (kuzu 0.11.3 ties results to the Database, not the connection), but the store closes each it makes.
    await old.close();
    const at = this.connections.indexOf(old);
    if (at === -1 || this.isClosed) {
      // Closed, or replaced by a swap, meanwhile: the fresh connection belongs to no pool.
      await fresh.close();
      return;
    }
    this.connections[at] = fresh;
    this.hand(fresh);
  }

  /** Stops lending connections and waits until every lent one is back (reads and exports in flight finish). */
  async pause(): Promise<void> {
    let release = (): void => undefined;
    const open = new Promise<void>((r) => (release = r));
    const gate: NonNullable<KuzuConnectionPool['gate']> = { open, release };
    this.gate = gate;
    if (this.idle.length < this.connections.length) await new Promise<void>((r) => (gate.drained = r));
  }

  resume(): void {
    const gate = this.gate;
    this.gate = undefined;
    gate?.release();
  }

  /**
   * Runs `use` on an idle connection while the pool is paused (the gate keeps every other borrower out),
   * e.g. a CHECKPOINT, which Kuzu runs only when no transaction is open, or loading the catalogue of a
   * file just swapped in. The connection stays in the pool.
   */
  async whilePaused<T>(use: (c: Connection) => Promise<T>): Promise<T> {
    const c = this.idle.pop() as Connection;
    try {
      return await use(c);
    } finally {
      this.idle.push(c);
    }
  }

  /** Closes every connection of a paused pool (none is lent): its Database is about to close. */
  async closeForSwap(): Promise<void> {
    await this.recyclingDone();
    for (const c of this.connections) await c.close();
    this.idle.length = 0;
  }

  /** The pool's connections are now `connections` (on the file swapped in); the gate stays as it is. */
  replace(connections: Connection[]): void {
    this.connections = connections;
    this.idle.length = 0;
    this.idle.push(...connections);
  }

  /** Closes the idle connections and lends no more (the Database stays open, see kuzu-database-slots.ts). */
  async close(): Promise<void> {
    this.isClosed = true;
    await this.recyclingDone();
    for (const c of this.idle.splice(0)) await c.close();
  }

  /** Closes every connection, lent or not, before the caller closes their Database (a staging copy's). */
  async closeAll(): Promise<void> {
    this.isClosed = true;
    // Before the caller closes the Database: a connection being opened on it then would outlive it.
    await this.recyclingDone();
    for (const c of this.connections) await c.close();
  }

  private async recyclingDone(): Promise<void> {
    while (this.recycling.size > 0) await Promise.all([...this.recycling]);
  }
}
