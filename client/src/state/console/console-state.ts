/**
 * The Cypher console: whether it is open, the last answer (rows and the graph they mention) or the
 * engine's refusal with its position, and the history of queries run (kept in localStorage by the actions).
 */
import type { CypherResult } from '../../../../server/domain/graph-model';
import { ApiRequestError } from '../../api/api-client';
import type { AppState } from '../app-state';
import type { LoadStatus } from '../graph/graph-state';

export interface ConsoleError {
  readonly code: string;
  readonly message: string;
  /** 1-based position of the problem in the query, when the guard or the engine gave one. */
  readonly line: number | null;
  readonly column: number | null;
}

export interface ConsoleState {
  readonly open: boolean;
  readonly status: LoadStatus;
  readonly query: string | null;
  readonly result: CypherResult | null;
  readonly error: ConsoleError | null;
  /** Most recent first, without repeats. */
  readonly history: readonly string[];
}

export const MAX_HISTORY = 50;

export const initialConsoleState: ConsoleState = { open: false, status: 'idle', query: null, result: null, error: null, history: [] };

function withConsole(state: AppState, patch: Partial<ConsoleState>): AppState {
  return { ...state, console: { ...state.console, ...patch } };
}

export function setConsoleOpen(open: boolean): (state: AppState) => AppState {
  return (state) => (state.console.open === open ? state : withConsole(state, { open }));
}

export function setConsoleHistory(history: readonly string[]): (state: AppState) => AppState {
  return (state) => withConsole(state, { history: history.slice(0, MAX_HISTORY) });
}

/** The history after running `query`: it goes first, an older copy of it is dropped. */
export function rememberQuery(history: readonly string[], query: string): string[] {
  const text = query.trim();
  return [text, ...history.filter((q) => q !== text)].slice(0, MAX_HISTORY);
}

export function startConsoleQuery(query: string): (state: AppState) => AppState {
  return (state) => withConsole(state, { status: 'loading', query, error: null, history: rememberQuery(state.console.history, query) });
}

export function setConsoleResult(result: CypherResult): (state: AppState) => AppState {
  return (state) => withConsole(state, { status: 'ready', result, error: null });
}

function numberIn(details: unknown, key: string): number | null {
  if (typeof details !== 'object' || details === null) return null;
  const value = (details as Record<string, unknown>)[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The console's view of a failure: the API's code and words, and the position when the details carry one. */
export function toConsoleError(error: unknown): ConsoleError {
  if (error instanceof ApiRequestError) {
    return { code: error.code, message: error.message, line: numberIn(error.details, 'line'), column: numberIn(error.details, 'column') };
  }
  return { code: 'client_error', message: error instanceof Error ? error.message : String(error), line: null, column: null };
}

export function failConsoleQuery(error: unknown): (state: AppState) => AppState {
  return (state) => withConsole(state, { status: 'failed', result: null, error: toConsoleError(error) });
}
