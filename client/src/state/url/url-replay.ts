/**
 * Opening the view a URL describes, through the same actions a user's clicks run: on start (a shared link)
 * and on Back/Forward to an entry this page did not draw itself (one from before a reload).
 */
import { DOCUMENT_KIND } from '../../../../server/domain/document-kind';
import { ApiRequestError } from '../../api/api-client';
import type { ActionContext } from '../app-state';
import { addToCanvas } from '../canvas/canvas-state';
import { documentQuery } from '../console/document-queries';
import { setHiddenFilters, setYear } from '../filters/filters-state';
import { loadGraph, showWholeGraph } from '../graph/graph-actions';
import { showInfo } from '../messages/messages-state';
import { tracePath } from '../paths/paths-actions';
import { clearPaths, setCityItself, setMaxHops, setPathCategories, setPathDirection, setPathTypes } from '../paths/paths-state';
import { chooseNode } from '../selection/selection-actions';
import { clearSelection } from '../selection/selection-state';
import type { UrlView } from './url-state';

/** Names the parameters a link gave that were not understood, once, without stopping anything. */
export function noteIgnored(context: ActionContext, view: UrlView): void {
  if (view.ignored.length === 0) return;
  const names = view.ignored.map((name) => `"${name}"`).join(', ');
  context.store.update(showInfo('Part of the link was not understood', `Ignored ${names}: the rest of the view is shown.`));
}

/**
 * Opens `view`: filters first, then the path (or, when the canvas holds a path the view does not, the whole
 * graph), then the focus. The selection is centred only when the view has no camera of its own; the caller
 * applies the camera once this resolves. `openGraph` draws the graph when nothing drew it yet.
 */
export async function replayUrlView(
  context: ActionContext,
  view: UrlView,
  openGraph: (context: ActionContext) => Promise<void> = loadGraph,
): Promise<void> {
  const { store } = context;
  store.update(setYear(view.year));
  const { hiddenKinds, hiddenCategories } = store.get().filters;
  if ([...view.hiddenKinds].sort().join() !== hiddenKinds.join() || [...view.hiddenCategories].sort().join() !== hiddenCategories.join()) {
    store.update(setHiddenFilters(view.hiddenKinds, view.hiddenCategories));
  }
  if (view.path !== null) {
    const { from, to, maxHops, types, categories, direction, active, cityItself } = view.path;
    store.update(setMaxHops(maxHops));
    store.update(setCityItself(cityItself));
    store.update(setPathTypes(types));
    store.update(setPathCategories(categories));
    store.update(setPathDirection(direction));
    await tracePath(context, from, to, { active });
  } else if (store.get().paths.query !== null) {
    store.update(clearPaths);
    await showWholeGraph(context);
  }
  // On start the caller opens the start view (search-first on a large graph, state/graph/start-view.ts).
  if (store.get().graph.graph === null) await openGraph(context);
  if (view.focus !== null && (await isKnownNode(context, view.focus))) await chooseNode(context, view.focus, { centre: view.camera === null });
  else store.update(clearSelection);
}

/**
 * False, with a calm notice, when a link's focus names no node (an old link, a typo); true when it is drawn or
 * the API has it, and when the API cannot tell (the selection then reports that failure itself).
 */
async function isKnownNode(context: ActionContext, id: string): Promise<boolean> {
  if (context.store.get().graph.graph?.nodes.some((n) => n.id === id) === true) return true;
  try {
    await context.api.node(id);
    return true;
  } catch (error) {
    if (!(error instanceof ApiRequestError) || error.code !== 'not_found') return true;
    if (await drawLinkedDocument(context, id)) return true;
    context.store.update(showInfo('The linked node is not in the graph', `No node has the id "${id}"; the rest of the view is shown.`));
    return false;
  }
}

/**
 * A link focusing on a source document (one the console drew when the link was made): the entities API has
 * no such node, so the document is asked of the console, which draws documents as nodes, and put on the
 * canvas for its details to open. False when there is no such document or the console cannot say.
 */
async function drawLinkedDocument(context: ActionContext, id: string): Promise<boolean> {
  try {
    const answer = await context.api.cypher(documentQuery(id));
    const document = answer.graph.nodes.find((n) => n.id === id && n.kind === DOCUMENT_KIND);
    if (document === undefined) return false;
    context.store.update(addToCanvas({ nodes: [document], edges: [] }, null));
    return true;
  } catch {
    return false;
  }
}
