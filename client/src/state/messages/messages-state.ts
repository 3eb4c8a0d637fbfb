/**
 * Messages shown to the user in the message area: every API failure ends here, with the server's code and
 * words, so nothing fails silently. Producers only; the message panel renders them.
 */
import { ApiRequestError, isAbortError } from '../../api/api-client';
import type { AppState } from '../app-state';

export type MessageLevel = 'error' | 'info';

export interface Message {
  readonly id: number;
  readonly level: MessageLevel;
  /** What the user was doing, e.g. "Could not find paths". */
  readonly title: string;
  /** The reason, in the server's words when it gave one. */
  readonly text: string;
  /** The API error code ("invalid_request", "not_found", ...), when there is one. */
  readonly code: string | null;
}

export interface MessagesState {
  readonly items: readonly Message[];
  readonly nextId: number;
}

export const initialMessagesState: MessagesState = { items: [], nextId: 1 };

// Older messages drop off so a burst of failures cannot push the page content away.
const MAX_MESSAGES = 4;

/** The reason and code of any thrown value, in words fit for the message area. */
export function describeError(error: unknown): { text: string; code: string | null } {
  if (error instanceof ApiRequestError) return { text: error.message, code: error.code };
  if (error instanceof Error) return { text: error.message, code: null };
  return { text: String(error), code: null };
}

function addMessage(state: AppState, level: MessageLevel, title: string, text: string, code: string | null): AppState {
  const { items, nextId } = state.messages;
  const message: Message = { id: nextId, level, title, text, code };
  return { ...state, messages: { items: [...items, message].slice(-MAX_MESSAGES), nextId: nextId + 1 } };
}

/**
 * Adds an error message for a failed step; `error` is whatever was thrown. A request the page itself
 * cancelled (a newer one replaced it) is no failure: it adds nothing.
 */
export function showError(title: string, error: unknown): (state: AppState) => AppState {
  if (isAbortError(error)) return (state) => state;
  const { text, code } = describeError(error);
  return (state) => addMessage(state, 'error', title, text, code);
}

/** Adds an informational message (no failure, something the user should know). */
export function showInfo(title: string, text: string): (state: AppState) => AppState {
  return (state) => addMessage(state, 'info', title, text, null);
}

export function dismissMessage(id: number): (state: AppState) => AppState {
  return (state) => {
    if (!state.messages.items.some((m) => m.id === id)) return state;
    return { ...state, messages: { ...state.messages, items: state.messages.items.filter((m) => m.id !== id) } };
  };
}
