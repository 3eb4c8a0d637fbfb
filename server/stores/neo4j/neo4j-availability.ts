/**
 * Whether Neo4j is known to be reachable. A connection failure marks it down; while it is down every call
 * fails at once with the last connection error instead of waiting on the network, and a background probe
 * (one cheap query every `intervalMs`) marks it up again as soon as Neo4j answers. Requests never probe:
 * during an outage they cost nothing and say why at once, and the app recovers by itself.
 */
import { EngineUnavailableError } from '../../domain/errors';

/** Pause between two probes while Neo4j is down: recovery is noticed within about this long. */
export const PROBE_INTERVAL_MS = 1_000;
/** A probe that has not answered by then counts as failed: a frozen server must not stop the probing. */
const PROBE_DEADLINE_MS = 10_000;

export class Neo4jAvailability {
  private down: EngineUnavailableError | undefined;
  private timer: NodeJS.Timeout | undefined;
  private probing = false;
  private closed = false;

  /**
   * @param probe resolves when Neo4j answers; rejects with an EngineUnavailableError while it cannot be
   *   reached (any other failure means it answered, so it counts as up).
   */
  constructor(
    private readonly probe: () => Promise<void>,
    private readonly intervalMs = PROBE_INTERVAL_MS,
  ) {}

  /** True while a connection failure was the last word on Neo4j. */
  get isDown(): boolean {
    return this.down !== undefined;
  }

  /** Throws the last connection error while Neo4j is known to be down; returns at once otherwise. */
  assertUp(): void {
    if (this.down) throw this.down;
  }

  /** Records a connection failure: calls fail fast from now on, and the probe starts. */
  markDown(error: EngineUnavailableError): void {
    this.down = error;
    this.schedule();
  }

  /** Stops the probe for good (the store is closing). */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.closed || this.timer || this.probing) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runProbe();
    }, this.intervalMs);
    // The probe must not keep a process alive that has nothing else to do.
    this.timer.unref();
  }

  private async runProbe(): Promise<void> {
    if (this.closed || !this.down) return;
    this.probing = true;
    let deadline: NodeJS.Timeout | undefined;
    try {
      const down = this.down;
      await Promise.race([
        this.probe(),
        new Promise<never>((_resolve, reject) => {
          deadline = setTimeout(() => reject(down), PROBE_DEADLINE_MS);
          deadline.unref();
        }),
      ]);
      this.down = undefined;
    } catch (err) {
      // Keep the newest reason (refused, timed out, credentials), so 503s say what is wrong now.
      if (err instanceof EngineUnavailableError) this.down = err;
      else this.down = undefined;
    } finally {
      clearTimeout(deadline);
      this.probing = false;
      if (this.down) this.schedule();
    }
  }
}
