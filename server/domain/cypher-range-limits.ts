/**
 * How the console keeps range() from doing unbounded eager work on the embedded engine. Kuzu evaluates
 * range() in one piece and cannot be interrupted while it does (range(1, 10000000) took 11 s and 2.6 GB
 * past a 1 s timeout; `WITH 3000000 AS n RETURN size(range(1, n))` ran 1.6 s past a 1 s timeout), but it
 * checks its timeout between batches of rows, so many ranges of bounded size over many rows stay
 * interruptible (10,000 rows of a 10,000-value range each stopped at its 1 s timeout).
 *
 * So every range() call is bounded to MAX_RANGE_SIZE values:
 * - bounds known before the query runs (integer literals and parameters, and +, -, *, /, % over them) are
 *   sized here and refused when too large;
 * - bounds the query computes (`range(0, size(list) - 1)`) are rewritten so the engine checks the size on
 *   each row before it builds the list: the upper bound gains `+ to_int64(CASE WHEN <too large> THEN
 *   '<limit>' ELSE '0' END)`, which adds 0, or fails the query with a conversion error quoting the limit.
 *   The rewrite is Neo4j Cypher too (the grammar reads it back), so a later dialect rewrite can parse it.
 *   The check evaluates the bounds a second time, so bounds that read the clock or random numbers are
 *   refused (the two evaluations could differ);
 * - ranges nested in an iteration over another range (`[x IN range(1, 10000) | range(1, x)]`) build one
 *   list of lists in one piece: their sizes multiply, and the product is bounded by MAX_RANGE_PRODUCT.
 * reduce() is bounded the same way, by its shape: a step that uses its accumulator twice (`s + s`), inside an
 * iteration (`[y IN [1, 2] | s]`) or through replace() can double it on every element (60 elements make 2^60
 * characters), so on the embedded engine the step may use the accumulator once, outside those. Kuzu 0.11.3
 * has no reduce() (it answers "function REDUCE does not exist"); the rule is for a dialect rewrite into its
 * eager list_reduce().
 * Neo4j interrupts range() and reduce() at its own limits (timeout, memory guard), so none of this applies there.
 */
import type { CypherTreeNode } from './cypher-parser';

/** Largest number of elements one range() may produce. */
export const MAX_RANGE_SIZE = 10_000;
/** Largest product of the sizes of range() calls nested in iterations over ranges. */
export const MAX_RANGE_PRODUCT = 100_000;

/** A refusal: where it stands and the words for the user. */
export interface RangeRefusal {
  offset: number;
  message: string;
  details: Record<string, unknown>;
}

/** Replaces the query's text from `start` to `end` (exclusive) with `text`. */
export interface TextRewrite {
  start: number;
  end: number;
  text: string;
}

/** The words the engine quotes when a computed range() is too large (in its conversion error). */
export const RANGE_LIMIT_MESSAGE = `range() in the console may produce at most ${MAX_RANGE_SIZE} values per call (see the README, The Cypher console)`;

/** Functions whose value may differ between two evaluations in one row. */
const VOLATILE_FUNCTION = /^(?:rand|random|randomuuid|gen_random_uuid|timestamp|current_timestamp|current_date|.*\.(?:realtime|statement|transaction))$/;
/** Temporal constructors that read the clock when called without arguments. */
const CLOCK_WHEN_EMPTY = new Set(['date', 'datetime', 'localdatetime', 'time', 'localtime']);
/** Expressions that iterate over a list (their first list source is where the iteration's size comes from). */
const ITERATIONS = new Set(['listComprehension', 'listItemsPredicate', 'reduceExpression']);
/** Expressions that may copy a value many times over: an accumulator inside one of them can grow geometrically. */
const MULTIPLIERS = new Set([...ITERATIONS, 'patternComprehension']);
/** Functions whose result may be many times longer than their first argument. */
const GROWING_FUNCTIONS = new Set(['replace']);

function children(node: CypherTreeNode): readonly CypherTreeNode[] {
  return node.children ?? [];
}

function startOf(node: CypherTreeNode): number {
  return node.start?.start ?? node.symbol?.start ?? 0;
}

function endOf(node: CypherTreeNode): number {
  return (node.stop?.stop ?? node.symbol?.stop ?? -1) + 1;
}

