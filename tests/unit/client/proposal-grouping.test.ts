/**
 * Grouping and filtering of a document's proposals (client/src/state/documents/proposal-grouping.ts): groups in
 * text order, the strongest first within each; the filter by type, minimum score and corroborations.
 */
import { groupBySentence, passesFilter } from '../../../client/src/state/documents/proposal-grouping';

const row = (id: string, start: number, end: number, score: number) => ({ proposal: { id, start, end, score } });

test('proposals are grouped by their sentence, groups in text order, the strongest first in each', () => {
  const groups = groupBySentence([row('a', 50, 80, 0.4), row('b', 0, 20, 0.5), row('c', 50, 80, 0.9), row('d', 0, 20, 0.7), row('e', 20, 49, 0.1)]);
  expect(groups.map((g) => [g.start, g.end, g.items.map((i) => i.proposal.id)])).toEqual([
    [0, 20, ['d', 'b']],
    [20, 49, ['e']],
    [50, 80, ['c', 'a']],
  ]);
});

test('the filter keeps a proposal only when its type, score and corroboration pass', () => {
  const all = { type: '', minScore: 0, hideCorroborations: false };
  const loan = { type: 'LENDS_TO', score: 0.6 };
  const source = { type: 'HOSTS_BASE', score: 0.9, corroborates: 'x' };
  expect([passesFilter(loan, all), passesFilter(source, all)]).toEqual([true, true]);
  expect([passesFilter(loan, { ...all, type: 'HOSTS_BASE' }), passesFilter(source, { ...all, type: 'HOSTS_BASE' })]).toEqual([false, true]);
  expect([passesFilter(loan, { ...all, minScore: 0.7 }), passesFilter(source, { ...all, minScore: 0.7 })]).toEqual([false, true]);
  expect([passesFilter(loan, { ...all, hideCorroborations: true }), passesFilter(source, { ...all, hideCorroborations: true })]).toEqual([true, false]);
});
