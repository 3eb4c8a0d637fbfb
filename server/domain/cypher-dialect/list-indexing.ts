/**
 * Postfix expressions and lists: Neo4j indexes lists from 0 and answers null past either end, Kuzu from 1
 * and fails; Neo4j's slice `l[1..3]` is 0-based with an exclusive end, Kuzu's list_slice 1-based inclusive.
 * A property of a date (`date(x).year`) is Kuzu's date_part; a property no table of the variable has is
 * null, as Neo4j answers (Kuzu refuses to bind it). List comprehensions become list_filter/list_transform.
 */
import type { CypherTreeNode } from '../cypher-parser';
import { plainName, quoteName, unwrap, type EmitContext } from './emitter';
import { emitDaysBetween, emitListIndex, integerLiteral, stringLiteralValue } from './function-mapping';
import { hasProperty, staticType } from './static-types';
import { endpointIsLeft, undirectedEndpoint } from './paths';
import type { ValueType } from './scope';

/** Neo4j's date accessors that Kuzu's date_part answers the same. */
const DATE_PARTS: Record<string, string> = { year: 'year', month: 'month', day: 'day', quarter: 'quarter' };

/**
 * Null where a property is absent, typed as a list: a bare NULL literal reaching a list or graph function crashes the
 * engine (the guard's crash rules only see the user's text), a typed one is a binder error at worst.
 */
export const TYPED_NULL = 'CAST(NULL AS STRING[])';

/**
 * Functions that crashed the engine on a null first argument (cypher-crash-rules.ts measured them) and the
 * Neo4j names mapped onto them: a missing property reaching one goes typed.
 */
const NULL_CRASHERS = new Set([
  'id', 'label', 'labels', 'type', 'keys', 'nodes', 'relationships', 'rels', 'length', 'properties', 'size', 'head', 'last',
  'tail', 'reverse', 'list_contains', 'list_has', 'list_any_value', 'list_product', 'list_sum', 'list_sort',
  'list_reverse_sort', 'list_distinct', 'list_extract', 'list_element', 'list_position', 'list_to_string',
]);

/** Aggregates cannot bind an untyped NULL: numeric ones get a null double, the others a null string. */
const NUMERIC_AGGREGATES = new Set(['sum', 'avg', 'stdev', 'stdevp', 'percentiledisc', 'percentilecont']);
const OTHER_AGGREGATES = new Set(['count', 'min', 'max', 'collect']);

/**
 * The null a missing property is written as here: typed as a list where a bare NULL crashed the engine (a
 * crash-prone function's argument, IN's list), typed for an aggregate (it binds no untyped NULL), else NULL.
 */
function nullFor(node: CypherTreeNode, ctx: EmitContext): string {
  let n: CypherTreeNode = node;
  for (;;) {
    const parent = (n as { parent?: CypherTreeNode | null }).parent;
    if (!parent) return 'NULL';
    if (ctx.rule(parent) === 'functionArgument') {
      const call = (parent as { parent?: CypherTreeNode | null }).parent;
      const nameNode = call ? ctx.child(call, 'functionName') : undefined;
      const name = nameNode ? plainName(ctx.source(nameNode)).toLowerCase() : '';
      if (NUMERIC_AGGREGATES.has(name)) return 'CAST(NULL AS DOUBLE)';
      if (OTHER_AGGREGATES.has(name)) return 'CAST(NULL AS STRING)';
      return !nameNode || NULL_CRASHERS.has(name) ? TYPED_NULL : 'NULL';
    }
    if (ctx.children(parent).length > 1) {
      const listContext = ['comparisonExpression6', 'listItemsPredicate', 'listComprehension', 'unwindClause'].includes(ctx.rule(parent) ?? '');
      return listContext ? TYPED_NULL : 'NULL';
    }
    n = parent;
  }
}

/** `base.prop`, `base[i]`, `base[a..b]` chains. */
export function emitPostfixChain(node: CypherTreeNode, ctx: EmitContext): string | undefined {
  const [base, ...posts] = ctx.children(node);
  if (!base || posts.length === 0) return undefined;
  const endpoint = undirectedEndpoint(unwrap(ctx, base), ctx);
  const firstProp = posts[0] ? ctx.child(posts[0], 'property') : undefined;
  if (endpoint && firstProp) {
    // startNode(r).name over an undirected pattern: the property of whichever endpoint it is.
    const key = quoteName(plainName(ctx.source(firstProp).replace(/^\s*\.\s*/, '').trim()));
    const value = `(CASE WHEN ${endpointIsLeft(endpoint)} THEN ${quoteName(endpoint.candidate)}.${key} ELSE ${quoteName(endpoint.other)}.${key} END)`;
    if (posts.length > 1) ctx.refuse(node, 'A chain after startNode(r).property over an undirected pattern');
    return value;
  }
  const days = firstProp && plainName(ctx.source(firstProp).replace(/^\s*\.\s*/, '').trim()) === 'days' ? emitDaysBetween(unwrap(ctx, base), ctx) : undefined;
  let acc = days ?? ctx.emit(base);
  let accType: ValueType = days ? 'integer' : staticType(base, ctx);
  const skip = days ? 1 : 0;
  const baseVar = ctx.rule(unwrap(ctx, base)) === 'variable' ? plainName(ctx.source(unwrap(ctx, base))) : undefined;
  posts.forEach((post, i) => {
    if (i < skip) return;
    const prop = ctx.child(post, 'property');
    const exprs = ctx.childrenOf(post, 'expression');
    if (prop) {
      const key = plainName(ctx.source(prop).replace(/^\s*\.\s*/, '').trim());
      if (accType === 'date') {
        const part = DATE_PARTS[key.toLowerCase()];
        if (!part) ctx.refuse(post, `The date accessor .${key}`, 'use .year, .month, .day or .quarter');
        acc = `date_part('${part}', ${acc})`;
        accType = 'integer';
        return;
      }
      if (i === 0 && baseVar !== undefined && hasProperty(ctx, baseVar, key) === false) {
        acc = nullFor(node, ctx);
      } else {
        acc = `${acc}.${quoteName(key)}`;
      }
      accType = 'unknown';
      return;
    }
    const isRange = ctx.children(post).some((c) => c.symbol?.text === '..');
    if (isRange) {
      acc = emitSlice(acc, post, ctx);
      accType = 'list';
      return;
    }
    const index = exprs[0];
    if (!index) return;
    const key = stringLiteralValue(ctx.source(index));
    if (key !== undefined) {
      acc = `${acc}.${quoteName(key)}`;
      accType = 'unknown';
      return;
    }
    if (accType === 'map' || accType === 'node' || accType === 'rel') ctx.refuse(post, 'A property looked up by a computed key');
    acc = emitListIndex(acc, ctx.emit(index), integerLiteral(ctx.source(index)));
    accType = 'unknown';
  });
  return acc;
}

