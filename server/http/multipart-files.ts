/**
 * Receives the files of a multipart/form-data import request onto disk (a temporary folder), streamed part
 * by part, so several files (nodes.csv + relationships.csv + documents.csv, or graph-seed articles) import
 * together and none is held in memory. Every refusal names the problem: a file too big, too many files,
 * a name that is not a .json/.csv/.zip file name, the same name twice, a truncated or malformed body.
 */
import { createWriteStream, promises as fs } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { InvalidRequestError } from '../domain/errors';

/** A file over the size limit: the route answers 413, as the raw-body parser does for a body too big. */
export class UploadTooLargeError extends Error {}

export interface ReceivedFiles {
  /** Folder holding the files; the caller removes it (removeReceived). */
  dir: string;
  files: Array<{ name: string; path: string }>;
}

export interface MultipartLimits {
  maxFiles: number;
  maxFileBytes: number;
}

export const IMPORT_FILE_NAME = /^[^/\\]+\.(json|csv|zip)$/i;

export function isMultipart(contentType: string | undefined): boolean {
  return (contentType ?? '').toLowerCase().startsWith('multipart/form-data');
}

export async function removeReceived(received: ReceivedFiles): Promise<void> {
  await fs.rm(received.dir, { recursive: true, force: true });
}

/** Streams every file part of `req` into a new temporary folder. @throws InvalidRequestError / UploadTooLargeError */
export async function receiveMultipartFiles(req: IncomingMessage, limits: MultipartLimits): Promise<ReceivedFiles> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'multivector-upload-'));
  const received: ReceivedFiles = { dir, files: [] };
  try {
    await new Promise<void>((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        // Field values and part headers are small; files are counted one past the limit so "too many" is seen.
        parser = busboy({
          headers: req.headers,
          limits: { files: limits.maxFiles + 1, fileSize: limits.maxFileBytes, fields: 20, fieldSize: 1024, parts: limits.maxFiles + 21 },
        });
      } catch (err) {
        reject(new InvalidRequestError(`The multipart body cannot be read: ${(err as Error).message}.`));
        return;
      }
      const writes: Array<Promise<void>> = [];
      let failure: Error | undefined;
      const fail = (err: Error): void => {
        if (failure) return;
        failure = err;
        req.unpipe(parser);
        req.resume();
        reject(err);
      };
      parser.on('file', (field, stream, info) => {
        const name = path.basename(info.filename ?? '');
        if (failure) {
          stream.resume();
          return;
        }
        if (received.files.length >= limits.maxFiles) {
          stream.resume();
          fail(new InvalidRequestError(`At most ${limits.maxFiles} files can be imported in one request.`));
          return;
        }
        if (!IMPORT_FILE_NAME.test(name) || [...name].some((c) => c.charCodeAt(0) < 0x20)) {
          stream.resume();
          fail(new InvalidRequestError(`File "${info.filename ?? ''}" (part "${field}"): the name must end in .json, .csv or .zip.`));
          return;
        }
        if (received.files.some((f) => f.name === name)) {
          stream.resume();
          fail(new InvalidRequestError(`File "${name}" is sent twice; give every file its own name.`));
          return;
        }
        const file = path.join(dir, `${received.files.length}-${name}`);
        received.files.push({ name, path: file });
        stream.on('limit', () => fail(new UploadTooLargeError(`File "${name}" is larger than ${limits.maxFileBytes} bytes; import it with npm run import.`)));
        writes.push(pipeline(stream, createWriteStream(file)).catch((err: Error) => fail(err)));
      });
      parser.on('filesLimit', () => fail(new InvalidRequestError(`At most ${limits.maxFiles} files can be imported in one request.`)));
      parser.on('partsLimit', () => fail(new InvalidRequestError('The multipart body has too many parts.')));
      parser.on('error', (err: Error) => fail(new InvalidRequestError(`The multipart body cannot be read: ${err.message}.`)));
      parser.on('close', () => {
        void Promise.all(writes).then(() => {
          if (failure) return;
          if (received.files.length === 0) fail(new InvalidRequestError('The multipart body has no file: send each file to import as a file part.'));
          else resolve();
        });
      });
      req.on('aborted', () => fail(new InvalidRequestError('The upload was interrupted before it was complete.')));
      req.pipe(parser);
    });
    return received;
  } catch (err) {
    await removeReceived(received);
    throw err;
  }
}
