/**
 * Pattern comprehensions `[(c)-[:MEMBER_OF]->(o) WHERE ... | o.name]` in a RETURN or WITH item. Kuzu has
 * neither them nor a COLLECT subquery, so each is computed before the projection, one row at a time: every
 * row gets a fresh id (so no two rows merge), the pattern is matched optionally from it, and collect()
 * gathers the values per row; the item then reads the gathered list. A comprehension anywhere else (WHERE,
 * ORDER BY, nested in a subquery) is refused by name.
 */
import type { CypherTreeNode } from '../cypher-parser';
import { quoteName, type EmitContext } from './emitter';

function findComprehensions(ctx: EmitContext, node: CypherTreeNode, out: CypherTreeNode[]): CypherTreeNode[] {
  const rule = ctx.rule(node);
  if (rule === 'patternComprehension') out.push(node);
  else if (rule !== 'existsExpression' && rule !== 'countExpression' && rule !== 'collectExpression') {
    for (const c of ctx.children(node)) findComprehensions(ctx, c, out);
  }
  return out;
}

/**
 * The clauses that compute the items' pattern comprehensions (empty when there are none), to be written
 * before the projection; each comprehension then emits as its precomputed name.
 */
export function hoistPatternComprehensions(items: readonly CypherTreeNode[], ctx: EmitContext): string {
  const found = items.flatMap((item) => findComprehensions(ctx, item, []));
  if (found.length === 0) return '';
  let out = '';
  for (const pc of found) {
    if (ctx.child(pc, 'variable')) ctx.refuse(pc, 'A path variable in a pattern comprehension');
    const pattern = ctx.child(pc, 'pathPatternNonEmpty');
    const exprs = ctx.childrenOf(pc, 'expression');
    const kids = ctx.children(pc);
    const whereAt = kids.findIndex((c) => c.symbol?.text?.toUpperCase() === 'WHERE');
    const where = whereAt >= 0 ? kids.slice(whereAt + 1).find((c) => ctx.rule(c) === 'expression') : undefined;
    const value = exprs[exprs.length - 1];
    if (!pattern || !value) ctx.refuse(pc, 'This pattern comprehension');
    const inScope = [...ctx.scope.snapshot().keys()];
    if (inScope.length === 0) ctx.refuse(pc, 'A pattern comprehension with no variable bound before it');
    const row = ctx.freshName('row');
    const name = ctx.freshName('pc');
    const saved = ctx.scope.snapshot();
    let gathered: string;
    try {
      const match = `OPTIONAL MATCH ${ctx.emitChildren(pattern)}${where ? ` WHERE ${ctx.emit(where)}` : ''}`;
      gathered = `WITH *, gen_random_uuid() AS ${row} ${match} WITH ${[...inScope.map(quoteName), row].join(', ')}, coalesce(collect(${ctx.emit(value)}), []) AS ${name} `;
    } finally {
      ctx.scope.restore(saved);
    }
    out += gathered;
    ctx.scope.bindValue(name, 'list');
    ctx.precomputed.set(pc, name);
  }
  return out;
}
