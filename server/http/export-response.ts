/**
 * Sends a prepared export as a streamed download. The first chunk is produced before any header is sent,
 * so a writer that fails at once still gets a JSON error; later the writer is read only as fast as the
 * client takes the bytes (backpressure), a client that goes away stops the engine read, and a failure after
 * the first byte cuts the connection (the chunked body then has no terminating chunk, so no client takes
 * a half file for a whole one).
 */
import type { Response } from 'express';
import { EXPORT_MEDIA, writerFor } from '../export/export-writer';
import { exportFileName, type PreparedExport } from '../domain/export-selection';

/** RFC 5987 / 8187 value characters: what encodeURIComponent leaves plus nothing of '()*. */
function encodeExtValue(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `attachment; filename="..."`, plus RFC 6266's `filename*` when the name is not plain ASCII. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7E]/g, '_').replace(/["\\]/g, '_');
  if (ascii === fileName) return `attachment; filename="${ascii}"`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeExtValue(fileName)}`;
}

/** A signal aborted when the response closes before it finished (the client went away). */
export function clientGone(res: Response): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort(new Error('The client closed the connection.'));
  });
  return controller.signal;
}

function waitForDrainOrClose(res: Response): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Streams `prepared` to `res`. Rejects (for the error mapper) only while nothing has been sent; once the
 * response has started, errors are logged and the socket destroyed.
 */
export async function sendExport(res: Response, prepared: PreparedExport, log: (message: string, err?: unknown) => void): Promise<void> {
  const chunks = writerFor(prepared.format)(prepared.input)[Symbol.asyncIterator]();
  let first: IteratorResult<Uint8Array | string>;
  try {
    first = await chunks.next();
  } catch (err) {
    // Stopped because the client left (see clientGone): nobody to answer.
    if (res.destroyed) return;
    throw err;
  }
  let closed = false;
  res.on('close', () => {
    closed = true;
  });
  // The client may have gone away while the selection was resolved; 'close' has then been emitted already.
  if (res.destroyed) closed = true;
  res.status(200);
  res.setHeader('Content-Type', EXPORT_MEDIA[prepared.format].contentType);
  res.setHeader('Content-Disposition', contentDisposition(exportFileName(prepared)));
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  try {
    let step = first;
    while (!step.done && !closed) {
      if (!res.write(step.value)) await waitForDrainOrClose(res);
      if (closed) break;
      step = await chunks.next();
    }
    if (closed) {
      // The client went away: stop the writer, which releases the engine's result.
      await chunks.return?.(undefined);
      return;
    }
    res.end();
  } catch (err) {
    // A read stopped because the client left is not a failure worth logging.
    if (!closed) log(`Export "${prepared.title}" (${prepared.format}) failed after the response started; the connection was cut.`, err);
    res.destroy(err instanceof Error ? err : new Error(String(err)));
    await chunks.return?.(undefined).catch(() => undefined);
  }
}
