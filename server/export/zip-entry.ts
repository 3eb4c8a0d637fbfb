/**
 * A zip entry for fflate's streaming `Zip` whose data is DEFLATE-compressed by Node's zlib on the libuv
 * thread pool, several blocks at once, while the writer goes on producing text on the main thread.
 * (fflate's own ZipDeflate compresses in JavaScript on the main thread at about 40 MB/s here; native zlib
 * level 1 does about 85 MB/s per thread.) Each block is compressed on its own and ends with a sync flush, so
 * the blocks concatenate into one valid raw DEFLATE stream; the last one ends it. Matches lose at most the
 * 32 KB window at each block boundary, which costs about 1% of size with blocks of 256 KB.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { AsyncFlateStreamHandler, ZipInputFile } from 'fflate';

const deflateRaw = promisify(zlib.deflateRaw);
/** Blocks being compressed at once: enough to keep the thread pool busy, few enough to keep memory flat. */
const IN_FLIGHT = 4;

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[i] = c;
  }
  return table;
})();

// zlib.crc32 is native from Node 20.15; older Node 20 gets the table version.
const crc32: (data: Uint8Array, value: number) => number =
  typeof zlib.crc32 === 'function'
    ? (data, value) => zlib.crc32(data, value)
    : (data, value) => {
        let c = ~value;
        for (let i = 0; i < data.length; i++) c = (CRC_TABLE[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
        return ~c >>> 0;
      };

export class ParallelDeflateEntry implements ZipInputFile {
  readonly compression = 8;
  size = 0;
  crc = 0;
  /** Set by `Zip.add`. */
  ondata?: AsyncFlateStreamHandler;
  private readonly inFlight: Promise<void>[] = [];
  private emitted: Promise<void> = Promise.resolve();

  constructor(
    readonly filename: string,
    private readonly level = 1,
  ) {}

  /**
   * Adds a block (the last with `final`); resolves when the entry can take another, that is when fewer than
   * IN_FLIGHT blocks are waiting. Compressed blocks reach the zip in order.
   */
  async push(block: Uint8Array, final = false): Promise<void> {
    this.size += block.length;
    this.crc = crc32(block, this.crc);
    const compressed = deflateRaw(block, {
      level: this.level,
      chunkSize: 128 * 1024,
      finishFlush: final ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
    });
    const emitted = this.emitted.then(async () => {
      if (!this.ondata) throw new Error(`zip entry ${this.filename} was not added to a Zip`);
      this.ondata(null, await compressed, final);
    });
    // A failure surfaces where the writer awaits the block, not as an unhandled rejection before that.
    compressed.catch(() => undefined);
    emitted.catch(() => undefined);
    this.emitted = emitted;
    this.inFlight.push(emitted);
    const limit = final ? 1 : IN_FLIGHT;
    while (this.inFlight.length >= limit) await this.inFlight.shift();
  }
}
