/**
 * The Neo4j engine (Neo4j 5, single instance, cluster or Aura): one driver per process, every session
 * naming its database and access mode (neo4j-runner.ts), reads in READ transactions, each write in one WRITE
 * transaction, every value a
 * parameter. Labels and relationship types reach Cypher only after matching the vocabulary's naming
 * rules. Every entity carries the shared `Entity` label besides its kind, so one uniqueness constraint
 * (which also serves as the id index) covers all kinds; relationships are found by id through one index per
 * relationship type (neo4j-relationship-ids.ts). The `neo4j-driver` import stays in this folder.
 */
import neo4j, { Neo4jError, type Node } from 'neo4j-driver';
import type { Direction, Graph, GraphEdge, GraphNode } from '../../domain/graph-model';
import { InvalidRequestError } from '../../domain/errors';
import { PASCAL_CASE, UPPER_SNAKE, type SeedDocument } from '../../domain/seed-schema';
import type { ImportRecord } from '../../domain/import-model';
import type {
  AdjacencyColumns,
  AdjacencyFilter,
  CitingEdges,
  CitingEdgesOptions,
  DocumentTextStamp,
  EdgeRef,
  GraphCounts,
  GraphStore,
  ImportBatchEntry,
  ImportSchemaNeeds,
  ImportTransaction,
  NodeStar,
  ReadQueryOptions,
  ReadQueryResult,
  StreamSelection,
  UpsertInput,
  UpsertSummary,
} from '../../domain/ports/graph-store';
import {
  DOCUMENT_LABEL,
  ENTITY_LABEL,
  IMPORT_BATCH_LABEL,
  IMPORT_LABEL,
  fromStoredDocument,
  fromStoredImportBatch,
  fromStoredImportRecord,
  withoutText,
  toStoredEdge,
  toStoredNode,
} from '../stored-graph';
import { readObjects, type ReadContext } from './neo4j-read';
import { searchNodes, readNodes } from './neo4j-node-reads';
import { readAdjacency, readEdgesById } from './neo4j-edge-reads';
import { readCounts, readWholeGraph } from './neo4j-graph-reads';
import { runConsoleQuery } from './neo4j-read-query';
import { loadAdjacencyColumns, streamEdgeRecords, streamNodeRecords } from './neo4j-streams';
import { Neo4jRunner } from './neo4j-runner';
import { Neo4jSchema } from './neo4j-schema';
import { readDocumentTextStamps, readEdgesCitingDocuments, toNeo4jDocument } from './neo4j-documents';
import { WRITE_BATCH_ROWS, chunks, label } from './neo4j-cypher-text';
import { neo4jImportTransaction } from './neo4j-import-transaction';
import { readStar } from './neo4j-star-read';
import { plainProperties, toDriverParams, toPlain } from './neo4j-values';
import {
  BULK_BATCH,
  IMPORT_TIMEOUT_MS,
  type Neo4jStoreOptions,
} from './neo4j-store-options';

export type { Neo4jStoreOptions } from './neo4j-store-options';

export class Neo4jGraphStore implements GraphStore {
  readonly engine = 'neo4j' as const;
  private documents: Map<string, SeedDocument> | undefined;
  private readonly schema: Neo4jSchema;
  /** The store's own reads: a READ transaction each under the internal timeout (neo4j-read.ts). */
  private readonly reads: ReadContext;

  private constructor(private readonly runner: Neo4jRunner, options: Neo4jStoreOptions) {
    this.schema = new Neo4jSchema(runner);
    this.reads = { runner, timeoutMs: options.internalTimeoutMs ?? 30_000 };
  }

  /**
   * Creates the driver; it connects lazily, so a Neo4j that is down now does not stop start-up. Transactions
   * are retried by the runner, not the driver (see neo4j-runner.ts); a silent host costs connectionTimeout
   * once, then Neo4j counts as down and calls fail at once until the probe reaches it.
   */
  static create(options: Neo4jStoreOptions): Neo4jGraphStore {
    const driver = neo4j.driver(options.uri, neo4j.auth.basic(options.user, options.password), {
      userAgent: 'multivector/0.1',
      connectionAcquisitionTimeout: 10_000,
      connectionTimeout: 5_000,
    });
    return new Neo4jGraphStore(new Neo4jRunner(driver, options.database, options.uri), options);
  }

  async init(): Promise<void> {
    await this.schema.init();
  }

  async ping(): Promise<void> {
    await this.runner.ping();
  }

  counts(): Promise<GraphCounts> {
    return readCounts(this.reads);
  }

  searchCandidates(needle: string, limit: number): Promise<GraphNode[]> {
    return searchNodes(this.reads, needle, limit);
  }

  getNodes(ids: readonly string[]): Promise<GraphNode[]> {
    return readNodes(this.reads, ids);
  }

  /** By per-type index seeks, or one scan for very many ids (neo4j-edge-reads.ts). */
  getEdges(ids: readonly string[]): Promise<GraphEdge[]> {
    return readEdgesById(this.reads, this.schema, ids, () => this.documentCatalog());
  }

  /** Node details in one query (neo4j-star-read.ts) instead of an adjacency, a node and a relationship read. */
  getStar(id: string): Promise<NodeStar | null> {
    return readStar(this.reads, id, () => this.documentCatalog());
  }

