/**
 * The translator's engine: a recursive emitter over the Neo4j parse tree (cypher-parser.ts) that writes each
 * node's text back out, copying the source text that lies between its children (spaces, comments, keywords
 * the grammar keeps as terminals) and letting a per-rule handler replace a node's text. A query nothing
 * needs to change comes out exactly as it went in. The handlers live one concern per file next to this one;
 * they share the translation's state through the context (variables seen so far, the store's catalogue).
 */
import type { CypherTreeNode } from '../cypher-parser';
import { QueryRejectedError } from '../errors';
import type { GraphCatalogue } from '../ports/graph-store';
import { Scope } from './scope';

/** Replaces a node's text, or answers undefined to let the default emission (children in place) run. */
export type RuleHandler = (node: CypherTreeNode, ctx: EmitContext) => string | undefined;

export class EmitContext {
  readonly scope = new Scope();
  /** Names given to anonymous pattern nodes that a relationship's endpoints need (see paths.ts). */
  readonly namedNodes = new Map<CypherTreeNode, string>();
  /** Pattern comprehensions computed before their projection, by the name that holds their list. */
  readonly precomputed = new Map<CypherTreeNode, string>();
  /** Names given to anonymous relationships that uniqueness conditions need (see match-uniqueness.ts). */
  readonly namedRels = new Map<CypherTreeNode, string>();
  /** While set, variable-length relationships are emitted as Kuzu's shortest-path forms. */
  shortest: 'SHORTEST' | 'ALL SHORTEST' | undefined;
  /** Inside a pattern: variables name pattern elements, not values (see the variable handler). */
  inPattern = 0;
  /** ORDER BY of a RETURN: projected aliases and expressions it may name, mapped to their internal aliases. */
  orderAliases: Map<string, string> | undefined;
  private fresh = 0;

  constructor(
    readonly query: string,
    readonly ruleNames: readonly string[],
    readonly catalogue: GraphCatalogue,
    readonly handlers: Readonly<Record<string, RuleHandler>>,
  ) {}

  rule(node: CypherTreeNode | undefined): string | undefined {
    return node?.ruleIndex === undefined ? undefined : this.ruleNames[node.ruleIndex];
  }

  children(node: CypherTreeNode): readonly CypherTreeNode[] {
    return node.children ?? [];
  }

  /** The first child of a rule, or undefined. */
  child(node: CypherTreeNode, rule: string): CypherTreeNode | undefined {
    return this.children(node).find((c) => this.rule(c) === rule);
  }

  childrenOf(node: CypherTreeNode, rule: string): CypherTreeNode[] {
    return this.children(node).filter((c) => this.rule(c) === rule);
  }

  /** Whether a terminal child with this text (case-insensitive) is present. */
  hasToken(node: CypherTreeNode, text: string): boolean {
    return this.children(node).some((c) => c.symbol !== undefined && (c.symbol.text ?? '').toUpperCase() === text);
  }

  /** Where a node's source text starts and ends (end exclusive); empty nodes have start === end. */
  span(node: CypherTreeNode): [number, number] {
    if (node.symbol) return isEof(node) ? [node.symbol.start, node.symbol.start] : [node.symbol.start, node.symbol.stop + 1];
    const start = node.start?.start ?? 0;
    const stop = node.stop ? node.stop.stop + 1 : start;
    return [start, Math.max(start, stop)];
  }

  /** The user's own text of a node. */
  source(node: CypherTreeNode): string {
    const [a, b] = this.span(node);
    return this.query.slice(a, b);
  }

  /** A node's text in the engine's dialect. */
  emit(node: CypherTreeNode): string {
    const name = this.rule(node);
    if (name !== undefined) {
      const handler = this.handlers[name];
      const out = handler?.(node, this);
      if (out !== undefined) return out;
    }
    return this.emitChildren(node);
  }

  /** The default emission: every child emitted in place, the source text between them copied. */
  emitChildren(node: CypherTreeNode, replace?: ReadonlyMap<CypherTreeNode, string>): string {
    if (node.symbol) return isEof(node) ? '' : this.source(node);
    const [start, end] = this.span(node);
    let pos = start;
    let out = '';
    for (const c of this.children(node)) {
      const [a, b] = this.span(c);
      if (a < pos) continue;
      out += this.query.slice(pos, a) + (replace?.get(c) ?? this.emit(c));
      pos = b;
    }
    return out + this.query.slice(pos, Math.max(pos, end));
  }

  /** A name no user variable takes, for the translation's own aliases and pattern nodes. */
  freshName(prefix: string): string {
    this.fresh += 1;
    return `_${prefix}${this.fresh}`;
  }

  /** Refuses what the embedded engine cannot answer faithfully, naming the construct where it stands. */
  refuse(node: CypherTreeNode, what: string, hint = ''): never {
    const [offset] = this.span(node);
    const before = this.query.slice(0, offset).split('\n');
    const line = before.length;
    const column = (before[before.length - 1]?.length ?? 0) + 1;
    throw new QueryRejectedError(
      `${what} is not available on the embedded engine${hint ? `; ${hint}` : ''} (line ${line}, column ${column})`,
      { construct: what, line, column, offset },
    );
  }
}

function isEof(node: CypherTreeNode): boolean {
  return node.symbol !== undefined && (node.symbol.text === '<EOF>' || node.symbol.stop < node.symbol.start);
}

/** Rules unwrap stops at: their single child is only their spelling. */
const LEAF_RULES = new Set(['variable', 'parameter', 'stringLiteral', 'numberLiteral', 'propertyKeyName', 'functionName']);

/** Descends through rules that only wrap one child (expression -> expression11 -> ... -> expression1). */
export function unwrap(ctx: EmitContext, node: CypherTreeNode): CypherTreeNode {
  let n = node;
  for (;;) {
    if (LEAF_RULES.has(ctx.rule(n) ?? '')) return n;
    const kids = ctx.children(n);
    if (kids.length !== 1 || kids[0]?.ruleIndex === undefined) return n;
    n = kids[0];
  }
}

/** Backtick-quotes a name for the engine. */
export function quoteName(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/** A symbolic name as the user meant it (backticks removed). */
export function plainName(text: string): string {
  return text.startsWith('`') && text.endsWith('`') ? text.slice(1, -1).replace(/``/g, '`') : text;
}
