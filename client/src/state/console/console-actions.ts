/** Running console queries: the answer's rows go to the console, its graph onto the canvas (undoably). */
import { isAbortError } from '../../api/api-client';
import type { ActionContext } from '../app-state';
import { replaceCanvas } from '../canvas/canvas-state';
import { failConsoleQuery, setConsoleHistory, setConsoleResult, startConsoleQuery } from './console-state';

const HISTORY_KEY = 'multivector.console.history';

let pending: AbortController | null = null;

/** Reads the history saved by earlier visits; a missing or unreadable entry is an empty history. */
export function loadConsoleHistory({ store }: ActionContext, storage: Storage | null = safeStorage()): void {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(HISTORY_KEY) ?? '[]');
    if (Array.isArray(parsed)) store.update(setConsoleHistory(parsed.filter((q): q is string => typeof q === 'string')));
  } catch {
    // A corrupt entry (edited by hand, another version) is not worth an error: start a fresh history.
  }
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    // Storage can be switched off (privacy settings); the console works without a saved history.
    return null;
  }
}

/** Runs `query` on the server's console and draws what it returns. */
export async function runConsoleQuery({ api, store }: ActionContext, query: string): Promise<void> {
  if (query.trim().length === 0) return;
  pending?.abort();
  const controller = new AbortController();
  pending = controller;
  store.update(startConsoleQuery(query));
  try {
    safeStorage()?.setItem(HISTORY_KEY, JSON.stringify(store.get().console.history));
  } catch {
    // A full or blocked storage only costs the saved history.
  }
  try {
    const result = await api.cypher(query, controller.signal);
    store.update(setConsoleResult(result));
    if (result.graph.nodes.length > 0) store.update(replaceCanvas(result.graph, 'force'));
  } catch (error) {
    if (isAbortError(error)) return;
    store.update(failConsoleQuery(error));
  } finally {
    if (pending === controller) pending = null;
  }
}
