/**
 * Cypher export: a script of idempotent statements that rebuilds the selection in any Neo4j 5 with the
 * layout the app's stores use (stores/stored-graph.ts): `(:Entity:<Kind> {id, name, aliases, ...})`,
 * relationships with their evidence as `sourceDocuments` / `sourceQuotes` / `sourceRoles` and the derived
 * `yearFrom` / `yearTo`, and `(:SourceDocument)` nodes for the bibliography. Run it with
 * `cypher-shell -f export.cypher`.
 *
 * Rows go in batches of up to 500 as `UNWIND [...] AS row ...` statements, one per kind or relationship type
 * (a label or type cannot be a parameter in Neo4j 5). Every value is a literal: strings single-quoted with
 * backslash escapes, where `;` is also written as \u003B so that no tool splitting statements at semicolons
 * can cut one; whole numbers within ±2^53 as integers and other numbers as floats, as the app's Neo4j adapter
 * stores them (a list with a decimal among its numbers is all floats: `[1.0, 2.5, -3.0]`, since Neo4j keeps one
 * type per list); labels and types checked against the
 * vocabulary's patterns and backtick-quoted. Nodes are all written before the first relationship.
 */
import type { GraphEdge, GraphNode, PropertyValue } from '../domain/graph-model';
import { PASCAL_CASE, type SeedDocument, UPPER_SNAKE } from '../domain/seed-schema';
import { DOCUMENT_LABEL, ENTITY_LABEL } from '../stores/stored-graph';
import { ChunkBuffer } from './chunk-buffer';
import type { ExportInput } from './export-writer';
import { coerceValue, evidenceLists, propertyColumns, type PropertyColumn, ValidityTracker } from './export-values';

export const CYPHER_BATCH_ROWS = 500;
// Rows waiting in per-kind / per-type batches are flushed when their text passes this, to keep memory flat
// however many kinds or types the selection has.
const MAX_PENDING_CHARS = 4 * 1024 * 1024;

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};
// eslint-disable-next-line no-control-regex -- control characters must be escaped in Cypher string literals
const STRING_SPECIAL = /[\\'\u0000-\u001F;\u2028\u2029]/;
// eslint-disable-next-line no-control-regex -- control characters must be escaped in Cypher string literals
const STRING_SPECIAL_ALL = /[\\'\u0000-\u001F;\u2028\u2029]/g;

/** A Cypher string literal. */
export function cypherString(value: string): string {
  if (!STRING_SPECIAL.test(value)) return `'${value}'`;
  return `'${value.replace(STRING_SPECIAL_ALL, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)}'`;
}

/** A Cypher float literal: `5.0`, `-0.25`, `1e21`; null for NaN or infinities. */
export function cypherFloat(value: number): string {
  if (!Number.isFinite(value)) return 'null';
  const text = String(value);
  if (/^-?\d+$/.test(text)) return `${text}.0`;
  // Cypher's exponent has no "+" sign: 1e+21 is written 1e21.
  return text.replace('e+', 'e');
}

/** A Cypher number literal as the app's Neo4j adapter stores it: an integer when whole within ±2^53, else a float. */
export function cypherNumber(value: number): string {
  return Number.isSafeInteger(value) ? String(value) : cypherFloat(value);
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A map key or property name, backtick-quoted when it is not a plain identifier. */
export function cypherName(name: string): string {
  return IDENTIFIER.test(name) ? name : `\`${name.replace(/`/g, '``')}\``;
}

function cypherLabel(kind: string, pattern: RegExp, what: string): string {
  if (!pattern.test(kind)) throw new Error(`${what} "${kind}" does not match ${pattern}: it cannot be exported as Cypher.`);
  return `\`${kind}\``;
}

export function cypherValue(value: PropertyValue | null): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return cypherString(value);
  if (typeof value === 'number') return cypherNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const list = value as Array<string | number>;
  // One type per list, as the adapter writes it: a decimal among the numbers makes every number a float.
  const number = list.every((v) => typeof v !== 'number' || Number.isSafeInteger(v)) ? cypherNumber : cypherFloat;
  return `[${list.map((v) => (typeof v === 'string' ? cypherString(v) : number(v))).join(', ')}]`;
}

function cypherMap(entries: Array<[string, PropertyValue | null]>): string {
  return `{${entries.map(([k, v]) => `${cypherName(k)}: ${cypherValue(v)}`).join(', ')}}`;
}

function propertyEntries(values: Record<string, PropertyValue>, columns: readonly PropertyColumn[]): Array<[string, PropertyValue]> {
  const entries: Array<[string, PropertyValue]> = [];
  for (const c of columns) {
    const v = coerceValue(values[c.key], c.type);
    if (v !== undefined) entries.push([c.key, v]);
  }
  return entries;
}

function nodeRow(node: GraphNode, columns: readonly PropertyColumn[]): string {
  const props = cypherMap([['id', node.id], ['name', node.name], ['aliases', node.aliases], ...propertyEntries(node.properties, columns)]);
  return `{id: ${cypherString(node.id)}, props: ${props}}`;
}

