/**
 * Console query shapes that crash the embedded engine (kuzu 0.11.3 segfaults the whole process on them, or
 * answers with its own source paths), recognised in the parse tree before the query runs, so the guard can
 * refuse them with a reason instead of letting them take the engine down. Each rule generalises a crash
 * class found by the console fuzz (bench/console-fuzz: a sweep of every allowed function over awkward
 * arguments, a random generator, and the openCypher TCK corpus) from the *static form* of the offending
 * expression: a null literal, a parameter whose value is null or an empty list (Kuzu receives an empty
 * list as null), a variable a WITH bound to one of those, a map literal where a node is needed, ...
 * Values only known while the query runs (a property that is null on some rows) did not crash; only the
 * forms the engine's binder types as "any" or "map" did.
 *
 * The rules apply to the embedded engine only (the guard is told which engine runs the query): Neo4j
 * answers these queries with nulls or its own errors.
 */
import type { CypherTreeNode } from './cypher-parser';

/** A refusal found in the tree: where it stands, the words for the user, and details for the client. */
export interface CrashFinding {
  offset: number;
  message: string;
  details: { crash: CrashRule } & Record<string, unknown>;
}

/** The crash classes the console refuses, each named in a refusal's details. */
export const CRASH_RULES = [
  'null-argument',
  'map-argument',
  'nested-list-argument',
  'in-null-list',
  'leading-with-where',
  'path-variable-reused',
  'cost-of-unweighted-path',
  'with-bound-parameter',
] as const;
export type CrashRule = (typeof CRASH_RULES)[number];

/** The static form of an expression, as far as the tree and the parameters tell it before the query runs. */
type Form = 'null' | 'map' | 'empty map' | 'nested list' | 'list' | 'parameter value' | 'other';

interface Known {
  form: Form;
  /** How the argument is described to the user: "null", "$p, an empty list (...)", "m, which WITH bound to null". */
  said: string;
}

const UNKNOWN: Known = { form: 'other', said: '' };

/**
 * What each function needs as its first argument, and which forms of it crashed the engine (measured:
 * `npm run fuzz -- --matrix`). Every listed function segfaulted on a null first argument; label() and
 * labels() on a map literal too; length() and the list sorts answered with an engine assertion naming its
 * source file instead. Later arguments never crashed (list_contains([1], null) answers), so only the
 * first is checked. cost() is refused outright (see checkExpressions): it crashed on every path a console
 * query can match.
 */
const FUNCTION_NEEDS: Record<string, { needs: string; refused: readonly Form[] }> = {
  id: { needs: 'a node or a relationship', refused: ['null', 'parameter value'] },
  label: { needs: 'a node or a relationship', refused: ['null', 'parameter value', 'map'] },
  labels: { needs: 'a node or a relationship', refused: ['null', 'parameter value', 'map'] },
  keys: { needs: 'a node, a relationship or a map', refused: ['null', 'parameter value'] },
  nodes: { needs: 'a path', refused: ['null', 'parameter value'] },
  relationships: { needs: 'a path', refused: ['null', 'parameter value'] },
  rels: { needs: 'a path', refused: ['null', 'parameter value'] },
  length: { needs: 'a path', refused: ['null', 'parameter value'] },
  properties: { needs: 'a list of nodes or relationships', refused: ['null', 'parameter value'] },
  list_contains: { needs: 'a list', refused: ['null', 'parameter value'] },
  list_has: { needs: 'a list', refused: ['null', 'parameter value'] },
  list_any_value: { needs: 'a list', refused: ['null', 'parameter value'] },
  list_product: { needs: 'a list', refused: ['null', 'parameter value'] },
  list_sum: { needs: 'a list', refused: ['null', 'parameter value'] },
  list_sort: { needs: 'a list of values', refused: ['null', 'parameter value', 'nested list'] },
  list_reverse_sort: { needs: 'a list of values', refused: ['null', 'parameter value', 'nested list'] },
};

const CRASHES = 'because the embedded engine crashes on it';

/** The rule a refused argument form falls under. */
const CRASH_OF_FORM: Partial<Record<Form, CrashRule>> = {
  map: 'map-argument',
  'nested list': 'nested-list-argument',
  'parameter value': 'with-bound-parameter',
};

function children(node: CypherTreeNode): readonly CypherTreeNode[] {
  return node.children ?? [];
}

function offsetOf(node: CypherTreeNode): number {
  return node.start?.start ?? node.symbol?.start ?? 0;
}

/** Strips backticks from a name as written. */
function nameOf(node: CypherTreeNode): string {
  return node.getText().replace(/^`|`$/g, '').replace(/``/g, '`');
}

