/**
 * The console's first wall: every query is parsed with Neo4j's own Cypher grammar (see cypher-parser.ts)
 * and only one read statement built from read clauses gets through: MATCH, OPTIONAL MATCH, WHERE, WITH,
 * UNWIND, RETURN, ORDER BY, SKIP, LIMIT and UNION, with functions from an allowlist and the few read-only
 * procedures below. Anything else is refused naming the clause: writes, schema and admin commands,
 * LOAD CSV, CALL of other procedures and subqueries, and Kuzu-only statements the grammar does not know
 * (COPY, EXPORT DATABASE, LOAD FROM, LOAD EXTENSION, ATTACH, CALL timeout=0, ...), which fail to parse.
 * It is an allowlist: what it does not know, it refuses.
 *
 * The engines' read-only modes are the second wall, not the first: on Kuzu they do not stop COPY TO,
 * LOAD FROM or CALL settings, and Neo4j's READ mode does not stop LOAD CSV or procedures.
 *
 * One more thing is checked before the embedded engine sees the query: Kuzu evaluates `range()` eagerly and
 * cannot be interrupted while it does, so each range() is bounded in size, checked here when its bounds are
 * known and by the engine on each row when the query computes them, and a reduce() step may not double its
 * accumulator (cypher-range-limits.ts). Streaming work (cross products, long paths, sorts) stays
 * interruptible by the timeout. SKIP is bounded the same way, for the crash described at MAX_SKIP.
 *
 * On Neo4j the engine's own limits (its timeout and memory guard) apply: the guard there only keeps the
 * console read-only (no writes, schema or admin commands, files, network or unknown procedures and functions).
 *
 * On the embedded engine, shapes known to crash it are refused too, naming the reason (see
 * cypher-crash-rules.ts): null where a function needs a node, a relationship or a list, IN over a null list,
 * a leading WITH ... WHERE, and the rest found by the console fuzz.
 */
import { QueryRejectedError } from './errors';
import { findKnownCrash } from './cypher-crash-rules';
import { parseCypher, type CypherTreeNode } from './cypher-parser';
import { applyRewrites, planRangeLimits, rangeParameterNames } from './cypher-range-limits';
import type { EngineName } from './graph-model';

export { MAX_RANGE_PRODUCT, MAX_RANGE_SIZE } from './cypher-range-limits';
/**
 * Largest SKIP. Kuzu 0.11.3 crashed the process (segfault) on `ORDER BY ... SKIP 20000` over a 200-row
 * table, found by the property tests; SKIP up to 10000 ran clean in repeated runs.
 */
export const MAX_SKIP = 10_000;
/** Deepest bracket nesting read before parsing: deeper input is refused instead of recursing the parser. */
const MAX_NESTING = 64;

/** The clause rules a console statement may be built from. */
const ALLOWED_CLAUSES = new Set(['matchClause', 'withClause', 'unwindClause', 'returnClause', 'orderBySkipLimitClause']);

/** How refused rules are named to users. Rules not listed are named by their first words. */
const CLAUSE_NAMES: Record<string, string> = {
  createClause: 'CREATE',
  insertClause: 'INSERT',
  deleteClause: 'DELETE',
  setClause: 'SET',
  removeClause: 'REMOVE',
  mergeClause: 'MERGE',
  foreachClause: 'FOREACH',
  useClause: 'USE',
  finishClause: 'FINISH',
  filterClause: 'FILTER',
  letClause: 'LET',
  forListClause: 'FOR',
  subqueryClause: 'CALL { } subquery',
  consoleCommand: 'Console command',
  when: 'WHEN (conditional query)',
  localDefinition: 'DEFINE',
  allReduceExpression: 'allReduce()',
  cypherOptions: 'CYPHER option',
};

/** Read-only procedures the console may CALL, lower-cased (Neo4j's and Kuzu's catalogue reads). */
const ALLOWED_PROCEDURES = new Set(['db.labels', 'db.relationshiptypes', 'db.propertykeys', 'show_tables']);

/** Neo4j's temporal types: each is a function and a namespace of the functions below. */
const TEMPORAL_TYPES = ['date', 'datetime', 'localdatetime', 'time', 'localtime'];

