/**
 * The import log on the embedded engine (GraphStore.listImports, readImportBatches): one `Import` row per
 * import and its `ImportBatch` rows, the record an undo replays. Their tables exist once an import ran.
 */
import type { KuzuValue } from 'kuzu';
import type { ImportRecord } from '../../domain/import-model';
import type { ImportBatchEntry } from '../../domain/ports/graph-store';
import { IMPORT_BATCH_LABEL, IMPORT_LABEL, fromStoredImportBatch, fromStoredImportRecord } from '../stored-graph';
import type { Row } from './kuzu-result-rows';
import type { KuzuSchema } from './kuzu-schema';

type Run = (query: string, params?: Record<string, KuzuValue>) => Promise<Row[]>;

/** Every import, newest first. */
export async function readImportLog(run: Run, schema: KuzuSchema): Promise<ImportRecord[]> {
  if (!schema.has(IMPORT_LABEL)) return [];
  const rows = await run(`MATCH (i:${IMPORT_LABEL}) RETURN i ORDER BY i.at DESC, i.id DESC`);
  return rows.map((r) => fromStoredImportRecord(r.i as Record<string, unknown>));
}

/** The batches of import `importId`, in the order they were written. */
export async function readImportBatchEntries(run: Run, schema: KuzuSchema, importId: string): Promise<ImportBatchEntry[]> {
  if (!schema.has(IMPORT_BATCH_LABEL)) return [];
  const rows = await run(`MATCH (b:${IMPORT_BATCH_LABEL}) WHERE b.importId = $id RETURN b ORDER BY b.seq`, { id: importId });
  return rows.map((r) => fromStoredImportBatch(r.b as Record<string, unknown>));
}
