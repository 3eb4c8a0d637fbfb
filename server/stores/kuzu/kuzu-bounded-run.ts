/**
 * How the embedded store runs its own small queries (reads by id, counts, schema look-ups, CHECKPOINT): on a
 * pooled connection, or on one the caller holds, under the store's internal timeout, parameterised ones
 * through the per-connection statement cache, every row read. The console's query (kuzu-read-query.ts) and
 * streams (kuzu-stream-reads.ts) have limits of their own.
 */
import type { Connection, KuzuValue, QueryResult } from 'kuzu';
import { QueryTimeoutError } from '../../domain/errors';
import type { KuzuConnectionPool } from './kuzu-connection-pool';
import { readRows, single, type Row } from './kuzu-result-rows';
import type { KuzuStatementCache } from './kuzu-statement-cache';

/** Runs one statement (on `conn` when given, else a pooled connection); returns every row. */
export type BoundedRun = (query: string, params?: Record<string, KuzuValue>, conn?: Connection) => Promise<Row[]>;

/** What a bounded query needs of the store: its pool, its statement cache and its internal timeout in ms. */
export interface BoundedRunContext {
  pool: KuzuConnectionPool;
  statements: KuzuStatementCache;
  timeoutMs: number;
}

/** Runs one statement on a pooled connection (or `conn`, left to its holder); returns every row. */
export async function runBounded(ctx: BoundedRunContext, query: string, params?: Record<string, KuzuValue>, conn?: Connection): Promise<Row[]> {
  const c = conn ?? (await ctx.pool.acquire());
  try {
    c.setQueryTimeout(ctx.timeoutMs);
    let result: QueryResult;
    if (params) {
      // Cached per connection: preparing costs about as much as running a small indexed look-up.
      result = single(await c.execute(await ctx.statements.prepared(c, query), params));
    } else {
      result = single(await c.query(query));
    }
    try {
      return (await readRows(result, Number.MAX_SAFE_INTEGER)).rows;
    } finally {
      // Closed even when reading a row throws, so a failed read leaves no result open on a pooled connection.
      result.close();
    }
  } catch (err) {
    // Kuzu's own timeout says "Interrupted": a 504 for the caller, like the console's limit, not a 500.
    if (err instanceof Error && /Interrupted/i.test(err.message)) throw new QueryTimeoutError(ctx.timeoutMs);
    throw err;
  } finally {
    if (!conn) ctx.pool.release(c);
  }
}
