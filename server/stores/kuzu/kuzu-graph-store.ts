/**
 * The embedded engine: Kuzu 0.11.3 in-process, one Database per DATA_DIR per process, a small pool of
 * connections, a query timeout set before every query. Kuzu is schema-first, so tables and columns are
 * created (or altered) from the data being written; see kuzu-schema.ts. The `kuzu` import stays in this folder.
 * This class holds the pool, the reads and the write queue; its concerns apart from those live beside it:
 * database slots, result reading, records, the import transaction, the staged spool, COPY files, generations.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection, Database, KuzuValue, PreparedStatement, QueryResult } from 'kuzu';
import type { Direction, Graph, GraphEdge, GraphNode, PropertyValue } from '../../domain/graph-model';
import {
  EngineUnavailableError,
  InvalidRequestError,
  QueryFailedError,
  QueryTimeoutError,
  TooLargeError,
} from '../../domain/errors';
import type { PropertyType, SeedDocument } from '../../domain/seed-schema';
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
} from '../../domain/ports/graph-store';
import { readDocumentTextStamps, readEdgesCitingDocuments } from './kuzu-document-reads';
import { finishRows } from '../read-result';
import { adjacencyWhere } from '../adjacency-filter';
import { emptyAdjacencyColumns } from '../graph-index/graph-index';
import { KeptGraphIndex } from '../graph-index/kept-graph-index';
import {
  DOCUMENT_LABEL,
  DOCUMENT_PROPERTY_TYPES,
  IMPORT_BATCH_LABEL,
  IMPORT_LABEL,
  fromStoredDocument,
  fromStoredEdge,
  fromStoredNode,
  toStoredDocument,
  withoutText,
  toStoredEdge,
  toStoredNode,
  fromStoredImportBatch,
  fromStoredImportRecord,
} from '../stored-graph';
import type { StorageStatus } from '../../domain/graph-model';
import { KuzuSchema, quoteIdentifier } from './kuzu-schema';
import { bindQueryParams } from './kuzu-query-params';
import { columnParam, valueExpression } from './kuzu-values';
import { userFacingKuzuMessage } from './kuzu-error-message';
import {
  STAGING_DIR,
  commitGeneration,
  copyDatabase,
  generationOf,
  nextDbFileName,
  openCurrentGeneration,
  openDatabase,
  pendingLogBytes,
  pingDatabase,
  retireGeneration,
  setAsideGeneration,
  writeCurrentDbFile,
} from './kuzu-generations';
import { connect, slots, type DatabaseSlot } from './kuzu-database-slots';
import { ReadSlice, discard, parsePosition, readRows, single, toDateText, type Row } from './kuzu-result-rows';
import { copyFromFile, planBulkCopy, type BulkCopyJob } from './kuzu-bulk-copy';
import { EdgeSpool, commitInSlices } from './kuzu-edge-spool';
import { IS_ENTITY, toCell, toEdge, toNode } from './kuzu-records';
import { importTransaction, type WriteContext } from './kuzu-import-transaction';
import { copySpool, relCount } from './kuzu-spool-copy';
import { planEdgeReads } from './kuzu-edge-reads';
import { upsertColumns } from './kuzu-upsert-columns';
import { STREAM_TIMEOUT_MS, columnList, readStatements, type StreamStatement } from './kuzu-streams';



/**
 * UNLABELLED_IN: kuzu 0.11.3, on a database opened from its file (after any restart, and after every write
 * here, which swaps in a copy), answers `MATCH (n) WHERE n.id IN ['base-1']` with another node
 * ('beta-city'), and `MATCH (a)-[r]->(b) WHERE b.id IN ['base-1']` with no rows, for some one-element
 * lists; `UNWIND $ids AS x MATCH ... WHERE n.id = x` answered right in every case tried (68 checks on the
 * mini-seed). A labelled `(n:Kind) WHERE n.id IN $ids` answered right too.
 */


export interface KuzuStoreOptions {
  /** Folder holding the database file; created when missing. */
  dataDir: string;
  /** Connections in the pool (reads run in parallel on Kuzu's worker threads). */
  poolSize?: number;
  /** Timeout for the store's own queries, in ms. */
  internalTimeoutMs?: number;
  /** Kuzu buffer pool, in bytes; Kuzu's own default takes most of the machine's memory. */
  bufferPoolBytes?: number;
  /** Largest database file, in bytes (a power of two); Kuzu reserves this much address space per Database. */
  maxDbBytes?: number;
  /** Buffer pool of a staged import's copy, in bytes (IMPORT_MEMORY_MB). */
  importBufferPoolBytes?: number;
  /** Rows from which a relationship table takes imports only staged (see runImport); tests lower it. */
  stageIntoRows?: number;
  /** Where loud start-up lines go (a recovery from an older generation); stderr by default. */
  log?: (message: string) => void;
}

// Kuzu's default maximum (8 TB) is reserved as virtual address space by every Database, and a process has
// 128 TB: the 17th Database a process opens fails with "Mmap ... failed". Test workers open many (one per
// temp folder, never closed, see openDatabases); 1 TB still leaves room for any graph this app holds.
const DEFAULT_MAX_DB_BYTES = 2 ** 40;
/** IMPORT_MEMORY_MB's default: room for about two million relationships in one pair (see writeOnCopy). */
export const DEFAULT_IMPORT_POOL_BYTES = 2048 * 2 ** 20;

// In a file of its own so that the server process, which never loads kuzu, can name it too.
export { DataDirLockedError, DataDirUnopenableError } from './data-dir-errors';


