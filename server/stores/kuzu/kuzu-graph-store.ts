/**
 * The embedded engine: Kuzu 0.11.3 in-process, one Database per DATA_DIR per process, a small pool of
 * connections, a query timeout set before every query. Kuzu is schema-first, so tables and columns are
 * created (or altered) from the data being written; see kuzu-schema.ts. The `kuzu` import stays in this folder.
 * This class is the GraphStore port over the concerns that live beside it, one per file (docs/engines.md):
 * it holds the store's lifecycle (opening, the copy it writes on, the swap that reconnects it, closing) and
 * what it keeps between calls (counts and documents until the next write), and delegates the reads, streams,
 * writes and imports.
 */
import type { Connection, Database } from 'kuzu';
import type { Direction, Graph, GraphEdge, GraphNode, StorageStatus } from '../../domain/graph-model';
import { EngineUnavailableError } from '../../domain/errors';
import type { SeedDocument } from '../../domain/seed-schema';
import type { ImportRecord } from '../../domain/import-model';
import type {
  AdjacencyColumns,
  AdjacencyFilter,
  CatalogueTable,
  CitingEdges,
  CitingEdgesOptions,
  DocumentTextStamp,
  EdgeRef,
  GraphCatalogue,
  GraphCounts,
  GraphStore,
  ImportBatchEntry,
  ImportSchemaNeeds,
  ImportTransaction,
  NodeStar,
  ReadQueryOptions,
  ReadQueryResult,
  RunImportOptions,
  StreamSelection,
  Subgraph,
  UpsertInput,
  UpsertSummary,
} from '../../domain/ports/graph-store';
import { finishRows } from '../read-result';
import { KeptGraphIndex } from '../graph-index/kept-graph-index';
import { DOCUMENT_LABEL } from '../stored-graph';
import { connect, joinSlot, type DatabaseSlot, type SlotMember } from './kuzu-database-slots';
import { STAGE_INTO_ROWS, type KuzuStoreOptions } from './kuzu-store-options';
import { writeOnCopy, type StagingCopy } from './kuzu-file-swap';
import { KuzuConnectionPool } from './kuzu-connection-pool';
import { KuzuWriteQueue } from './kuzu-write-queue';
import { KuzuStatementCache } from './kuzu-statement-cache';
import { KuzuSchema } from './kuzu-schema';
import { runBounded, type BoundedRun } from './kuzu-bounded-run';
import { IS_ENTITY } from './kuzu-records';
import { readNodes, searchNodes } from './kuzu-node-reads';
import { readEdgesById, readSubgraphEdges, type EdgeRecordReader } from './kuzu-edge-record-reads';
import { readStar } from './kuzu-star-read';
import { readAdjacencyRefs } from './kuzu-adjacency-reads';
import { executeReadQuery, toCells, type ReadQueryRows } from './kuzu-read-query';
import type { RowChunk } from './kuzu-row-chunks';
import {
  loadAdjacencyOn,
  readWholeGraph,
  streamEdgeRecords,
  streamEdgeRowChunks,
  streamNodeRecords,
  streamNodeRowChunks,
  type StreamContext,
} from './kuzu-stream-reads';
import { readDocument, readDocumentCatalog, readDocumentTextStamps, readEdgesCitingDocuments } from './kuzu-document-reads';
import { mergeNode, type MergeContext } from './kuzu-merge-statements';
import { bulkLoadOn, upsertOn, type StoreWriteContext } from './kuzu-writes';
import { importOnStore, touchesLargeTable } from './kuzu-import-run';
import { readImportBatchEntries, readImportLog } from './kuzu-import-log';

export type { KuzuStoreOptions } from './kuzu-store-options';
export { DEFAULT_IMPORT_POOL_BYTES } from './kuzu-store-options';
// In a file of its own so that the server process, which never loads kuzu, can name it too.
export { DataDirLockedError, DataDirUnopenableError } from './data-dir-errors';

