import { queryShape, valueType } from '../../server/stores/kuzu/engine-process/query-shape';

describe('queryShape', () => {
  test('folds case, whitespace and comments, so a crashing query written differently has the same shape', () => {
    expect(queryShape('RETURN keys(null)', {})).toBe('return keys ( null )');
    expect(queryShape('  return\n\tKEYS( NULL ) // again\n', {})).toBe('return keys ( null )');
    expect(queryShape('RETURN /* a */ keys(null)', {})).toBe('return keys ( null )');
  });

  test('replaces literals by typed placeholders, keeping null, true and false as they are', () => {
    expect(queryShape("MATCH (n {id: 'a''b'}) WHERE n.x = 1 AND n.y = 2.5e3 RETURN n", {})).toBe(
      'match ( n { id : ?str } ) where n . x = ?int and n . y = ?float return n',
    );
    expect(queryShape('RETURN "x\\"y", 0x1F, true', {})).toBe('return ?str , ?int , true');
    expect(queryShape('RETURN keys(1)', {})).not.toBe(queryShape('RETURN keys(null)', {}));
  });

  test('keeps quoted identifiers and adds the parameters with their value types', () => {
    expect(queryShape('MATCH (n:`My Label`) WHERE n.id IN $ids RETURN n', { ids: ['a'] })).toBe(
      'match ( n : `My Label` ) where n . id in $ids return n | $ids:list<str>',
    );
    expect(queryShape('RETURN $x', { x: null })).not.toBe(queryShape('RETURN $x', { x: [] }));
  });

  test('an unterminated string or comment still has a shape', () => {
    expect(queryShape("RETURN 'open", {})).toBe('return ?str');
    expect(queryShape('RETURN 1 /* open', {})).toBe('return ?int');
  });
});

describe('valueType', () => {
  test('names the kinds of JSON values a parameter can hold', () => {
    expect([null, true, 1, 1.5, 's', [], [1, 2.5], { a: 1 }].map(valueType)).toEqual(['null', 'bool', 'int', 'float', 'str', 'list<>', 'list<float|int>', 'map']);
  });
});

describe('shapes of a text asked again', () => {
  test('the same text answers the same shape each time, with the types of the parameters given this time', () => {
    const query = "MATCH (n) WHERE n.name = 'x' AND n.id IN $ids RETURN keys(n) LIMIT 5";
    const first = queryShape(query, { ids: ['a'] });
    expect(queryShape(query, { ids: ['a'] })).toBe(first);
    expect(queryShape(query, { ids: null })).toBe('match ( n ) where n . name = ?str and n . id in $ids return keys ( n ) limit ?int | $ids:null');
    expect(queryShape(query, {})).toBe('match ( n ) where n . name = ?str and n . id in $ids return keys ( n ) limit ?int');
    expect(queryShape(query, { ids: ['a'] })).toBe(first);
  });
});
