/**
 * The embedded engine: Kuzu 0.11.3 in-process, one Database per DATA_DIR per process, a small pool of
 * connections, a query timeout set before every query. Kuzu is schema-first, so tables and columns are
 * created (or altered) from the data being written; see kuzu-schema.ts. The `kuzu` import stays in this folder.
 * This class is the GraphStore port over the concerns that live beside it, one per file: the pool, the write
 * queue, the copy-then-swap of files, the read query, streams, MERGEs, bulk COPYs, the import run (docs/engines.md).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection, Database, KuzuValue } from 'kuzu';
import type { Direction, Graph, GraphEdge, GraphNode } from '../../domain/graph-model';
import {
  EngineUnavailableError,
  InvalidRequestError,
} from '../../domain/errors';
import type { SeedDocument } from '../../domain/seed-schema';
import type { ImportRecord } from '../../domain/import-model';
import type {
  AdjacencyFilter,
  EdgeRef,
  CatalogueTable,
  GraphCatalogue,
  GraphCounts,
  GraphStore,
  ImportBatchEntry,
  ImportSchemaNeeds,
  ImportTransaction,
  RunImportOptions,
  ReadQueryOptions,
  ReadQueryResult,
  StreamSelection,
  UpsertInput,
  UpsertSummary,
  AdjacencyColumns,
  CitingEdges,
  CitingEdgesOptions,
  DocumentTextStamp,
  NodeStar,
  Subgraph,
} from '../../domain/ports/graph-store';
import { readDocument, readDocumentCatalog, readDocumentTextStamps, readEdgesCitingDocuments } from './kuzu-document-reads';
import { finishRows } from '../read-result';
import { KeptGraphIndex } from '../graph-index/kept-graph-index';
import { DOCUMENT_LABEL, DOCUMENT_PROPERTY_TYPES } from '../stored-graph';
import type { StorageStatus } from '../../domain/graph-model';
import { KuzuSchema } from './kuzu-schema';
import { connect, joinSlot, type DatabaseSlot, type SlotMember } from './kuzu-database-slots';
import { STAGE_INTO_ROWS, WRITE_TIMEOUT_MS, type KuzuStoreOptions } from './kuzu-store-options';
import { writeOnCopy, type StagingCopy } from './kuzu-file-swap';
import { KuzuConnectionPool } from './kuzu-connection-pool';
import { KuzuWriteQueue } from './kuzu-write-queue';
import { KuzuStatementCache } from './kuzu-statement-cache';
import { executeReadQuery, toCells, type ReadQueryRows } from './kuzu-read-query';
import { importOn, touchesLargeTable } from './kuzu-import-run';
import { mergeInput, mergeNode, type MergeContext } from './kuzu-merge-statements';
import type { Row } from './kuzu-result-rows';
import { runBounded, type BoundedRun } from './kuzu-bounded-run';
import { planBulkCopy, runBulkCopy, tablesEmpty } from './kuzu-bulk-copy';
import { IS_ENTITY } from './kuzu-records';
import { readNodes, searchNodes } from './kuzu-node-reads';
import { readAdjacencyRefs } from './kuzu-adjacency-reads';
import { readImportBatchEntries, readImportLog } from './kuzu-import-log';
import type { WriteContext } from './kuzu-import-transaction';
import { readEdgesById, readSubgraphEdges, type EdgeRecordReader } from './kuzu-edge-record-reads';
import { readStar } from './kuzu-star-read';
import { upsertColumns } from './kuzu-upsert-columns';
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

  /** Runs one statement on a pooled connection (or `conn`); returns every row. For the store's own bounded queries (kuzu-bounded-run.ts). */
  private readonly run: BoundedRun = (query, params, conn) =>
    runBounded({ pool: this.pool, statements: this.statements, timeoutMs: this.internalTimeoutMs }, query, params, conn);

  async init(): Promise<void> {
    await this.schema.load();
  }

  /** The database generation in use, and the recovery at start if there was one (see kuzu-generations.ts). */
  storageStatus(): StorageStatus | undefined {
    return this.slot ? structuredClone(this.slot.storage) : undefined;
  }

  async ping(): Promise<void> {
    await this.run('RETURN 1 AS ok');
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
      ? await this.run(`MATCH (n) WHERE ${IS_ENTITY} RETURN count(n) AS c`)
      : [{ c: 0 }];
    const edges = this.schema.relTables().length ? await this.run('MATCH ()-[r]->() RETURN count(r) AS c') : [{ c: 0 }];
    return { nodes: Number(nodes[0]?.c ?? 0), edges: Number(edges[0]?.c ?? 0) };
  }

  searchCandidates(needle: string, limit: number): Promise<GraphNode[]> {
    return searchNodes(this.run, this.schema, needle, limit);
  }

  /** Look-ups by id through each kind's primary-key index (kuzu-node-reads.ts). */
  getNodes(ids: readonly string[]): Promise<GraphNode[]> {
    return readNodes(this.run, this.schema, ids, (id) => this.adjacencyIndex.kindOf(id));
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
    run: (query, params) => this.run(query, params),
    locate: (id) => this.adjacencyIndex.locate(id),
    has: (table) => this.schema.has(table),
    documents: () => this.documentCatalog(),
  };

  /** Node details in one query (kuzu-star-read.ts). */
  getStar(id: string): Promise<NodeStar | null> {
    return readStar(this.run, this.schema, (id) => this.adjacencyIndex.kindOf(id), id, () => this.documentCatalog());
  }

  /** From the graph index when it is ready, else from the engine (kuzu-adjacency-reads.ts). */
  async adjacency(ids: readonly string[], direction: Direction, filter: AdjacencyFilter = {}): Promise<EdgeRef[]> {
    if (ids.length === 0 || this.schema.relTables().length === 0) return [];
    return this.adjacencyIndex.adjacency(ids, direction, filter) ?? readAdjacencyRefs(this.run, ids, direction, filter);
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
    const c = await this.pool.acquire();
    let read: ReadQueryRows;
    try {
      read = await executeReadQuery(c, query, params, options);
    } finally {
      this.pool.release(c);
    }
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
    if (!this.documents || fresh) this.documents = await readDocumentCatalog(this.run, this.schema.has(DOCUMENT_LABEL));
    return this.documents;
  }

  edgesCitingDocuments(documentIds: readonly string[], options: CitingEdgesOptions): Promise<CitingEdges> {
    return readEdgesCitingDocuments(this.run, this.schema.relTables().length > 0, documentIds, options);
  }

  documentTextStamps(): Promise<DocumentTextStamp[]> {
    return readDocumentTextStamps(this.run, this.schema.has(DOCUMENT_LABEL));
  }

  getDocument(id: string): Promise<SeedDocument | undefined> {
    return readDocument(this.run, this.schema.has(DOCUMENT_LABEL), id);
  }

  upsert(input: UpsertInput): Promise<UpsertSummary> {
    return this.writes.enqueue(() => (this.slot ? this.writeOnCopy(this.slot, false, (copy) => copy.upsertNow(input)) : this.upsertNow(input)));
  }

  /**
   * Creates the tables, columns and FROM/TO pairs `input` needs (DDL runs outside any data transaction)
   * and answers each endpoint's kind, looking up nodes the input does not carry.
   */
  private async prepareSchema(input: UpsertInput): Promise<Map<string, string>> {
    const kindOf = new Map<string, string>();
    for (const n of input.nodes) kindOf.set(n.id, n.kind);
    const missing = new Set<string>();
    for (const e of input.edges) {
      if (!kindOf.has(e.source)) missing.add(e.source);
      if (!kindOf.has(e.target)) missing.add(e.target);
    }
    for (const n of await this.getNodes([...missing])) kindOf.set(n.id, n.kind);
    const { nodeColumns, relColumns, relPairs } = upsertColumns(this.schema, input, kindOf);
    if (input.documents.length > 0) {
      await this.schema.ensureNodeTable(DOCUMENT_LABEL, new Map(Object.entries(DOCUMENT_PROPERTY_TYPES).filter(([k]) => k !== 'id')));
    }
    for (const [kind, cols] of nodeColumns) await this.schema.ensureNodeTable(kind, cols);
    for (const [type, cols] of relColumns) await this.schema.ensureRelTable(type, relPairs.get(type) ?? [], cols);
    return kindOf;
  }

  private async upsertNow(input: UpsertInput): Promise<UpsertSummary> {
    const kindOf = await this.prepareSchema(input);
    // Data: one transaction, so a failure leaves the store as it was.
    const c = await this.pool.acquire();
    try {
      c.setQueryTimeout(WRITE_TIMEOUT_MS);
      await mergeInput(this.writeContext(), c, input, kindOf);
    } finally {
      c.setQueryTimeout(this.internalTimeoutMs);
      this.pool.release(c);
      this.documents = undefined;
      this.forgetDerived();
    }
    return { nodes: input.nodes.length, edges: input.edges.length, documents: input.documents.length };
  }

  /** What was derived from the stored graph (adjacency snapshot, counts) is stale after a write. */
  private forgetDerived(): void {
    this.writeGeneration += 1;
    this.statements.forget();
    this.countsCache = undefined;
    this.adjacencyIndex.invalidate();
  }

  bulkLoad(input: UpsertInput): Promise<UpsertSummary> {
    return this.writes.enqueue(() => (this.slot ? this.writeOnCopy(this.slot, false, (copy) => copy.bulkLoadNow(input)) : this.bulkLoadNow(input)));
  }

  /**
   * COPY FROM temporary JSON files, one per node table and one per relationship table and FROM/TO pair.
   * JSON rather than CSV: Kuzu's CSV reader keeps the quotes of quoted strings inside lists, and quotes
   * (evidence) hold commas, quotes and newlines; its JSON reader round-trips them exactly.
   * The next file is written while the engine copies the current one (COPY runs on Kuzu's threads).
   * When every table the load writes to is empty, all COPYs run in one transaction: a failure leaves the
   * tables empty, and the load skips a commit per COPY (about half the time of ~300 small COPYs here).
   * Into tables that hold rows each COPY commits alone, because kuzu 0.11.3 empties a table that had rows
   * when it rolls back a COPY into it.
   */
  private async bulkLoadNow(input: UpsertInput): Promise<UpsertSummary> {
    const seen = new Set<string>();
    for (const xs of [input.nodes, input.edges]) {
      for (const x of xs) {
        if (seen.has(x.id)) throw new InvalidRequestError(`The id "${x.id}" appears twice in the bulk load.`);
        seen.add(x.id);
      }
    }
    seen.clear();
    const kindOf = await this.prepareSchema(input);
    // Documents are few and shared between loads: MERGE them as upsert does.
    if (input.documents.length > 0) await this.upsertNow({ ...input, nodes: [], edges: [] });
    const jobs = planBulkCopy(this.schema, input, kindOf);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'multivector-bulk-'));
    const c = await this.pool.acquire();
    try {
      const empty = await tablesEmpty(this.schema, [...new Set(jobs.map((j) => j.table))], (q) => this.run(q, undefined, c));
      c.setQueryTimeout(WRITE_TIMEOUT_MS);
      await runBulkCopy(c, jobs, dir, empty);
    } finally {
      c.setQueryTimeout(this.internalTimeoutMs);
      this.pool.release(c);
      await fs.rm(dir, { recursive: true, force: true });
      this.documents = undefined;
      this.forgetDerived();
    }
    return { nodes: input.nodes.length, edges: input.edges.length, documents: input.documents.length };
  }

  /** The store's schema and statement cache, as the import transaction (kuzu-import-transaction.ts) uses them. */
  private writeContext(): WriteContext {
    const ctx: MergeContext = { schema: this.schema, prepared: (c, q) => this.statements.prepared(c, q) };
    return { ...ctx, mergeNode: (c, t, p) => mergeNode(ctx, c, t, p) };
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
  private async runImportNow<T>(needs: ImportSchemaNeeds, work: (tx: ImportTransaction) => Promise<T>, transactional: boolean, spoolDir?: string): Promise<T> {
    const c = await this.pool.acquire();
    let committed = false;
    try {
      c.setQueryTimeout(WRITE_TIMEOUT_MS);
      // run() resets the timeout to the internal one; the import's statements get the long write limit.
      const runLong = async (q: string, params?: Record<string, KuzuValue>): Promise<Row[]> => {
        const rows = await this.run(q, params, c);
        c.setQueryTimeout(WRITE_TIMEOUT_MS);
        return rows;
      };
      const result = await importOn({ c, runLong, write: this.writeContext() }, needs, work, transactional, spoolDir);
      committed = true;
      return result;
    } finally {
      // On the connection still held: a staging store has only this one.
      if (!committed) await this.schema.load((q) => this.run(q, undefined, c)).catch(() => undefined);
      c.setQueryTimeout(this.internalTimeoutMs);
      this.pool.release(c);
      this.documents = undefined;
      // Even a rolled-back import may have changed tables (and so prepared statements): start derived state afresh.
      this.forgetDerived();
    }
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
    this.documents = undefined;
    this.forgetDerived();
    if (schema && this.schema.adopt(schema)) return;
    // The gate is still closed: load the catalogue straight on a connection of the new file.
    await this.pool.whilePaused((c) => this.schema.load((q) => this.run(q, undefined, c)));
  }

  listImports(): Promise<ImportRecord[]> {
    return readImportLog(this.run, this.schema);
  }

  readImportBatches(importId: string): Promise<ImportBatchEntry[]> {
    return readImportBatchEntries(this.run, this.schema, importId);
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
