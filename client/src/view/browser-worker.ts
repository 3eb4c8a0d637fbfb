/** Starts the layout web worker in the browser (layout-worker.js, built next to the page's script). */
import type { WorkerPort } from './layout-runner';

// The page's own script: the worker file is built next to it. Read while the bundle first runs, the only time
// document.currentScript points at it.
const SCRIPT_URL = document.currentScript instanceof HTMLScriptElement ? document.currentScript.src : null;

/** The URL of layout-worker.js next to the running bundle. */
export function defaultWorkerUrl(): string {
  return new URL('layout-worker.js', SCRIPT_URL ?? location.href).href;
}

/** A function that starts the worker at `url`, or null where the browser has no workers. */
export function browserWorker(url: string = defaultWorkerUrl()): (() => WorkerPort) | null {
  if (typeof Worker === 'undefined') return null;
  return () => new Worker(url) as unknown as WorkerPort;
}