/**
 * Finds the first known crash shape in one statement's tree, or undefined. `params` are the query's
 * parameters (their values decide a parameter's form).
 */
export function findKnownCrash(statement: CypherTreeNode, ruleNames: readonly string[], params: Record<string, unknown>): CrashFinding | undefined {
  const rule = (n: CypherTreeNode): string | undefined => (n.ruleIndex === undefined ? undefined : ruleNames[n.ruleIndex]);
  const childRules = (n: CypherTreeNode, name: string): CypherTreeNode[] => children(n).filter((c) => rule(c) === name);
  const descendants = (n: CypherTreeNode, name: string, out: CypherTreeNode[] = []): CypherTreeNode[] => {
    for (const c of children(n)) {
      if (rule(c) === name) out.push(c);
      descendants(c, name, out);
    }
    return out;
  };

  // The only read of the parameters here: kept verdicts are keyed by exactly these facts (guardParameterKey).
  const paramForm = (name: string): Known => {
    if (!Object.prototype.hasOwnProperty.call(params, name)) return { form: 'null', said: `$${name}, which is not given (so null)` };
    const value = params[name];
    if (value === null) return { form: 'null', said: `$${name}, which is null` };
    // An empty list no longer reaches the engine as null: kuzu-query-params writes it into the query as [].
    if (Array.isArray(value)) return { form: 'list', said: `$${name}` };
    return UNKNOWN;
  };

  /** The form of an expression: literals, parameters and variables bound by WITH are known; the rest is not. */
  const formOf = (expr: CypherTreeNode, scope: ReadonlyMap<string, Known>): Known => {
    let n = expr;
    for (;;) {
      const only = children(n);
      const name = rule(n);
      if (name === 'parenthesizedExpression') {
        const inner = childRules(n, 'expression')[0];
        if (!inner) return UNKNOWN;
        n = inner;
      } else if (name !== 'variable' && only.length === 1 && only[0]?.ruleIndex !== undefined) n = only[0];
      else break;
    }
    const name = rule(n);
    const text = n.getText();
    if (name === 'literal' && text.toLowerCase() === 'null') return { form: 'null', said: 'null' };
    if (name === 'map') return childRules(n, 'expression').length === 0 ? { form: 'empty map', said: 'an empty map' } : { form: 'map', said: `a map (${text.slice(0, 40)})` };
    if (name === 'listLiteral') {
      const nested = childRules(n, 'expression').some((e) => ['list', 'nested list'].includes(formOf(e, scope).form));
      return nested ? { form: 'nested list', said: 'a list of lists' } : { form: 'list', said: 'a list' };
    }
    if (name === 'parameter') {
      const p = childRules(n, 'parameterName')[0];
      return p ? paramForm(nameOf(p)) : UNKNOWN;
    }
    if (name === 'variable') return scope.get(nameOf(n)) ?? UNKNOWN;
    if (name === 'functionInvocation') {
      // A call over a null parameter (nullif($p, ...), coalesce($p)) is typed like the null itself: it crashed IN.
      for (const p of descendants(n, 'parameterName')) {
        const known = paramForm(nameOf(p));
        if (known.form === 'null') return { form: 'null', said: `${text.slice(0, 40)}, which reads ${known.said}` };
      }
    }
    return UNKNOWN;
  };

  /** True when an expression reads a parameter, directly or through a variable WITH bound to one. */
  const readsParameter = (expr: CypherTreeNode, scope: ReadonlyMap<string, Known>): boolean =>
    descendants(expr, 'parameter').length > 0 || descendants(expr, 'variable').some((v) => scope.get(nameOf(v))?.form === 'parameter value');

  const checkExpressions = (clause: CypherTreeNode, scope: ReadonlyMap<string, Known>): CrashFinding | undefined => {
    for (const call of descendants(clause, 'functionInvocation')) {
      const fnNode = childRules(call, 'functionName')[0];
      const fn = fnNode ? nameOf(fnNode).toLowerCase() : '';
      if (fn === 'cost') {
        return {
          offset: offsetOf(call),
          message: `cost() reads the weight of a path found by Kuzu's weighted shortest path (WSHORTEST), which console queries cannot express; on any other path it is refused ${CRASHES}`,
          details: { crash: 'cost-of-unweighted-path', function: 'cost' },
        };
      }
      const need = FUNCTION_NEEDS[fn];
      if (!need) continue;
      for (const arg of childRules(call, 'functionArgument').slice(0, 1)) {
        const expr = childRules(arg, 'expression')[0];
        const known = expr ? formOf(expr, scope) : UNKNOWN;
        if (!need.refused.includes(known.form)) continue;
        const crash = CRASH_OF_FORM[known.form] ?? 'null-argument';
        return {
          offset: offsetOf(arg),
          message: `${fn}() needs ${need.needs}; ${known.said} is refused here ${CRASHES}`,
          details: { crash, function: fn },
        };
      }
    }
    for (const test of descendants(clause, 'comparisonExpression6')) {
      const parts = children(test);
      if (parts[0]?.symbol?.text?.toUpperCase() !== 'IN') continue;
      const list = parts.find((c) => c.ruleIndex !== undefined);
      const known = list ? formOf(list, scope) : UNKNOWN;
      if (known.form !== 'null' && known.form !== 'parameter value') continue;
      return {
        offset: offsetOf(test),
        message: `IN needs a list; ${known.said} is refused here ${CRASHES} (${known.form === 'null' ? 'pass a list, or test the value for null first' : 'write the parameter itself after IN'})`,
        details: { crash: known.form === 'null' ? 'in-null-list' : 'with-bound-parameter' },
      };
    }
    return undefined;
  };

  /** A name used as a path variable and as a node or relationship in the same query's patterns. */
  const checkPathNames = (query: CypherTreeNode): CrashFinding | undefined => {
    const elements = new Set<string>();
    for (const kind of ['nodePattern', 'relationshipPattern']) {
      for (const el of descendants(query, kind)) {
        const v = childRules(el, 'variable')[0];
        if (v) elements.add(nameOf(v));
      }
    }
    for (const pattern of descendants(query, 'pattern')) {
      const v = childRules(pattern, 'variable')[0];
      if (v && elements.has(nameOf(v))) {
        return {
          offset: offsetOf(v),
          message: `${nameOf(v)} names a path and a node or relationship in the same query; refused ${CRASHES} (give the path its own name)`,
          details: { crash: 'path-variable-reused', variable: nameOf(v) },
        };
      }
    }
    return undefined;
  };

  /** The variables a reading clause binds (not those its expressions read). */
  const boundBy = (clause: CypherTreeNode, name: string): CypherTreeNode[] => {
    if (name === 'unwindClause') return childRules(clause, 'variable');
    if (name === 'callClause') return descendants(clause, 'variable');
    return ['nodePattern', 'relationshipPattern', 'pattern'].flatMap((kind) => descendants(clause, kind).flatMap((el) => childRules(el, 'variable')));
  };

  for (const query of descendants(statement, 'singleQuery')) {
    const reused = checkPathNames(query);
    if (reused) return reused;
    const scope = new Map<string, Known>();
    let read = false;
    for (const wrapper of childRules(query, 'clause')) {
      const clause = children(wrapper)[0];
      const name = clause ? rule(clause) : undefined;
      if (!clause || !name) continue;
      if (name === 'withClause') {
        const where = childRules(clause, 'whereClause')[0];
        if (where && !read) {
          return {
            offset: offsetOf(where),
            message: `WHERE on a WITH that no MATCH or UNWIND comes before is refused ${CRASHES} (start with UNWIND [value] AS x, or filter after a MATCH)`,
            details: { crash: 'leading-with-where' },
          };
        }
        // Aliases take the form of their expression, read in the scope before this WITH.
        const bound = new Map<string, Known>();
        for (const item of descendants(clause, 'returnItem')) {
          const expr = childRules(item, 'expression')[0];
          const alias = childRules(item, 'variable')[0];
          if (expr && alias) {
            const known = formOf(expr, scope);
            const name = nameOf(alias);
            if (known.form === 'null') bound.set(name, { form: known.form, said: `${name}, which WITH bound to ${known.said}` });
            else if (readsParameter(expr, scope)) {
              // Kuzu types such a variable only when the query runs; its binder then crashes on it, whatever the value.
              bound.set(name, { form: 'parameter value', said: `${name}, which WITH bound to a parameter's value (${expr.getText().slice(0, 40)})` });
            } else bound.set(name, known.form === 'other' ? UNKNOWN : { form: known.form, said: `${name}, which WITH bound to ${known.said}` });
          }
        }
        for (const [k, v] of bound) scope.set(k, v);
      } else if (name === 'matchClause' || name === 'unwindClause' || name === 'callClause') {
        read = true;
        for (const v of boundBy(clause, name)) scope.delete(nameOf(v));
      }
      const found = checkExpressions(clause, scope);
      if (found) return found;
    }
  }
  return undefined;
}
