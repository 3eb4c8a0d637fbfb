/**
 * Comparisons and label tests in expressions: `x:Label` / `x IS [NOT] Label` (label-predicates.ts), and
 * `startNode(r) = n` over a relationship matched without direction, which compares ids with the
 * relationship's own source or target (Kuzu keeps them as `_src` / `_dst`).
 */
import type { CypherTreeNode } from '../cypher-parser';
import { plainName, quoteName, unwrap, type RuleHandler } from './emitter';
import { emitLabelComparison } from './label-predicates';
import { undirectedEndpoint } from './paths';

/** `x:Label` and `x IS [NOT] Label` (expression7 with a label comparison). */
export const emitLabelTest: RuleHandler = (node, ctx) => {
  const [subjectNode, comparison] = ctx.children(node);
  if (!subjectNode || !comparison) return undefined;
  const labels = ctx.child(comparison, 'labelExpression4');
  if (!labels) return undefined;
  const negated = ctx.hasToken(comparison, 'NOT');
  const subject = ctx.emit(subjectNode);
  const inner = unwrap(ctx, subjectNode);
  const info = ctx.rule(inner) === 'variable' ? ctx.scope.get(plainName(ctx.source(inner))) : undefined;
  const test = emitLabelComparison(subject, { rel: info?.kind === 'rel' }, labels, ctx);
  return negated ? `(NOT ${test})` : test;
};

/** `startNode(r) = n` / `endNode(r) <> n` (expression8) over an undirected pattern, as an id comparison. */
export const emitEndpointComparison: RuleHandler = (node, ctx) => {
  const kids = ctx.children(node);
  if (kids.length !== 3) return undefined;
  const [a, op, b] = kids as [CypherTreeNode, CypherTreeNode, CypherTreeNode];
  const operator = op.symbol?.text;
  if (operator !== '=' && operator !== '<>' && operator !== '!=') return undefined;
  for (const [call, other] of [[a, b], [b, a]] as const) {
    const endpoint = undirectedEndpoint(unwrap(ctx, call), ctx);
    const v = unwrap(ctx, other);
    if (!endpoint || ctx.rule(v) !== 'variable') continue;
    const same = `(struct_extract(${quoteName(endpoint.rel)}, '${endpoint.field}') = id(${quoteName(plainName(ctx.source(v)))}))`;
    return operator === '=' ? same : `(NOT ${same})`;
  }
  return undefined;
};
