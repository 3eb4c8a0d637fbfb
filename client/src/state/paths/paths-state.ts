/**
 * The path tracer: the two endpoints the user picked, the hop limit, the paths the API found and the one
 * highlighted in the graph. Producers only; paths-actions.ts asks the API.
 */
import type { Direction, Graph, GraphEdge, GraphNode, GraphPath, PathEnd as PathEndAnswer } from '../../../../server/domain/graph-model';
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
  /** False when the user asked to trace a capital as the city itself. */
  readonly metonyms: boolean;
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
  /** Trace "the city itself" rather than the state a capital stands for (the metonym rule off). */
  readonly cityItself: boolean;
  readonly status: LoadStatus;
  /** The query the current results answer (the inputs may have changed since). */
  readonly query: PathQueryState | null;
  readonly results: readonly GraphPath[];
  /** Index in `results` of the path highlighted in the graph. */
  readonly active: number | null;
  /** How the answer read its ends ("Dushanbe (Tajikistan)"), when the metonym rule applied. */
  readonly ends: { readonly from?: PathEndAnswer; readonly to?: PathEndAnswer };
}

export const initialPathsState: PathsState = {
  from: null,
  to: null,
  maxHops: DEFAULT_MAX_HOPS,
  types: [],
  categories: [],
  direction: 'any',
  cityItself: false,
  status: 'idle',
  query: null,
  results: [],
  active: null,
  ends: {},
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

export function setCityItself(cityItself: boolean): (state: AppState) => AppState {
  return (state) => withPaths(state, { cityItself });
}

export function setPathCategories(categories: readonly string[]): (state: AppState) => AppState {
  return (state) => withPaths(state, { categories: [...categories].sort() });
}

/** How strongly a path is supported: its weakest hop's number of sources, then all its sources (shown edges). */
export function pathEvidence(path: GraphPath): { weakest: number; total: number } {
  const counts = path.edges.map((e) => e.sources.length);
  return { weakest: counts.length === 0 ? 0 : Math.min(...counts), total: counts.reduce((a, b) => a + b, 0) };
}

/** Every tie of each hop (all relationships between its two nodes), or the shown edge alone for an older answer. */
export function hopTieCounts(path: GraphPath): number[] {
  return path.hops?.map((h) => h.count) ?? path.edges.map(() => 1);
}

/** All ties of a hop but the one shown, strongest evidence first: what "+N more ties" opens. */
export function otherTies(path: GraphPath, hop: number): GraphEdge[] {
  const shown = path.edges[hop]?.id;
  return (path.hops?.[hop]?.ties ?? []).flatMap((g) => g.edges).filter((e) => e.id !== shown);
}

/**
 * The paths best first: fewer hops first (a short chain of influence is the stronger claim), then the path
 * whose weakest hop has more ties (relationships between its two nodes), then more ties in all, then the
 * better evidenced shown edges, then as the API listed them (the API ranks the same way).
 */
export function rankPaths(paths: readonly GraphPath[]): GraphPath[] {
  return paths
    .map((path, order) => {
      const ties = hopTieCounts(path);
      return { path, order, tieWeakest: ties.length === 0 ? 0 : Math.min(...ties), tieTotal: ties.reduce((a, b) => a + b, 0), ...pathEvidence(path) };
    })
    .sort((a, b) =>
      a.path.edges.length - b.path.edges.length || b.tieWeakest - a.tieWeakest || b.tieTotal - a.tieTotal ||
      b.weakest - a.weakest || b.total - a.total || a.order - b.order)
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

/**
 * The canvas for a path answer: the paths, and each capital asked for with the CAPITAL_OF link by which it
 * stands for its state, so "Dushanbe (Tajikistan)" is visible as such.
 */
export function pathCanvas(paths: readonly GraphPath[], asked: readonly GraphNode[], ends: PathsState['ends']): Graph {
  const union = unionOfPaths(paths);
  for (const end of [ends.from, ends.to]) {
    const city = asked.find((n) => n.id === end?.asked);
    if (end?.link === undefined || city === undefined) continue;
    if (!union.nodes.some((n) => n.id === city.id)) union.nodes.push(city);
    union.edges.push(end.link);
  }
  return union;
}

export function startPathSearch(query: PathQueryState): (state: AppState) => AppState {
  return (state) => withPaths(state, { status: 'loading', query, results: [], active: null, ends: {} });
}

/** Stores the ranked results; the best path is highlighted at once, or `active` when a shared link names one. */
export function setPathResults(results: readonly GraphPath[], active = 0, ends: PathsState['ends'] = {}): (state: AppState) => AppState {
  return (state) =>
    withPaths(state, { status: 'ready', results, ends, active: results.length === 0 ? null : Math.min(Math.max(active, 0), results.length - 1) });
}

/** How the answer names an end: "Dushanbe (Tajikistan)" when the capital stood for its state, else its name. */
export function endLabel(paths: PathsState, end: PathEnd): string {
  const answer = paths.ends[end];
  if (answer !== undefined) return answer.label;
  const node = paths.query?.[end] ?? paths[end];
  return node?.name ?? '';
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

const drawnPaths = new WeakMap<GraphPath, GraphPath>();

/**
 * The highlighted path as the canvas draws and lays it out: where the answer read a capital as its state, the
 * capital and its CAPITAL_OF link stand at that end (Dushanbe — Tajikistan — … — Russia — Moscow), so the
 * user sees both the city asked for and the state the path is about. The same object while the answer lasts.
 */
export function activePath(paths: PathsState): GraphPath | null {
  const path = paths.active === null ? null : (paths.results[paths.active] ?? null);
  if (path === null) return null;
  const cached = drawnPaths.get(path);
  if (cached !== undefined) return cached;
  const nodes = [...path.nodes];
  const edges = [...path.edges];
  const { from, to } = paths.ends;
  const askedFrom = paths.query?.from;
  const askedTo = paths.query?.to;
  if (from?.link !== undefined && askedFrom?.id === from.asked && nodes[0]?.id === from.standsFor) {
    nodes.unshift(askedFrom);
    edges.unshift(from.link);
  }
  if (to?.link !== undefined && askedTo?.id === to.asked && nodes.at(-1)?.id === to.standsFor) {
    nodes.push(askedTo);
    edges.push(to.link);
  }
  const drawn: GraphPath = nodes.length === path.nodes.length ? path : { nodes, edges };
  drawnPaths.set(path, drawn);
  return drawn;
}