export class KuzuGraphStore implements GraphStore {
  readonly engine = 'embedded' as const;
  private readonly pool: KuzuConnectionPool;
  private readonly schema: KuzuSchema;
  /** What the whole-graph reads use (kuzu-stream-reads.ts). */
  private readonly streams: StreamContext;
  private documents: Map<string, SeedDocument> | undefined;
  private readonly adjacencyIndex = new KeptGraphIndex((onColumns) => this.loadAdjacency(onColumns));
  private countsCache: GraphCounts | undefined;
  private writeGeneration = 0;
  private readonly writes: KuzuWriteQueue;
  private readonly statements = new KuzuStatementCache();
  private stageIntoRows = STAGE_INTO_ROWS;
  private queryThreads: number | undefined;
  /** This store as a swap of the folder's file sees it (see kuzu-database-slots.ts). */
  private readonly member: SlotMember;
  /** Runs one statement on a pooled connection (or `conn`); returns every row. For the store's own bounded queries (kuzu-bounded-run.ts). */
  private readonly run: BoundedRun = (query, params, conn) =>
    runBounded({ pool: this.pool, statements: this.statements, timeoutMs: this.internalTimeoutMs }, query, params, conn);
  /**
   * `run` for the store's own reads: one that finds the buffer pool full is asked again once the reads beside it
   * have ended (kuzu-memory-retry.ts). Not for writes, nor on a connection the caller holds (it would wait holding
   * it), nor on a staging copy, which serves only a write.
   */
  private readonly read: BoundedRun = (query, params, conn) =>
    conn || !this.slot ? this.run(query, params, conn) : this.slot.memory.read(() => this.run(query, params));

  private constructor(
    connections: Connection[],
    private readonly internalTimeoutMs: number,
    /** Undefined for a staging store, which owns its Database alone (see writeOnCopy). */
    private readonly slot: DatabaseSlot | undefined,
  ) {
    this.pool = new KuzuConnectionPool(connections);
    this.writes = new KuzuWriteQueue(slot);
    this.schema = new KuzuSchema((q) => this.run(q));
    this.streams = { pool: this.pool, schema: this.schema, timeoutMs: internalTimeoutMs };
    this.member = { pool: this.pool, reconnect: (db, schema) => this.reconnect(db, schema) };
    slot?.stores.add(this.member);
  }

  /** Opens (or joins) the database in `dataDir`. Throws DataDirLockedError if another process holds it. */
  static async open(options: KuzuStoreOptions): Promise<KuzuGraphStore> {
    const slot = await joinSlot(options);
    const connections = await connect(slot.db, options.poolSize ?? 4, options.queryThreads);
    const store = new KuzuGraphStore(connections, options.internalTimeoutMs ?? 30_000, slot);
    store.stageIntoRows = options.stageIntoRows ?? STAGE_INTO_ROWS;
    store.queryThreads = options.queryThreads;
    return store;
  }

  async init(): Promise<void> {
    await this.schema.load();
  }

  /** The database generation in use, and the recovery at start if there was one (see kuzu-generations.ts). */
  storageStatus(): StorageStatus | undefined {
    return this.slot ? structuredClone(this.slot.storage) : undefined;
  }

  async ping(): Promise<void> {
    await this.read('RETURN 1 AS ok');
  }

  async counts(): Promise<GraphCounts> {
    // Counting scans every table (tens of ms at 1M relationships) and /api/health asks on every call;
    // this process is the only writer (the folder lock), so the last count holds until its next write.
    if (this.pool.closed) throw new EngineUnavailableError('The embedded database is closed.');
    if (this.countsCache) return { ...this.countsCache };
    const generation = this.writeGeneration;
    const counted = await this.countNow();
    if (generation === this.writeGeneration) this.countsCache = counted;
    return { ...counted };
  }

  private async countNow(): Promise<GraphCounts> {
    const nodes = this.schema.entityTables().length
      ? await this.read(`MATCH (n) WHERE ${IS_ENTITY} RETURN count(n) AS c`)
      : [{ c: 0 }];
    const edges = this.schema.relTables().length ? await this.read('MATCH ()-[r]->() RETURN count(r) AS c') : [{ c: 0 }];
    return { nodes: Number(nodes[0]?.c ?? 0), edges: Number(edges[0]?.c ?? 0) };
  }

  searchCandidates(needle: string, limit: number): Promise<GraphNode[]> {
    return searchNodes(this.read, this.schema, needle, limit);
  }