function edgeRow(edge: GraphEdge, columns: readonly PropertyColumn[], validity: ValidityTracker): string {
  const { yearFrom, yearTo } = validity.yearsOf(edge);
  const evidence = evidenceLists(edge.sources);
  const props: Array<[string, PropertyValue | null]> = [
    ['id', edge.id],
    ...propertyEntries(edge.properties, columns),
    ['sourceDocuments', evidence.sourceDocuments],
    ['sourceQuotes', evidence.sourceQuotes],
    ['sourceRoles', evidence.sourceRoles],
  ];
  if (yearFrom !== null) props.push(['yearFrom', yearFrom]);
  if (yearTo !== null) props.push(['yearTo', yearTo]);
  return `{source: ${cypherString(edge.source)}, target: ${cypherString(edge.target)}, id: ${cypherString(edge.id)}, props: ${cypherMap(props)}}`;
}

function documentRow(doc: SeedDocument): string {
  const entries: Array<[string, PropertyValue]> = [];
  for (const [k, v] of Object.entries(doc)) if (v !== undefined && v !== null) entries.push([k, v as PropertyValue]);
  return cypherMap(entries);
}

function unwind(rows: readonly string[], body: string): string {
  return `UNWIND [\n  ${rows.join(',\n  ')}\n] AS row\n${body};\n\n`;
}

function nodeStatement(kind: string, rows: readonly string[]): string {
  return unwind(rows, `MERGE (n:${ENTITY_LABEL} {id: row.id}) SET n += row.props, n:${cypherLabel(kind, PASCAL_CASE, 'Kind')}`);
}

function edgeStatement(type: string, rows: readonly string[]): string {
  return unwind(
    rows,
    `MATCH (a:${ENTITY_LABEL} {id: row.source}) MATCH (b:${ENTITY_LABEL} {id: row.target})\n` +
      `MERGE (a)-[r:${cypherLabel(type, UPPER_SNAKE, 'Relationship type')} {id: row.id}]->(b) SET r += row.props`,
  );
}

/** Rows grouped by label or type, each group written as a statement when it reaches a batch. */
class Batches {
  private readonly groups = new Map<string, string[]>();
  private pending = 0;

  constructor(private readonly statement: (group: string, rows: readonly string[]) => string) {}

  /** Adds a row; returns the statements that became due. */
  add(group: string, row: string): string {
    let rows = this.groups.get(group);
    if (!rows) {
      rows = [];
      this.groups.set(group, rows);
    }
    rows.push(row);
    this.pending += row.length;
    if (rows.length >= CYPHER_BATCH_ROWS) return this.flush(group);
    return this.pending > MAX_PENDING_CHARS ? this.flushAll() : '';
  }

  flushAll(): string {
    let out = '';
    for (const group of [...this.groups.keys()]) out += this.flush(group);
    return out;
  }

  private flush(group: string): string {
    const rows = this.groups.get(group);
    if (!rows || rows.length === 0) return '';
    this.groups.delete(group);
    for (const r of rows) this.pending -= r.length;
    return this.statement(group, rows);
  }
}

function comment(text: string): string {
  return `// ${text.replace(/[\r\n\u2028\u2029]+/g, ' ')}\n`;
}

/** Streams the script. */
export async function* writeCypher(input: ExportInput): AsyncGenerator<Uint8Array> {
  const out = new ChunkBuffer();
  out.push(
    comment(`Multivector export: ${input.title}`) +
      comment(`Written ${new Date().toISOString()}; ${input.documents.length} documents; node and relationship counts at the end.`) +
      comment('Idempotent (MERGE by id): run with cypher-shell -f <file> against Neo4j 5.') +
      '\n' +
      `CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:${ENTITY_LABEL}) REQUIRE n.id IS UNIQUE;\n` +
      `CREATE CONSTRAINT source_document_id IF NOT EXISTS FOR (d:${DOCUMENT_LABEL}) REQUIRE d.id IS UNIQUE;\n\n`,
  );
  for (let i = 0; i < input.documents.length; i += CYPHER_BATCH_ROWS) {
    const rows = input.documents.slice(i, i + CYPHER_BATCH_ROWS).map(documentRow);
    out.push(unwind(rows, `MERGE (d:${DOCUMENT_LABEL} {id: row.id}) SET d += row`));
    if (out.full) yield out.take();
  }

  const nodeColumns = propertyColumns(input.nodePropertyKeys);
  const validity = new ValidityTracker();
  const nodeBatches = new Batches(nodeStatement);
  let nodeCount = 0;
  for await (const batch of input.nodes) for (const node of batch) {
    cypherLabel(node.kind, PASCAL_CASE, 'Kind');
    validity.noteNode(node);
    nodeCount++;
    const due = nodeBatches.add(node.kind, nodeRow(node, nodeColumns));
    if (due) out.push(due);
    if (out.full) yield out.take();
  }
  out.push(nodeBatches.flushAll());

  const edgeColumns = propertyColumns(input.edgePropertyKeys, true);
  const edgeBatches = new Batches(edgeStatement);
  let edgeCount = 0;
  for await (const batch of input.edges) for (const edge of batch) {
    cypherLabel(edge.type, UPPER_SNAKE, 'Relationship type');
    edgeCount++;
    const due = edgeBatches.add(edge.type, edgeRow(edge, edgeColumns, validity));
    if (due) out.push(due);
    if (out.full) yield out.take();
  }
  out.push(edgeBatches.flushAll());
  out.push(comment(`${nodeCount} nodes, ${edgeCount} relationships, ${input.documents.length} documents.`));
  yield out.take();
}
