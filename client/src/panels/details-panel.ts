/**
 * The details panel: what is selected and why it is in the graph. For a node: kind, aliases, properties and
 * its connections. For an edge: type, endpoints, properties (validFrom, validTo, asOf, status...) and every
 * source quote with its publisher and date, which is the answer to "why is this edge here?". A source
 * document the console drew shows its catalogue entry (document-details.ts).
 */
import type { GraphEdge, GraphNode, NodeDetails, Properties, PropertyValue, Source } from '../../../server/domain/graph-model';
import { DOCUMENT_KIND } from '../../../server/domain/document-kind';
import { CREDIBILITY_MEANING, parseGrade, RELIABILITY_MEANING, SOURCE_GRADES_KEY } from '../../../server/domain/admiralty-code';
import type { ActionContext, AppState } from '../state/app-state';
import { expandNode, DEFAULT_EXPAND_CAP } from '../state/canvas/canvas-actions';
import { hideNodes, removeNodes, setLayout, togglePin } from '../state/canvas/canvas-state';
import { describeValidity, horizonOf, selectValidities } from '../state/canvas/drawn-graph';
import { formatQuantities } from './format-quantity';
import { indexGraph, type GraphIndex } from '../state/graph/graph-state';
import { formatHop } from '../state/paths/path-steps';
import { chooseEdge, chooseNode } from '../state/selection/selection-actions';
import type { Selection, SelectionState } from '../state/selection/selection-state';
import { h, replaceChildren, type Child } from './dom';
import { kindBadge } from './kind-badge';
import { documentDetails } from './document-details';
import { runConsoleQuery } from '../state/console/console-actions';
import { setConsoleOpen } from '../state/console/console-state';

export interface DetailsPanel {
  readonly element: HTMLElement;
  render(state: AppState): void;
}

// Statuses worth a warning next to the type: the claim is not (or no longer) simply reported.
const CAUTION_STATUSES = new Set(['alleged', 'disputed', 'retracted', 'planned']);
// Properties that say when a claim held; shown together under "Time" rather than among the others.
const TIME_KEYS = ['validFrom', 'validTo', 'asOf', 'date'];
// The hedge of a figure ("about", "more than") is read with the figure, under "Quantities".
const QUANTITY_TEXT_KEYS = ['quantityQualifier'];
// Properties that are quantities (numbers with units in the vocabulary), shown under "Quantities".
const isQuantity = (value: PropertyValue): boolean => typeof value === 'number' || (Array.isArray(value) && value.every((v) => typeof v === 'number'));

/** A plain sentence for a status that changes how far the claim can be trusted. */
export function statusSentence(status: string): string {
  switch (status) {
    case 'alleged':
      return 'Alleged: reported as a claim, not confirmed.';
    case 'disputed':
      return 'Disputed: the sources disagree about this.';
    case 'retracted':
      return 'Retracted: a later source withdrew or corrected this claim.';
    case 'planned':
      return 'Planned: announced, not (yet) carried out.';
    default:
      return `Status: ${status}.`;
  }
}

