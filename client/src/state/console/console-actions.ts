/**
 * Running console queries: the answer's rows go to the console, its graph onto the canvas (undoably).
 * Picking a row selects its elements on the canvas; the graph view puts the answer's graph back on it.
 */
import type { Graph } from '../../../../server/domain/graph-model';
import { isAbortError } from '../../api/api-client';
import type { ActionContext } from '../app-state';
import { addToCanvas, replaceCanvas } from '../canvas/canvas-state';
import { chooseEdge, chooseNode } from '../selection/selection-actions';
import { rowElements } from './console-format';
import {
  failConsoleQuery,
  setActiveRow,
  setConsoleHistory,
  setConsoleResult,
  setConsoleView,
  startConsoleQuery,
  type ConsoleView,
} from './console-state';

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
    // Nothing to draw: the graph view would be an empty promise, so the table shows the answer.
    else store.update(setConsoleView('table'));
  } catch (error) {
    if (isAbortError(error)) return;
    store.update(failConsoleQuery(error));
  } finally {
    if (pending === controller) pending = null;
  }
}

/** True when every node and edge of `part` is on the canvas. */
function onCanvas(canvas: Graph | null, part: Graph): boolean {
  if (canvas === null) return false;
  const nodes = new Set(canvas.nodes.map((n) => n.id));
  const edges = new Set(canvas.edges.map((e) => e.id));
  return part.nodes.every((n) => nodes.has(n.id)) && part.edges.every((e) => edges.has(e.id));
}

/**
 * Selects row `index`'s nodes and relationships on the canvas (adding them back if the canvas moved on): the
 * details panel opens its first relationship (endpoints and evidence in one place), else its first node.
 */
export function selectConsoleRow(context: ActionContext, index: number): void {
  const { store } = context;
  const result = store.get().console.result;
  const row = result?.rows[index];
  if (result === null || row === undefined) return;
  const { nodeIds, edgeIds } = rowElements(row);
  const nodeSet = new Set(nodeIds);
  const edgeSet = new Set(edgeIds);
  // Only what the answer's graph holds can be drawn (its node cap may have left some out).
  const part: Graph = {
    nodes: result.graph.nodes.filter((n) => nodeSet.has(n.id)),
    edges: result.graph.edges.filter((e) => edgeSet.has(e.id)),
  };
  if (part.nodes.length === 0) {
    store.update(setActiveRow({ index, nodeIds: [], edgeIds: [] }));
    return;
  }
  if (!onCanvas(store.get().graph.graph, part)) store.update(addToCanvas(part, null));
  const [edge] = part.edges;
  const firstNode = nodeIds.find((id) => part.nodes.some((n) => n.id === id));
  if (edge !== undefined) chooseEdge(context, edge);
  else if (firstNode !== undefined) void chooseNode(context, firstNode);
  store.update(setActiveRow({ index, nodeIds: part.nodes.map((n) => n.id), edgeIds: part.edges.map((e) => e.id) }));
}

/** Shows the answer as a table or as its graph; the graph view redraws the answer's graph if the canvas moved on. */
export function showConsoleView({ store }: ActionContext, view: ConsoleView): void {
  const result = store.get().console.result;
  if (view === 'graph') {
    if (result === null || result.graph.nodes.length === 0) return;
    const canvas = store.get().graph.graph;
    const same = canvas !== null && canvas.nodes.length === result.graph.nodes.length && onCanvas(canvas, result.graph);
    if (!same) store.update(replaceCanvas(result.graph, 'force'));
  }
  store.update(setConsoleView(view));
}
