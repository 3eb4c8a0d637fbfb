/**
 * How the page opens: a graph small enough to read whole is drawn whole; above START_VIEW_MAX_ELEMENTS the page
 * opens search-first, on a small overview (the best-connected nodes and the links among them) with a prompt to
 * search, as Bloom and Linkurious do, rather than making the user wait for a hairball nobody can read.
 * `?start=all` or `?start=search` in the address forces either.
 */
import type { Graph, Health } from '../../../../server/domain/graph-model';
import type { ActionContext } from '../app-state';
import { showError } from '../messages/messages-state';
import { loadGraph } from './graph-actions';
import { failGraphLoad, setGraph, startGraphLoad } from './graph-state';

/**
 * Above this many nodes plus relationships the page opens search-first. Cytoscape's canvas draws 5k elements
 * in about 1.7 s on these machines (docs: ENGINE-NOTES), and a force layout of more is a blot, not a map.
 */
export const START_VIEW_MAX_ELEMENTS = 5000;
/** Nodes in the overview a large graph opens on. */
export const START_OVERVIEW_HUBS = 40;

export const START_MODES = ['all', 'search'] as const;
export type StartMode = (typeof START_MODES)[number];

/** The start mode the address asks for (`?start=all|search`), or null. */
export function requestedStartMode(search: string): StartMode | null {
  const value = new URLSearchParams(search).get('start');
  return value === 'all' || value === 'search' ? value : null;
}

/** Pure: whole graph or search-first, from the counts health reports (unknown counts: draw it, as before). */
export function chooseStartMode(health: Pick<Health, 'nodes' | 'edges'> | null, requested: StartMode | null): StartMode {
  if (requested !== null) return requested;
  if (health === null || health.nodes === null || health.edges === null) return 'all';
  return health.nodes + health.edges > START_VIEW_MAX_ELEMENTS ? 'search' : 'all';
}

/** What a search-first start shows the user. */
export interface SearchFirstStart {
  readonly overview: Graph;
  readonly totalNodes: number | null;
  readonly totalEdges: number | null;
}

/**
 * Opens the start view: the whole graph, or the overview (not undoable: it is the first picture, like the whole
 * graph). Resolves to what a search-first start shows, or null when the whole graph was drawn.
 */
export async function openStartView(context: ActionContext, requested: StartMode | null): Promise<SearchFirstStart | null> {
  const { api, store } = context;
  let health: Health | null = null;
  try {
    health = await api.health();
  } catch {
    // The status line reports it; the graph read below says whether the server answers at all.
  }
  if (chooseStartMode(health, requested) === 'all') {
    await loadGraph(context);
    return null;
  }
  store.update(startGraphLoad);
  try {
    const overview = await api.overview(START_OVERVIEW_HUBS);
    store.update(setGraph(overview));
    return { overview, totalNodes: health?.nodes ?? null, totalEdges: health?.edges ?? null };
  } catch (error) {
    store.update(failGraphLoad);
    store.update(showError('Could not load the overview', error));
    return null;
  }
}
