/** Asking the API for the paths between the two chosen nodes. */
import { isAbortError } from '../../api/api-client';
import type { ActionContext } from '../app-state';
import { showError } from '../messages/messages-state';
import { failPathSearch, setPathResults, startPathSearch } from './paths-state';

/** The most paths asked for at once: enough to compare routes, few enough to read as a list. */
export const PATH_LIMIT = 25;

let pendingSearch: AbortController | null = null;

/** Finds paths for the current "from", "to" and hop limit; does nothing until both ends are chosen. */
export async function findPaths({ api, store }: ActionContext): Promise<void> {
  const { from, to, maxHops } = store.get().paths;
  if (from === null || to === null) return;
  pendingSearch?.abort();
  const controller = new AbortController();
  pendingSearch = controller;
  store.update(startPathSearch({ from, to, maxHops }));
  try {
    const { paths } = await api.paths({ from: from.id, to: to.id, maxHops, limit: PATH_LIMIT }, controller.signal);
    store.update(setPathResults(paths));
  } catch (error) {
    if (isAbortError(error)) return;
    store.update(failPathSearch);
    store.update(showError('Could not find paths', error));
  } finally {
    if (pendingSearch === controller) pendingSearch = null;
  }
}
