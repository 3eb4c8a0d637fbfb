/**
 * The path tracer: the two endpoints the user picked, the hop limit, the paths the API found and the one
 * highlighted in the graph. Producers only; paths-actions.ts asks the API.
 */
import type { Direction, Graph, GraphNode, GraphPath } from '../../../../server/domain/graph-model';
import type { AppState } from '../app-state';
import type { LoadStatus } from '../graph/graph-state';

/** The API accepts 1..8 hops; 3 finds the interesting chains of the seed graph without flooding the list. */
export const MIN_HOPS = 1;
export const MAX_HOPS = 8;
export const DEFAULT_MAX_HOPS = 3;

export const PATH_ENDS = ['from', 'to'] as const;
export type PathEnd = (typeof PATH_ENDS)[number];

export interface PathQueryState {
  readonly from: GraphNode;
  readonly to: GraphNode;
  readonly maxHops: number;
  readonly types: readonly string[];
  readonly categories: readonly string[];
  readonly direction: Direction;
  readonly year: number | null;
}

export interface PathsState {
  readonly from: GraphNode | null;
  readonly to: GraphNode | null;
  readonly maxHops: number;
  /** Relationship types to follow (empty = all). */
  readonly types: readonly string[];
  /** Relationship categories to follow (empty = all). */
  readonly categories: readonly string[];
  readonly direction: Direction;
  readonly status: LoadStatus;
  /** The query the current results answer (the inputs may have changed since). */
  readonly query: PathQueryState | null;
  readonly results: readonly GraphPath[];
  /** Index in `results` of the path highlighted in the graph. */
  readonly active: number | null;
}

export const initialPathsState: PathsState = {
  from: null,
  to: null,
  maxHops: DEFAULT_MAX_HOPS,
  types: [],
  categories: [],
  direction: 'any',
  status: 'idle',
  query: null,
  results: [],
  active: null,
};

function withPaths(state: AppState, paths: Partial<PathsState>): AppState {
  return { ...state, paths: { ...state.paths, ...paths } };
}

/** Sets (or clears, with null) one end of the path query. */
export function setPathEnd(end: PathEnd, node: GraphNode | null): (state: AppState) => AppState {
  return (state) => withPaths(state, end === 'from' ? { from: node } : { to: node });
}

/** Swaps "from" and "to". */
export function swapPathEnds(state: AppState): AppState {
  return withPaths(state, { from: state.paths.to, to: state.paths.from });
}

/** A hop limit as the API accepts it: a whole number in 1..8, or null when `value` is not one. */
export function parseMaxHops(value: string | number): number | null {
  const n = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isInteger(n) || n < MIN_HOPS || n > MAX_HOPS) return null;
  return n;
}

export function setMaxHops(maxHops: number): (state: AppState) => AppState {
  return (state) => withPaths(state, { maxHops });
}

export function setPathDirection(direction: Direction): (state: AppState) => AppState {
  return (state) => withPaths(state, { direction });
}

export function setPathTypes(types: readonly string[]): (state: AppState) => AppState {
  return (state) => withPaths(state, { types: [...types].sort() });
}

export function setPathCategories(categories: readonly string[]): (state: AppState) => AppState {
  return (state) => withPaths(state, { categories: [...categories].sort() });
}

/** How strongly a path is supported: its weakest hop's number of sources, then all its sources. */
export function pathEvidence(path: GraphPath): { weakest: number; total: number } {
  const counts = path.edges.map((e) => e.sources.length);
  return { weakest: counts.length === 0 ? 0 : Math.min(...counts), total: counts.reduce((a, b) => a + b, 0) };
}

/**
 * The paths best first: fewer hops first (a short chain of influence is the stronger claim), then the
 * better evidenced (the weakest hop's sources, then all sources), then as the API listed them.
 */
export function rankPaths(paths: readonly GraphPath[]): GraphPath[] {
  return paths
    .map((path, order) => ({ path, order, ...pathEvidence(path) }))
    .sort((a, b) => a.path.edges.length - b.path.edges.length || b.weakest - a.weakest || b.total - a.total || a.order - b.order)
    .map((ranked) => ranked.path);
}

/** Every node and edge of the paths, once each: what the canvas shows for a path result. */
export function unionOfPaths(paths: readonly GraphPath[]): Graph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphPath['edges'][number]>();
  for (const path of paths) {
    for (const node of path.nodes) nodes.set(node.id, node);
    for (const edge of path.edges) edges.set(edge.id, edge);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

export function startPathSearch(query: PathQueryState): (state: AppState) => AppState {
  return (state) => withPaths(state, { status: 'loading', query, results: [], active: null });
}

/** Stores the ranked results; the best path is highlighted at once, or `active` when a shared link names one. */
export function setPathResults(results: readonly GraphPath[], active = 0): (state: AppState) => AppState {
  return (state) => withPaths(state, { status: 'ready', results, active: results.length === 0 ? null : Math.min(Math.max(active, 0), results.length - 1) });
}

export function failPathSearch(state: AppState): AppState {
  return withPaths(state, { status: 'failed', results: [], active: null });
}

export function setActivePath(index: number | null): (state: AppState) => AppState {
  return (state) => {
    if (index !== null && (index < 0 || index >= state.paths.results.length)) return state;
    return withPaths(state, { active: index });
  };
}

export function clearPaths(state: AppState): AppState {
  return withPaths(state, { status: 'idle', query: null, results: [], active: null });
}

/** The highlighted path, if any. */
export function activePath(paths: PathsState): GraphPath | null {
  return paths.active === null ? null : (paths.results[paths.active] ?? null);
}
