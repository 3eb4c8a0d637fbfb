/**
 * The graph as loaded from the API (the whole export on start) and the server's health, plus an index by
 * id derived from it. The graph is kept exactly as the wire sent it; the view derives its elements.
 */
import type { Graph, GraphEdge, GraphNode, Health, VocabularyInfo } from '../../../../server/domain/graph-model';
import type { AppState } from '../app-state';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

export interface GraphState {
  readonly health: Health | null;
  /** The canvas content: what the user has on screen before hiding and filters (see canvas/drawn-graph.ts). */
  readonly graph: Graph | null;
  /** Kinds, relationship types with categories and the year span, for filters, legend and console completion. */
  readonly vocabulary: VocabularyInfo | null;
  readonly status: LoadStatus;
}

export const initialGraphState: GraphState = { health: null, graph: null, vocabulary: null, status: 'idle' };

export function setHealth(health: Health): (state: AppState) => AppState {
  return (state) => ({ ...state, graph: { ...state.graph, health } });
}

export function setVocabulary(vocabulary: VocabularyInfo): (state: AppState) => AppState {
  return (state) => ({ ...state, graph: { ...state.graph, vocabulary } });
}

export function startGraphLoad(state: AppState): AppState {
  return { ...state, graph: { ...state.graph, status: 'loading' } };
}

export function setGraph(graph: Graph): (state: AppState) => AppState {
  return (state) => ({ ...state, graph: { ...state.graph, graph, status: 'ready' } });
}

export function failGraphLoad(state: AppState): AppState {
  return { ...state, graph: { ...state.graph, status: 'failed' } };
}

export interface GraphIndex {
  readonly nodesById: ReadonlyMap<string, GraphNode>;
  readonly edgesById: ReadonlyMap<string, GraphEdge>;
}

const EMPTY_INDEX: GraphIndex = { nodesById: new Map(), edgesById: new Map() };
// Graphs are replaced, never mutated, so an index computed once per graph object stays right.
const indexCache = new WeakMap<Graph, GraphIndex>();

/** Nodes and edges of the loaded graph by id (empty before the graph has loaded). */
export function indexGraph(graph: Graph | null): GraphIndex {
  if (graph === null) return EMPTY_INDEX;
  let index = indexCache.get(graph);
  if (index === undefined) {
    index = {
      nodesById: new Map(graph.nodes.map((n) => [n.id, n])),
      edgesById: new Map(graph.edges.map((e) => [e.id, e])),
    };
    indexCache.set(graph, index);
  }
  return index;
}
