/**
 * The first pass of an import: every record of every file read (streamed) and checked before anything is
 * written. Each row is parsed with zod; node kinds and relationship types must be in the vocabulary or
 * declared by a vocabulary.json among the files; every relationship's endpoints must be nodes of the files
 * or of the store (looked up in batches), of kinds its type allows; every source must cite a document of
 * the files or of the store; property types must agree. All problems are collected, each with its file,
 * row and field. Memory holds the ids and kinds of the nodes and the ids of the edges, not the records.
 */
import { z } from 'zod';
import { EdgeSchema, NodeSchema, type GraphNode, type PropertyValue } from '../domain/graph-model';
import type { ImportIssue, RecordKind } from '../domain/import-model';
import { InvalidRequestError } from '../domain/errors';
import {
  CAMEL_CASE,
  PASCAL_CASE,
  RESERVED_PROPERTY_KEYS,
  SeedDocumentSchema,
  STATUSES,
  UPPER_SNAKE,
  valueMatchesType,
  type PropertyDefinition,
  type PropertyType,
  type RelationshipTypeDefinition,
  type Vocabulary,
} from '../domain/seed-schema';
import type { GraphStore, ImportSchemaNeeds } from '../domain/ports/graph-store';
import { inferPropertyType } from '../stores/stored-graph';
import { checkSourceGrades, SOURCE_GRADES_KEY } from '../domain/source-grades';
import { readDeclaredVocabulary } from './json-records';
import { readSection, SECTIONS, type ImportFile, type RecordLocation, type Section } from './import-file';

/** Problems kept in full; beyond this only their number is kept (a broken million-row file must not fill memory). */
export const MAX_LISTED_ISSUES = 10_000;
const LOOKUP_BATCH = 1_000;

export const ImportNodeSchema = z.strictObject({
  ...NodeSchema.shape,
  id: z.string().min(1).max(400),
  kind: z.string().regex(PASCAL_CASE, 'kind must be PascalCase'),
});

export const ImportEdgeSchema = z.strictObject({
  ...EdgeSchema.shape,
  id: z.string().min(1).max(400),
  type: z.string().regex(UPPER_SNAKE, 'type must be UPPER_SNAKE'),
  sources: EdgeSchema.shape.sources.min(1, 'every relationship needs at least one source'),
});

export const ImportDocumentSchema = SeedDocumentSchema;

/** Thrown when the files do not validate (or a write finds a conflict); nothing was written. */
export class ImportValidationError extends InvalidRequestError {
  constructor(
    readonly issues: ImportIssue[],
    readonly total: number = issues.length,
  ) {
    super(`The import is invalid (${total} problem${total === 1 ? '' : 's'}); nothing was written.`, {
      issues,
      total,
    });
    this.name = 'ImportValidationError';
  }

  /** The problems as lines, e.g. `edges.csv row 7 field "target": unknown node "nowhere"`. */
  describe(): string {
    const lines = this.issues.map(describeIssue);
    if (this.total > this.issues.length) lines.push(`... and ${this.total - this.issues.length} more`);
    return lines.join('\n');
  }
}

export function describeIssue(i: ImportIssue): string {
  return `${i.file}${i.row !== undefined ? ` row ${i.row}` : ''}${i.record ? ` ${i.record}` : ''}${i.field ? ` field "${i.field}"` : ''}: ${i.message}`;
}

export interface ImportPlan {
  files: string[];
  /** Kind of every node the files define and of every stored node their edges reference. */
  kindOf: Map<string, string>;
  /** Nodes with a `date` (events), for the edges' derived validity (domain/validity.ts). */
  datedNodes: Map<string, GraphNode>;
  needs: ImportSchemaNeeds;
  propertyTypes: Map<string, PropertyType>;
  /** Records per kind in the files (repeated node ids counted once). */
  totals: Record<RecordKind, number>;
}

export interface PlanProgress {
  phase: 'validate';
  section: Section;
  rows: number;
}


