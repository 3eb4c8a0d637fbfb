/**
 * The embedded engine seen from the HTTP server: a GraphStore whose every call runs in the supervised
 * engine process (engine-host.ts), so a crash of the native engine costs a restart, not the server.
 *
 * What callers see when the engine dies under them: idempotent reads are asked again, once, of the new
 * process; console queries, writes and imports answer 503 engine_restarted (a write is one transaction
 * in the engine: it landed whole or not at all); a stream that has delivered nothing yet starts again,
 * one that has fails the same way. The console query shapes running at the crash are booked in
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
} from '../../../domain/ports/graph-store';
import type { KuzuStoreOptions } from '../kuzu-graph-store';
import { CrashedShapes } from './crashed-shapes';
import { EngineStoppedError, type CallHooks, type EngineConnection } from './engine-connection';
import { EngineSupervisor, type EngineCrash } from './engine-supervisor';
import type { StreamKind } from './protocol';
import { queryShape } from './query-shape';
import { toWireError } from './wire-errors';

/** Chunks a stream asks the engine for ahead of the one being consumed. */
const STREAM_PULLS_AHEAD = 3;

export interface EngineProcessStoreOptions extends KuzuStoreOptions {
  log?(message: string): void;
}

const TRANSACTION_METHODS = [
  'findNodes',
  'findEdges',
  'findDocuments',
  'putNodes',
  'putEdges',
  'putDocuments',
  'removeEdges',
  'removeNodes',
  'removeDocuments',
  'putImportBatch',
  'putImportRecord',
] as const satisfies ReadonlyArray<keyof ImportTransaction>;

export class EngineProcessStore implements GraphStore {
  readonly engine = 'embedded' as const;
  /**
   * The last count, kept until this store's next write: /api/health asks on every call, and a round trip to
   * another process costs more than the cached answer the engine gives (this store is the only writer).
   */
  private countsCache: GraphCounts | undefined;
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
    await fs.mkdir(dataDir, { recursive: true });
    const shapes = await CrashedShapes.load(dataDir, log);
    // The supervisor reports crashes to the store it is made for, which exists once the first start succeeded.
    const made: { store?: EngineProcessStore } = {};
    const supervisor = await EngineSupervisor.start({
      host: { store: { ...storeOptions, dataDir } },
      onCrash: (exit) => made.store?.bookCrash(exit.inFlight.map((c) => c.hooks.shape).filter((s): s is string => s !== undefined)),
      log,
    });
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

  private async invoke<T>(method: string, args: unknown[], hooks?: CallHooks): Promise<T> {
    const connection = await this.supervisor.connection();
    return connection.call<T>(method, args, hooks).result;
  }

  /** An idempotent read: asked once more of the restarted engine when the engine died under it. */
  private async read<T>(method: string, args: unknown[] = []): Promise<T> {
    try {
      return await this.invoke<T>(method, args);
    } catch (err) {
      if (!(err instanceof EngineStoppedError)) throw err;
    }
    return this.once<T>(method, args);
  }

  /** A call that is not repeated: the engine dying under it is engine_restarted for the caller. */
  private async once<T>(method: string, args: unknown[], hooks?: CallHooks): Promise<T> {
    try {
      return await this.invoke<T>(method, args, hooks);
    } catch (err) {
      throw err instanceof EngineStoppedError ? new EngineRestartedError() : err;
    }
  }

