/**
 * The engine process's entry: opens the KuzuGraphStore of the DATA_DIR it is given and serves the server
 * process's requests over the IPC channel (protocol.ts). It is the only process of the app that loads the
 * kuzu native module, so a crash of the engine ends this process and not the HTTP server. It exits when
 * asked to close (after closing the store cleanly) and when the server process goes away (the channel's
 * 'disconnect'), so no engine outlives its server holding the folder's lock.
 */
import { KuzuGraphStore } from '../kuzu-graph-store';
import type { ImportTransaction } from '../../../domain/ports/graph-store';
import type { HostCall, HostMessage, HostOptions, HostRequest, StreamKind, TransactionMethod } from './protocol';
import { fromWireError, toWireError } from './wire-errors';
import { HostStreams } from './host-streams';
import { splitAnswer } from './answer-parts';

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

/** Sends an answer, its long lists ahead in parts so the server never deserialises a huge message in one turn. */
function sendAnswer(id: number, value: unknown): void {
  const { parts, rest, parted } = splitAnswer(value);
  if (parts.length === 0 || !process.connected) {
    send({ t: 'result', id, value });
    return;
  }
  try {
    for (const part of parts) process.send?.({ t: 'part', id, ...part } satisfies HostMessage);
  } catch (err) {
    // As in send(): a value structured clone cannot copy fails the request (the server drops its parts).
    send({ t: 'error', id, error: toWireError(err) });
    return;
  }
  send({ t: 'result', id, value: rest, parted });
}

interface OpenTransaction {
  tx: ImportTransaction;
  finish(error?: Error): void;
}

/** A call to an import transaction the host holds open (`tx.<method>`), not to the store. */
function isTxCall(method: HostCall): method is `tx.${TransactionMethod}` {
  return method.startsWith('tx.');
}

class EngineHost {
  private readonly transactions = new Map<number, OpenTransaction>();
  private readonly aborted = new Set<number>();
  private nextTxId = 1;
  private closing: Promise<void> | undefined;

  private readonly streams: HostStreams;

  constructor(private readonly store: KuzuGraphStore) {
    this.streams = new HostStreams(store);
  }

  handle(message: HostRequest): void {
    switch (message.t) {
      case 'call':
        this.call(message.id, message.method, message.args).then(
          (value) => {
            if (this.aborted.delete(message.id)) send({ t: 'result', id: message.id, value: undefined });
            else sendAnswer(message.id, value);
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
      await this.streams.closeAll();
      try {
        await this.store.close();
      } finally {
        process.exit(code);
      }
    })();
    return this.closing;
  }

  private async call(id: number, method: HostCall, args: unknown[]): Promise<unknown> {
    const store = this.store;
    if (isTxCall(method)) return this.txCall(method.slice(3), args);
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
      case 'getStar':
        return store.getStar(args[0] as string);
      case 'readSubgraph':
        return store.readSubgraph(args[0] as string[], args[1] as string[]);
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
        return this.streams.open(args[0] as StreamKind, args[1] as Parameters<KuzuGraphStore['streamNodes']>[0], args[2] as number);
      case 'stream.next':
        return this.streams.next(args[0] as number);
      case 'stream.close':
        return this.streams.close(args[0] as number);
      default:
        // A name from a build the host does not match: typed away here, answered as an error all the same.
        throw new Error(`The engine process has no method "${String(method)}".`);
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
