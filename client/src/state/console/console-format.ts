/**
 * How console answers read: each result cell as a small structure the panel draws (a node or relationship
 * as a chip, a path as hop text, lists and maps of those), the same as plain text, the graph elements a row
 * mentions (for selecting them on the canvas), and the line an error points at. Pure, no DOM.
 */
import type { CypherResult, GraphEdge, GraphNode } from '../../../../server/domain/graph-model';

/** Names of the nodes a result mentions, so a relationship reads by its ends' names rather than their ids. */
export type NodeNames = ReadonlyMap<string, string>;

/** One hop of a path: the relationship's type and whether it runs along the walk (->) or against it (<-). */
export interface HopView {
  readonly type: string;
  readonly forward: boolean;
  readonly to: GraphNode;
}

export type CellView =
  | { readonly kind: 'null' }
  /** `quoted`: a string, written in quotes inside lists and maps as Cypher writes it. */
  | { readonly kind: 'scalar'; readonly text: string; readonly quoted: boolean }
  | { readonly kind: 'node'; readonly node: GraphNode }
  | { readonly kind: 'edge'; readonly edge: GraphEdge; readonly sourceName: string; readonly targetName: string }
  | { readonly kind: 'path'; readonly start: GraphNode; readonly hops: readonly HopView[] }
  | { readonly kind: 'list'; readonly items: readonly CellView[] }
  | { readonly kind: 'map'; readonly entries: readonly (readonly [string, CellView])[] };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A wire node ({ id, kind, name, aliases, properties }). */
export function isNodeCell(v: unknown): v is GraphNode {
  return isObject(v) && typeof v['id'] === 'string' && typeof v['kind'] === 'string' && typeof v['name'] === 'string' && Array.isArray(v['aliases']);
}

/** A wire edge ({ id, type, source, target, ... }). */
export function isEdgeCell(v: unknown): v is GraphEdge {
  return isObject(v) && typeof v['id'] === 'string' && typeof v['type'] === 'string' && typeof v['source'] === 'string' && typeof v['target'] === 'string';
}

/** A path as the API returns it: nodes in walk order and the edges between them. */
function isPathCell(v: unknown): v is { nodes: GraphNode[]; edges: GraphEdge[] } {
  return (
    isObject(v) && Object.keys(v).length === 2 && Array.isArray(v['nodes']) && Array.isArray(v['edges']) &&
    v['nodes'].length === v['edges'].length + 1 && v['nodes'].every(isNodeCell) && v['edges'].every(isEdgeCell)
  );
}

/** The structure of one cell. */
export function describeCell(value: unknown, names: NodeNames): CellView {
  if (value === null || value === undefined) return { kind: 'null' };
  if (typeof value === 'string') return { kind: 'scalar', text: value, quoted: true };
  if (typeof value === 'number' || typeof value === 'boolean') return { kind: 'scalar', text: String(value), quoted: false };
  if (Array.isArray(value)) return { kind: 'list', items: value.map((v) => describeCell(v, names)) };
  if (isPathCell(value)) {
    const [start, ...rest] = value.nodes;
    if (start !== undefined) {
      const hops = rest.map((to, i) => {
        const edge = value.edges[i] as GraphEdge;
        return { type: edge.type, forward: edge.target === to.id, to };
      });
      return { kind: 'path', start, hops };
    }
  }
  if (isNodeCell(value)) return { kind: 'node', node: value };
  if (isEdgeCell(value)) {
    return { kind: 'edge', edge: value, sourceName: names.get(value.source) ?? value.source, targetName: names.get(value.target) ?? value.target };
  }
  if (isObject(value)) return { kind: 'map', entries: Object.entries(value).map(([k, v]) => [k, describeCell(v, names)] as const) };
  return { kind: 'scalar', text: String(value), quoted: false };
}

/** A value nested in a list or map: strings in quotes. */
function nestedText(view: CellView): string {
  return view.kind === 'scalar' && view.quoted ? JSON.stringify(view.text) : cellText(view);
}

