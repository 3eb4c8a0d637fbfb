/**
 * Drives the sliced searches of the graph index (path candidates, ties) so that, however many run at once,
 * the event loop runs about one slice of them per turn. With each search resuming on a setImmediate of its
 * own, Node runs every immediate queued in one check phase back to back: four searches under way meant a
 * 40 ms phase, a hundred connections several hundred. Here one immediate runs one slice, and the searches
 * take turns in arrival order (round robin), so each search's answer waits longer when many are under way
 * but every other request (and the health probe) gets the loop within about a slice.
 *
 * A search's first slice runs at once, in the turn that asked for it (most searches end within it, and an
 * idle server then pays no immediate), unless the current turn already spent a slice's worth on first
 * slices or searches are waiting: then it queues behind them.
 */
import { performance } from 'node:perf_hooks';
import { SLICE_MS, type SliceClock } from './slice-clock';

interface Task {
  steps: Generator<void, unknown>;
  clock: SliceClock;
  settle(step: IteratorResult<void, unknown>): boolean;
  fail(err: unknown): void;
}

const queue: Task[] = [];
let driving = false;
/** Time spent this turn in first slices run at once; reset by the next check phase. */
let spentThisTurn = 0;
let resetScheduled = false;

function noteSpent(ms: number): void {
  spentThisTurn += ms;
  if (!resetScheduled) {
    resetScheduled = true;
    setImmediate(() => {
      spentThisTurn = 0;
      resetScheduled = false;
    });
  }
}

/** Runs one slice of `task`; true when it has ended (answered or failed). */
function runSlice(task: Task): boolean {
  try {
    return task.settle(task.steps.next());
  } catch (err: unknown) {
    task.fail(err);
    return true;
  }
}

function drive(): void {
  const task = queue.shift();
  if (task) {
    task.clock.restart();
    if (!runSlice(task)) queue.push(task);
  }
  if (queue.length > 0) setImmediate(drive);
  else driving = false;
}

function enqueue(task: Task): void {
  queue.push(task);
  if (!driving) {
    driving = true;
    setImmediate(drive);
  }
}

/**
 * Runs a sliced pass (a generator that pauses on `clock`) to its end, its slices taking turns with every
 * other pass driven here; resolves with what it returns.
 */
export function runInTurns<T>(steps: Generator<void, T>, clock: SliceClock): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const task: Task = {
      steps,
      clock,
      settle: (step) => {
        if (!step.done) return false;
        resolve(step.value as T);
        return true;
      },
      fail: reject,
    };
    if (queue.length > 0 || spentThisTurn >= SLICE_MS) {
      enqueue(task);
      return;
    }
    clock.restart();
    const t = performance.now();
    const ended = runSlice(task);
    noteSpent(performance.now() - t);
    if (!ended) enqueue(task);
  });
}
