/** The message area: API failures and notices, each with the server's code, until the user dismisses it. */
import type { ActionContext, AppState } from '../state/app-state';
import { dismissMessage, type MessagesState } from '../state/messages/messages-state';
import { h, replaceChildren } from './dom';

export interface MessagePanel {
  render(state: AppState): void;
}

/** Renders messages into `container` (an element of index.html with role="alert" semantics). */
export function createMessagePanel(container: HTMLElement, { store }: ActionContext): MessagePanel {
  let drawn: MessagesState | null = null;
  return {
    render(state) {
      if (state.messages === drawn) return;
      drawn = state.messages;
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
