/**
 * A stream of the engine process read from the server: chunks pulled from a stream the host holds open
 * (host-streams.ts), STREAM_PULLS_AHEAD of them ahead, and what happens when the engine dies under it. Apart
 * from the store proxy because it is the one call that is a conversation of many requests.
 */
import type { StreamSelection } from '../../../domain/ports/graph-store';
import { EngineRestartedError } from '../../../domain/errors';
import { EngineStoppedError, type EngineConnection } from './engine-connection';
import type { EngineSupervisor } from './engine-supervisor';
import type { OpenedStream, StreamKind } from './protocol';
import type { RowChunk } from '../kuzu-row-chunks';
import { PART_ITEMS } from './answer-parts';

/** Chunks a stream asks the engine for ahead of the one being consumed. */
const STREAM_PULLS_AHEAD = 3;

/**
 * Pulls chunks from a stream the host holds open, asking for STREAM_PULLS_AHEAD chunks ahead: the host
 * reads the next chunks while this side handles the last one, so neither process waits for the other's
 * turn on a busy machine. Stopping early closes the host's stream (its connection goes back to the pool).
 * A stream that has delivered nothing when the engine dies starts again on the new engine, once; one that
 * has fails with engine_restarted. The host sends rows (kuzu-row-chunks.ts); `reader` makes the records of
 * a chunk, given what the open answered (a reopened stream gets a new reader). A chunk is one message, so
 * the host reads at most PART_ITEMS rows per chunk whatever the consumer asked (chunks of "at most
 * chunkSize" stay true): the server deserialises and decodes one in a short turn of its event loop.
 */
export async function* pullStream<T>(
  supervisor: EngineSupervisor,
  kind: StreamKind,
  selection: StreamSelection,
  chunkSize: number,
  reader: (opened: OpenedStream) => (chunk: RowChunk) => T[],
): AsyncGenerator<T[]> {
  let delivered = false;
  let reopened = false;
  let finished = false;
  let current: { connection: EngineConnection; streamId: number; read: (chunk: RowChunk) => T[] } | undefined;
  let pulls: Array<Promise<IteratorResult<RowChunk>>> = [];
  const pull = (): void => {
    if (!current) return;
    const next = current.connection.call<IteratorResult<RowChunk>>('stream.next', [current.streamId]).result;
    // Pulls left unread when the consumer stops early must not become unhandled rejections.
    next.catch(() => undefined);
    pulls.push(next);
  };
  try {
    for (;;) {
      let next: IteratorResult<RowChunk>;
      try {
        if (!current) {
          const connection = await supervisor.connection();
          const opened = await connection.call<OpenedStream>('stream.open', [kind, selection, Math.min(chunkSize, PART_ITEMS)]).result;
          current = { connection, streamId: opened.streamId, read: reader(opened) };
          pulls = [];
          for (let i = 0; i < STREAM_PULLS_AHEAD; i += 1) pull();
        }
        next = await (pulls.shift() as Promise<IteratorResult<RowChunk>>);
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
      const records = current.read(next.value);
      delivered = true;
      if (records.length > 0) yield records;
    }
  } finally {
    if (!finished && current?.connection.alive) {
      const { connection, streamId } = current;
      await connection.call('stream.close', [streamId]).result.catch(() => undefined);
    }
  }
}
