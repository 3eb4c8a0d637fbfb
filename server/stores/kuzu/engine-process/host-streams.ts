/**
 * The streams the engine host holds open for the server (stream.open / stream.next / stream.close): each reads
 * its next chunk ahead while the server handles the last one, and answers the server's pulls in the order they
 * were asked (the server asks several ahead). Apart from the host's dispatcher because it is state of its own
 * with its own small protocol; the host only routes the three calls here and ends the streams when it closes.
 */
import type { StreamSelection } from '../../../domain/ports/graph-store';
import type { KuzuGraphStore } from '../kuzu-graph-store';
import type { StreamKind } from './protocol';

interface OpenStream {
  iterator: AsyncIterator<unknown[]>;
  /** The next chunk, read ahead while the server handles the previous one. */
  ahead: Promise<IteratorResult<unknown[]>>;
  /** The last stream.next answered: the server asks for several ahead, and they are served in order. */
  served: Promise<unknown>;
}

export class HostStreams {
  private readonly streams = new Map<number, OpenStream>();
  private nextStreamId = 1;

  constructor(private readonly store: KuzuGraphStore) {}

  /** Opens a stream of the store and starts reading its first chunk; answers the stream's id. */
  open(kind: StreamKind, selection: StreamSelection, chunkSize: number): number {
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
  next(streamId: number): Promise<IteratorResult<unknown[]>> {
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

  private async take(streamId: number, stream: OpenStream): Promise<IteratorResult<unknown[]>> {
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
}
