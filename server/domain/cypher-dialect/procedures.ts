/**
 * Neo4j's catalogue procedures, answered from the store's catalogue: `CALL db.labels()` becomes an UNWIND
 * over the labels (Entity, each entity kind, SourceDocument), so YIELD, WHERE and the clauses that follow
 * run in the engine as written. The columns are Neo4j's: `label`, `relationshipType`, `propertyKey`.
 * A standalone CALL gets the RETURN Neo4j implies.
 */
import type { CypherTreeNode } from '../cypher-parser';
import { plainName, quoteName, type EmitContext } from './emitter';
import { DOCUMENT_LABEL, ENTITY_LABEL, stringLiteral } from './label-predicates';

/** Column and values of each catalogue procedure. */
function procedureRows(ctx: EmitContext, procedure: string): { column: string; values: string[] } | undefined {
  const nodes = ctx.catalogue.nodeTables;
  switch (procedure) {
    case 'db.labels': {
      const kinds = nodes.map((t) => t.name).filter((n) => n !== DOCUMENT_LABEL);
      const docs = nodes.some((t) => t.name === DOCUMENT_LABEL) ? [DOCUMENT_LABEL] : [];
      return { column: 'label', values: [...(kinds.length > 0 ? [ENTITY_LABEL] : []), ...kinds, ...docs] };
    }
    case 'db.relationshiptypes':
      return { column: 'relationshipType', values: ctx.catalogue.relTables.map((t) => t.name) };
    case 'db.propertykeys': {
      const keys = new Set([...nodes, ...ctx.catalogue.relTables].flatMap((t) => Object.keys(t.properties)));
      return { column: 'propertyKey', values: [...keys].sort() };
    }
    default:
      return undefined;
  }
}

/** What a standalone CALL must return: the yielded variable and the column Neo4j names. */
export interface StandaloneCall {
  variable: string;
  column: string;
}

/** A CALL clause: the catalogue procedures as UNWIND; Kuzu's own (show_tables) as written. */
export function emitCall(node: CypherTreeNode, ctx: EmitContext, onStandalone: (call: StandaloneCall) => void): string | undefined {
  const nameNode = ctx.child(node, 'procedureName');
  const procedure = nameNode ? ctx.source(nameNode).replace(/\s+/g, '').toLowerCase() : '';
  const rows = procedureRows(ctx, procedure);
  if (!rows) return undefined;
  if (ctx.hasToken(node, 'OPTIONAL')) ctx.refuse(node, 'OPTIONAL CALL');
  if (ctx.childrenOf(node, 'procedureArgument').length > 0) ctx.refuse(node, `Arguments to ${ctx.source(nameNode as CypherTreeNode)}()`);
  const items = ctx.childrenOf(node, 'procedureResultItem');
  let variable = rows.column;
  for (const item of items) {
    const vars = ctx.childrenOf(item, 'variable');
    const yielded = plainName(ctx.source(vars[0] as CypherTreeNode));
    if (yielded !== rows.column) ctx.refuse(item, `YIELD ${yielded}`, `${ctx.source(nameNode as CypherTreeNode)}() yields ${rows.column}`);
    variable = plainName(ctx.source((vars[1] ?? vars[0]) as CypherTreeNode));
  }
  ctx.scope.bindValue(variable, 'string');
  const list = rows.values.length > 0 ? `[${rows.values.map(stringLiteral).join(', ')}]` : 'CAST([] AS STRING[])';
  const where = ctx.child(node, 'whereClause');
  const isLast = isLastClause(node, ctx);
  if (isLast) onStandalone({ variable, column: variable });
  return `UNWIND ${list} AS ${quoteName(variable)}${where ? ` WITH ${quoteName(variable)} ${ctx.emit(where)}` : ''}`;
}

function isLastClause(call: CypherTreeNode, ctx: EmitContext): boolean {
  const clause = (call as { parent?: CypherTreeNode | null }).parent;
  const query = clause ? (clause as { parent?: CypherTreeNode | null }).parent : undefined;
  if (!clause || !query) return true;
  const clauses = ctx.childrenOf(query, 'clause');
  return clauses[clauses.length - 1] === clause;
}
