/**
 * Edits made in the explorer (issue 19), built on the import path so they are validated, written in one
 * transaction, logged and undone exactly like imports:
 * - creating or replacing an entity or a relationship is an import of a one-record Graph JSON file
 *   (importGraph checks kinds, types, endpoints, documents and property types, and logs what it changed);
 * - deleting an entity (with its relationships), a relationship, or one source of a relationship is logged
 *   in the same import log: a deleted record is a "changed" entry whose previous value is the record, and
 *   undo (undoImport) puts previous values back, so it restores a deletion with no new log shape and no
 *   change to either engine's schema.
 */
import { randomBytes } from 'node:crypto';
import type { GraphEdge, GraphNode, Source } from './graph-model';
import { normaliseForQuote } from './document-ingest';
import { InvalidRequestError, NotFoundError } from './errors';
import { importGraph, ImportValidationError, NO_SCHEMA_NEEDS } from './import-graph';
import type { ImportCounts, ImportRecord } from './import-model';
import type { EditSummary, EntityEdit, RelationshipEdit } from './edit-model';
import { EntityEditSchema, RelationshipEditSchema } from './edit-model';
import type { Vocabulary } from './seed-schema';
import type { EdgeKey, GraphStore } from './ports/graph-store';
import { defaultRelationshipId } from '../seed/seed-loader';

export interface EditOptions {
  actor: string;
  vocabulary: Vocabulary;
  dryRun?: boolean;
}

/** A slug from a name: "Kulob Airfield" -> "kulob-airfield" (diacritics dropped). */
export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 120)
    .replace(/^-+|-+$/g, '');
  return slug || `entity-${randomBytes(3).toString('hex')}`;
}

/** The first of `base`, `base-2`, `base-3`... that `taken` does not hold. */
async function freeId(base: string, taken: (ids: string[]) => Promise<Set<string>>): Promise<string> {
  for (let from = 1; ; from += 20) {
    const candidates = Array.from({ length: 20 }, (_, i) => (from + i === 1 ? base : `${base}-${from + i}`));
    const used = await taken(candidates);
    const free = candidates.find((c) => !used.has(c));
    if (free !== undefined) return free;
  }
}

/**
 * Runs a one-record import and answers in the edit's terms. A validation problem becomes a 400 whose message
 * names the field ("field "type": ..."), with the import's issues as details.
 */
async function importOne(
  store: GraphStore,
  name: string,
  graph: { nodes: GraphNode[]; edges: GraphEdge[] },
  options: EditOptions,
  storedSources?: ReadonlyMap<string, string>,
) {
  try {
    return await importGraph(store, [{ name, bytes: new TextEncoder().encode(JSON.stringify(graph)) }], {
      actor: options.actor,
      dryRun: options.dryRun ?? false,
      vocabulary: options.vocabulary,
      storedSources,
    });
  } catch (err) {
    if (err instanceof ImportValidationError) {
      const first = err.issues[0];
      const where = first?.field ? `field "${first.field}": ` : '';
      throw new InvalidRequestError(`${where}${first?.message ?? err.message}`, { field: first?.field, issues: err.issues });
    }
    throw err;
  }
}

function toNode(id: string, edit: EntityEdit): GraphNode {
  const e = EntityEditSchema.parse(edit);
  const properties = { ...e.properties };
  delete properties.description;
  if (e.description) properties.description = e.description;
  return { id, kind: e.kind, name: e.name, aliases: e.aliases, properties };
}

function actionOf(counts: ImportCounts, kind: 'nodes' | 'edges'): EditSummary['action'] {
  if (counts[kind].added > 0) return 'created';
  if (counts[kind].changed > 0) return 'replaced';
  return 'unchanged';
}

/** Creates an entity; its id is `edit.id` or a free slug of its name. Refused when the id is taken. */
export async function createEntity(store: GraphStore, edit: EntityEdit, options: EditOptions): Promise<EditSummary> {
  const parsed = EntityEditSchema.parse(edit);
  let id = parsed.id;
  if (id !== undefined) {
    if ((await store.getNodes([id])).length > 0) throw new InvalidRequestError(`field "id": an entity "${id}" already exists.`, { field: 'id' });
  } else {
    id = await freeId(slugOf(parsed.name), async (ids) => new Set((await store.getNodes(ids)).map((n) => n.id)));
  }
  const summary = await importOne(store, 'edit-entity.json', { nodes: [toNode(id, edit)], edges: [] }, options);
  return { importId: summary.importId, action: actionOf(summary.counts, 'nodes'), dryRun: summary.dryRun, entity: id, removedRelationships: [] };
}

