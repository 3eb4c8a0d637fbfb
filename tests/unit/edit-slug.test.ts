/** The id an entity created in the explorer gets from its name when none is given (domain/edit-graph.ts). */
import { slugOf } from '../../server/domain/edit-graph';
import { ENTITY_ID } from '../../server/domain/edit-model';

test('a name becomes lower-case words joined by hyphens, diacritics dropped', () => {
  expect(slugOf('Kulob Airfield')).toBe('kulob-airfield');
  expect(slugOf('  Émomali  Rahmon (President) ')).toBe('emomali-rahmon-president');
  expect(slugOf("Moscow's 201st")).toBe('moscow-s-201st');
});

test('a name with no Latin letter or digit still gets a valid id', () => {
  const id = slugOf('Душанбе');
  expect(id).toMatch(/^entity-[0-9a-f]{6}$/);
  expect(id).toMatch(ENTITY_ID);
});

test('a very long name gives an id of at most 120 characters that is still valid', () => {
  const id = slugOf('word '.repeat(100));
  expect(id.length).toBeLessThanOrEqual(120);
  expect(id).toMatch(ENTITY_ID);
  expect(id.endsWith('-')).toBe(false);
});
