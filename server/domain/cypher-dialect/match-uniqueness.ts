/**
 * Relationship uniqueness. Neo4j never binds one relationship twice within a MATCH: in
 * `(a)-[r1]-(b)-[r2]-(c)` r1 and r2 differ, so a walk back along the same relationship is no match. Kuzu
 * binds walks (measured on the seed: 23 two-hop walks from kant where Neo4j counts 20). So a MATCH with two
 * or more single-hop relationships that could be the same one gets `id(r1) <> id(r2)` for each such pair,
 * naming the anonymous ones. Variable-length relationships are trails already (paths.ts); a pair of one
 * variable-length and one single-hop relationship is not checked.
 */
import type { CypherTreeNode } from '../cypher-parser';
import { plainName, quoteName, type EmitContext } from './emitter';

function relationshipPatterns(ctx: EmitContext, node: CypherTreeNode, out: CypherTreeNode[]): CypherTreeNode[] {
  const rule = ctx.rule(node);
  if (rule === 'relationshipPattern') out.push(node);
  else if (rule !== 'expression' && rule !== 'whereClause') for (const c of ctx.children(node)) relationshipPatterns(ctx, c, out);
  return out;
}

/** The relationship types a pattern names, lower-cased text (undefined: any type). */
function typesOf(ctx: EmitContext, rel: CypherTreeNode): Set<string> | undefined {
  const labels = ctx.child(rel, 'labelExpression');
  if (!labels) return undefined;
  const text = ctx.source(labels).replace(/^\s*:/, '');
  if (/[!%&()]/.test(text)) return undefined;
  return new Set(text.split(/\s*\|\s*:?\s*/).map((t) => plainName(t.trim())));
}

/** A MATCH clause with Neo4j's relationship uniqueness added to its WHERE. */
export function emitMatch(node: CypherTreeNode, ctx: EmitContext): string | undefined {
  const patterns = ctx.child(node, 'patternList');
  if (!patterns) return undefined;
  const bound = ctx.scope.snapshot();
  const rels = relationshipPatterns(ctx, patterns, []).filter((r) => {
    if (ctx.child(r, 'pathLength')) return false;
    const v = ctx.child(r, 'variable');
    return !v || bound.get(plainName(ctx.source(v)))?.kind !== 'rel';
  });
  if (rels.length < 2) return undefined;
  const nameOf = (r: CypherTreeNode): string => {
    const v = ctx.child(r, 'variable');
    if (v) return plainName(ctx.source(v));
    const name = ctx.namedRels.get(r) ?? ctx.freshName('r');
    ctx.namedRels.set(r, name);
    return name;
  };
  const conditions: string[] = [];
  for (let i = 0; i < rels.length; i += 1) {
    for (let j = i + 1; j < rels.length; j += 1) {
      const [ri, rj] = [rels[i] as CypherTreeNode, rels[j] as CypherTreeNode];
      const [a, b] = [typesOf(ctx, ri), typesOf(ctx, rj)];
      if (a && b && ![...a].some((t) => b.has(t))) continue;
      const [ni, nj] = [nameOf(ri), nameOf(rj)];
      if (ni !== nj) conditions.push(`id(${quoteName(ni)}) <> id(${quoteName(nj)})`);
    }
  }
  if (conditions.length === 0) return undefined;
  const where = ctx.child(node, 'whereClause');
  const rest = ctx.children(node).filter((c) => c !== where);
  const head = rest.map((c) => ctx.emit(c)).join(' ');
  const userWhere = where ? ctx.child(where, 'expression') : undefined;
  const all = [...conditions, ...(userWhere ? [`(${ctx.emit(userWhere)})`] : [])];
  return `${head} WHERE ${all.join(' AND ')}`;
}