/** Replaces an existing entity's name, aliases, description and properties (its kind stays: see the import). */
export async function replaceEntity(store: GraphStore, id: string, edit: EntityEdit, options: EditOptions): Promise<EditSummary> {
  if ((await store.getNodes([id])).length === 0) throw new NotFoundError(`No entity "${id}".`);
  const summary = await importOne(store, 'edit-entity.json', { nodes: [toNode(id, edit)], edges: [] }, options);
  return { importId: summary.importId, action: actionOf(summary.counts, 'nodes'), dryRun: summary.dryRun, entity: id, removedRelationships: [] };
}

/**
 * Refuses a quote that is not verbatim in its document's stored text (folded as the document commit folds
 * it: curly quotes, dashes, spaces). Documents without a stored text (the seed's catalogue entries, documents
 * from an import) cannot be checked: their quotes pass, as they do in an import.
 * @throws InvalidRequestError naming the first quote not found, as field "sources.<i>.quote".
 */
async function checkQuotesVerbatim(store: GraphStore, sources: readonly Source[], unchanged: ReadonlySet<string> = new Set()): Promise<void> {
  const texts = new Map<string, string | null>();
  for (const [i, s] of sources.entries()) {
    if (unchanged.has(sourceKey(s))) continue;
    if (!texts.has(s.document)) {
      const text = (await store.getDocument(s.document))?.text;
      texts.set(s.document, text === undefined ? null : normaliseForQuote(text));
    }
    const text = texts.get(s.document);
    if (text != null && !text.includes(normaliseForQuote(s.quote))) {
      const field = `sources.${i}.quote`;
      throw new InvalidRequestError(`field "${field}": the quote is not in the text of document "${s.document}"; copy it verbatim.`, { field });
    }
  }
}

const sourceKey = (s: Source): string => `${s.document}\u0000${s.quote}`;

function toEdge(id: string, edit: RelationshipEdit): GraphEdge {
  const e = RelationshipEditSchema.parse(edit);
  return { id, type: e.type, source: e.source, target: e.target, properties: e.properties, sources: e.sources };
}

/** Creates a relationship; its id is the seed's default for its ends and type, made unique. */
export async function createRelationship(store: GraphStore, edit: RelationshipEdit, options: EditOptions): Promise<EditSummary> {
  const e = RelationshipEditSchema.parse(edit);
  await checkQuotesVerbatim(store, e.sources);
  const id = await freeId(defaultRelationshipId(e.source, e.type, e.target), async (ids) => new Set((await store.getEdges(ids)).map((x) => x.id)));
  const summary = await importOne(store, 'edit-relationship.json', { nodes: [], edges: [toEdge(id, edit)] }, options);
  return { importId: summary.importId, action: actionOf(summary.counts, 'edges'), dryRun: summary.dryRun, relationship: id, removedRelationships: [] };
}

/**
 * Replaces a relationship whole: type, direction, endpoints, properties and sources. The import writes it
 * again under its id (removing the stored one first), so a new type or new ends are one change, undone as one.
 */
export async function replaceRelationship(store: GraphStore, id: string, edit: RelationshipEdit, options: EditOptions): Promise<EditSummary> {
  const [stored] = await store.getEdges([id]);
  if (!stored) throw new NotFoundError(`No relationship "${id}".`);
  // Sources kept as they were are not checked again: the graph holds quotes from before documents had texts.
  await checkQuotesVerbatim(store, RelationshipEditSchema.parse(edit).sources, new Set(stored.sources.map(sourceKey)));
  const summary = await importOne(store, 'edit-relationship.json', { nodes: [], edges: [toEdge(id, edit)] }, options, new Map([[id, stored.source]]));
  return { importId: summary.importId, action: actionOf(summary.counts, 'edges'), dryRun: summary.dryRun, relationship: id, removedRelationships: [] };
}

