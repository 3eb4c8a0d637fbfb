/**
 * Event-loop delay, logged every `intervalMs` when EVENT_LOOP_LOG_MS is set: the worst and the 99th
 * percentile delay of the loop over the interval (perf_hooks.monitorEventLoopDelay), so a load run can tell
 * a request that holds the loop (a stall: every other request waits for it) from requests that merely
 * queue. `npm run load` reads these lines per scenario. Off by default: the histogram costs a timer.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** The line's prefix, which bench/load/run-load.mjs looks for. */
export const EVENT_LOOP_LINE = 'Event loop delay:';

/** Starts logging; answers a function that stops it. */
export function logEventLoopDelay(intervalMs: number, log: (message: string) => void): () => void {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const ms = (ns: number): string => (ns / 1e6).toFixed(1);
  const timer = setInterval(() => {
    log(`${EVENT_LOOP_LINE} max ${ms(histogram.max)} ms, p99 ${ms(histogram.percentile(99))} ms, mean ${ms(histogram.mean)} ms over ${intervalMs} ms`);
    histogram.reset();
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    histogram.disable();
  };
}