  adjacency(ids: readonly string[], direction: Direction, filter: AdjacencyFilter = {}): Promise<EdgeRef[]> {
    return readAdjacency(this.reads, ids, direction, filter);
  }

  /** The console's query (neo4j-read-query.ts). */
  runReadQuery(query: string, params: Record<string, unknown>, options: ReadQueryOptions): Promise<ReadQueryResult> {
    return runConsoleQuery(this.runner, query, params, options, (ids) => this.getEdges(ids));
  }

  readAll(): Promise<Graph> {
    return readWholeGraph(this.reads, () => this.documentCatalog());
  }

  streamNodes(selection: StreamSelection, chunkSize: number): AsyncGenerator<GraphNode[]> {
    return streamNodeRecords(this.runner, selection, chunkSize);
  }

  streamEdges(selection: StreamSelection, chunkSize: number): AsyncGenerator<GraphEdge[]> {
    return streamEdgeRecords(this.runner, selection, chunkSize, () => this.documentCatalog());
  }

  /** Every relationship's adjacency row in blocks of columns (the graph index's load), read like a stream. */
  loadAdjacency(onColumns: (columns: AdjacencyColumns) => void): Promise<void> {
    return loadAdjacencyColumns(this.runner, onColumns);
  }

  async listDocuments(): Promise<SeedDocument[]> {
    return [...(await this.documentCatalog(true)).values()];
  }

  private async documentCatalog(fresh = false): Promise<Map<string, SeedDocument>> {
    if (!this.documents || fresh) {
      const rows = await readObjects(this.reads, `MATCH (d:${DOCUMENT_LABEL}) RETURN d`);
      this.documents = new Map(
        rows.map((r) => {
          const d = withoutText(fromStoredDocument(plainProperties((r.d as Node).properties as Record<string, unknown>)));
          return [d.id, d];
        }),
      );
    }
    return this.documents;
  }

  edgesCitingDocuments(documentIds: readonly string[], options: CitingEdgesOptions): Promise<CitingEdges> {
    return readEdgesCitingDocuments((q, p) => readObjects(this.reads, q, p), documentIds, options);
  }

  documentTextStamps(): Promise<DocumentTextStamp[]> {
    return readDocumentTextStamps((q, p) => readObjects(this.reads, q, p));
  }

  async getDocument(id: string): Promise<SeedDocument | undefined> {
    const rows = await readObjects(this.reads, `MATCH (d:${DOCUMENT_LABEL} {id: $id}) RETURN d`, { id });
    const row = rows[0];
    return row ? fromStoredDocument(plainProperties((row.d as Node).properties as Record<string, unknown>)) : undefined;
  }

  async upsert(input: UpsertInput): Promise<UpsertSummary> {
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
    await this.schema.ensureRelationshipIndexes(byType.keys());
    // One transaction: the whole input lands or nothing does.
    await this.runner.transaction(
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
    this.documents = undefined;
    return { nodes: input.nodes.length, edges: input.edges.length, documents: input.documents.length };
  }

  async bulkLoad(input: UpsertInput): Promise<UpsertSummary> {
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
    await this.schema.ensureRelationshipIndexes(byType.keys());
    // Each batch is its own write transaction, so a million rows never sit in one transaction's memory.
    const write = (query: string, rows: Array<Record<string, unknown>>): Promise<number> => {
      const params = toDriverParams({ rows });
      return this.runner.transaction(
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
      this.documents = undefined;
    }
    return { nodes: input.nodes.length, edges: input.edges.length, documents: input.documents.length };
  }

  /**
   * One WRITE transaction holding every batch (UNWIND of up to 1000 rows per statement). Indexes the
   * import's look-ups need (relationship id per type, the log's ids) are schema commands, which Neo4j runs
   * only in their own auto-commit transactions: they are created first; an index left by a failed import is
   * harmless. The runner may call `work` again after a transient failure; `work` starts from scratch.
   */
  async runImport<T>(needs: ImportSchemaNeeds, work: (tx: ImportTransaction) => Promise<T>): Promise<T> {
    const types = [...needs.edgeColumns.keys()].map((t) => {
      label(t, UPPER_SNAKE, 'Relationship type');
      return t;
    });
    for (const kind of needs.nodeColumns.keys()) label(kind, PASCAL_CASE, 'Kind');
    await this.schema.ensureImportSchema(types);
    try {
      return await this.runner.transaction('WRITE', (tx) => work(neo4jImportTransaction(tx)), { timeoutMs: IMPORT_TIMEOUT_MS });
    } finally {
      this.documents = undefined;
    }
  }

  async listImports(): Promise<ImportRecord[]> {
    const rows = await readObjects(this.reads, `MATCH (i:${IMPORT_LABEL}) RETURN i ORDER BY i.at DESC, i.id DESC`);
    return rows.map((r) => fromStoredImportRecord(plainProperties((r.i as Node).properties as Record<string, unknown>)));
  }

  async readImportBatches(importId: string): Promise<ImportBatchEntry[]> {
    const rows = await readObjects(this.reads, `MATCH (b:${IMPORT_BATCH_LABEL} {importId: $id}) RETURN b ORDER BY b.seq`, { id: importId });
    return rows.map((r) => fromStoredImportBatch(plainProperties((r.b as Node).properties as Record<string, unknown>)));
  }

  async close(): Promise<void> {
    await this.runner.close();
  }
}
