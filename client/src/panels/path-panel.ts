/**
 * The path tracer: one-click presets (Dushanbe ↔ Moscow / Washington / Brussels / Beijing), or "from" and
 * "to" pickers with hop limit, direction, categories and types; the year comes from the time slider. The
 * k best paths are listed ranked; the chosen one is highlighted and laid out left to right, and its hops
 * read as sentences ("Russia HOSTS_BASE 201st Military Base, 2004–") with the quote and source a click away,
 * and "+N more ties" opens every other relationship between the hop's two nodes, grouped by type.
 * A capital asked for stands for its state ("Dushanbe (Tajikistan)"); "the city itself" traces the city.
 * The hop list is an ordered list of plain text, which is also what a screen reader reads.
 */
import type { Direction, GraphEdge, GraphNode, GraphPath } from '../../../server/domain/graph-model';
import type { ActionContext, AppState } from '../state/app-state';
import { formatValidity } from '../state/canvas/drawn-graph';
import { showError } from '../state/messages/messages-state';
import { findPaths, PATH_LIMIT, PATH_PRESETS, tracePath } from '../state/paths/paths-actions';
import { formatHop, toPathSteps } from '../state/paths/path-steps';
import {
  DEFAULT_MAX_HOPS,
  MAX_HOPS,
  MIN_HOPS,
  parseMaxHops,
  endLabel,
  hopTieCounts,
  otherTies,
  pathEvidence,
  setActivePath,
  setCityItself,
  setMaxHops,
  setPathCategories,
  setPathDirection,
  setPathEnd,
  setPathTypes,
  swapPathEnds,
  type PathsState,
} from '../state/paths/paths-state';
import { chooseEdge } from '../state/selection/selection-actions';
import { h, replaceChildren } from './dom';
import { createNodePicker } from './node-picker';

export interface PathPanel {
  readonly element: HTMLElement;
  render(state: AppState): void;
}

function hopCount(path: GraphPath): string {
  return path.edges.length === 1 ? '1 hop' : `${path.edges.length} hops`;
}

/** One path as inline text: node names in bold ("Dushanbe (Tajikistan)" at a resolved end), hops as arrows with the type. */
function pathLine(path: GraphPath, ends: PathsState['ends']): HTMLSpanElement {
  const last = path.nodes.length - 1;
  const name = (node: GraphNode, index: number): string => {
    const end = index === 0 ? ends.from : index === last ? ends.to : undefined;
    return end !== undefined && end.standsFor === node.id ? end.label : node.name;
  };
  let index = -1;
  return h('span', { className: 'path-line' }, ...toPathSteps(path).flatMap((step, i) => [
    i > 0 ? ' ' : null,
    step.kind === 'node'
      ? h('span', { className: 'path-node' }, name(step.node, (index += 1)))
      : h('span', { className: 'path-hop' }, formatHop(step.edge.type, step.forward)),
  ]));
}

/** A hop as a sentence in the relationship's own direction: "Russia HOSTS_BASE 201st Military Base, 2004–". */
export function hopSentence(edge: GraphEdge, nodes: ReadonlyMap<string, GraphNode>): string {
  const name = (id: string): string => nodes.get(id)?.name ?? id;
  const years = formatValidity(edge, nodes);
  return `${name(edge.source)} ${edge.type} ${name(edge.target)}${years.length > 0 ? `, ${years}` : ''}`;
}

const STATUSES_SHOWN = new Set(['alleged', 'disputed', 'retracted', 'planned']);

