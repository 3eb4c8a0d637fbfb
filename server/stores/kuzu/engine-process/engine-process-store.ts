/**
 * The embedded engine seen from the HTTP server: a GraphStore whose every call runs in the supervised
 * engine process (engine-host.ts), so a crash of the native engine costs a restart, not the server.
 *
 * What callers see when the engine dies under them: idempotent reads are asked again, once, of the new
 * process; console queries, writes and imports answer 503 engine_restarted (a write is one transaction
 * in the engine: it landed whole or not at all); a stream that has delivered nothing yet starts again,
 * one that has fails the same way (remote-stream.ts; imports: remote-import.ts). The console query shapes running at the crash are booked in
 * CrashedShapes, and a refused shape is answered 400 query_crashed_engine without reaching the engine.
 *
 * The server's graph index (stores/graph-index/indexed-graph-store.ts) is loaded through loadAdjacency:
 * the host sends blocks of columns ahead of the call's result.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Direction, Graph, GraphEdge, GraphNode, EngineProcessHealth, StorageStatus } from '../../../domain/graph-model';
import type { SeedDocument } from '../../../domain/seed-schema';
import type { ImportRecord } from '../../../domain/import-model';
import { EngineRestartedError, QueryCrashedEngineError, RequestAbortedError } from '../../../domain/errors';
import type {
  AdjacencyColumns,
  AdjacencyFilter,
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
  ReadQueryOptions,
  ReadQueryResult,
  RunImportOptions,
  StreamSelection,
  UpsertInput,
  UpsertSummary,
  NodeStar,
  Subgraph,
} from '../../../domain/ports/graph-store';
import type { KuzuStoreOptions } from '../kuzu-store-options';
import { CrashedShapes } from './crashed-shapes';
import { EngineStoppedError, type CallHooks, type EngineConnection } from './engine-connection';
import { EngineSupervisor, type EngineCrash } from './engine-supervisor';
import type { EngineMethod } from './protocol';
import { queryShape } from './query-shape';
import { pullStream } from './remote-stream';
import { decodeRowChunk, edgeFromStreamRow, nodeFromStreamRow } from '../kuzu-row-chunks';
import { runImportRemotely } from './remote-import';


export interface EngineProcessStoreOptions extends KuzuStoreOptions {
  log?(message: string): void;
}

export class EngineProcessStore implements GraphStore {
  readonly engine = 'embedded' as const;
  /**
   * The last count, kept until this store's next write: /api/health asks on every call, and a round trip to
   * another process costs more than the cached answer the engine gives (this store is the only writer).
   */
  private countsCache: GraphCounts | undefined;
  /**
   * The catalogue, kept the same way: every console query on this engine is translated for it, and a round
   * trip per query cost more than the translation once that is kept (console-plans.ts). One frozen object,
   * so the translations kept for it are found by identity.
   */
  private catalogueCache: GraphCatalogue | undefined;
  /** The engine's database generation and any recovery at its start, asked after each start and write. */
  private storage: StorageStatus | undefined;
  private writeGeneration = 0;
  private writesInFlight = 0;

  private constructor(
    private readonly supervisor: EngineSupervisor,
    private readonly shapes: CrashedShapes,
    private readonly log: (message: string) => void,
  ) {}

  /** Starts the engine process on `options.dataDir`; rejects as KuzuGraphStore.open would (e.g. DataDirLockedError). */
  static async open(options: EngineProcessStoreOptions): Promise<EngineProcessStore> {
    const { log = () => undefined, ...storeOptions } = options;
    const dataDir = path.resolve(storeOptions.dataDir);
    // The supervisor reports crashes to the store it is made for, which exists once the first start succeeded.
    const made: { store?: EngineProcessStore } = {};
    // Forked first, within this call: the engine boots (node, Kuzu's binding, the folder, which it creates
    // itself) on the other core while this process reads the refused shapes and its caller loads the rest of the app.
    const starting = EngineSupervisor.start({
      host: { store: { ...storeOptions, dataDir } },
      onCrash: (exit) => made.store?.bookCrash(exit.inFlight.map((c) => c.hooks.shape).filter((s): s is string => s !== undefined)),
      log,
    });
    // Awaited below; this keeps a failed start from counting as unhandled while the shapes are read.
    starting.catch(() => undefined);
    let shapes: CrashedShapes;
    try {
      await fs.mkdir(dataDir, { recursive: true });
      shapes = await CrashedShapes.load(dataDir, log);
    } catch (err) {
      await starting.then((supervisor) => supervisor.close(), () => undefined);
      throw err;
    }
    const supervisor = await starting;
    made.store = new EngineProcessStore(supervisor, shapes, log);
    await made.store.refreshStorage();
    return made.store;
  }

  /** The generation in use and any recovery (see KuzuGraphStore.storageStatus), as last asked of the engine. */
  storageStatus(): StorageStatus | undefined {
    return this.storage;
  }

  /** Asks the engine for its storage status; a failure keeps the last one (health is never worth a failure). */
  private async refreshStorage(): Promise<void> {
    try {
      this.storage = await this.invoke<StorageStatus | undefined>('storageStatus', []);
    } catch {
      // The engine is restarting: its next start asks again.
    }
  }

  /** The engine process's pid, restarts, last crash and the number of refused query shapes (for /api/health). */
  engineProcessHealth(): EngineProcessHealth {
    const crash: EngineCrash | undefined = this.supervisor.lastCrash;
    return {
      pid: this.supervisor.pid ?? null,
      restarts: this.supervisor.restarts,
      ...(crash ? { lastCrash: crash } : {}),
      refusedShapes: this.shapes.size,
    };
  }

  /** Refuses the shapes the crash points at; any write in flight may have landed, so the index goes too. */
  private bookCrash(shapes: string[]): void {
    this.forgetDerived();
    // The restarted engine may have started from another generation (a recovery): ask it once it is up.
    void this.refreshStorage();
    this.shapes.recordCrash(shapes).catch((err: unknown) => this.log(`Could not save the refused query shapes: ${String(err)}`));
  }

  private async invoke<T>(method: EngineMethod, args: unknown[], hooks?: CallHooks): Promise<T> {
    const connection = await this.supervisor.connection();
    return connection.call<T>(method, args, hooks).result;
  }

  /** An idempotent read: asked once more of the restarted engine when the engine died under it. */
  private async read<T>(method: EngineMethod, args: unknown[] = []): Promise<T> {
    try {
      return await this.invoke<T>(method, args);
    } catch (err) {
      if (!(err instanceof EngineStoppedError)) throw err;
    }
    return this.once<T>(method, args);
  }

  /** A call that is not repeated: the engine dying under it is engine_restarted for the caller. */
  private async once<T>(method: EngineMethod, args: unknown[], hooks?: CallHooks): Promise<T> {
    try {
      return await this.invoke<T>(method, args, hooks);
    } catch (err) {
      throw err instanceof EngineStoppedError ? new EngineRestartedError() : err;
    }
  }

  /** Drops what is derived from the stored graph: the count and the catalogue. */
  private forgetDerived(): void {
    this.countsCache = undefined;
    this.catalogueCache = undefined;
    this.writeGeneration += 1;
  }

  /** Runs a write: what is derived from the graph is dropped before (nothing answers from a graph being changed) and after. */
  private async writing<T>(run: () => Promise<T>): Promise<T> {
    this.writesInFlight += 1;
    this.forgetDerived();
    try {
      return await run();
    } finally {
      this.writesInFlight -= 1;
      this.forgetDerived();
      // Every embedded write makes the next generation.
      await this.refreshStorage();
    }
  }

  /**
   * Every engine process loads the schema before it reports ready (engine-host.ts), and no other process
   * can change the folder while it holds the lock, so asking it again would only repeat the schema reads
   * (tens of ms at start on an existing folder): init waits for a running engine instead.
   */
  async init(): Promise<void> {
    try {
      await this.supervisor.connection();
    } finally {
      this.forgetDerived();
    }
  }

  ping(): Promise<void> {
    return this.read('ping');
  }

  async counts(): Promise<GraphCounts> {
    if (this.countsCache) return { ...this.countsCache };
    const generation = this.writeGeneration;
    const counted = await this.read<GraphCounts>('counts');
    if (generation === this.writeGeneration && this.writesInFlight === 0) this.countsCache = counted;
    return { ...counted };
  }

  searchCandidates(needle: string, limit: number): Promise<GraphNode[]> {
    return this.read('searchCandidates', [needle, limit]);
  }

  getNodes(ids: readonly string[]): Promise<GraphNode[]> {
    return this.read('getNodes', [ids]);
  }

  getEdges(ids: readonly string[]): Promise<GraphEdge[]> {
    return this.read('getEdges', [ids]);
  }

  getStar(id: string): Promise<NodeStar | null> {
    return this.read('getStar', [id]);
  }

  /** One round trip for a neighbourhood's nodes and relationships (getNodes + getEdges were two). */
  readSubgraph(nodeIds: readonly string[], edgeIds: readonly string[]): Promise<Subgraph> {
    return this.read('readSubgraph', [nodeIds, edgeIds]);
  }

  async adjacency(ids: readonly string[], direction: Direction, filter: AdjacencyFilter = {}): Promise<EdgeRef[]> {
    if (ids.length === 0) return [];
    return this.read('adjacency', [ids, direction, filter]);
  }

  /** Resolves once the engine's own index, which places ids in their tables for getNodes / getEdges, is built. */
  async prepareAdjacencyIndex(): Promise<void> {
    await this.read('prepareAdjacencyIndex');
  }

  /** Every relationship's adjacency row, in the blocks of columns the host sends ahead of the result. */
  async loadAdjacency(onColumns: (columns: AdjacencyColumns) => void): Promise<void> {
    // Not retried here: a failed build is dropped, and the index starts another later.
    await this.invoke('adjacency.load', [], { onRows: onColumns });
  }

  async runReadQuery(query: string, params: Record<string, unknown>, options: ReadQueryOptions): Promise<ReadQueryResult> {
    const shape = queryShape(query, params);
    if (this.shapes.isRefused(shape)) throw new QueryCrashedEngineError(shape);
    const { signal, ...limits } = options;
    if (signal?.aborted) throw new RequestAbortedError();
    let connection: EngineConnection;
    try {
      connection = await this.supervisor.connection();
    } catch (err) {
      throw err instanceof EngineStoppedError ? new EngineRestartedError() : err;
    }
    // The caller may have gone while the engine was awaited (a restart in progress).
    if (signal?.aborted) throw new RequestAbortedError();
    const { id, result } = connection.call<ReadQueryResult>('runReadQuery', [query, params, limits], { shape });
    // Kuzu cannot cancel a running query: the host drops its result, the caller is answered now.
    const onAbort = (): void => connection.abandon(id, new RequestAbortedError());
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await result;
    } catch (err) {
      throw err instanceof EngineStoppedError ? new EngineRestartedError() : err;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  readAll(): Promise<Graph> {
    return this.read('readAll');
  }

  streamNodes(selection: StreamSelection, chunkSize: number): AsyncIterable<GraphNode[]> {
    return pullStream(this.supervisor, 'nodes', selection, chunkSize, () => (chunk) => decodeRowChunk(chunk, nodeFromStreamRow));
  }

  streamEdges(selection: StreamSelection, chunkSize: number): AsyncIterable<GraphEdge[]> {
    return pullStream(this.supervisor, 'edges', selection, chunkSize, (opened) => {
      const documents = new Map((opened.documents ?? []).map((d) => [d.id, d]));
      return (chunk) => decodeRowChunk(chunk, (row, type) => edgeFromStreamRow(row, type, documents));
    });
  }

  listDocuments(): Promise<SeedDocument[]> {
    return this.read('listDocuments');
  }

  async catalogue(): Promise<GraphCatalogue> {
    if (this.catalogueCache) return this.catalogueCache;
    const generation = this.writeGeneration;
    const read = await this.read<GraphCatalogue>('catalogue');
    if (generation !== this.writeGeneration || this.writesInFlight > 0) return read;
    for (const tables of [read.nodeTables, read.relTables]) {
      for (const table of tables) Object.freeze(Object.freeze(table).properties);
      Object.freeze(tables);
    }
    this.catalogueCache = Object.freeze(read);
    return read;
  }

  getDocument(id: string): Promise<SeedDocument | undefined> {
    return this.read('getDocument', [id]);
  }

  edgesCitingDocuments(documentIds: readonly string[], options: CitingEdgesOptions): Promise<CitingEdges> {
    return this.read('edgesCitingDocuments', [documentIds, options]);
  }

  documentTextStamps(): Promise<DocumentTextStamp[]> {
    return this.read('documentTextStamps');
  }

  upsert(input: UpsertInput): Promise<UpsertSummary> {
    return this.writing(() => this.once('upsert', [input]));
  }

  bulkLoad(input: UpsertInput): Promise<UpsertSummary> {
    return this.writing(() => this.once('bulkLoad', [input]));
  }

  /** The transaction lives in the engine process, the work here (see remote-import.ts). */
  runImport<T>(needs: ImportSchemaNeeds, work: (tx: ImportTransaction) => Promise<T>, options: RunImportOptions = {}): Promise<T> {
    return this.writing(() => runImportRemotely(this.supervisor, needs, work, options));
  }

  listImports(): Promise<ImportRecord[]> {
    return this.read('listImports');
  }

  readImportBatches(importId: string): Promise<ImportBatchEntry[]> {
    return this.read('readImportBatches', [importId]);
  }

  close(): Promise<void> {
    return this.supervisor.close();
  }
}
