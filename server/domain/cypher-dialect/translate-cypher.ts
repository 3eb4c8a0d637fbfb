/**
 * The console's Neo4j Cypher, rewritten into the embedded engine's (Kuzu 0.11) dialect so that a read gives
 * the answer Neo4j gives: the statement the guard accepted is parsed with Neo4j's grammar and emitted rule by
 * rule (emitter.ts), with handlers per concern: functions (function-mapping.ts), labels (label-predicates.ts),
 * indexes, slices and comprehensions (list-indexing.ts), subqueries (subqueries.ts), relationship patterns and
 * shortest paths (paths.ts), catalogue procedures (procedures.ts) and column naming (projections.ts).
 * What has no faithful Kuzu form is refused naming it (QueryRejectedError), never answered otherwise.
 * Only for the embedded engine: Neo4j runs the user's text as written.
 */
import type { CypherTreeNode } from '../cypher-parser';
import { parseCypher } from '../cypher-parser';
import { QueryRejectedError } from '../errors';
import type { GraphCatalogue } from '../ports/graph-store';
import { EmitContext, plainName, quoteName, unwrap, type RuleHandler } from './emitter';
import { staticType } from './static-types';
import { emitFunction } from './function-mapping';
import { emitNodePattern } from './label-predicates';
import { emitAddition, emitComparison, emitLabelTest, emitNumberLiteral } from './expressions';
import { emitListComprehension, emitListPredicate, emitPostfixChain } from './list-indexing';
import { emitPattern, emitPatternElement, emitRelationshipPattern, emitShortestPathPattern } from './paths';
import { emitCall, type StandaloneCall } from './procedures';
import { emitMatch } from './match-uniqueness';
import { emitReturn, emitWith, internalAlias, type ProjectionReport } from './projections';
import { emitPatternPredicate, emitSubquery, emitPatternComprehension, refuseCollectSubquery } from './subqueries';

export interface KuzuTranslation {
  /** The statement in Kuzu's dialect. */
  query: string;
  /** Neo4j's names for the result's columns (undefined for RETURN *: the engine's names stand). */
  columns?: string[];
  /** Columns holding properties() maps, whose null entries Neo4j would not have. */
  propertyColumns: number[];
  /** The parameters the statement names: Neo4j ignores others, Kuzu refuses them ("Parameter x not found"). */
  parameters: string[];
}

/** A variable in an expression: quoted (Kuzu reserves more words), a variable-length list as its rels. */
const emitVariable: RuleHandler = (node, ctx) => {
  const name = plainName(ctx.source(node));
  const renamed = ctx.orderAliases?.get(name);
  if (renamed) return renamed;
  if (ctx.scope.get(name)?.kind === 'rels') return `rels(${quoteName(name)})`;
  return quoteName(name);
};

/** UNWIND binds a value (an element of nodes(p) is still a node for what follows). */
const emitUnwind: RuleHandler = (node, ctx) => {
  const expr = ctx.child(node, 'expression');
  const variable = ctx.child(node, 'variable');
  if (!expr || !variable) return undefined;
  const text = `UNWIND ${ctx.emit(expr)} AS ${quoteName(plainName(ctx.source(variable)))}`;
  const listText = ctx.source(expr).replace(/\s+/g, '').toLowerCase();
  const kind = listText.startsWith('nodes(') ? 'node' : listText.startsWith('relationships(') ? 'rel' : 'value';
  // A literal list of lists unwinds lists (ORDER BY needs to know: Kuzu cannot order by a list).
  const elements = ctx.rule(unwrap(ctx, expr)) === 'listLiteral' ? ctx.childrenOf(unwrap(ctx, expr), 'expression') : [];
  const listOfLists = elements.length > 0 && elements.every((e) => staticType(e, ctx) === 'list');
  ctx.scope.set(plainName(ctx.source(variable)), { kind, type: kind === 'value' ? (listOfLists ? 'list' : 'unknown') : kind });
  return text;
};

/**
 * reduce(acc = init, x IN list | expr). Kuzu's list_reduce has no initial value, so the common sum
 * `acc + f(x)` becomes `init + list_sum(list_transform(list, x -> f(x)))` (list_to_string for text); any
 * other body folds the list with the initial value in front, which Kuzu takes when both have one type.
 */
const emitReduce: RuleHandler = (node, ctx) => {
  const [acc, x] = ctx.childrenOf(node, 'variable');
  const [init, list, expr] = ctx.childrenOf(node, 'expression');
  if (!acc || !x || !init || !list || !expr) return undefined;
  const [a, v] = [acc, x].map((n) => plainName(ctx.source(n))) as [string, string];
  const saved = ctx.scope.snapshot();
  try {
    const initText = ctx.emit(init);
    const listText = ctx.emit(list);
    ctx.scope.bindValue(a, 'unknown');
    ctx.scope.bindValue(v, 'unknown');
    const sum = unwrap(ctx, expr);
    const kids = ctx.children(sum);
    const first = kids[0] ? unwrap(ctx, kids[0]) : undefined;
    const rest = kids.slice(2);
    const mentionsAcc = new RegExp(`(^|[^A-Za-z0-9_\`])${a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^A-Za-z0-9_\`]|$)`);
    if (
      ctx.rule(sum) === 'expression6' && kids[1]?.symbol?.text === '+' && first && ctx.rule(first) === 'variable' &&
      plainName(ctx.source(first)) === a && !rest.some((k) => mentionsAcc.test(ctx.source(k))) &&
      rest.every((k, i) => i % 2 === 1 || k.ruleIndex !== undefined) && rest.filter((k) => k.symbol).every((k) => k.symbol?.text === '+')
    ) {
      const term = rest.map((k) => (k.symbol ? ` ${k.symbol.text} ` : ctx.emit(k))).join('');
      const each = `list_transform(${listText}, ${quoteName(v)} -> ${term})`;
      return staticType(init, ctx) === 'string'
        ? `(${initText} + list_to_string('', ${each}))`
        : `(${initText} + coalesce(list_sum(${each}), 0))`;
    }
    return `list_reduce(list_concat([${initText}], ${listText}), (${quoteName(a)}, ${quoteName(v)}) -> ${ctx.emit(expr)})`;
  } finally {
    ctx.scope.restore(saved);
  }
};

