/**
 * The explorer page's composition root: creates the API client, the store, the graph view and the panels,
 * re-renders them on every state change, keeps the view in the URL and the browser history (and replays a shared URL on start),
 * wires the keyboard shortcuts, and publishes a read-only probe (window.__multivector) for the browser tests.
 */
import { createApiClient } from './api/api-client';
import { initialAppState, type ActionContext, type AppState } from './state/app-state';
import { expandNode } from './state/canvas/canvas-actions';
import { hideNodes, removeNodes, setLayout, togglePin, undoCanvas } from './state/canvas/canvas-state';
import { loadConsoleHistory } from './state/console/console-actions';
import { setConsoleOpen } from './state/console/console-state';
import { loadHealth, loadVocabulary } from './state/graph/graph-actions';
import { indexGraph } from './state/graph/graph-state';
import { showError } from './state/messages/messages-state';
import { chooseEdge, chooseNode } from './state/selection/selection-actions';
import { clearSelection } from './state/selection/selection-state';
import { createStore } from './state/store';
import { createHistorySync } from './state/url/history-sync';
import { decodeUrlView } from './state/url/url-state';
import { noteIgnored, replayUrlView } from './state/url/url-replay';
import { createCytoscapeView, type ViewProbe } from './view/cytoscape-view';
import { createCanvasInteractions, type CanvasInteractionsProbe } from './panels/canvas-interactions';
import { createConsolePanel } from './panels/console-panel';
import { createGroupBar } from './panels/group-bar';
import { createStartPrompt } from './panels/start-prompt';
import { openStartView, requestedStartMode } from './state/graph/start-view';
import { createDetailsPanel } from './panels/details-panel';
import { createEditPanel } from './panels/edit-panel';
import { requireElement } from './panels/dom';
import { createLegendPanel } from './panels/legend-panel';
import { createMessagePanel } from './panels/message-panel';
import { createPathPanel } from './panels/path-panel';
import { createSearchPanel } from './panels/search-panel';
import { createStatusPanel } from './panels/status-panel';
import { initImportPanel } from './panels/import-panel';
import { initDocumentPanel } from './panels/document-panel';
import { initInfluenceView } from './panels/influence-panel';
import { createTimePanel } from './panels/time-panel';
import { createToolbarPanel } from './panels/toolbar-panel';

/** What the browser tests may read: the view's probe plus a summary of the state, as plain values. */
export interface MultivectorProbe extends ViewProbe, CanvasInteractionsProbe {
  selection(): { kind: 'node' | 'edge'; id: string } | null;
  pathCount(): number;
  year(): number | null;
  /** Milliseconds from navigation start to the first frame painted after the first graph was drawn. */
  firstDrawMs(): number | null;
  /** True once the shared URL (if any) has been replayed. */
  isStarted(): boolean;
}

declare global {
  interface Window {
    __multivector?: MultivectorProbe;
  }
}

