/**
 * The engine process's entry: opens the KuzuGraphStore of the DATA_DIR it is given and serves the server
 * process's requests over the IPC channel (protocol.ts). It is the only process of the app that loads the
 * kuzu native module, so a crash of the engine ends this process and not the HTTP server. It exits when
 * asked to close (after closing the store cleanly) and when the server process goes away (the channel's
 * 'disconnect'), so no engine outlives its server holding the folder's lock.
 */
import { KuzuGraphStore } from '../kuzu-graph-store';
import type { ImportTransaction } from '../../../domain/ports/graph-store';
import type { HostMessage, HostOptions, HostRequest, StreamKind } from './protocol';
import { fromWireError, toWireError } from './wire-errors';

/** How long a close may take before the host exits anyway. */
const CLOSE_GRACE_MS = 20_000;

function send(message: HostMessage): void {
  // A send after the server went away has nobody to answer: the 'disconnect' handler is exiting.
  if (!process.connected) return;
  try {
    process.send?.(message);
  } catch (err) {
    // A value structured clone cannot copy: the request fails with why, the engine keeps serving.
    if (message.t === 'result') process.send?.({ t: 'error', id: message.id, error: toWireError(err) });
    else throw err;
  }
}

interface OpenStream {
  iterator: AsyncIterator<unknown[]>;
  /** The next chunk, read ahead while the server handles the previous one. */
  ahead: Promise<IteratorResult<unknown[]>>;
  /** The last stream.next answered: the server asks for several ahead, and they are served in order. */
  served: Promise<unknown>;
}

interface OpenTransaction {
  tx: ImportTransaction;
  finish(error?: Error): void;
}

class EngineHost {
  private readonly streams = new Map<number, OpenStream>();
  private readonly transactions = new Map<number, OpenTransaction>();
  private readonly aborted = new Set<number>();
  private nextStreamId = 1;
  private nextTxId = 1;
  private closing: Promise<void> | undefined;

  constructor(private readonly store: KuzuGraphStore) {}

  handle(message: HostRequest): void {
    switch (message.t) {
      case 'call':
        this.call(message.id, message.method, message.args).then(
          (value) => {
            if (this.aborted.delete(message.id)) send({ t: 'result', id: message.id, value: undefined });
            else send({ t: 'result', id: message.id, value });
          },
          (err: unknown) => {
            this.aborted.delete(message.id);
            send({ t: 'error', id: message.id, error: toWireError(err) });
          },
        );
        return;
      case 'tx-end': {
        const open = this.transactions.get(message.txId);
        this.transactions.delete(message.txId);
        open?.finish(message.error ? fromWireError(message.error) : undefined);
        return;
      }
      case 'abort':
        this.aborted.add(message.id);
        return;
      case 'close':
        void this.close(0);
        return;
    }
  }

  /** Closes the store (Kuzu checkpoints its WAL) and exits, within a grace whatever happens. */
  close(code: number): Promise<void> {
    this.closing ??= (async () => {
      setTimeout(() => process.exit(code), CLOSE_GRACE_MS).unref();
      for (const open of this.transactions.values()) open.finish(new Error('The server is closing the engine.'));
      for (const stream of this.streams.values()) await stream.iterator.return?.().catch(() => undefined);
      try {
        await this.store.close();
      } finally {
        process.exit(code);
      }
    })();
    return this.closing;
  }

  private async call(id: number, method: string, args: unknown[]): Promise<unknown> {
    const store = this.store;
    if (method.startsWith('tx.')) return this.txCall(method.slice(3), args);
    switch (method) {
      case 'init':
        return store.init();
      case 'ping':
        return store.ping();
      case 'counts':
        return store.counts();
      case 'storageStatus':
        return store.storageStatus();
      case 'searchCandidates':
        return store.searchCandidates(args[0] as string, args[1] as number);
      case 'getNodes':
        return store.getNodes(args[0] as string[]);
      case 'getEdges':
        return store.getEdges(args[0] as string[]);
      case 'adjacency':
        return store.adjacency(...(args as Parameters<KuzuGraphStore['adjacency']>));
      case 'runReadQuery':
        return store.runReadQuery(...(args as Parameters<KuzuGraphStore['runReadQuery']>));
      case 'readAll':
        return store.readAll();
      case 'listDocuments':
        return store.listDocuments();
      case 'catalogue':
        return store.catalogue();
      case 'getDocument':
        return store.getDocument(args[0] as string);
      case 'edgesCitingDocuments':
        return store.edgesCitingDocuments(...(args as Parameters<KuzuGraphStore['edgesCitingDocuments']>));
      case 'documentTextStamps':
        return store.documentTextStamps();
      case 'upsert':
        return store.upsert(...(args as Parameters<KuzuGraphStore['upsert']>));
      case 'bulkLoad':
        return store.bulkLoad(...(args as Parameters<KuzuGraphStore['bulkLoad']>));
      case 'prepareAdjacencyIndex':
        return store.prepareAdjacencyIndex();
      case 'listImports':
        return store.listImports();
      case 'readImportBatches':
        return store.readImportBatches(args[0] as string);
      case 'runImport':
        return this.runImport(id, args);
      case 'adjacency.load':
        return this.loadAdjacency(id);
      case 'stream.open':
        return this.openStream(args[0] as StreamKind, args[1] as Parameters<KuzuGraphStore['streamNodes']>[0], args[2] as number);
      case 'stream.next':
        return this.nextChunk(args[0] as number);
      case 'stream.close':
        return this.closeStream(args[0] as number);
      default:
        throw new Error(`The engine process has no method "${method}".`);
    }
  }

