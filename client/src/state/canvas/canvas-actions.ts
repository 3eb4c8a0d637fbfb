/** Expanding a node's neighbours onto the canvas, a capped batch at a time. */
import type { Direction, Graph, GraphNode } from '../../../../server/domain/graph-model';
import { DOCUMENT_KIND } from '../../../../server/domain/document-kind';
import type { ActionContext } from '../app-state';
import { showError, showInfo } from '../messages/messages-state';
import { addToCanvas, type PendingExpansion } from './canvas-state';

export interface ExpandOptions {
  readonly types?: readonly string[];
  readonly direction?: Direction;
  /** How many new neighbours to draw at once; the rest wait behind "show N more". */
  readonly cap?: number;
}

export const DEFAULT_EXPAND_CAP = 10;
/** The most neighbours fetched for one expansion (the API's own ceiling). */
const NEIGHBOURHOOD_LIMIT = 2000;

/**
 * The neighbours of `nodeId` in `neighbourhood` that are not on the canvas, best evidenced first (more
 * source quotes on the edges joining them), then by name, so the first batch is the most useful one.
 */
export function rankNewNeighbours(nodeId: string, neighbourhood: Graph, onCanvas: ReadonlySet<string>): GraphNode[] {
  const evidence = new Map<string, number>();
  for (const edge of neighbourhood.edges) {
    const other = edge.source === nodeId ? edge.target : edge.target === nodeId ? edge.source : null;
    if (other !== null) evidence.set(other, (evidence.get(other) ?? 0) + edge.sources.length);
  }
  return neighbourhood.nodes
    .filter((n) => n.id !== nodeId && !onCanvas.has(n.id) && evidence.has(n.id))
    .sort((a, b) => (evidence.get(b.id) ?? 0) - (evidence.get(a.id) ?? 0) || a.name.localeCompare(b.name));
}

/**
 * Relationships of the neighbourhood not drawn yet whose two ends are both on the canvas: a typed expansion of
 * Russia by PAYS_REMITTANCES draws the remittance edges to Tajikistan even when Tajikistan is already there.
 */
export function newEdgesAmongDrawn(neighbourhood: Graph, onCanvas: ReadonlySet<string>, drawnEdges: ReadonlySet<string>): Graph['edges'] {
  return neighbourhood.edges.filter((e) => !drawnEdges.has(e.id) && onCanvas.has(e.source) && onCanvas.has(e.target));
}

/** The part of the neighbourhood to add for `batch`: those nodes, plus every edge among canvas and batch. */
function batchGraph(neighbourhood: Graph, batch: readonly GraphNode[]): Graph {
  return { nodes: [...batch], edges: neighbourhood.edges };
}

function addBatch(context: ActionContext, nodeId: string, neighbourhood: Graph, remaining: readonly GraphNode[], cap: number, truncated: boolean): number {
  const batch = remaining.slice(0, cap);
  const rest = remaining.slice(cap);
  const expansion: PendingExpansion | null =
    rest.length > 0 ? { nodeId, neighbourhood, remaining: rest, cap, truncated } : null;
  context.store.update(addToCanvas(batchGraph(neighbourhood, batch), nodeId, expansion));
  return batch.length;
}

/** Draws up to `cap` neighbours of `nodeId` not yet drawn, filtered by type, direction and the chosen year. */
export async function expandNode(context: ActionContext, nodeId: string, options: ExpandOptions = {}): Promise<void> {
  const { api, store } = context;
  const cap = options.cap ?? DEFAULT_EXPAND_CAP;
  const year = store.get().filters.year;
  // A source document the console drew has no relationships to expand (its claims are in its details).
  if (store.get().graph.graph?.nodes.some((n) => n.id === nodeId && n.kind === DOCUMENT_KIND) === true) return;
  try {
    const neighbourhood = await api.neighborhood(nodeId, {
      depth: 1,
      types: options.types,
      direction: options.direction,
      year: year ?? undefined,
      limit: NEIGHBOURHOOD_LIMIT,
    });
    const canvas = store.get().graph.graph;
    const onCanvas = new Set((canvas?.nodes ?? []).map((n) => n.id));
    const fresh = rankNewNeighbours(nodeId, neighbourhood, onCanvas);
    // The node itself joins the canvas too when it was not on it (e.g. expanded from search).
    const self = neighbourhood.nodes.filter((n) => n.id === nodeId && !onCanvas.has(n.id));
    const ties = newEdgesAmongDrawn(neighbourhood, onCanvas, new Set((canvas?.edges ?? []).map((e) => e.id)));
    if (fresh.length === 0 && self.length === 0 && ties.length === 0) {
      store.update(showInfo('Nothing to expand', 'Every neighbour and relationship that matches these filters is already drawn.'));
      return;
    }
    if (self.length > 0) store.update(addToCanvas({ nodes: self, edges: [] }, nodeId));
    if (fresh.length === 0) {
      store.update(addToCanvas({ nodes: [], edges: ties }, nodeId));
      const n = ties.length;
      store.update(showInfo(`Drew ${n} ${n === 1 ? 'relationship' : 'relationships'}`, 'Between nodes already on the canvas: no new neighbour matches these filters.'));
      return;
    }
    addBatch(context, nodeId, neighbourhood, fresh, cap, neighbourhood.truncated);
  } catch (error) {
    store.update(showError(`Could not expand "${nodeId}"`, error));
  }
}

/** Draws the next batch of the last capped expansion. */
export function showMoreNeighbours(context: ActionContext): void {
  const expansion = context.store.get().canvas.expansion;
  if (expansion === null) return;
  const onCanvas = new Set((context.store.get().graph.graph?.nodes ?? []).map((n) => n.id));
  const remaining = expansion.remaining.filter((n) => !onCanvas.has(n.id));
  addBatch(context, expansion.nodeId, expansion.neighbourhood, remaining, expansion.cap, expansion.truncated);
}
