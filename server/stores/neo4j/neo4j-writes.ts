/**
 * The Neo4j store's writes of whole inputs (GraphStore.upsert and bulkLoad): every label and type checked
 * against the vocabulary's naming rules before a transaction opens, each new relationship type's id index
 * created first (neo4j-schema.ts), rows sent in UNWIND batches. Imports have their own protocol
 * (neo4j-import-run.ts).
 */
import { Neo4jError } from 'neo4j-driver';
import { InvalidRequestError } from '../../domain/errors';
import type { UpsertInput, UpsertSummary } from '../../domain/ports/graph-store';
import { PASCAL_CASE, UPPER_SNAKE } from '../../domain/seed-schema';
import { DOCUMENT_LABEL, ENTITY_LABEL, toStoredEdge, toStoredNode } from '../stored-graph';
import { WRITE_BATCH_ROWS, chunks, label } from './neo4j-cypher-text';
import { toNeo4jDocument } from './neo4j-documents';
import type { Neo4jRunner } from './neo4j-runner';
import type { Neo4jSchema } from './neo4j-schema';
import { BULK_BATCH } from './neo4j-store-options';
import { toDriverParams, toPlain } from './neo4j-values';

/** What a write needs of the store: its runner, its schema, and how to drop its cached document catalogue. */
export interface WriteContext {
  runner: Neo4jRunner;
  schema: Neo4jSchema;
  forgetDocuments(): void;
}

/** MERGEs `input` by id in one WRITE transaction: the whole input lands or nothing does. */
export async function upsertGraph(ctx: WriteContext, input: UpsertInput): Promise<UpsertSummary> {
  // Validate every label and type before the transaction opens.
  const byKind = new Map<string, Array<Record<string, unknown>>>();
  for (const n of input.nodes) {
    label(n.kind, PASCAL_CASE, 'Kind');
    byKind.set(n.kind, [...(byKind.get(n.kind) ?? []), toStoredNode(n)]);
  }
  const byType = new Map<string, Array<Record<string, unknown>>>();
  for (const e of input.edges) {
    label(e.type, UPPER_SNAKE, 'Relationship type');
    byType.set(e.type, [...(byType.get(e.type) ?? []), { source: e.source, target: e.target, id: e.id, props: toStoredEdge(e) }]);
  }
  await ctx.schema.ensureRelationshipIndexes(byType.keys());
  // One transaction: the whole input lands or nothing does.
  await ctx.runner.transaction(
    'WRITE',
    async (tx) => {
      for (const rows of chunks(input.documents.map(toNeo4jDocument), WRITE_BATCH_ROWS)) {
        await tx.run(`UNWIND $rows AS row MERGE (d:${DOCUMENT_LABEL} {id: row.id}) SET d = row`, toDriverParams({ rows }));
      }
      for (const [kind, all] of byKind) {
        for (const rows of chunks(all, WRITE_BATCH_ROWS)) {
          await tx.run(
            `UNWIND $rows AS row MERGE (n:${ENTITY_LABEL} {id: row.id}) SET n = row SET n:${label(kind, PASCAL_CASE, 'Kind')}`,
            toDriverParams({ rows }),
          );
        }
      }
      for (const [type, all] of byType) {
        for (const rows of chunks(all, WRITE_BATCH_ROWS)) {
          const summary = await tx.run(
            `UNWIND $rows AS row MATCH (a:${ENTITY_LABEL} {id: row.source}) MATCH (b:${ENTITY_LABEL} {id: row.target}) ` +
              `MERGE (a)-[r:${label(type, UPPER_SNAKE, 'Relationship type')} {id: row.id}]->(b) SET r = row.props RETURN count(r) AS c`,
            toDriverParams({ rows }),
          );
          const written = Number(toPlain(summary.records[0]?.get('c')) ?? 0);
          if (written !== rows.length) {
            throw new InvalidRequestError(`${rows.length - written} ${type} relationship(s) join a node that does not exist.`);
          }
        }
      }
    },
    { timeoutMs: 600_000 },
  );
  ctx.forgetDocuments();
  return { nodes: input.nodes.length, edges: input.edges.length, documents: input.documents.length };
}

