/**
 * How wire objects are laid out as engine properties, shared by every adapter so both engines store the
 * same names: a node is its kind as label plus `id`, `name`, `aliases` and its properties; a relationship
 * is its type plus `id`, its properties, and its evidence as three parallel lists (`sourceDocuments`,
 * `sourceQuotes`, `sourceRoles`) because neither engine stores a list of maps as a property. Source
 * documents are nodes labelled `SourceDocument`; edges name them by id and get their metadata on read.
 */
import type { GraphEdge, GraphNode, Properties, PropertyValue, Source } from '../domain/graph-model';
import { SOURCE_ROLES } from '../domain/graph-model';
import { DOCUMENT_KIND } from '../domain/document-kind';
import type { PropertyType, SeedDocument } from '../domain/seed-schema';
import { ImportCountsSchema, RECORD_KINDS, type ImportCounts, type ImportRecord, type RecordKind } from '../domain/import-model';
import type { ImportBatchEntry } from '../domain/ports/graph-store';

export const DOCUMENT_LABEL = DOCUMENT_KIND;
/** The import log: one node per import and one per batch of records it wrote (see domain/import-graph.ts). */
export const IMPORT_LABEL = 'Import';
export const IMPORT_BATCH_LABEL = 'ImportBatch';
/** Labels of nodes that are not entities of the graph. */
export const INTERNAL_LABELS: readonly string[] = [DOCUMENT_LABEL, IMPORT_LABEL, IMPORT_BATCH_LABEL];
/** Neo4j only: every entity also carries this label so one uniqueness constraint covers all kinds. */
export const ENTITY_LABEL = 'Entity';

const NODE_CORE = new Set(['id', 'name', 'aliases']);
// yearFrom / yearTo are derived (see domain/validity.ts): stored for filtering, not shown as claims.
const EDGE_CORE = new Set(['id', 'sourceDocuments', 'sourceQuotes', 'sourceRoles', 'yearFrom', 'yearTo']);

export const DOCUMENT_PROPERTY_TYPES: Record<keyof SeedDocument, PropertyType> = {
  id: 'string',
  publisher: 'string',
  title: 'string',
  author: 'string',
  published: 'string',
  publishedInferred: 'boolean',
  publishedNote: 'string',
  url: 'string',
  text: 'string',
};

function isPropertyValue(v: unknown): v is PropertyValue {
  if (typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every((x) => typeof x === 'string') || v.every((x) => typeof x === 'number');
  return false;
}

/** Drops nulls (Kuzu answers null for columns a row never set) and anything not a property value. */
function cleanProperties(raw: Record<string, unknown>, skip: Set<string>): Properties {
  const out: Properties = {};
  // for...in, not Object.entries: this runs once per row of a whole-graph read (1M relationships), and the
  // entry arrays were a tenth of that read's time. Engine rows are plain objects: no inherited keys.
  for (const k in raw) {
    if (skip.has(k) || k.charCodeAt(0) === 95 /* "_" */) continue;
    const v = raw[k];
    if (v === null || v === undefined) continue;
    if (isPropertyValue(v)) out[k] = v;
  }
  return out;
}

/**
 * A relationship's properties in one order whatever read produced them: Kuzu lists a relationship's columns in
 * its table's order when the pattern names the type, and in the order of every table's columns together when
 * it does not (the node details' star read, a neighbourhood's kind-pair reads), and Neo4j's maps have no order.
 * Without this, one record read two ways gave two byte forms of one answer (and two ETags).
 */
function inKeyOrder(props: Properties): Properties {
  const keys = Object.keys(props);
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i += 1) sorted = (keys[i - 1] as string) < (keys[i] as string);
  if (sorted) return props;
  const out: Properties = {};
  for (const k of keys.sort()) out[k] = props[k] as Properties[string];
  return out;
}

function asStringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The stored property map of a node (its kind travels as the label). */
export function toStoredNode(node: GraphNode): Record<string, PropertyValue> {
  return { ...node.properties, id: node.id, name: node.name, aliases: node.aliases };
}

export function fromStoredNode(kind: string, raw: Record<string, unknown>): GraphNode {
  return {
    id: String(raw.id),
    kind,
    name: typeof raw.name === 'string' ? raw.name : String(raw.id),
    aliases: asStringList(raw.aliases),
    properties: cleanProperties(raw, NODE_CORE),
  };
}

/** The stored property map of a relationship: properties plus evidence as parallel lists. */
export function toStoredEdge(edge: GraphEdge): Record<string, PropertyValue> {
  return {
    ...edge.properties,
    id: edge.id,
    sourceDocuments: edge.sources.map((s) => s.document),
    sourceQuotes: edge.sources.map((s) => s.quote),
    sourceRoles: edge.sources.map((s) => s.role ?? 'claim'),
  };
}

export function fromStoredEdge(
  type: string,
  source: string,
  target: string,
  raw: Record<string, unknown>,
  documents: ReadonlyMap<string, SeedDocument>,
): GraphEdge {
  const docs = asStringList(raw.sourceDocuments);
  const quotes = asStringList(raw.sourceQuotes);
  const roles = asStringList(raw.sourceRoles);
  const sources: Source[] = docs.map((document, i) => {
    const s: Source = { document, quote: quotes[i] ?? '' };
    const meta = documents.get(document);
    if (meta) {
      s.publisher = meta.publisher;
      s.title = meta.title;
      s.published = meta.published;
    }
    const role = roles[i];
    if (role === 'correction' && (SOURCE_ROLES as readonly string[]).includes(role)) s.role = role;
    return s;
  });
  return { id: String(raw.id), type, source, target, properties: inKeyOrder(cleanProperties(raw, EDGE_CORE)), sources };
}

