/**
 * A zip entry for fflate's streaming `Zip` whose data is DEFLATE-compressed by Node's zlib (native, on the
 * libuv thread pool) in one stream per entry, while the writer goes on producing text on the main thread.
 * fflate's own ZipDeflate compresses in JavaScript on the main thread (about 40 MB/s here); zlib at level 1
 * does about 200 MB/s on one pool thread, and a single stream per entry costs the main thread far less than
 * a compression call per block (one zlib handle, no stream set up per block). CRC-32 is zlib's native one.
 *
 * fflate writes a plain (not zip64) archive: sizes and offsets are 32-bit. `ZIP32_LIMIT` is where an entry
 * or the archive stops fitting; the CSV writer fails with a clear error before that rather than write a
 * zip whose sizes have wrapped around.
 */
import zlib from 'node:zlib';
import type { AsyncFlateStreamHandler, ZipInputFile } from 'fflate';

/** The largest size or offset a zip without zip64 records can hold. */
export const ZIP32_LIMIT = 0xffff_ffff;
/** Uncompressed bytes queued for compression before `push` waits: four blocks of 256 KB in flight. */
const QUEUED_BYTES = 1024 * 1024;
const OUTPUT_CHUNK_BYTES = 64 * 1024;

export class ZipTooLargeError extends Error {}

export class NativeDeflateEntry implements ZipInputFile {
  readonly compression = 8;
  size = 0;
  crc = 0;
  /** Set by `Zip.add`. */
  ondata?: AsyncFlateStreamHandler;
  private readonly deflate: zlib.DeflateRaw;
  private readonly finished: Promise<void>;
  private failure: Error | undefined;

  constructor(
    readonly filename: string,
    level: number,
  ) {
    // zlib passes stream options on to its Transform; @types/node's ZlibOptions does not list them.
    const options: zlib.ZlibOptions & { writableHighWaterMark: number } = { level, chunkSize: OUTPUT_CHUNK_BYTES, writableHighWaterMark: QUEUED_BYTES };
    this.deflate = zlib.createDeflateRaw(options);
    // zlib's output chunks are Buffers over their own ArrayBuffer.
    this.deflate.on('data', (chunk: Buffer<ArrayBuffer>) => this.emit(chunk, false));
    this.finished = new Promise<void>((resolve, reject) => {
      this.deflate.once('end', () => {
        this.emit(new Uint8Array(0), true);
        resolve();
      });
      this.deflate.once('error', (err: Error) => {
        this.failure = err;
        reject(err);
      });
    });
    // A failure surfaces where the writer awaits a push, not as an unhandled rejection before that.
    this.finished.catch(() => undefined);
  }

  private emit(chunk: Uint8Array<ArrayBuffer>, final: boolean): void {
    if (!this.ondata) throw new Error(`zip entry ${this.filename} was not added to a Zip`);
    this.ondata(null, chunk, final);
  }

  /** Frees the compressor of an entry left unfinished (the export stopped early). */
  discard(): void {
    this.deflate.destroy();
  }

  /**
   * Adds bytes (the last ones with `final`, which resolves once the entry is complete). Resolves at once
   * while less than a megabyte waits for the compressor, else when it has caught up.
   */
  async push(bytes: Uint8Array, final = false): Promise<void> {
    if (this.failure) throw this.failure;
    this.size += bytes.length;
    if (this.size > ZIP32_LIMIT) throw new ZipTooLargeError(`${this.filename} is larger than 4 GB, more than a zip without zip64 can hold`);
    this.crc = zlib.crc32(bytes, this.crc);
    const room = this.deflate.write(bytes);
    if (final) {
      this.deflate.end();
      await this.finished;
    } else if (!room) {
      await new Promise<void>((resolve, reject) => {
        const done = (err?: Error): void => {
          this.deflate.off('drain', done);
          this.deflate.off('error', done);
          if (err) reject(err);
          else resolve();
        };
        this.deflate.on('drain', done);
        this.deflate.on('error', done);
      });
    }
  }
}
