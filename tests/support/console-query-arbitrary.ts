/**
 * A fast-check generator of console queries built from what the guard allows: every function of its
 * allowlist (read from the guard module), called with 0 to 3 arguments drawn from the awkward values that
 * crash or confuse engines (null, empty list, empty map, maps, mixed and nested lists, wrong types, graph
 * elements where a list is expected, nested calls, and parameters holding those), placed in RETURN,
 * WHERE, WITH, UNWIND, ORDER BY and `IN` positions, with or without a matched graph around them.
 * Each sample carries a `shape` that names it without its literal values, to deduplicate what it finds.
 */
import fc from 'fast-check';
import { ALLOWED_FUNCTIONS } from '../../server/domain/cypher-guard';

export interface ConsoleSample {
  query: string;
  params: Record<string, unknown>;
  /** The query's form with values replaced by their kind, e.g. `RETURN keys(<null>)`. */
  shape: string;
}

interface Expr {
  text: string;
  shape: string;
  params: Record<string, unknown>;
}

const FUNCTIONS = [...ALLOWED_FUNCTIONS].sort();

/** Literal arguments with the kind they stand for. */
const LITERALS: Array<[string, string]> = [
  ['null', 'null'], ['0', 'int'], ['-1', 'int'], ['2.5', 'float'], ["''", 'empty string'], ["'abc'", 'string'],
  ['true', 'bool'], ['[]', 'empty list'], ['[null]', 'list of null'], ['[1, 2]', 'int list'], ["[1, 'a']", 'mixed list'],
  ['[1, 2.5]', 'int-float list'], ['[[1], []]', 'nested list'], ['{}', 'empty map'], ['{a: 1}', 'map'],
  ['{a: null}', 'map of null'], ['{a: {b: [1]}}', 'nested map'], ["'2020-01-01'", 'date string'], ['[{}]', 'list of map'],
];

/** Parameter values the console accepts (see assertConsoleParams), with their kind. */
const PARAM_VALUES: Array<[unknown, string]> = [
  [null, 'null'], [[], 'empty list'], ['', 'empty string'], ['x', 'string'], [1, 'int'], [2.5, 'float'], [true, 'bool'],
  [[1, 2], 'int list'], [['a'], 'string list'], [[true, false], 'bool list'],
];

/** Graph values, usable where the query matched `p = (n)-[r]->(m)`. */
const GRAPH_VALUES: Array<[string, string]> = [
  ['n', 'node'], ['r', 'rel'], ['p', 'path'], ['n.name', 'node property'], ['n.nope', 'missing property'], ['m', 'node'],
];

function literal(): fc.Arbitrary<Expr> {
  return fc.constantFrom(...LITERALS).map(([text, kind]) => ({ text, shape: `<${kind}>`, params: {} }));
}

function parameter(): fc.Arbitrary<Expr> {
  return fc.tuple(fc.constantFrom(...PARAM_VALUES), fc.integer({ min: 0, max: 9 })).map(([[value, kind], n]) => ({
    text: `$p${n}`,
    shape: `<$${kind}>`,
    params: { [`p${n}`]: value },
  }));
}

function graphValue(): fc.Arbitrary<Expr> {
  return fc.constantFrom(...GRAPH_VALUES).map(([text, kind]) => ({ text, shape: `<${kind}>`, params: {} }));
}

function call(arg: fc.Arbitrary<Expr>): fc.Arbitrary<Expr> {
  return fc.tuple(fc.constantFrom(...FUNCTIONS), fc.array(arg, { minLength: 0, maxLength: 3 })).map(([fn, args]) => ({
    text: `${fn}(${args.map((a) => a.text).join(', ')})`,
    shape: `${fn}(${args.map((a) => a.shape).join(', ')})`,
    params: Object.assign({}, ...args.map((a) => a.params)) as Record<string, unknown>,
  }));
}

/** An argument: a literal, a parameter, a graph value (when bound) or a call nested one level. */
function argument(withGraph: boolean): fc.Arbitrary<Expr> {
  const leaf = withGraph ? fc.oneof(literal(), parameter(), graphValue()) : fc.oneof(literal(), parameter());
  return fc.oneof({ weight: 4, arbitrary: leaf }, { weight: 1, arbitrary: call(leaf) });
}

