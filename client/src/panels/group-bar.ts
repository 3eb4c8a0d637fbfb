/**
 * The selection bar: shown over the canvas while nodes or relationships are selected together (box, lasso,
 * Ctrl+click, "Select all"), with what a user does to several at once: hide, expand, export exactly these
 * elements in a chosen format, or clear the selection.
 */
import { EXPORT_FORMATS, type ExportFormat } from '../api/api-client';
import type { ActionContext, AppState } from '../state/app-state';
import { hideNodes } from '../state/canvas/canvas-state';
import { selectDrawnGraph } from '../state/canvas/drawn-graph';
import { exportGroup, expandGroup } from '../state/group/group-actions';
import { clearGroup, drawnGroup } from '../state/group/group-selection';
import { h } from './dom';
import { saveBlob } from './export-menu';

const FORMAT_NAMES: Record<ExportFormat, string> = {
  json: 'JSON',
  cytoscape: 'Cytoscape.js JSON',
  graphml: 'GraphML',
  gexf: 'GEXF',
  csv: 'CSV (zip)',
  cypher: 'Cypher script',
};

export function createGroupBar(context: ActionContext): { element: HTMLElement; render(state: AppState): void } {
  const { store } = context;
  const summary = h('span', { className: 'group-summary', attrs: { id: 'group-summary', 'aria-live': 'polite' } });
  const button = (id: string, label: string, run: () => void): HTMLButtonElement => {
    const b = h('button', { className: 'tool-button', attrs: { type: 'button', id } }, label);
    b.addEventListener('click', run);
    return b;
  };
  const format = h('select', { attrs: { id: 'group-export-format', 'aria-label': 'Export format of the selection' } },
    ...EXPORT_FORMATS.map((f) => h('option', { attrs: { value: f } }, FORMAT_NAMES[f])));
  const bar = h('div', { className: 'group-bar', attrs: { id: 'group-bar', role: 'toolbar', 'aria-label': 'Selected elements' } },
    summary,
    button('group-hide', 'Hide', () => {
      const state = store.get();
      const group = drawnGroup(state.group, selectDrawnGraph(state));
      store.update(hideNodes([...group.nodes, ...group.edges]));
      store.update(clearGroup);
    }),
    button('group-expand', 'Expand', () => void expandGroup(context)),
    button('group-clear', 'Clear', () => store.update(clearGroup)),
    format,
    button('group-export', 'Export', () => {
      void exportGroup(context, format.value as ExportFormat).then((file) => {
        if (file !== null) saveBlob(file.blob, file.filename);
      });
    }),
  );
  bar.hidden = true;
  let shown: unknown = null;
  return {
    element: bar,
    render(state) {
      const drawn = selectDrawnGraph(state);
      const key = [state.group, drawn];
      if (Array.isArray(shown) && shown[0] === key[0] && shown[1] === key[1]) return;
      shown = key;
      const group = drawnGroup(state.group, drawn);
      const empty = group.nodes.length === 0 && group.edges.length === 0;
      bar.hidden = empty;
      if (empty) return;
      const n = group.nodes.length;
      const e = group.edges.length;
      summary.textContent = `Selected: ${n} node${n === 1 ? '' : 's'}, ${e} relationship${e === 1 ? '' : 's'}`;
    },
  };
}