/** Records a staging copy's transaction takes before it commits and the next begins. */
const STAGED_COMMIT_RECORDS = 50_000;
/** Relationship rows from which a table takes writes only through a staged rebuild (see runImport). */
const STAGE_INTO_ROWS = 100_000;


/** Chunk size readAll asks of the streams (it keeps every chunk anyway). */
const READ_ALL_CHUNK = 10_000;
/** Adjacency rows per block of columns: big enough that a block's clone across the process boundary dominates its cost. */
const ADJACENCY_BLOCK_ROWS = 20_000;

// Writes get a long but finite limit: an import may take minutes, never forever.
const WRITE_TIMEOUT_MS = 30 * 60 * 1000;

export class KuzuGraphStore implements GraphStore {
  readonly engine = 'embedded' as const;
  private readonly idle: Connection[] = [];
  private readonly waiting: Array<(c: Connection) => void> = [];
  /** Every connection of the pool, idle or lent. */
  private connections: Connection[];
  /** Set while a swap replaces the Database: new borrowers wait for it. */
  private gate: { open: Promise<void>; release: () => void; drained?: () => void } | undefined;
  private readonly schema: KuzuSchema;
  private documents: Map<string, SeedDocument> | undefined;
  private readonly adjacencyIndex = new KeptGraphIndex((onColumns) => this.loadAdjacency(onColumns));
  private countsCache: GraphCounts | undefined;
  private writeGeneration = 0;
  private writeChain: Promise<unknown> = Promise.resolve();
  private closed = false;
  private stageIntoRows = STAGE_INTO_ROWS;

  private constructor(
    connections: Connection[],
    private readonly internalTimeoutMs: number,
    /** Undefined for a staging store, which owns its Database alone (see writeOnCopy). */
    private readonly slot: DatabaseSlot | undefined,
  ) {
    this.connections = connections;
    this.idle.push(...connections);
    this.schema = new KuzuSchema((q) => this.run(q));
    slot?.stores.add(this);
  }

  /** Opens (or joins) the database in `dataDir`. Throws DataDirLockedError if another process holds it. */
  static async open(options: KuzuStoreOptions): Promise<KuzuGraphStore> {
    const dataDir = path.resolve(options.dataDir);
    let slot = slots.get(dataDir);
    if (!slot) {
      const bufferPoolBytes = options.bufferPoolBytes ?? 512 * 1024 * 1024;
      const maxDbBytes = options.maxDbBytes ?? DEFAULT_MAX_DB_BYTES;
      const log = options.log ?? ((m: string) => console.error(m));
      const { file, db, storage } = await openCurrentGeneration(dataDir, { bufferPoolBytes, maxDbBytes, log });
      const importBufferPoolBytes = options.importBufferPoolBytes ?? DEFAULT_IMPORT_POOL_BYTES;
      slot = { dataDir, file, db, bufferPoolBytes, importBufferPoolBytes, maxDbBytes, stores: new Set(), storage, writeChain: Promise.resolve() };
      slots.set(dataDir, slot);
    }
    const connections = await connect(slot.db, options.poolSize ?? 4);
    const store = new KuzuGraphStore(connections, options.internalTimeoutMs ?? 30_000, slot);
    store.stageIntoRows = options.stageIntoRows ?? STAGE_INTO_ROWS;
    return store;
  }

