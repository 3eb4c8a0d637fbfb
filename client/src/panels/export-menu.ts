/**
 * The Export menu: PNG and SVG of the view and JSON of the drawn subgraph, made in the browser; and the
 * server's formats (JSON, Cytoscape.js, GraphML, GEXF, CSV, Cypher) for the whole graph, the current view
 * (its drawn node and relationship ids), the selected node's neighbourhood or the traced paths, downloaded from /api/export.
 */
import { EXPORT_FORMATS, type ExportFormat, type ExportScope } from '../api/api-client';
import type { Graph } from '../../../server/domain/graph-model';
import type { ActionContext } from '../state/app-state';
import { drawnEdgesOf, selectDrawnGraph } from '../state/canvas/drawn-graph';
import { showError } from '../state/messages/messages-state';
import { PATH_LIMIT } from '../state/paths/paths-actions';
import type { CytoscapeView } from '../view/cytoscape-view';
import { h } from './dom';

const FORMAT_LABELS: Record<ExportFormat, string> = {
  json: 'JSON',
  cytoscape: 'Cytoscape.js JSON',
  graphml: 'GraphML',
  gexf: 'GEXF',
  csv: 'CSV (neo4j-admin, zip)',
  cypher: 'Cypher script',
};

const SCOPES = ['view', 'selection', 'paths', 'all'] as const;
type ScopeName = (typeof SCOPES)[number];
const SCOPE_LABELS: Record<ScopeName, string> = {
  view: 'Current view',
  selection: 'Selected node and neighbours',
  paths: 'Traced paths',
  all: 'Whole graph',
};

/** Saves `blob` as `filename` through a temporary link (the browser's download). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = h('a', { attrs: { href: url, download: filename } });
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked later, not at once: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The drawn view as a server export: its nodes and exactly its drawn relationships, not every relationship
 * among those nodes (a year, a switched-off category or a hidden node leaves some out); null when nothing is drawn.
 */
export function viewScope(drawn: Graph): ExportScope | null {
  if (drawn.nodes.length === 0) return null;
  return { kind: 'nodes', ids: drawn.nodes.map((n) => n.id), edgeIds: drawnEdgesOf(drawn).map((e) => e.id) };
}

export function createExportMenu(context: ActionContext, view: CytoscapeView): { element: HTMLElement } {
  const { store, api } = context;

  function scopeOf(name: ScopeName): ExportScope | null {
    const state = store.get();
    if (name === 'all') return { kind: 'all' };
    if (name === 'view') {
      const drawn = selectDrawnGraph(state);
      return drawn === null ? null : viewScope(drawn);
    }
    if (name === 'selection') {
      const selected = state.selection.current;
      if (selected.kind === 'node') return { kind: 'focus', focus: selected.id, query: { depth: 1, year: state.filters.year ?? undefined } };
      if (selected.kind === 'edge') return { kind: 'nodes', ids: [selected.edge.source, selected.edge.target], edgeIds: [selected.edge.id] };
      return null;
    }
    const query = state.paths.query;
    if (query === null) return null;
    return {
      kind: 'paths',
      query: {
        from: query.from.id, to: query.to.id, maxHops: query.maxHops, types: query.types, categories: query.categories,
        direction: query.direction, year: query.year ?? undefined, limit: PATH_LIMIT,
      },
    };
  }

  async function downloadServer(format: ExportFormat, scopeName: ScopeName): Promise<void> {
    const scope = scopeOf(scopeName);
    if (scope === null) {
      store.update(showError('Nothing to export', new Error(`There is no ${SCOPE_LABELS[scopeName].toLowerCase()} to export yet.`)));
      return;
    }
    try {
      const { blob, filename } = await api.downloadExport(format, scope);
      saveBlob(blob, filename);
    } catch (error) {
      store.update(showError(`Could not export ${FORMAT_LABELS[format]}`, error));
    }
  }

  const item = (label: string, id: string, run: () => void): HTMLLIElement => {
    const button = h('button', { className: 'menu-item', attrs: { type: 'button', role: 'menuitem', id } }, label);
    button.addEventListener('click', () => {
      menu.open = false;
      run();
    });
    return h('li', { attrs: { role: 'none' } }, button);
  };

  const scopeSelect = h('select', { attrs: { id: 'export-scope', 'aria-label': 'What to export from the server' } },
    ...SCOPES.map((scope) => h('option', { attrs: { value: scope } }, SCOPE_LABELS[scope])));

  const menu = h('details', { className: 'export-menu', attrs: { id: 'export-menu' } },
    h('summary', { className: 'tool-button' }, 'Export ▾'),
    h('div', { className: 'menu-popover' },
      h('p', { className: 'menu-heading' }, 'The view, made here'),
      h('ul', { className: 'menu-list', attrs: { role: 'menu' } },
        item('PNG image of the view', 'export-png', () => saveBlob(view.exportPng(), 'multivector-view.png')),
        item('SVG image of the view', 'export-svg', () => saveBlob(new Blob([view.exportSvg()], { type: 'image/svg+xml' }), 'multivector-view.svg')),
        item('JSON of the drawn subgraph', 'export-drawn-json', () => {
          const drawn = selectDrawnGraph(store.get()) ?? { nodes: [], edges: [] };
          saveBlob(new Blob([JSON.stringify(drawn, null, 2)], { type: 'application/json' }), 'multivector-view.json');
        }),
      ),
      h('p', { className: 'menu-heading' }, 'From the server'),
      h('label', { className: 'menu-scope' }, 'Of ', scopeSelect),
      h('ul', { className: 'menu-list', attrs: { role: 'menu' } },
        ...EXPORT_FORMATS.map((format) =>
          item(FORMAT_LABELS[format], `export-server-${format}`, () => void downloadServer(format, scopeSelect.value as ScopeName)))),
    ),
  );
  return { element: menu };
}
