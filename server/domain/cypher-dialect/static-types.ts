/**
 * The static type of a Neo4j expression, as far as its text, the variables seen so far and the catalogue's
 * property types tell: enough for the mappings whose Kuzu form depends on the argument's type.
 */
import type { CypherTreeNode } from '../cypher-parser';
import { plainName, unwrap, type EmitContext } from './emitter';
import { propertyValueType, type ValueType } from './scope';

const FUNCTION_TYPES: Record<string, ValueType> = {
  count: 'integer', size: 'integer', length: 'integer', tointeger: 'integer', tointegerornull: 'integer', sign: 'integer',
  char_length: 'integer',
  tofloat: 'float', tofloatornull: 'float', avg: 'float', stdev: 'float', stdevp: 'float', sqrt: 'float', log: 'float',
  log10: 'float', exp: 'float', pi: 'float', e: 'float', percentilecont: 'float', rand: 'float',
  tostring: 'string', tostringornull: 'string', tolower: 'string', toupper: 'string', lower: 'string', upper: 'string',
  trim: 'string', ltrim: 'string', rtrim: 'string', substring: 'string', left: 'string', right: 'string', replace: 'string',
  type: 'string', elementid: 'string',
  collect: 'list', split: 'list', keys: 'list', labels: 'list', nodes: 'list', relationships: 'list', range: 'list',
  tail: 'list',
  date: 'date',
  'date.truncate': 'date',
  toboolean: 'boolean', tobooleanornull: 'boolean',
  properties: 'map',
  startnode: 'node', endnode: 'node',
};

/** The type an expression's value has, or 'unknown'. */
export function staticType(node: CypherTreeNode, ctx: EmitContext): ValueType {
  const n = unwrap(ctx, node);
  const rule = ctx.rule(n);
  const text = ctx.source(n).trim();
  if (rule === 'numberLiteral' || rule === 'literal' || rule === 'signedIntegerLiteral') {
    if (/^-?\d+$/.test(text)) return 'integer';
    if (/^-?[\d.]+(e-?\d+)?$/i.test(text)) return 'float';
    if (/^['"]/.test(text)) return 'string';
    if (/^(true|false)$/i.test(text)) return 'boolean';
    if (text.startsWith('{')) return 'map';
    return 'unknown';
  }
  if (rule === 'stringLiteral') return 'string';
  if (rule === 'listLiteral' || rule === 'listComprehension' || rule === 'patternComprehension') return 'list';
  if (rule === 'map') return 'map';
  if (rule === 'countStar' || rule === 'countExpression') return 'integer';
  if (rule === 'existsExpression') return 'boolean';
  if (rule === 'variable') return ctx.scope.get(plainName(text))?.type ?? 'unknown';
  if (rule === 'parenthesizedExpression') {
    const inner = ctx.child(n, 'expression');
    return inner ? staticType(inner, ctx) : 'unknown';
  }
  if (rule === 'functionInvocation') {
    const name = ctx.child(n, 'functionName');
    const fn = name ? plainName(ctx.source(name)).toLowerCase() : '';
    const args = ctx.childrenOf(n, 'functionArgument');
    if (['min', 'max', 'coalesce', 'head', 'last', 'sum', 'abs', 'round', 'ceil', 'floor'].includes(fn) && args[0]) {
      const t = staticType(args[0], ctx);
      if (fn === 'head' || fn === 'last') return 'unknown';
      if (fn === 'round' || fn === 'ceil' || fn === 'floor') return 'float';
      return t;
    }
    if (fn === 'reverse' && args[0]) return staticType(args[0], ctx);
    return FUNCTION_TYPES[fn] ?? 'unknown';
  }
  if (rule === 'expression2') {
    // base.property: a catalogue column's type when the base is a node or relationship variable.
    const [base, ...posts] = ctx.children(n);
    const last = posts[posts.length - 1];
    if (!base || !last) return 'unknown';
    const prop = ctx.child(last, 'property');
    if (prop && posts.length === 1) {
      const baseVar = unwrap(ctx, base);
      const key = plainName(ctx.source(prop).replace(/^\s*\.\s*/, ''));
      if (ctx.rule(baseVar) === 'variable') return propertyType(ctx, plainName(ctx.source(baseVar)), key);
      if (staticType(base, ctx) === 'date') return 'integer';
    }
    return 'unknown';
  }
  if (rule === 'expression6') {
    // Concatenation with a string is a string; list + list a list.
    const parts = ctx.children(n).filter((c) => c.ruleIndex !== undefined).map((c) => staticType(c, ctx));
    if (ctx.children(n).some((c) => c.symbol?.text === '+')) {
      if (parts.includes('string')) return 'string';
      if (parts.includes('list')) return 'list';
      if (parts.every((p) => p === 'integer')) return 'integer';
      if (parts.every((p) => p === 'integer' || p === 'float')) return 'float';
    }
    return 'unknown';
  }
  return 'unknown';
}

/** The type of `variable.key` from the catalogue: the column's type in the variable's tables (when they agree). */
export function propertyType(ctx: EmitContext, variable: string, key: string): ValueType {
  const info = ctx.scope.get(variable);
  if (!info || (info.kind !== 'node' && info.kind !== 'rel')) return 'unknown';
  const tables = info.kind === 'node' ? ctx.catalogue.nodeTables : ctx.catalogue.relTables;
  const types = new Set(
    tables.filter((t) => !info.tables || info.tables.includes(t.name)).map((t) => t.properties[key]).filter((t): t is string => t !== undefined),
  );
  return types.size === 1 ? propertyValueType([...types][0]) : 'unknown';
}

/** Whether any of the variable's tables has the property (false: Neo4j would answer null). */
export function hasProperty(ctx: EmitContext, variable: string, key: string): boolean | undefined {
  const info = ctx.scope.get(variable);
  if (!info || (info.kind !== 'node' && info.kind !== 'rel')) return undefined;
  const tables = info.kind === 'node' ? ctx.catalogue.nodeTables : ctx.catalogue.relTables;
  return tables.some((t) => (!info.tables || info.tables.includes(t.name)) && t.properties[key] !== undefined);
}