/** CREATEs `input` (ids new by contract) in write transactions of BULK_BATCH rows each. */
export async function bulkLoadGraph(ctx: WriteContext, input: UpsertInput): Promise<UpsertSummary> {
  const seen = new Set<string>();
  for (const x of [...input.nodes, ...input.edges]) {
    if (seen.has(x.id)) throw new InvalidRequestError(`The id "${x.id}" appears twice in the bulk load.`);
    seen.add(x.id);
  }
  seen.clear();
  const byKind = new Map<string, Array<Record<string, unknown>>>();
  for (const n of input.nodes) {
    label(n.kind, PASCAL_CASE, 'Kind');
    const rows = byKind.get(n.kind);
    if (rows) rows.push(toStoredNode(n));
    else byKind.set(n.kind, [toStoredNode(n)]);
  }
  const byType = new Map<string, Array<Record<string, unknown>>>();
  for (const e of input.edges) {
    label(e.type, UPPER_SNAKE, 'Relationship type');
    const row = { source: e.source, target: e.target, props: toStoredEdge(e) };
    const rows = byType.get(e.type);
    if (rows) rows.push(row);
    else byType.set(e.type, [row]);
  }
  // Before the load, so each index is built empty and kept up as rows arrive, and is online when it ends.
  await ctx.schema.ensureRelationshipIndexes(byType.keys());
  // Each batch is its own write transaction, so a million rows never sit in one transaction's memory.
  const write = (query: string, rows: Array<Record<string, unknown>>): Promise<number> => {
    const params = toDriverParams({ rows });
    return ctx.runner.transaction(
      'WRITE',
      async (tx) => {
        try {
          const result = await tx.run(query, params);
          return Number(toPlain(result.records[0]?.get('c')) ?? 0);
        } catch (err) {
          // The entity_id constraint refusing a duplicate is the caller's mistake, not a failed statement.
          if (err instanceof Neo4jError && err.code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
            throw new InvalidRequestError(`Bulk load refused: ${err.message}`);
          }
          throw err;
        }
      },
      { timeoutMs: 600_000 },
    );
  };
  try {
    for (const rows of chunks(input.documents.map(toNeo4jDocument), BULK_BATCH)) {
      await write(`UNWIND $rows AS row MERGE (d:${DOCUMENT_LABEL} {id: row.id}) SET d = row RETURN count(d) AS c`, rows);
    }
    for (const [kind, all] of byKind) {
      for (const rows of chunks(all, BULK_BATCH)) {
        // CREATE, not MERGE: ids are new by contract, and the entity_id constraint refuses a duplicate.
        await write(`UNWIND $rows AS row CREATE (n:${ENTITY_LABEL}:${label(kind, PASCAL_CASE, 'Kind')}) SET n = row RETURN count(n) AS c`, rows);
      }
    }
    for (const [type, all] of byType) {
      for (const rows of chunks(all, BULK_BATCH)) {
        const written = await write(
          `UNWIND $rows AS row MATCH (a:${ENTITY_LABEL} {id: row.source}) MATCH (b:${ENTITY_LABEL} {id: row.target}) ` +
            `CREATE (a)-[r:${label(type, UPPER_SNAKE, 'Relationship type')}]->(b) SET r = row.props RETURN count(r) AS c`,
          rows,
        );
        if (written !== rows.length) {
          throw new InvalidRequestError(`${rows.length - written} ${type} relationship(s) join a node that does not exist.`);
        }
      }
    }
  } finally {
    ctx.forgetDocuments();
  }
  return { nodes: input.nodes.length, edges: input.edges.length, documents: input.documents.length };
}
