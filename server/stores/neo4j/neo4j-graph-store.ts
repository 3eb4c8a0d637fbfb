/**
 * The Neo4j engine (Neo4j 5, single instance, cluster or Aura): one driver per process, every session
 * naming its database and access mode (neo4j-runner.ts), reads in READ transactions, each write in one WRITE
 * transaction, every value a parameter. Labels and relationship types reach Cypher only after matching the
 * vocabulary's naming rules. Every entity carries the shared `Entity` label besides its kind, so one
 * uniqueness constraint (which also serves as the id index) covers all kinds; relationships are found by id
 * through one index per relationship type (neo4j-relationship-ids.ts). The `neo4j-driver` import stays in
 * this folder. This class is the GraphStore port over the concerns beside it, one per file (docs/engines.md):
 * it holds the runner, the schema and the document catalogue's cache, and delegates every method.
 */
import neo4j from 'neo4j-driver';
import type { Direction, Graph, GraphEdge, GraphNode } from '../../domain/graph-model';
import type { SeedDocument } from '../../domain/seed-schema';
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
import { Neo4jRunner } from './neo4j-runner';
import { Neo4jSchema } from './neo4j-schema';
import type { Neo4jStoreOptions } from './neo4j-store-options';
import { readObjects, type ReadContext, type ReadObjects } from './neo4j-read';
import { readCounts, readWholeGraph } from './neo4j-graph-reads';
import { readNodes, searchNodes } from './neo4j-node-reads';
import { readAdjacency, readEdgesById } from './neo4j-edge-reads';
import { readStar } from './neo4j-star-read';
import { runConsoleQuery } from './neo4j-read-query';
import { loadAdjacencyColumns, streamEdgeRecords, streamNodeRecords } from './neo4j-streams';
import { readDocument, readDocumentCatalog, readDocumentTextStamps, readEdgesCitingDocuments } from './neo4j-documents';
import { bulkLoadGraph, upsertGraph, type WriteContext } from './neo4j-writes';
import { runImportOn } from './neo4j-import-run';
import { readImportBatchEntries, readImportLog } from './neo4j-import-log';

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

  /** Indexes first, then one WRITE transaction (neo4j-import-run.ts). */
  runImport<T>(needs: ImportSchemaNeeds, work: (tx: ImportTransaction) => Promise<T>): Promise<T> {
    return runImportOn(this.writes, needs, work);
  }

  listImports(): Promise<ImportRecord[]> {
    return readImportLog(this.read);
  }

  readImportBatches(importId: string): Promise<ImportBatchEntry[]> {
    return readImportBatchEntries(this.read, importId);
  }

  async close(): Promise<void> {
    await this.runner.close();
  }
}
