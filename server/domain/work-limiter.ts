/**
 * At most `max` pieces of heavy work at once; the rest wait their turn in order (a promise each, not a
 * blocked loop). Traversals on a large graph hold a ball of up to PATH_SEARCH_EDGE_BUDGET relationships
 * each: a hundred at once (100 connections asking 1M-relationship paths) grew the heap until garbage
 * collection held the event loop for 16 s, while a few at a time finish sooner each and keep memory bounded.
 * Answers kept by the read cache never wait here.
 */
export class WorkLimiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly max: number) {}

  /** Runs `work` once fewer than `max` others run; answers what it answers. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await work();
    } finally {
      // The turn passes straight to the next in line (running stays counted), or is given back.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  /** Work running and waiting now. */
  load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}
