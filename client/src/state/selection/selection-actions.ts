/** Selecting things: a node's details come from the API (a source document's from itself); an edge carries everything it needs. */
import type { GraphEdge } from '../../../../server/domain/graph-model';
import { DOCUMENT_KIND } from '../../../../server/domain/document-kind';
import { isAbortError } from '../../api/api-client';
import type { ActionContext } from '../app-state';
import { showError } from '../messages/messages-state';
import { failNodeDetails, selectEdge, selectNode, setNodeDetails, type SelectOptions } from './selection-state';

let pendingDetails: AbortController | null = null;

/** Selects a node and loads its edges and neighbours for the details panel. */
export async function chooseNode({ api, store }: ActionContext, id: string, options: SelectOptions = {}): Promise<void> {
  // A newer selection makes the older request pointless; abort it rather than let it race.
  pendingDetails?.abort();
  const controller = new AbortController();
  pendingDetails = controller;
  store.update(selectNode(id, options));
  // A source document drawn by the console is not an entity: the API has no details for it, the node has them all.
  const drawn = store.get().graph.graph?.nodes.find((n) => n.id === id);
  if (drawn?.kind === DOCUMENT_KIND) {
    pendingDetails = null;
    store.update(setNodeDetails({ node: drawn, edges: [], neighbors: [] }));
    return;
  }
  try {
    store.update(setNodeDetails(await api.node(id, controller.signal)));
  } catch (error) {
    if (isAbortError(error)) return;
    store.update(failNodeDetails(id));
    store.update(showError(`Could not load the details of "${id}"`, error));
  } finally {
    if (pendingDetails === controller) pendingDetails = null;
  }
}

/** Selects an edge; its type, properties and sources are all in the wire object already. */
export function chooseEdge({ store }: ActionContext, edge: GraphEdge, options: SelectOptions = {}): void {
  pendingDetails?.abort();
  pendingDetails = null;
  store.update(selectEdge(edge, options));
}

/**
 * Selects the relationship a search passage is evidence for, so the details panel opens its evidence: taken
 * from the page's graph when it holds it, else from its start node's details.
 */
export async function chooseEdgeById(context: ActionContext, edgeId: string, sourceId: string): Promise<void> {
  const { api, store } = context;
  try {
    const known = store.get().graph.graph?.edges.find((e) => e.id === edgeId);
    const edge = known ?? (await api.node(sourceId)).edges.find((e) => e.id === edgeId);
    if (edge === undefined) throw new Error(`The relationship "${edgeId}" is no longer in the graph.`);
    chooseEdge(context, edge, { centre: true });
  } catch (error) {
    store.update(showError('Could not open that evidence', error));
  }
}
