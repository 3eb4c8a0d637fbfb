/**
 * The explorer page's composition root: creates the API client, the store, the graph view and the panels,
 * re-renders them on every state change, and starts loading the server's health and the whole graph.
 * It also publishes a read-only probe (window.__multivector) that the browser tests read.
 */
import { createApiClient } from './api/api-client';
import { initialAppState, type ActionContext, type AppState } from './state/app-state';
import { loadGraph, loadHealth } from './state/graph/graph-actions';
import { indexGraph } from './state/graph/graph-state';
import { showError } from './state/messages/messages-state';
import { chooseEdge, chooseNode } from './state/selection/selection-actions';
import { clearSelection } from './state/selection/selection-state';
import { createStore } from './state/store';
import { createCytoscapeView, type ViewProbe } from './view/cytoscape-view';
import { createDetailsPanel } from './panels/details-panel';
import { requireElement } from './panels/dom';
import { createLegendPanel } from './panels/legend-panel';
import { createMessagePanel } from './panels/message-panel';
import { createPathPanel } from './panels/path-panel';
import { createSearchPanel } from './panels/search-panel';
import { createStatusPanel } from './panels/status-panel';
import { initInfluenceView } from './panels/influence-panel';

/** What the browser tests may read: the view's probe plus a summary of the state, as plain values. */
export interface MultivectorProbe extends ViewProbe {
  selection(): { kind: 'node' | 'edge'; id: string } | null;
  pathCount(): number;
}

declare global {
  interface Window {
    __multivector?: MultivectorProbe;
  }
}

function start(): void {
  const store = createStore<AppState>(initialAppState);
  const context: ActionContext = { api: createApiClient(), store };

  const view = createCytoscapeView(requireElement(document, '#graph', HTMLElement), {
    onNodeTap: (id) => void chooseNode(context, id),
    onEdgeTap: (id) => {
      const edge = indexGraph(store.get().graph.graph).edgesById.get(id);
      if (edge !== undefined) chooseEdge(context, edge);
    },
    onBackgroundTap: () => store.update(clearSelection),
    onDanglingEdges: (ids) =>
      store.update(showError('Some edges are not drawn', new Error(`${ids.length} edge(s) point to nodes missing from the export, e.g. "${ids[0] ?? ''}".`))),
  });

  const searchPanel = createSearchPanel(context);
  const pathPanel = createPathPanel(context);
  const legendPanel = createLegendPanel();
  requireElement(document, '#left-panel', HTMLElement).append(searchPanel.element, pathPanel.element, legendPanel.element);
  const detailsPanel = createDetailsPanel(context);
  requireElement(document, '#right-panel', HTMLElement).append(detailsPanel.element);
  const messagePanel = createMessagePanel(requireElement(document, '#messages', HTMLElement), context);
  const statusPanel = createStatusPanel(
    requireElement(document, '#server-status', HTMLElement),
    requireElement(document, '#graph-notice', HTMLElement),
  );

  const renderers = [statusPanel, messagePanel, view, pathPanel, legendPanel, detailsPanel];
  const render = (state: AppState): void => {
    for (const renderer of renderers) renderer.render(state);
  };
  store.subscribe((state) => render(state));
  render(store.get());

  window.__multivector = Object.freeze({
    ...view.probe,
    selection() {
      const current = store.get().selection.current;
      return current.kind === 'none' ? null : { kind: current.kind, id: current.id };
    },
    pathCount: () => store.get().paths.results.length,
  });

  // --- influence view (issue 9): its own drawer and state; draws paths through the path tracer ---
  initInfluenceView(context);
  // --- end influence view ---

  void loadHealth(context);
  void loadGraph(context);
}

start();
