/** Asking the API for the paths between the two chosen nodes, and the one-click presets. */
import { isAbortError } from '../../api/api-client';
import type { ActionContext } from '../app-state';
import { replaceCanvas } from '../canvas/canvas-state';
import { showError } from '../messages/messages-state';
import { failPathSearch, pathCanvas, rankPaths, setPathEnd, setPathResults, startPathSearch } from './paths-state';

/** The most paths asked for at once: enough to compare routes, few enough to read as a list. */
export const PATH_LIMIT = 10;

/** "Dushanbe ↔ Moscow / Washington / Brussels / Beijing": the four vectors of Tajik foreign policy. */
export const PATH_PRESETS = [
  { from: 'dushanbe', to: 'moscow', label: 'Moscow' },
  { from: 'dushanbe', to: 'washington', label: 'Washington' },
  { from: 'dushanbe', to: 'brussels', label: 'Brussels' },
  { from: 'dushanbe', to: 'beijing', label: 'Beijing' },
] as const;

let pendingSearch: AbortController | null = null;

export interface FindPathsOptions {
  /** Which ranked path to highlight (a shared link's choice); the best one by default. */
  readonly active?: number;
}

/**
 * Finds the k best paths for the current query (ends, hops, types, categories, direction and the year of
 * the time slider), lists them ranked and puts them on the canvas, the best one highlighted.
 */
export async function findPaths({ api, store }: ActionContext, options: FindPathsOptions = {}): Promise<void> {
  const { from, to, maxHops, types, categories, direction, cityItself } = store.get().paths;
  const year = store.get().filters.year;
  if (from === null || to === null) return;
  pendingSearch?.abort();
  const controller = new AbortController();
  pendingSearch = controller;
  store.update(startPathSearch({ from, to, maxHops, types, categories, direction, year, metonyms: !cityItself }));
  try {
    const answer = await api.paths(
      { from: from.id, to: to.id, maxHops, types, categories, direction, year: year ?? undefined, limit: PATH_LIMIT, metonyms: !cityItself },
      controller.signal,
    );
    const ranked = rankPaths(answer.paths);
    const ends = { from: answer.from, to: answer.to };
    store.update(setPathResults(ranked, options.active ?? 0, ends));
    if (ranked.length > 0) store.update(replaceCanvas(pathCanvas(ranked, [from, to], ends), 'path', ranked[0]?.nodes[0]?.id ?? from.id));
  } catch (error) {
    if (isAbortError(error)) return;
    store.update(failPathSearch);
    store.update(showError('Could not find paths', error));
  } finally {
    if (pendingSearch === controller) pendingSearch = null;
  }
}

/** Sets both ends by id (a preset, a shared link) and traces the paths between them. */
export async function tracePath(context: ActionContext, fromId: string, toId: string, options: FindPathsOptions = {}): Promise<void> {
  const { api, store } = context;
  try {
    const [from, to] = await Promise.all([api.node(fromId), api.node(toId)]);
    store.update(setPathEnd('from', from.node));
    store.update(setPathEnd('to', to.node));
  } catch (error) {
    store.update(showError('Could not trace the path', error));
    return;
  }
  await findPaths(context, options);
}
