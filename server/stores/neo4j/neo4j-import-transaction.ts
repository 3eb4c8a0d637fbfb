/**
 * The writes of one import inside its single Neo4j WRITE transaction (GraphStore.runImport): look-ups of
 * what is stored, then batched UNWIND writes, every value a parameter. Relationships are found from their
 * start node's id index (EdgeKey), so no look-up depends on a relationship index being online yet.
 */
import type { Node, Relationship, Transaction } from 'neo4j-driver';
import { InvalidRequestError } from '../../domain/errors';
import { PASCAL_CASE, UPPER_SNAKE } from '../../domain/seed-schema';
import type { ImportRecord } from '../../domain/import-model';
import type { EdgeKey, EdgeWrite, ImportBatchEntry, ImportTransaction } from '../../domain/ports/graph-store';
import type { GraphEdge } from '../../domain/graph-model';
import {
  DOCUMENT_LABEL,
  ENTITY_LABEL,
  IMPORT_BATCH_LABEL,
  IMPORT_LABEL,
  fromStoredDocument,
  fromStoredEdge,
  toStoredEdge,
  toStoredImportRecord,
  toStoredNode,
} from '../stored-graph';
import { WRITE_BATCH_ROWS, chunks, label } from './neo4j-cypher-text';
import { toNeo4jDocument } from './neo4j-documents';
import { plainProperties, toDriverParams, toGraphNode, toPlain } from './neo4j-values';

/** A stored relationship as the import reads it back: sources without catalogue fields (the port's rule). */
function toEdge(rel: Relationship, source: string, target: string): GraphEdge {
  return fromStoredEdge(rel.type, source, target, plainProperties(rel.properties as Record<string, unknown>), new Map());
}

/** The ImportTransaction of one open Neo4j transaction; `work` may run again after a retry, from scratch. */
export function neo4jImportTransaction(tx: Transaction): ImportTransaction {
  const rowsOf = async (query: string, params: Record<string, unknown>): Promise<Array<Record<string, unknown>>> =>
    (await tx.run(query, params)).records.map((r) => r.toObject() as Record<string, unknown>);
  return {
    findNodes: async (ids) => {
      if (ids.length === 0) return [];
      const rows = await rowsOf(`MATCH (n:${ENTITY_LABEL}) WHERE n.id IN $ids RETURN n`, { ids: [...ids] });
      return rows.map((r) => toGraphNode(r.n as Node));
    },
    findEdges: async (keys: readonly EdgeKey[]) => {
      if (keys.length === 0) return [];
      // Found from the start node's index: no relationship-id index spans all types.
      const rows = await rowsOf(
        `UNWIND $rows AS row MATCH (a:${ENTITY_LABEL} {id: row.source})-[r]->(b:${ENTITY_LABEL}) WHERE r.id = row.id RETURN r, a.id AS s, b.id AS t`,
        { rows: keys.map((k) => ({ id: k.id, source: k.source })) },
      );
      return rows.map((row) => toEdge(row.r as Relationship, String(row.s), String(row.t)));
    },
    findDocuments: async (ids) => {
      if (ids.length === 0) return [];
      const rows = await rowsOf(`MATCH (d:${DOCUMENT_LABEL}) WHERE d.id IN $ids RETURN d`, { ids: [...ids] });
      return rows.map((r) => fromStoredDocument(plainProperties((r.d as Node).properties as Record<string, unknown>)));
    },
    putNodes: async (fresh, replace) => {
      const byKind = new Map<string, Array<Record<string, unknown>>>();
      for (const n of [...fresh, ...replace]) byKind.set(n.kind, [...(byKind.get(n.kind) ?? []), toStoredNode(n)]);
      for (const [kind, all] of byKind) {
        for (const rows of chunks(all, WRITE_BATCH_ROWS)) {
          await tx.run(
            `UNWIND $rows AS row MERGE (n:${ENTITY_LABEL} {id: row.id}) SET n = row SET n:${label(kind, PASCAL_CASE, 'Kind')}`,
            toDriverParams({ rows }),
          );
        }
      }
    },
    putEdges: async (edges: readonly EdgeWrite[]) => {
      const byType = new Map<string, Array<Record<string, unknown>>>();
      for (const { edge } of edges) {
        byType.set(edge.type, [...(byType.get(edge.type) ?? []), { source: edge.source, target: edge.target, props: toStoredEdge(edge) }]);
      }
      for (const [type, all] of byType) {
        for (const rows of chunks(all, WRITE_BATCH_ROWS)) {
          const result = await tx.run(
            `UNWIND $rows AS row MATCH (a:${ENTITY_LABEL} {id: row.source}) MATCH (b:${ENTITY_LABEL} {id: row.target}) ` +
              `CREATE (a)-[r:${label(type, UPPER_SNAKE, 'Relationship type')}]->(b) SET r = row.props RETURN count(r) AS c`,
            toDriverParams({ rows }),
          );
          const written = Number(toPlain(result.records[0]?.get('c')) ?? 0);
          if (written !== rows.length) throw new InvalidRequestError(`${rows.length - written} ${type} relationship(s) join a node that does not exist.`);
        }
      }
    },
    putDocuments: async (fresh, replace) => {
      for (const rows of chunks([...fresh, ...replace].map(toNeo4jDocument), WRITE_BATCH_ROWS)) {
        await tx.run(`UNWIND $rows AS row MERGE (d:${DOCUMENT_LABEL} {id: row.id}) SET d = row`, toDriverParams({ rows }));
      }
    },
    removeEdges: async (keys: readonly EdgeKey[]) => {
      for (const rows of chunks(keys.map((k) => ({ id: k.id, source: k.source })), WRITE_BATCH_ROWS)) {
        await tx.run(`UNWIND $rows AS row MATCH (a:${ENTITY_LABEL} {id: row.source})-[r]->() WHERE r.id = row.id DELETE r`, toDriverParams({ rows }));
      }
    },
    removeNodes: async (ids) => {
      // DELETE, not DETACH DELETE: a node that still has relationships fails the transaction instead.
      for (const part of chunks([...ids], WRITE_BATCH_ROWS)) await tx.run(`MATCH (n:${ENTITY_LABEL}) WHERE n.id IN $ids DELETE n`, { ids: part });
    },
    removeDocuments: async (ids) => {
      for (const part of chunks([...ids], WRITE_BATCH_ROWS)) await tx.run(`MATCH (d:${DOCUMENT_LABEL}) WHERE d.id IN $ids DELETE d`, { ids: part });
    },
    putImportBatch: async (entry: ImportBatchEntry) => {
      await tx.run(`CREATE (b:${IMPORT_BATCH_LABEL}) SET b = $props`, toDriverParams({
        props: { ...entry, id: `${entry.importId}#${entry.seq}` },
      }));
    },
    putImportRecord: async (record: ImportRecord) => {
      const props = toStoredImportRecord(record);
      await tx.run(`MERGE (i:${IMPORT_LABEL} {id: $id}) SET i = $props`, toDriverParams({ id: record.id, props }));
    },
  };
}