/** Removes source number `index` (0-based) of a relationship; its grade goes with it. The last source cannot go. */
export async function removeSource(store: GraphStore, id: string, index: number, options: EditOptions): Promise<EditSummary> {
  const [edge] = await store.getEdges([id]);
  if (!edge) throw new NotFoundError(`No relationship "${id}".`);
  if (!Number.isInteger(index) || index < 0 || index >= edge.sources.length) {
    throw new InvalidRequestError(`field "index": relationship "${id}" has ${edge.sources.length} source(s), numbered from 0; there is no source ${index}.`, { field: 'index' });
  }
  if (edge.sources.length === 1) {
    throw new InvalidRequestError(`field "index": source ${index} is the only source of "${id}"; a relationship needs one. Delete the relationship instead.`, { field: 'index' });
  }
  const sources = edge.sources.filter((_, i) => i !== index).map((s) => ({ document: s.document, quote: s.quote, ...(s.role ? { role: s.role } : {}) }));
  const properties = { ...edge.properties };
  const grades = properties.sourceGrades;
  if (Array.isArray(grades) && grades.length === edge.sources.length) properties.sourceGrades = (grades as string[]).filter((_, i) => i !== index);
  const summary = await importOne(store, 'edit-relationship.json', { nodes: [], edges: [{ ...edge, properties, sources }] }, options);
  return { importId: summary.importId, action: actionOf(summary.counts, 'edges'), dryRun: summary.dryRun, relationship: id, removedRelationships: [] };
}

function newEditId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-').toLowerCase();
  return `edit-${stamp}-${randomBytes(3).toString('hex')}`;
}

const refOf = (e: GraphEdge) => ({ id: e.id, type: e.type, source: e.source, target: e.target });

/**
 * Deletes relationships and at most one entity in one transaction and logs them as an import whose
 * "changed" entries hold the deleted records, so undo puts them back.
 */
async function deleteLogged(store: GraphStore, keys: readonly EdgeKey[], nodeId: string | undefined, file: string, actor: string): Promise<string> {
  const importId = newEditId();
  await store.runImport(NO_SCHEMA_NEEDS, async (tx) => {
    // Read inside the transaction, as an import logs what it replaces: sources without catalogue fields.
    const edges = await tx.findEdges(keys);
    const nodes = nodeId === undefined ? [] : await tx.findNodes([nodeId]);
    await tx.removeEdges(edges.map((e) => ({ id: e.id, source: e.source })));
    await tx.removeNodes(nodes.map((n) => n.id));
    let seq = 0;
    if (edges.length > 0) {
      seq += 1;
      await tx.putImportBatch({
        importId, seq, recordKind: 'edge', added: [], addedFrom: [],
        changed: edges.map((e) => e.id), changedFrom: edges.map((e) => e.source), previous: edges.map((e) => JSON.stringify(e)),
      });
    }
    if (nodes.length > 0) {
      seq += 1;
      await tx.putImportBatch({
        importId, seq, recordKind: 'node', added: [], addedFrom: [], changed: nodes.map((n) => n.id), changedFrom: [], previous: nodes.map((n) => JSON.stringify(n)),
      });
    }
    const counts: ImportCounts = {
      nodes: { added: 0, changed: 0, unchanged: 0, removed: nodes.length },
      edges: { added: 0, changed: 0, unchanged: 0, removed: edges.length },
      documents: { added: 0, changed: 0, unchanged: 0 },
    };
    const record: ImportRecord = { id: importId, actor, at: new Date().toISOString(), files: [file], counts, status: 'applied' };
    await tx.putImportRecord(record);
  }, { removesRelationships: keys.length > 0 });
  return importId;
}

/**
 * Deletes an entity with every relationship that touches it. A dry run answers which relationships would go
 * (the explorer names them in its confirmation) and writes nothing.
 */
export async function deleteEntity(store: GraphStore, id: string, options: { actor: string; dryRun?: boolean }): Promise<EditSummary> {
  if ((await store.getNodes([id])).length === 0) throw new NotFoundError(`No entity "${id}".`);
  const refs = await store.adjacency([id], 'any');
  const edges = await store.getEdges([...new Set(refs.map((r) => r.id))]);
  const removedRelationships = edges.map(refOf);
  if (options.dryRun) return { action: 'deleted', dryRun: true, entity: id, removedRelationships };
  const importId = await deleteLogged(store, edges.map((e) => ({ id: e.id, source: e.source })), id, `delete entity ${id}`, options.actor);
  return { importId, action: 'deleted', dryRun: false, entity: id, removedRelationships };
}

/** Deletes one relationship with its sources. */
export async function deleteRelationship(store: GraphStore, id: string, options: { actor: string; dryRun?: boolean }): Promise<EditSummary> {
  const [edge] = await store.getEdges([id]);
  if (!edge) throw new NotFoundError(`No relationship "${id}".`);
  if (options.dryRun) return { action: 'deleted', dryRun: true, relationship: id, removedRelationships: [refOf(edge)] };
  const importId = await deleteLogged(store, [{ id, source: edge.source }], undefined, `delete relationship ${id}`, options.actor);
  return { importId, action: 'deleted', dryRun: false, relationship: id, removedRelationships: [refOf(edge)] };
}
