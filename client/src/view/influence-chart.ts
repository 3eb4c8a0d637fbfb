/**
 * The influence chart: one line per power over the years, one point per year, its height the power's share
 * of the compared powers' hold (influence model 2), with labelled axes. Built as SVG with DOM APIs
 * (createElementNS, textContent), never from markup strings, so names from the data cannot inject
 * anything. It draws what it is given and reports hovers and clicks as (power, year); it keeps no state.
 */
import type { InfluenceResult } from '../../../server/domain/influence-model';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 760;
const HEIGHT = 260;
const MARGIN = { top: 14, right: 16, bottom: 44, left: 62 };

/** Line colours in the order of the powers asked for (the brand's four first). */
export const SERIES_COLOURS = ['#2f6fde', '#c8413a', '#0f9d8a', '#e8930c', '#7c3aed', '#475569', '#be185d', '#65a30d'];

export interface ChartPoint {
  readonly power: string;
  readonly year: number;
}

export interface InfluenceChartEvents {
  onSelect(point: ChartPoint): void;
  onHover(point: ChartPoint | null): void;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** A share as a percentage with one decimal. */
export function formatShare(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** The one-line figures of a point, for the tooltip and the hover read-out. */
export function describePoint(result: InfluenceResult, point: ChartPoint): string {
  const name = result.powers.find((p) => p.node.id === point.power)?.node.name ?? point.power;
  const p = result.series.find((s) => s.power === point.power)?.points.find((x) => x.year === point.year);
  if (!p) return `${name}, ${point.year}`;
  if (p.paths === 0) return `${name}, ${point.year}: no path to ${result.target.node.name}`;
  const channels = p.channels.map((c) => `${c.category} ${formatShare(c.score)}`).join(', ');
  return (
    `${name}, ${point.year}: share ${formatShare(p.score)} (hold ${p.hold.toFixed(2)} from ${p.claims} claim${p.claims === 1 ? '' : 's'} on ` +
    `${p.paths} path${p.paths === 1 ? '' : 's'}, shortest ${p.shortest ?? '-'} hop${p.shortest === 1 ? '' : 's'}); ${channels}`
  );
}

/** Draws the chart for `result` into `container` (replacing what was there), marking `selected`. */
export function renderInfluenceChart(container: Element, result: InfluenceResult, selected: ChartPoint | null, events: InfluenceChartEvents): void {
  const { from, to } = result.years;
  // Shares: the axis always spans 0-100 %, so years and answers compare at a glance.
  const maxScore = 1;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (year: number): number => MARGIN.left + (to === from ? plotW / 2 : ((year - from) / (to - from)) * plotW);
  const y = (score: number): number => MARGIN.top + plotH - (score / maxScore) * plotH;

  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'influence-chart', role: 'group', 'aria-label': `Influence over ${result.target.node.name} by year` });
  const axes = svg('g', { class: 'influence-axes' });
  for (let i = 0; i <= 4; i += 1) {
    const value = (maxScore * i) / 4;
    axes.append(
      svg('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(value), y2: y(value), class: 'influence-grid' }),
      svg('text', { x: MARGIN.left - 6, y: y(value) + 4, 'text-anchor': 'end', class: 'influence-tick' }, `${Math.round(value * 100)}%`),
    );
  }
  axes.append(
    svg('text', { x: MARGIN.left + plotW / 2, y: HEIGHT - 4, 'text-anchor': 'middle', class: 'influence-axis-label' }, 'Year'),
    svg(
      'text',
      { x: 0, y: 0, transform: `translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)`, 'text-anchor': 'middle', class: 'influence-axis-label' },
      "Share of the powers' hold",
    ),
  );
  const step = Math.max(1, Math.ceil((to - from + 1) / 12));
  for (let year = from; year <= to; year += step) {
    axes.append(svg('text', { x: x(year), y: HEIGHT - 24, 'text-anchor': 'middle', class: 'influence-tick' }, String(year)));
  }
  root.append(axes);

  result.series.forEach((series, index) => {
    const colour = SERIES_COLOURS[index % SERIES_COLOURS.length] ?? '#475569';
    const name = result.powers.find((p) => p.node.id === series.power)?.node.name ?? series.power;
    const group = svg('g', { class: 'influence-series', 'data-power': series.power, 'aria-label': name });
    group.append(
      svg('polyline', {
        points: series.points.map((p) => `${x(p.year).toFixed(1)},${y(p.score).toFixed(1)}`).join(' '),
        fill: 'none',
        stroke: colour,
        'stroke-width': 2,
      }),
    );
    for (const p of series.points) {
      const point = { power: series.power, year: p.year };
      const isSelected = selected !== null && selected.power === series.power && selected.year === p.year;
      const dot = svg('circle', {
        cx: x(p.year).toFixed(1),
        cy: y(p.score).toFixed(1),
        r: isSelected ? 6.5 : 4,
        fill: isSelected ? colour : '#ffffff',
        stroke: colour,
        'stroke-width': 2,
        class: 'influence-point',
        tabindex: 0,
        role: 'button',
        'data-power': series.power,
        'data-year': p.year,
        'aria-pressed': String(isSelected),
        'aria-label': describePoint(result, point),
      });
      dot.append(svg('title', {}, describePoint(result, point)));
      dot.addEventListener('click', () => events.onSelect(point));
      dot.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          events.onSelect(point);
        }
      });
      dot.addEventListener('mouseenter', () => events.onHover(point));
      dot.addEventListener('focus', () => events.onHover(point));
      dot.addEventListener('mouseleave', () => events.onHover(null));
      group.append(dot);
    }
    root.append(group);
  });
  container.replaceChildren(root);
}
