/**
 * How an import reaches Neo4j (GraphStore.runImport): its labels and types checked, the indexes its look-ups
 * need created first, then its work in one WRITE transaction (neo4j-import-transaction.ts).
 */
import type { ImportSchemaNeeds, ImportTransaction } from '../../domain/ports/graph-store';
import { PASCAL_CASE, UPPER_SNAKE } from '../../domain/seed-schema';
import { label } from './neo4j-cypher-text';
import { neo4jImportTransaction } from './neo4j-import-transaction';
import { IMPORT_TIMEOUT_MS } from './neo4j-store-options';
import type { WriteContext } from './neo4j-writes';

/**
 * One WRITE transaction holding every batch (UNWIND of up to 1000 rows per statement). Indexes the
 * import's look-ups need (relationship id per type, the log's ids) are schema commands, which Neo4j runs
 * only in their own auto-commit transactions: they are created first; an index left by a failed import is
 * harmless. The runner may call `work` again after a transient failure; `work` starts from scratch.
 */
export async function runImportOn<T>(ctx: WriteContext, needs: ImportSchemaNeeds, work: (tx: ImportTransaction) => Promise<T>): Promise<T> {
  const types = [...needs.edgeColumns.keys()].map((t) => {
    label(t, UPPER_SNAKE, 'Relationship type');
    return t;
  });
  for (const kind of needs.nodeColumns.keys()) label(kind, PASCAL_CASE, 'Kind');
  await ctx.schema.ensureImportSchema(types);
  try {
    return await ctx.runner.transaction('WRITE', (tx) => work(neo4jImportTransaction(tx)), { timeoutMs: IMPORT_TIMEOUT_MS });
  } finally {
    ctx.forgetDocuments();
  }
}
