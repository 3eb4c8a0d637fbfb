/**
 * The details panel: what is selected and why it is in the graph. For a node: kind, aliases, properties and
 * its connections. For an edge: type, endpoints, properties (validFrom, validTo, asOf, status...) and every
 * source quote with its publisher and date, which is the answer to "why is this edge here?".
 */
import type { GraphEdge, GraphNode, NodeDetails, Properties, PropertyValue, Source } from '../../../server/domain/graph-model';
import type { ActionContext, AppState } from '../state/app-state';
import { indexGraph, type GraphIndex } from '../state/graph/graph-state';
import { formatHop } from '../state/paths/path-steps';
import { chooseEdge, chooseNode } from '../state/selection/selection-actions';
import type { Selection, SelectionState } from '../state/selection/selection-state';
import { h, replaceChildren, type Child } from './dom';
import { kindBadge } from './kind-badge';

export interface DetailsPanel {
  readonly element: HTMLElement;
  render(state: AppState): void;
}

// Statuses worth a warning next to the type: the claim is not (or no longer) simply reported.
const CAUTION_STATUSES = new Set(['alleged', 'disputed', 'retracted', 'planned']);

function formatValue(value: PropertyValue): string {
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** Properties as a definition list, in key order so the same edge always reads the same. */
function propertyList(properties: Properties): HTMLElement {
  const keys = Object.keys(properties).sort();
  if (keys.length === 0) return h('p', { className: 'muted' }, 'No properties.');
  const list = h('dl', { className: 'property-list' });
  for (const key of keys) {
    const value = properties[key];
    if (value === undefined) continue;
    list.append(h('dt', {}, key), h('dd', {}, formatValue(value)));
  }
  return list;
}

function section(title: string, ...children: Child[]): HTMLElement {
  return h('section', { className: 'details-section' }, h('h4', { className: 'details-heading' }, title), ...children);
}

function sourceItem(source: Source): HTMLLIElement {
  const date = source.published !== undefined ? h('time', { className: 'source-date', attrs: { datetime: source.published } }, source.published) : null;
  const title = source.title !== undefined ? h('cite', { className: 'source-title' }, source.title) : null;
  return h('li', { className: source.role === 'correction' ? 'source is-correction' : 'source' },
    source.role === 'correction' ? h('span', { className: 'badge badge-warning' }, 'Correction') : null,
    h('blockquote', { className: 'source-quote' }, source.quote),
    h('p', { className: 'source-publisher' }, source.publisher ?? 'Publisher not recorded'),
    date !== null || title !== null ? h('p', { className: 'source-meta' }, date, date !== null && title !== null ? ' · ' : null, title) : null,
    h('p', { className: 'source-document' }, 'Document: ', h('code', {}, source.document)),
  );
}

export function createDetailsPanel(context: ActionContext): DetailsPanel {
  const body = h('div', { className: 'details-body', attrs: { 'aria-live': 'polite' } });
  const element = h('section', { className: 'details', attrs: { 'aria-labelledby': 'details-heading' } },
    h('h2', { className: 'section-heading', attrs: { id: 'details-heading' } }, 'Details'),
    body,
  );

  function nodeLink(node: GraphNode | undefined, fallbackId: string): HTMLElement {
    const button = h('button', { className: 'link-button', attrs: { type: 'button', 'data-node-id': fallbackId } }, node?.name ?? fallbackId);
    button.addEventListener('click', () => void chooseNode(context, fallbackId, { centre: true }));
    return button;
  }

  function renderEdge(edge: GraphEdge, index: GraphIndex): Child[] {
    const source = index.nodesById.get(edge.source);
    const target = index.nodesById.get(edge.target);
    const status = edge.properties['status'];
    return [
      h('p', { className: 'details-eyebrow' }, 'Relationship'),
      h('h3', { className: 'details-title details-type' }, edge.type),
      typeof status === 'string' && CAUTION_STATUSES.has(status) ? h('span', { className: 'badge badge-warning' }, status) : null,
      h('p', { className: 'edge-endpoints' }, nodeLink(source, edge.source), ' ', h('span', { className: 'path-hop' }, formatHop(edge.type, true)), ' ', nodeLink(target, edge.target)),
      section('Properties', propertyList(edge.properties)),
      section(
        edge.sources.length === 1 ? 'Source (1)' : `Sources (${edge.sources.length})`,
        edge.sources.length === 0
          ? h('p', { className: 'muted' }, 'No source is recorded for this edge.')
          : h('ol', { className: 'source-list' }, ...edge.sources.map(sourceItem)),
      ),
    ];
  }

  function connections(details: NodeDetails): HTMLElement {
    if (details.edges.length === 0) return h('p', { className: 'muted' }, 'No connections.');
    const neighbours = new Map(details.neighbors.map((n) => [n.id, n]));
    const list = h('ul', { className: 'connection-list' });
    const sorted = [...details.edges].sort((a, b) => a.type.localeCompare(b.type) || a.id.localeCompare(b.id));
    for (const edge of sorted) {
      const outgoing = edge.source === details.node.id;
      const otherId = outgoing ? edge.target : edge.source;
      const other = neighbours.get(otherId);
      const button = h('button', { className: 'connection-button', attrs: { type: 'button', 'data-edge-id': edge.id } },
        h('span', { className: 'path-hop' }, formatHop(edge.type, outgoing)), ' ',
        h('span', { className: 'path-node' }, other?.name ?? otherId),
      );
      button.addEventListener('click', () => chooseEdge(context, edge, { centre: true }));
      list.appendChild(h('li', {}, button));
    }
    return list;
  }

  function renderNode(selection: Extract<Selection, { kind: 'node' }>, index: GraphIndex): Child[] {
    const node = selection.details?.node ?? index.nodesById.get(selection.id);
    const header: Child[] = node === undefined
      ? [h('p', { className: 'details-eyebrow' }, 'Node'), h('h3', { className: 'details-title' }, selection.id)]
      : [
          h('p', { className: 'details-eyebrow' }, kindBadge(node.kind)),
          h('h3', { className: 'details-title' }, node.name),
          h('p', { className: 'details-id' }, 'id ', h('code', {}, node.id)),
          node.aliases.length > 0 ? h('p', { className: 'details-aliases' }, 'Also known as ', node.aliases.join(', ')) : null,
        ];
    const connectionsBody =
      selection.status === 'loading'
        ? h('p', { className: 'muted' }, 'Loading connections…')
        : selection.status === 'failed' || selection.details === null
          ? h('p', { className: 'muted' }, 'The connections could not be loaded; see the message above.')
          : connections(selection.details);
    const count = selection.details === null ? '' : ` (${selection.details.edges.length})`;
    return [
      ...header,
      node === undefined ? null : section('Properties', propertyList(node.properties)),
      section(`Connections${count}`, connectionsBody),
    ];
  }

  let drawn: SelectionState | null = null;
  let drawnIndex: GraphIndex | null = null;
  return {
    element,
    render(state) {
      const index = indexGraph(state.graph.graph);
      if (state.selection === drawn && index === drawnIndex) return;
      drawn = state.selection;
      drawnIndex = index;
      const current = state.selection.current;
      element.dataset['selection'] = current.kind;
      if (current.kind === 'none') {
        replaceChildren(body, h('p', { className: 'details-empty' },
          'Click a node or an edge in the graph, or find one by name, to see what it is and the sources behind it.'));
      } else if (current.kind === 'edge') {
        replaceChildren(body, ...renderEdge(current.edge, index));
      } else {
        replaceChildren(body, ...renderNode(current, index));
      }
      body.scrollTop = 0;
    },
  };
}