/** The tokens of a range() bound as evaluateStaticInteger reads them. */
const STATIC_TOKENS = /\$`[^`]*`|\$[A-Za-z_0-9]+|\d+|[-+*/%()]|\S+/g;

/** The parameter a token starting with `$` names. */
const parameterNamed = (token: string): string => token.slice(1).replace(/^`|`$/g, '');

/**
 * The value of integer arithmetic over literals and parameters (`10`, `$n`, `$n * 2 - 1`), or undefined
 * when the text is anything else or leaves the safe integer range. Division truncates, as in Cypher.
 */
export function evaluateStaticInteger(text: string, params: Record<string, unknown>): number | undefined {
  const tokens = text.match(STATIC_TOKENS) ?? [];
  let i = 0;
  const safe = (n: number | undefined): number | undefined => (n !== undefined && Number.isSafeInteger(n) ? n : undefined);
  const primary = (): number | undefined => {
    const t = tokens[i++];
    if (t === undefined) return undefined;
    if (t === '-') return safe(-(primary() ?? NaN));
    if (t === '+') return primary();
    if (t === '(') {
      const v = sum();
      return tokens[i++] === ')' ? v : undefined;
    }
    if (/^\d+$/.test(t)) return t.length > 1 && t.startsWith('0') ? undefined : safe(Number(t));
    if (t.startsWith('$')) {
      // The only read of the parameters in the range limits: kept verdicts are keyed by it (guardParameterKey).
      const value = params[parameterNamed(t)];
      return typeof value === 'number' ? safe(value) : undefined;
    }
    return undefined;
  };
  const product = (): number | undefined => {
    let v = primary();
    while (v !== undefined && (tokens[i] === '*' || tokens[i] === '/' || tokens[i] === '%')) {
      const op = tokens[i++];
      const r = primary();
      if (r === undefined || ((op === '/' || op === '%') && r === 0)) return undefined;
      v = safe(op === '*' ? v * r : op === '/' ? Math.trunc(v / r) : v % r);
    }
    return v;
  };
  const sum = (): number | undefined => {
    let v = product();
    while (v !== undefined && (tokens[i] === '+' || tokens[i] === '-')) {
      const op = tokens[i++];
      const r = product();
      v = r === undefined ? undefined : safe(op === '+' ? v + r : v - r);
    }
    return v;
  };
  const value = sum();
  return i === tokens.length ? value : undefined;
}

/**
 * The parameters whose values planRangeLimits may read (as integers) in this statement: every `$` token of
 * every range() argument, read as evaluateStaticInteger reads it. Nothing else of the parameters reaches the
 * range limits, so a verdict kept for some values holds for any others equal on these names.
 */
export function rangeParameterNames(statement: CypherTreeNode, ruleNames: readonly string[]): string[] {
  const rule = (n: CypherTreeNode): string | undefined => (n.ruleIndex === undefined ? undefined : ruleNames[n.ruleIndex]);
  const names = new Set<string>();
  const walk = (n: CypherTreeNode): void => {
    for (const c of children(n)) {
      const name = rule(c) === 'functionInvocation' ? (children(c).find((f) => rule(f) === 'functionName')?.getText() ?? '') : '';
      if (name.replace(/`/g, '').toLowerCase() === 'range') {
        for (const arg of children(c).filter((a) => rule(a) === 'functionArgument')) {
          for (const t of arg.getText().match(STATIC_TOKENS) ?? []) if (t.startsWith('$')) names.add(parameterNamed(t));
        }
      }
      walk(c);
    }
  };
  walk(statement);
  return [...names];
}

/** Number of values range(from, to, step) produces. */
function rangeSize(from: number, to: number, step: number): number {
  return Math.max(0, Math.floor((to - from) / step) + 1);
}

/**
 * Finds what the statement's range() calls need on the embedded engine: a refusal, or the rewrites that
 * check computed bounds at run time (offsets into `query`; inner calls' rewrites are folded into outer ones).
 */
