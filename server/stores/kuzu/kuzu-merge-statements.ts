/**
 * The MERGE statements of an upsert: a record merged by id, then every column of its table set (null where
 * the record has no value), inside the one transaction of the upsert. Apart from the store because they are
 * statement building over the schema, shared with the import's write side (WriteContext.mergeNode), and
 * need nothing of the store but its schema and its per-connection statement cache.
 */
import type { Connection, KuzuValue, PreparedStatement } from 'kuzu';
import type { PropertyValue } from '../../domain/graph-model';
import type { UpsertInput } from '../../domain/ports/graph-store';
import { DOCUMENT_LABEL, toStoredDocument, toStoredEdge, toStoredNode } from '../stored-graph';
import { discard } from './kuzu-result-rows';
import { quoteIdentifier, type KuzuSchema } from './kuzu-schema';
import { columnParam, valueExpression } from './kuzu-values';

/** What a MERGE needs of the store: the tables' columns and a statement prepared once per connection. */
export interface MergeContext {
  schema: KuzuSchema;
  prepared(c: Connection, query: string): Promise<PreparedStatement>;
}

/**
 * Merges every record of `input` on `c`, in one transaction so a failure leaves the store as it was.
 * `kindOf` answers each relationship endpoint's kind (its table); the tables and columns exist already.
 */
export async function mergeInput(ctx: MergeContext, c: Connection, input: UpsertInput, kindOf: ReadonlyMap<string, string>): Promise<void> {
  await discard(c.query('BEGIN TRANSACTION'));
  try {
    for (const d of input.documents) {
      await mergeNode(ctx, c, DOCUMENT_LABEL, toStoredDocument(d));
    }
    for (const n of input.nodes) await mergeNode(ctx, c, n.kind, toStoredNode(n));
    for (const e of input.edges) {
      await mergeEdge(ctx, c, e.type, kindOf.get(e.source) ?? '', kindOf.get(e.target) ?? '', e.source, e.target, toStoredEdge(e));
    }
    await discard(c.query('COMMIT'));
  } catch (err) {
    await discard(c.query('ROLLBACK')).catch(() => undefined);
    throw err;
  }
}

/** MERGE by id, then set every column of the table (null where absent) so a re-load replaces the record. */
export async function mergeNode(ctx: MergeContext, c: Connection, table: string, props: Record<string, PropertyValue>): Promise<void> {
  const cols = ctx.schema.columns(table);
  const sets: string[] = [];
  const params: Record<string, KuzuValue> = { id: props.id as string };
  let i = 0;
  for (const [col, type] of cols) {
    if (col === 'id') continue;
    const p = `p${i++}`;
    sets.push(`n.${quoteIdentifier(col)} = ${valueExpression(p, type)}`);
    params[p] = columnParam(props[col], type);
  }
  const q = `MERGE (n:${quoteIdentifier(table)} {id: $id})${sets.length ? ` SET ${sets.join(', ')}` : ''}`;
  const ps = await ctx.prepared(c, q);
  await discard(c.execute(ps, params));
}

/** MERGE a relationship by id between two nodes looked up in their tables, then set every column of its table. */
export async function mergeEdge(
  ctx: MergeContext,
  c: Connection,
  type: string,
  fromKind: string,
  toKind: string,
  source: string,
  target: string,
  props: Record<string, PropertyValue>,
): Promise<void> {
  const cols = ctx.schema.columns(type);
  const sets: string[] = [];
  const params: Record<string, KuzuValue> = { id: props.id as string, s: source, t: target };
  let i = 0;
  for (const [col, ctype] of cols) {
    if (col === 'id') continue;
    const p = `p${i++}`;
    sets.push(`r.${quoteIdentifier(col)} = ${valueExpression(p, ctype)}`);
    params[p] = columnParam(props[col], ctype);
  }
  const q =
    `MATCH (a:${quoteIdentifier(fromKind)} {id: $s}), (b:${quoteIdentifier(toKind)} {id: $t}) ` +
    `MERGE (a)-[r:${quoteIdentifier(type)} {id: $id}]->(b)${sets.length ? ` SET ${sets.join(', ')}` : ''}`;
  const ps = await ctx.prepared(c, q);
  await discard(c.execute(ps, params));
}
