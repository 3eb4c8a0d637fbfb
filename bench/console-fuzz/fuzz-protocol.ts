/**
 * The messages between the console fuzz runner (crash-runner.ts) and its engine child (fuzz-worker.ts):
 * one query per message, so a crash is pinned on the query that was running.
 */

/**
 * What became of one console query: refused by the guard, failed in the engine (an error answer), stopped
 * by the console's timeout, answered with rows, killed the engine process, or left it silent past the
 * runner's own limit (the child is then killed and restarted, like a crash).
 */
export const OUTCOMES = ['refused', 'failed', 'timeout', 'answered', 'crashed', 'hung'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface RunRequest {
  kind: 'run';
  id: number;
  query: string;
  params: Record<string, unknown>;
}

export interface RunAnswer {
  kind: 'answer';
  id: number;
  outcome: Exclude<Outcome, 'crashed' | 'hung'>;
  /** The domain error's code, when the query did not answer. */
  code?: string;
  message?: string;
  details?: unknown;
  rows?: number;
}

export interface ReadyMessage {
  kind: 'ready';
  nodes: number;
}

export type WorkerMessage = RunAnswer | ReadyMessage;