/**
 * Functions the console may call, lower-cased: Neo4j 5's built-in functions (aggregation, graph accessors,
 * predicates, string, math, list, temporal, spatial and vector functions: all of them read values and
 * nothing else) and Kuzu's own names for the same kinds of work. Left out on purpose: functions that read
 * outside the graph (LOAD CSV's file() and linenumber(), apoc and other plugins, whose functions can read
 * URLs or files) and Kuzu functions that grow their input unboundedly in one call (lpad, rpad, repeat).
 */
export const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set([
  // aggregation
  'count', 'collect', 'sum', 'avg', 'min', 'max', 'stdev', 'stdevp', 'percentilecont', 'percentiledisc',
  // graph elements and paths
  'id', 'elementid', 'label', 'labels', 'type', 'properties', 'keys', 'nodes', 'relationships', 'rels',
  'startnode', 'endnode', 'length', 'cost', 'is_trail', 'is_acyclic', 'exists', 'db.namefromelementid',
  // predicates and general
  'all', 'any', 'none', 'single', 'isempty', 'coalesce', 'head', 'last', 'tail', 'size', 'range', 'reverse',
  'nullif', 'hash', 'valuetype', 'randomuuid',
  // strings
  'tolower', 'toupper', 'lower', 'upper', 'trim', 'ltrim', 'rtrim', 'btrim', 'substring', 'substr', 'left',
  'right', 'replace', 'split', 'string_split', 'tostring', 'tostringornull', 'string', 'starts_with',
  'ends_with', 'contains', 'prefix', 'suffix', 'concat', 'list_to_string', 'normalize', 'char_length',
  'character_length', 'regexp_matches',
  // numbers and conversions
  'abs', 'ceil', 'floor', 'round', 'sign', 'sqrt', 'exp', 'log', 'log10', 'pi', 'e', 'isnan', 'rand',
  'sin', 'cos', 'tan', 'cot', 'asin', 'acos', 'atan', 'atan2', 'degrees', 'radians', 'haversin',
  'tointeger', 'tofloat', 'toboolean', 'tointegerornull', 'tofloatornull', 'tobooleanornull', 'to_int64',
  'to_double', 'cast',
  // lists
  'tobooleanlist', 'tofloatlist', 'tointegerlist', 'tostringlist', 'list_contains', 'list_has',
  'list_distinct', 'list_sort', 'list_reverse_sort', 'list_extract', 'list_element', 'list_position',
  'list_sum', 'list_product', 'list_any_value',
  // time: Neo4j's constructors and their namespaces (truncate, clock readings, epoch), durations, Kuzu's parts
  ...TEMPORAL_TYPES,
  ...TEMPORAL_TYPES.flatMap((t) => ['truncate', 'realtime', 'statement', 'transaction'].map((f) => `${t}.${f}`)),
  'datetime.fromepoch', 'datetime.fromepochmillis',
  'duration', 'duration.between', 'duration.indays', 'duration.inmonths', 'duration.inseconds',
  'timestamp', 'date_part', 'datepart', 'current_date', 'current_timestamp',
  // spatial and vectors
  'point', 'point.distance', 'point.withinbbox', 'distance', 'vector.similarity.cosine', 'vector.similarity.euclidean',
]);

/** Words that start statements the grammar does not know; named in the refusal instead of a parse error. */
const KNOWN_STATEMENTS: Record<string, string> = {
  COPY: 'COPY', EXPORT: 'EXPORT DATABASE', IMPORT: 'IMPORT DATABASE', ATTACH: 'ATTACH', DETACH: 'DETACH',
  INSTALL: 'INSTALL', LOAD: 'LOAD', BEGIN: 'BEGIN TRANSACTION', COMMIT: 'COMMIT', ROLLBACK: 'ROLLBACK',
  CHECKPOINT: 'CHECKPOINT', CALL: 'CALL', USE: 'USE', UNINSTALL: 'UNINSTALL', UPDATE: 'UPDATE',
};

interface Located {
  line: number;
  column: number;
  offset: number;
}

function locate(query: string, offset: number): Located {
  const before = query.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1, offset };
}

function refuse(query: string, offset: number, message: string, details: Record<string, unknown> = {}): never {
  const where = locate(query, offset);
  throw new QueryRejectedError(`${message} (line ${where.line}, column ${where.column})`, { ...details, ...where });
}