export function planRangeLimits(
  query: string,
  statement: CypherTreeNode,
  ruleNames: readonly string[],
  params: Record<string, unknown>,
): { refusal?: RangeRefusal; rewrites: TextRewrite[] } {
  const rule = (n: CypherTreeNode): string | undefined => (n.ruleIndex === undefined ? undefined : ruleNames[n.ruleIndex]);
  const rewrites: TextRewrite[] = [];
  /** Static size of each range() call, keyed by its start offset; computed ranges count as MAX_RANGE_SIZE. */
  const sizes = new Map<number, number>();

  const functionName = (call: CypherTreeNode): string =>
    (children(call).find((c) => rule(c) === 'functionName')?.getText() ?? '').replace(/`/g, '').toLowerCase();
  const argumentsOf = (call: CypherTreeNode): CypherTreeNode[] => children(call).filter((c) => rule(c) === 'functionArgument');
  const calls = (n: CypherTreeNode, out: CypherTreeNode[] = []): CypherTreeNode[] => {
    for (const c of children(n)) {
      if (rule(c) === 'functionInvocation') out.push(c);
      calls(c, out);
    }
    return out;
  };

  /** The text of [start, end) with the rewrites inside it applied (outermost ones; inner ones are in them). */
  const rendered = (start: number, end: number): string => {
    const inside = rewrites.filter((r) => r.start >= start && r.end <= end).sort((a, b) => a.start - b.start || b.end - a.end);
    let out = '';
    let at = start;
    for (const r of inside) {
      if (r.start < at) continue;
      out += query.slice(at, r.start) + r.text;
      at = r.end;
    }
    return out + query.slice(at, end);
  };

  const refuse = (node: CypherTreeNode, message: string): { refusal: RangeRefusal; rewrites: TextRewrite[] } => ({
    refusal: { offset: startOf(node), message, details: { function: 'range' } },
    rewrites: [],
  });

  const growth = checkReduceGrowth(statement, rule);
  if (growth) return { refusal: growth, rewrites: [] };

  // Post-order, so a range() inside another range()'s bounds is rewritten before the outer one reads its text.
  const all = calls(statement).filter((c) => functionName(c) === 'range').reverse();
  for (const call of all) {
    const args = argumentsOf(call);
    if (args.length < 2 || args.length > 3) continue; // the engine names the wrong arity
    const values = args.map((a) => evaluateStaticInteger(a.getText(), params));
    if (values.every((v) => v !== undefined)) {
      const [from, to, step = 1] = values as number[];
      if (step === 0) return refuse(call, 'range() step must not be 0');
      const size = rangeSize(from as number, to as number, step);
      if (size > MAX_RANGE_SIZE) return refuse(call, `range() in the console may produce at most ${MAX_RANGE_SIZE} values; this one produces ${size}`);
      sizes.set(startOf(call), Math.max(size, 1));
      continue;
    }
    for (const inner of calls(call)) {
      const name = functionName(inner);
      if (VOLATILE_FUNCTION.test(name) || (CLOCK_WHEN_EMPTY.has(name) && argumentsOf(inner).length === 0)) {
        return refuse(inner, `range() bounds that the query computes may not call ${name}() in the console: they are evaluated twice to check the size (at most ${MAX_RANGE_SIZE} values) before the list is built`);
      }
    }
    sizes.set(startOf(call), MAX_RANGE_SIZE);
    const [from, to, step] = args.map((a) => `(${rendered(startOf(a), endOf(a))})`) as [string, string, string | undefined];
    const tooLarge = step === undefined ? `${to} - ${from} >= ${MAX_RANGE_SIZE}` : `${step} <> 0 AND (${to} - ${from}) * sign(${step}) >= ${MAX_RANGE_SIZE} * abs(${step})`;
    const target = args[1] as CypherTreeNode;
    rewrites.push({
      start: startOf(target),
      end: endOf(target),
      text: `${to} + to_int64(CASE WHEN ${tooLarge} THEN '${RANGE_LIMIT_MESSAGE}' ELSE '0' END)`,
    });
  }

  // Ranges nested in an iteration over a range build one list of lists: their sizes multiply.
  const check = (node: CypherTreeNode, factor: number): RangeRefusal | undefined => {
    const name = rule(node);
    if (name === 'functionInvocation' && sizes.has(startOf(node))) {
      const total = factor * (sizes.get(startOf(node)) as number);
      if (total > MAX_RANGE_PRODUCT) {
        return {
          offset: startOf(node),
          message: `The nested range() calls here produce up to ${total} values together; the console allows ${MAX_RANGE_PRODUCT}`,
          details: { function: 'range' },
        };
      }
    }
    if (name !== undefined && ITERATIONS.has(name)) {
      const expressions = children(node).filter((c) => rule(c) === 'expression');
      const source = expressions[name === 'reduceExpression' ? 1 : 0];
      const over = source ? Math.max(1, ...calls(source).filter((c) => sizes.has(startOf(c))).map((c) => sizes.get(startOf(c)) as number)) : 1;
      for (const c of children(node)) {
        const found = check(c, c === source ? factor : factor * over);
        if (found) return found;
      }
      return undefined;
    }
    for (const c of children(node)) {
      const found = check(c, factor);
      if (found) return found;
    }
    return undefined;
  };
  const nested = check(statement, 1);
  if (nested) return { refusal: nested, rewrites: [] };

  // A RETURN column is named by its text, as Neo4j names it, not by the size check added to it.
  if (rewrites.length > 0) {
    const returned = (n: CypherTreeNode, out: CypherTreeNode[] = [], inReturn = false): CypherTreeNode[] => {
      for (const c of children(n)) {
        const name = rule(c);
        if (name === 'returnItem' && inReturn) out.push(c);
        returned(c, out, inReturn || name === 'returnClause');
      }
      return out;
    };
    for (const item of returned(statement)) {
      const expr = children(item).find((c) => rule(c) === 'expression');
      if (!expr || children(item).some((c) => rule(c) === 'variable')) continue;
      const [start, end] = [startOf(expr), endOf(expr)];
      const original = query.slice(start, end);
      // Kuzu keeps a doubled backtick doubled in a column name: such a column keeps the engine's name.
      if (original.includes('`') || !rewrites.some((r) => r.start >= start && r.end <= end)) continue;
      rewrites.push({ start, end, text: `${rendered(start, end)} AS \`${original.replace(/\s+/g, ' ')}\`` });
    }
  }
  return { rewrites: rewrites.filter((r) => !rewrites.some((o) => o !== r && o.start <= r.start && o.end >= r.end)) };
}