/** The wire record of a parsed row: edges without an id get the seed's default id. */
export function withDefaultEdgeId(value: unknown, defaultId: (s: string, t: string, u: string) => string): unknown {
  if (!value || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  if (o.id !== undefined || typeof o.source !== 'string' || typeof o.type !== 'string' || typeof o.target !== 'string') return value;
  return { ...o, id: defaultId(o.source, o.type, o.target) };
}

/** Everything the two passes need to know about the vocabulary in force. */
export interface ImportVocabulary {
  kinds: Set<string>;
  types: Map<string, RelationshipTypeDefinition>;
  properties: Map<string, PropertyDefinition>;
}

export function mergeVocabularies(base: Vocabulary, declared: readonly Vocabulary[]): ImportVocabulary {
  const all = [base, ...declared];
  return {
    kinds: new Set(all.flatMap((v) => v.kinds.map((k) => k.kind))),
    types: new Map(all.flatMap((v) => v.relationshipTypes.map((t) => [t.type, t] as const))),
    properties: new Map(all.flatMap((v) => v.properties.map((p) => [p.key, p] as const))),
  };
}

const NODE_RESERVED = new Set<string>(RESERVED_PROPERTY_KEYS.filter((k) => k !== 'documents'));
const EDGE_RESERVED = new Set<string>([...RESERVED_PROPERTY_KEYS, 'yearFrom', 'yearTo']);

/**
 * Validates every record of `files` against `base` (plus vocabulary files among them) and the store.
 * @throws ImportValidationError listing every problem (at most MAX_LISTED_ISSUES, with the total).
 */
export async function planImport(
  store: GraphStore,
  files: readonly ImportFile[],
  base: Vocabulary,
  defaultEdgeId: (s: string, t: string, u: string) => string,
  onProgress?: (p: PlanProgress) => void,
): Promise<{ plan: ImportPlan; vocabulary: ImportVocabulary }> {
  const issues: ImportIssue[] = [];
  let total = 0;
  const report = (i: ImportIssue): void => {
    total += 1;
    if (issues.length < MAX_LISTED_ISSUES) issues.push(i);
  };
  const at = (loc: RecordLocation, field: string | undefined, message: string): void =>
    report({ file: loc.file, ...(loc.row !== undefined ? { row: loc.row } : {}), ...(loc.record ? { record: loc.record } : {}), ...(field ? { field } : {}), message });

  const declaredIssues: ImportIssue[] = [];
  const vocabulary = mergeVocabularies(base, await readDeclaredVocabulary(files, declaredIssues));
  declaredIssues.forEach(report);

  const kindOf = new Map<string, string>();
  const datedNodes = new Map<string, GraphNode>();
  const propertyTypes = new Map<string, PropertyType>();
  const typeSeenAt = new Map<string, string>();
  const nodeColumns = new Map<string, Map<string, PropertyType>>();
  const edgeColumns = new Map<string, Map<string, PropertyType>>();
  const edgePairs = new Map<string, Set<string>>();
  const totals: Record<RecordKind, number> = { node: 0, edge: 0, document: 0 };
  const documentIds = new Set<string>();
  const storedDocumentIds = new Set((await store.listDocuments()).map((d) => d.id));
  const edgeIds = new Set<string>();

  const checkProperties = (props: Record<string, PropertyValue>, on: 'node' | 'edge', loc: RecordLocation, columns: Map<string, PropertyType>): void => {
    for (const [key, value] of Object.entries(props)) {
      const field = `properties.${key}`;
      if ((on === 'node' ? NODE_RESERVED : EDGE_RESERVED).has(key)) {
        at(loc, field, 'is a reserved key');
        continue;
      }
      if (!CAMEL_CASE.test(key)) {
        at(loc, field, 'property keys must be camelCase');
        continue;
      }
      const def = vocabulary.properties.get(key);
      if (def && def.appliesTo !== 'both' && def.appliesTo !== on) {
        at(loc, field, `is declared for ${def.appliesTo}s only`);
        continue;
      }
      if (key === 'documents' && !valueMatchesType(value, 'string[]')) {
        at(loc, field, 'must be a list of document ids');
        continue;
      }
      const known = def?.type ?? (key === 'documents' ? 'string[]' : propertyTypes.get(key));
      if (Array.isArray(value) && value.length === 0) {
        // An empty list says nothing about its element type. It is stored as [] (as on Neo4j) wherever the key
        // has a type: declared, seen in this import, or a column the embedded engine already holds. A key of
        // no known type gets no column from it: a guess (string[]) would refuse the key's first numbers later.
        if (known !== undefined && !known.endsWith('[]')) at(loc, field, `must be of type ${known}, got []`);
        else if (known !== undefined && !columns.has(key)) columns.set(key, known);
        continue;
      }
      const type = known ?? inferPropertyType(value);
      if (!valueMatchesType(value, type)) {
        const where = def ? 'declared in the vocabulary' : `first seen in ${typeSeenAt.get(key) ?? 'this import'}`;
        at(loc, field, `must be of type ${type} (${where}), got ${JSON.stringify(value)}`);
        continue;
      }
      if (key === 'status' && !(STATUSES as readonly string[]).includes(value as string)) {
        at(loc, field, `must be one of ${STATUSES.join(', ')}`);
        continue;
      }
      if (!propertyTypes.has(key)) {
        propertyTypes.set(key, type);
        typeSeenAt.set(key, `${loc.file}${loc.row !== undefined ? ` row ${loc.row}` : ''}`);
      }
      columns.set(key, type);
    }
  };

  // Nodes of the files that are also stored must keep their kind: checked in batches against the store.
  let nodeLookups: Array<{ id: string; kind: string; loc: RecordLocation }> = [];
  const checkStoredKinds = async (): Promise<void> => {
    if (nodeLookups.length === 0) return;
    const stored = new Map((await store.getNodes(nodeLookups.map((n) => n.id))).map((n) => [n.id, n.kind]));
    for (const n of nodeLookups) {
      const kind = stored.get(n.id);
      if (kind !== undefined && kind !== n.kind) at(n.loc, 'kind', `"${n.id}" is stored as a ${kind}; an import cannot change a node's kind`);
    }
    nodeLookups = [];
  };

  // Edges whose endpoints are not in the files wait for a batched store look-up.
  let pending: Array<{ loc: RecordLocation; type: string; source: string; target: string }> = [];
  const pendingIds = new Set<string>();
  const checkEndpoints = (e: { loc: RecordLocation; type: string; source: string; target: string }): void => {
    const from = kindOf.get(e.source);
    const to = kindOf.get(e.target);
    if (!from) at(e.loc, 'source', `unknown node "${e.source}" (not in the files nor in the store)`);
    if (!to) at(e.loc, 'target', `unknown node "${e.target}" (not in the files nor in the store)`);
    if (!from || !to) return;
    const def = vocabulary.types.get(e.type);
    if (def && !def.from.includes(from)) at(e.loc, 'source', `${e.type} may not start at a ${from} (allowed: ${def.from.join(', ')})`);
    if (def && !def.to.includes(to)) at(e.loc, 'target', `${e.type} may not end at a ${to} (allowed: ${def.to.join(', ')})`);
    let pairs = edgePairs.get(e.type);
    if (!pairs) edgePairs.set(e.type, (pairs = new Set()));
    pairs.add(`${from}\u0000${to}`);
  };
  const resolvePending = async (): Promise<void> => {
    if (pending.length === 0) return;
    for (const n of await store.getNodes([...pendingIds])) {
      kindOf.set(n.id, n.kind);
      if (n.properties.date !== undefined) datedNodes.set(n.id, n);
    }
    for (const e of pending) checkEndpoints(e);
    pending = [];
    pendingIds.clear();
  };

  for (const section of SECTIONS) {
    let rows = 0;
    for (const file of files) {
      for await (const event of readSection(file, section)) {
        if (event.type === 'issue') {
          report(event.issue);
          continue;
        }
        rows += 1;
        if (onProgress && rows % 10_000 === 0) onProgress({ phase: 'validate', section, rows });
        const { loc } = event;
        if (section === 'document') {
          const r = ImportDocumentSchema.safeParse(event.value);
          if (!r.success) {
            for (const i of r.error.issues) at(loc, i.path.map(String).join('.') || undefined, i.message);
            continue;
          }
          if (documentIds.has(r.data.id)) at(loc, 'id', `duplicate document id "${r.data.id}"`);
          documentIds.add(r.data.id);
          totals.document += 1;
        } else if (section === 'node') {
          const r = ImportNodeSchema.safeParse(event.value);
          if (!r.success) {
            for (const i of r.error.issues) at(loc, i.path.map(String).join('.') || undefined, i.message);
            continue;
          }
          const n = r.data;
          if (!vocabulary.kinds.has(n.kind)) at(loc, 'kind', `"${n.kind}" is not a kind of the vocabulary (declare it in a vocabulary.json)`);
          const prior = kindOf.get(n.id);
          if (prior !== undefined) {
            // The same entity in several files (seed articles repeat them): the first record is the one written.
            if (prior !== n.kind) at(loc, 'kind', `"${n.id}" is a ${prior} earlier in the import`);
            continue;
          }
          kindOf.set(n.id, n.kind);
          totals.node += 1;
          if (n.properties.date !== undefined) datedNodes.set(n.id, n);
          let columns = nodeColumns.get(n.kind);
          if (!columns) nodeColumns.set(n.kind, (columns = new Map<string, PropertyType>([['name', 'string'], ['aliases', 'string[]']])));
          checkProperties(n.properties, 'node', loc, columns);
          nodeLookups.push({ id: n.id, kind: n.kind, loc });
          if (nodeLookups.length >= LOOKUP_BATCH) await checkStoredKinds();
        } else {
          const r = ImportEdgeSchema.safeParse(withDefaultEdgeId(event.value, defaultEdgeId));
          if (!r.success) {
            for (const i of r.error.issues) at(loc, i.path.map(String).join('.') || undefined, i.message);
            continue;
          }
          const e = r.data;
          if (edgeIds.has(e.id)) at(loc, 'id', `duplicate relationship id "${e.id}" in the import`);
          edgeIds.add(e.id);
          totals.edge += 1;
          if (!vocabulary.types.has(e.type)) at(loc, 'type', `"${e.type}" is not a relationship type of the vocabulary (declare it in a vocabulary.json)`);
          e.sources.forEach((s, j) => {
            if (!documentIds.has(s.document) && !storedDocumentIds.has(s.document)) {
              at(loc, `sources.${j}.document`, `"${s.document}" is not a document of the files nor of the store`);
            }
          });
          let columns = edgeColumns.get(e.type);
          if (!columns) {
            edgeColumns.set(
              e.type,
              (columns = new Map<string, PropertyType>([
                ['sourceDocuments', 'string[]'],
                ['sourceQuotes', 'string[]'],
                ['sourceRoles', 'string[]'],
                ['yearFrom', 'number'],
                ['yearTo', 'number'],
              ])),
            );
          }
          checkProperties(e.properties, 'edge', loc, columns);
          const grades = e.properties[SOURCE_GRADES_KEY];
          const gradeProblem = grades === undefined ? null : checkSourceGrades(grades, e.sources.length);
          if (gradeProblem !== null) at(loc, `properties.${SOURCE_GRADES_KEY}`, gradeProblem);
          const ref = { loc, type: e.type, source: e.source, target: e.target };
          if (kindOf.has(e.source) && kindOf.has(e.target)) checkEndpoints(ref);
          else {
            pending.push(ref);
            if (!kindOf.has(e.source)) pendingIds.add(e.source);
            if (!kindOf.has(e.target)) pendingIds.add(e.target);
            if (pendingIds.size >= LOOKUP_BATCH) await resolvePending();
          }
        }
      }
    }
    if (section === 'node') await checkStoredKinds();
    onProgress?.({ phase: 'validate', section, rows });
  }
  await resolvePending();
  if (total > 0) throw new ImportValidationError(issues, total);

  const pairs = new Map<string, Array<[string, string]>>();
  for (const [type, set] of edgePairs) pairs.set(type, [...set].map((p) => p.split('\u0000') as [string, string]));
  return {
    plan: {
      files: files.map((f) => f.name),
      kindOf,
      datedNodes,
      needs: { nodeColumns, edgeColumns, edgePairs: pairs },
      propertyTypes,
      totals,
    },
    vocabulary,
  };
}