/** A path as one line: `Tajikistan -[HOSTS_BASE]-> 201st Military Base`. */
export function pathText(start: GraphNode, hops: readonly HopView[]): string {
  let text = start.name;
  for (const hop of hops) text += hop.forward ? ` -[${hop.type}]-> ${hop.to.name}` : ` <-[${hop.type}]- ${hop.to.name}`;
  return text;
}

/** A cell as plain text (for copying, titles and the tests), in Neo4j Browser's spirit but with names. */
export function cellText(view: CellView): string {
  switch (view.kind) {
    case 'null':
      return 'null';
    case 'scalar':
      return view.text;
    case 'node':
      return `${view.node.name} (${view.node.kind})`;
    case 'edge':
      return `${view.sourceName} -[${view.edge.type}]-> ${view.targetName}`;
    case 'path':
      return pathText(view.start, view.hops);
    case 'list':
      return `[${view.items.map(nestedText).join(', ')}]`;
    case 'map':
      return `{${view.entries.map(([k, v]) => `${k}: ${nestedText(v)}`).join(', ')}}`;
  }
}

/** A result cell as short text: a node or edge by names, a path as hops, anything else as Cypher-like text. */
export function formatCell(value: unknown, names: NodeNames = new Map()): string {
  const text = cellText(describeCell(value, names));
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

/** The nodes and relationships a row mentions (nested in lists, maps and paths too), in order of appearance. */
export function rowElements(row: readonly unknown[]): { nodeIds: string[]; edgeIds: string[] } {
  const nodeIds = new Set<string>();
  const edgeIds = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isNodeCell(v)) nodeIds.add(v.id);
    else if (isEdgeCell(v)) {
      edgeIds.add(v.id);
      nodeIds.add(v.source);
      nodeIds.add(v.target);
    } else if (isObject(v)) Object.values(v).forEach(walk);
  };
  row.forEach(walk);
  return { nodeIds: [...nodeIds], edgeIds: [...edgeIds] };
}

/** The line of the query the error points at, with a caret under the column. */
export function errorExcerpt(query: string, line: number, column: number): string {
  const text = query.split('\n')[line - 1];
  if (text === undefined) return '';
  return `${text}\n${' '.repeat(Math.max(column - 1, 0))}^`;
}

/** How the console names the engines. */
export const ENGINE_LABELS: Readonly<Record<string, string>> = { embedded: 'Kuzu (embedded)', neo4j: 'Neo4j' };

const plural = (n: number, one: string, many: string): string => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** "5 rows · 5 nodes, 0 relationships drawn · 12 ms on Kuzu (embedded)". */
export function summarise(result: CypherResult): string {
  const drawn = result.graph.nodes.length > 0
    ? `${plural(result.graph.nodes.length, 'node', 'nodes')}, ${plural(result.graph.edges.length, 'relationship', 'relationships')} drawn`
    : 'nothing to draw';
  return `${plural(result.rows.length, 'row', 'rows')} · ${drawn} · ${result.elapsedMs} ms on ${ENGINE_LABELS[result.engine] ?? result.engine}`;
}

/** What the server left out and why, in the user's terms; null when the answer is whole. */
export function truncationNotice(result: CypherResult): string | null {
  const rowsCut = result.rowsTruncated ?? (result.truncated && result.graphTruncated !== true);
  const parts: string[] = [];
  if (rowsCut) parts.push(`Cut at ${plural(result.rows.length, 'row', 'rows')}, the server's limit (CYPHER_MAX_ROWS): page with ORDER BY, SKIP and LIMIT, or narrow the MATCH.`);
  if (result.graphTruncated === true) parts.push(`The canvas shows the first ${plural(result.graph.nodes.length, 'node', 'nodes')} (CYPHER_MAX_GRAPH_NODES); the table lists every row.`);
  return parts.length > 0 ? parts.join(' ') : null;
}
