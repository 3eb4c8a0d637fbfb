/**
 * How the Neo4j store's own reads run: each in one READ transaction of the runner (retried when transient)
 * under the store's internal timeout. The console's query has its own limits (neo4j-read-query.ts) and
 * streams their own transaction (neo4j-streams.ts).
 */
import type { Transaction } from 'neo4j-driver';
import type { Neo4jRunner } from './neo4j-runner';
import { toDriverParams, toPlain } from './neo4j-values';

/** What a read needs of the store: its runner and the timeout of its own transactions, in ms. */
export interface ReadContext {
  runner: Neo4jRunner;
  timeoutMs: number;
}

/** One query's records as objects (column name to driver value). */
export type ReadObjects = (query: string, params?: Record<string, unknown>) => Promise<Array<Record<string, unknown>>>;

/** Runs `work` in one READ transaction under the store's internal timeout. */
export function readInTransaction<T>(ctx: ReadContext, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return ctx.runner.transaction('READ', work, { timeoutMs: ctx.timeoutMs });
}

/** Runs one read query in a READ transaction and returns its records as objects. */
export function readObjects(ctx: ReadContext, query: string, params: Record<string, unknown> = {}): Promise<Array<Record<string, unknown>>> {
  return readInTransaction(ctx, async (tx) => (await tx.run(query, toDriverParams(params))).records.map((r) => r.toObject() as Record<string, unknown>));
}

/** The `c` of a one-row count query, as a number. */
export async function countOf(tx: Transaction, query: string): Promise<number> {
  return Number(toPlain((await tx.run(query)).records[0]?.get('c')) ?? 0);
}