function refuseClause(query: string, offset: number, clause: string): never {
  refuse(query, offset, `${clause} is not allowed in the console; it only runs reads (MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN, UNION)`, { clause });
}

function offsetOf(node: CypherTreeNode): number {
  return node.start?.start ?? node.symbol?.start ?? 0;
}

/** The first `count` words of a node's source text, upper-cased, to name a clause or command. */
function firstWords(query: string, node: CypherTreeNode, count: number): string {
  const start = offsetOf(node);
  const end = node.stop ? node.stop.stop + 1 : query.length;
  return query
    .slice(start, end)
    .split(/[^A-Za-z_]+/)
    .filter((w) => w.length > 0)
    .slice(0, count)
    .join(' ')
    .toUpperCase();
}

/** Refuses input nested deeper than the parser should recurse, counting brackets outside strings and comments. */
function assertShallow(query: string): void {
  let depth = 0;
  let i = 0;
  while (i < query.length) {
    const ch = query[i] as string;
    if (ch === "'" || ch === '"' || ch === '`') {
      i += 1;
      while (i < query.length && query[i] !== ch) i += query[i] === '\\' && ch !== '`' ? 2 : 1;
    } else if (query.startsWith('//', i)) {
      const end = query.indexOf('\n', i);
      i = end === -1 ? query.length : end;
    } else if (query.startsWith('/*', i)) {
      const end = query.indexOf('*/', i + 2);
      i = end === -1 ? query.length : end + 1;
    } else if (ch === '(' || ch === '[' || ch === '{') {
      depth += 1;
      if (depth > MAX_NESTING) refuse(query, i, `The query nests brackets deeper than ${MAX_NESTING} levels`);
    } else if (ch === ')' || ch === ']' || ch === '}') {
      depth -= 1;
    }
    i += 1;
  }
}

/** The value of a SKIP: an integer literal or an integer parameter; undefined when not known before running. */
function staticInteger(text: string, params: Record<string, unknown>): number | undefined {
  if (/^-?\d{1,15}$/.test(text)) return Number(text);
  const param = /^\$`?([A-Za-z_][A-Za-z0-9_]*|\d+)`?$/.exec(text);
  if (param) {
    const value = params[param[1] as string];
    return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
  }
  return undefined;
}

function children(node: CypherTreeNode): readonly CypherTreeNode[] {
  return node.children ?? [];
}

export interface GuardOptions {
  /**
   * The engine that will run the query (default 'embedded', the stricter). On 'neo4j' only read-only safety
   * is checked: the limits on range(), reduce(), SKIP and the crash rules are the embedded engine's.
   */
  engine?: EngineName;
  /** Refuse the shapes that crash the embedded engine (default true; never applied on Neo4j). */
  crashRules?: boolean;
}

/** A SKIP the guard met: its amount as written and where it stands. */
export interface SkipCheck {
  amount: string;
  offset: number;
}

/**
 * What the guard reads from a text alone, whatever the parameters (plain data, so it can be kept per text).
 * The verdict for given parameters follows from it: the SKIPs are checked in order (they may read a parameter),
 * then the refusal, if any, is thrown; otherwise on Neo4j the statement is the verdict, and on the embedded
 * engine the range limits and crash rules, which read the parameters, decide it (GuardReading.limit).
 */
export interface GuardPlan {
  /** SKIPs met before the verdict, in the order the guard meets them (embedded engine only). */
  skips: SkipCheck[];
  /** The refusal the text earns by itself (clause, function, procedure, syntax, ...), once the SKIPs pass. */
  refusal?: { message: string; details: unknown };
  /** The statement as written, without a trailing semicolon ('' when refused). */
  statement: string;
  /** Embedded engine: the range limits and crash rules still have to read the parameters. */
  limits?: {
    /** The only parameters whose values the range limits read (rangeParameterNames). */
    rangeParameters: string[];
  };
}

/** A plan with what finishes it: the refusal as thrown, and the parameter-dependent checks over the parse tree. */
export interface GuardReading {
  plan: GuardPlan;
  rejected?: QueryRejectedError;
  /** The range limits and crash rules for these parameters: the statement with its size checks, or a refusal. */
  limit?: (params: Record<string, unknown>) => string;
}

