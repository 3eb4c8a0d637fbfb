/** Loading the health line, the vocabulary and the whole graph. */
import type { ActionContext } from '../app-state';
import { replaceCanvas } from '../canvas/canvas-state';
import { showError } from '../messages/messages-state';
import { failGraphLoad, setGraph, setHealth, setVocabulary, startGraphLoad } from './graph-state';

/** How often the page asks again while the server is starting or degraded. */
const HEALTH_POLL_MS = 2_000;

/**
 * Asks for the server's health (engine name, counts); a failure is shown, not fatal. While the server is
 * starting (seeding its store) or degraded it asks again every few seconds, and once it is ok loads the
 * graph if that failed meanwhile, so a page opened during a first start fills in by itself.
 */
export async function loadHealth(context: ActionContext): Promise<void> {
  const { api, store } = context;
  try {
    const health = await api.health();
    store.update(setHealth(health));
    if (health.status !== 'ok') {
      setTimeout(() => void loadHealth(context), HEALTH_POLL_MS);
    } else if (store.get().graph.status === 'failed') {
      await loadGraph(context);
    }
  } catch (error) {
    store.update(showError('Could not read the server status', error));
  }
}

/** Loads kinds, relationship types, categories and the year span (legend, filters, slider, console). */
export async function loadVocabulary({ api, store }: ActionContext): Promise<void> {
  try {
    store.update(setVocabulary(await api.vocabulary()));
  } catch (error) {
    store.update(showError('Could not load the vocabulary', error));
  }
}

/** Loads the whole graph from the JSON export so the page can draw it (the first picture, not undoable). */
export async function loadGraph({ api, store }: ActionContext): Promise<void> {
  store.update(startGraphLoad);
  try {
    store.update(setGraph(await api.wholeGraph()));
  } catch (error) {
    store.update(failGraphLoad);
    store.update(showError('Could not load the graph', error));
  }
}

/** Puts the whole graph back on the canvas (undoable), e.g. after a path or console result. */
export async function showWholeGraph({ api, store }: ActionContext): Promise<void> {
  try {
    store.update(replaceCanvas(await api.wholeGraph(), 'force'));
  } catch (error) {
    store.update(showError('Could not load the graph', error));
  }
}
