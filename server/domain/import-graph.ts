/**
 * Import, list and undo: the use cases behind `npm run import` and POST /api/import.
 *
 * An import reads its files twice. The first pass (import/import-plan.ts) validates every record and
 * resolves every reference, writing nothing. The second pass runs inside one store transaction: records
 * are streamed in batches, each batch compared with what is stored (added / changed / unchanged), written
 * with MERGE-by-id semantics, and logged: which ids it added, which it changed and their previous values.
 * An `Import` node records who, when, files and counts. Undo removes what an import added and restores
 * what it changed, in one transaction too, and refuses when a later import touched the same records.
 */
import { randomBytes } from 'node:crypto';
import type { GraphEdge, GraphNode, Properties } from './graph-model';
import {
  ImportOptionsSchema,
  STAGED_FROM_RECORDS,
  type ChangeCounts,
  type ImportCounts,
  type ImportOptions,
  type ImportRecord,
  type ImportSummary,
  type RecordKind,
  type UndoSummary,
} from './import-model';
import { ConflictError, InvalidRequestError, NotFoundError } from './errors';
import type { SeedDocument, Vocabulary } from './seed-schema';
import { storedValidityOf } from './validity';
import type { EdgeKey, EdgeWrite, GraphStore, ImportBatchEntry, ImportSchemaNeeds, ImportTransaction } from './ports/graph-store';
import { fromStoredDocument, fromStoredEdge, fromStoredNode, toStoredDocument, toStoredEdge, toStoredNode } from '../stores/stored-graph';
import { readSection, SECTIONS, type ImportFile, type RecordLocation, type Section } from '../import/import-file';
import {
  ImportDocumentSchema,
  ImportEdgeSchema,
  ImportNodeSchema,
  ImportValidationError,
  planImport,
  withDefaultEdgeId,
  type ImportPlan,
} from '../import/import-plan';
import { defaultRelationshipId } from '../seed/seed-loader';

export type { ImportFile } from '../import/import-file';
export { ImportValidationError } from '../import/import-plan';

/** Records written per batch (one look-up, one write and one log entry per batch). */
export const IMPORT_BATCH_SIZE = 1_000;

export interface ImportProgress {
  phase: 'validate' | 'write';
  section: Section;
  rows: number;
}

export interface ImportGraphOptions extends ImportOptions {
  /** The vocabulary in force (graph-seed/vocabulary.json); files may declare more. */
  vocabulary: Vocabulary;
  onProgress?: (p: ImportProgress) => void;
  /** Records from which the write is staged (STAGED_FROM_RECORDS unless set; IMPORT_STAGED_FROM). */
  stagedFromRecords?: number;
  /**
   * The stored start node of relationships this import may turn around (an edit in the explorer that reverses
   * one or moves its start). Neo4j finds a stored relationship through its start node's index, so without it
   * the stored one would not be found, and the import would add a second relationship with the same id.
   */
  storedSources?: ReadonlyMap<string, string>;
}

/** Thrown inside the transaction to end a dry run: the store rolls back, the counts are kept. */
class DryRunRollback extends Error {
  constructor(readonly summary: ImportSummary) {
    super('dry run');
  }
}

const zero = (): ChangeCounts => ({ added: 0, changed: 0, unchanged: 0 });

function sortedProperties(p: Properties): Properties {
  const out: Properties = {};
  for (const key of Object.keys(p).sort()) {
    const v = p[key];
    // Kuzu stores an empty list as null: both mean "no value" here, on either engine.
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    out[key] = v;
  }
  return out;
}

/** A node as the store would read it back, for comparing and for the log. */
function normalNode(n: GraphNode): GraphNode {
  const back = fromStoredNode(n.kind, toStoredNode(n));
  return { ...back, properties: sortedProperties(back.properties) };
}

function normalEdge(e: GraphEdge): GraphEdge {
  const back = fromStoredEdge(e.type, e.source, e.target, toStoredEdge(e), new Map());
  return { ...back, properties: sortedProperties(back.properties) };
}

