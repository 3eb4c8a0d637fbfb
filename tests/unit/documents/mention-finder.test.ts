/**
 * Mentions of known entities: case, diacritics, inflections and demonyms tolerated, offsets true to the
 * text, short capitals only as written, the longest name winning an overlap, a name beating an alias.
 */
import { MentionFinder, type KnownEntity } from '../../../server/documents/mention-finder';

const ENTITIES: KnownEntity[] = [
  { id: 'tajikistan', kind: 'Country', name: 'Tajikistan', aliases: ['Dushanbe', 'Тоҷикистон'] },
  { id: 'russia', kind: 'Country', name: 'Russia', aliases: ['Moscow', 'the Kremlin'] },
  { id: 'moscow', kind: 'City', name: 'Moscow', aliases: [] },
  { id: 'dushanbe', kind: 'City', name: 'Dushanbe', aliases: ['Душанбе'] },
  { id: 'united-states', kind: 'Country', name: 'United States', aliases: ['US', 'U.S.', 'Washington'] },
  { id: 'rahmon', kind: 'Person', name: 'Emomali Raḥmon', aliases: [] },
  { id: 'russian-language', kind: 'Language', name: 'Russian', aliases: [] },
  { id: 'b201', kind: 'MilitaryBase', name: 'Russian 201st Military Base', aliases: ['201st Military Base'] },
];

const find = (text: string) => new MentionFinder(ENTITIES).find(text).map((m) => [m.text, m.entity, m.via]);

test('names, inflections and demonyms find their entity, with offsets true to the text', () => {
  const text = 'Moscow’s grip on the Tajik economy worries Russian and TAJIKISTAN officials.';
  const mentions = new MentionFinder(ENTITIES).find(text);
  expect(mentions.map((m) => [m.text, m.entity, m.via])).toEqual([
    ['Moscow’s', 'moscow', 'name'],
    ['Tajik', 'tajikistan', 'demonym'],
    ['Russian', 'russia', 'demonym'],
    ['TAJIKISTAN', 'tajikistan', 'name'],
  ]);
  for (const m of mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
});

test('diacritics and scripts fold: "Rahmon" finds "Raḥmon", Tajik Cyrillic finds its alias in any case', () => {
  expect(find('Emomali Rahmon met officials in Душанбе and ТОҶИКИСТОН.')).toEqual([
    ['Emomali Rahmon', 'rahmon', 'name'],
    ['Душанбе', 'dushanbe', 'alias'],
    ['ТОҶИКИСТОН', 'tajikistan', 'alias'],
  ]);
});

test('a short all-capital alias matches only as written: "US" is the state, "us" is a pronoun', () => {
  expect(find('The US and the U.S. military told us nothing.')).toEqual([
    ['US', 'united-states', 'alias'],
    ['U.S.', 'united-states', 'alias'],
  ]);
});

test('the longest name wins an overlap, and a name beats an alias', () => {
  expect(find('Tajikistan hosts the Russian 201st Military Base near Dushanbe.')).toEqual([
    ['Tajikistan', 'tajikistan', 'name'],
    ['Russian 201st Military Base', 'b201', 'name'],
    ['Dushanbe', 'dushanbe', 'name'],
  ]);
});

test('a demonym that is also a language reads as the language only where the context says so', () => {
  expect(find('Russian troops teach in Russian at Russian-language schools.')).toEqual([
    ['Russian', 'russia', 'demonym'],
    ['Russian', 'russian-language', 'name'],
    ['Russian', 'russian-language', 'name'],
  ]);
});

test('"the country" reads as the state the text names most', () => {
  const text = 'Tajikistan is poor. Tajikistan borders Afghanistan. Russia keeps troops in the country.';
  const named = new MentionFinder(ENTITIES).find(text);
  const refs = MentionFinder.references(text, named);
  expect(refs.map((r) => [r.text, r.entity, r.via])).toEqual([['the country', 'tajikistan', 'reference']]);
});
