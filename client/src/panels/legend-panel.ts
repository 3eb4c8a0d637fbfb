/**
 * The legend, which is also a filter: each node kind on the canvas (drawn as on the canvas, with its count)
 * and each edge category (its colour), as toggle buttons; a kind or category switched off is taken off
 * the drawing until it is switched on again. Below them, the key to claim statuses (retracted, disputed,
 * alleged, planned) drawn as on the canvas, with how many of each are drawn. Every count is of what is drawn
 * (after the year, hides and the legend's own switches); a switched-off entry counts what switching it on
 * would bring back.
 */
import type { AppState } from '../state/app-state';
import type { Graph } from '../../../server/domain/graph-model';
import { categoryIndex, drawnEdgesOf, selectDrawnGraph, selectYearGraph } from '../state/canvas/drawn-graph';
import { toggleCategory, toggleKind } from '../state/filters/filters-state';
import type { Store } from '../state/store';
import { colorForCategory, statusLineStyle, STYLED_STATUSES } from '../view/styles';
import { h, replaceChildren } from './dom';
import { kindBadge } from './kind-badge';

export interface LegendPanel {
  readonly element: HTMLElement;
  render(state: AppState): void;
}

/** Kinds and their node counts, most numerous first, then by name. */
export function countKinds(graph: Graph): [string, number][] {
  const counts = new Map<string, number>();
  for (const node of graph.nodes) counts.set(node.kind, (counts.get(node.kind) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** Categories and their edge counts on `graph`, most numerous first. */
export function countCategories(graph: Graph, categories: ReadonlyMap<string, string>): [string, number][] {
  const counts = new Map<string, number>();
  for (const edge of graph.edges) {
    const category = categories.get(edge.type) ?? 'other';
    counts.set(category, (counts.get(category) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** Claims per styled status on `graph`, in STYLED_STATUSES order (zero included, so the key is complete). */
export function countStatuses(graph: Graph): [string, number][] {
  return STYLED_STATUSES.map((status) => [status, graph.edges.filter((e) => e.properties.status === status).length]);
}

export function createLegendPanel(store: Store<AppState>): LegendPanel {
  const kindList = h('ul', { className: 'legend-list', attrs: { 'aria-label': 'Node kinds: press to hide or show' } });
  const categoryList = h('ul', { className: 'legend-list', attrs: { 'aria-label': 'Edge categories: press to hide or show' } });
  const statusList = h('ul', { className: 'legend-list legend-statuses', attrs: { 'aria-label': 'Claim statuses as drawn' } });
  const element = h('section', { className: 'panel-section', attrs: { 'aria-labelledby': 'legend-heading' } },
    h('h2', { className: 'section-heading', attrs: { id: 'legend-heading' } }, 'Legend · filter'),
    h('h3', { className: 'legend-subheading' }, 'Kinds'),
    kindList,
    h('h3', { className: 'legend-subheading' }, 'Edge categories'),
    categoryList,
    h('h3', { className: 'legend-subheading' }, 'Claim status'),
    statusList,
  );
  let drawnKey: readonly unknown[] = [];

  function toggleButton(label: HTMLElement, count: number, shown: boolean, onToggle: () => void, data: Record<string, string>): HTMLLIElement {
    const title = shown ? `${count} drawn; press to hide` : `Switched off: ${count} would be drawn; press to show`;
    const button = h('button', { className: shown ? 'legend-toggle' : 'legend-toggle is-off', attrs: { type: 'button', 'aria-pressed': String(shown), title, ...data } },
      label, h('span', { className: 'legend-count' }, count));
    button.addEventListener('click', onToggle);
    return h('li', { className: 'legend-item' }, button);
  }

  return {
    element,
    render(state) {
      // What is drawn, and the year's canvas before the legend's switches (what a switched-off entry would bring back).
      const drawnGraph = selectDrawnGraph(state);
      const yearGraph = selectYearGraph(state);
      const key = [drawnGraph, yearGraph, state.filters.hiddenKinds, state.filters.hiddenCategories, state.graph.vocabulary];
      if (key.every((k, i) => k === drawnKey[i])) return;
      drawnKey = key;
      element.hidden = state.graph.graph === null || state.graph.graph.nodes.length === 0;
      if (drawnGraph === null || yearGraph === null) return;
      const graph = { nodes: drawnGraph.nodes, edges: drawnEdgesOf(drawnGraph) };
      const categoryOf = categoryIndex(state.graph.vocabulary);
      const offKinds = new Set(state.filters.hiddenKinds);
      const offCategories = new Set(state.filters.hiddenCategories);
      // A kind switched off brings back its nodes of the year; a category its relationships between drawn nodes.
      const drawnIds = new Set(graph.nodes.map((n) => n.id));
      const comeBack: Graph = {
        nodes: yearGraph.nodes.filter((n) => offKinds.has(n.kind)),
        edges: yearGraph.edges.filter((e) => offCategories.has(categoryOf.get(e.type) ?? 'other') && drawnIds.has(e.source) && drawnIds.has(e.target)),
      };
      // Listed in the year's order, which a switch does not change, so entries never jump under the pointer.
      const drawnKinds = new Map([...countKinds(graph), ...countKinds(comeBack)]);
      const kinds = countKinds(yearGraph).map(([kind]): [string, number] => [kind, drawnKinds.get(kind) ?? 0]);
      // A kind switched off stays listed, so it can be switched on again.
      for (const kind of state.filters.hiddenKinds) if (!kinds.some(([k]) => k === kind)) kinds.push([kind, 0]);
      replaceChildren(kindList, ...kinds.map(([kind, count]) =>
        toggleButton(kindBadge(kind), count, !state.filters.hiddenKinds.includes(kind), () => store.update(toggleKind(kind)), { 'data-kind': kind })));
      const drawnCategories = new Map([...countCategories(graph, categoryOf), ...countCategories(comeBack, categoryOf)]);
      const categories = countCategories(yearGraph, categoryOf).map(([category]): [string, number] => [category, drawnCategories.get(category) ?? 0]);
      for (const category of state.filters.hiddenCategories) if (!categories.some(([c]) => c === category)) categories.push([category, 0]);
      replaceChildren(categoryList, ...categories.map(([category, count]) => {
        const swatch = h('span', { className: 'category-swatch', attrs: { 'aria-hidden': 'true' } });
        swatch.style.backgroundColor = colorForCategory(category);
        return toggleButton(h('span', { className: 'kind-badge' }, swatch, h('span', { className: 'kind-name' }, category)), count,
          !state.filters.hiddenCategories.includes(category), () => store.update(toggleCategory(category)), { 'data-category': category });
      }));
      replaceChildren(statusList, ...countStatuses(graph).map(([status, count]) => {
        const line = statusLineStyle(status);
        const swatch = h('span', { className: 'status-swatch', attrs: { 'aria-hidden': 'true' } });
        swatch.style.borderTop = `3px ${line.style} ${line.color}`;
        return h('li', { className: 'legend-item legend-status', attrs: { 'data-status': status } },
          h('span', { className: 'kind-badge' }, swatch, h('span', { className: 'kind-name' }, status === 'retracted' ? 'retracted ⊣' : status)),
          h('span', { className: 'legend-count' }, count));
      }));
    },
  };
}
