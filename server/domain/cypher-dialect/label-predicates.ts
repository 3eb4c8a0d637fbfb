/**
 * Labels as Neo4j users write them, on Kuzu's one-table-per-kind schema. In Neo4j every entity carries the
 * label `Entity` plus its kind, and a source document `SourceDocument`; in Kuzu each is a table. So a label
 * expression (`:Entity`, `:Person|Group`, `:Entity&!Country`) becomes the set of tables it admits, written in
 * a pattern as Kuzu's table union `(n:Country:City)`, in a WHERE as `label(n) IN [...]`; `labels(n)` is
 * built as Neo4j answers it (['Entity', kind] or ['SourceDocument']); an unlabelled node of its own
 * (`MATCH (n)`) is held to entity and document tables, never the store's bookkeeping tables.
 */
import type { CypherTreeNode } from '../cypher-parser';
import { plainName, quoteName, type EmitContext } from './emitter';

export const ENTITY_LABEL = 'Entity';
export const DOCUMENT_LABEL = 'SourceDocument';

/** Every node table a console query may see. */
export function nodeUniverse(ctx: EmitContext): string[] {
  return ctx.catalogue.nodeTables.map((t) => t.name);
}

function entityTables(ctx: EmitContext): string[] {
  return nodeUniverse(ctx).filter((n) => n !== DOCUMENT_LABEL);
}

/**
 * The tables a label expression (labelExpression4 and below) admits, in the universe's order. `Entity` is
 * every entity table for nodes; a name the catalogue lacks admits none (Neo4j answers no rows for it).
 */
export function labelSet(ctx: EmitContext, node: CypherTreeNode, universe: readonly string[], forNodes: boolean): string[] {
  const name = ctx.rule(node);
  const kids = ctx.children(node).filter((c) => c.ruleIndex !== undefined);
  if (name === 'labelExpression' || name === 'labelExpression4') {
    const parts = kids.map((k) => labelSet(ctx, k, universe, forNodes));
    return universe.filter((t) => parts.some((p) => p.includes(t)));
  }
  if (name === 'labelExpression3') {
    const parts = kids.map((k) => labelSet(ctx, k, universe, forNodes));
    return universe.filter((t) => parts.every((p) => p.includes(t)));
  }
  if (name === 'labelExpression2') {
    const negations = ctx.children(node).filter((c) => c.symbol?.text === '!').length;
    const inner = labelSet(ctx, kids[0] as CypherTreeNode, universe, forNodes);
    return negations % 2 === 1 ? universe.filter((t) => !inner.includes(t)) : inner;
  }
  if (name === 'labelExpression1') {
    if (ctx.children(node).some((c) => c.symbol?.text === '%')) return [...universe];
    const inner = kids[0];
    if (inner && ctx.rule(inner) === 'labelExpression4') return labelSet(ctx, inner, universe, forNodes);
    if (inner && ctx.rule(inner) === 'dynamicAnyAllExpression') ctx.refuse(node, 'A dynamic label $(...)');
    const label = plainName(ctx.source(node));
    if (forNodes && label === ENTITY_LABEL) return entityTables(ctx);
    return universe.filter((t) => t === label);
  }
  // A bare symbolic name where a label is expected (nodeLabels in older rules).
  return universe.filter((t) => t === plainName(ctx.source(node)));
}

/** The text of a label set in a node pattern: Kuzu's union of tables, `:A:B`. */
function tablesText(tables: readonly string[]): string {
  return tables.map((t) => `:${quoteName(t)}`).join('');
}

/**
 * A node pattern: a label expression becomes the union of its tables; a lone unlabelled node that binds a
 * new variable is held to entity and document tables. An expression admitting no table keeps the user's
 * first label, so the engine names it as missing.
 */