  /** Drops what is derived from the stored graph: the count. */
  private forgetDerived(): void {
    this.countsCache = undefined;
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

  init(): Promise<void> {
    return this.read('init');
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
    return this.stream<GraphNode>('nodes', selection, chunkSize);
  }

  streamEdges(selection: StreamSelection, chunkSize: number): AsyncIterable<GraphEdge[]> {
    return this.stream<GraphEdge>('edges', selection, chunkSize);
  }

  /**
   * Pulls chunks from a stream the host holds open, asking for STREAM_PULLS_AHEAD chunks ahead: the host
   * reads the next chunks while this side handles the last one, so neither process waits for the other's
   * turn on a busy machine. Stopping early closes the host's stream (its connection goes back to the pool).
   */
  private async *stream<T>(kind: StreamKind, selection: StreamSelection, chunkSize: number): AsyncGenerator<T[]> {
    let delivered = false;
    let reopened = false;
    let finished = false;
    let current: { connection: EngineConnection; streamId: number } | undefined;
    let pulls: Array<Promise<IteratorResult<T[]>>> = [];
    const pull = (): void => {
      if (!current) return;
      const next = current.connection.call<IteratorResult<T[]>>('stream.next', [current.streamId]).result;
      // Pulls left unread when the consumer stops early must not become unhandled rejections.
      next.catch(() => undefined);
      pulls.push(next);
    };
    try {
      for (;;) {
        let next: IteratorResult<T[]>;
        try {
          if (!current) {
            const connection = await this.supervisor.connection();
            const streamId = await connection.call<number>('stream.open', [kind, selection, chunkSize]).result;
            current = { connection, streamId };
            pulls = [];
            for (let i = 0; i < STREAM_PULLS_AHEAD; i += 1) pull();
          }
          next = await (pulls.shift() as Promise<IteratorResult<T[]>>);
        } catch (err) {
          if (!(err instanceof EngineStoppedError)) throw err;
          // Nothing has gone to the consumer yet: the stream can start again on the new engine, once.
          if (delivered || reopened) throw new EngineRestartedError();
          reopened = true;
          current = undefined;
          continue;
        }
        if (next.done) {
          finished = true;
          return;
        }
        pull();
        delivered = true;
        yield next.value;
      }
    } finally {
      if (!finished && current?.connection.alive) {
        const { connection, streamId } = current;
        await connection.call('stream.close', [streamId]).result.catch(() => undefined);
      }
    }
  }

  listDocuments(): Promise<SeedDocument[]> {
    return this.read('listDocuments');
  }

  catalogue(): Promise<GraphCatalogue> {
    return this.read('catalogue');
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

  /**
   * The transaction lives in the engine process, the work here: each time the host opens a transaction for
   * this import (tx-start), the work runs on a proxy whose calls go to that transaction, and tx-end tells
   * the host to commit or roll back. The work's own error reaches the caller as it was thrown.
   */
  async runImport<T>(needs: ImportSchemaNeeds, work: (tx: ImportTransaction) => Promise<T>, options: RunImportOptions = {}): Promise<T> {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    let connection: EngineConnection | undefined;
    const onTxStart = (txId: number): void => {
      const conn = connection as EngineConnection;
      void (async () => {
        try {
          const value = await work(this.transaction(conn, txId));
          outcome = { ok: true, value };
          conn.send({ t: 'tx-end', txId });
        } catch (error) {
          outcome = { ok: false, error };
          conn.send({ t: 'tx-end', txId, error: toWireError(error) });
        }
      })();
    };
    return this.writing(async () => {
      try {
        connection = await this.supervisor.connection();
        await connection.call('runImport', [needs, options], { onTxStart }).result;
      } catch (err) {
        if (err instanceof EngineStoppedError) throw new EngineRestartedError();
        if (outcome && !outcome.ok) throw outcome.error;
        throw err;
      }
      if (!outcome?.ok) throw new Error('The import ended without its work having finished.');
      return outcome.value;
    });
  }

  private transaction(connection: EngineConnection, txId: number): ImportTransaction {
    const tx: Partial<Record<keyof ImportTransaction, (...args: unknown[]) => Promise<unknown>>> = {};
    for (const method of TRANSACTION_METHODS) {
      tx[method] = async (...args: unknown[]) => {
        try {
          return await connection.call(`tx.${method}`, [txId, ...args]).result;
        } catch (err) {
          throw err instanceof EngineStoppedError ? new EngineRestartedError() : err;
        }
      };
    }
    return tx as unknown as ImportTransaction;
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
