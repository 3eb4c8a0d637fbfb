/**
 * The influence view's explanations: the model's definition with the parameters in force, the robustness
 * hint, and "why did this move", the claims that began, ended or changed between two years (computed by
 * the domain's explainMove from the answer's claim timelines, so nothing is asked of the server).
 */
import type { GraphEdge } from '../../../server/domain/graph-model';
import { explainMove, type ClaimMove } from '../../../server/domain/influence-explain';
import type { InfluenceResult } from '../../../server/domain/influence-model';
import { formatShare } from '../view/influence-chart';
import { h, replaceChildren } from './dom';

/** Claim changes listed at most; the rest are counted. */
const SHOWN_MOVES = 25;

const KIND_LABEL: Record<ClaimMove['kind'], string> = { began: 'began', ended: 'ended', changed: 'changed' };

/** The definition (one paragraph, the parameters in force) and the robustness hint, for `result`. */
export function renderDefinition(container: Element, result: InfluenceResult): void {
  // A new answer keeps the definition open if the reader had opened it.
  const wasOpen = container.querySelector('details')?.open === true;
  const robust = result.robustness;
  const fragile = robust.checked && robust.variants.some((v) => v.changedYears.length > 0);
  const details = h(
    'details',
    { className: 'influence-definition' },
    h('summary', {}, `Definition: what the score is (influence model ${result.model.version})`),
    h('p', {}, result.model.summary.join(' ')),
  );
  details.open = wasOpen;
  replaceChildren(
    container,
    details,
    h(
      'p',
      { className: `influence-robustness ${!robust.checked ? 'is-unchecked' : fragile ? 'is-fragile' : 'is-stable'}`, attrs: { 'aria-label': 'Robustness of the ranking' } },
      h('strong', {}, 'Robustness: '),
      robust.note,
    ),
  );
}

export interface WhyView {
  readonly element: HTMLElement;
  /** Explains the move between `from` and `to` of `result` (years outside the answer are clamped). */
  show(result: InfluenceResult, from: number, to: number): void;
}

/** The "why did this move" section: two years to compare and the claims that moved between them. */
export function createWhyView(): WhyView {
  const yearInput = (name: string, label: string): { wrap: HTMLLabelElement; field: HTMLInputElement } => {
    const field = h('input', { attrs: { name, type: 'number', step: '1', min: '1000', max: '2999' } });
    return { wrap: h('label', { className: 'influence-field' }, h('span', {}, label), field), field };
  };
  const from = yearInput('whyFrom', 'From');
  const to = yearInput('whyTo', 'To');
  const explain = h('button', { className: 'influence-compare', attrs: { type: 'submit' } }, 'Explain');
  const form = h('form', { className: 'influence-why-form', attrs: { 'aria-label': 'Years to compare' } }, from.wrap, to.wrap, explain);
  const body = h('div', { className: 'influence-why-body' });
  const element = h('section', { className: 'influence-why', attrs: { 'aria-label': 'Why did this move' } }, h('h3', {}, 'Why did this move?'), form, body);
  let current: InfluenceResult | null = null;

  function show(result: InfluenceResult, a: number, b: number): void {
    current = result;
    const clamp = (y: number): number => Math.min(result.years.to, Math.max(result.years.from, Math.round(y)));
    const fromYear = clamp(a);
    const toYear = clamp(b);
    from.field.value = String(fromYear);
    to.field.value = String(toYear);
    renderMoves(body, result, fromYear, toYear);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (current === null || from.field.value.trim() === '' || to.field.value.trim() === '') return;
    show(current, Number(from.field.value), Number(to.field.value));
  });
  return { element, show };
}

function renderMoves(container: Element, result: InfluenceResult, from: number, to: number): void {
  const move = explainMove(result, from, to);
  const nodes = new Map(result.nodes.map((n) => [n.id, n.name]));
  const edges = new Map(result.edges.map((e) => [e.id, e]));
  const name = (id: string): string => nodes.get(id) ?? id;
  const powers = h(
    'ul',
    { className: 'influence-why-powers' },
    ...move.powers.map((p) =>
      h('li', {}, `${name(p.power)}: ${formatShare(p.scoreBefore)} → ${formatShare(p.scoreAfter)} (hold ${p.holdBefore.toFixed(2)} → ${p.holdAfter.toFixed(2)})`),
    ),
  );
  if (move.claims.length === 0) {
    replaceChildren(container, powers, h('p', { className: 'influence-hint' }, `No claim began, ended or changed between ${from} and ${to}.`));
    return;
  }
  const items = move.claims.slice(0, SHOWN_MOVES).map((c) => moveItem(c, edges.get(c.edge), name));
  replaceChildren(
    container,
    powers,
    h('p', { className: 'influence-why-count' }, `${move.claims.length} claim${move.claims.length === 1 ? '' : 's'} began, ended or changed between ${from} and ${to}, biggest change first:`),
    h('ol', { className: 'influence-moves', attrs: { 'aria-label': `Claims that moved between ${from} and ${to}` } }, ...items),
    move.claims.length > SHOWN_MOVES ? h('p', { className: 'influence-hint' }, `… and ${move.claims.length - SHOWN_MOVES} smaller changes.`) : null,
  );
}

function moveItem(c: ClaimMove, edge: GraphEdge | undefined, name: (id: string) => string): HTMLLIElement {
  const what = edge ? `${name(edge.source)} ${edge.type} ${name(edge.target)}` : c.edge;
  const grades = Array.isArray(edge?.properties.sourceGrades) ? (edge.properties.sourceGrades as string[]) : [];
  const claimSources = (edge?.sources ?? []).map((s, i) => ({ s, grade: grades[i] })).filter(({ s }) => s.role !== 'correction');
  const first = claimSources[0];
  const delta = c.after - c.before;
  return h(
    'li',
    { className: 'influence-move', attrs: { 'data-kind': c.kind, 'data-edge': c.edge } },
    h(
      'div',
      { className: 'influence-move-line' },
      h('span', { className: `influence-move-kind is-${c.kind}` }, KIND_LABEL[c.kind]),
      h('span', { className: 'influence-move-power' }, name(c.power)),
      h('span', { className: 'influence-move-edge' }, what),
      h('span', { className: 'influence-move-delta' }, `${c.before.toFixed(3)} → ${c.after.toFixed(3)} (${delta >= 0 ? '+' : ''}${delta.toFixed(3)})`),
    ),
    first
      ? h(
          'div',
          { className: 'influence-quote' },
          h('q', {}, first.s.quote),
          h(
            'span',
            { className: 'influence-quote-source' },
            [first.s.publisher, first.s.published, first.grade ? `grade ${first.grade}` : null, claimSources.length > 1 ? `+${claimSources.length - 1} more source${claimSources.length === 2 ? '' : 's'}` : null]
              .filter(Boolean)
              .join(', '),
          ),
        )
      : null,
  );
}
