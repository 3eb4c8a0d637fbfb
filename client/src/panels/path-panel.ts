/**
 * The path tracer: "from" and "to" pickers, a hop limit and a "Find paths" button; the paths found are listed
 * as readable rows ("Dushanbe —CAPITAL_OF→ Tajikistan ←HOSTS_BASE— Russia"). Clicking a row highlights that
 * path in the graph and lists its hops; clicking a hop opens the edge's details, with its sources.
 */
import type { GraphPath } from '../../../server/domain/graph-model';
import type { ActionContext, AppState } from '../state/app-state';
import { showError } from '../state/messages/messages-state';
import { findPaths, PATH_LIMIT } from '../state/paths/paths-actions';
import { formatHop, toPathSteps } from '../state/paths/path-steps';
import {
  DEFAULT_MAX_HOPS,
  MAX_HOPS,
  MIN_HOPS,
  parseMaxHops,
  setActivePath,
  setMaxHops,
  setPathEnd,
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

  const hopsInput = h('input', {
    className: 'hops-input',
    attrs: { id: 'path-max-hops', type: 'number', min: String(MIN_HOPS), max: String(MAX_HOPS), step: '1', value: String(DEFAULT_MAX_HOPS), inputmode: 'numeric' },
  });
  const hopsHint = h('span', { className: 'field-hint', attrs: { id: 'path-max-hops-hint' } }, `${MIN_HOPS} to ${MAX_HOPS}`);
  hopsInput.setAttribute('aria-describedby', hopsHint.id);
  hopsInput.addEventListener('input', () => {
    const hops = parseMaxHops(hopsInput.value);
    hopsInput.setAttribute('aria-invalid', String(hops === null));
    findButton.disabled = !canSearch(store.get().paths);
    if (hops !== null) store.update(setMaxHops(hops));
  });

  const findButton = h('button', { className: 'button-primary', attrs: { id: 'find-paths', type: 'button' } }, 'Find paths');
  findButton.addEventListener('click', () => void findPaths(context));

  const form = h('form', { className: 'path-form', attrs: { 'aria-label': 'Path query' } },
    fromPicker.element,
    toPicker.element,
    h('div', { className: 'path-controls' },
      h('div', { className: 'hops-field' },
        h('label', { className: 'field-label', attrs: { for: hopsInput.id } }, 'Max hops'),
        hopsInput,
        hopsHint,
      ),
      swapButton,
      findButton,
    ),
  );
  // Enter in the hop field runs the search rather than reloading the page.
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!findButton.disabled) void findPaths(context);
  });

  const status = h('p', { className: 'path-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const clearButton = h('button', { className: 'button-quiet button-small', attrs: { type: 'button' } }, 'Clear highlight');
  clearButton.addEventListener('click', () => store.update(setActivePath(null)));
  const results = h('ol', { className: 'path-results', attrs: { 'aria-label': 'Paths found' } });
  const element = h('section', { className: 'panel-section', attrs: { 'aria-labelledby': 'paths-heading' } },
    h('h2', { className: 'section-heading', attrs: { id: 'paths-heading' } }, 'Paths'),
    form,
    h('div', { className: 'path-status-line' }, status, clearButton),
    results,
  );

  function canSearch(paths: PathsState): boolean {
    return (
      paths.from !== null &&
      paths.to !== null &&
      paths.from.id !== paths.to.id &&
      parseMaxHops(hopsInput.value) !== null &&
      paths.status !== 'loading'
    );
  }

  function statusText(paths: PathsState): string {
    const { query, status: phase, results: found } = paths;
    if (phase === 'loading') return 'Finding paths…';
    if (phase === 'failed') return 'The path search failed; see the message above.';
    // The API refuses a path from a node to itself; say so before the user asks.
    if (paths.from !== null && paths.to !== null && paths.from.id === paths.to.id) return 'Choose two different nodes.';
    if (phase !== 'ready' || query === null) return 'Choose two nodes to trace how one reaches the other.';
    const within = `within ${query.maxHops} ${query.maxHops === 1 ? 'hop' : 'hops'}`;
    if (found.length === 0) return `No path from ${query.from.name} to ${query.to.name} ${within}.`;
    const count = found.length === 1 ? '1 path' : `${found.length} paths`;
    const capped = found.length >= PATH_LIMIT ? ` (the first ${PATH_LIMIT})` : '';
    return `${count}${capped} from ${query.from.name} to ${query.to.name} ${within}. Click one to highlight it.`;
  }

  function pathRow(path: GraphPath, index: number, active: boolean): HTMLLIElement {
    const select = h('button', {
      className: 'path-select',
      attrs: { type: 'button', 'aria-pressed': String(active), 'data-path-index': String(index) },
    }, h('span', { className: 'path-meta' }, `${index + 1} · ${hopCount(path)}`), pathLine(path));
    select.addEventListener('click', () => store.update(setActivePath(index)));
    const row = h('li', { className: active ? 'path-row is-active' : 'path-row' }, select);
    if (active) {
      const hops = h('ul', { className: 'path-hops', attrs: { 'aria-label': 'Hops of this path: open one to see why it is there' } });
      path.edges.forEach((edge, i) => {
        const before = path.nodes[i];
        const after = path.nodes[i + 1];
        if (before === undefined || after === undefined) return;
        const forward = edge.source === before.id;
        const hop = h('button', { className: 'hop-button', attrs: { type: 'button', 'data-edge-id': edge.id } },
          h('span', { className: 'path-node' }, before.name), ' ',
          h('span', { className: 'path-hop' }, formatHop(edge.type, forward)), ' ',
          h('span', { className: 'path-node' }, after.name),
          h('span', { className: 'hop-sources' }, edge.sources.length === 1 ? '1 source' : `${edge.sources.length} sources`),
        );
        hop.addEventListener('click', () => chooseEdge(context, edge, { centre: true }));
        hops.appendChild(h('li', {}, hop));
      });
      row.appendChild(hops);
    }
    return row;
  }

  let drawn: PathsState | null = null;
  return {
    element,
    render(state) {
      const paths = state.paths;
      if (paths === drawn) return;
      fromPicker.setValue(paths.from);
      toPicker.setValue(paths.to);
      if (parseMaxHops(hopsInput.value) !== paths.maxHops && document.activeElement !== hopsInput) {
        hopsInput.value = String(paths.maxHops);
      }
      findButton.disabled = !canSearch(paths);
      findButton.textContent = paths.status === 'loading' ? 'Finding…' : 'Find paths';
      status.textContent = statusText(paths);
      clearButton.hidden = paths.active === null;
      if (drawn === null || paths.results !== drawn.results || paths.active !== drawn.active) {
        replaceChildren(results, ...paths.results.map((path, i) => pathRow(path, i, i === paths.active)));
      }
      drawn = paths;
    },
  };
}
