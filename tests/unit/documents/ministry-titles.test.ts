/**
 * A minister's title stands for the ministry the graph knows, of the state the title names: the minister
 * works for it and it is part of that state; a title of a state or field the graph has no ministry for,
 * or one naming no state, stands for nothing.
 */
import { proposeClaims, type Party } from '../../../server/documents/claim-proposer';
import { MentionFinder, type KnownEntity } from '../../../server/documents/mention-finder';
import { findMinistryTitles } from '../../../server/documents/ministry-titles';
import { splitSentences } from '../../../server/documents/sentence-split';

const ENTITIES: KnownEntity[] = [
  { id: 'tajikistan', kind: 'Country', name: 'Tajikistan', aliases: [] },
  { id: 'kazakhstan', kind: 'Country', name: 'Kazakhstan', aliases: [] },
  { id: 'tj-fm', kind: 'GovernmentBody', name: 'Foreign Ministry of Tajikistan', aliases: ['Tajik Foreign Ministry'] },
  { id: 'tj-mod', kind: 'GovernmentBody', name: 'Ministry of Defense of Tajikistan', aliases: [] },
];
const TYPES = [
  { type: 'WORKS_FOR', from: ['Person'], to: ['GovernmentBody', 'Country'] },
  { type: 'PART_OF', from: ['GovernmentBody', 'Country'], to: ['GovernmentBody', 'Country'] },
  { type: 'DEMANDS', from: ['Person', 'GovernmentBody'], to: ['Country'] },
];

/** The parties of `text`: its known mentions, the given people, and the titles' ministries. */
function partiesOf(text: string, people: string[]): Party[] {
  const parties: Party[] = new MentionFinder(ENTITIES).find(text).map((m) => ({ id: m.entity, kind: m.kind, start: m.start, end: m.end, isNew: false }));
  for (const name of people) {
    const start = text.indexOf(name);
    parties.push({ id: name.toLowerCase().replace(/\s+/g, '-'), kind: 'Person', start, end: start + name.length, isNew: true });
  }
  const states = new MentionFinder(ENTITIES.filter((e) => e.kind === 'Country'));
  return [...parties, ...findMinistryTitles(text, ENTITIES, states, parties)].sort((a, b) => a.start - b.start);
}

function claimsOf(text: string, people: string[]): string[] {
  const claims = proposeClaims({ text, documentId: 'd', sentences: splitSentences(text), parties: partiesOf(text, people), types: TYPES, existing: [] });
  for (const c of claims) expect(text.slice(c.start, c.end)).toBe(c.quote);
  return [...new Set(claims.map((c) => `${c.type} ${c.source} ${c.target}`))].sort();
}

test('a nationality and a minister title before a name: the minister works for that state’s ministry, which is part of the state', () => {
  expect(claimsOf('Tajik Foreign Minister Karim Nazar met reporters.', ['Karim Nazar'])).toEqual(
    expect.arrayContaining(['PART_OF tj-fm tajikistan', 'WORKS_FOR karim-nazar tj-fm']),
  );
});

test('a possessive state, the title and the name after a comma; "defence" and "defense" are one field', () => {
  expect(claimsOf("Tajikistan's defence minister, Karim Nazar, spoke.", ['Karim Nazar'])).toEqual(expect.arrayContaining(['WORKS_FOR karim-nazar tj-mod']));
  expect(claimsOf('Karim Nazar, the deputy defense minister of Tajikistan, spoke.', ['Karim Nazar'])).toEqual(expect.arrayContaining(['WORKS_FOR karim-nazar tj-mod']));
});

test('a title of a state whose ministry the graph lacks, or naming no state, stands for nothing', () => {
  expect(partiesOf('Kazakh Foreign Minister Aset Nur spoke.', ['Aset Nur']).map((p) => p.id)).not.toContain('tj-fm');
  expect(partiesOf('The foreign minister, Aset Nur, spoke.', ['Aset Nur']).map((p) => p.id)).not.toContain('tj-fm');
});

test('the title stands for the ministry only as what the minister works for: what the minister says is not the ministry’s claim', () => {
  expect(claimsOf('Tajik Foreign Minister Karim Nazar said Kazakhstan should pay.', ['Karim Nazar']).filter((c) => c.startsWith('DEMANDS tj-fm'))).toEqual([]);
});
