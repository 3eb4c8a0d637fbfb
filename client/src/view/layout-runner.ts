/**
 * Runs large layouts in the layout web worker and answers with a promise. When the browser cannot start the
 * worker (a file:// page, a strict content policy) or the worker fails, the same layout runs on the main
 * thread instead: slower to feel, same picture. The worker is reached through the small WorkerPort interface
 * (browser-worker.ts makes one from a real Worker), so this module needs no DOM and runs in unit tests.
 */
import { runForceLayout, type ForceLayoutInput, type ForceLayoutResult } from './force-layout';
import type { LayoutReply, LayoutRequest } from './layout-messages';

export interface LayoutRunner {
  /** Lays out `input`; the typed arrays in it may be transferred to the worker and must not be reused. */
  run(input: ForceLayoutInput): Promise<ForceLayoutResult>;
  /** Where the last layout ran, for the status line and the benchmark. */
  lastPlace(): 'worker' | 'main-thread' | null;
}

/** The part of a Worker the runner uses. */
export interface WorkerPort {
  postMessage(message: LayoutRequest, transfer: ArrayBuffer[]): void;
  onmessage: ((event: { data: LayoutReply }) => void) | null;
  onerror: ((event: { preventDefault(): void }) => void) | null;
  terminate(): void;
}

/** A runner that lays out in the worker `startWorker` starts (null, or a throw: always on the main thread). */
export function createLayoutRunner(startWorker: (() => WorkerPort) | null): LayoutRunner {
  let worker: WorkerPort | null = null;
  let workerBroken = startWorker === null;
  let nextId = 1;
  let place: 'worker' | 'main-thread' | null = null;
  const pending = new Map<number, { input: ForceLayoutInput; resolve: (r: ForceLayoutResult) => void }>();

  function onMainThread(input: ForceLayoutInput): Promise<ForceLayoutResult> {
    place = 'main-thread';
    return Promise.resolve(runForceLayout(input));
  }

  /** Gives up on the worker and finishes everything it still owed on the main thread. */
  function abandonWorker(): void {
    workerBroken = true;
    worker?.terminate();
    worker = null;
    const owed = [...pending.values()];
    pending.clear();
    for (const { input, resolve } of owed) void onMainThread(input).then(resolve);
  }

  function ensureWorker(): WorkerPort | null {
    if (workerBroken || startWorker === null) return null;
    if (worker !== null) return worker;
    try {
      worker = startWorker();
    } catch {
      abandonWorker();
      return null;
    }
    worker.onmessage = (event) => {
      const reply = event.data;
      const waiting = pending.get(reply.id);
      if (waiting === undefined) return;
      pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.result);
      else void onMainThread(waiting.input).then(waiting.resolve);
    };
    // A worker that cannot load (404, blocked) reports it here, once, and never answers.
    worker.onerror = (event) => {
      event.preventDefault();
      abandonWorker();
    };
    return worker;
  }

  // Started now rather than at the first large view, so the worker's script is loaded by the time it is needed.
  ensureWorker();

  return {
    run(input) {
      const target = ensureWorker();
      if (target === null) return onMainThread(input);
      const id = nextId++;
      // Copies of the arrays are kept for the main-thread fallback; the originals are transferred.
      const kept: ForceLayoutInput = { ...input, sources: input.sources.slice(), targets: input.targets.slice() };
      return new Promise<ForceLayoutResult>((resolve) => {
        pending.set(id, { input: kept, resolve });
        place = 'worker';
        const request: LayoutRequest = { id, input };
        target.postMessage(request, [input.sources.buffer as ArrayBuffer, input.targets.buffer as ArrayBuffer]);
      });
    },
    lastPlace: () => place,
  };
}
