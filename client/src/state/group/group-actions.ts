/**
 * Bulk actions on the group selection: expand every node of it in one undoable step, and export exactly its
 * elements through the server's export (the nodes, the edges named explicitly, the edges' ends).
 */
import type { ExportFormat } from '../../api/api-client';
import type { Graph, GraphEdge, GraphNode } from '../../../../server/domain/graph-model';
import type { ActionContext } from '../app-state';
import { addToCanvas } from '../canvas/canvas-state';
import { selectDrawnGraph } from '../canvas/drawn-graph';
import { showError, showInfo } from '../messages/messages-state';
import { drawnGroup, groupExportElements } from './group-selection';

/** At most this many nodes of a group are expanded at once (one neighbourhood request each). */
export const GROUP_EXPAND_MAX_NODES = 25;
/** At most this many new neighbours are drawn by one group expansion. */
export const GROUP_EXPAND_MAX_NEW = 200;
/** Neighbourhood requests in flight at once: the server serves other users too. */
const CONCURRENCY = 4;

async function inBatches<T, R>(items: readonly T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return out;
}

/** Draws the neighbours of every node in the group (in the chosen year), as one step Undo takes back. */
export async function expandGroup(context: ActionContext): Promise<void> {
  const { api, store } = context;
  const state = store.get();
  const ids = drawnGroup(state.group, selectDrawnGraph(state)).nodes;
  if (ids.length === 0) {
    store.update(showInfo('Nothing to expand', 'The selection holds no node.'));
    return;
  }
  const asked = ids.slice(0, GROUP_EXPAND_MAX_NODES);
  const year = state.filters.year ?? undefined;
  try {
    const answers = await inBatches(asked, CONCURRENCY, (id) => api.neighborhood(id, { depth: 1, year, limit: GROUP_EXPAND_MAX_NEW }));
    const onCanvas = new Set((store.get().graph.graph?.nodes ?? []).map((n) => n.id));
    const nodes = new Map<string, GraphNode>();
    const edges = new Map<string, GraphEdge>();
    for (const answer of answers) {
      for (const node of answer.nodes) if (!onCanvas.has(node.id) && nodes.size < GROUP_EXPAND_MAX_NEW) nodes.set(node.id, node);
      for (const edge of answer.edges) edges.set(edge.id, edge);
    }
    const extra: Graph = { nodes: [...nodes.values()], edges: [...edges.values()] };
    store.update(addToCanvas(extra, asked[0] ?? null));
    const skipped = ids.length - asked.length;
    const n = nodes.size;
    store.update(
      showInfo(
        `Expanded ${asked.length} node${asked.length === 1 ? '' : 's'}`,
        `${n} new neighbour${n === 1 ? '' : 's'} drawn${n >= GROUP_EXPAND_MAX_NEW ? ` (at most ${GROUP_EXPAND_MAX_NEW} at once)` : ''}` +
          `${skipped > 0 ? `; ${skipped} more selected node${skipped === 1 ? ' was' : 's were'} not expanded (at most ${GROUP_EXPAND_MAX_NODES} at once)` : ''}.`,
      ),
    );
  } catch (error) {
    store.update(showError('Could not expand the selection', error));
  }
}

/** Downloads exactly the group's elements in `format`; resolves to the file, or null when nothing was exported. */
export async function exportGroup(context: ActionContext, format: ExportFormat): Promise<{ blob: Blob; filename: string } | null> {
  const { api, store } = context;
  const state = store.get();
  const drawn = selectDrawnGraph(state);
  const group = drawnGroup(state.group, drawn);
  if (drawn === null || (group.nodes.length === 0 && group.edges.length === 0)) {
    store.update(showInfo('Nothing to export', 'Select nodes or relationships first (Shift+drag, Alt+drag or Ctrl+click).'));
    return null;
  }
  try {
    return await api.downloadExport(format, { kind: 'nodes', ...groupExportElements(group, drawn) });
  } catch (error) {
    store.update(showError('Could not export the selection', error));
    return null;
  }
}
