/**
 * The proposals of a long article (500-1000 of them) as the analyst can read them: grouped by sentence in
 * text order, the strongest first in each group, with counts, and a filter by type, by minimum score and
 * hiding corroborations. The filter only hides: an accepted proposal stays accepted (and committed) while
 * hidden, and the summary says how many of those there are. Plain form controls, so it works by keyboard.
 */
import type { DocumentAnalysis } from '../api/documents-api';
import { h, replaceChildren } from './dom';
import { groupBySentence, passesFilter, type ProposalFilter } from '../state/documents/proposal-grouping';

type Proposal = DocumentAnalysis['candidates']['claims'][number];

/** What the review made of one proposal: its row and whether it is accepted. */
export interface ProposalRow {
  readonly proposal: Proposal;
  readonly element: HTMLElement;
  accepted(): boolean;
}

export interface ProposalGroupsView {
  readonly element: HTMLElement;
  /** Shows the group of the sentence starting at `start` (clearing the filter if it hid it) and focuses it. */
  reveal(start: number): void;
}

const EXCERPT_CHARS = 90;

/** The filter, the summary and the grouped list (#document-proposals) of `rows`. */
export function proposalGroupsView(text: string, rows: readonly ProposalRow[]): ProposalGroupsView {
  const groups = groupBySentence(rows);
  const types = [...new Set(rows.map((r) => r.proposal.type))].sort();
  const type = h('select', { className: 'document-filter-type', attrs: { id: 'document-filter-type' } },
    h('option', { attrs: { value: '' } }, 'All types'), ...types.map((t) => h('option', { attrs: { value: t } }, t)));
  const minScore = h('input', { className: 'document-filter-score', attrs: { id: 'document-filter-score', type: 'number', min: '0', max: '1', step: '0.05', value: '0' } });
  const hideCorroborations = h('input', { attrs: { id: 'document-filter-corroborations', type: 'checkbox' } });
  const summary = h('p', { className: 'document-filter-summary', attrs: { id: 'document-filter-summary', 'aria-live': 'polite' } });
  const filter = h('fieldset', { className: 'document-filter' },
    h('legend', {}, 'Show proposals'),
    h('label', {}, 'Type ', type),
    h('label', {}, ' Score at least ', minScore),
    h('label', {}, ' ', hideCorroborations, ' hide new sources for existing relationships'),
  );

  const views = groups.map((g) => {
    const sentence = text.slice(g.start, g.end);
    const excerpt = sentence.length > EXCERPT_CHARS ? `${sentence.slice(0, EXCERPT_CHARS)}…` : sentence;
    const count = h('span', { className: 'document-group-count' });
    const head = h('h3', { className: 'document-group-head', attrs: { tabindex: '-1', title: sentence } }, h('span', { className: 'document-group-sentence' }, `“${excerpt}”`), ' ', count);
    const element = h('li', { className: 'document-group', attrs: { 'data-sentence': String(g.start) } }, head,
      h('ol', { className: 'document-group-proposals' }, ...g.items.map((r) => r.element)));
    return { group: g, element, head, count };
  });
  const list = h('ol', { className: 'document-proposals', attrs: { id: 'document-proposals' } }, ...views.map((v) => v.element));

  const current = (): ProposalFilter => {
    const score = Number(minScore.value);
    return { type: type.value, minScore: Number.isFinite(score) ? score : 0, hideCorroborations: hideCorroborations.checked };
  };
  function apply(): void {
    const f = current();
    let shown = 0;
    let sentences = 0;
    let hiddenAccepted = 0;
    for (const v of views) {
      let inGroup = 0;
      for (const r of v.group.items) {
        const pass = passesFilter(r.proposal, f);
        r.element.hidden = !pass;
        if (pass) inGroup += 1;
        else if (r.accepted()) hiddenAccepted += 1;
      }
      v.element.hidden = inGroup === 0;
      const all = v.group.items.length;
      v.count.textContent = inGroup === all ? `${all} proposal${all === 1 ? '' : 's'}` : `${inGroup} of ${all} proposals`;
      shown += inGroup;
      if (inGroup > 0) sentences += 1;
    }
    replaceChildren(summary, `${shown} of ${rows.length} proposals shown, in ${sentences} of ${groups.length} sentences${hiddenAccepted > 0 ? `; ${hiddenAccepted} accepted but hidden (still committed)` : ''}.`);
  }
  for (const control of [type, minScore, hideCorroborations]) control.addEventListener('input', apply);
  hideCorroborations.addEventListener('change', apply);
  apply();

  return {
    element: h('div', { className: 'document-proposal-groups' }, filter, summary, list),
    reveal(start) {
      const v = views.find((x) => x.group.start === start);
      if (v === undefined) return;
      if (v.element.hidden) {
        type.value = '';
        minScore.value = '0';
        hideCorroborations.checked = false;
        apply();
      }
      v.element.scrollIntoView({ block: 'start' });
      v.head.focus({ preventScroll: true });
    },
  };
}
