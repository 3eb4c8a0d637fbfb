/**
 * The server's status in the header (engine, degraded or not, and what is drawn of what is stored) and the
 * notice over the canvas while the graph loads, when it failed, or when it is empty. The counts are of the
 * drawn elements, so they follow hides, the legend's switches and the year as the picture does.
 */
import { DOCUMENT_KIND } from '../../../server/domain/document-kind';
import type { EngineName } from '../../../server/domain/graph-model';
import type { AppState } from '../state/app-state';
import { drawnEdgesOf, selectDrawnGraph } from '../state/canvas/drawn-graph';
import type { Graph } from '../../../server/domain/graph-model';
import { h, replaceChildren } from './dom';

const ENGINE_LABELS: Record<EngineName, string> = {
  embedded: 'Embedded · Kuzu',
  neo4j: 'Neo4j',
};

export interface StatusPanel {
  render(state: AppState): void;
}

/**
 * "12 of 310 nodes · 5 of 612 edges" (drawn of stored), or the stored totals before anything is drawn. The
 * stored count is of entities, so source documents the console drew are counted apart ("· 1 document"),
 * never as a 311th of 310 nodes.
 */
export function countsText(drawn: Graph | null, storedNodes: number, storedEdges: number): string {
  if (drawn === null) return `${storedNodes} nodes · ${storedEdges} edges`;
  const documents = drawn.nodes.filter((n) => n.kind === DOCUMENT_KIND).length;
  const entities = drawn.nodes.length - documents;
  const documentsText = documents === 0 ? '' : ` · ${documents} document${documents === 1 ? '' : 's'}`;
  return `${entities} of ${storedNodes} nodes · ${drawnEdgesOf(drawn).length} of ${storedEdges} edges${documentsText}`;
}

/** Renders into the header's status slot and the canvas overlay. */
export function createStatusPanel(headerSlot: HTMLElement, overlay: HTMLElement): StatusPanel {
  let drawnKey: readonly unknown[] = [];
  return {
    render(state) {
      const drawnGraph = selectDrawnGraph(state);
      const key = [state.graph, drawnGraph];
      if (key.every((k, i) => k === drawnKey[i])) return;
      drawnKey = key;
      const { health, graph, status } = state.graph;

      if (health === null) {
        replaceChildren(headerSlot, h('span', { className: 'engine-badge is-unknown' }, 'Connecting…'));
      } else {
        const counts = health.nodes !== null && health.edges !== null ? countsText(drawnGraph, health.nodes, health.edges) : null;
        replaceChildren(headerSlot,
          h('span', { className: `engine-badge is-${health.status}`, attrs: { 'data-engine': health.engine, title: health.message ?? `Engine status: ${health.status}` } },
            h('span', { className: 'status-dot', attrs: { 'aria-hidden': 'true' } }),
            ENGINE_LABELS[health.engine] ?? health.engine,
          ),
          health.status === 'degraded' ? h('span', { className: 'header-warning' }, health.message ?? 'The engine is degraded.') : null,
          health.status === 'starting' ? h('span', { className: 'header-warning' }, 'Starting: preparing the graph…') : null,
          counts !== null
            ? h('span', { className: 'header-counts', attrs: { title: drawnGraph === null ? 'Stored in the graph' : 'Drawn on the canvas, of those stored in the graph' } }, counts)
            : null,
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
