/**
 * RETURN and WITH. Neo4j names a column by the projection's text as the user wrote it (`count(*)`,
 * `trim('  Dushanbe  ')`) or its alias; Kuzu by its own rewrite of the expression (`COUNT_STAR()`,
 * `LABEL(r._ID,[...])`). So every RETURN item gets an internal alias and the translation reports the column
 * names Neo4j would give, which the console puts back. ORDER BY may name a projected expression or alias,
 * which Kuzu cannot always find again after the projection: those become the internal alias.
 * Kuzu refuses `WITH ... ORDER BY` without SKIP or LIMIT, which Neo4j uses to order what collect() gathers:
 * `SKIP 0` keeps the order and changes nothing else.
 */
import type { CypherTreeNode } from '../cypher-parser';
import { plainName, quoteName, unwrap, type EmitContext } from './emitter';
import { staticType } from './static-types';
import { hoistPatternComprehensions } from './pattern-comprehensions';
import type { VariableInfo } from './scope';
import { QueryRejectedError } from '../errors';

/** What the RETURN clauses told: Neo4j's column names and which columns hold properties() maps. */
export interface ProjectionReport {
  columns?: string[];
  /** Columns whose maps come from properties(): Neo4j leaves absent properties out, so nulls are dropped. */
  propertyColumns: number[];
}

/** The translation's own column alias for the i-th RETURN item. */
export function internalAlias(i: number): string {
  return `_c${i}`;
}

function normalise(text: string): string {
  return text.replace(/\s+/g, '');
}

function isBareVariable(ctx: EmitContext, expr: CypherTreeNode): CypherTreeNode | undefined {
  const n = unwrap(ctx, expr);
  return ctx.rule(n) === 'variable' ? n : undefined;
}

