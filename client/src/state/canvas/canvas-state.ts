/**
 * The canvas: which nodes and edges the user has on screen (the drawn content lives in state.graph.graph),
 * which of them are hidden or pinned, the undo history of those three, the layout the view should run
 * next, and what is left of the last capped expansion ("show N more"). Producers only.
 */
import type { Graph, GraphEdge, GraphNode } from '../../../../server/domain/graph-model';
import type { AppState } from '../app-state';

/** How the view should place the nodes after a change of content. */
export type LayoutKind =
  /** Force-directed over everything (fcose), pinned nodes stay. */
  | 'force'
  /** Rings by hop distance around `anchor`. */
  | 'concentric'
  /** Left to right along the highlighted path, the other paths around it. */
  | 'path'
  /** Keep every drawn node where it is and place the new ones around `anchor`. */
  | 'around';

export interface LayoutRequest {
  readonly kind: LayoutKind;
  readonly anchor: string | null;
  /** Counts requests, so the view runs each one once. */
  readonly revision: number;
}

export interface CanvasSnapshot {
  readonly graph: Graph | null;
  readonly hidden: readonly string[];
  readonly pinned: readonly string[];
}

/** What a capped expansion left out, for "show N more". */
export interface PendingExpansion {
  readonly nodeId: string;
  /** The neighbourhood the API answered (nodes and edges), of which only part is on the canvas. */
  readonly neighbourhood: Graph;
  /** Neighbours not drawn yet, best evidenced first. */
  readonly remaining: readonly GraphNode[];
  readonly cap: number;
  /** True when the API itself stopped at its limit, so there may be even more than `remaining`. */
  readonly truncated: boolean;
}

export interface CanvasState {
  readonly hidden: readonly string[];
  readonly pinned: readonly string[];
  readonly history: readonly CanvasSnapshot[];
  readonly layout: LayoutRequest;
  readonly expansion: PendingExpansion | null;
}

/** How many steps "Undo" can go back: enough for an exploration session, bounded so memory stays flat. */
export const MAX_UNDO = 30;

export const initialCanvasState: CanvasState = {
  hidden: [],
  pinned: [],
  history: [],
  layout: { kind: 'force', anchor: null, revision: 0 },
  expansion: null,
};

function snapshot(state: AppState): CanvasSnapshot {
  return { graph: state.graph.graph, hidden: state.canvas.hidden, pinned: state.canvas.pinned };
}

function pushHistory(state: AppState): readonly CanvasSnapshot[] {
  return [...state.canvas.history, snapshot(state)].slice(-MAX_UNDO);
}

function requestLayout(state: AppState, kind: LayoutKind, anchor: string | null): LayoutRequest {
  return { kind, anchor, revision: state.canvas.layout.revision + 1 };
}

/** Replaces the canvas content (a path result, a console result, the whole graph), undoably. */
export function replaceCanvas(graph: Graph, layout: LayoutKind, anchor: string | null = null): (state: AppState) => AppState {
  return (state) => ({
    ...state,
    graph: { ...state.graph, graph, status: 'ready' },
    canvas: {
      ...state.canvas,
      hidden: [],
      history: state.graph.graph === null ? state.canvas.history : pushHistory(state),
      layout: requestLayout(state, layout, anchor),
      expansion: null,
    },
  });
}

/** `base` plus the nodes and edges of `extra` it lacks (by id); edges only where both ends are present. */
export function mergeGraphs(base: Graph, extra: Graph): Graph {
  const nodeIds = new Set(base.nodes.map((n) => n.id));
  const nodes: GraphNode[] = [...base.nodes];
  for (const node of extra.nodes) {
    if (!nodeIds.has(node.id)) {
      nodeIds.add(node.id);
      nodes.push(node);
    }
  }
  const edgeIds = new Set(base.edges.map((e) => e.id));
  const edges: GraphEdge[] = [...base.edges];
  for (const edge of extra.edges) {
    if (!edgeIds.has(edge.id) && nodeIds.has(edge.source) && nodeIds.has(edge.target)) {
      edgeIds.add(edge.id);
      edges.push(edge);
    }
  }
  if (nodes.length === base.nodes.length && edges.length === base.edges.length) return base;
  return { nodes, edges };
}

