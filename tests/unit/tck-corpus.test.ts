import path from 'node:path';
import { PROJECT_ROOT } from '../../server/project-paths';
import { readCypherLiteral, readTckQueries } from '../support/tck-corpus';

describe("the TCK corpus's parameters, written as Cypher literals, are read as a client would send them", () => {
  test.each([
    ["'Stefan'", 'Stefan'],
    ["'it\\'s'", "it's"],
    ['-1', -1],
    ['1.5', 1.5],
    ['true', true],
    ['null', null],
    ['[]', []],
    ['[1, 2, 3, null]', [1, 2, 3, null]],
    ["{name: 'Alice', age: 38, address: {city: 'London', residential: true}}", { name: 'Alice', age: 38, address: { city: 'London', residential: true } }],
    ["[{year: 2016, id: 1}, {`odd key`: 'x'}]", [{ year: 2016, id: 1 }, { 'odd key': 'x' }]],
  ])('%s', (text, value) => {
    expect(readCypherLiteral(text)).toEqual(value);
  });

  test('text that is not a literal is an error naming it, not a guess', () => {
    expect(() => readCypherLiteral('[1, 2')).toThrow(/not a Cypher literal/);
    expect(() => readCypherLiteral('n.name')).toThrow(/not a Cypher literal/);
  });

  test('the slice kept in the repository reads whole, parameters included', () => {
    const slice = readTckQueries(path.join(PROJECT_ROOT, 'tests', 'fixtures', 'tck-slice', 'queries.json'));
    expect(slice.length).toBeGreaterThan(300);
    expect(slice.find((q) => q.id === 2013)?.params).toEqual({ elt: null, coll: [] });
  });
});
