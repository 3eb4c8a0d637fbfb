/**
 * Runs large layouts in the layout web worker and answers with a promise. When the browser cannot start the
 * worker (a file:// page, a strict content policy) or the worker fails, the same layout runs on the main
 * thread instead: slower to feel, same picture.
 */
import { runForceLayout, type ForceLayoutInput, type ForceLayoutResult } from './force-layout';
import type { LayoutReply, LayoutRequest } from './layout-messages';

export interface LayoutRunner {
  /** Lays out `input`; the typed arrays in it may be transferred to the worker and must not be reused. */
  run(input: ForceLayoutInput): Promise<ForceLayoutResult>;
  /** Where the last layout ran, for the status line and the benchmark. */
  lastPlace(): 'worker' | 'main-thread' | null;
}

// The page's own script: the worker file is built next to it. Read while the bundle first runs, the only time
// document.currentScript points at it.
const SCRIPT_URL =
  typeof document !== 'undefined' && document.currentScript instanceof HTMLScriptElement ? document.currentScript.src : null;

/** The URL of layout-worker.js next to the running bundle. */
export function defaultWorkerUrl(): string | null {
  if (typeof location === 'undefined') return null;
  return new URL('layout-worker.js', SCRIPT_URL ?? location.href).href;
}

/** A runner that uses the worker at `workerUrl` (null: always the main thread). */
export function createLayoutRunner(workerUrl: string | null = defaultWorkerUrl()): LayoutRunner {
  let worker: Worker | null = null;
  let workerBroken = workerUrl === null || typeof Worker === 'undefined';
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

  function ensureWorker(): Worker | null {
    if (workerBroken) return null;
    if (worker !== null) return worker;
    try {
      worker = new Worker(workerUrl as string);
    } catch {
      abandonWorker();
      return null;
    }
    worker.onmessage = (event: MessageEvent<LayoutReply>) => {
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
        target.postMessage(request, [input.sources.buffer, input.targets.buffer]);
      });
    },
    lastPlace: () => place,
  };
}
