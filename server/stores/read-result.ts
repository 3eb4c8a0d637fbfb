/**
 * Engine-neutral finishing of a console result: adapters turn engine values into plain JSON, leaving
 * relationships as `EdgeCell` placeholders (an engine's relationship value names its endpoints by
 * internal ids, not by our ids); this module loads those edges once, by id, and puts them in place.
 */
import type { GraphEdge, GraphNode } from '../domain/graph-model';
import { DOCUMENT_KIND } from '../domain/document-kind';
import type { ReadQueryResult } from '../domain/ports/graph-store';
import { nextTurn } from '../domain/next-turn';

// A million rows walked in one go would hold the event loop for hundreds of milliseconds.
const ROWS_PER_YIELD = 2_000;


/** A relationship met in a result row, to be replaced by the full edge. */
export class EdgeCell {
  constructor(readonly id: string) {}
}

/** A node met in a result row (already a full wire node). */
export class NodeCell {
  constructor(readonly node: GraphNode) {}
}

/** Collects node and edge ids from converted cells and swaps placeholders for wire objects. */
export async function finishRows(
  columns: string[],
  rawRows: unknown[][],
  truncated: boolean,
  getEdges: (ids: string[]) => Promise<GraphEdge[]>,
): Promise<ReadQueryResult> {
  const nodeIds = new Set<string>();
  const edgeIds = new Set<string>();
  const documents = new Map<string, GraphNode>();
  const collect = (v: unknown): void => {
    if (v instanceof NodeCell) {
      if (v.node.kind === DOCUMENT_KIND) documents.set(v.node.id, v.node);
      else nodeIds.add(v.node.id);
    }
    else if (v instanceof EdgeCell) edgeIds.add(v.id);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') Object.values(v).forEach(collect);
  };
  for (let i = 0; i < rawRows.length; i += 1) {
    rawRows[i]?.forEach(collect);
    if (i % ROWS_PER_YIELD === ROWS_PER_YIELD - 1) await nextTurn();
  }
  // Plain values only (the usual large result: ids, names, counts): nothing to put in place, no second walk.
  if (nodeIds.size === 0 && edgeIds.size === 0 && documents.size === 0) {
    return { columns, rows: rawRows, nodeIds: [], edgeIds: [], documents: [], truncated };
  }
  const edges = edgeIds.size > 0 ? await getEdges([...edgeIds]) : [];
  const byId = new Map(edges.map((e) => [e.id, e]));
  for (const e of edges) {
    nodeIds.add(e.source);
    nodeIds.add(e.target);
  }
  const replace = (v: unknown): unknown => {
    if (v instanceof NodeCell) return v.node;
    if (v instanceof EdgeCell) return byId.get(v.id) ?? { id: v.id };
    if (Array.isArray(v)) return v.map(replace);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replace(x)]));
    }
    return v;
  };
  const rows: unknown[][] = [];
  for (let i = 0; i < rawRows.length; i += 1) {
    rows.push((rawRows[i] ?? []).map(replace));
    if (i % ROWS_PER_YIELD === ROWS_PER_YIELD - 1) await nextTurn();
  }
  return {
    columns,
    rows,
    nodeIds: [...nodeIds],
    edgeIds: [...edgeIds],
    documents: [...documents.values()],
    truncated,
  };
}