/** Adds `extra` to the canvas, keeping what is drawn where it is and placing the new nodes around `anchor`. */
export function addToCanvas(extra: Graph, anchor: string | null, expansion: PendingExpansion | null = null): (state: AppState) => AppState {
  return (state) => {
    const base = state.graph.graph ?? { nodes: [], edges: [] };
    const merged = mergeGraphs(base, extra);
    const newIds = new Set(extra.nodes.map((n) => n.id));
    // Anything asked for again comes back into view.
    const hidden = state.canvas.hidden.filter((id) => !newIds.has(id));
    if (merged === base && hidden.length === state.canvas.hidden.length) {
      return expansion === state.canvas.expansion ? state : { ...state, canvas: { ...state.canvas, expansion } };
    }
    return {
      ...state,
      graph: { ...state.graph, graph: merged, status: 'ready' },
      canvas: { ...state.canvas, hidden, history: pushHistory(state), layout: requestLayout(state, 'around', anchor), expansion },
    };
  };
}

/**
 * Hides nodes (and so their edges) or edges without forgetting them; "Show hidden" brings them back. The
 * details of what leaves the drawing close with it (a hidden node, a hidden edge, or an edge one of whose
 * ends is hidden), as when it is removed.
 */
export function hideNodes(ids: readonly string[]): (state: AppState) => AppState {
  return (state) => {
    const fresh = ids.filter((id) => !state.canvas.hidden.includes(id));
    if (fresh.length === 0) return state;
    const gone = new Set(fresh);
    const selection = state.selection.current;
    const selectionGone =
      (selection.kind === 'node' && gone.has(selection.id)) ||
      (selection.kind === 'edge' && (gone.has(selection.id) || gone.has(selection.edge.source) || gone.has(selection.edge.target)));
    return {
      ...state,
      canvas: { ...state.canvas, history: pushHistory(state), hidden: [...state.canvas.hidden, ...fresh] },
      selection: selectionGone ? { ...state.selection, current: { kind: 'none' }, revision: state.selection.revision + 1, centre: false } : state.selection,
    };
  };
}

export function showHidden(state: AppState): AppState {
  if (state.canvas.hidden.length === 0) return state;
  return { ...state, canvas: { ...state.canvas, history: pushHistory(state), hidden: [] } };
}

/** Pins or unpins a node: a pinned node keeps its place through every layout. */
export function togglePin(id: string): (state: AppState) => AppState {
  return (state) => {
    const pinned = state.canvas.pinned.includes(id) ? state.canvas.pinned.filter((p) => p !== id) : [...state.canvas.pinned, id];
    return { ...state, canvas: { ...state.canvas, history: pushHistory(state), pinned } };
  };
}

/** Removes nodes and every edge touching them from the canvas. */
export function removeNodes(ids: readonly string[]): (state: AppState) => AppState {
  return (state) => {
    const graph = state.graph.graph;
    if (graph === null) return state;
    const gone = new Set(ids);
    const nodes = graph.nodes.filter((n) => !gone.has(n.id));
    if (nodes.length === graph.nodes.length) return state;
    const edges = graph.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target));
    const selection = state.selection.current;
    const selectionGone =
      (selection.kind === 'node' && gone.has(selection.id)) ||
      (selection.kind === 'edge' && (gone.has(selection.edge.source) || gone.has(selection.edge.target)));
    return {
      ...state,
      graph: { ...state.graph, graph: { nodes, edges } },
      canvas: {
        ...state.canvas,
        history: pushHistory(state),
        hidden: state.canvas.hidden.filter((id) => !gone.has(id)),
        pinned: state.canvas.pinned.filter((id) => !gone.has(id)),
        expansion: state.canvas.expansion !== null && gone.has(state.canvas.expansion.nodeId) ? null : state.canvas.expansion,
      },
      selection: selectionGone ? { ...state.selection, current: { kind: 'none' }, revision: state.selection.revision + 1, centre: false } : state.selection,
    };
  };
}

/** Goes back one step: the content, hidden and pinned nodes as they were before the last change. */
export function undoCanvas(state: AppState): AppState {
  const previous = state.canvas.history[state.canvas.history.length - 1];
  if (previous === undefined) return state;
  return {
    ...state,
    graph: { ...state.graph, graph: previous.graph },
    canvas: {
      ...state.canvas,
      hidden: previous.hidden,
      pinned: previous.pinned,
      history: state.canvas.history.slice(0, -1),
      expansion: null,
      // Positions of nodes still drawn are kept; only nodes coming back need a place.
      layout: requestLayout(state, 'around', null),
    },
  };
}

/** Asks the view for a layout over what is drawn now. */
export function setLayout(kind: LayoutKind, anchor: string | null = null): (state: AppState) => AppState {
  return (state) => ({ ...state, canvas: { ...state.canvas, layout: requestLayout(state, kind, anchor) } });
}

export function clearExpansion(state: AppState): AppState {
  return state.canvas.expansion === null ? state : { ...state, canvas: { ...state.canvas, expansion: null } };
}