  /** Look-ups by id through each kind's primary-key index (kuzu-node-reads.ts). */
  getNodes(ids: readonly string[]): Promise<GraphNode[]> {
    return readNodes(this.read, this.schema, ids, (id) => this.adjacencyIndex.kindOf(id));
  }

  getEdges(ids: readonly string[]): Promise<GraphEdge[]> {
    return ids.length === 0 || this.schema.relTables().length === 0 ? Promise.resolve([]) : readEdgesById(this.edgeRecordReader, ids);
  }

  /** A neighbourhood's records: its nodes by kind, its relationships by (source kind, target kind) (kuzu-edge-record-reads.ts). */
  async readSubgraph(nodeIds: readonly string[], edgeIds: readonly string[]): Promise<Subgraph> {
    const reading = edgeIds.length === 0 || this.schema.relTables().length === 0 ? Promise.resolve([]) : readSubgraphEdges(this.edgeRecordReader, edgeIds);
    const [nodes, edges] = await Promise.all([this.getNodes(nodeIds), reading]);
    return { nodes, edges };
  }

  private readonly edgeRecordReader: EdgeRecordReader = {
    run: (query, params) => this.read(query, params),
    locate: (id) => this.adjacencyIndex.locate(id),
    has: (table) => this.schema.has(table),
    documents: () => this.documentCatalog(),
  };

  /** Node details in one query (kuzu-star-read.ts). */
  getStar(id: string): Promise<NodeStar | null> {
    return readStar(this.read, this.schema, (id) => this.adjacencyIndex.kindOf(id), id, () => this.documentCatalog());
  }

  /** From the graph index when it is ready, else from the engine (kuzu-adjacency-reads.ts). */
  async adjacency(ids: readonly string[], direction: Direction, filter: AdjacencyFilter = {}): Promise<EdgeRef[]> {
    if (ids.length === 0 || this.schema.relTables().length === 0) return [];
    return this.adjacencyIndex.adjacency(ids, direction, filter) ?? readAdjacencyRefs(this.read, ids, direction, filter);
  }

  estimateAdjacency(ids: readonly string[], direction: Direction): number | undefined {
    return this.adjacencyIndex.degreeSum(ids, direction);
  }

  /** Resolves once adjacency() answers from memory (it builds in the background on first use otherwise). */
  async prepareAdjacencyIndex(): Promise<void> {
    await this.adjacencyIndex.ready();
  }

  /**
   * Reads every relationship's id, type, endpoints and years in blocks of columns: for the adapter's own
   * index, and for the server's (through the engine process, engine-process/engine-host.ts).
   */
  loadAdjacency(onColumns: (columns: AdjacencyColumns) => void): Promise<void> {
    return loadAdjacencyOn(this.streams, onColumns);
  }

  async runReadQuery(query: string, params: Record<string, unknown>, options: ReadQueryOptions): Promise<ReadQueryResult> {
    // The console's query is read-only (its guard), so asking it again on a full buffer pool has no effects.
    const attempt = async (): Promise<ReadQueryRows> => {
      const c = await this.pool.acquire();
      try {
        return await executeReadQuery(c, query, params, options);
      } finally {
        this.pool.release(c);
      }
    };
    const read = this.slot ? await this.slot.memory.read(attempt) : await attempt();
    return finishRows(read.columns, await toCells(read), read.more, (ids) => this.getEdges(ids));
  }

  readAll(): Promise<Graph> {
    return readWholeGraph(this.streams, () => this.documentCatalog());
  }

  /** Each table with its columns named, on a connection held for the stream (kuzu-stream-reads.ts). */
  streamNodes(selection: StreamSelection, chunkSize: number): AsyncGenerator<GraphNode[]> {
    return streamNodeRecords(this.streams, selection, chunkSize);
  }

  streamEdges(selection: StreamSelection, chunkSize: number): AsyncGenerator<GraphEdge[]> {
    return streamEdgeRecords(this.streams, selection, chunkSize, () => this.documentCatalog());
  }

