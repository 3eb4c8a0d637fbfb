/**
 * The "Find a node" box: choosing a suggestion selects the node, shows its details and centres it; a node
 * not on the canvas (after a path or console result) is brought onto it with its first neighbours. A passage
 * of a document's text opens that document's view at the passage.
 */
import type { DocumentPassage } from '../../../server/domain/graph-model';
import type { ActionContext } from '../state/app-state';
import { showError } from '../state/messages/messages-state';
import { expandNode } from '../state/canvas/canvas-actions';
import { chooseEdgeById, chooseNode } from '../state/selection/selection-actions';
import { h } from './dom';
import { createNodePicker } from './node-picker';

export interface SearchPanel {
  readonly element: HTMLElement;
}

export interface SearchPanelOptions {
  /** Opens the document view at a passage of its text ("In the documents"); without it those are not listed. */
  readonly openDocumentPassage?: (passage: DocumentPassage) => void;
}

export function createSearchPanel(context: ActionContext, options: SearchPanelOptions = {}): SearchPanel {
  const picker = createNodePicker({
    api: context.api,
    id: 'search-input',
    label: 'Find a node or a quote',
    placeholder: 'Name, alias or words of a quote, e.g. Dushanbe',
    clearOnChoose: false,
    onChoose: (node) => {
      const drawn = context.store.get().graph.graph?.nodes.some((n) => n.id === node.id) ?? false;
      void (drawn ? Promise.resolve() : expandNode(context, node.id)).then(() => chooseNode(context, node.id, { centre: true }));
    },
    onChoosePassage: (passage) => {
      // The relationship's ends go on the canvas first, so the selected edge is drawn, not only described.
      const drawn = context.store.get().graph.graph?.nodes.some((n) => n.id === passage.source) ?? false;
      void (drawn ? Promise.resolve() : expandNode(context, passage.source)).then(() => chooseEdgeById(context, passage.edge, passage.source));
    },
    ...(options.openDocumentPassage !== undefined ? { onChooseDocumentPassage: options.openDocumentPassage } : {}),
    onError: (error) => context.store.update(showError('Search failed', error)),
  });
  const element = h('section', { className: 'panel-section', attrs: { 'aria-labelledby': 'search-heading' } },
    h('h2', { className: 'section-heading', attrs: { id: 'search-heading' } }, 'Search'),
    picker.element,
  );
  return { element };
}
