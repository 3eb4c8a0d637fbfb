/** The legend: each node kind present in the graph, drawn as on the canvas, with how many nodes it has. */
import type { AppState } from '../state/app-state';
import type { Graph } from '../../../server/domain/graph-model';
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

export function createLegendPanel(): LegendPanel {
  const list = h('ul', { className: 'legend-list' });
  const element = h('section', { className: 'panel-section', attrs: { 'aria-labelledby': 'legend-heading' } },
    h('h2', { className: 'section-heading', attrs: { id: 'legend-heading' } }, 'Kinds'),
    list,
  );
  let drawn: Graph | null = null;
  return {
    element,
    render(state) {
      const graph = state.graph.graph;
      if (graph === drawn) return;
      drawn = graph;
      element.hidden = graph === null || graph.nodes.length === 0;
      if (graph === null) return;
      replaceChildren(list, ...countKinds(graph).map(([kind, count]) =>
        h('li', { className: 'legend-item' }, kindBadge(kind), h('span', { className: 'legend-count' }, count)),
      ));
    },
  };
}