  /** streamNodes as rows for the engine process to send (kuzu-row-chunks.ts): the server makes the records. */
  streamNodeRows(selection: StreamSelection, chunkSize: number): AsyncGenerator<RowChunk> {
    return streamNodeRowChunks(this.streams, selection, chunkSize);
  }

  /** streamEdges as rows (see streamNodeRows); their sources' documents come from streamedDocuments(). */
  streamEdgeRows(selection: StreamSelection, chunkSize: number): AsyncGenerator<RowChunk> {
    return streamEdgeRowChunks(this.streams, selection, chunkSize);
  }

  /** The documents streamEdges resolves sources with (texts left out). */
  async streamedDocuments(): Promise<SeedDocument[]> {
    return [...(await this.documentCatalog()).values()];
  }

  /** Entity and document tables with their columns, and relationship tables (for the console's translation). */
  async catalogue(): Promise<GraphCatalogue> {
    const table = (name: string): CatalogueTable => ({ name, properties: Object.fromEntries(this.schema.columns(name)) });
    const nodes = [...this.schema.entityTables(), ...(this.schema.has(DOCUMENT_LABEL) ? [DOCUMENT_LABEL] : [])];
    return { nodeTables: nodes.map(table), relTables: this.schema.relTables().map(table) };
  }

  async listDocuments(): Promise<SeedDocument[]> {
    return [...(await this.documentCatalog(true)).values()];
  }

  /** The document catalogue, read once and kept until a write forgets it (or `fresh` asks for it anew). */
  private async documentCatalog(fresh = false): Promise<Map<string, SeedDocument>> {
    if (!this.documents || fresh) this.documents = await readDocumentCatalog(this.read, this.schema.has(DOCUMENT_LABEL));
    return this.documents;
  }

  edgesCitingDocuments(documentIds: readonly string[], options: CitingEdgesOptions): Promise<CitingEdges> {
    return readEdgesCitingDocuments(this.read, this.schema.relTables().length > 0, documentIds, options);
  }

  documentTextStamps(): Promise<DocumentTextStamp[]> {
    return readDocumentTextStamps(this.read, this.schema.has(DOCUMENT_LABEL));
  }

  getDocument(id: string): Promise<SeedDocument | undefined> {
    return readDocument(this.read, this.schema.has(DOCUMENT_LABEL), id);
  }

  upsert(input: UpsertInput): Promise<UpsertSummary> {
    return this.writes.enqueue(() => (this.slot ? this.writeOnCopy(this.slot, false, (copy) => copy.upsertNow(input)) : this.upsertNow(input)));
  }

  /** MERGEs on this store's own database (a copy when the store has a folder; kuzu-writes.ts). */
  private upsertNow(input: UpsertInput): Promise<UpsertSummary> {
    return upsertOn(this.storeWrites(), input);
  }

  /** What was derived from the stored graph (documents, adjacency snapshot, counts, statements) is stale after a write. */
  private forgetDerived(): void {
    this.documents = undefined;
    this.writeGeneration += 1;
    this.statements.forget();
    this.countsCache = undefined;
    this.adjacencyIndex.invalidate();
  }

  bulkLoad(input: UpsertInput): Promise<UpsertSummary> {
    return this.writes.enqueue(() => (this.slot ? this.writeOnCopy(this.slot, false, (copy) => copy.bulkLoadNow(input)) : this.bulkLoadNow(input)));
  }

  /** COPYs from JSON files on this store's own database (kuzu-writes.ts). */
  private bulkLoadNow(input: UpsertInput): Promise<UpsertSummary> {
    return bulkLoadOn(this.storeWrites(), input);
  }

  /** This store as its writes use it (kuzu-writes.ts, kuzu-import-run.ts). */
  private storeWrites(): StoreWriteContext {
    const merge: MergeContext = { schema: this.schema, prepared: (c, q) => this.statements.prepared(c, q) };
    return {
      pool: this.pool,
      schema: this.schema,
      run: this.run,
      timeoutMs: this.internalTimeoutMs,
      write: { ...merge, mergeNode: (c, t, p) => mergeNode(merge, c, t, p) },
      getNodes: (ids) => this.getNodes(ids),
      forgetDerived: () => this.forgetDerived(),
    };
  }