function formatValue(value: PropertyValue): string {
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** Properties as a definition list, in key order so the same edge always reads the same. */
function propertyList(properties: Properties, empty = 'No properties.'): HTMLElement {
  const keys = Object.keys(properties).sort();
  if (keys.length === 0) return h('p', { className: 'muted' }, empty);
  const list = h('dl', { className: 'property-list' });
  for (const key of keys) {
    const value = properties[key];
    if (value === undefined) continue;
    list.append(h('dt', {}, key), h('dd', {}, formatValue(value)));
  }
  return list;
}

/** The grade of the edge's i-th source, from its `sourceGrades` (one per source). */
function gradeAt(edge: GraphEdge, i: number): string | undefined {
  const grades = edge.properties[SOURCE_GRADES_KEY];
  return Array.isArray(grades) && typeof grades[i] === 'string' ? grades[i] : undefined;
}

function pick(properties: Properties, keep: (key: string, value: PropertyValue) => boolean): Properties {
  return Object.fromEntries(Object.entries(properties).filter(([key, value]) => keep(key, value)));
}

function section(title: string, ...children: Child[]): HTMLElement {
  return h('section', { className: 'details-section' }, h('h4', { className: 'details-heading' }, title), ...children);
}

/** The source's Admiralty grade ("B2") as a badge whose tooltip spells it out, or null when it has none. */
function gradeBadge(grade: string | undefined): HTMLElement | null {
  const parsed = grade === undefined ? null : parseGrade(grade);
  if (parsed === null) return null;
  const meaning = `Admiralty grade ${grade}: publisher ${RELIABILITY_MEANING[parsed.reliability]}, information ${CREDIBILITY_MEANING[parsed.credibility]}`;
  return h('span', { className: 'badge source-grade', attrs: { title: meaning, 'aria-label': meaning } }, `Grade ${grade}`);
}

function sourceItem(source: Source, grade: string | undefined): HTMLLIElement {
  const date = source.published !== undefined ? h('time', { className: 'source-date', attrs: { datetime: source.published } }, source.published) : null;
  const title = source.title !== undefined ? h('cite', { className: 'source-title' }, source.title) : null;
  return h('li', { className: source.role === 'correction' ? 'source is-correction' : 'source' },
    source.role === 'correction' ? h('span', { className: 'badge badge-warning' }, 'Correction') : null,
    gradeBadge(grade),
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

  /** When the claim held, and what ended it or will: a stated end, a later figure, or no new evidence. */
  function timeSection(edge: GraphEdge, index: GraphIndex, state: AppState): HTMLElement {
    const horizon = horizonOf(state.graph.vocabulary);
    const { years, note } = describeValidity(edge, index.nodesById, selectValidities(state).get(edge.id), horizon);
    const retracted = note === 'retracted';
    const main = retracted
      ? `Retracted${years.length > 0 ? `: it was claimed for ${years}` : ''}; it holds in no year.`
      : years.length > 0 ? years : 'No dates: the claim is not tied to a time.';
    let detail: string | null = null;
    if (note !== null && note.startsWith('superseded')) detail = `Superseded by a later figure of the same quantity in ${note.slice('superseded '.length)}.`;
    else if (note !== null && note.startsWith('last evidence')) {
      const last = Number(note.slice('last evidence '.length));
      detail = `Last evidence ${last}; unless a source reconfirms it, it fades out after ${last + horizon} (evidence horizon ${horizon} years).`;
    }
    return section('Time',
      h('p', { className: retracted ? 'edge-time is-retracted' : 'edge-time' }, main),
      detail === null ? null : h('p', { className: 'edge-time-note muted' }, detail),
      propertyList(pick(edge.properties, (key) => TIME_KEYS.includes(key)), ''));
  }

  /** Figures with their units ("US$300 million"), ranges joined, the hedge in front. */
  function quantitySection(edge: GraphEdge): HTMLElement {
    const rows = formatQuantities(edge.properties);
    if (rows.length === 0) return section('Quantities', h('p', { className: 'muted' }, 'No quantities.'));
    return section('Quantities', h('dl', { className: 'property-list quantity-list' }, ...rows.flatMap(([label, text]) => [h('dt', {}, label), h('dd', {}, text)])));
  }

  function renderEdge(edge: GraphEdge, index: GraphIndex, state: AppState): Child[] {
    const source = index.nodesById.get(edge.source);
    const target = index.nodesById.get(edge.target);
    const status = edge.properties['status'];
    return [
      h('p', { className: 'details-eyebrow' }, 'Relationship'),
      h('h3', { className: 'details-title details-type' }, edge.type),
      typeof status === 'string' && CAUTION_STATUSES.has(status)
        ? h('p', { className: `status-banner status-${status}`, attrs: { role: 'note' } }, h('span', { className: 'badge badge-warning' }, status), ' ', statusSentence(status))
        : null,
      h('p', { className: 'edge-endpoints' }, nodeLink(source, edge.source), ' ', h('span', { className: 'path-hop' }, formatHop(edge.type, true)), ' ', nodeLink(target, edge.target)),
      timeSection(edge, index, state),
      quantitySection(edge),
      section('Properties', propertyList(pick(edge.properties, (key, value) => !TIME_KEYS.includes(key) && !QUANTITY_TEXT_KEYS.includes(key) && key !== SOURCE_GRADES_KEY && !isQuantity(value)))),
      section(
        edge.sources.length === 1 ? 'Source (1)' : `Sources (${edge.sources.length})`,
        edge.sources.length === 0
          ? h('p', { className: 'muted' }, 'No source is recorded for this edge.')
          : h('ol', { className: 'source-list' }, ...edge.sources.map((s, i) => sourceItem(s, gradeAt(edge, i)))),
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
    if (node?.kind === DOCUMENT_KIND) {
      return documentDetails(node, index, {
        openEdge: (edge) => chooseEdge(context, edge, { centre: true }),
        showClaims: (query) => {
          context.store.update(setConsoleOpen(true));
          void runConsoleQuery(context, query);
        },
        nodeActions: documentActions(node.id),
      });
    }
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
      nodeActions(selection.id, selection.details),
      node === undefined ? null : section('Properties', propertyList(node.properties)),
      section(`Connections${count}`, connectionsBody),
    ];
  }

  // The expand choices outlive a re-render (details arriving, a pin), so the user's cap is not reset under them.
  const expandChoice = { type: '', direction: 'any', cap: String(DEFAULT_EXPAND_CAP) };

  /** A document has nothing to expand: pin, hide and remove. */
  function documentActions(id: string): HTMLElement {
    const pinned = context.store.get().canvas.pinned.includes(id);
    const action = (label: string, title: string, run: () => void, name: string): HTMLButtonElement => {
      const button = h('button', { className: 'button-quiet button-small', attrs: { type: 'button', title, 'data-action': name } }, label);
      button.addEventListener('click', run);
      return button;
    };
    return h('div', { className: 'node-actions', attrs: { role: 'group', 'aria-label': 'Document actions' } },
      h('div', { className: 'action-row' },
        action(pinned ? 'Unpin' : 'Pin', 'Keep this node in place through layouts (P)', () => context.store.update(togglePin(id)), 'pin'),
        action('Hide', 'Hide this node until "Show hidden" (H)', () => context.store.update(hideNodes([id])), 'hide'),
        action('Remove', 'Remove this node from the canvas (Delete)', () => context.store.update(removeNodes([id])), 'remove'),
      ));
  }

  /** Expand (by type, direction, cap), focus, pin, hide and remove: what can be done with the selected node. */
  function nodeActions(id: string, details: NodeDetails | null): HTMLElement {
    const pinned = context.store.get().canvas.pinned.includes(id);
    const typeSelect = h('select', { className: 'expand-type', attrs: { id: 'expand-type', 'aria-label': 'Relationship type to expand' } },
      h('option', { attrs: { value: '' } }, 'All types'),
      ...[...new Set((details?.edges ?? []).map((e) => e.type))].sort().map((type) => h('option', { attrs: { value: type } }, type)),
    );
    const directionSelect = h('select', { className: 'expand-direction', attrs: { id: 'expand-direction', 'aria-label': 'Direction to expand' } },
      h('option', { attrs: { value: 'any' } }, 'Both directions'),
      h('option', { attrs: { value: 'out' } }, 'Outgoing →'),
      h('option', { attrs: { value: 'in' } }, 'Incoming ←'),
    );
    const capInput = h('input', { className: 'expand-cap', attrs: { id: 'expand-cap', type: 'number', min: '1', max: '200', value: expandChoice.cap, 'aria-label': 'At most this many new neighbours' } });
    if ([...typeSelect.options].some((o) => o.value === expandChoice.type)) typeSelect.value = expandChoice.type;
    directionSelect.value = expandChoice.direction;
    typeSelect.addEventListener('change', () => (expandChoice.type = typeSelect.value));
    directionSelect.addEventListener('change', () => (expandChoice.direction = directionSelect.value));
    capInput.addEventListener('input', () => (expandChoice.cap = capInput.value));
    const expand = h('button', { className: 'button-primary button-small', attrs: { type: 'button', id: 'expand-node', title: 'Expand neighbours (E, or double-click the node)' } }, 'Expand');
    expand.addEventListener('click', () => {
      const type = typeSelect.value;
      const direction = directionSelect.value === 'out' || directionSelect.value === 'in' ? directionSelect.value : 'any';
      const cap = Number.isInteger(Number(capInput.value)) && Number(capInput.value) > 0 ? Number(capInput.value) : DEFAULT_EXPAND_CAP;
      void expandNode(context, id, { types: type === '' ? undefined : [type], direction, cap });
    });
    const action = (label: string, title: string, run: () => void, name: string): HTMLButtonElement => {
      const button = h('button', { className: 'button-quiet button-small', attrs: { type: 'button', title, 'data-action': name } }, label);
      button.addEventListener('click', run);
      return button;
    };
    return h('div', { className: 'node-actions', attrs: { role: 'group', 'aria-label': 'Node actions' } },
      h('div', { className: 'expand-row' }, typeSelect, directionSelect, h('label', { className: 'cap-label' }, 'max ', capInput), expand),
      h('div', { className: 'action-row' },
        action('Focus', 'Lay out rings around this node (C)', () => context.store.update(setLayout('concentric', id)), 'focus'),
        action(pinned ? 'Unpin' : 'Pin', 'Keep this node in place through layouts (P)', () => context.store.update(togglePin(id)), 'pin'),
        action('Hide', 'Hide this node until "Show hidden" (H)', () => context.store.update(hideNodes([id])), 'hide'),
        action('Remove', 'Remove this node from the canvas (Delete)', () => context.store.update(removeNodes([id])), 'remove'),
      ),
    );
  }

  let drawn: SelectionState | null = null;
  let drawnIndex: GraphIndex | null = null;
  let drawnPins: readonly string[] | null = null;
  return {
    element,
    render(state) {
      const index = indexGraph(state.graph.graph);
      if (state.selection === drawn && index === drawnIndex && state.canvas.pinned === drawnPins) return;
      drawn = state.selection;
      drawnIndex = index;
      drawnPins = state.canvas.pinned;
      const current = state.selection.current;
      element.dataset['selection'] = current.kind;
      if (current.kind === 'none') {
        replaceChildren(body, h('p', { className: 'details-empty' },
          'Click a node or an edge in the graph, or find one by name, to see what it is and the sources behind it.'));
      } else if (current.kind === 'edge') {
        replaceChildren(body, ...renderEdge(current.edge, index, state));
      } else {
        replaceChildren(body, ...renderNode(current, index));
      }
      body.scrollTop = 0;
    },
  };
}
