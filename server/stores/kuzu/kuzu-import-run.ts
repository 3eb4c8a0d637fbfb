/**
 * How an import's data goes into the database on a connection of the store's pool held throughout
 * (importOnStore): the schema the import needs first (each DDL statement committed on its own), then the
 * data, in one transaction or (staged) in slices of STAGED_COMMIT_RECORDS with relationships spooled and
 * copied at the end. Apart from the store because it is the import's transaction protocol; the store keeps
 * the write queue and the copy around it (see KuzuGraphStore.runImport).
 */
import os from 'node:os';
import type { Connection, KuzuValue } from 'kuzu';
import type { PropertyType } from '../../domain/seed-schema';
import type { ImportSchemaNeeds, ImportTransaction } from '../../domain/ports/graph-store';
import { DOCUMENT_LABEL, DOCUMENT_PROPERTY_TYPES, IMPORT_BATCH_LABEL, IMPORT_LABEL } from '../stored-graph';
import { EdgeSpool, commitInSlices } from './kuzu-edge-spool';
import { importTransaction, type WriteContext } from './kuzu-import-transaction';
import { discard, type Row } from './kuzu-result-rows';
import { quoteIdentifier, type KuzuSchema } from './kuzu-schema';
import { copySpool, relCount } from './kuzu-spool-copy';
import { WRITE_TIMEOUT_MS } from './kuzu-store-options';
import type { StoreWriteContext } from './kuzu-writes';

/** Records a staging copy's transaction takes before it commits and the next begins. */
const STAGED_COMMIT_RECORDS = 50_000;

/** The import's connection, as lent by the store, and how to run a statement on it. */
export interface ImportConnection {
  c: Connection;
  /** Runs one statement on `c` under the import's long write timeout; returns every row. */
  runLong(query: string, params?: Record<string, KuzuValue>): Promise<Row[]>;
  /** The store's schema, statement cache and MERGE, for the import's transaction. */
  write: WriteContext;
}

/**
 * An import on a copy of the database (see kuzu-file-swap.ts): the DDL first, each statement committed on its
 * own, then the data. Not DDL inside the data's transaction: kuzu 0.11.3 segfaulted on the next
 * `ALTER TABLE ... ADD` after rolling back one (a dry run that added a column, then an import that added
 * another), and left a log it could not replay. A failure or a dry run throws the copy away, DDL with it.
 * With `transactional`, the data goes in one transaction; new records with `COPY ... FROM (UNWIND $rows ...)`
 * where the table is empty, about a hundred times faster than MERGE for relationships. Without (a staged
 * import), every slice of STAGED_COMMIT_RECORDS commits on its own, so memory stays bounded, relationships
 * are spooled (in `spoolDir`) and copied at the end, and COPY may go into any table. Resolves once committed.
 */
export async function importOn<T>(
  conn: ImportConnection,
  needs: ImportSchemaNeeds,
  work: (tx: ImportTransaction) => Promise<T>,
  transactional: boolean,
  spoolDir = os.tmpdir(),
): Promise<T> {
  const { c, runLong, write } = conn;
  let spool: EdgeSpool | undefined;
  try {
    // Relationship tables that hold rows now: new rows go into them row by row; empty ones take COPY.
    const filledBefore = new Set<string>();
    for (const table of write.schema.relTables()) {
      const [row] = await runLong(`MATCH ()-[r:${quoteIdentifier(table)}]->() RETURN count(r) AS c`);
      if (Number(row?.c ?? 0) > 0) filledBefore.add(table);
    }
    await ensureImportSchema(write.schema, needs, runLong);
    if (transactional) await discard(c.query('BEGIN TRANSACTION'));
    try {
      spool = transactional ? undefined : await EdgeSpool.create(spoolDir);
      let tx = importTransaction(write, runLong, c, filledBefore, !transactional, spool);
      if (!transactional) {
        // Slices of STAGED_COMMIT_RECORDS per transaction: a commit per statement made Kuzu checkpoint after
        // every COPY (about 130 relationships a second at 1M); one transaction would hold it all in memory.
        await discard(c.query('BEGIN TRANSACTION'));
        tx = commitInSlices(tx, STAGED_COMMIT_RECORDS, async () => {
          await discard(c.query('COMMIT'));
          await discard(c.query('BEGIN TRANSACTION'));
        });
      }
      const result = await work(tx);
      await discard(c.query('COMMIT'));
      // Each spooled COPY commits on its own (auto-commit): the staging copy is thrown away on failure.
      if (spool) await copySpool(write.schema, spool, c, runLong);
      return result;
    } catch (err) {
      await discard(c.query('ROLLBACK')).catch(() => undefined);
      throw err;
    }
  } finally {
    await spool?.remove();
  }
}