export function createPathPanel(context: ActionContext): PathPanel {
  const { store } = context;
  const onError = (error: unknown): void => store.update(showError('Search failed', error));
  const fromPicker = createNodePicker({
    api: context.api,
    id: 'path-from',
    label: 'From',
    placeholder: 'Start node',
    onChoose: (node) => store.update(setPathEnd('from', node)),
    onClear: () => store.update(setPathEnd('from', null)),
    onError,
  });
  const toPicker = createNodePicker({
    api: context.api,
    id: 'path-to',
    label: 'To',
    placeholder: 'End node',
    onChoose: (node) => store.update(setPathEnd('to', node)),
    onClear: () => store.update(setPathEnd('to', null)),
    onError,
  });
  const swapButton = h('button', { className: 'button-quiet', attrs: { type: 'button', title: 'Swap from and to' } }, '⇅ Swap');
  swapButton.addEventListener('click', () => store.update(swapPathEnds));

  const presets = h('div', { className: 'path-presets', attrs: { role: 'group', 'aria-label': 'Trace from Dushanbe' } },
    h('span', { className: 'field-label' }, 'Dushanbe ↔'),
    ...PATH_PRESETS.map((preset) => {
      const button = h('button', { className: 'button-chip', attrs: { type: 'button', 'data-preset': preset.to } }, preset.label);
      button.addEventListener('click', () => void tracePath(context, preset.from, preset.to));
      return button;
    }),
  );

  const cityBox = h('input', { attrs: { id: 'path-city-itself', type: 'checkbox' } });
  cityBox.addEventListener('change', () => store.update(setCityItself(cityBox.checked)));
  const cityLabel = h('label', {
    className: 'check-label path-city-itself',
    attrs: { for: cityBox.id, title: 'A capital stands for its state (Dushanbe for Tajikistan) unless you mean the city itself' },
  }, cityBox, ' the city itself');

  const hopsInput = h('input', {
    className: 'hops-input',
    attrs: { id: 'path-max-hops', type: 'number', min: String(MIN_HOPS), max: String(MAX_HOPS), step: '1', value: String(DEFAULT_MAX_HOPS), inputmode: 'numeric' },
  });
  hopsInput.addEventListener('input', () => {
    const hops = parseMaxHops(hopsInput.value);
    hopsInput.setAttribute('aria-invalid', String(hops === null));
    findButton.disabled = !canSearch(store.get().paths);
    if (hops !== null) store.update(setMaxHops(hops));
  });

  const directionSelect = h('select', { attrs: { id: 'path-direction' } },
    h('option', { attrs: { value: 'any' } }, 'Either way'),
    h('option', { attrs: { value: 'out' } }, 'Along arrows →'),
    h('option', { attrs: { value: 'in' } }, 'Against arrows ←'),
  );
  directionSelect.addEventListener('change', () => store.update(setPathDirection(directionSelect.value as Direction)));

  const categoryBox = h('fieldset', { className: 'path-categories' }, h('legend', { className: 'field-label' }, 'Categories'));
  const typeSelect = h('select', { className: 'path-types', attrs: { id: 'path-types', multiple: '', size: '4', 'aria-label': 'Relationship types (none chosen = all)' } });
  typeSelect.addEventListener('change', () =>
    store.update(setPathTypes([...typeSelect.selectedOptions].map((o) => o.value))),
  );

  const findButton = h('button', { className: 'button-primary', attrs: { id: 'find-paths', type: 'button' } }, 'Find paths');
  findButton.addEventListener('click', () => void findPaths(context));

  const options = h('details', { className: 'path-options' },
    h('summary', {}, 'Direction, categories, types'),
    h('div', { className: 'path-option-grid' },
      h('label', { className: 'field-label', attrs: { for: directionSelect.id } }, 'Direction'), directionSelect,
    ),
    categoryBox,
    h('label', { className: 'field-label', attrs: { for: typeSelect.id } }, 'Types (none = all)'),
    typeSelect,
  );

  const form = h('form', { className: 'path-form', attrs: { 'aria-label': 'Path query' } },
    presets,
    fromPicker.element,
    toPicker.element,
    cityLabel,
    h('div', { className: 'path-controls' },
      h('div', { className: 'hops-field' },
        h('label', { className: 'field-label', attrs: { for: hopsInput.id } }, 'Max hops'),
        hopsInput,
      ),
      swapButton,
      findButton,
    ),
    options,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!findButton.disabled) void findPaths(context);
  });

  const status = h('p', { className: 'path-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const endNote = h('p', { className: 'path-end-note muted', attrs: { id: 'path-end-note' } });
  const results = h('ol', { className: 'path-results', attrs: { 'aria-label': 'Paths found, best first' } });
  const element = h('section', { className: 'panel-section', attrs: { 'aria-labelledby': 'paths-heading' } },
    h('h2', { className: 'section-heading', attrs: { id: 'paths-heading' } }, 'Trace influence'),
    form,
    h('div', { className: 'path-status-line' }, status),
    endNote,
    results,
  );

  function canSearch(paths: PathsState): boolean {
    return paths.from !== null && paths.to !== null && paths.from.id !== paths.to.id && parseMaxHops(hopsInput.value) !== null && paths.status !== 'loading';
  }

  function statusText(paths: PathsState): string {
    const { query, status: phase, results: found } = paths;
    if (phase === 'loading') return 'Finding paths…';
    if (phase === 'failed') return 'The path search failed; see the message above.';
    if (paths.from !== null && paths.to !== null && paths.from.id === paths.to.id) return 'Choose two different nodes.';
    if (phase !== 'ready' || query === null) return 'Choose two nodes, or a preset, to trace how one reaches the other.';
    const within = `within ${query.maxHops} ${query.maxHops === 1 ? 'hop' : 'hops'}${query.year !== null ? ` in ${query.year}` : ''}`;
    const from = endLabel(paths, 'from');
    const to = endLabel(paths, 'to');
    if (found.length === 0) return `No path from ${from} to ${to} ${within}.`;
    const count = found.length === 1 ? '1 path' : `${found.length} paths`;
    const capped = found.length >= PATH_LIMIT ? ` (the best ${PATH_LIMIT})` : '';
    return `${count}${capped} from ${from} to ${to} ${within}, best first.`;
  }

  /** "+N more ties": every other relationship between the hop's two nodes, grouped by type, each a click to its evidence. */
  function moreTies(path: GraphPath, hop: number, nodes: ReadonlyMap<string, GraphNode>): HTMLElement | null {
    const others = otherTies(path, hop);
    if (others.length === 0) return null;
    const groups = new Map<string, GraphEdge[]>();
    for (const e of others) groups.set(e.type, [...(groups.get(e.type) ?? []), e]);
    const tie = (e: GraphEdge): HTMLLIElement => {
      const button = h('button', { className: 'hop-button', attrs: { type: 'button', 'data-edge-id': e.id, title: 'Open the evidence of this tie' } },
        h('span', { className: 'hop-sentence' }, hopSentence(e, nodes)),
        statusBadge(e),
        h('span', { className: 'hop-sources' }, e.sources.length === 1 ? '1 source' : `${e.sources.length} sources`));
      button.addEventListener('click', () => chooseEdge(context, e, { centre: true }));
      return h('li', { className: e.properties['status'] === 'retracted' ? 'hop-tie is-retracted' : 'hop-tie' }, button);
    };
    return h('details', { className: 'hop-ties', attrs: { 'data-hop': String(hop) } },
      h('summary', {}, `+${others.length} more ${others.length === 1 ? 'tie' : 'ties'}`),
      h('ul', { className: 'hop-tie-group' }, ...[...groups].map(([type, edges]) =>
        h('li', {}, h('span', { className: 'hop-tie-type' }, `${type} ×${edges.length}`), h('ul', { className: 'hop-tie-list' }, ...edges.map(tie))))));
  }

  function statusBadge(edge: GraphEdge): HTMLElement | null {
    const status = edge.properties['status'];
    return typeof status === 'string' && STATUSES_SHOWN.has(status) ? h('span', { className: `badge badge-warning status-${status}` }, status) : null;
  }

  function hopItem(edge: GraphEdge, nodes: ReadonlyMap<string, GraphNode>, path: GraphPath, hop: number): HTMLLIElement {
    const status = edge.properties['status'];
    const first = edge.sources[0];
    const open = h('button', { className: 'hop-button', attrs: { type: 'button', 'data-edge-id': edge.id, title: 'Open the evidence of this hop' } },
      h('span', { className: 'hop-sentence' }, hopSentence(edge, nodes)),
      typeof status === 'string' && STATUSES_SHOWN.has(status) ? h('span', { className: 'badge badge-warning' }, status) : null,
      h('span', { className: 'hop-sources' }, edge.sources.length === 1 ? '1 source' : `${edge.sources.length} sources`),
    );
    open.addEventListener('click', () => chooseEdge(context, edge, { centre: true }));
    const quote = first === undefined
      ? h('p', { className: 'muted' }, 'No source recorded.')
      : h('details', { className: 'hop-quote' },
          h('summary', {}, `Quote · ${first.publisher ?? 'publisher not recorded'}${first.published !== undefined ? `, ${first.published}` : ''}`),
          h('blockquote', { className: 'source-quote' }, first.quote),
          h('p', { className: 'source-publisher' }, first.publisher ?? 'Publisher not recorded'),
          first.published !== undefined ? h('time', { className: 'source-date', attrs: { datetime: first.published } }, first.published) : null,
        );
    return h('li', { className: status === 'retracted' ? 'hop-item is-retracted' : 'hop-item' }, open, quote, moreTies(path, hop, nodes));
  }

  function pathRow(path: GraphPath, index: number, active: boolean): HTMLLIElement {
    const { total } = pathEvidence(path);
    const ties = hopTieCounts(path).reduce((a, b) => a + b, 0);
    const select = h('button', {
      className: 'path-select',
      attrs: { type: 'button', 'aria-pressed': String(active), 'data-path-index': String(index) },
    }, h('span', { className: 'path-meta' }, `#${index + 1} · ${hopCount(path)} · ${ties} ${ties === 1 ? 'tie' : 'ties'} · ${total} ${total === 1 ? 'quote' : 'quotes'}`), pathLine(path, store.get().paths.ends));
    select.addEventListener('click', () => store.update(setActivePath(index)));
    const row = h('li', { className: active ? 'path-row is-active' : 'path-row' }, select);
    if (active) {
      const nodes = new Map(path.nodes.map((n) => [n.id, n]));
      row.appendChild(h('ol', { className: 'path-hops', attrs: { 'aria-label': `Hops of path ${index + 1}, in order` } },
        ...path.edges.map((edge, hop) => hopItem(edge, nodes, path, hop))));
    }
    return row;
  }

  let drawn: PathsState | null = null;
  let drawnVocabulary: unknown = null;
  return {
    element,
    render(state) {
      const vocabulary = state.graph.vocabulary;
      if (vocabulary !== drawnVocabulary && vocabulary !== null) {
        drawnVocabulary = vocabulary;
        replaceChildren(categoryBox, h('legend', { className: 'field-label' }, 'Categories (none = all)'),
          ...vocabulary.categories.map((category) => {
            const box = h('input', { attrs: { type: 'checkbox', value: category, 'data-category': category } });
            box.addEventListener('change', () =>
              store.update(setPathCategories([...categoryBox.querySelectorAll<HTMLInputElement>('input:checked')].map((b) => b.value))));
            return h('label', { className: 'check-label' }, box, ' ', category);
          }));
        replaceChildren(typeSelect, ...vocabulary.relationshipTypes.map((t) => h('option', { attrs: { value: t.type } }, t.type)));
        drawn = null;
      }
      const paths = state.paths;
      if (paths === drawn) return;
      fromPicker.setValue(paths.from);
      toPicker.setValue(paths.to);
      if (parseMaxHops(hopsInput.value) !== paths.maxHops && document.activeElement !== hopsInput) hopsInput.value = String(paths.maxHops);
      directionSelect.value = paths.direction;
      cityBox.checked = paths.cityItself;
      for (const box of categoryBox.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')) box.checked = paths.categories.includes(box.value);
      for (const option of typeSelect.options) option.selected = paths.types.includes(option.value);
      findButton.disabled = !canSearch(paths);
      findButton.textContent = paths.status === 'loading' ? 'Finding…' : 'Find paths';
      status.textContent = statusText(paths);
      // Say which capital was read as which state, and how to ask for the city instead.
      const read = [paths.ends.from, paths.ends.to].filter((e) => e !== undefined && e.asked !== e.standsFor);
      endNote.hidden = paths.status !== 'ready' || read.length === 0;
      endNote.textContent = read.length === 0 ? '' : `${read.map((e) => e?.label).join(' and ')}: a capital stands for its state; tick "the city itself" to trace the city.`;
      if (drawn === null || paths.results !== drawn.results || paths.active !== drawn.active) {
        replaceChildren(results, ...paths.results.map((path, i) => pathRow(path, i, i === paths.active)));
      }
      drawn = paths;
    },
  };
}
