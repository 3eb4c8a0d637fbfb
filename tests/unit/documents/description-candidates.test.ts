/**
 * Entities named by a description: an event, agreement or policy noun with its modifiers and one complement,
 * a nationality with a group noun, a name with its lower-case kind; offsets true to the text.
 */
import { findDescribedEntities } from '../../../server/documents/description-candidates';

const described = (text: string) => findDescribedEntities(text).map((c) => [c.name, c.kind]);

test('a visit with its complement is an event named without words that only date it', () => {
  const text = 'During a recent state visit to Mongolia, the two sides talked.';
  const found = findDescribedEntities(text);
  expect(found.map((c) => [c.name, c.kind])).toEqual([['state visit to Mongolia', 'Event']]);
  for (const c of found) for (const m of c.mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
});

test('a bare head ("the treaty") is a reference, not a name, and a gerund is not a modifier', () => {
  expect(described('Then the treaty lapsed.')).toEqual([]);
  expect(described('Norway is hosting winter drills.')).toEqual([['winter drills', 'Event']]);
});

test('agreements and policies are named by their modifiers, groups by a nationality', () => {
  expect(described('A 2011 border agreement ended it.')).toEqual([['2011 border agreement', 'Agreement']]);
  expect(described('Oslo keeps an open door policy.')).toEqual([['open door policy', 'Policy']]);
  expect(described('Many Uzbek seasonal workers left.')).toEqual([['Uzbek seasonal workers', 'Group']]);
  expect(described('The Vakhsh canal runs dry.')).toEqual([['Vakhsh canal', 'Infrastructure']]);
});

test('a city named as a capital is a City', () => {
  expect(described('It lies near the Ruritanian capital, Strelsau.')).toEqual([['Strelsau', 'City']]);
});

test('a complement whose name only modifies the next noun is not part of the name, and a day or month ends the modifiers', () => {
  expect(described('Troops held a mountain warfare exchange with Tajik military forces.')).toEqual([
    ['mountain warfare exchange', 'Event'],
    ['Tajik military forces', 'MilitaryUnit'],
  ]);
  expect(described('Joint Russian–Tajik anti–terrorism exercises in Tajikistan’s Khatlon region began.')).toEqual([['Russian–Tajik anti–terrorism exercises', 'Event']]);
  expect(described("The agenda for Putin's June 28 state visit was dull.")).toEqual([['state visit', 'Event']]);
  expect(described('After his speech to the CSTO warning of unrest, talks began.')).toEqual([['speech to the CSTO', 'Event']]);
});

test('a region named by a point of the compass, and cities named as such', () => {
  expect(described('Violence in northern Afghanistan spread.')).toEqual([['northern Afghanistan', 'Region']]);
  expect(described('The base is spread across the cities of Dushanbe and Bokhtar.')).toEqual([
    ['Dushanbe', 'City'],
    ['Bokhtar', 'City'],
  ]);
});

test('projects and structures the vocabulary names by description: schools, a government complex, a border outpost', () => {
  expect(described('Five new Russian-language schools will open.')).toEqual([['Russian-language schools', 'Project']]);
  expect(described('China is building the government complex in Dushanbe, officials say.')).toEqual([['government complex in Dushanbe', 'Infrastructure']]);
  expect(described('Work on the new Tajik-Afghan border outpost began.')).toEqual([['Tajik-Afghan border outpost', 'Infrastructure']]);
});

test('officers named by nationality and rank are a group', () => {
  expect(described('Four Tajik generals and two Tajik colonels were accused.')).toEqual([
    ['Tajik generals', 'Group'],
    ['Tajik colonels', 'Group'],
  ]);
});

test("an event's possessive owner named by title and name is a person, offsets true to the text", () => {
  const text = "General Nazarzoda's mutiny sparked the violence.";
  const found = findDescribedEntities(text);
  expect(found.map((c) => [c.name, c.kind])).toEqual([
    ['Nazarzoda', 'Person'],
    ["General Nazarzoda's mutiny", 'Event'],
  ]);
  for (const c of found) for (const m of c.mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
});

test('a named project whose name joins capitalised words by "and" or "in" is one candidate', () => {
  expect(described('It was driven by the Climate Change and Resilience in Central Asia project funded by donors.')).toEqual([['Climate Change and Resilience in Central Asia project', 'Project']]);
});