export function emitNodePattern(node: CypherTreeNode, ctx: EmitContext): string | undefined {
  const variable = ctx.child(node, 'variable');
  const name = variable ? plainName(ctx.source(variable)) : ctx.namedNodes.get(node);
  const labels = ctx.child(node, 'labelExpression');
  const bound = name !== undefined && ctx.scope.get(name)?.kind === 'node';
  const universe = nodeUniverse(ctx);
  let tables: string[] | undefined;
  let labelText: string | undefined;
  if (labels) {
    tables = labelSet(ctx, labels, universe, true);
    labelText = tables.length > 0 ? tablesText(tables) : `:${quoteName(firstLabel(ctx, labels))}`;
  } else if (!bound && isLonePattern(ctx, node)) {
    tables = universe;
    labelText = tablesText(universe);
  }
  if (name !== undefined && !bound) ctx.scope.set(name, { kind: 'node', type: 'node', tables });
  else if (name !== undefined && tables && tables.length > 0) ctx.scope.set(name, { kind: 'node', type: 'node', tables });
  const rest = ctx.children(node).filter((c) => c !== variable && c !== labels && c.symbol === undefined);
  const props = rest.map((c) => ctx.emit(c)).join(' ');
  const where = ctx.children(node).some((c) => c.symbol?.text?.toUpperCase() === 'WHERE');
  if (where) ctx.refuse(node, 'A WHERE inside a node pattern', 'write it in the MATCH ... WHERE');
  const varText = name !== undefined ? quoteName(name) : '';
  return `(${varText}${labelText ?? ''}${props ? ` ${props}` : ''})`;
}

function firstLabel(ctx: EmitContext, labels: CypherTreeNode): string {
  const words = /[A-Za-z_][A-Za-z0-9_]*|`[^`]+`/.exec(ctx.source(labels).replace(/^\s*(:|IS\b)/i, ''));
  return words ? plainName(words[0]) : ctx.source(labels);
}

/** Whether a node pattern stands alone (no relationship next to it), e.g. `MATCH (n)`. */
function isLonePattern(ctx: EmitContext, node: CypherTreeNode): boolean {
  const parent = (node as { parent?: CypherTreeNode | null }).parent;
  if (!parent || ctx.rule(parent) !== 'patternElement') return false;
  return !ctx.children(parent).some((c) => ctx.rule(c) === 'relationshipPattern' || ctx.rule(c) === 'parenthesizedPath');
}

/** The relationship types a relationship pattern's label expression admits, as Kuzu's `:A|B`. */
export function emitRelTypes(ctx: EmitContext, labels: CypherTreeNode): { text: string; tables: string[] } {
  const universe = ctx.catalogue.relTables.map((t) => t.name);
  const tables = labelSet(ctx, labels, universe, false);
  if (tables.length === 0) return { text: `:${quoteName(firstLabel(ctx, labels))}`, tables };
  return { text: `:${tables.map(quoteName).join('|')}`, tables };
}

/**
 * `n:Person`, `n IS Person|Group`, `r:FUNDS` in an expression: a membership test over the tables the label
 * expression admits (false when it admits none, as Neo4j answers for a label nothing carries).
 */
export function emitLabelComparison(subject: string, info: { rel: boolean }, labels: CypherTreeNode, ctx: EmitContext): string {
  const universe = info.rel ? ctx.catalogue.relTables.map((t) => t.name) : nodeUniverse(ctx);
  const tables = labelSet(ctx, labels, universe, !info.rel);
  if (tables.length === universe.length) return `(${subject} IS NOT NULL)`;
  if (tables.length === 0) return `(CASE WHEN ${subject} IS NULL THEN NULL ELSE false END)`;
  return `(${safeLabel(subject)} IN [${tables.map(stringLiteral).join(', ')}])`;
}

/**
 * Kuzu's label(x), null for a null x: on a variable of one table Kuzu answers the table's name even where an
 * OPTIONAL MATCH left it null (measured: type(r) said CAPITAL_OF for a city with no such relationship).
 */
export function safeLabel(arg: string): string {
  return `(CASE WHEN ${arg} IS NULL THEN NULL ELSE label(${arg}) END)`;
}

/** `labels(n)` as Neo4j answers it: ['Entity', kind] for an entity, ['SourceDocument'] for a document. */
export function emitLabels(arg: string): string {
  return `(CASE WHEN ${arg} IS NULL THEN NULL WHEN label(${arg}) = '${DOCUMENT_LABEL}' THEN ['${DOCUMENT_LABEL}'] ELSE ['${ENTITY_LABEL}', label(${arg})] END)`;
}

export function stringLiteral(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