/** The tables every import writes (documents, the import log and its batches) and those `needs` names. */
async function ensureImportSchema(schema: KuzuSchema, needs: ImportSchemaNeeds, run: (q: string) => Promise<Row[]>): Promise<void> {
  await schema.ensureNodeTable(DOCUMENT_LABEL, new Map(Object.entries(DOCUMENT_PROPERTY_TYPES).filter(([k]) => k !== 'id')), run);
  await schema.ensureNodeTable(IMPORT_LABEL, new Map<string, PropertyType>([
    ['actor', 'string'], ['at', 'string'], ['files', 'string[]'], ['status', 'string'],
    ['undoneAt', 'string'], ['undoneBy', 'string'], ['counts', 'string'],
  ]), run);
  await schema.ensureNodeTable(IMPORT_BATCH_LABEL, new Map<string, PropertyType>([
    ['importId', 'string'], ['seq', 'number'], ['recordKind', 'string'], ['added', 'string[]'], ['addedFrom', 'string[]'],
    ['changed', 'string[]'], ['changedFrom', 'string[]'], ['previous', 'string[]'],
  ]), run);
  for (const [kind, cols] of needs.nodeColumns) await schema.ensureNodeTable(kind, cols, run);
  for (const [type, cols] of needs.edgeColumns) await schema.ensureRelTable(type, needs.edgePairs.get(type) ?? [], cols, run);
}

/**
 * An import on the store's own database (a copy, see kuzu-file-swap.ts), on a connection held throughout
 * under the long write limit (importOn). After a failure the store's catalogue is read again on that same
 * connection (a staging store has only this one); after any outcome, even a rollback, which may have changed
 * tables and so prepared statements, what the store derived from the graph is forgotten.
 */
export async function importOnStore<T>(
  ctx: StoreWriteContext,
  needs: ImportSchemaNeeds,
  work: (tx: ImportTransaction) => Promise<T>,
  transactional: boolean,
  spoolDir?: string,
): Promise<T> {
  const c = await ctx.pool.acquire();
  let committed = false;
  try {
    c.setQueryTimeout(WRITE_TIMEOUT_MS);
    // run() resets the timeout to the internal one; the import's statements get the long write limit.
    const runLong = async (q: string, params?: Record<string, KuzuValue>): Promise<Row[]> => {
      const rows = await ctx.run(q, params, c);
      c.setQueryTimeout(WRITE_TIMEOUT_MS);
      return rows;
    };
    const result = await importOn({ c, runLong, write: ctx.write }, needs, work, transactional, spoolDir);
    committed = true;
    return result;
  } finally {
    // On the connection still held: a staging store has only this one.
    if (!committed) await ctx.schema.load((q) => ctx.run(q, undefined, c)).catch(() => undefined);
    c.setQueryTimeout(ctx.timeoutMs);
    ctx.pool.release(c);
    // Even a rolled-back import may have changed tables (and so prepared statements): start derived state afresh.
    ctx.forgetDerived();
  }
}

/**
 * Whether the import writes into (or, `removes`, may remove from) a relationship table of `stageIntoRows` rows or
 * more: such an import is staged (see KuzuGraphStore.runImport).
 */
export async function touchesLargeTable(
  schema: KuzuSchema,
  needs: ImportSchemaNeeds,
  removes: boolean,
  stageIntoRows: number,
  run: (q: string) => Promise<Row[]>,
): Promise<boolean> {
  const types = removes ? schema.relTables() : [...needs.edgePairs.keys()].filter((t) => schema.has(t));
  for (const type of types) {
    if ((await relCount(type, run)) >= stageIntoRows) return true;
  }
  return false;
}
