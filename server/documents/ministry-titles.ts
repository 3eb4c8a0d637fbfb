/**
 * A minister's title names a ministry: "Tajik Foreign Minister Hamrokhon Zarifi", "Tajikistan's foreign
 * minister, Hamrokhon Zarifi", "the deputy foreign minister of Tajikistan". Where the graph knows that
 * ministry (a GovernmentBody named "<field> Ministry" or "Ministry of <field>", of the state the title names),
 * the title is a party standing for it, so the minister's tie to the ministry and the ministry's to its state
 * are read as they are for a ministry named outright. A title naming no state, or a ministry the graph lacks,
 * stands for nothing.
 */
import { foldText } from '../domain/text-folding';
import type { Party } from './claim-proposer';
import type { KnownEntity, MentionFinder } from './mention-finder';

/** "defence" and "defense" are one field. */
const fieldOf = (word: string): string => foldText(word).replace(/defence/, 'defense');

/**
 * Parties for the ministers' titles of `text` (see the module comment). `states` finds the known countries
 * in a label; `parties` are the ones found so far (the state a title names is one of them).
 */
export function findMinistryTitles(text: string, entities: readonly KnownEntity[], states: MentionFinder, parties: readonly Party[]): Party[] {
  const ministries = entities
    .filter((e) => e.kind === 'GovernmentBody')
    .map((e) => {
      const labels = [e.name, ...e.aliases];
      const words = new Set(labels.flatMap((l) => foldText(l).split(/[^\p{L}]+/u).map(fieldOf)));
      return { e, words, states: new Set(labels.flatMap((l) => states.find(l).map((m) => m.entity))) };
    })
    .filter((m) => m.words.has('ministry'));
  if (ministries.length === 0) return [];
  const out: Party[] = [];
  for (const m of text.matchAll(/(?<![\p{L}])(?:deputy\s+)?(\p{L}+)\s+minister(?![\p{L}])/giu)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const field = fieldOf(m[1] ?? '');
    // The state: a country named just before ("Tajik", "Tajikistan's") or just after ("of Tajikistan").
    const state = parties.find(
      (p) => p.kind === 'Country' && ((p.end <= start && /^[\s'’s]*$/u.test(text.slice(p.end, start))) || (p.start >= end && /^\s+of\s+(?:the\s+)?$/i.test(text.slice(end, p.start)))),
    );
    if (!state) continue;
    const fits = ministries.filter((x) => x.words.has(field) && x.states.has(state.id));
    if (fits.length !== 1 || !fits[0]) continue;
    out.push({ id: fits[0].e.id, kind: 'GovernmentBody', start, end, isNew: false, title: true });
  }
  return out;
}
