/**
 * Batches the many small strings a writer produces into chunks of about 64 K characters, so a stream
 * yields (and an HTTP response writes) a few large chunks rather than one per element.
 */
export const CHUNK_CHARS = 64 * 1024;

export class ChunkBuffer {
  // V8 concatenates into a rope and flattens it once, on first use: cheaper than collecting parts and joining.
  private text = '';

  constructor(private readonly limit: number = CHUNK_CHARS) {}

  push(text: string): void {
    this.text += text;
  }

  /** True once the buffer holds a chunk's worth: the writer should yield `take()`. */
  get full(): boolean {
    return this.text.length >= this.limit;
  }

  /** The buffered text, emptying the buffer. */
  take(): string {
    const text = this.text;
    this.text = '';
    return text;
  }
}
