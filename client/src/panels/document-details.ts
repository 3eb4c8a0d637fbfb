/**
 * The details of a source document the console drew: its catalogue entry (publisher, title, author, date,
 * address) and the relationships on the canvas whose evidence it is. A document is not an entity, so it has
 * no connections to expand: what links it to the graph is the claims that cite it.
 */
import type { GraphEdge, GraphNode } from '../../../server/domain/graph-model';
import type { GraphIndex } from '../state/graph/graph-state';
import { formatHop } from '../state/paths/path-steps';
import { claimsQuery } from '../state/console/document-queries';
import { h, type Child } from './dom';
import { kindSwatch } from './kind-badge';

/** Only web addresses become links: a stored `javascript:` URL must never be one click away. */
function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

const text = (node: GraphNode, key: string): string | null => {
  const value = node.properties[key];
  return typeof value === 'string' && value.length > 0 ? value : null;
};

export interface DocumentDetailsActions {
  /** Opens a relationship that cites the document. */
  openEdge(edge: GraphEdge): void;
  /** Runs claimsQuery in the console. */
  showClaims(query: string): void;
  /** The node actions (pin, hide, remove). */
  readonly nodeActions: Child;
}

/** The document's panel content. */
export function documentDetails(node: GraphNode, index: GraphIndex, actions: DocumentDetailsActions): Child[] {
  const url = text(node, 'url');
  const href = url === null ? null : safeHref(url);
  const published = text(node, 'published');
  const inferred = node.properties['publishedInferred'] === true;
  const note = text(node, 'publishedNote');
  const facts: Array<[string, Child]> = [
    ['Publisher', text(node, 'publisher') ?? 'Not recorded'],
    ['Author', text(node, 'author')],
    ['Published', published === null ? 'Not recorded' : h('time', { attrs: { datetime: published } }, published, inferred ? ' (inferred)' : '')],
    ['Date note', note],
    ['Address', url === null ? null : href === null ? url : h('a', { attrs: { href, target: '_blank', rel: 'noopener noreferrer' } }, url)],
  ];
  const citing = [...index.edgesById.values()].filter((e) => e.sources.some((s) => s.document === node.id));
  const list = h('ul', { className: 'connection-list' });
  for (const edge of citing.sort((a, b) => a.type.localeCompare(b.type) || a.id.localeCompare(b.id))) {
    const button = h('button', { className: 'connection-button', attrs: { type: 'button', 'data-edge-id': edge.id } },
      h('span', { className: 'path-node' }, index.nodesById.get(edge.source)?.name ?? edge.source), ' ',
      h('span', { className: 'path-hop' }, formatHop(edge.type, true)), ' ',
      h('span', { className: 'path-node' }, index.nodesById.get(edge.target)?.name ?? edge.target));
    button.addEventListener('click', () => actions.openEdge(edge));
    list.appendChild(h('li', {}, button));
  }
  const query = claimsQuery(node.id);
  const showClaims = h('button', { className: 'button-quiet button-small', attrs: { type: 'button', 'data-action': 'document-claims', title: query } }, 'Show the claims it supports');
  showClaims.addEventListener('click', () => actions.showClaims(query));
  return [
    h('p', { className: 'details-eyebrow' }, h('span', { className: 'kind-badge' }, kindSwatch(node.kind), h('span', { className: 'kind-name' }, 'Source document'))),
    h('h3', { className: 'details-title' }, h('cite', {}, node.name)),
    h('p', { className: 'details-id' }, 'id ', h('code', {}, node.id)),
    actions.nodeActions,
    h('section', { className: 'details-section' },
      h('h4', { className: 'details-heading' }, 'Catalogue'),
      h('dl', { className: 'property-list document-facts' }, ...facts.filter(([, v]) => v !== null).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))),
    h('section', { className: 'details-section' },
      h('h4', { className: 'details-heading' }, `Evidence for relationships on the canvas (${citing.length})`),
      citing.length === 0 ? h('p', { className: 'muted' }, 'None of the relationships drawn now cites this document.') : list,
      showClaims),
  ];
}
