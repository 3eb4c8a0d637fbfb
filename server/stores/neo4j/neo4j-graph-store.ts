/**
 * The Neo4j engine (Neo4j 5, single instance, cluster or Aura): one driver per process, every session
 * naming its database and access mode (neo4j-runner.ts), reads in READ transactions, each write in one WRITE
 * transaction, every value a
 * parameter. Labels and relationship types reach Cypher only after matching the vocabulary's naming
 * rules. Every entity carries the shared `Entity` label besides its kind, so one uniqueness constraint
 * (which also serves as the id index) covers all kinds; relationships are found by id through one index per
 * relationship type (neo4j-relationship-ids.ts). The `neo4j-driver` import stays in this folder.
 */
import neo4j, { type Node } from 'neo4j-driver';
import type { Direction, Graph, GraphEdge, GraphNode } from '../../domain/graph-model';
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
  IMPORT_BATCH_LABEL,
  IMPORT_LABEL,
  fromStoredImportBatch,
  fromStoredImportRecord,
} from '../stored-graph';
import { readObjects, type ReadContext, type ReadObjects } from './neo4j-read';
import { searchNodes, readNodes } from './neo4j-node-reads';
import { readAdjacency, readEdgesById } from './neo4j-edge-reads';
import { readCounts, readWholeGraph } from './neo4j-graph-reads';
import { runConsoleQuery } from './neo4j-read-query';
import { loadAdjacencyColumns, streamEdgeRecords, streamNodeRecords } from './neo4j-streams';
import { bulkLoadGraph, upsertGraph, type WriteContext } from './neo4j-writes';
import { Neo4jRunner } from './neo4j-runner';
import { Neo4jSchema } from './neo4j-schema';
import { readDocument, readDocumentCatalog, readDocumentTextStamps, readEdgesCitingDocuments } from './neo4j-documents';
import { label } from './neo4j-cypher-text';
import { neo4jImportTransaction } from './neo4j-import-transaction';
import { readStar } from './neo4j-star-read';
import { plainProperties } from './neo4j-values';
import {
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
  private readonly read: ReadObjects = (query, params) => readObjects(this.reads, query, params);
  /** What the writes use (neo4j-writes.ts); each forgets the document catalogue as it did inline. */
  private readonly writes: WriteContext;

  private constructor(private readonly runner: Neo4jRunner, options: Neo4jStoreOptions) {
    this.schema = new Neo4jSchema(runner);
    this.reads = { runner, timeoutMs: options.internalTimeoutMs ?? 30_000 };
    this.writes = {
      runner,
      schema: this.schema,
      forgetDocuments: () => {
        this.documents = undefined;
      },
    };
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

  /** The document catalogue, read once and kept until a write forgets it (or `fresh` asks for it anew). */
  private async documentCatalog(fresh = false): Promise<Map<string, SeedDocument>> {
    if (!this.documents || fresh) this.documents = await readDocumentCatalog(this.read);
    return this.documents;
  }

  edgesCitingDocuments(documentIds: readonly string[], options: CitingEdgesOptions): Promise<CitingEdges> {
    return readEdgesCitingDocuments(this.read, documentIds, options);
  }

  documentTextStamps(): Promise<DocumentTextStamp[]> {
    return readDocumentTextStamps(this.read);
  }

  getDocument(id: string): Promise<SeedDocument | undefined> {
    return readDocument(this.read, id);
  }

  upsert(input: UpsertInput): Promise<UpsertSummary> {
    return upsertGraph(this.writes, input);
  }

  bulkLoad(input: UpsertInput): Promise<UpsertSummary> {
    return bulkLoadGraph(this.writes, input);
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