  /**
   * Runs an import in one transaction, or staged (see writeOnCopy) when asked to or when it writes into
   * or removes from a relationship table of STAGE_INTO_ROWS rows or more: a small write into a large pair
   * is merged at the checkpoint row by row (1,000 relationships into a 1M-row pair: the checkpoint ran for
   * minutes), while the staged rebuild costs about 30 s per million stored rows.
   */
  runImport<T>(needs: ImportSchemaNeeds, work: (tx: ImportTransaction) => Promise<T>, options: RunImportOptions = {}): Promise<T> {
    return this.writes.enqueue(async () => {
      const slot = this.slot;
      if (!slot) return this.runImportNow(needs, work, true);
      const removes = options.removesRelationships === true;
      const staged = options.staged || (await touchesLargeTable(this.schema, needs, removes, this.stageIntoRows, (q) => this.run(q)));
      // Both on a copy; a dry run's copy is thrown away with it, so the file in use never sees its rollback.
      return this.writeOnCopy(slot, staged, (copy, stagingDir) => copy.runImportNow(needs, work, !staged, stagingDir));
    });
  }

  /** An import on the store's own database (a copy, see writeOnCopy), on a connection held throughout (see kuzu-import-run.ts). */
  private runImportNow<T>(needs: ImportSchemaNeeds, work: (tx: ImportTransaction) => Promise<T>, transactional: boolean, spoolDir?: string): Promise<T> {
    return importOnStore(this.storeWrites(), needs, work, transactional, spoolDir);
  }

  /** Runs `write` on a copy of the folder's database, swapped in once written (see kuzu-file-swap.ts). */
  private writeOnCopy<T>(slot: DatabaseSlot, staged: boolean, write: (copy: KuzuGraphStore, stagingDir: string) => Promise<T>): Promise<T> {
    return writeOnCopy({ slot, staged, checkpointInUse: () => this.checkpointInUse(), openCopy: (db) => this.openCopy(db) }, write);
  }

  /** CHECKPOINT on the file in use, on a connection of this store's paused pool (see writeOnCopy). */
  private async checkpointInUse(): Promise<void> {
    await this.pool.whilePaused((c) => this.run('CHECKPOINT', undefined, c));
  }

  /** A store alone on a copy's Database, with one connection and this store's catalogue and settings. */
  private async openCopy(db: Database): Promise<StagingCopy<KuzuGraphStore>> {
    const copy = new KuzuGraphStore(await connect(db, 1), this.internalTimeoutMs, undefined);
    copy.stageIntoRows = this.stageIntoRows;
    try {
      // The copy's catalogue is this one's: take it rather than read it again.
      if (!copy.schema.adopt(this.schema)) await copy.schema.load();
    } catch (err) {
      await copy.pool.closeAll().catch(() => undefined);
      throw err;
    }
    return {
      store: copy,
      schema: copy.schema,
      checkpoint: async () => {
        await copy.run('CHECKPOINT');
      },
      close: async () => {
        await copy.pool.closeAll();
        await db.close();
      },
    };
  }

  /** SlotMember.reconnect: this store reopened on the file a swap made current. */
  private async reconnect(db: Database, schema?: KuzuSchema): Promise<void> {
    this.pool.replace(await connect(db, this.pool.size, this.queryThreads));
    this.forgetDerived();
    if (schema && this.schema.adopt(schema)) return;
    // The gate is still closed: load the catalogue straight on a connection of the new file.
    await this.pool.whilePaused((c) => this.schema.load((q) => this.run(q, undefined, c)));
  }

  listImports(): Promise<ImportRecord[]> {
    return readImportLog(this.read, this.schema);
  }

  readImportBatches(importId: string): Promise<ImportBatchEntry[]> {
    return readImportBatchEntries(this.read, this.schema, importId);
  }

  /** Closes the store's connections after a checkpoint; the Database stays open (see kuzu-database-slots.ts). */
  async close(): Promise<void> {
    if (this.pool.closed) return;
    await this.writes.settled();
    // Fold the WAL into the database file so the next start opens quickly.
    await this.run('CHECKPOINT').catch(() => undefined);
    await this.pool.close();
    this.slot?.stores.delete(this.member);
  }
}
