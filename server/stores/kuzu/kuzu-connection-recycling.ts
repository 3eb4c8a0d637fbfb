/**
 * When a pooled connection is closed and replaced by a fresh one on the same Database, and how. kuzu 0.11.3
 * keeps every statement a connection prepares until that connection closes (its ClientContext's
 * CachedPreparedStatementManager only grows; `query()` and `execute()` add nothing). The store's own reads are a
 * finite set of texts, prepared once per connection and kept (kuzu-statement-cache.ts); but console texts are
 * the users' (kuzu-console-statements.ts keeps 64 per connection, every other distinct text costs a prepare) and
 * a selection's stream prepares one statement per table on every call (kuzu-streams.ts). Those prepares are
 * spent here; once a connection has spent its budget, the pool (kuzu-connection-pool.ts) closes it when it
 * comes back and lends a fresh one instead, so the engine process's memory stays bounded whatever users send.
 *
 * Measured on the seed graph (bench/console-memory.mjs, 2 cores, MALLOC_ARENA_MAX=1): a kept statement costs
 * ~10 KB (`MATCH (n:Country) ...`), ~80 KB (`MATCH (n) ...`), ~320 KB (`MATCH (a)-[r]->(b) ...`, every
 * relationship table bound) to ~800 KB (three unlabelled hops); opening and closing a connection costs under
 * 2 ms, and a recycled connection prepares the store's own texts again as they come (~1 ms each). So the
 * budget is a count (128 prepares: ~40 MB of the common heavy kind) and, since a statement's memory grows with
 * the work of planning it, the time spent preparing (2 s: a handful of pathological texts recycle sooner).
 */
import kuzu from 'kuzu';
import type { Connection, Database, PreparedStatement } from 'kuzu';

/** Prepares a connection may spend before it is recycled. */
export const RECYCLE_AFTER_PREPARES = 128;
/** Milliseconds of preparing a connection may spend before it is recycled. */
export const RECYCLE_AFTER_PREPARE_MS = 2_000;

/** What a connection spent on prepares it keeps memory for, and how to open its replacement. */
interface Ledger {
  prepares: number;
  ms: number;
  db: Database;
  queryThreads: number | undefined;
}

const ledgers = new WeakMap<Connection, Ledger>();

/** Opens a connection on `db` whose prepares are counted (every pool connection is opened here). */
export async function openCountedConnection(db: Database, queryThreads?: number): Promise<Connection> {
  const c = new kuzu.Connection(db);
  await c.init();
  if (queryThreads !== undefined) c.setMaxNumThreadForExec(queryThreads);
  ledgers.set(c, { prepares: 0, ms: 0, db, queryThreads });
  return c;
}

/**
 * `c.prepare(query)`, counted against `c`'s budget: for statements users' input decides (console texts, a
 * selection's stream), whose number has no bound but the budget.
 */
export async function prepareSpending(c: Connection, query: string): Promise<PreparedStatement> {
  const started = performance.now();
  try {
    return await c.prepare(query);
  } finally {
    const ledger = ledgers.get(c);
    if (ledger) {
      ledger.prepares += 1;
      ledger.ms += performance.now() - started;
    }
  }
}

/** True when `c` has spent its budget: it should be closed and replaced before it is lent again. */
export function recycleDue(c: Connection): boolean {
  const ledger = ledgers.get(c);
  return ledger !== undefined && (ledger.prepares >= RECYCLE_AFTER_PREPARES || ledger.ms >= RECYCLE_AFTER_PREPARE_MS);
}

/** A fresh connection on `c`'s Database with `c`'s settings (`c` stays open: the caller closes it). */
export function reopenConnection(c: Connection): Promise<Connection> {
  const ledger = ledgers.get(c);
  if (!ledger) return Promise.reject(new Error('This connection was not opened by openCountedConnection.'));
  return openCountedConnection(ledger.db, ledger.queryThreads);
}
