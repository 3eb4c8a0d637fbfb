/**
 * Patterns with relationships. Neo4j never repeats a relationship within one match of a variable-length
 * relationship; Kuzu's default walk does (measured: `-[*..3]-` counted back-and-forth walks), so a
 * variable-length relationship is written `* TRAIL lo..hi`. `shortestPath(...)` / `allShortestPaths(...)`
 * become Kuzu's `* SHORTEST lo..hi` / `* ALL SHORTEST lo..hi`. Every relationship bound to a variable has its
 * endpoints remembered (anonymous ones are named), because Kuzu's start_node(r) answers the pattern's left
 * node on an undirected match, not the relationship's start: startNode/endNode are written from these.
 */
import type { CypherTreeNode } from '../cypher-parser';
import { plainName, quoteName, type EmitContext } from './emitter';
import { emitRelTypes } from './label-predicates';

/** Kuzu's upper bound for a variable-length relationship without one. */
const DEFAULT_MAX_HOPS = 30;

/**
 * A pattern element: names anonymous nodes next to a relationship variable (its endpoints must be
 * nameable), then emits as usual.
 */
export function emitPatternElement(node: CypherTreeNode, ctx: EmitContext): string | undefined {
  const parts = ctx.children(node);
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] as CypherTreeNode;
    if (ctx.rule(part) !== 'relationshipPattern') continue;
    const relVar = ctx.child(part, 'variable');
    const left = parts[i - 1];
    const rightNode = parts[i + 1];
    if (!relVar || ctx.rule(left) !== 'nodePattern' || ctx.rule(rightNode) !== 'nodePattern') continue;
    const name = plainName(ctx.source(relVar));
    const endName = (n: CypherTreeNode): string => {
      const v = ctx.child(n, 'variable');
      if (v) return plainName(ctx.source(v));
      const given = ctx.namedNodes.get(n) ?? ctx.freshName('n');
      ctx.namedNodes.set(n, given);
      return given;
    };
    const leftArrow = ctx.child(part, 'leftArrow') !== undefined;
    const rightArrow = ctx.child(part, 'rightArrow') !== undefined;
    const direction = leftArrow === rightArrow ? 'both' : rightArrow ? 'out' : 'in';
    const varLength = ctx.child(part, 'pathLength') !== undefined;
    ctx.scope.set(name, {
      kind: varLength ? 'rels' : 'rel',
      type: varLength ? 'list' : 'rel',
      ends: { left: endName(left as CypherTreeNode), right: endName(rightNode as CypherTreeNode), direction },
    });
  }
  if (parts.some((p) => ctx.rule(p) === 'quantifier' || ctx.rule(p) === 'parenthesizedPath')) {
    ctx.refuse(node, 'A quantified path pattern', 'write a variable-length relationship such as -[:TYPE*1..3]-');
  }
  return undefined;
}

/** A relationship pattern: types as Kuzu's `:A|B`, a variable length as TRAIL or the shortest-path forms. */
export function emitRelationshipPattern(node: CypherTreeNode, ctx: EmitContext): string {
  const variable = ctx.child(node, 'variable');
  const labels = ctx.child(node, 'labelExpression');
  const length = ctx.child(node, 'pathLength');
  const props = ctx.child(node, 'properties');
  if (ctx.children(node).some((c) => c.symbol?.text?.toUpperCase() === 'WHERE')) {
    ctx.refuse(node, 'A WHERE inside a relationship pattern', 'write it in the MATCH ... WHERE');
  }
  const name = variable ? plainName(ctx.source(variable)) : ctx.namedRels.get(node);
  if (name !== undefined && !ctx.scope.has(name)) ctx.scope.set(name, { kind: length ? 'rels' : 'rel', type: length ? 'list' : 'rel' });
  let inner = name !== undefined ? quoteName(name) : '';
  if (labels) {
    const types = emitRelTypes(ctx, labels);
    inner += types.text;
    const info = name !== undefined ? ctx.scope.get(name) : undefined;
    if (info && types.tables.length > 0) info.tables = types.tables;
  }
  if (length) {
    if (props) ctx.refuse(props, 'Properties on a variable-length relationship', 'test them with all(r IN rs WHERE ...) in the WHERE');
    inner += emitPathLength(length, ctx);
  } else if (ctx.shortest) {
    ctx.refuse(node, 'shortestPath() over a single-hop relationship', 'give it a variable length such as [*..4]');
  }
  if (props) inner += ` ${ctx.emit(props)}`;
  // Both heads (<-->) is Neo4j's undirected, as no head is.
  const both = ctx.child(node, 'leftArrow') !== undefined && ctx.child(node, 'rightArrow') !== undefined;
  const left = ctx.child(node, 'leftArrow') && !both ? '<-' : '-';
  const right = ctx.child(node, 'rightArrow') && !both ? '->' : '-';
  const bracket = ctx.children(node).some((c) => c.symbol?.text === '[');
  return bracket || inner ? `${left}[${inner}]${right}` : `${left}${right}`;
}

