/**
 * Cuts the index's long synchronous passes (a million relationships each, or a path search) into turns of
 * the event loop: a pass written as a generator asks `due()` every CHECK_EVERY iterations (or counts its work
 * with `tick()`) and, once its slice has run for `sliceMs`, `yield* pause()`s. Whoever drives the generator
 * decides what a pause is: sealInSteps awaits a setImmediate, turn-queue.ts gives the turn to the next
 * search, seal() just goes on. Time, not a row count, decides, because the same pass costs several
 * times more on a busy machine.
 */
import { performance } from 'node:perf_hooks';

/** How long one slice may run: well under the 50 ms stall the server must not exceed, even with GC on top. */
export const SLICE_MS = 10;

/** Iterations between clock reads (a power of two minus one, for `(i & CHECK_EVERY) === 0`). */
export const CHECK_EVERY = 0x1fff;

export class SliceClock {
  private started = performance.now();
  private work = 0;
  private checkAt: number;

  /** `checkEvery`: work between clock reads in tick() (0: read the clock at every tick, as tests want). */
  constructor(
    private readonly sliceMs = SLICE_MS,
    private readonly checkEvery = CHECK_EVERY,
  ) {
    this.checkAt = checkEvery;
  }

  /** True once this slice has run for its time. */
  due(): boolean {
    return performance.now() - this.started >= this.sliceMs;
  }

  /**
   * Counts `work` (iterations, or what one step cost in them); true when the clock was read (once checkEvery
   * work has been counted since the last read) and the slice is due. A step that may cost thousands of
   * iterations (sorting a hub's neighbours) says so, or the clock would be read too late.
   */
  tick(work = 1): boolean {
    this.work += work;
    if (this.work < this.checkAt) return false;
    this.checkAt = this.work + this.checkEvery;
    return this.due();
  }

  /** Starts a slice now (a driver that resumes a pass from elsewhere than pause()). */
  restart(): void {
    this.started = performance.now();
  }

  /** Ends the slice: the driver pauses at the yield, and the next slice starts when it resumes. */
  *pause(): Generator<void, void> {
    yield;
    this.started = performance.now();
  }
}

/** Runs a sliced pass to its end without pausing (for callers that want the answer in this turn). */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}