/** True when a key press belongs to a text field (shortcuts must not steal typing). */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function start(): void {
  const store = createStore<AppState>(initialAppState);
  const context: ActionContext = { api: createApiClient(), store };
  const selectedNode = (): string | null => {
    const current = store.get().selection.current;
    return current.kind === 'node' ? current.id : null;
  };

  const view = createCytoscapeView(requireElement(document, '#graph', HTMLElement), {
    onNodeTap: (id) => void chooseNode(context, id),
    onEdgeTap: (id) => {
      const edge = indexGraph(store.get().graph.graph).edgesById.get(id);
      if (edge !== undefined) chooseEdge(context, edge);
    },
    onBackgroundTap: () => store.update(clearSelection),
    onDanglingEdges: (ids) =>
      store.update(showError('Some edges are not drawn', new Error(`${ids.length} edge(s) point to nodes missing from the export, e.g. "${ids[0] ?? ''}".`))),
    onNodeDoubleTap: (id) => void expandNode(context, id),
  });

  // --- canvas interactions (issue 18): tooltips, context menu, box/lasso selection, label collisions ---
  const graphArea = requireElement(document, '.graph-area', HTMLElement);
  const interactions = createCanvasInteractions(context, view, requireElement(document, '#graph', HTMLElement), graphArea);
  const groupBar = createGroupBar(context);
  graphArea.append(groupBar.element);
  // --- end canvas interactions ---

  // --- documents (issue 19): ingest an article, review its proposed claims, commit them; search opens its passages ---
  const documentView = initDocumentPanel(context);
  // --- end documents ---
  const searchPanel = createSearchPanel(context, {
    openDocumentPassage: (p) => void documentView.openAt(p.document, { start: p.passageStart, end: p.passageEnd }),
  });
  const pathPanel = createPathPanel(context);
  const timePanel = createTimePanel(context);
  const legendPanel = createLegendPanel(store);
  const shortcuts = document.createElement('p');
  shortcuts.className = 'shortcut-help';
  shortcuts.textContent =
    'Keys: / search · E expand · H hide · P pin · C rings · Delete remove · Ctrl+Z undo · F fit · +/− zoom · Shift+F10 menu · Shift+drag box · Alt+drag lasso · ` console · Ctrl+Enter run · Esc deselect';
  requireElement(document, '#left-panel', HTMLElement).append(searchPanel.element, pathPanel.element, timePanel.element, legendPanel.element, shortcuts);
  const detailsPanel = createDetailsPanel(context);
  // Edit mode (issue 19): its forms sit above the details they change; hidden without the admin token.
  const editPanel = createEditPanel(context);
  requireElement(document, '#right-panel', HTMLElement).append(editPanel.element, detailsPanel.element);
  const toolbar = createToolbarPanel(context, view);
  const consolePanel = createConsolePanel(context);
  requireElement(document, '.graph-column', HTMLElement).prepend(toolbar.element);
  requireElement(document, '.graph-area', HTMLElement).append(toolbar.moreBar);
  requireElement(document, '#console-slot', HTMLElement).append(consolePanel.element);
  const startPrompt = createStartPrompt(context, requireElement(document, '#search-input', HTMLInputElement));
  graphArea.append(startPrompt.element);
  const messagePanel = createMessagePanel(requireElement(document, '#messages', HTMLElement), context);
  const statusPanel = createStatusPanel(
    requireElement(document, '#server-status', HTMLElement),
    requireElement(document, '#graph-notice', HTMLElement),
  );

  // Browser history walks through views; the URL carries the view and its camera (state/url/history-sync.ts).
  const historySync = createHistorySync(context, view);
  let firstDrawMs: number | null = null;
  let started = false;
  const renderers = [statusPanel, messagePanel, view, interactions, groupBar, startPrompt, toolbar, pathPanel, timePanel, legendPanel, editPanel, detailsPanel, consolePanel];
  const render = (state: AppState): void => {
    historySync.record();
    for (const renderer of renderers) renderer.render(state);
    if (firstDrawMs === null && view.probe.isReady()) {
      firstDrawMs = -1;
      requestAnimationFrame(() => {
        firstDrawMs = performance.now();
      });
    }
  };
  store.subscribe((state) => render(state));
  render(store.get());

  document.addEventListener('keydown', (event) => {
    if (event.key === '`' && !isTyping(event.target)) {
      const open = !store.get().console.open;
      store.update(setConsoleOpen(open));
      if (open) consolePanel.focus();
      event.preventDefault();
      return;
    }
    if (isTyping(event.target) || event.altKey) return;
    const node = selectedNode();
    const ctrl = event.ctrlKey || event.metaKey;
    let handled = true;
    if (ctrl && event.key.toLowerCase() === 'z') store.update(undoCanvas);
    else if (ctrl) handled = false;
    else if (event.key === '/') {
      // Selected, so typing replaces the last search rather than appending to it.
      const search = requireElement(document, '#search-input', HTMLInputElement);
      search.focus();
      search.select();
    }
    else if (event.key === 'Escape') store.update(clearSelection);
    else if (event.key === 'f') view.fit();
    else if (event.key === '+' || event.key === '=') view.zoomBy(1.25);
    else if (event.key === '-') view.zoomBy(0.8);
    else if (node !== null && event.key === 'e') void expandNode(context, node);
    else if (node !== null && event.key === 'h') store.update(hideNodes([node]));
    else if (node !== null && event.key === 'p') store.update(togglePin(node));
    else if (node !== null && event.key === 'c') store.update(setLayout('concentric', node));
    else if (node !== null && (event.key === 'Delete' || event.key === 'Backspace')) store.update(removeNodes([node]));
    else handled = false;
    if (handled) event.preventDefault();
  });

  window.__multivector = Object.freeze({
    ...view.probe,
    ...interactions.probe,
    selection() {
      const current = store.get().selection.current;
      return current.kind === 'none' ? null : { kind: current.kind, id: current.id };
    },
    pathCount: () => store.get().paths.results.length,
    year: () => store.get().filters.year,
    firstDrawMs: () => (firstDrawMs !== null && firstDrawMs >= 0 ? firstDrawMs : null),
    isStarted: () => started,
  });

  // --- influence view (issue 9): its own drawer and state; draws paths through the path tracer ---
  initInfluenceView(context);
  // --- end influence view ---

  // --- import (issue 8): token field, drop zone and results; reloads the graph after an import ---
  initImportPanel(context);
  // --- end import ---


  void loadHealth(context);
  void loadVocabulary(context);
  loadConsoleHistory(context);
  const shared = decodeUrlView(window.location.search);
  noteIgnored(context, shared);
  // A large graph opens search-first on an overview (state/graph/start-view.ts).
  const openGraph = async (ctx: ActionContext): Promise<void> => {
    const searchFirst = await openStartView(ctx, requestedStartMode(window.location.search));
    if (searchFirst !== null) startPrompt.show(searchFirst);
  };
  void replayUrlView(context, shared, openGraph).finally(() => {
    if (shared.camera !== null) view.setCamera(shared.camera);
    started = true;
    historySync.start();
    render(store.get());
  });
}

start();
