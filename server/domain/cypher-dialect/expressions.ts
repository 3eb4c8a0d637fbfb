/**
 * Comparisons and label tests in expressions: `x:Label` / `x IS [NOT] Label` (label-predicates.ts), and
 * `startNode(r) = n` over a relationship matched without direction, which compares ids with the
 * relationship's own source or target (Kuzu keeps them as `_src` / `_dst`).
 */
import type { CypherTreeNode } from '../cypher-parser';
import { textOf } from './function-mapping';
import type { ValueType } from './scope';
import { staticType } from './static-types';
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

/**
 * Comparisons (expression8): a chain `a < b <= c` is Neo4j's `a < b AND b <= c` (Kuzu refuses chains);
 * `startNode(r) = n` / `endNode(r) <> n` over an undirected pattern is an id comparison.
 */
export const emitComparison: RuleHandler = (node, ctx) => {
  const kids = ctx.children(node);
  if (kids.length > 3) {
    const parts: string[] = [];
    for (let i = 1; i + 1 < kids.length; i += 2) {
      const [a, op, b] = [kids[i - 1], kids[i], kids[i + 1]] as [CypherTreeNode, CypherTreeNode, CypherTreeNode];
      parts.push(`(${ctx.emit(a)} ${ctx.source(op)} ${ctx.emit(b)})`);
    }
    return `(${parts.join(' AND ')})`;
  }
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

/** Hexadecimal and octal integer literals (0x1F, 0o17) in decimal: Kuzu reads only decimal. */
export const emitNumberLiteral: RuleHandler = (node, ctx) => {
  const text = ctx.source(node).replace(/\s+/g, '');
  const m = /^(-?)0([xo])([0-9a-fA-F_]+)$/.exec(text);
  if (!m) return undefined;
  const digits = (m[3] as string).replace(/_/g, '');
  const value = BigInt(m[2] === 'x' ? `0x${digits}` : `0o${digits}`);
  return `${m[1]}${value.toString()}`;
};

const NUMERIC_OR_BOOLEAN: ReadonlySet<ValueType> = new Set(['integer', 'float', 'boolean']);
/** Known single values: `list + value` appends, `value + list` prepends. */
const SCALAR: ReadonlySet<ValueType> = new Set(['integer', 'float', 'boolean', 'string']);

/**
 * `list + value` appends and `value + list` prepends, as in Neo4j (Kuzu's + joins two lists only).
 * `+` with a string on one side and a number or boolean on the other is Neo4j's concatenation ('about ' + 7000
 * is 'about 7000'); Kuzu has no such `+`. Evaluated left to right as Neo4j does (1 + 2 + 'a' is '3a').
 */
export const emitAddition: RuleHandler = (node, ctx) => {
  const kids = ctx.children(node);
  if (kids.length < 3 || !kids.some((k) => k.symbol?.text === '+')) return undefined;
  const types = kids.map((k) => (k.ruleIndex === undefined ? 'unknown' : staticType(k, ctx)));
  const concat = types.includes('string') && types.some((t) => NUMERIC_OR_BOOLEAN.has(t));
  const append = types.includes('list') && types.some((t) => SCALAR.has(t));
  if (!concat && !append) return undefined;
  let acc = ctx.emit(kids[0] as CypherTreeNode);
  let accType = types[0] as ValueType;
  for (let i = 1; i + 1 < kids.length; i += 2) {
    const op = ctx.source(kids[i] as CypherTreeNode);
    let right = ctx.emit(kids[i + 1] as CypherTreeNode);
    const rightType = types[i + 1] as ValueType;
    if (op === '+' && accType === 'list' && SCALAR.has(rightType)) {
      acc = `list_append(${acc}, ${right})`;
      continue;
    }
    if (op === '+' && rightType === 'list' && SCALAR.has(accType)) {
      acc = `list_prepend(${right}, ${acc})`;
      accType = 'list';
      continue;
    }
    if (op === '+' && accType === 'string' && NUMERIC_OR_BOOLEAN.has(rightType)) right = textOf(right, rightType);
    else if (op === '+' && rightType === 'string' && NUMERIC_OR_BOOLEAN.has(accType)) acc = textOf(`(${acc})`, accType);
    acc = `${acc} ${op} ${right}`;
    accType = op === '+' && (accType === 'string' || rightType === 'string') ? 'string' : accType === rightType ? accType : 'unknown';
  }
  return acc;
};