/** Reads a text as the guard does before it looks at any parameter: parses it once and walks its tree. */
export function readCypherText(query: string, options: GuardOptions = {}): GuardReading {
  const skips: SkipCheck[] = [];
  try {
    return readStatement(query, options, skips);
  } catch (err) {
    if (!(err instanceof QueryRejectedError)) throw err;
    return { plan: { skips, refusal: { message: err.message, details: err.details }, statement: '' }, rejected: err };
  }
}

/** Throws the refusal of the first SKIP whose amount is not a whole number from 0 to MAX_SKIP with these parameters. */
export function checkSkips(query: string, plan: GuardPlan, params: Record<string, unknown>): void {
  for (const skip of plan.skips) {
    const value = staticInteger(skip.amount, params);
    if (value === undefined || value < 0 || value > MAX_SKIP) {
      refuse(query, skip.offset, `SKIP in the console takes a whole number from 0 to ${MAX_SKIP} (a literal or a parameter)`, { clause: 'SKIP' });
    }
  }
}

/**
 * What of the parameters an embedded plan's verdict depends on, as a key: the values of its range
 * parameters where they are safe integers (evaluateStaticInteger reads nothing else), and for every parameter
 * given whether it is null, a list or another value (the crash rules' paramForm reads nothing else, and a
 * name not given reads as null). Two parameter sets with the same key get the same verdict from a plan once
 * its SKIPs pass, so a verdict can be kept per text and key: a new $id or $year does not parse the text again.
 */
export function guardParameterKey(plan: GuardPlan, params: Record<string, unknown>): string {
  const integers = (plan.limits?.rangeParameters ?? []).map((name) => {
    const value = params[name];
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) return '-';
    return Object.is(value, -0) ? '-0' : String(value);
  });
  const forms = Object.getOwnPropertyNames(params)
    .sort()
    .map((name) => {
      const value = params[name];
      return [name, value === null ? 'null' : Array.isArray(value) ? 'list' : 'other'];
    });
  return JSON.stringify([integers, forms]);
}

