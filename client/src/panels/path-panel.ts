/**
 * The path tracer: one-click presets (Dushanbe ↔ Moscow / Washington / Brussels / Beijing), or "from" and
 * "to" pickers with hop limit, direction, categories and types; the year comes from the time slider. The
 * k best paths are listed ranked; the chosen one is highlighted and laid out left to right, and its hops
 * read as sentences ("Russia HOSTS_BASE 201st Military Base, 2004–") with the quote and source a click away.
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
  pathEvidence,
  setActivePath,
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

/** One path as inline text: node names in bold, hops as arrows with the relationship type. */
function pathLine(path: GraphPath): HTMLSpanElement {
  return h('span', { className: 'path-line' }, ...toPathSteps(path).flatMap((step, i) => [
    i > 0 ? ' ' : null,
    step.kind === 'node'
      ? h('span', { className: 'path-node' }, step.node.name)
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
  const results = h('ol', { className: 'path-results', attrs: { 'aria-label': 'Paths found, best first' } });
  const element = h('section', { className: 'panel-section', attrs: { 'aria-labelledby': 'paths-heading' } },
    h('h2', { className: 'section-heading', attrs: { id: 'paths-heading' } }, 'Trace influence'),
    form,
    h('div', { className: 'path-status-line' }, status),
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
    if (found.length === 0) return `No path from ${query.from.name} to ${query.to.name} ${within}.`;
    const count = found.length === 1 ? '1 path' : `${found.length} paths`;
    const capped = found.length >= PATH_LIMIT ? ` (the best ${PATH_LIMIT})` : '';
    return `${count}${capped} from ${query.from.name} to ${query.to.name} ${within}, best first.`;
  }

  function hopItem(edge: GraphEdge, nodes: ReadonlyMap<string, GraphNode>): HTMLLIElement {
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
    return h('li', { className: 'hop-item' }, open, quote);
  }

  function pathRow(path: GraphPath, index: number, active: boolean): HTMLLIElement {
    const { total } = pathEvidence(path);
    const select = h('button', {
      className: 'path-select',
      attrs: { type: 'button', 'aria-pressed': String(active), 'data-path-index': String(index) },
    }, h('span', { className: 'path-meta' }, `#${index + 1} · ${hopCount(path)} · ${total} ${total === 1 ? 'quote' : 'quotes'}`), pathLine(path));
    select.addEventListener('click', () => store.update(setActivePath(index)));
    const row = h('li', { className: active ? 'path-row is-active' : 'path-row' }, select);
    if (active) {
      const nodes = new Map(path.nodes.map((n) => [n.id, n]));
      row.appendChild(h('ol', { className: 'path-hops', attrs: { 'aria-label': `Hops of path ${index + 1}, in order` } },
        ...path.edges.map((edge) => hopItem(edge, nodes))));
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
      for (const box of categoryBox.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')) box.checked = paths.categories.includes(box.value);
      for (const option of typeSelect.options) option.selected = paths.types.includes(option.value);
      findButton.disabled = !canSearch(paths);
      findButton.textContent = paths.status === 'loading' ? 'Finding…' : 'Find paths';
      status.textContent = statusText(paths);
      if (drawn === null || paths.results !== drawn.results || paths.active !== drawn.active) {
        replaceChildren(results, ...paths.results.map((path, i) => pathRow(path, i, i === paths.active)));
      }
      drawn = paths;
    },
  };
}
