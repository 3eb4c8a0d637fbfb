/**
 * The import log on Neo4j (GraphStore.listImports, readImportBatches): one `:Import` node per import and
 * its `:ImportBatch` nodes, the record an undo replays.
 */
import type { Node } from 'neo4j-driver';
import type { ImportBatchEntry } from '../../domain/ports/graph-store';
import type { ImportRecord } from '../../domain/import-model';
import { IMPORT_BATCH_LABEL, IMPORT_LABEL, fromStoredImportBatch, fromStoredImportRecord } from '../stored-graph';
import type { ReadObjects } from './neo4j-read';
import { plainProperties } from './neo4j-values';

/** Every import, newest first. */
export async function readImportLog(read: ReadObjects): Promise<ImportRecord[]> {
  const rows = await read(`MATCH (i:${IMPORT_LABEL}) RETURN i ORDER BY i.at DESC, i.id DESC`);
  return rows.map((r) => fromStoredImportRecord(plainProperties((r.i as Node).properties as Record<string, unknown>)));
}

/** The batches of import `importId`, in the order they were written. */
export async function readImportBatchEntries(read: ReadObjects, importId: string): Promise<ImportBatchEntry[]> {
  const rows = await read(`MATCH (b:${IMPORT_BATCH_LABEL} {importId: $id}) RETURN b ORDER BY b.seq`, { id: importId });
  return rows.map((r) => fromStoredImportBatch(plainProperties((r.b as Node).properties as Record<string, unknown>)));
}
