/** Loading the health line and the whole graph when the page opens. */
import type { ActionContext } from '../app-state';
import { showError } from '../messages/messages-state';
import { failGraphLoad, setGraph, setHealth, startGraphLoad } from './graph-state';

/** Asks for the server's health (engine name, counts); a failure is shown, not fatal. */
export async function loadHealth({ api, store }: ActionContext): Promise<void> {
  try {
    store.update(setHealth(await api.health()));
  } catch (error) {
    store.update(showError('Could not read the server status', error));
  }
}

/** Loads the whole graph from the JSON export so the page can draw it. */
export async function loadGraph({ api, store }: ActionContext): Promise<void> {
  store.update(startGraphLoad);
  try {
    store.update(setGraph(await api.exportGraph()));
  } catch (error) {
    store.update(failGraphLoad);
    store.update(showError('Could not load the graph', error));
  }
}