/** RETURN: items under internal aliases, the column names recorded in `report`. */
export function emitReturn(node: CypherTreeNode, ctx: EmitContext, report: ProjectionReport): string {
  const body = ctx.child(node, 'returnBody');
  const items = body ? ctx.child(body, 'returnItems') : undefined;
  if (!body || !items) return ctx.emitChildren(node);
  if (ctx.children(items).some((c) => c.symbol?.text === '*')) {
    report.columns = undefined;
    return ctx.emitChildren(node);
  }
  const returnItems = ctx.childrenOf(items, 'returnItem');
  const hoisted = hoistPatternComprehensions(returnItems, ctx);
  const names = new Map<string, string>();
  const lists = new Set<string>();
  const columns: string[] = [];
  const propertyColumns: number[] = [];
  const texts = returnItems.map((item, i) => {
    const expr = ctx.child(item, 'expression') as CypherTreeNode;
    const alias = ctx.child(item, 'variable');
    const column = alias ? plainName(ctx.source(alias)) : ctx.source(expr);
    columns.push(column);
    const inner = unwrap(ctx, expr);
    if (ctx.rule(inner) === 'functionInvocation' && /^properties\s*\(/i.test(ctx.source(inner).trim())) propertyColumns.push(i);
    names.set(normalise(ctx.source(expr)), internalAlias(i));
    if (staticType(expr, ctx) === 'list') lists.add(internalAlias(i));
    if (alias) names.set(plainName(ctx.source(alias)), internalAlias(i));
    return `${ctx.emit(expr)} AS ${internalAlias(i)}`;
  });
  if (report.columns === undefined || report.columns.length === 0) {
    report.columns = columns;
    report.propertyColumns = propertyColumns;
  } else if (report.columns.join('\u0000') !== columns.join('\u0000')) {
    // Kuzu would take the branches by position under the internal aliases; Neo4j refuses them.
    throw new QueryRejectedError('All sub queries in a UNION must have the same return column names', { columns: [report.columns, columns] });
  }
  const distinct = ctx.hasToken(body, 'DISTINCT') ? 'DISTINCT ' : '';
  return `${hoisted}RETURN ${distinct}${texts.join(', ')}${emitTail(body, ctx, names, false, lists)}`;
}

/** WITH: items keep their aliases (later clauses name them); bound variables learn their types. */
export function emitWith(node: CypherTreeNode, ctx: EmitContext): string {
  const body = ctx.child(node, 'returnBody');
  const items = body ? ctx.child(body, 'returnItems') : undefined;
  if (!body || !items) return ctx.emitChildren(node);
  const star = ctx.children(items).some((c) => c.symbol?.text === '*');
  const returnItems = ctx.childrenOf(items, 'returnItem');
  const hoisted = hoistPatternComprehensions(returnItems, ctx);
  const kept = new Map<string, VariableInfo>();
  const texts = returnItems.map((item) => {
    const expr = ctx.child(item, 'expression') as CypherTreeNode;
    const alias = ctx.child(item, 'variable');
    const bare = isBareVariable(ctx, expr);
    const exprText = bare ? quoteName(plainName(ctx.source(bare))) : ctx.emit(expr);
    const from = bare ? ctx.scope.get(plainName(ctx.source(bare))) : undefined;
    if (alias) {
      const name = plainName(ctx.source(alias));
      kept.set(name, from ?? { kind: 'value', type: staticType(expr, ctx) });
      return `${exprText} AS ${quoteName(name)}`;
    }
    if (bare && from) kept.set(plainName(ctx.source(bare)), from);
    return exprText;
  });
  // After WITH only what it projects is in scope (all of it for WITH *).
  const scope = star ? ctx.scope.snapshot() : new Map<string, VariableInfo>();
  for (const [name, info] of kept) scope.set(name, info);
  ctx.scope.restore(scope);
  const distinct = ctx.hasToken(body, 'DISTINCT') ? 'DISTINCT ' : '';
  const where = ctx.child(node, 'whereClause');
  const list = [...(star ? ['*'] : []), ...texts].join(', ');
  return `${hoisted}WITH ${distinct}${list}${emitTail(body, ctx, new Map(), true)}${where ? ` ${ctx.emit(where)}` : ''}`;
}

/**
 * A list as an ORDER BY key: Kuzu cannot order by lists; Neo4j orders them element by element, a prefix
 * first. Joined with U+0001 (below every printable character) the text orders the same for lists of strings.
 */
function sortableList(list: string): string {
  return `list_to_string('\u0001', ${list})`;
}

/** ORDER BY, SKIP and LIMIT of a projection; a WITH's ORDER BY alone gets SKIP 0 (Kuzu needs one). */
function emitTail(body: CypherTreeNode, ctx: EmitContext, names: Map<string, string>, isWith: boolean, lists = new Set<string>()): string {
  const orderBy = ctx.child(body, 'orderBy');
  const skip = ctx.child(body, 'skip');
  const limit = ctx.child(body, 'limit');
  let out = '';
  if (orderBy) {
    const items = ctx.childrenOf(orderBy, 'orderItem').map((item) => {
      const expr = ctx.child(item, 'expression') as CypherTreeNode;
      const direction = ctx.children(item).filter((c) => c !== expr).map((c) => ctx.source(c)).join(' ');
      const named = names.get(normalise(ctx.source(expr)));
      let text: string;
      if (named) text = named;
      else {
        ctx.orderAliases = names;
        try {
          text = ctx.emit(expr);
        } finally {
          ctx.orderAliases = undefined;
        }
      }
      if (lists.has(text) || (!named && staticType(expr, ctx) === 'list')) text = sortableList(text);
      return direction ? `${text} ${direction}` : text;
    });
    out += ` ORDER BY ${items.join(', ')}`;
  }
  const amount = skip ? ctx.child(skip, 'expression') : undefined;
  if (amount) out += ` SKIP ${ctx.emit(amount)}`;
  else if (isWith && orderBy && !limit) out += ' SKIP 0';
  if (limit) out += ` ${ctx.emit(limit)}`;
  return out;
}
