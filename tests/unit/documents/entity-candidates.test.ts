/**
 * Names the tagger and the capitalised-run rules propose as new entities: people after their titles, not
 * titles alone nor a headline's capitalised words; organisations with their nationality; cities named as
 * such, found again where they recur.
 */
import { findCandidateEntities } from '../../../server/documents/entity-candidates';
import type { Mention } from '../../../server/domain/document-model';

const namesOf = (text: string, mentions: Mention[] = []) => findCandidateEntities(text, mentions).map((c) => `${c.kind}: ${c.name}`);

test('a name after a rank is a person, and the rank is not part of the name', () => {
  expect(namesOf('The visit was led by Army General Michael Kurilla last week.')).toContain('Person: Michael Kurilla');
});

test('a title alone is not a person', () => {
  expect(namesOf('The talks were held when the Foreign Minister arrived.').filter((n) => n.startsWith('Person'))).toEqual([]);
});

test("a headline's capitalised words are not a person's name", () => {
  expect(namesOf('Why Is Norway Suddenly Paying So Much Attention To Oslo\n\nThe story follows.').filter((n) => n.startsWith('Person'))).toEqual([]);
});

test('an organisation keeps its nationality: "US Embassy" is not cut to "Embassy"', () => {
  const text = 'The US Embassy in Dushanbe will oversee the work.';
  const us: Mention = { entity: 'united-states', name: 'United States', kind: 'Country', text: 'US', start: 4, end: 6, via: 'alias' };
  expect(namesOf(text, [us])).toContain('GovernmentBody: US Embassy');
});

test('a city named as a capital is found again where it recurs', () => {
  const found = findCandidateEntities('A base near the Kyrgyz capital, Bishkek, opened. Officials in Bishkek agreed.', []).find((c) => c.name === 'Bishkek');
  expect(found?.mentions.map((m) => m.start)).toEqual([32, 62]);
});

test('a body of the United Nations is an international organisation, whatever its head noun', () => {
  expect(namesOf('The forum was organized by the United Nations Development Program (UNDP) last June.')).toContain('InternationalOrganization: United Nations Development Program');
});

test('an appositive class noun gives a name its kind, but not a noun of its complement', () => {
  expect(namesOf('Officials fear a canal will divert water from the Amu Darya—a transboundary river that three states share.')).toContain('NaturalFeature: Amu Darya');
  expect(namesOf('The plan was backed by Ivan Petrov, the head of the agency, on Monday.')).toContain('Person: Ivan Petrov');
});

test('a newspaper is named by its head noun, in English or Russian', () => {
  expect(namesOf('He told the Moscow daily Nezavisimaya Gazeta in July.')).toContain('MediaOutlet: Nezavisimaya Gazeta');
});