  private async acquire(): Promise<Connection> {
    while (this.gate) await this.gate.open;
    if (this.closed) throw new EngineUnavailableError('The embedded database is closed.');
    const c = this.idle.pop();
    if (c) return c;
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(c: Connection): void {
    const next = this.waiting.shift();
    if (next) next(c);
    else this.idle.push(c);
    if (this.gate?.drained && this.idle.length === this.connections.length) this.gate.drained();
  }

  /** Stops lending connections and waits until every lent one is back (reads and exports in flight finish). */
  private async pause(): Promise<void> {
    let release = (): void => undefined;
    const open = new Promise<void>((r) => (release = r));
    const gate: NonNullable<KuzuGraphStore['gate']> = { open, release };
    this.gate = gate;
    if (this.idle.length < this.connections.length) await new Promise<void>((r) => (gate.drained = r));
  }

  private resume(): void {
    const gate = this.gate;
    this.gate = undefined;
    gate?.release();
  }

  /** Runs one statement on a pooled connection; returns every row. For the store's own bounded queries. */
  private async run(query: string, params?: Record<string, KuzuValue>, conn?: Connection): Promise<Row[]> {
    const c = conn ?? (await this.acquire());
    try {
      c.setQueryTimeout(this.internalTimeoutMs);
      let result: QueryResult;
      if (params) {
        // Cached per connection: preparing costs about as much as running a small indexed look-up.
        result = single(await c.execute(await this.prepared(c, query), params));
      } else {
        result = single(await c.query(query));
      }
      const { rows } = await readRows(result, Number.MAX_SAFE_INTEGER);
      result.close();
      return rows;
    } catch (err) {
      // Kuzu's own timeout says "Interrupted": a 504 for the caller, like the console's limit, not a 500.
      if (err instanceof Error && /Interrupted/i.test(err.message)) throw new QueryTimeoutError(this.internalTimeoutMs);
      throw err;
    } finally {
      if (!conn) this.release(c);
    }
  }

  async init(): Promise<void> {
    await this.schema.load();
  }

  /** The database generation in use, and the recovery at start if there was one (see kuzu-generations.ts). */
  storageStatus(): StorageStatus | undefined {
    return this.slot ? structuredClone(this.slot.storage) : undefined;
  }

  /**
   * Queues a write behind every other write on the folder (all stores of the slot share the queue; Kuzu
   * allows one write transaction at a time, and each write starts from the file the previous one left).
   */
  private enqueueWrite<T>(write: () => Promise<T>): Promise<T> {
    const chain = this.slot ? this.slot.writeChain : this.writeChain;
    const next = chain.then(write);
    const settled = next.catch(() => undefined);
    if (this.slot) this.slot.writeChain = settled;
    this.writeChain = settled;
    return next;
  }

  async ping(): Promise<void> {
    await this.run('RETURN 1 AS ok');
  }

  async counts(): Promise<GraphCounts> {
    // Counting scans every table (tens of ms at 1M relationships) and /api/health asks on every call;
    // this process is the only writer (the folder lock), so the last count holds until its next write.
    if (this.closed) throw new EngineUnavailableError('The embedded database is closed.');
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

  async searchCandidates(needle: string, limit: number): Promise<GraphNode[]> {
    if (this.schema.entityTables().length === 0) return [];
    // list_to_string: Kuzu 0.11 fails on a parameter inside a list predicate (any(a IN ... WHERE ... $q)).
    const rows = await this.run(
      `MATCH (n) WHERE ${IS_ENTITY} AND (lower(n.name) CONTAINS $q OR ` +
        `lower(list_to_string('\n', n.aliases)) CONTAINS $q) RETURN n LIMIT $limit`,
      { q: needle, limit },
    );
    return rows.map((r) => toNode(r.n));
  }

  /*
   * Look-ups by id. Kuzu uses a table's primary-key index for `n.id = $id` on a labelled node, but scans
   * for `n.id IN $ids` and for an unlabelled `(n)`: at 100k nodes / 1M relationships a scan costs 100 ms
   * to a second, an index look-up well under one. So when the adjacency snapshot knows the kinds, the ids
   * of one kind become one `UNWIND` of index look-ups in that kind's table.
   */
  async getNodes(ids: readonly string[]): Promise<GraphNode[]> {
    if (ids.length === 0 || this.schema.entityTables().length === 0) return [];
    const byKind = new Map<string, string[]>();
    const unplaced: string[] = [];
    for (const id of new Set(ids)) {
      const kind = this.adjacencyIndex.kindOf(id);
      if (kind === undefined || !this.schema.has(kind)) unplaced.push(id);
      else {
        const group = byKind.get(kind);
        if (group) group.push(id);
        else byKind.set(kind, [id]);
      }
    }
    const queries: Array<Promise<Row[]>> = [];
    if (unplaced.length > 0) {
      // UNWIND + equality is a hash join; `n.id IN $ids` compares every node with the whole list.
      queries.push(this.run(`UNWIND $ids AS x MATCH (n) WHERE n.id = x AND ${IS_ENTITY} RETURN n`, { ids: unplaced }));
    }
    for (const [kind, group] of byKind) {
      // One query per kind: `UNWIND ... (n:Kind {id: x})` looks each id up in the table's primary-key index
      // (1,000 ids of a 5k-node table: 17 ms, against 109 ms for `n.id IN $ids` and ~1 ms per separate query).
      queries.push(this.run(`UNWIND $ids AS x MATCH (n:${quoteIdentifier(kind)} {id: x}) RETURN n`, { ids: group }));
    }
    return (await Promise.all(queries)).flat().map((r) => toNode(r.n));
  }

  async getEdges(ids: readonly string[]): Promise<GraphEdge[]> {
    if (ids.length === 0 || this.schema.relTables().length === 0) return [];
    const reads = planEdgeReads(ids, (id) => this.adjacencyIndex.locate(id), (table) => this.schema.has(table));
    const queries = reads.map(({ query, params, keep }) =>
      this.run(query, params).then((rows) => (keep ? rows.filter((row) => keep.has(String((row.r as Record<string, unknown>).id))) : rows)),
    );
    const rows = (await Promise.all(queries)).flat();
    const docs = await this.documentCatalog();
    return rows.map((row) => toEdge(row.r, String(row.s), String(row.t), docs));
  }

  async adjacency(ids: readonly string[], direction: Direction, filter: AdjacencyFilter = {}): Promise<EdgeRef[]> {
    if (ids.length === 0 || this.schema.relTables().length === 0) return [];
    const cached = this.adjacencyIndex.adjacency(ids, direction, filter);
    if (cached) return cached;
    const { where, params } = adjacencyWhere(filter, 'label(r)');
    params.ids = [...ids];
    const out: EdgeRef[] = [];
    const seen = new Set<string>();
    const collect = (rows: Row[]): void => {
      for (const r of rows) {
        const id = String(r.id);
        if (seen.has(id)) continue;
        seen.add(id);
        out.push({ id, type: String(r.type), source: String(r.s), target: String(r.t) });
      }
    };
    const ret = 'RETURN r.id AS id, label(r) AS type, a.id AS s, b.id AS t';
    // UNWIND + equality, never `a.id IN $ids` here: see UNLABELLED_IN.
    if (direction !== 'in') collect(await this.run(`UNWIND $ids AS x MATCH (a)-[r]->(b) WHERE a.id = x${where} ${ret}`, params));
    if (direction !== 'out') collect(await this.run(`UNWIND $ids AS x MATCH (a)-[r]->(b) WHERE b.id = x${where} ${ret}`, params));
    return out;
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
  async loadAdjacency(onColumns: (columns: AdjacencyColumns) => void): Promise<void> {
    if (this.schema.relTables().length === 0) return;
    const c = await this.acquire();
    try {
      // Reading a million rows takes seconds on a busy machine: the internal timeout is for small queries.
      c.setQueryTimeout(WRITE_TIMEOUT_MS);
      const result = single(
        await c.query(
          'MATCH (a)-[r]->(b) RETURN r.id AS id, label(r) AS type, a.id AS s, b.id AS t, r.yearFrom AS f, r.yearTo AS u, ' +
            'label(a) AS sk, label(b) AS tk',
        ),
      );
      const slice = new ReadSlice();
      let block = emptyAdjacencyColumns();
      while (result.hasNext()) {
        const r = result.getNextSync();
        if (r) {
          block.id.push(String(r.id));
          block.type.push(String(r.type));
          block.source.push(String(r.s));
          block.target.push(String(r.t));
          block.yearFrom.push(typeof r.f === 'number' ? r.f : null);
          block.yearTo.push(typeof r.u === 'number' ? r.u : null);
          block.sourceKind.push(String(r.sk));
          block.targetKind.push(String(r.tk));
        }
        if (block.id.length >= ADJACENCY_BLOCK_ROWS) {
          onColumns(block);
          block = emptyAdjacencyColumns();
        }
        if (slice.spent()) await slice.pause();
      }
      result.close();
      if (block.id.length > 0) onColumns(block);
    } finally {
      c.setQueryTimeout(this.internalTimeoutMs);
      this.release(c);
    }
  }

  async runReadQuery(query: string, params: Record<string, unknown>, options: ReadQueryOptions): Promise<ReadQueryResult> {
    const c = await this.acquire();
    let columns: string[];
    let types: string[];
    let raw: Row[];
    let more: boolean;
    try {
      // The console's own limit, re-set every time: a pooled connection may carry another query's timeout.
      c.setQueryTimeout(options.timeoutMs);
      // Empty and mixed numeric lists are written into the query so they arrive exactly (see kuzu-query-params.ts).
      const bound = bindQueryParams(query, params);
      const ps = await c.prepare(bound.query);
      if (!ps.isSuccess()) {
        const message = userFacingKuzuMessage(ps.getErrorMessage());
        throw new QueryFailedError(message, parsePosition(message));
      }
      let result: QueryResult;
      try {
        result = single(await c.execute(ps, bound.params as Record<string, KuzuValue>));
      } catch (err) {
        const message = userFacingKuzuMessage((err as Error).message);
        if (/Interrupted/i.test(message)) throw new QueryTimeoutError(options.timeoutMs);
        throw new QueryFailedError(message, parsePosition(message));
      }
      columns = result.getColumnNamesSync();
      types = result.getColumnDataTypesSync();
      ({ rows: raw, more } = await readRows(result, options.maxRows));
      result.close();
    } finally {
      this.release(c);
    }
    const rows: unknown[][] = new Array<unknown[]>(raw.length);
    const slice = new ReadSlice();
    for (let i = 0; i < raw.length; i += 1) {
      const r = raw[i] as Row;
      const cells = new Array<unknown>(columns.length);
      for (let j = 0; j < columns.length; j += 1) {
        const v = r[columns[j] as string] ?? null;
        // The binding reads DATE as a JS Date at midnight UTC; Neo4j writes a date as 2022-06-28, so do the same.
        cells[j] = /^DATE(\[\])*$/.test(types[j] ?? '') ? toDateText(v) : toCell(v);
      }
      rows[i] = cells;
      if (slice.spent()) await slice.pause();
    }
    return finishRows(columns, rows, more, (ids) => this.getEdges(ids));
  }

  async readAll(): Promise<Graph> {
    // The streams' reading (column by column, in time slices), gathered: one conversion for both paths.
    const nodes: GraphNode[] = [];
    for await (const chunk of this.streamNodes('all', READ_ALL_CHUNK)) for (const n of chunk) nodes.push(n);
    const edges: GraphEdge[] = [];
    for await (const chunk of this.streamEdges('all', READ_ALL_CHUNK)) for (const e of chunk) edges.push(e);
    return { nodes, edges };
  }

  /*
   * Streams read each table with its columns named (`RETURN n.id AS id, n.name AS name ...`) rather than
   * whole node or relationship values: the binding builds a value's internal fields too (_id, _src, _dst,
   * _label) and, for an unlabelled match, a label lookup per row; measured at 1M relationships, named
   * columns of one table at a time read about twice as fast. The rows carry the same property names, so
   * fromStoredNode / fromStoredEdge convert them exactly as before.
   */
  async *streamNodes(selection: StreamSelection, chunkSize: number): AsyncGenerator<GraphNode[]> {
    // Documents and the import log live in node tables too: entity tables only.
    const tables = this.schema.entityTables();
    if (tables.length === 0 || (selection !== 'all' && selection.length === 0)) return;
    const where = selection === 'all' ? '' : ' WHERE n.id IN $ids';
    const params = selection === 'all' ? undefined : { ids: [...selection] };
    const statements = tables.map((kind) => ({
      query: `MATCH (n:${quoteIdentifier(kind)})${where} RETURN ${columnList(this.schema, 'n', kind)}`,
      params,
      table: kind,
    }));
    yield* this.stream(statements, chunkSize, (row, kind) => fromStoredNode(kind, row));
  }

  async *streamEdges(selection: StreamSelection, chunkSize: number): AsyncGenerator<GraphEdge[]> {
    const tables = this.schema.relTables();
    if (tables.length === 0 || (selection !== 'all' && selection.length === 0)) return;
    const docs = await this.documentCatalog();
    // A selection: relationships from a selected node (UNWIND + equality, never `IN $ids` on an unlabelled
    // node: see UNLABELLED_IN), kept when they end at a selected node too.
    const unwind = selection === 'all' ? '' : 'UNWIND $ids AS x ';
    const where = selection === 'all' ? '' : ' WHERE a.id = x';
    const selected = selection === 'all' ? undefined : new Set(selection);
    const params = selection === 'all' ? undefined : { ids: [...new Set(selection)] };
    // Endpoints as _s and _t: property names never start with "_", and fromStoredEdge skips such keys.
    const statements = tables.map((type) => ({
      query: `${unwind}MATCH (a)-[r:${quoteIdentifier(type)}]->(b)${where} RETURN a.id AS _s, b.id AS _t, ${columnList(this.schema, 'r', type)}`,
      params,
      table: type,
    }));
    yield* this.stream(statements, chunkSize, (row, type) =>
      selected && !selected.has(String(row._t)) ? undefined : fromStoredEdge(type, String(row._s), String(row._t), row, docs),
    );
  }

  /** Runs `statements` on a connection held for the whole stream (see readStatements); it goes back to the pool even when the consumer stops early. */
  private async *stream<T>(statements: readonly StreamStatement[], chunkSize: number, map: (row: Row, table: string) => T | undefined): AsyncGenerator<T[]> {
    const c = await this.acquire();
    try {
      c.setQueryTimeout(STREAM_TIMEOUT_MS);
      yield* readStatements(c, statements, chunkSize, map);
    } finally {
      c.setQueryTimeout(this.internalTimeoutMs);
      this.release(c);
    }
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

  private async documentCatalog(fresh = false): Promise<Map<string, SeedDocument>> {
    if (!this.documents || fresh) {
      const rows = this.schema.has(DOCUMENT_LABEL) ? await this.run(`MATCH (d:${DOCUMENT_LABEL}) RETURN d`) : [];
      this.documents = new Map(rows.map((r) => {
        const d = withoutText(fromStoredDocument(r.d as Record<string, unknown>));
        return [d.id, d];
      }));
    }
    return this.documents;
  }

  edgesCitingDocuments(documentIds: readonly string[], options: CitingEdgesOptions): Promise<CitingEdges> {
    return readEdgesCitingDocuments((q, p) => this.run(q, p), this.schema.relTables().length > 0, documentIds, options);
  }

  documentTextStamps(): Promise<DocumentTextStamp[]> {
    return readDocumentTextStamps((q, p) => this.run(q, p), this.schema.has(DOCUMENT_LABEL));
  }

  async getDocument(id: string): Promise<SeedDocument | undefined> {
    if (!this.schema.has(DOCUMENT_LABEL)) return undefined;
    const rows = await this.run(`MATCH (d:${DOCUMENT_LABEL}) WHERE d.id = $id RETURN d`, { id });
    return rows[0] ? fromStoredDocument(rows[0].d as Record<string, unknown>) : undefined;
  }

  upsert(input: UpsertInput): Promise<UpsertSummary> {
    return this.enqueueWrite(() => (this.slot ? this.writeOnCopy(this.slot, false, (copy) => copy.upsertNow(input)) : this.upsertNow(input)));
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
    const c = await this.acquire();
    try {
      c.setQueryTimeout(WRITE_TIMEOUT_MS);
      await discard(c.query('BEGIN TRANSACTION'));
      try {
        for (const d of input.documents) {
          await this.mergeNode(c, DOCUMENT_LABEL, toStoredDocument(d));
        }
        for (const n of input.nodes) await this.mergeNode(c, n.kind, toStoredNode(n));
        for (const e of input.edges) {
          await this.mergeEdge(c, e.type, kindOf.get(e.source) ?? '', kindOf.get(e.target) ?? '', e.source, e.target, toStoredEdge(e));
        }
        await discard(c.query('COMMIT'));
      } catch (err) {
        await discard(c.query('ROLLBACK')).catch(() => undefined);
        throw err;
      }
    } finally {
      c.setQueryTimeout(this.internalTimeoutMs);
      this.release(c);
      this.documents = undefined;
      this.forgetDerived();
    }
    return { nodes: input.nodes.length, edges: input.edges.length, documents: input.documents.length };
  }

  /** What was derived from the stored graph (adjacency snapshot, counts) is stale after a write. */
  private forgetDerived(): void {
    this.writeGeneration += 1;
    this.statements = new WeakMap();
    this.countsCache = undefined;
    this.adjacencyIndex.invalidate();
  }

  bulkLoad(input: UpsertInput): Promise<UpsertSummary> {
    return this.enqueueWrite(() => (this.slot ? this.writeOnCopy(this.slot, false, (copy) => copy.bulkLoadNow(input)) : this.bulkLoadNow(input)));
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
    const c = await this.acquire();
    let written: Promise<void> | undefined;
    let inTransaction = false;
    try {
      const targets = [...new Set(jobs.map((j) => j.table))];
      if (await this.tablesEmpty(c, targets)) {
        await discard(c.query('BEGIN TRANSACTION'));
        inTransaction = true;
      }
      c.setQueryTimeout(WRITE_TIMEOUT_MS);
      const fileOf = (i: number): string => path.join(dir, `${i}.json`);
      written = jobs[0]?.write(fileOf(0));
      for (let i = 0; i < jobs.length; i += 1) {
        const job = jobs[i] as BulkCopyJob;
        await written;
        written = jobs[i + 1]?.write(fileOf(i + 1));
        // Awaited on the next turn or in finally; a COPY failing first must not leave it unhandled.
        written?.catch(() => undefined);
        await copyFromFile(c, quoteIdentifier(job.table), fileOf(i), job.options);
        // Removed as soon as copied, so the temp folder holds at most two files, not the whole graph.
        await fs.rm(fileOf(i), { force: true });
      }
      if (inTransaction) {
        await discard(c.query('COMMIT'));
        inTransaction = false;
      }
    } finally {
      if (inTransaction) await discard(c.query('ROLLBACK')).catch(() => undefined);
      await written?.catch(() => undefined);
      c.setQueryTimeout(this.internalTimeoutMs);
      this.release(c);
      await fs.rm(dir, { recursive: true, force: true });
      this.documents = undefined;
      this.forgetDerived();
    }
    return { nodes: input.nodes.length, edges: input.edges.length, documents: input.documents.length };
  }

  /** Whether none of `tables` (node or relationship tables) holds a row. */
  private async tablesEmpty(c: Connection, tables: readonly string[]): Promise<boolean> {
    for (const table of tables) {
      const match = this.schema.relTables().includes(table) ? `()-[x:${quoteIdentifier(table)}]->()` : `(x:${quoteIdentifier(table)})`;
      if ((await this.run(`MATCH ${match} RETURN x.id LIMIT 1`, undefined, c)).length > 0) return false;
    }
    return true;
  }

  // Prepared statements belong to a connection; upserts reuse them per (connection, query).
  // Reset on every write: DDL (new tables, columns, FROM/TO pairs) can change what a statement binds to.
  private statements = new WeakMap<Connection, Map<string, PreparedStatement>>();

  private async prepared(c: Connection, query: string): Promise<PreparedStatement> {
    let cache = this.statements.get(c);
    if (!cache) this.statements.set(c, (cache = new Map()));
    let ps = cache.get(query);
    if (!ps) {
      ps = await c.prepare(query);
      if (!ps.isSuccess()) throw new Error(ps.getErrorMessage());
      cache.set(query, ps);
    }
    return ps;
  }

  /** The store's schema and statement cache, as the import transaction (kuzu-import-transaction.ts) uses them. */
  private writeContext(): WriteContext {
    return { schema: this.schema, prepared: (c, q) => this.prepared(c, q), mergeNode: (c, t, p) => this.mergeNode(c, t, p) };
  }

  /** MERGE by id, then set every column of the table (null where absent) so a re-load replaces the record. */
  private async mergeNode(c: Connection, table: string, props: Record<string, PropertyValue>): Promise<void> {
    const cols = this.schema.columns(table);
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
    const ps = await this.prepared(c, q);
    await discard(c.execute(ps, params));
  }

  private async mergeEdge(
    c: Connection,
    type: string,
    fromKind: string,
    toKind: string,
    source: string,
    target: string,
    props: Record<string, PropertyValue>,
  ): Promise<void> {
    const cols = this.schema.columns(type);
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
    const ps = await this.prepared(c, q);
    await discard(c.execute(ps, params));
  }

  /**
   * Runs an import in one transaction, or staged (see writeOnCopy) when asked to or when it writes into
   * or removes from a relationship table of STAGE_INTO_ROWS rows or more: a small write into a large pair
   * is merged at the checkpoint row by row (1,000 relationships into a 1M-row pair: the checkpoint ran for
   * minutes), while the staged rebuild costs about 30 s per million stored rows.
   */
  runImport<T>(needs: ImportSchemaNeeds, work: (tx: ImportTransaction) => Promise<T>, options: RunImportOptions = {}): Promise<T> {
    return this.enqueueWrite(async () => {
      const slot = this.slot;
      if (!slot) return this.runImportNow(needs, work, true);
      const staged = options.staged || (await this.touchesLargeTable(needs, options.removesRelationships === true));
      // Both on a copy; a dry run's copy is thrown away with it, so the file in use never sees its rollback.
      return this.writeOnCopy(slot, staged, (copy, stagingDir) => copy.runImportNow(needs, work, !staged, stagingDir));
    });
  }

  /** Whether the import writes into (or, `removes`, may remove from) a relationship table of STAGE_INTO_ROWS rows or more. */
  private async touchesLargeTable(needs: ImportSchemaNeeds, removes: boolean): Promise<boolean> {
    const types = removes ? this.schema.relTables() : [...needs.edgePairs.keys()].filter((t) => this.schema.has(t));
    for (const type of types) {
      if ((await relCount(type, (q) => this.run(q))) >= this.stageIntoRows) return true;
    }
    return false;
  }

  /**
   * An import on a copy of the database (see writeOnCopy): the DDL first, each statement committed on its
   * own, then the data. Not DDL inside the data's transaction: kuzu 0.11.3 segfaulted on the next
   * `ALTER TABLE ... ADD` after rolling back one (a dry run that added a column, then an import that added
   * another), and left a log it could not replay. A failure or a dry run throws the copy away, DDL with it.
   * With `transactional`, the data goes in one transaction; new records with `COPY ... FROM (UNWIND $rows ...)`
   * where the table is empty, about a hundred times faster than MERGE for relationships. Without (a staged
   * import), every slice of STAGED_COMMIT_RECORDS commits on its own, so memory stays bounded, relationships
   * are spooled and copied at the end, and COPY may go into any table.
   */
  private async runImportNow<T>(needs: ImportSchemaNeeds, work: (tx: ImportTransaction) => Promise<T>, transactional: boolean, spoolDir = os.tmpdir()): Promise<T> {
    const c = await this.acquire();
    const run = (q: string, params?: Record<string, KuzuValue>): Promise<Row[]> => this.run(q, params, c);
    let committed = false;
    let spool: EdgeSpool | undefined;
    try {
      c.setQueryTimeout(WRITE_TIMEOUT_MS);
      // run() resets the timeout to the internal one; the import's statements get the long write limit.
      const runLong = async (q: string, params?: Record<string, KuzuValue>): Promise<Row[]> => {
        const rows = await run(q, params);
        c.setQueryTimeout(WRITE_TIMEOUT_MS);
        return rows;
      };
      // Relationship tables that hold rows now: new rows go into them row by row; empty ones take COPY.
      const filledBefore = new Set<string>();
      for (const table of this.schema.relTables()) {
        const [row] = await runLong(`MATCH ()-[r:${quoteIdentifier(table)}]->() RETURN count(r) AS c`);
        if (Number(row?.c ?? 0) > 0) filledBefore.add(table);
      }
      await this.ensureImportSchema(needs, runLong);
      if (transactional) await discard(c.query('BEGIN TRANSACTION'));
      try {
        spool = transactional ? undefined : await EdgeSpool.create(spoolDir);
        let tx = importTransaction(this.writeContext(), runLong, c, filledBefore, !transactional, spool);
        if (!transactional) {
          // Slices of STAGED_COMMIT_RECORDS per transaction: a commit per statement made Kuzu checkpoint after
          // every COPY (about 130 relationships a second at 1M); one transaction would hold it all in memory.
          await discard(c.query('BEGIN TRANSACTION'));
          tx = commitInSlices(tx, STAGED_COMMIT_RECORDS, async () => {
            await discard(c.query('COMMIT'));
            await discard(c.query('BEGIN TRANSACTION'));
          });
        }
        const result = await work(tx);
        await discard(c.query('COMMIT'));
        // Each spooled COPY commits on its own (auto-commit): the staging copy is thrown away on failure.
        if (spool) await copySpool(this.schema, spool, c, runLong);
        committed = true;
        return result;
      } catch (err) {
        await discard(c.query('ROLLBACK')).catch(() => undefined);
        throw err;
      }
    } finally {
      await spool?.remove();
      // On the connection still held: a staging store has only this one.
      if (!committed) await this.schema.load((q) => this.run(q, undefined, c)).catch(() => undefined);
      c.setQueryTimeout(this.internalTimeoutMs);
      this.release(c);
      this.documents = undefined;
      // Even a rolled-back import may have changed tables (and so prepared statements): start derived state afresh.
      this.forgetDerived();
    }
  }

  /**
   * Every write of a folder's store: the database file is copied (checkpointed first if a log is pending,
   * inside the write queue, so the copy is complete), `write` runs on the copy, which is checkpointed,
   * closed and swapped in (see swapIn). Readers keep reading the old file meanwhile; a failure, a dry run
   * or a crash leaves it untouched (the next open removes the abandoned copy). A staged import gains more:
   * all-or-nothing without one huge transaction, whose uncommitted pages Kuzu keeps in its buffer pool (a
   * 1M-relationship import needed a 3 GB pool and 1.5 GB RSS).
   */
  private async writeOnCopy<T>(slot: DatabaseSlot, staged: boolean, write: (copy: KuzuGraphStore, stagingDir: string) => Promise<T>): Promise<T> {
    if ((await pendingLogBytes(slot.file)) > 0) {
      // Only a folder written by an older version has a log here (writes never touch the file in use).
      // Kuzu checkpoints only when no transaction is open: reads in flight finish first, new ones wait.
      const stores = [...slot.stores];
      await Promise.all(stores.map((s) => s.pause()));
      try {
        await this.run('CHECKPOINT', undefined, this.idle[this.idle.length - 1]);
      } finally {
        stores.forEach((s) => s.resume());
      }
    }
    const stagingDir = path.join(slot.dataDir, STAGING_DIR);
    await fs.mkdir(stagingDir, { recursive: true });
    const copyFile = path.join(stagingDir, nextDbFileName(slot.file));
    await copyDatabase(slot.file, copyFile);
    // A staged import's copy gets the import's pool (IMPORT_MEMORY_MB): Kuzu copies a relationship pair in one
    // piece and needs about 800 MB of pool for a million relationships with a short quote each (768 MB failed,
    // 896 passed). Other writes get the pool they had when they wrote in place. A pool is a ceiling, taken as used.
    const pool = staged ? slot.importBufferPoolBytes : slot.bufferPoolBytes;
    let result: T;
    let db: Database | undefined;
    let copy: KuzuGraphStore | undefined;
    try {
      db = await openDatabase(copyFile, pool, slot.maxDbBytes, slot.dataDir);
      copy = new KuzuGraphStore(await connect(db, 1), this.internalTimeoutMs, undefined);
      copy.stageIntoRows = this.stageIntoRows;
      // The copy's catalogue is this one's: take it rather than read it again.
      if (!copy.schema.adopt(this.schema)) await copy.schema.load();
      result = await write(copy, stagingDir);
      await copy.run('CHECKPOINT');
      await copy.closeDatabase(db);
    } catch (err) {
      if (db) await (copy ? copy.closeDatabase(db) : db.close()).catch(() => undefined);
      // The copy, its log and whatever the spool left: the folder is this write's alone.
      await fs.rm(stagingDir, { recursive: true, force: true });
      // Not `instanceof Error`: the binding's errors may come from another realm (a test runner's sandbox).
      if (staged && !(err instanceof TooLargeError) && /buffer pool is full/i.test(String((err as Error | undefined)?.message))) {
        throw new TooLargeError(
          `The import needs more memory than its buffer pool (IMPORT_MEMORY_MB, ${Math.round(pool / 2 ** 20)} MB here) allows. ` +
            'Raise IMPORT_MEMORY_MB and import again; nothing was imported.',
        );
      }
      throw err;
    }
    await this.swapIn(slot, copyFile, copy.schema);
    return result;
  }

  /** Closes a staging store's connections and its Database (every result it made is closed already). */
  private async closeDatabase(db: Database): Promise<void> {
    this.closed = true;
    for (const c of this.connections) await c.close();
    await db.close();
  }

  /**
   * Makes `staged` (closed, checkpointed) the folder's database: every store on the folder stops lending
   * connections and waits for the lent ones, closes them, the old Database closes, the copy is fsynced and
   * moved next to it and CURRENT names it (the commit point). The new generation must then open and answer
   * a query before the old one is retired; should anything fail, CURRENT names the old one again, which is
   * reopened, and the write fails with nothing changed. A crash in between leaves both files: the next open
   * tries the new one (in a child process) and falls back to the old one.
   */
  private async swapIn(slot: DatabaseSlot, staged: string, schema: KuzuSchema): Promise<void> {
    const stores = [...slot.stores];
    await Promise.all(stores.map((s) => s.pause()));
    try {
      for (const s of stores) {
        for (const c of s.connections) await c.close();
        s.idle.length = 0;
      }
      await slot.db.close();
      const old = slot.file;
      let next: string | undefined;
      let db: Database | undefined;
      try {
        next = await commitGeneration(slot.dataDir, staged);
        db = await openDatabase(next, slot.bufferPoolBytes, slot.maxDbBytes, slot.dataDir);
        await pingDatabase(db);
      } catch (err) {
        await db?.close().catch(() => undefined);
        if (next) {
          await writeCurrentDbFile(slot.dataDir, old);
          await setAsideGeneration(slot.dataDir, path.basename(next));
        }
        slot.db = await openDatabase(old, slot.bufferPoolBytes, slot.maxDbBytes, slot.dataDir);
        await Promise.all(stores.map((s) => s.reconnect(slot.db)));
        throw new QueryFailedError(`The write finished but its copy of the database did not open (${(err as Error).message}); nothing changed.`);
      }
      slot.db = db;
      slot.file = next;
      slot.storage = { ...slot.storage, generation: generationOf(next) };
      await Promise.all(stores.map((s) => s.reconnect(db, schema)));
      await retireGeneration(old);
      await fs.rm(path.join(slot.dataDir, STAGING_DIR), { recursive: true, force: true });
    } finally {
      stores.forEach((s) => s.resume());
    }
  }

  /**
   * New pool connections on `db` after a swap; what was derived from the old file is forgotten. `schema`:
   * the catalogue of the new file as the write that made it left it (read from the file when absent).
   */
  private async reconnect(db: Database, schema?: KuzuSchema): Promise<void> {
    this.connections = await connect(db, this.connections.length);
    this.idle.length = 0;
    this.idle.push(...this.connections);
    this.documents = undefined;
    this.forgetDerived();
    if (schema && this.schema.adopt(schema)) return;
    // The gate is still closed: load the catalogue straight on a connection of the new file.
    const c = this.idle.pop() as Connection;
    try {
      await this.schema.load((q) => this.run(q, undefined, c));
    } finally {
      this.idle.push(c);
    }
  }

  private async ensureImportSchema(needs: ImportSchemaNeeds, run: (q: string) => Promise<Row[]>): Promise<void> {
    await this.schema.ensureNodeTable(DOCUMENT_LABEL, new Map(Object.entries(DOCUMENT_PROPERTY_TYPES).filter(([k]) => k !== 'id')), run);
    await this.schema.ensureNodeTable(IMPORT_LABEL, new Map<string, PropertyType>([
      ['actor', 'string'], ['at', 'string'], ['files', 'string[]'], ['status', 'string'],
      ['undoneAt', 'string'], ['undoneBy', 'string'], ['counts', 'string'],
    ]), run);
    await this.schema.ensureNodeTable(IMPORT_BATCH_LABEL, new Map<string, PropertyType>([
      ['importId', 'string'], ['seq', 'number'], ['recordKind', 'string'], ['added', 'string[]'], ['addedFrom', 'string[]'],
      ['changed', 'string[]'], ['changedFrom', 'string[]'], ['previous', 'string[]'],
    ]), run);
    for (const [kind, cols] of needs.nodeColumns) await this.schema.ensureNodeTable(kind, cols, run);
    for (const [type, cols] of needs.edgeColumns) await this.schema.ensureRelTable(type, needs.edgePairs.get(type) ?? [], cols, run);
  }


  async listImports(): Promise<ImportRecord[]> {
    if (!this.schema.has(IMPORT_LABEL)) return [];
    const rows = await this.run(`MATCH (i:${IMPORT_LABEL}) RETURN i ORDER BY i.at DESC, i.id DESC`);
    return rows.map((r) => fromStoredImportRecord(r.i as Record<string, unknown>));
  }

  async readImportBatches(importId: string): Promise<ImportBatchEntry[]> {
    if (!this.schema.has(IMPORT_BATCH_LABEL)) return [];
    const rows = await this.run(`MATCH (b:${IMPORT_BATCH_LABEL}) WHERE b.importId = $id RETURN b ORDER BY b.seq`, { id: importId });
    return rows.map((r) => fromStoredImportBatch(r.b as Record<string, unknown>));
  }


  /** Closes the store's connections after a checkpoint; the Database stays open (see openDatabases). */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.writeChain;
    // Fold the WAL into the database file so the next start opens quickly.
    await this.run('CHECKPOINT').catch(() => undefined);
    this.closed = true;
    for (const c of this.idle.splice(0)) await c.close();
    this.slot?.stores.delete(this);
  }

}
