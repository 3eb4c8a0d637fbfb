/** Loading the health line, the vocabulary and the whole graph. */
import type { ActionContext } from '../app-state';
import { replaceCanvas } from '../canvas/canvas-state';
import { showError } from '../messages/messages-state';
import { failGraphLoad, setGraph, setHealth, setVocabulary, startGraphLoad } from './graph-state';

/** Asks for the server's health (engine name, counts); a failure is shown, not fatal. */
export async function loadHealth({ api, store }: ActionContext): Promise<void> {
  try {
    store.update(setHealth(await api.health()));
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
