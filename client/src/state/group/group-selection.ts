/**
 * The group selection: several nodes and edges picked together (box, lasso, Ctrl/Shift+click) for bulk
 * actions (hide, expand, export). Apart from the single selection, which drives the details panel: a group
 * is a working set, not a focus. Ids only; the view draws them with a class.
 */
import type { Graph } from '../../../../server/domain/graph-model';
import type { AppState } from '../app-state';

export interface GroupSelection {
  readonly nodes: readonly string[];
  readonly edges: readonly string[];
}

export const emptyGroup: GroupSelection = { nodes: [], edges: [] };

/**
 * The group made of `nodeIds` and the drawn edges among them (what a box or a lasso around them takes in),
 * added to `base` when the user extends the selection.
 */
export function groupAround(drawn: Graph, nodeIds: Iterable<string>, base: GroupSelection = emptyGroup): GroupSelection {
  const nodes = new Set(base.nodes);
  for (const id of nodeIds) nodes.add(id);
  const edges = new Set(base.edges);
  for (const edge of drawn.edges) if (nodes.has(edge.source) && nodes.has(edge.target)) edges.add(edge.id);
  return { nodes: [...nodes], edges: [...edges] };
}

export function setGroup(group: GroupSelection): (state: AppState) => AppState {
  return (state) => ({ ...state, group });
}

/** Adds an element to the group, or takes it out when it is in already (Ctrl/Shift+click). */
export function toggleInGroup(kind: 'node' | 'edge', id: string): (state: AppState) => AppState {
  return (state) => {
    const key = kind === 'node' ? 'nodes' : 'edges';
    const ids = state.group[key];
    const next = ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id];
    return { ...state, group: { ...state.group, [key]: next } };
  };
}

export function clearGroup(state: AppState): AppState {
  return state.group.nodes.length === 0 && state.group.edges.length === 0 ? state : { ...state, group: emptyGroup };
}

/** The group without what is no longer drawn (hidden, filtered, removed): a bulk action acts on what is seen. */
export function drawnGroup(group: GroupSelection, drawn: Graph | null): GroupSelection {
  if (drawn === null) return emptyGroup;
  const nodes = new Set(drawn.nodes.map((n) => n.id));
  const edges = new Set(drawn.edges.map((e) => e.id));
  return { nodes: group.nodes.filter((id) => nodes.has(id)), edges: group.edges.filter((id) => edges.has(id)) };
}

/**
 * What an export of the group holds: its nodes, its edges, and the ends of its edges (a relationship cannot be
 * written without them). The edges are named explicitly so the file holds exactly these, not every relationship
 * the store has among the nodes.
 */
export function groupExportElements(group: GroupSelection, drawn: Graph): { ids: string[]; edgeIds: string[] } {
  const byId = new Map(drawn.edges.map((e) => [e.id, e]));
  const ids = new Set(group.nodes);
  for (const id of group.edges) {
    const edge = byId.get(id);
    if (edge !== undefined) {
      ids.add(edge.source);
      ids.add(edge.target);
    }
  }
  return { ids: [...ids], edgeIds: [...group.edges] };
}