/** Neo4j's `l[from..to]` (0-based, end exclusive, negatives from the end) as Kuzu's list_slice. */
function emitSlice(list: string, post: CypherTreeNode, ctx: EmitContext): string {
  const kids = ctx.children(post);
  const dots = kids.findIndex((c) => c.symbol?.text === '..');
  const fromNode = kids.slice(0, dots).find((c) => ctx.rule(c) === 'expression');
  const toNode = kids.slice(dots + 1).find((c) => ctx.rule(c) === 'expression');
  let begin = '1';
  if (fromNode) {
    const lit = integerLiteral(ctx.source(fromNode));
    const f = ctx.emit(fromNode);
    begin = lit !== undefined ? String(lit >= 0 ? lit + 1 : lit) : `(CASE WHEN (${f}) >= 0 THEN (${f}) + 1 ELSE (${f}) END)`;
  }
  let end = '2147483647';
  if (toNode) {
    const lit = integerLiteral(ctx.source(toNode));
    const t = ctx.emit(toNode);
    // A 0-based exclusive end e is the 1-based inclusive e; a negative one counts one further from the end.
    if (lit !== undefined) return lit === 0 ? `list_slice(${list}, 1, 0)` : `list_slice(${list}, ${begin}, ${lit > 0 ? lit : lit - 1})`;
    end = `(CASE WHEN (${t}) >= 0 THEN (${t}) ELSE (${t}) - 1 END)`;
  }
  return `list_slice(${list}, ${begin}, ${end})`;
}

/** `[x IN list WHERE p | e]` as list_filter / list_transform with Kuzu's lambdas. */
export function emitListComprehension(node: CypherTreeNode, ctx: EmitContext): string {
  const variable = ctx.child(node, 'variable');
  const exprs = ctx.childrenOf(node, 'expression');
  if (!variable || exprs.length === 0) return ctx.emitChildren(node);
  const name = plainName(ctx.source(variable));
  const list = exprs[0] as CypherTreeNode;
  const kids = ctx.children(node);
  const whereAt = kids.findIndex((c) => c.symbol?.text?.toUpperCase() === 'WHERE');
  const barAt = kids.findIndex((c) => c.symbol?.text === '|');
  const listText = ctx.emit(list);
  // The variable lives in the comprehension only.
  const saved = ctx.scope.snapshot();
  bindElement(name, list, ctx);
  const v = quoteName(name);
  let out = listText;
  if (whereAt >= 0) {
    const pred = kids.slice(whereAt + 1).find((c) => ctx.rule(c) === 'expression') as CypherTreeNode;
    out = `list_filter(${out}, ${v} -> ${ctx.emit(pred)})`;
  }
  if (barAt >= 0) {
    const proj = kids.slice(barAt + 1).find((c) => ctx.rule(c) === 'expression') as CypherTreeNode;
    out = `list_transform(${out}, ${v} -> ${ctx.emit(proj)})`;
  }
  ctx.scope.restore(saved);
  return out;
}

/** `all/any/none/single(x IN list WHERE p)`: Kuzu has them; the variable is bound for what follows. */
export function emitListPredicate(node: CypherTreeNode, ctx: EmitContext): string | undefined {
  const variable = ctx.child(node, 'variable');
  const list = ctx.child(node, 'expression');
  if (!variable || !list) return undefined;
  const saved = ctx.scope.snapshot();
  bindElement(plainName(ctx.source(variable)), list, ctx);
  try {
    return ctx.emitChildren(node);
  } finally {
    ctx.scope.restore(saved);
  }
}

/** Binds a comprehension's variable: an element of nodes(p) is a node, of relationships(p) a relationship. */
function bindElement(name: string, list: CypherTreeNode, ctx: EmitContext): void {
  const text = ctx.source(list).replace(/\s+/g, '').toLowerCase();
  const listVar = ctx.scope.get(plainName(ctx.source(unwrap(ctx, list))));
  if (text.startsWith('nodes(')) ctx.scope.set(name, { kind: 'node', type: 'node' });
  else if (text.startsWith('relationships(') || text.startsWith('rels(') || listVar?.kind === 'rels') ctx.scope.set(name, { kind: 'rel', type: 'rel' });
  else ctx.scope.set(name, { kind: 'value', type: 'unknown' });
}
