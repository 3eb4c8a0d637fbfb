/**
 * The values the Neo4j adapter sends and reads, with the real driver's types (no server needed): whole
 * numbers go as driver Integers (stored as INTEGER), other numbers as floats, a list with a decimal as a
 * list of floats; Integers read back as plain numbers, never as {low, high}.
 */
// Only to build the Node values a driver result holds, so the adapter's conversion is checked without a server.
// eslint-disable-next-line no-restricted-imports
import neo4j from 'neo4j-driver';
import { NodeCell } from '../../server/stores/read-result';
import { nodeOf, plainProperties, toDriverParams, toDriverValue, toGraphNode, toPlain } from '../../server/stores/neo4j/neo4j-values';

// The driver's Integer (64 bits as two 32-bit halves); the driver itself is imported only to build the Node
// values a result record holds (the document test below).
const isInt = (v: unknown): boolean => typeof v === 'object' && v !== null && v.constructor.name === 'Integer' && 'high' in v && 'low' in v;

test('whole numbers in the safe range are sent as Integers, other numbers as floats', () => {
  expect(isInt(toDriverValue(10000000))).toBe(true);
  expect(isInt(toDriverValue(2015))).toBe(true);
  expect(isInt(toDriverValue(-7))).toBe(true);
  expect(String(toDriverValue(10000000))).toBe('10000000');
  expect(toDriverValue(2.5)).toBe(2.5);
  // Beyond ±2^53 a number is no longer exact as an integer: it stays a float.
  expect(toDriverValue(2 ** 60)).toBe(2 ** 60);
});

test('a list of whole numbers is a list of Integers; a list with a decimal is a list of floats, every element', () => {
  const wholes = toDriverValue([2015, 10000000]) as unknown[];
  expect(wholes.every(isInt)).toBe(true);
  expect(toDriverValue([1, 2.5, -3])).toEqual([1, 2.5, -3]);
  expect((toDriverValue([1, 2.5, -3]) as unknown[]).some(isInt)).toBe(false);
  expect(toDriverValue([])).toEqual([]);
  expect(toDriverValue(['a', 'b'])).toEqual(['a', 'b']);
});

test('rows of properties are converted all the way down, and other values pass as they are', () => {
  const params = toDriverParams({ rows: [{ id: 'a', props: { year: 2015, ratio: 0.5, mixed: [1, 2.5], ok: true, none: null } }] });
  const props = (params.rows as Array<{ props: Record<string, unknown> }>)[0]?.props ?? {};
  expect(isInt(props.year)).toBe(true);
  expect(props.ratio).toBe(0.5);
  expect(props.mixed).toEqual([1, 2.5]);
  expect(props.ok).toBe(true);
  expect(props.none).toBeNull();
});

test('Integers read back as plain numbers in the safe range and as text beyond it', () => {
  expect(toPlain(toDriverValue(10000000))).toBe(10000000);
  expect(JSON.stringify(toPlain({ n: toDriverValue(2015), xs: [toDriverValue(1), 2.5] }))).toBe('{"n":2015,"xs":[1,2.5]}');
  const big = toDriverValue(2 ** 52) as { multiply(n: number): unknown };
  expect(toPlain(big.multiply(2 ** 10))).toBe('4611686018427387904');
});

test('a SourceDocument node read from Neo4j becomes a document node the console can draw; an entity stays an entity', () => {
  // The driver's own Node type, as a result record holds it (no server needed).
  const doc = new neo4j.types.Node(neo4j.int(1), ['SourceDocument'], { id: 'd1', title: 'A title', publisher: 'Asia-Plus', published: '2024-06-20', publishedInferred: true, url: 'https://example.org/a' }, '4:x:1');
  const cell = toPlain(doc);
  expect(cell).toBeInstanceOf(NodeCell);
  expect((cell as InstanceType<typeof NodeCell>).node).toEqual({
    id: 'd1',
    kind: 'SourceDocument',
    name: 'A title',
    aliases: [],
    properties: { title: 'A title', publisher: 'Asia-Plus', published: '2024-06-20', publishedInferred: true, url: 'https://example.org/a' },
  });
  const entity = new neo4j.types.Node(neo4j.int(2), ['Entity', 'City'], { id: 'dushanbe', name: 'Dushanbe', aliases: ['Душанбе'], population: neo4j.int(1000000) }, '4:x:2');
  expect((toPlain(entity) as InstanceType<typeof NodeCell>).node).toEqual({ id: 'dushanbe', kind: 'City', name: 'Dushanbe', aliases: ['Душанбе'], properties: { population: 1000000 } });
  // The import log is not part of the graph: it stays a property map.
  const log = new neo4j.types.Node(neo4j.int(3), ['Import'], { id: 'i1', actor: 'x' }, '4:x:3');
  expect(toPlain(log)).toEqual({ id: 'i1', actor: 'x' });
});

test('a property map reads back with its strings, booleans and floats as they are and Integers in lists as numbers', () => {
  const plain = plainProperties({ name: 'Base One', active: true, share: 0.25, years: [neo4j.int(2012), neo4j.int(2020)], quotes: ['a', 'b'], gone: null });
  expect(plain).toEqual({ name: 'Base One', active: true, share: 0.25, years: [2012, 2020], quotes: ['a', 'b'], gone: null });
});

test('an entity read as labels and property map (NODE_COLUMNS) becomes the same wire node as the whole driver node', () => {
  const props = { id: 'dushanbe', name: 'Dushanbe', aliases: ['Душанбе'], population: neo4j.int(1000000), founded: '1924' };
  const whole = toGraphNode(new neo4j.types.Node(neo4j.int(2), ['Entity', 'City'], props, '4:x:2'));
  const columns = new neo4j.types.Record(['l', 'p'], [['Entity', 'City'], props]);
  expect(nodeOf(columns)).toEqual(whole);
  expect(whole).toEqual({ id: 'dushanbe', kind: 'City', name: 'Dushanbe', aliases: ['Душанбе'], properties: { population: 1000000, founded: '1924' } });
});
