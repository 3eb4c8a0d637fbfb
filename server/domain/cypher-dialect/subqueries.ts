/**
 * Subqueries and pattern predicates. Kuzu has `EXISTS { MATCH ... WHERE ... }` and `COUNT { MATCH ... }`;
 * Neo4j also lets the MATCH be left out (`EXISTS { (c)-[:X]->() }`) and takes a bare pattern as a predicate
 * (`WHERE (c)-[:LENDS_TO]->()`), so both get their MATCH. Subqueries holding more than one MATCH (WITH,
 * RETURN, UNION inside) and COLLECT { } and pattern comprehensions have no Kuzu form: refused by name.
 * A subquery's own variables do not outlive it.
 */
import type { CypherTreeNode } from '../cypher-parser';
import type { EmitContext } from './emitter';

function inSubquery<T>(ctx: EmitContext, work: () => T): T {
  const saved = ctx.scope.snapshot();
  try {
    return work();
  } finally {
    ctx.scope.restore(saved);
  }
}

/** The clauses of a subquery written as a query: one MATCH (with its WHERE) is all Kuzu takes. */
function assertSingleMatch(node: CypherTreeNode, query: CypherTreeNode, ctx: EmitContext, what: string): void {
  const clauses: CypherTreeNode[] = [];
  const walk = (n: CypherTreeNode): void => {
    if (ctx.rule(n) === 'clause') clauses.push(n);
    else if (ctx.rule(n) !== 'existsExpression' && ctx.rule(n) !== 'countExpression') for (const c of ctx.children(n)) walk(c);
  };
  walk(query);
  const simple = clauses.length === 1 && ctx.rule(ctx.children(clauses[0] as CypherTreeNode)[0]) === 'matchClause';
  const union = /\bUNION\b/i.test(ctx.source(query)) && clauses.length > 1;
  if (!simple || union) ctx.refuse(node, `${what} { } holding more than one MATCH (WITH, RETURN, UNION)`, `write it as ${what} { MATCH ... WHERE ... }`);
  if (/^\s*OPTIONAL\b/i.test(ctx.source(clauses[0] as CypherTreeNode))) ctx.refuse(node, `OPTIONAL MATCH inside ${what} { }`);
}

/** `EXISTS { ... }` and `COUNT { ... }`. */
export function emitSubquery(node: CypherTreeNode, ctx: EmitContext): string {
  const keyword = ctx.rule(node) === 'existsExpression' ? 'EXISTS' : 'COUNT';
  return inSubquery(ctx, () => {
    const query = ctx.child(node, 'queryWithLocalDefinitions');
    if (query) {
      assertSingleMatch(node, query, ctx, keyword);
      return `${keyword} { ${ctx.emit(query)} }`;
    }
    if (ctx.child(node, 'matchMode')) ctx.refuse(node, `A match mode inside ${keyword} { }`);
    const patterns = ctx.child(node, 'patternList');
    const where = ctx.child(node, 'whereClause');
    if (!patterns) return ctx.emitChildren(node);
    return `${keyword} { MATCH ${ctx.emit(patterns)}${where ? ` ${ctx.emit(where)}` : ''} }`;
  });
}

/** A bare pattern used as a predicate: `(c)-[:LENDS_TO]->()` is `EXISTS { MATCH (c)-[:LENDS_TO]->() }`. */
export function emitPatternPredicate(node: CypherTreeNode, ctx: EmitContext): string {
  return inSubquery(ctx, () => `EXISTS { MATCH ${ctx.emitChildren(node)} }`);
}

export function refuseCollectSubquery(node: CypherTreeNode, ctx: EmitContext): never {
  return ctx.refuse(node, 'COLLECT { } subqueries', 'use OPTIONAL MATCH ... WITH collect(...)');
}

/** A pattern comprehension reads its precomputed list (pattern-comprehensions.ts); elsewhere it is refused. */
export function emitPatternComprehension(node: CypherTreeNode, ctx: EmitContext): string {
  const name = ctx.precomputed.get(node);
  if (name) return name;
  return ctx.refuse(node, 'A pattern comprehension [(a)-->(b) | ...] outside a RETURN or WITH item', 'use OPTIONAL MATCH (a)-->(b) WITH a, collect(...)');
}
