/**
 * The prompt a large graph opens with (state/graph/start-view.ts): how large the graph is, that the canvas
 * shows only its best-connected nodes, and the two ways on: search for a node to start from (the search
 * panel, focused), or draw everything anyway. It leaves once the canvas holds something else.
 */
import type { ActionContext, AppState } from '../state/app-state';
import { showWholeGraph } from '../state/graph/graph-actions';
import type { SearchFirstStart } from '../state/graph/start-view';
import { h } from './dom';

export function createStartPrompt(context: ActionContext, searchInput: HTMLInputElement): {
  element: HTMLElement;
  show(start: SearchFirstStart): void;
  render(state: AppState): void;
} {
  const text = h('p', { className: 'start-prompt-text', attrs: { id: 'start-prompt-text' } });
  const searchButton = h('button', { className: 'tool-button start-prompt-primary', attrs: { type: 'button', id: 'start-search' } }, 'Search for a node');
  const allButton = h('button', { className: 'tool-button', attrs: { type: 'button', id: 'start-draw-all' } }, 'Draw everything');
  const closeButton = h('button', { className: 'tool-button', attrs: { type: 'button', id: 'start-close', 'aria-label': 'Close this prompt' } }, '×');
  const element = h('section', { className: 'start-prompt', attrs: { id: 'start-prompt', role: 'region', 'aria-labelledby': 'start-prompt-title' } },
    h('h2', { className: 'start-prompt-title', attrs: { id: 'start-prompt-title' } }, 'A large graph: start from a search'),
    text,
    h('div', { className: 'start-prompt-actions' }, searchButton, allButton, closeButton),
  );
  element.hidden = true;
  let overview: unknown = null;
  const hide = (): void => {
    element.hidden = true;
    overview = null;
  };
  searchButton.addEventListener('click', () => {
    searchInput.focus();
    searchInput.select();
  });
  allButton.addEventListener('click', () => {
    hide();
    void showWholeGraph(context);
  });
  closeButton.addEventListener('click', hide);
  return {
    element,
    show(start) {
      overview = start.overview;
      const count = (n: number | null, one: string, many: string): string => (n === null ? `many ${many}` : `${n.toLocaleString('en')} ${n === 1 ? one : many}`);
      text.textContent =
        `This graph has ${count(start.totalNodes, 'node', 'nodes')} and ${count(start.totalEdges, 'relationship', 'relationships')}, more than can be read at once. ` +
        `The canvas shows the ${start.overview.nodes.length} best-connected nodes. Search for a node (press /) and expand from there, or draw everything.`;
      element.hidden = false;
      searchInput.focus();
    },
    render(state) {
      if (overview !== null && state.graph.graph !== null && state.graph.graph !== overview) hide();
    },
  };
}
