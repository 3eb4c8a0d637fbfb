/**
 * The golden Cypher corpus (../shared/cypher-golden: analyst queries with the answers a real Neo4j 5.26 gave
 * over the seed graph) and its comparison rules, as its README states them: nodes become { id, labels },
 * relationships { type, id, start, end }, paths { nodes, rels }, decimals compare to 12 significant digits,
 * rows compare as a multiset unless the query orders them, lists in cells as sets where the record says so.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../server/project-paths';

export const GOLDEN_FILE = path.join(PROJECT_ROOT, '..', 'shared', 'cypher-golden', 'neo4j-answers.json');

export interface GoldenQuery {
  id: string;
  category: string;
  intent: string;
  query: string;
  params: Record<string, unknown>;
  ordered: boolean;
  unorderedLists: boolean;
  neo4j: { columns: string[]; rows: unknown[][] };
}

/** The corpus, or null where ../shared is absent. */
export function readGoldenQueries(): GoldenQuery[] | null {
  if (!existsSync(GOLDEN_FILE)) return null;
  return JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as GoldenQuery[];
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A console cell in the corpus's normal form. */
export function normaliseCell(value: unknown, unorderedLists: boolean): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number(value.toPrecision(12));
  if (Array.isArray(value)) {
    const items = value.map((v) => normaliseCell(v, unorderedLists));
    return unorderedLists ? items.sort((a, b) => canonical(a).localeCompare(canonical(b))) : items;
  }
  if (!isObject(value)) return value;
  // A path: the app's { nodes, edges } in walk order.
  if (Array.isArray(value.nodes) && Array.isArray(value.edges) && Object.keys(value).length === 2) {
    return { nodes: value.nodes.map((n) => (isObject(n) ? n.id : n)), rels: value.edges.map((e) => (isObject(e) ? e.id : e)) };
  }
  // A relationship (wire edge).
  if (typeof value.id === 'string' && typeof value.type === 'string' && typeof value.source === 'string' && typeof value.target === 'string') {
    return { type: value.type, id: value.id, start: value.source, end: value.target };
  }
  // A node (wire node).
  if (typeof value.id === 'string' && typeof value.kind === 'string' && Array.isArray(value.aliases)) {
    return { id: value.id, labels: [value.kind] };
  }
  // A source document comes back as its property map.
  if (typeof value.id === 'string' && typeof value.publisher === 'string' && typeof value.title === 'string') {
    return { id: value.id, labels: ['SourceDocument'] };
  }
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, normaliseCell(value[k], unorderedLists)]));
}

/** Stable text of a normalised value: keys sorted. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (isObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
}

/** Why an answer differs from Neo4j's, or null when it is the same answer. */
export function compareAnswer(golden: GoldenQuery, columns: string[], rows: unknown[][]): string | null {
  if (canonical(columns) !== canonical(golden.neo4j.columns)) return `columns ${JSON.stringify(columns)} instead of ${JSON.stringify(golden.neo4j.columns)}`;
  const ours = rows.map((r) => canonical(r.map((c) => normaliseCell(c, golden.unorderedLists))));
  const theirs = golden.neo4j.rows.map((r) => canonical(r.map((c) => normaliseCell(c, golden.unorderedLists))));
  if (!golden.ordered) {
    ours.sort();
    theirs.sort();
  }
  if (ours.length !== theirs.length) return `${ours.length} rows instead of ${theirs.length}`;
  const at = ours.findIndex((r, i) => r !== theirs[i]);
  return at < 0 ? null : `row ${at + 1}: ${ours[at]?.slice(0, 200)} instead of ${theirs[at]?.slice(0, 200)}`;
}
