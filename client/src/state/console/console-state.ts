/**
 * The Cypher console: whether it is open, the last answer (rows and the graph they mention) or the
 * engine's refusal with its position, the history of queries run (kept in localStorage by the actions),
 * how the answer is shown (table or graph, how many rows) and which row the user picked.
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
  /** The answer as a table, or as its graph (the canvas, given the room; the drawer keeps its header). */
  readonly view: ConsoleView;
  /** How many rows the table draws; more on request, so a long answer does not build thousands of rows at once. */
  readonly shownRows: number;
  /** The row whose elements are selected on the canvas, while the canvas selection is still the one it made. */
  readonly activeRow: ActiveRow | null;
}

export const CONSOLE_VIEWS = ['table', 'graph'] as const;
export type ConsoleView = (typeof CONSOLE_VIEWS)[number];

export interface ActiveRow {
  readonly index: number;
  readonly nodeIds: readonly string[];
  readonly edgeIds: readonly string[];
  /** The selection revision the row's pick made: any later selection (a tap, Esc) ends the row's highlight. */
  readonly selectionRevision: number;
}

/** Rows drawn at first, and added by each "show more". */
export const ROWS_PER_PAGE = 200;

export const MAX_HISTORY = 50;

export const initialConsoleState: ConsoleState = {
  open: false,
  status: 'idle',
  query: null,
  result: null,
  error: null,
  history: [],
  view: 'table',
  shownRows: ROWS_PER_PAGE,
  activeRow: null,
};

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
  return (state) => withConsole(state, { status: 'ready', result, error: null, shownRows: ROWS_PER_PAGE, activeRow: null });
}

export function setConsoleView(view: ConsoleView): (state: AppState) => AppState {
  return (state) => (state.console.view === view ? state : withConsole(state, { view }));
}

export function showMoreRows(state: AppState): AppState {
  return withConsole(state, { shownRows: state.console.shownRows + ROWS_PER_PAGE });
}

/** Marks `row` as picked, with the selection revision its pick made (see ActiveRow). */
export function setActiveRow(row: Omit<ActiveRow, 'selectionRevision'>): (state: AppState) => AppState {
  return (state) => withConsole(state, { activeRow: { ...row, selectionRevision: state.selection.revision } });
}

/** The picked row, or null once another selection replaced the one the row made. */
export function currentActiveRow(state: AppState): ActiveRow | null {
  const row = state.console.activeRow;
  return row !== null && row.selectionRevision === state.selection.revision ? row : null;
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
  return (state) => withConsole(state, { status: 'failed', result: null, error: toConsoleError(error), activeRow: null });
}