/** The first reduce() whose step could grow its accumulator geometrically, as a refusal. */
function checkReduceGrowth(statement: CypherTreeNode, rule: (n: CypherTreeNode) => string | undefined): RangeRefusal | undefined {
  const find = (n: CypherTreeNode, name: string, out: CypherTreeNode[] = []): CypherTreeNode[] => {
    for (const c of children(n)) {
      if (rule(c) === name) out.push(c);
      find(c, name, out);
    }
    return out;
  };
  for (const reduce of find(statement, 'reduceExpression')) {
    const accumulator = children(reduce).find((c) => rule(c) === 'variable')?.getText();
    const step = children(reduce).filter((c) => rule(c) === 'expression')[2];
    if (!accumulator || !step) continue;
    const uses: CypherTreeNode[][] = [];
    /** Collects each use of the accumulator with the chain of rules above it, inside the step. */
    const walk = (n: CypherTreeNode, above: CypherTreeNode[]): void => {
      for (const c of children(n)) {
        if (rule(c) === 'variable' && c.getText() === accumulator) uses.push(above);
        else walk(c, [...above, c]);
      }
    };
    walk(step, [step]);
    const multiplied = uses.some((chain) =>
      chain.some((n) => {
        const name = rule(n);
        if (name !== undefined && MULTIPLIERS.has(name)) return true;
        if (name !== 'functionInvocation') return false;
        const fn = children(n).find((c) => rule(c) === 'functionName')?.getText().toLowerCase() ?? '';
        return GROWING_FUNCTIONS.has(fn);
      }),
    );
    if (uses.length > 1 || multiplied) {
      return {
        offset: startOf(reduce),
        message: `reduce() here can double its accumulator ${accumulator} on every element (it uses it ${uses.length > 1 ? `${uses.length} times` : 'inside an iteration or replace()'}); the embedded engine builds such a value in one piece and cannot interrupt it, so its step may use ${accumulator} once`,
        details: { function: 'reduce' },
      };
    }
  }
  return undefined;
}

/** Applies non-overlapping rewrites to `text` (offsets into it). */
export function applyRewrites(text: string, rewrites: readonly TextRewrite[]): string {
  let out = text;
  for (const r of [...rewrites].sort((a, b) => b.start - a.start)) out = out.slice(0, r.start) + r.text + out.slice(r.end);
  return out;
}
