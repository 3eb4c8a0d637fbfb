/**
 * The streams the engine host holds open for the server (stream.open / stream.next / stream.close): each reads
 * its next chunk ahead while the server handles the last one, and answers the server's pulls in the order they
 * were asked (the server asks several ahead). Chunks go as rows (kuzu-row-chunks.ts): the server makes the
 * records. Apart from the host's dispatcher because it is state of its own with its own small protocol; the
 * host only routes the three calls here and ends the streams when it closes.
 */
import type { StreamSelection } from '../../../domain/ports/graph-store';
import type { KuzuGraphStore } from '../kuzu-graph-store';
import type { RowChunk } from '../kuzu-row-chunks';
import type { OpenedStream, StreamKind } from './protocol';

interface OpenStream {
  iterator: AsyncIterator<RowChunk>;
  /** The next chunk, read ahead while the server handles the previous one. */
  ahead: Promise<IteratorResult<RowChunk>>;
  /** The last stream.next answered: the server asks for several ahead, and they are served in order. */
  served: Promise<unknown>;
}

export class HostStreams {
  private readonly streams = new Map<number, OpenStream>();
  private nextStreamId = 1;

  constructor(private readonly store: KuzuGraphStore) {}

  /**
   * Opens a stream of the store and starts reading its first chunk; answers the stream's id and, for
   * relationships, the documents their sources name (the server resolves them as streamEdges would).
   */
  async open(kind: StreamKind, selection: StreamSelection, chunkSize: number): Promise<OpenedStream> {
    const documents = kind === 'edges' ? await this.store.streamedDocuments() : undefined;
    const iterable = kind === 'nodes' ? this.store.streamNodeRows(selection, chunkSize) : this.store.streamEdgeRows(selection, chunkSize);
    const iterator = iterable[Symbol.asyncIterator]();
    const streamId = this.nextStreamId++;
    const ahead = iterator.next();
    // A read-ahead the server never asks for must not become an unhandled rejection.
    ahead.catch(() => undefined);
    this.streams.set(streamId, { iterator, ahead, served: Promise.resolve() });
    return documents ? { streamId, documents } : { streamId };
  }

  /** The stream's next chunk, after the chunks asked for before it; done once the stream ended or closed. */
  next(streamId: number): Promise<IteratorResult<RowChunk>> {
    const stream = this.streams.get(streamId);
    if (!stream) return Promise.resolve({ done: true, value: undefined });
    const next = stream.served.then(() => this.take(streamId, stream));
    stream.served = next.catch(() => undefined);
    return next;
  }

  /** Closes a stream the server stopped reading early (its connection goes back to the store's pool). */
  async close(streamId: number): Promise<void> {
    const stream = this.streams.get(streamId);
    if (!stream) return;
    this.streams.delete(streamId);
    // Let the read-ahead settle first: return() on a generator that is running waits for it anyway.
    await stream.ahead.catch(() => undefined);
    await stream.iterator.return?.();
  }

  /** Ends every open stream: the host is closing the store. */
  async closeAll(): Promise<void> {
    for (const stream of this.streams.values()) await stream.iterator.return?.().catch(() => undefined);
  }

  private async take(streamId: number, stream: OpenStream): Promise<IteratorResult<RowChunk>> {
    if (this.streams.get(streamId) !== stream) return { done: true, value: undefined };
    let result: IteratorResult<RowChunk>;
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
}