function readStatement(query: string, options: GuardOptions, skips: SkipCheck[]): GuardReading {
  if (query.trim() === '') throw new QueryRejectedError('The query is empty.');
  assertShallow(query);
  let parsed: ReturnType<typeof parseCypher>;
  try {
    parsed = parseCypher(query);
  } catch (err) {
    // A pathological input that still exhausts the parser's stack is refused, not answered with a 500.
    if (err instanceof RangeError) throw new QueryRejectedError('The query is too complex for the console to read.');
    throw err;
  }
  const { tree, ruleNames, errors } = parsed;
  const rule = (n: CypherTreeNode): string | undefined => (n.ruleIndex === undefined ? undefined : ruleNames[n.ruleIndex]);

  const statements = children(tree).filter((c) => rule(c) === 'statementOrCommand');
  const embedded = (options.engine ?? 'embedded') === 'embedded';

  const visit = (node: CypherTreeNode): void => {
    const name = rule(node);
    if (name === undefined) return;
    if (name === 'clause') {
      const inner = children(node)[0];
      const innerName = inner ? rule(inner) : undefined;
      if (inner && innerName && !ALLOWED_CLAUSES.has(innerName)) {
        if (innerName === 'callClause') checkProcedure(inner);
        else if (innerName === 'loadCSVClause') refuseClause(query, offsetOf(inner), firstWords(query, inner, 2) === 'LOAD CSV' ? 'LOAD CSV' : `LOAD ${firstWords(query, inner, 2).split(' ')[1] ?? ''}`.trim());
        else refuseClause(query, offsetOf(inner), CLAUSE_NAMES[innerName] ?? firstWords(query, inner, 2));
      }
    } else if (name === 'command' || name === 'composableCommandClauses') {
      refuseClause(query, offsetOf(node), firstWords(query, node, 2));
    } else if (name === 'preparserOption') {
      const word = firstWords(query, node, 1);
      if (word !== 'EXPLAIN' && word !== 'PROFILE') refuseClause(query, offsetOf(node), 'CYPHER option');
    } else if (name === 'nextStatement' && children(node).filter((c) => rule(c) === 'regularQuery').length > 1) {
      refuseClause(query, offsetOf(node), 'NEXT');
    } else if (name === 'singleQuery' && children(node).some((c) => c.symbol?.text === '{')) {
      refuseClause(query, offsetOf(node), 'A { } query block');
    } else if (CLAUSE_NAMES[name] !== undefined) {
      refuseClause(query, offsetOf(node), CLAUSE_NAMES[name]);
    } else if (name === 'functionInvocation') {
      checkFunction(node);
    } else if (name === 'skip' && embedded) {
      // Its amount may be a parameter: checked against the parameters, in this order (checkSkips).
      skips.push({ amount: children(node).find((c) => rule(c) === 'expression')?.getText() ?? '', offset: offsetOf(node) });
    }
    for (const c of children(node)) visit(c);
  };

  const checkProcedure = (call: CypherTreeNode): void => {
    const nameNode = children(call).find((c) => rule(c) === 'procedureName');
    const procedure = nameNode?.getText() ?? '';
    if (!ALLOWED_PROCEDURES.has(procedure.toLowerCase())) {
      refuse(query, offsetOf(call), `CALL ${procedure || '(procedure)'} is not allowed in the console; it may only call ${[...ALLOWED_PROCEDURES].join(', ')}`, { clause: 'CALL', procedure });
    }
  };

  const checkFunction = (call: CypherTreeNode): void => {
    const nameNode = children(call).find((c) => rule(c) === 'functionName');
    const fn = (nameNode?.getText() ?? '').replace(/`/g, '');
    const lower = fn.toLowerCase();
    if (!ALLOWED_FUNCTIONS.has(lower)) {
      refuse(query, offsetOf(call), `The function ${fn}() is not allowed in the console`, { function: fn });
    }
  };

  // Name a refused clause even when the rest does not parse (e.g. "LOAD FROM" is read as a broken LOAD CSV).
  for (const s of statements) visit(s);

  if (errors.length > 0) {
    const first = errors[0] as (typeof errors)[number];
    const word = (first.token ?? '').toUpperCase();
    const leading = /^\s*(?:\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*([A-Za-z_]+)/.exec(query.slice(first.offset === 0 ? 0 : first.offset));
    const known = KNOWN_STATEMENTS[word] ?? (first.offset === 0 && leading ? KNOWN_STATEMENTS[(leading[1] ?? '').toUpperCase()] : undefined);
    if (known) refuseClause(query, first.offset, known);
    if (statements.length > 1) {
      refuse(query, first.offset, 'Only one statement can run at a time; remove what follows ";"');
    }
    refuse(query, first.offset, `The console could not read the query: ${first.message}. It accepts Neo4j Cypher read syntax`, {
      syntax: first.message,
    });
  }
  if (statements.length !== 1) {
    const second = statements[1];
    if (second) refuse(query, offsetOf(second), 'Only one statement can run at a time; remove what follows ";"');
    throw new QueryRejectedError('The query is empty.');
  }
  const statement = statements[0] as CypherTreeNode;
  const end = statement.stop ? statement.stop.stop + 1 : query.length;
  const written = query.slice(0, end);
  if (!embedded) return { plan: { skips, statement: written.trim() } };
  return {
    plan: { skips, statement: written.trim(), limits: { rangeParameters: rangeParameterNames(statement, ruleNames) } },
    limit: (params) => {
      const ranges = planRangeLimits(query, statement, ruleNames, params);
      if (ranges.refusal) refuse(query, ranges.refusal.offset, ranges.refusal.message, ranges.refusal.details);
      if (options.crashRules ?? true) {
        const crash = findKnownCrash(statement, ruleNames, params);
        if (crash) refuse(query, crash.offset, crash.message, crash.details);
      }
      return applyRewrites(written, ranges.rewrites).trim();
    },
  };
}

/**
 * Accepts exactly one read-only Cypher statement and returns it (without a trailing semicolon);
 * otherwise throws QueryRejectedError naming the clause, procedure or function and where it stands.
 * `params` are the query's parameters, read to size range() calls and SKIP, and to tell a null or list
 * parameter where the embedded engine would crash on one. On the embedded engine the statement returned
 * may differ from the one given: range() calls with computed bounds carry a size check (cypher-range-limits.ts).
 */
export function assertReadOnlyCypher(query: string, params: Record<string, unknown> = {}, options: GuardOptions = {}): string {
  const reading = readCypherText(query, options);
  checkSkips(query, reading.plan, params);
  if (reading.rejected) throw reading.rejected;
  return reading.limit ? reading.limit(params) : reading.plan.statement;
}
