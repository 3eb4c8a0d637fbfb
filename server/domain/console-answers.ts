/**
 * Console answers kept per graph stamp (see stamped-cache.ts): the console is read-only, so the same query
 * with the same parameters over the same graph answers the same rows, and a team running a shared query
 * need not send it to the engine each time. A hit still reports its own elapsed time (how long this answer
 * took), so `elapsedMs` never claims an engine time that was not spent.
 *
 * Not kept: queries that may answer differently over the same graph (random numbers, the clock), and every
 * failure (refusals, timeouts, engine errors are computed again). Concurrent misses of one query share one
 * computation: the guard parses synchronously, and a hundred parses of one text in one turn of the loop
 * stalled it for over half a second under load. The console's guard is not skipped by a
 * hit in any way that matters: the kept answer passed the same guard with the same limits for the same text.
 */
import type { CypherResult } from './graph-model';
import type { GraphStore } from './ports/graph-store';
import { runConsoleQuery, type ConsoleLimits } from './cypher-console';
import { StampedCache } from './stamped-cache';
import { RequestAbortedError } from './errors';

/** Functions whose answer depends on more than the graph: a query naming one is never answered from the cache. */
const UNREPEATABLE_CALL = /\b(rand|random|randomuuid|gen_random_uuid|uuid|timestamp|current_date|current_timestamp|date|datetime|localdatetime|time|localtime|now)\s*\(/i;

/** True when the query's answer depends only on the graph and its parameters (so it may be kept). */
export function isRepeatableQuery(query: string): boolean {
  return !UNREPEATABLE_CALL.test(query);
}

export interface ConsoleAnswerSettings {
  /** Bytes of answers kept (their JSON length); 0: every query goes to the engine. */
  maxBytes: number;
  /** After this long a kept answer is not used (writers the app cannot see); 0 means never. */
  maxAgeMs: number;
  stamp(): string | undefined;
  now?(): number;
}

interface Kept {
  result: CypherResult;
  bytes: number;
  at: number;
}

export class ConsoleAnswers {
  private readonly kept: StampedCache<Kept>;
  /** Misses being computed, by stamp and key: a hundred clients sending one query at once parse it once. */
  private readonly pending = new Map<string, Promise<CypherResult>>();
  private readonly now: () => number;

  constructor(
    private readonly store: GraphStore,
    private readonly limits: ConsoleLimits,
    private readonly settings: ConsoleAnswerSettings,
  ) {
    this.kept = new StampedCache<Kept>(settings.maxBytes, (k) => k.bytes);
    this.now = settings.now ?? Date.now;
  }

  /** runConsoleQuery, answered from the cache when the same query and parameters ran under the current stamp. */
  async run(query: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<CypherResult> {
    if (this.settings.maxBytes <= 0 || !isRepeatableQuery(query)) return runConsoleQuery(this.store, query, params, this.limits, signal);
    const started = performance.now();
    let key: string;
    try {
      key = JSON.stringify([query, params]);
    } catch {
      // Parameters JSON cannot write (nested past the stack's depth): the console's own checks refuse them with a 400.
      return runConsoleQuery(this.store, query, params, this.limits, signal);
    }
    const stamp = this.settings.stamp();
    const hit = this.kept.get(key, stamp);
    if (hit && (this.settings.maxAgeMs <= 0 || this.now() - hit.at < this.settings.maxAgeMs)) {
      return { ...hit.result, elapsedMs: Math.round((performance.now() - started) * 10) / 10 };
    }
    const flightKey = `${stamp}\n${key}`;
    const shared = stamp === undefined ? undefined : this.pending.get(flightKey);
    if (shared) {
      try {
        return { ...(await shared), elapsedMs: Math.round((performance.now() - started) * 10) / 10 };
      } catch (err) {
        // The computation belonged to a client that left: this one still wants its answer.
        if (!(err instanceof RequestAbortedError) || signal?.aborted) throw err;
        return this.compute(query, params, key, stamp, signal);
      }
    }
    const computing = this.compute(query, params, key, stamp, signal);
    if (stamp === undefined) return computing;
    this.pending.set(flightKey, computing);
    try {
      return await computing;
    } finally {
      this.pending.delete(flightKey);
    }
  }

  private async compute(query: string, params: Record<string, unknown>, key: string, stamp: string | undefined, signal?: AbortSignal): Promise<CypherResult> {
    const result = await runConsoleQuery(this.store, query, params, this.limits, signal);
    this.kept.set(key, stamp, this.settings.stamp(), { result, bytes: key.length + JSON.stringify(result).length, at: this.now() });
    return result;
  }
}