/** `n {.name, .id, key: expr}` as a map literal (Kuzu has no map projection). */
const emitMapProjection: RuleHandler = (node, ctx) => {
  const variable = ctx.child(node, 'variable');
  if (!variable) return undefined;
  const base = quoteName(plainName(ctx.source(variable)));
  const entries = ctx.childrenOf(node, 'mapProjectionElement').map((el) => {
    const key = ctx.child(el, 'propertyKeyName');
    const expr = ctx.child(el, 'expression');
    const prop = ctx.child(el, 'property');
    const v = ctx.child(el, 'variable');
    if (key && expr) return `${quoteName(plainName(ctx.source(key)))}: ${ctx.emit(expr)}`;
    if (prop) {
      const k = plainName(ctx.source(prop).replace(/^\s*\.\s*/, ''));
      return `${quoteName(k)}: ${base}.${quoteName(k)}`;
    }
    if (v) return `${quoteName(plainName(ctx.source(v)))}: ${ctx.emit(v)}`;
    return ctx.refuse(el, 'A map projection with .*', 'use properties(n)');
  });
  return `{${entries.join(', ')}}`;
};

/**
 * Rewrites one statement the guard accepted into Kuzu's dialect, with Neo4j's column names.
 * Throws QueryRejectedError naming a construct the embedded engine cannot answer as Neo4j would.
 */
export function translateToKuzu(statement: string, catalogue: GraphCatalogue): KuzuTranslation {
  const parsed = parseCypher(statement);
  if (parsed.errors.length > 0) throw new QueryRejectedError('The console could not read the query.');
  const report: ProjectionReport = { propertyColumns: [] };
  let standalone: StandaloneCall | undefined;
  const parameters = new Set<string>();
  const handlers: Record<string, RuleHandler> = {
    functionInvocation: (n, c) => emitFunction(n, c),
    expression2: (n, c) => emitPostfixChain(n, c),
    expression7: emitLabelTest,
    expression8: emitComparison,
    expression6: emitAddition,
    numberLiteral: emitNumberLiteral,
    variable: emitVariable,
    nodePattern: (n, c) => emitNodePattern(n, c),
    relationshipPattern: (n, c) => emitRelationshipPattern(n, c),
    patternElement: (n, c) => emitPatternElement(n, c),
    pattern: (n, c) => emitPattern(n, c),
    shortestPathPattern: (n, c) => emitShortestPathPattern(n, c),
    listComprehension: (n, c) => emitListComprehension(n, c),
    listItemsPredicate: (n, c) => emitListPredicate(n, c),
    existsExpression: (n, c) => emitSubquery(n, c),
    countExpression: (n, c) => emitSubquery(n, c),
    collectExpression: (n, c) => refuseCollectSubquery(n, c),
    patternExpression: (n, c) => emitPatternPredicate(n, c),
    patternComprehension: (n, c) => emitPatternComprehension(n, c),
    reduceExpression: emitReduce,
    mapProjection: emitMapProjection,
    unwindClause: emitUnwind,
    union: (n, c) => {
      // Each branch of a UNION starts with nothing bound.
      const branches = c.childrenOf(n, 'singleQuery');
      if (branches.length < 2) return undefined;
      const texts = new Map(
        branches.map((b) => {
          c.scope.restore(new Map());
          return [b, c.emit(b)] as const;
        }),
      );
      return c.emitChildren(n, texts);
    },
    parameter: (n, c) => {
      const name = c.child(n, 'parameterName');
      if (name) parameters.add(plainName(c.source(name)));
      return undefined;
    },
    matchClause: (n, c) => emitMatch(n, c),
    returnClause: (n, c) => emitReturn(n, c, report),
    withClause: (n, c) => emitWith(n, c),
    callClause: (n, c) =>
      emitCall(n, c, (call) => {
        standalone = call;
      }),
  };
  const ctx = new EmitContext(statement, parsed.ruleNames, catalogue, handlers);
  const root = ctx.children(parsed.tree).find((c) => ctx.rule(c) === 'statementOrCommand') as CypherTreeNode | undefined;
  if (!root) throw new QueryRejectedError('The query is empty.');
  let query = ctx.emit(root).trim();
  if (standalone && report.columns === undefined) {
    query += ` RETURN ${quoteName(standalone.variable)} AS ${internalAlias(0)}`;
    report.columns = [standalone.column];
  }
  return { query, columns: report.columns, propertyColumns: report.propertyColumns, parameters: [...parameters] };
}
