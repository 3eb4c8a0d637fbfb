/**
 * The wire model of imports: what an import answers (counts added / changed / unchanged per record kind,
 * or every problem found), what the import log lists, and what an undo answers. Shared by the CLI, the
 * HTTP route and the client (`import type`).
 */
import { z } from 'zod';

/** One problem in an input file: the file, the row (CSV: as a spreadsheet numbers it, header = 1), the field. */
export const ImportIssueSchema = z
  .object({
    file: z.string(),
    row: z.number().int().optional().describe('CSV: the row as a spreadsheet shows it (header = 1); JSON: 1-based index in its list.'),
    record: z.string().optional().describe('The record, e.g. "edges[41] (alpha--hosts-base--b201)".'),
    field: z.string().optional(),
    message: z.string(),
  })
  .meta({ id: 'ImportIssue' });
export type ImportIssue = z.infer<typeof ImportIssueSchema>;

export const RECORD_KINDS = ['node', 'edge', 'document'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const ChangeCountsSchema = z.object({
  added: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  /** Deleted by an edit in the explorer (domain/edit-graph.ts); absent on file imports. */
  removed: z.number().int().optional(),
});
export type ChangeCounts = z.infer<typeof ChangeCountsSchema>;

export const ImportCountsSchema = z.object({
  nodes: ChangeCountsSchema,
  edges: ChangeCountsSchema,
  documents: ChangeCountsSchema,
});
export type ImportCounts = z.infer<typeof ImportCountsSchema>;

export const ImportSummarySchema = z
  .object({
    /** Id of the import record; absent on a dry run and when nothing was added or changed. */
    importId: z.string().optional(),
    dryRun: z.boolean(),
    files: z.array(z.string()),
    counts: ImportCountsSchema,
    elapsedMs: z.number(),
  })
  .meta({ id: 'ImportSummary' });
export type ImportSummary = z.infer<typeof ImportSummarySchema>;

export const IMPORT_STATUSES = ['applied', 'undone'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** One entry of the import log, as kept in the graph (an `Import` node). */
export const ImportRecordSchema = z
  .object({
    id: z.string(),
    actor: z.string(),
    at: z.string().describe('When it was applied, ISO 8601.'),
    files: z.array(z.string()),
    counts: ImportCountsSchema,
    status: z.enum(IMPORT_STATUSES),
    undoneAt: z.string().optional(),
    undoneBy: z.string().optional(),
  })
  .meta({ id: 'ImportRecord' });
export type ImportRecord = z.infer<typeof ImportRecordSchema>;

export const ImportListSchema = z.object({ imports: z.array(ImportRecordSchema) }).meta({ id: 'ImportList' });
export type ImportList = z.infer<typeof ImportListSchema>;

export const UndoSummarySchema = z
  .object({
    importId: z.string(),
    removed: z.object({ nodes: z.number().int(), edges: z.number().int(), documents: z.number().int() }),
    restored: z.object({ nodes: z.number().int(), edges: z.number().int(), documents: z.number().int() }),
  })
  .meta({ id: 'UndoSummary' });
export type UndoSummary = z.infer<typeof UndoSummarySchema>;

/** Options of an import: a dry run validates and counts, then rolls back; `actor` says who imports. */
export const ImportOptionsSchema = z.object({
  dryRun: z.boolean().default(false),
  actor: z.string().min(1).max(200),
});
export type ImportOptions = z.input<typeof ImportOptionsSchema>;

/**
 * From this many records an import (or undo) is staged: the embedded engine writes a copy of the database
 * and swaps it in, because one Kuzu transaction keeps everything it wrote in memory until it commits.
 * Smaller ones run in one transaction, which is quicker than copying the database file.
 */
export const STAGED_FROM_RECORDS = 50_000;