/** Where the expression goes; `{e}` marks it. */
const POSITIONS = [
  'RETURN {e} AS v',
  'WITH {e} AS v RETURN v',
  'UNWIND {e} AS v RETURN v',
  'UNWIND [1] AS x WITH x WHERE {e} IS NULL RETURN x',
  'WITH {e} AS v UNWIND [1] AS x RETURN x IN v, keys(v)',
  'RETURN 1 IN {e} AS v',
  'RETURN {e}[0] AS v',
];
const GRAPH_POSITIONS = [
  'MATCH p = (n)-[r]->(m) WITH n, r, m, p AS p LIMIT 3 RETURN {e} AS v',
  'MATCH p = (n)-[r]->(m) WHERE {e} IS NOT NULL RETURN n.id LIMIT 3',
  'MATCH p = (n)-[r]->(m) WITH {e} AS v, n LIMIT 3 RETURN v, n.id',
  'MATCH p = (n)-[r]->(m) WITH n, r, m, p AS p LIMIT 3 UNWIND {e} AS v RETURN v',
  'MATCH p = (n)-[r]->(m) RETURN n.id ORDER BY {e} LIMIT 3',
  'MATCH p = (n)-[r]->(m) WHERE n.id IN {e} RETURN n.id LIMIT 3',
];

/** A console query calling one allowed function with awkward arguments in one position. */
export function consoleQuery(): fc.Arbitrary<ConsoleSample> {
  return fc.boolean().chain((withGraph) =>
    fc.tuple(fc.constantFrom(...(withGraph ? GRAPH_POSITIONS : POSITIONS)), fc.oneof({ weight: 5, arbitrary: call(argument(withGraph)) }, { weight: 1, arbitrary: argument(withGraph) })).map(([position, e]) => ({
      query: position.replace('{e}', e.text),
      params: e.params,
      shape: position.replace('{e}', e.shape),
    })),
  );
}

/** `count` samples from a fixed seed: the same queries on every run. */
export function sampleConsoleQueries(count: number, seed: number): ConsoleSample[] {
  return fc.sample(consoleQuery(), { numRuns: count, seed });
}

/** The kinds that crashed or leaked in the one-argument sweep, tried again beside a plain argument. */
const AWKWARD_KINDS = new Set(['null', '$null', '$empty list', 'empty list', 'list of null', 'nested list', 'map', 'empty map', 'nested map', 'int', 'string', 'node', 'path']);

/**
 * Every allowed function called with no argument and with one argument of each kind above (literal,
 * parameter, graph value), then with the awkward kinds as the first or second of two arguments and the
 * first of three, in RETURN: the systematic sweep the random generator samples from.
 */
export function functionArgumentMatrix(): ConsoleSample[] {
  const graphPrefix = 'MATCH p = (n)-[r]->(m) WITH n, r, m, p AS p LIMIT 1 ';
  const args: Array<Expr & { graph: boolean }> = [
    ...LITERALS.map(([text, kind]) => ({ text, shape: `<${kind}>`, params: {}, graph: false })),
    ...PARAM_VALUES.map(([value, kind]) => ({ text: '$p', shape: `<$${kind}>`, params: { p: value }, graph: false })),
    ...GRAPH_VALUES.map(([text, kind]) => ({ text, shape: `<${kind}>`, params: {}, graph: true })),
  ];
  const out: ConsoleSample[] = [];
  for (const fn of FUNCTIONS) {
    out.push({ query: `RETURN ${fn}() AS v`, params: {}, shape: `RETURN ${fn}()` });
    for (const a of args) {
      const prefix = a.graph ? graphPrefix : '';
      out.push({ query: `${prefix}RETURN ${fn}(${a.text}) AS v`, params: a.params, shape: `${prefix}RETURN ${fn}(${a.shape})` });
    }
  }
  for (const fn of FUNCTIONS) {
    for (const a of args.filter((x) => AWKWARD_KINDS.has(x.shape.slice(1, -1)))) {
      const prefix = a.graph ? graphPrefix : '';
      for (const [text, shape] of [[`${a.text}, 1`, `${a.shape}, <int>`], [`[1, 2], ${a.text}`, `<int list>, ${a.shape}`], [`'abc', ${a.text}`, `<string>, ${a.shape}`], [`${a.text}, 1, 2`, `${a.shape}, <int>, <int>`]] as const) {
        out.push({ query: `${prefix}RETURN ${fn}(${text}) AS v`, params: a.params, shape: `${prefix}RETURN ${fn}(${shape})` });
      }
    }
  }
  return out;
}
