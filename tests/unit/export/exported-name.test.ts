/** The renaming rule of properties whose keys are a format's own fields: prop_<key>, and never two keys to one name. */
import { exportedName, propertyColumns } from '../../../server/export/export-values';

const FIELDS = new Set(['label', 'id', 'start']);

test('a key that is a field of the format is written as prop_<key>; any other key as itself', () => {
  expect(exportedName('label', FIELDS)).toBe('prop_label');
  expect(exportedName('population', FIELDS)).toBe('population');
});

test('a key already starting with prop_ is prefixed too, so it cannot meet a renamed key', () => {
  expect(exportedName('prop_label', FIELDS)).toBe('prop_prop_label');
  const keys = ['label', 'prop_label', 'prop_prop_label', 'start', 'prop_start', 'id', 'name', 'prop_', 'propLabel'];
  const names = keys.map((k) => exportedName(k, FIELDS));
  expect(new Set(names).size).toBe(keys.length);
  for (const n of names) expect(FIELDS.has(n)).toBe(false);
});

test('property columns carry the key (to read the value) and the name (to write it)', () => {
  expect(propertyColumns(new Map([['label', 'string'], ['year', 'integer']]), false, FIELDS)).toEqual([
    { key: 'label', name: 'prop_label', type: 'string' },
    { key: 'year', name: 'year', type: 'integer' },
  ]);
});
