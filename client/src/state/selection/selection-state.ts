/**
 * What the user has selected (a node or an edge), what the details panel shows about it, and whether the
 * graph should bring it into view. A node's details (its edges and neighbours) arrive from the API later.
 */
import type { GraphEdge, NodeDetails } from '../../../../server/domain/graph-model';
import type { AppState } from '../app-state';

export type DetailsStatus = 'loading' | 'ready' | 'failed';

export type Selection =
  | { readonly kind: 'none' }
  | { readonly kind: 'node'; readonly id: string; readonly details: NodeDetails | null; readonly status: DetailsStatus }
  | { readonly kind: 'edge'; readonly id: string; readonly edge: GraphEdge };

export interface SelectionState {
  readonly current: Selection;
  /** Counts selections, so the view can tell a new "bring into view" request from a re-render. */
  readonly revision: number;
  /** True when the selection came from a list (search, paths) rather than a click on the graph. */
  readonly centre: boolean;
}

export const initialSelectionState: SelectionState = { current: { kind: 'none' }, revision: 0, centre: false };

export interface SelectOptions {
  /** Bring the element into view (search, list rows); a click on the graph leaves the view alone. */
  readonly centre?: boolean;
}

function select(state: AppState, current: Selection, options: SelectOptions): AppState {
  return {
    ...state,
    selection: { current, revision: state.selection.revision + 1, centre: options.centre ?? false },
  };
}

export function selectNode(id: string, options: SelectOptions = {}): (state: AppState) => AppState {
  return (state) => select(state, { kind: 'node', id, details: null, status: 'loading' }, options);
}

export function selectEdge(edge: GraphEdge, options: SelectOptions = {}): (state: AppState) => AppState {
  return (state) => select(state, { kind: 'edge', id: edge.id, edge }, options);
}

export function clearSelection(state: AppState): AppState {
  if (state.selection.current.kind === 'none') return state;
  return select(state, { kind: 'none' }, {});
}

/** Stores a node's details, unless the user has moved on to another selection meanwhile. */
export function setNodeDetails(details: NodeDetails): (state: AppState) => AppState {
  return (state) => {
    const current = state.selection.current;
    if (current.kind !== 'node' || current.id !== details.node.id) return state;
    return { ...state, selection: { ...state.selection, current: { ...current, details, status: 'ready' } } };
  };
}

export function failNodeDetails(id: string): (state: AppState) => AppState {
  return (state) => {
    const current = state.selection.current;
    if (current.kind !== 'node' || current.id !== id) return state;
    return { ...state, selection: { ...state.selection, current: { ...current, status: 'failed' } } };
  };
}