function normalDocument(d: SeedDocument): SeedDocument {
  return fromStoredDocument(toStoredDocument(d));
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function newImportId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-').toLowerCase();
  return `import-${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Adds the derived yearFrom / yearTo the stores keep for year filters. */
function withYears(edge: GraphEdge, dated: ReadonlyMap<string, GraphNode>): GraphEdge {
  const { yearFrom, yearTo } = storedValidityOf(edge, dated);
  const properties = { ...edge.properties };
  if (yearFrom !== null) properties.yearFrom = yearFrom;
  if (yearTo !== null) properties.yearTo = yearTo;
  return { ...edge, properties };
}

/** The second pass: streams the files again and writes them batch by batch through `tx`. */
async function writeRecords(
  tx: ImportTransaction,
  files: readonly ImportFile[],
  plan: ImportPlan,
  importId: string,
  onProgress?: (p: ImportProgress) => void,
  storedSources?: ReadonlyMap<string, string>,
): Promise<ImportCounts> {
  const counts: ImportCounts = { nodes: zero(), edges: zero(), documents: zero() };
  const writtenNodes = new Set<string>();
  let seq = 0;
  const log = async (recordKind: RecordKind, added: string[], addedFrom: string[], changed: string[], changedFrom: string[], previous: string[]): Promise<void> => {
    if (added.length === 0 && changed.length === 0) return;
    seq += 1;
    await tx.putImportBatch({ importId, seq, recordKind, added, addedFrom, changed, changedFrom, previous });
  };

  const flushDocuments = async (batch: SeedDocument[]): Promise<void> => {
    const stored = new Map((await tx.findDocuments(batch.map((d) => d.id))).map((d) => [d.id, d]));
    const fresh: SeedDocument[] = [];
    const replace: SeedDocument[] = [];
    const previous: string[] = [];
    for (const d of batch) {
      const old = stored.get(d.id);
      if (!old) fresh.push(d);
      else if (same(normalDocument(old), normalDocument(d))) counts.documents.unchanged += 1;
      else {
        replace.push(d);
        previous.push(JSON.stringify(old));
      }
    }
    await tx.putDocuments(fresh, replace);
    counts.documents.added += fresh.length;
    counts.documents.changed += replace.length;
    await log('document', fresh.map((d) => d.id), [], replace.map((d) => d.id), [], previous);
  };

  const flushNodes = async (batch: Array<{ node: GraphNode; loc: RecordLocation }>): Promise<void> => {
    const stored = new Map((await tx.findNodes(batch.map((b) => b.node.id))).map((n) => [n.id, n]));
    const fresh: GraphNode[] = [];
    const replace: GraphNode[] = [];
    const previous: string[] = [];
    for (const { node } of batch) {
      const old = stored.get(node.id);
      if (!old) fresh.push(node);
      else if (same(normalNode(old), normalNode(node))) counts.nodes.unchanged += 1;
      else {
        replace.push(node);
        previous.push(JSON.stringify(old));
      }
    }
    await tx.putNodes(fresh, replace);
    counts.nodes.added += fresh.length;
    counts.nodes.changed += replace.length;
    await log('node', fresh.map((n) => n.id), [], replace.map((n) => n.id), [], previous);
  };

  const flushEdges = async (batch: GraphEdge[]): Promise<void> => {
    const keys: EdgeKey[] = batch.map((e) => ({ id: e.id, source: e.source }));
    for (const e of batch) {
      const was = storedSources?.get(e.id);
      if (was !== undefined && was !== e.source) keys.push({ id: e.id, source: was });
    }
    const stored = new Map((await tx.findEdges(keys)).map((e) => [e.id, e]));
    const writes: EdgeWrite[] = [];
    const removals: EdgeKey[] = [];
    const added: GraphEdge[] = [];
    const changed: GraphEdge[] = [];
    const previous: string[] = [];
    for (const edge of batch) {
      const old = stored.get(edge.id);
      if (old && same(normalEdge(old), normalEdge(edge))) {
        counts.edges.unchanged += 1;
        continue;
      }
      if (old) {
        removals.push({ id: old.id, source: old.source });
        changed.push(edge);
        previous.push(JSON.stringify(old));
      } else added.push(edge);
      writes.push({
        edge: withYears(edge, plan.datedNodes),
        fromKind: plan.kindOf.get(edge.source) as string,
        toKind: plan.kindOf.get(edge.target) as string,
      });
    }
    await tx.removeEdges(removals);
    await tx.putEdges(writes);
    counts.edges.added += added.length;
    counts.edges.changed += changed.length;
    await log('edge', added.map((e) => e.id), added.map((e) => e.source), changed.map((e) => e.id), changed.map((e) => e.source), previous);
  };

  for (const section of SECTIONS) {
    let rows = 0;
    const documents: SeedDocument[] = [];
    const nodes: Array<{ node: GraphNode; loc: RecordLocation }> = [];
    const edges: GraphEdge[] = [];
    const flush = async (): Promise<void> => {
      if (documents.length) await flushDocuments(documents.splice(0));
      if (nodes.length) await flushNodes(nodes.splice(0));
      if (edges.length) await flushEdges(edges.splice(0));
      onProgress?.({ phase: 'write', section, rows });
    };
    for (const file of files) {
      for await (const event of readSection(file, section)) {
        // The first pass saw every record valid; a file that changed since then is refused, not half-read.
        if (event.type === 'issue') throw new ImportValidationError([event.issue]);
        rows += 1;
        const fail = (): never => {
          throw new ImportValidationError([{ file: event.loc.file, row: event.loc.row, message: 'changed since it was validated' }]);
        };
        if (section === 'document') {
          const r = ImportDocumentSchema.safeParse(event.value);
          if (!r.success) fail();
          else documents.push(r.data);
        } else if (section === 'node') {
          const r = ImportNodeSchema.safeParse(event.value);
          if (!r.success) fail();
          else if (!writtenNodes.has(r.data.id)) {
            writtenNodes.add(r.data.id);
            nodes.push({ node: r.data, loc: event.loc });
          }
        } else {
          const r = ImportEdgeSchema.safeParse(withDefaultEdgeId(event.value, defaultRelationshipId));
          if (!r.success) fail();
          else edges.push(r.data);
        }
        if (documents.length + nodes.length + edges.length >= IMPORT_BATCH_SIZE) await flush();
      }
    }
    await flush();
  }
  return counts;
}

/**
 * Imports files into the store: validates everything first (nothing is written when anything is wrong),
 * then writes all records in one transaction and logs the import so it can be undone.
 * @throws ImportValidationError listing every problem with file, row and field.
 */
export async function importGraph(store: GraphStore, files: readonly ImportFile[], options: ImportGraphOptions): Promise<ImportSummary> {
  const { dryRun, actor } = ImportOptionsSchema.parse({ dryRun: options.dryRun, actor: options.actor });
  if (files.length === 0) throw new InvalidRequestError('No file to import.');
  const started = Date.now();
  const { plan } = await planImport(store, files, options.vocabulary, defaultRelationshipId, options.onProgress);
  const importId = newImportId();
  const records = plan.totals.node + plan.totals.edge + plan.totals.document;
  const staged = records >= (options.stagedFromRecords ?? STAGED_FROM_RECORDS);
  try {
    const summary = await store.runImport(plan.needs, async (tx) => {
      const counts = await writeRecords(tx, files, plan, importId, options.onProgress, options.storedSources);
      const summary: ImportSummary = { dryRun, files: plan.files, counts, elapsedMs: Date.now() - started };
      if (dryRun) throw new DryRunRollback(summary);
      const record: ImportRecord = { id: importId, actor, at: new Date().toISOString(), files: plan.files, counts, status: 'applied' };
      await tx.putImportRecord(record);
      return { ...summary, importId };
    }, { staged });
    // Measured after runImport: a staged import copies its relationships and swaps the copy in after `work`.
    return { ...summary, elapsedMs: Date.now() - started };
  } catch (err) {
    if (err instanceof DryRunRollback) return { ...err.summary, elapsedMs: Date.now() - started };
    throw err;
  }
}

/** The import log, newest first. */
export async function listImports(store: GraphStore): Promise<ImportRecord[]> {
  return store.listImports();
}

interface Touched {
  node: Set<string>;
  edge: Set<string>;
  document: Set<string>;
}

function touchedBy(batches: readonly ImportBatchEntry[]): Touched {
  const t: Touched = { node: new Set(), edge: new Set(), document: new Set() };
  for (const b of batches) for (const id of [...b.added, ...b.changed]) t[b.recordKind].add(id);
  return t;
}

/** Citing relationships named in a refused undo's message, and listed in its details. */
const CITING_NAMED_IN_MESSAGE = 5;
const CITING_LISTED_IN_DETAILS = 200;

/** Needs of a write that only removes or restores records whose tables and columns exist. */
export const NO_SCHEMA_NEEDS: ImportSchemaNeeds = { nodeColumns: new Map(), edgeColumns: new Map(), edgePairs: new Map() };

/**
 * Undoes one import: removes the records it added and restores the previous values of those it changed.
 * Refused (nothing written) when a later import still applied touched the same records, when
 * relationships from elsewhere now hang on nodes it added, or (409) when relationships from elsewhere cite
 * a document it stored: undo those first.
 */
export async function undoImport(store: GraphStore, importId: string, options: { actor: string; stagedFromRecords?: number }): Promise<UndoSummary> {
  const imports = await store.listImports();
  const record = imports.find((i) => i.id === importId);
  if (!record) throw new NotFoundError(`No import "${importId}".`);
  if (record.status === 'undone') throw new InvalidRequestError(`Import "${importId}" was already undone (${record.undoneAt ?? ''}).`);
  const batches = await store.readImportBatches(importId);
  const mine = touchedBy(batches);

  const laterEdges = new Map<string, string>();
  for (const later of imports) {
    if (later.id === importId || later.status !== 'applied' || later.at < record.at) continue;
    const theirs = touchedBy(await store.readImportBatches(later.id));
    for (const id of theirs.edge) if (!laterEdges.has(id)) laterEdges.set(id, later.id);
    for (const kind of ['node', 'edge', 'document'] as const) {
      const shared = [...theirs[kind]].find((id) => mine[kind].has(id));
      if (shared !== undefined) {
        throw new InvalidRequestError(
          `Import "${later.id}" (${later.at}) also wrote ${kind} "${shared}"; undo it first.`,
          { conflictsWith: later.id },
        );
      }
    }
  }
  const addedDocuments = new Set(batches.filter((b) => b.recordKind === 'document').flatMap((b) => b.added));
  if (addedDocuments.size > 0) {
    // The store finds them in one query; the import's own relationships cite its documents and go with it.
    const { edges: citing, total } = await store.edgesCitingDocuments([...addedDocuments], { limit: CITING_LISTED_IN_DETAILS, excluding: [...mine.edge] });
    if (total > 0) {
      const shown = citing.slice(0, CITING_NAMED_IN_MESSAGE).map((c) => `"${c.id}"`).join(', ');
      const more = total > CITING_NAMED_IN_MESSAGE ? ` and ${total - CITING_NAMED_IN_MESSAGE} more` : '';
      const documents = [...new Set(citing.map((c) => `"${c.document}"`))].join(', ');
      throw new ConflictError(
        `Import "${importId}" stored document ${documents}, which relationship${total === 1 ? '' : 's'} ${shown}${more} still cite${total === 1 ? 's' : ''} as a source; undo the import${total === 1 ? '' : 's'} that committed ${total === 1 ? 'it' : 'them'} first.`,
        {
          citedBy: citing.map((c) => ({
            relationship: c.id, type: c.type, source: c.source, target: c.target, document: c.document,
            ...(laterEdges.has(c.id) ? { importId: laterEdges.get(c.id) } : {}),
          })),
          total,
        },
      );
    }
  }
  const addedNodes = batches.filter((b) => b.recordKind === 'node').flatMap((b) => b.added);
  const addedEdges = new Set(batches.filter((b) => b.recordKind === 'edge').flatMap((b) => b.added));
  for (let i = 0; i < addedNodes.length; i += IMPORT_BATCH_SIZE) {
    const foreign = (await store.adjacency(addedNodes.slice(i, i + IMPORT_BATCH_SIZE), 'any')).find((e) => !addedEdges.has(e.id));
    if (foreign) {
      throw new InvalidRequestError(`Relationship "${foreign.id}" was added after import "${importId}" to a node it added; remove it first.`);
    }
  }

  const removed = { nodes: 0, edges: 0, documents: 0 };
  const restored = { nodes: 0, edges: 0, documents: 0 };
  const records = batches.reduce((n, b) => n + b.added.length + b.changed.length, 0);
  const staged = records >= (options.stagedFromRecords ?? STAGED_FROM_RECORDS);
  await store.runImport(NO_SCHEMA_NEEDS, async (tx) => {
    removed.nodes = removed.edges = removed.documents = 0;
    restored.nodes = restored.edges = restored.documents = 0;
    // Relationships it wrote go first (nodes with relationships cannot go), then nodes it changed or deleted
    // come back before the relationships it changed or deleted are restored onto them, and the nodes it added
    // go last. An id written by several batches gets the value from before the first of them.
    const edgeBatches = batches.filter((x) => x.recordKind === 'edge');
    const nodeBatches = batches.filter((x) => x.recordKind === 'node');
    await tx.removeEdges(edgeBatches.flatMap((b) => [
      ...b.added.map((id, i) => ({ id, source: b.addedFrom[i] ?? '' })),
      ...b.changed.map((id, i) => ({ id, source: b.changedFrom[i] ?? '' })),
    ]));
    const previousNodes = new Map<string, GraphNode>();
    for (const b of nodeBatches) for (const p of b.previous) {
      const n = JSON.parse(p) as GraphNode;
      if (!previousNodes.has(n.id)) previousNodes.set(n.id, n);
    }
    await tx.putNodes([], [...previousNodes.values()]);
    const previousEdges = new Map<string, GraphEdge>();
    for (const b of edgeBatches) for (const p of b.previous) {
      const e = JSON.parse(p) as GraphEdge;
      if (!previousEdges.has(e.id)) previousEdges.set(e.id, e);
    }
    const previous = [...previousEdges.values()];
    const endpoints = new Map((await tx.findNodes([...new Set(previous.flatMap((e) => [e.source, e.target]))])).map((n) => [n.id, n]));
    await tx.putEdges(
      previous.map((e) => ({
        edge: withYears(e, endpoints),
        fromKind: endpoints.get(e.source)?.kind ?? '',
        toKind: endpoints.get(e.target)?.kind ?? '',
      })),
    );
    await tx.removeNodes(nodeBatches.flatMap((b) => b.added));
    removed.edges = edgeBatches.reduce((n, b) => n + b.added.length, 0);
    restored.edges = previous.length;
    removed.nodes = nodeBatches.reduce((n, b) => n + b.added.length, 0);
    restored.nodes = previousNodes.size;
    const reversed = [...batches].reverse();
    for (const b of reversed.filter((x) => x.recordKind === 'document')) {
      await tx.removeDocuments(b.added);
      await tx.putDocuments([], b.previous.map((p) => JSON.parse(p) as SeedDocument));
      removed.documents += b.added.length;
      restored.documents += b.previous.length;
    }
    await tx.putImportRecord({ ...record, status: 'undone', undoneAt: new Date().toISOString(), undoneBy: options.actor });
  }, { staged, removesRelationships: addedEdges.size > 0 || batches.some((b) => b.recordKind === 'edge' && b.changed.length > 0) });
  return { importId, removed, restored };
}
