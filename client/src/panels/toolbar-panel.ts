/**
 * The bar over the graph: undo, show hidden, the whole graph, layouts (force, rings around the selection,
 * left to right for paths), fit and zoom, the Export menu and the console switch; and the "show N more"
 * bar of a capped expansion.
 */
import type { ActionContext, AppState } from '../state/app-state';
import { showMoreNeighbours } from '../state/canvas/canvas-actions';
import { clearExpansion, setLayout, showHidden, undoCanvas } from '../state/canvas/canvas-state';
import { setConsoleOpen } from '../state/console/console-state';
import { showWholeGraph } from '../state/graph/graph-actions';
import { drawnEdgesOf, selectDrawnGraph } from '../state/canvas/drawn-graph';
import type { CytoscapeView } from '../view/cytoscape-view';
import { h } from './dom';
import { createExportMenu } from './export-menu';

export interface ToolbarPanel {
  readonly element: HTMLElement;
  readonly moreBar: HTMLElement;
  render(state: AppState): void;
}

export function createToolbarPanel(context: ActionContext, view: CytoscapeView): ToolbarPanel {
  const { store } = context;
  const button = (label: string, title: string, id: string, run: () => void): HTMLButtonElement => {
    // The visible label is the accessible name (speech users say what they see); the title describes it.
    const b = h('button', { className: 'tool-button', attrs: { type: 'button', id, title } }, label);
    b.addEventListener('click', run);
    return b;
  };
  const undo = button('↶ Undo', 'Undo the last change (Ctrl+Z)', 'tool-undo', () => store.update(undoCanvas));
  const hidden = button('Show hidden', 'Show the hidden nodes and relationships again', 'tool-show-hidden', () => store.update(showHidden));
  const whole = button('Whole graph', 'Put the whole graph back on the canvas', 'tool-whole', () => void showWholeGraph(context));
  const force = button('Force', 'Force-directed layout (fcose)', 'layout-force', () => store.update(setLayout('force')));
  const rings = button('Rings', 'Concentric rings around the selected node', 'layout-concentric', () => {
    const selected = store.get().selection.current;
    store.update(setLayout('concentric', selected.kind === 'node' ? selected.id : null));
  });
  const leftRight = button('Left → right', 'Lay the highlighted path out left to right', 'layout-path', () => store.update(setLayout('path')));
  const fit = button('Fit', 'Fit the drawing to the screen (F)', 'tool-fit', () => view.fit());
  const zoomIn = button('+', 'Zoom in (+)', 'tool-zoom-in', () => view.zoomBy(1.25));
  const zoomOut = button('−', 'Zoom out (−)', 'tool-zoom-out', () => view.zoomBy(0.8));
  const consoleToggle = button('Cypher ⌘', 'Open or close the Cypher console (`)', 'tool-console', () =>
    store.update(setConsoleOpen(!store.get().console.open)));
  const exportMenu = createExportMenu(context, view);
  const counts = h('span', { className: 'tool-counts', attrs: { id: 'drawn-counts', 'aria-live': 'polite' } });

  const element = h('div', { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Graph tools' } },
    undo, hidden, whole,
    h('span', { className: 'tool-separator', attrs: { 'aria-hidden': 'true' } }),
    h('span', { className: 'tool-label' }, 'Layout'), force, rings, leftRight,
    h('span', { className: 'tool-separator', attrs: { 'aria-hidden': 'true' } }),
    fit, zoomOut, zoomIn,
    h('span', { className: 'tool-spacer' }),
    counts, exportMenu.element, consoleToggle,
  );

  const moreText = h('span', { className: 'more-text' });
  const more = h('button', { className: 'button-primary button-small', attrs: { type: 'button', id: 'show-more' } }, 'Show more');
  more.addEventListener('click', () => showMoreNeighbours(context));
  const dismiss = h('button', { className: 'button-quiet button-small', attrs: { type: 'button', 'aria-label': 'Dismiss' } }, '×');
  dismiss.addEventListener('click', () => store.update(clearExpansion));
  const moreBar = h('div', { className: 'more-bar', attrs: { role: 'status', id: 'more-bar' } }, moreText, more, dismiss);
  moreBar.hidden = true;

  let drawnKey: readonly unknown[] = [];
  return {
    element,
    moreBar,
    render(state) {
      const drawnGraph = selectDrawnGraph(state);
      const key = [state.canvas, state.graph.graph, state.paths.active, state.console.open, drawnGraph];
      if (key.every((k, i) => k === drawnKey[i])) return;
      drawnKey = key;
      undo.disabled = state.canvas.history.length === 0;
      hidden.disabled = state.canvas.hidden.length === 0;
      hidden.textContent = state.canvas.hidden.length === 0 ? 'Show hidden' : `Show hidden (${state.canvas.hidden.length})`;
      leftRight.disabled = state.paths.active === null;
      consoleToggle.setAttribute('aria-pressed', String(state.console.open));
      const graph = state.graph.graph;
      // What is drawn, and of how much on the canvas when the year or the legend leaves some out.
      // Edges counted as drawn (both ends present), so the number is the picture's.
      if (graph === null || drawnGraph === null) counts.textContent = '';
      else if (drawnGraph === graph) counts.textContent = `${graph.nodes.length} nodes · ${drawnEdgesOf(graph).length} edges on canvas`;
      else {
        const year = state.filters.year === null ? '' : ` in ${state.filters.year}`;
        counts.textContent = `${drawnGraph.nodes.length} of ${graph.nodes.length} nodes · ${drawnEdgesOf(drawnGraph).length} of ${drawnEdgesOf(graph).length} edges drawn${year}`;
      }
      const expansion = state.canvas.expansion;
      moreBar.hidden = expansion === null;
      if (expansion !== null) {
        const name = graph?.nodes.find((n) => n.id === expansion.nodeId)?.name ?? expansion.nodeId;
        const next = Math.min(expansion.cap, expansion.remaining.length);
        moreText.textContent = `${name}: ${expansion.remaining.length}${expansion.truncated ? '+' : ''} more neighbours not drawn.`;
        more.textContent = `Show ${next} more`;
        more.disabled = next === 0;
      }
    },
  };
}
