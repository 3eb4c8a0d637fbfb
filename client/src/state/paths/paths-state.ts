/**
 * The path tracer: the two endpoints the user picked, the hop limit, the paths the API found and the one
 * highlighted in the graph. Producers only; paths-actions.ts asks the API.
 */
import type { GraphNode, GraphPath } from '../../../../server/domain/graph-model';
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
}

export interface PathsState {
  readonly from: GraphNode | null;
  readonly to: GraphNode | null;
  readonly maxHops: number;
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

export function startPathSearch(query: PathQueryState): (state: AppState) => AppState {
  return (state) => withPaths(state, { status: 'loading', query, results: [], active: null });
}

export function setPathResults(results: readonly GraphPath[]): (state: AppState) => AppState {
  // No path is highlighted until the user picks one: the list is read first, the graph follows the choice.
  return (state) => withPaths(state, { status: 'ready', results, active: null });
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