export function toStoredDocument(doc: SeedDocument): Record<string, PropertyValue> {
  const out: Record<string, PropertyValue> = {};
  for (const [k, v] of Object.entries(doc)) if (v !== undefined && v !== null) out[k] = v as PropertyValue;
  return out;
}

export function fromStoredDocument(raw: Record<string, unknown>): SeedDocument {
  const str = (k: string): string | undefined => (typeof raw[k] === 'string' ? (raw[k] as string) : undefined);
  const doc: SeedDocument = {
    id: String(raw.id),
    publisher: str('publisher') ?? '',
    title: str('title') ?? '',
    published: str('published') ?? '',
  };
  const author = str('author');
  if (author) doc.author = author;
  if (raw.publishedInferred === true) doc.publishedInferred = true;
  const note = str('publishedNote');
  if (note) doc.publishedNote = note;
  const url = str('url');
  if (url) doc.url = url;
  const text = str('text');
  if (text !== undefined) doc.text = text;
  return doc;
}

/** The document without its text: what the bibliography and the sources of every edge carry. */
export function withoutText(doc: SeedDocument): SeedDocument {
  if (doc.text === undefined) return doc;
  const { text: _text, ...meta } = doc;
  return meta;
}

/** The catalogue fields a document node carries: what identifies and dates it, not any stored full text. */
const DOCUMENT_NODE_FIELDS = ['publisher', 'title', 'author', 'published', 'publishedInferred', 'publishedNote', 'url'] as const;

/**
 * A stored source document as the console draws it: a node of kind SourceDocument named by its title, its
 * catalogue fields (publisher, title, published, url, ...) as properties. Only those: a document may come to
 * hold its whole text, which belongs in `RETURN d.text`, not in every cell and canvas node that shows it.
 */
export function documentNode(raw: Record<string, unknown>): GraphNode {
  const doc = fromStoredDocument(raw);
  const properties: Properties = {};
  for (const key of DOCUMENT_NODE_FIELDS) {
    const value = doc[key];
    // fromStoredDocument fills absent catalogue fields with ''; an empty field is not a fact worth showing.
    if (value !== undefined && value !== '') properties[key] = value;
  }
  return { id: doc.id, kind: DOCUMENT_KIND, name: doc.title !== '' ? doc.title : doc.id, aliases: [], properties };
}

/** The type a value needs when no declaration names it (e.g. a property an import brings). */
export function inferPropertyType(value: PropertyValue): PropertyType {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return value.length > 0 && typeof value[0] === 'number' ? 'number[]' : 'string[]';
}

/** The stored property map of an import log entry (counts as JSON text: one property, readable in any browser). */
export function toStoredImportRecord(record: ImportRecord): Record<string, PropertyValue> {
  const out: Record<string, PropertyValue> = {
    id: record.id,
    actor: record.actor,
    at: record.at,
    files: record.files,
    status: record.status,
    counts: JSON.stringify(record.counts),
  };
  if (record.undoneAt) out.undoneAt = record.undoneAt;
  if (record.undoneBy) out.undoneBy = record.undoneBy;
  return out;
}

const NO_COUNTS: ImportCounts = {
  nodes: { added: 0, changed: 0, unchanged: 0 },
  edges: { added: 0, changed: 0, unchanged: 0 },
  documents: { added: 0, changed: 0, unchanged: 0 },
};

export function fromStoredImportRecord(raw: Record<string, unknown>): ImportRecord {
  let counts = NO_COUNTS;
  try {
    const parsed = ImportCountsSchema.safeParse(JSON.parse(String(raw.counts)));
    if (parsed.success) counts = parsed.data;
  } catch {
    // a hand-edited log entry keeps zero counts rather than breaking the list
  }
  const record: ImportRecord = {
    id: String(raw.id),
    actor: typeof raw.actor === 'string' ? raw.actor : '',
    at: typeof raw.at === 'string' ? raw.at : '',
    files: asStringList(raw.files),
    counts,
    status: raw.status === 'undone' ? 'undone' : 'applied',
  };
  if (typeof raw.undoneAt === 'string') record.undoneAt = raw.undoneAt;
  if (typeof raw.undoneBy === 'string') record.undoneBy = raw.undoneBy;
  return record;
}

export function fromStoredImportBatch(raw: Record<string, unknown>): ImportBatchEntry {
  const kind = String(raw.recordKind);
  return {
    importId: String(raw.importId),
    seq: Number(raw.seq),
    recordKind: ((RECORD_KINDS as readonly string[]).includes(kind) ? kind : 'node') as RecordKind,
    added: asStringList(raw.added),
    addedFrom: asStringList(raw.addedFrom),
    changed: asStringList(raw.changed),
    changedFrom: asStringList(raw.changedFrom),
    previous: asStringList(raw.previous),
  };
}
