/**
 * The influence view: a drawer below the explorer (the graph shrinks to make room), opened by the header's "Influence" button. It asks
 * GET /api/influence for a target and a set of powers, draws one line per power over the years (each
 * power's share of the compared powers' hold), states the model with its parameters and the robustness
 * of the ranking, shows the figures of the point under the pointer, and on a click lists the strongest
 * paths behind that point with their quotes (handing them to the path tracer, which draws the strongest in
 * the graph) and the claims that moved since the year before ("why did this move", any two years).
 *
 * Its own state (the form's answer, the chosen point) is a small store of its own: the explorer's AppState
 * is left alone, and the graph is reached only through the path tracer's producers.
 */
import type { GraphEdge, GraphNode, GraphPath } from '../../../server/domain/graph-model';
import type { InfluencePath, InfluencePoint, InfluenceResult } from '../../../server/domain/influence-model';
import { fetchInfluence } from '../api/influence-api';
import type { ActionContext } from '../state/app-state';
import { formatHop } from '../state/paths/path-steps';
import { setActivePath, setPathResults, startPathSearch } from '../state/paths/paths-state';
import { createStore } from '../state/store';
import { describePoint, formatShare, renderInfluenceChart, SERIES_COLOURS, type ChartPoint } from '../view/influence-chart';
import { h, replaceChildren, requireElement } from './dom';
import { createWhyView, renderDefinition } from './influence-why';

interface InfluenceViewState {
  readonly open: boolean;
  readonly status: 'idle' | 'loading' | 'ready' | 'failed';
  readonly error: string | null;
  readonly result: InfluenceResult | null;
  readonly selected: ChartPoint | null;
  readonly hovered: ChartPoint | null;
}

const INITIAL: InfluenceViewState = { open: false, status: 'idle', error: null, result: null, selected: null, hovered: null };

function pointOf(result: InfluenceResult, at: ChartPoint): InfluencePoint | undefined {
  return result.series.find((s) => s.power === at.power)?.points.find((p) => p.year === at.year);
}

/** An influence path as the explorer's GraphPath (full nodes and edges), for the path tracer and the graph. */
function toGraphPath(path: InfluencePath, nodes: ReadonlyMap<string, GraphNode>, edges: ReadonlyMap<string, GraphEdge>): GraphPath | null {
  const ns = path.nodes.map((id) => nodes.get(id));
  const es = path.hops.map((hop) => edges.get(hop.edge));
  if (ns.some((n) => n === undefined) || es.some((e) => e === undefined)) return null;
  return { nodes: ns as GraphNode[], edges: es as GraphEdge[] };
}

function input(name: string, label: string, value: string, attrs: Record<string, string> = {}): { wrap: HTMLLabelElement; field: HTMLInputElement } {
  const field = h('input', { attrs: { name, value, ...attrs } });
  return { wrap: h('label', { className: 'influence-field' }, h('span', {}, label), field), field };
}