function emitPathLength(node: CypherTreeNode, ctx: EmitContext): string {
  const text = ctx.source(node).replace(/\s+/g, '');
  const m = /^\*(?:(\d+)?(\.\.)(\d+)?|(\d+))?$/.exec(text);
  if (!m) ctx.refuse(node, `The variable length ${text}`);
  const single = m[4] !== undefined ? Number(m[4]) : undefined;
  let lo = single ?? (m[1] !== undefined ? Number(m[1]) : 1);
  const hi = single ?? (m[3] !== undefined ? Number(m[3]) : DEFAULT_MAX_HOPS);
  if (ctx.shortest) {
    // Neo4j's shortest paths start at 0 or 1 hops; Kuzu's at 1 (a zero-hop shortest path joins a node to itself).
    lo = Math.max(lo, 1);
    return `* ${ctx.shortest} ${lo}..${hi}`;
  }
  if (lo === 0) ctx.refuse(node, 'A variable-length relationship of zero hops', 'start it at 1 hop (*1..)');
  return `* TRAIL ${lo}..${hi}`;
}

/** `shortestPath((a)-[*..4]-(b))` and `allShortestPaths(...)`: the pattern with Kuzu's shortest-path length. */
export function emitShortestPathPattern(node: CypherTreeNode, ctx: EmitContext): string {
  const all = ctx.source(node).trim().toLowerCase().startsWith('allshortestpaths');
  const element = ctx.child(node, 'patternElement');
  if (!element) ctx.refuse(node, 'This shortest-path form');
  const rels = ctx.childrenOf(element, 'relationshipPattern');
  if (rels.length !== 1) ctx.refuse(node, 'A shortest path over more than one relationship pattern');
  ctx.shortest = all ? 'ALL SHORTEST' : 'SHORTEST';
  try {
    return ctx.emit(element);
  } finally {
    ctx.shortest = undefined;
  }
}

/** A pattern `p = ...` binds a path variable; GQL path selectors (ANY SHORTEST, ...) are not translated. */
export function emitPattern(node: CypherTreeNode, ctx: EmitContext): string | undefined {
  const prefix = ctx.child(node, 'pathPatternPrefix');
  if (prefix) ctx.refuse(prefix, `The path selector ${ctx.source(prefix).toUpperCase()}`, 'use shortestPath() or allShortestPaths()');
  const variable = ctx.child(node, 'variable');
  if (variable) ctx.scope.set(plainName(ctx.source(variable)), { kind: 'path', type: 'path' });
  return undefined;
}

/** For startNode(r) / endNode(r) of a relationship matched without direction: its variable and endpoints. */
export interface UndirectedEndpoint {
  rel: string;
  /** The endpoint variable that is the one asked for when Kuzu's `_src` (start) or `_dst` (end) is its id. */
  candidate: string;
  other: string;
  field: '_src' | '_dst';
}

/** The call `startNode(r)` / `endNode(r)` over an undirected pattern's relationship, or undefined. */
export function undirectedEndpoint(call: CypherTreeNode, ctx: EmitContext): UndirectedEndpoint | undefined {
  if (ctx.rule(call) !== 'functionInvocation') return undefined;
  const name = ctx.child(call, 'functionName');
  const fn = name ? plainName(ctx.source(name)).toLowerCase() : '';
  if (fn !== 'startnode' && fn !== 'endnode') return undefined;
  const arg = ctx.child(call, 'functionArgument');
  const rel = arg ? plainName(ctx.source(arg).trim()) : '';
  const info = ctx.scope.get(rel);
  if (!info || info.kind !== 'rel' || !info.ends || info.ends.direction !== 'both') return undefined;
  return { rel, candidate: info.ends.left, other: info.ends.right, field: fn === 'startnode' ? '_src' : '_dst' };
}

/** Whether the endpoint is the pattern's left node: Kuzu keeps the relationship's own ends as `_src`/`_dst`. */
export function endpointIsLeft(e: UndirectedEndpoint): string {
  return `struct_extract(${quoteName(e.rel)}, '${e.field}') = id(${quoteName(e.candidate)})`;
}

/**
 * `startNode(r)` / `endNode(r)`: the pattern's endpoint variable when the arrow says which it is. Over an
 * undirected pattern Kuzu can neither say (its start_node answers the left node) nor choose between two nodes
 * in a CASE, so only `startNode(r) = n` and `startNode(r).prop` are written (see expressions.ts and
 * list-indexing.ts); the bare node is refused.
 */
export function emitEndpoint(which: 'start' | 'end', arg: CypherTreeNode, argText: string, ctx: EmitContext): string {
  const name = plainName(ctx.source(arg).trim());
  const info = ctx.scope.get(name);
  const fn = which === 'start' ? 'start_node' : 'end_node';
  if (!info || info.kind !== 'rel' || !info.ends) return `${fn}(${argText})`;
  const { left, right, direction } = info.ends;
  const [l, r] = [quoteName(left), quoteName(right)];
  if (direction === 'out') return which === 'start' ? l : r;
  if (direction === 'in') return which === 'start' ? r : l;
  return ctx.refuse(arg, `${which}Node() of a relationship matched without a direction`, `give the pattern a direction, or compare it (${which}Node(${name}) = n) or read a property (${which}Node(${name}).name)`);
}
