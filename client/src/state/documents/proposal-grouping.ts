/**
 * The order and the filter of a document's proposals, as pure functions (no DOM): grouped by the sentence they
 * quote, groups in text order, the strongest first within each; kept or hidden by type, score and corroboration.
 */
import type { ClaimProposal } from '../../../../server/domain/document-model';

type Proposal = ClaimProposal;

export interface SentenceGroup<T> {
  start: number;
  end: number;
  items: T[];
}

export interface ProposalFilter {
  /** '' for every type. */
  type: string;
  minScore: number;
  hideCorroborations: boolean;
}

/** Items grouped by the sentence they quote, groups in text order, the strongest first within each. */
export function groupBySentence<T extends { proposal: Pick<Proposal, 'start' | 'end' | 'score' | 'id'> }>(items: readonly T[]): SentenceGroup<T>[] {
  const groups = new Map<string, SentenceGroup<T>>();
  for (const item of items) {
    const key = `${item.proposal.start}:${item.proposal.end}`;
    const group = groups.get(key) ?? { start: item.proposal.start, end: item.proposal.end, items: [] };
    group.items.push(item);
    groups.set(key, group);
  }
  const sorted = [...groups.values()].sort((a, b) => a.start - b.start || a.end - b.end);
  for (const g of sorted) g.items.sort((a, b) => b.proposal.score - a.proposal.score || a.proposal.id.localeCompare(b.proposal.id));
  return sorted;
}

/** True when the proposal passes the filter. */
export function passesFilter(p: Pick<Proposal, 'type' | 'score' | 'corroborates'>, f: ProposalFilter): boolean {
  return (f.type === '' || p.type === f.type) && p.score >= f.minScore && !(f.hideCorroborations && p.corroborates !== undefined);
}