/** Wires the influence view into the page: the toggle button and drawer of index.html. */
export function initInfluenceView(context: ActionContext, root: ParentNode = document): void {
  const toggle = requireElement(root, '#influence-toggle', HTMLButtonElement);
  const drawer = requireElement(root, '#influence-view', HTMLElement);
  const local = createStore<InfluenceViewState>(INITIAL);
  let pending: AbortController | null = null;

  const target = input('target', 'Target', 'dushanbe', { size: '10' });
  const powers = input('powers', 'Powers', 'moscow,washington,brussels,beijing', { size: '30' });
  const from = input('from', 'From', '2003', { type: 'number', min: '1000', max: '2999', step: '1' });
  const to = input('to', 'To', '2024', { type: 'number', min: '1000', max: '2999', step: '1' });
  const hops = input('maxHops', 'Hops', '3', { type: 'number', min: '1', max: '4', step: '1' });
  // step any: with min 0.01 and step 0.05 the browser held 0.5 itself invalid and would not submit the form.
  const decay = input('decay', 'Decay', '0.5', { type: 'number', min: '0.01', max: '1', step: 'any' });
  const compare = h('button', { className: 'influence-compare', attrs: { type: 'submit' } }, 'Compare');
  const form = h('form', { className: 'influence-form', attrs: { 'aria-label': 'Influence query' } }, target.wrap, powers.wrap, from.wrap, to.wrap, hops.wrap, decay.wrap, compare);
  const status = h('p', { className: 'influence-status', attrs: { 'aria-live': 'polite' } });
  const legend = h('ul', { className: 'influence-legend', attrs: { 'aria-label': 'Powers' } });
  const chart = h('div', { className: 'influence-chart-box' });
  const readout = h('p', { className: 'influence-readout', attrs: { 'aria-live': 'polite' } });
  const explanation = h('div', { className: 'influence-explanation' });
  const details = h('section', { className: 'influence-details', attrs: { 'aria-label': 'Paths behind the chosen point' } });
  const why = createWhyView();
  replaceChildren(drawer, h('div', { className: 'influence-main' }, form, status, legend, chart, readout, explanation), details);

  async function load(): Promise<void> {
    pending?.abort();
    const controller = new AbortController();
    pending = controller;
    local.update((s) => ({ ...s, status: 'loading', error: null }));
    const number = (field: HTMLInputElement): number | undefined => (field.value.trim() === '' ? undefined : Number(field.value));
    try {
      const result = await fetchInfluence(
        { target: target.field.value.trim(), powers: powers.field.value.trim(), from: number(from.field), to: number(to.field), maxHops: number(hops.field), decay: number(decay.field) },
        controller.signal,
      );
      why.show(result, result.years.from, result.years.to);
      local.update((s) => ({ ...s, status: 'ready', result, selected: null, hovered: null }));
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return;
      local.update((s) => ({ ...s, status: 'failed', error: error instanceof Error ? error.message : String(error) }));
    } finally {
      if (pending === controller) pending = null;
    }
  }

  /** Lists the point's paths in the path tracer and draws the strongest in the graph. */
  function drawInGraph(result: InfluenceResult, at: ChartPoint, index: number): void {
    const point = pointOf(result, at);
    const powerNode = result.powers.find((p) => p.node.id === at.power)?.node;
    if (!point || !powerNode) return;
    const nodes = new Map(result.nodes.map((n) => [n.id, n]));
    const edges = new Map(result.edges.map((e) => [e.id, e]));
    const paths = point.topPaths.map((p) => toGraphPath(p, nodes, edges)).filter((p): p is GraphPath => p !== null);
    context.store.update(startPathSearch({ from: powerNode, to: result.target.node, maxHops: result.parameters.maxHops, types: [], categories: [], direction: 'any', year: at.year, metonyms: true }));
    context.store.update(setPathResults(paths));
    if (paths.length > 0) context.store.update(setActivePath(Math.min(index, paths.length - 1)));
  }

  function select(point: ChartPoint): void {
    const { result } = local.get();
    if (result) why.show(result, point.year - 1, point.year);
    local.update((s) => ({ ...s, selected: point }));
    if (result) drawInGraph(result, point, 0);
  }

  function renderDetails(result: InfluenceResult, at: ChartPoint | null): void {
    const point = at === null ? undefined : pointOf(result, at);
    if (!at || !point) {
      replaceChildren(details, h('p', { className: 'influence-hint' }, 'Click a point to see the paths and quotes behind it.'), why.element);
      return;
    }
    const nodes = new Map(result.nodes.map((n) => [n.id, n]));
    const edges = new Map(result.edges.map((e) => [e.id, e]));
    const name = (id: string): string => nodes.get(id)?.name ?? id;
    const channels = h(
      'table',
      { className: 'influence-channels' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Channel'), h('th', {}, 'Claims'), h('th', {}, 'Hold'), h('th', {}, 'Share'))),
      h('tbody', {}, ...point.channels.map((c) => h('tr', {}, h('td', {}, c.category), h('td', {}, c.claims), h('td', {}, c.hold.toFixed(2)), h('td', {}, formatShare(c.score))))),
    );
    const pathItems = point.topPaths.map((path, index) => {
      const line: Array<string> = [];
      path.nodes.forEach((id, i) => {
        line.push(name(id));
        const hop = path.hops[i];
        const edge = hop ? edges.get(hop.edge) : undefined;
        if (hop && edge) line.push(formatHop(hop.type, edge.source === id));
      });
      const quotes = path.hops.flatMap((hop) =>
        [hop.edge, ...hop.others].map((id) => {
          const edge = edges.get(id);
          const index = edge?.sources.findIndex((x) => x.role !== 'correction') ?? -1;
          const source = edge?.sources[index];
          if (!edge || !source) return null;
          const grades = edge.properties.sourceGrades;
          const grade = Array.isArray(grades) ? grades[index] : undefined;
          const status = typeof edge.properties.status === 'string' ? ` (${edge.properties.status})` : '';
          return h(
            'li',
            { className: 'influence-quote' },
            h('span', { className: 'influence-quote-edge' }, `${name(edge.source)} ${edge.type} ${name(edge.target)}${status}`),
            h('q', {}, source.quote),
            h('span', { className: 'influence-quote-source' }, [source.publisher, source.published, grade === undefined ? null : `grade ${grade}`].filter(Boolean).join(', ')),
          );
        }),
      );
      const show = h('button', { className: 'influence-show', attrs: { type: 'button', 'data-path-index': String(index) } }, 'Show in graph');
      show.addEventListener('click', () => drawInGraph(result, at, index));
      return h(
        'li',
        { className: 'influence-path' },
        h('div', { className: 'influence-path-line' }, h('span', {}, line.join(' ')), h('span', { className: 'influence-path-weight' }, path.contribution.toFixed(3)), show),
        h('ul', { className: 'influence-quotes' }, ...quotes),
      );
    });
    replaceChildren(
      details,
      h('h3', {}, describePoint(result, at)),
      point.channels.length > 0 ? channels : null,
      h('ol', { className: 'influence-paths', attrs: { 'aria-label': 'Strongest paths' } }, ...pathItems),
      why.element,
    );
  }

  let drawn: { result: InfluenceResult | null; selected: ChartPoint | null } = { result: null, selected: null };
  function render(state: InfluenceViewState): void {
    drawer.hidden = !state.open;
    toggle.setAttribute('aria-expanded', String(state.open));
    status.textContent = state.status === 'loading' ? 'Computing…' : state.status === 'failed' ? (state.error ?? 'The comparison failed.') : '';
    status.classList.toggle('is-error', state.status === 'failed');
    const { result } = state;
    if (result === null) return;
    if (result !== drawn.result || state.selected !== drawn.selected) {
      replaceChildren(
        legend,
        ...result.powers.map((p, i) =>
          h('li', {}, swatch(SERIES_COLOURS[i % SERIES_COLOURS.length] ?? '#475569'), `${p.node.name} (${p.query})`),
        ),
      );
      renderInfluenceChart(chart, result, state.selected, { onSelect: select, onHover: (hovered) => local.update((s) => ({ ...s, hovered })) });
      if (result !== drawn.result) renderDefinition(explanation, result);
      renderDetails(result, state.selected);
      drawn = { result, selected: state.selected };
    }
    const shown = state.hovered ?? state.selected;
    readout.textContent = shown ? describePoint(result, shown) : `Over ${result.target.node.name}, ${result.years.from}-${result.years.to}, computed in ${result.elapsedMs} ms.`;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load();
  });
  toggle.addEventListener('click', () => {
    const open = !local.get().open;
    local.update((s) => ({ ...s, open }));
    if (open && local.get().status === 'idle') void load();
  });
  local.subscribe((state) => render(state));
  render(local.get());
}

/** A colour swatch; the colour is set through the CSSOM, which a Content-Security-Policy allows, not a style attribute. */
function swatch(colour: string): HTMLElement {
  const el = h('span', { className: 'influence-swatch' });
  el.style.background = colour;
  return el;
}
