/**
 * The server's status in the header (engine, counts, degraded or not) and the notice over the canvas while
 * the graph loads, when it failed, or when it is empty.
 */
import type { EngineName } from '../../../server/domain/graph-model';
import type { AppState } from '../state/app-state';
import type { GraphState } from '../state/graph/graph-state';
import { h, replaceChildren } from './dom';

const ENGINE_LABELS: Record<EngineName, string> = {
  embedded: 'Embedded · Kuzu',
  neo4j: 'Neo4j',
};

export interface StatusPanel {
  render(state: AppState): void;
}

/** Renders into the header's status slot and the canvas overlay. */
export function createStatusPanel(headerSlot: HTMLElement, overlay: HTMLElement): StatusPanel {
  let drawn: GraphState | null = null;
  return {
    render(state) {
      if (state.graph === drawn) return;
      drawn = state.graph;
      const { health, graph, status } = state.graph;

      if (health === null) {
        replaceChildren(headerSlot, h('span', { className: 'engine-badge is-unknown' }, 'Connecting…'));
      } else {
        const counts = health.nodes !== null && health.edges !== null ? `${health.nodes} nodes · ${health.edges} edges` : null;
        replaceChildren(headerSlot,
          h('span', { className: `engine-badge is-${health.status}`, attrs: { 'data-engine': health.engine, title: health.message ?? `Engine status: ${health.status}` } },
            h('span', { className: 'status-dot', attrs: { 'aria-hidden': 'true' } }),
            ENGINE_LABELS[health.engine] ?? health.engine,
          ),
          health.status === 'degraded' ? h('span', { className: 'header-warning' }, health.message ?? 'The engine is degraded.') : null,
          health.status === 'starting' ? h('span', { className: 'header-warning' }, 'Starting: preparing the graph…') : null,
          counts !== null ? h('span', { className: 'header-counts' }, counts) : null,
        );
      }

      let notice: string | null = null;
      if (health?.status === 'starting' && graph === null) notice = 'The server is preparing the graph (first start); it appears here when ready.';
      else if (status === 'loading' || status === 'idle') notice = 'Loading the graph…';
      else if (status === 'failed') notice = 'The graph could not be loaded.';
      else if (graph !== null && graph.nodes.length === 0) notice = 'The graph is empty: seed it with npm run seed.';
      overlay.hidden = notice === null;
      overlay.textContent = notice ?? '';
    },
  };
}
