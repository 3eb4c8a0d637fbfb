/**
 * The message area: API failures and notices, each with the server's code. It floats in the graph area's
 * top right corner, clear of the toolbar, the panels and the console, and messages leave by themselves
 * (notices after 6 s, errors after 12 s) unless the pointer or the keyboard focus is on them; × dismisses
 * one at once.
 */
import type { ActionContext, AppState } from '../state/app-state';
import { dismissMessage, type Message, type MessagesState } from '../state/messages/messages-state';
import { h, replaceChildren } from './dom';

export interface MessagePanel {
  render(state: AppState): void;
}

/** How long a message stays when nobody is reading it. */
export const MESSAGE_LIFETIME_MS: Readonly<Record<Message['level'], number>> = { info: 6_000, error: 12_000 };

/** Renders messages into `container` (an element of index.html with role="alert" semantics). */
export function createMessagePanel(container: HTMLElement, { store }: ActionContext): MessagePanel {
  let drawn: MessagesState | null = null;
  const timers = new Map<number, number>();
  let held = false;

  const schedule = (message: Message): void => {
    if (held || timers.has(message.id)) return;
    timers.set(message.id, window.setTimeout(() => {
      timers.delete(message.id);
      store.update(dismissMessage(message.id));
    }, MESSAGE_LIFETIME_MS[message.level]));
  };
  const hold = (): void => {
    held = true;
    for (const timer of timers.values()) window.clearTimeout(timer);
    timers.clear();
  };
  const release = (): void => {
    // Still reading: the pointer is over a message or one has the focus.
    if (container.matches(':hover') || container.contains(document.activeElement)) return;
    held = false;
    for (const message of drawn?.items ?? []) schedule(message);
  };
  container.addEventListener('pointerenter', hold);
  container.addEventListener('focusin', hold);
  container.addEventListener('pointerleave', release);
  container.addEventListener('focusout', () => window.setTimeout(release, 0));

  return {
    render(state) {
      if (state.messages === drawn) return;
      drawn = state.messages;
      const present = new Set(state.messages.items.map((m) => m.id));
      for (const [id, timer] of timers) {
        if (!present.has(id)) {
          window.clearTimeout(timer);
          timers.delete(id);
        }
      }
      for (const message of state.messages.items) schedule(message);
      container.hidden = state.messages.items.length === 0;
      replaceChildren(container, ...state.messages.items.map((message) => {
        const dismiss = h('button', { className: 'message-dismiss', attrs: { type: 'button', 'aria-label': 'Dismiss message' } }, '×');
        dismiss.addEventListener('click', () => store.update(dismissMessage(message.id)));
        return h('div', { className: `message message-${message.level}`, attrs: { role: message.level === 'error' ? 'alert' : 'status', 'data-code': message.code ?? '' } },
          h('div', { className: 'message-text' },
            h('strong', { className: 'message-title' }, message.title),
            ': ',
            h('span', { className: 'message-reason' }, message.text),
            message.code !== null ? h('code', { className: 'message-code' }, message.code) : null,
          ),
          dismiss,
        );
      }));
    },
  };
}
