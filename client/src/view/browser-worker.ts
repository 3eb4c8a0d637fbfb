/** Starts the layout web worker in the browser (layout-worker.js, built next to the page's script). */
import type { WorkerPort } from './layout-runner';

/**
 * The page's own script: the worker file is built next to it. A classic script (the benchmark page) is
 * document.currentScript while the bundle first runs; an ES module (the app's main.js) has none, so its
 * <script type="module"> element is looked up instead. Code splitting may put this module in a chunk under
 * chunks/, so import.meta.url would point at the wrong folder.
 */
function pageScriptUrl(): string | null {
  if (document.currentScript instanceof HTMLScriptElement) return document.currentScript.src;
  const entry = document.querySelector<HTMLScriptElement>('script[type="module"][src$="main.js"]');
  return entry === null || entry.src === '' ? null : entry.src;
}

const SCRIPT_URL = pageScriptUrl();

/** The URL of layout-worker.js next to the running bundle. */
export function defaultWorkerUrl(): string {
  return new URL('layout-worker.js', SCRIPT_URL ?? location.href).href;
}

/** A function that starts the worker at `url`, or null where the browser has no workers. */
export function browserWorker(url: string = defaultWorkerUrl()): (() => WorkerPort) | null {
  if (typeof Worker === 'undefined') return null;
  return () => new Worker(url) as unknown as WorkerPort;
}