  /**
   * Runs the import's transaction here and its work in the server: each time the store invokes the work
   * (it may more than once), a new transaction id goes to the server, which calls tx.<method> on it and
   * ends it with tx-end; the store commits when the work resolves and rolls back when it rejects.
   */
  private async runImport(id: number, args: unknown[]): Promise<void> {
    const [needs, options] = args as [Parameters<KuzuGraphStore['runImport']>[0], Parameters<KuzuGraphStore['runImport']>[2]];
    await this.store.runImport(
      needs,
      (tx) =>
        new Promise<void>((resolve, reject) => {
          const txId = this.nextTxId++;
          this.transactions.set(txId, { tx, finish: (error) => (error ? reject(error) : resolve()) });
          send({ t: 'tx-start', id, txId });
        }),
      options,
    );
  }

  private txCall(method: string, args: unknown[]): Promise<unknown> {
    const [txId, ...rest] = args as [number, ...unknown[]];
    const open = this.transactions.get(txId);
    if (!open) throw new Error('This import transaction has ended.');
    const fn = (open.tx as unknown as Record<string, unknown>)[method];
    if (typeof fn !== 'function') throw new Error(`An import transaction has no method "${method}".`);
    return (fn as (...a: unknown[]) => Promise<unknown>).apply(open.tx, rest);
  }

  /** Sends every relationship's adjacency row ahead of the result, as the store reads them: in blocks of columns. */
  private async loadAdjacency(id: number): Promise<void> {
    // The store's own index places ids in their tables for getNodes / getEdges (primary-key look-ups
    // instead of scans); in one process the server's adjacency() built it, here the server's index answers
    // adjacency(), so build it alongside, on another connection (a no-op when it is already built).
    void this.store.prepareAdjacencyIndex().catch(() => undefined);
    await this.store.loadAdjacency((rows) => send({ t: 'rows', id, rows }));
  }

  private openStream(kind: StreamKind, selection: Parameters<KuzuGraphStore['streamNodes']>[0], chunkSize: number): number {
    const iterable = kind === 'nodes' ? this.store.streamNodes(selection, chunkSize) : this.store.streamEdges(selection, chunkSize);
    const iterator = iterable[Symbol.asyncIterator]() as AsyncIterator<unknown[]>;
    const streamId = this.nextStreamId++;
    const ahead = iterator.next();
    // A read-ahead the server never asks for must not become an unhandled rejection.
    ahead.catch(() => undefined);
    this.streams.set(streamId, { iterator, ahead, served: Promise.resolve() });
    return streamId;
  }

  /** The stream's next chunk, after the chunks asked for before it; done once the stream ended or closed. */
  private nextChunk(streamId: number): Promise<IteratorResult<unknown[]>> {
    const stream = this.streams.get(streamId);
    if (!stream) return Promise.resolve({ done: true, value: undefined });
    const next = stream.served.then(() => this.takeChunk(streamId, stream));
    stream.served = next.catch(() => undefined);
    return next;
  }

  private async takeChunk(streamId: number, stream: OpenStream): Promise<IteratorResult<unknown[]>> {
    if (this.streams.get(streamId) !== stream) return { done: true, value: undefined };
    let result: IteratorResult<unknown[]>;
    try {
      result = await stream.ahead;
    } catch (err) {
      this.streams.delete(streamId);
      throw err;
    }
    if (result.done) {
      this.streams.delete(streamId);
    } else {
      stream.ahead = stream.iterator.next();
      stream.ahead.catch(() => undefined);
    }
    return result;
  }

  private async closeStream(streamId: number): Promise<void> {
    const stream = this.streams.get(streamId);
    if (!stream) return;
    this.streams.delete(streamId);
    // Let the read-ahead settle first: return() on a generator that is running waits for it anyway.
    await stream.ahead.catch(() => undefined);
    await stream.iterator.return?.();
  }
}

async function main(): Promise<void> {
  // Ctrl-C in a terminal reaches the whole process group: the server closes this engine in order after
  // draining its requests, so the engine itself waits for that instead of dying under them.
  process.on('SIGINT', () => undefined);
  const serving: { host?: EngineHost } = {};
  // The server process went away (it exited or was killed): nobody will send more, release the folder.
  process.on('disconnect', () => (serving.host ? void serving.host.close(0) : process.exit(0)));
  const options = JSON.parse(process.argv[2] ?? '{}') as HostOptions;
  let store: KuzuGraphStore;
  try {
    store = await KuzuGraphStore.open(options.store);
    // The store learns its tables here; a restarted engine must know them before its first request.
    await store.init();
  } catch (err) {
    const message: HostMessage = { t: 'open-failed', error: toWireError(err) };
    if (process.connected && process.send) process.send(message, () => process.exit(1));
    else process.exit(1);
    return;
  }
  const host = new EngineHost(store);
  serving.host = host;
  process.on('message', (message: HostRequest) => host.handle(message));
  send({ t: 'ready', pid: process.pid });
}

if (require.main === module) void main();
