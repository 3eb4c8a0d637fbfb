/**
 * A search-as-you-type node picker (an ARIA combobox): it asks the search API after a short pause in typing,
 * lists the best matches with their kind, and reports the one chosen. Used by the search panel and by both
 * ends of the path tracer. The suggestion list is this widget's own passing state (what the user is typing),
 * not application state; what the user chooses is handed to the caller, who puts it in the store.
 */
import type { DocumentPassage, GraphNode, SearchPassage } from '../../../server/domain/graph-model';
import { foldText } from '../../../server/domain/text-folding';
import { isAbortError, type ApiClient } from '../api/api-client';
import { h, replaceChildren } from './dom';
import { kindBadge } from './kind-badge';

export interface NodePickerOptions {
  readonly api: ApiClient;
  /** Unique within the page: used for the input's id and the list's ids. */
  readonly id: string;
  readonly label: string;
  readonly placeholder: string;
  readonly onChoose: (node: GraphNode) => void;
  /** Given, the list also offers the evidence passages whose quote or document title matches. */
  readonly onChoosePassage?: (passage: SearchPassage) => void;
  /** Given, the list also offers passages of stored documents' texts that match. */
  readonly onChooseDocumentPassage?: (passage: DocumentPassage) => void;
  /** Called when the user edits the text after choosing, so the choice no longer stands. */
  readonly onClear?: () => void;
  readonly onError: (error: unknown) => void;
  /** Empty the input after a choice (the search box) instead of showing the chosen name (the path ends). */
  readonly clearOnChoose?: boolean;
  readonly debounceMs?: number;
  readonly limit?: number;
}

export interface NodePicker {
  readonly element: HTMLElement;
  /** Shows `node`'s name as the chosen value (or empties the input for null), without searching. */
  setValue(node: GraphNode | null): void;
}

// Long enough to skip the keystrokes of a word typed at speed, short enough to feel immediate.
const DEFAULT_DEBOUNCE_MS = 180;
const DEFAULT_LIMIT = 8;

/**
 * The alias that made a node match when its name does not contain the query, so a suggestion like
 * "Tajikistan" for "Dushanbe" explains itself.
 */
export function matchedAlias(node: GraphNode, query: string): string | null {
  // Folded as the server folds (case, diacritics, script), so "душанбе" explains itself by "Душанбе".
  const needle = foldText(query);
  if (needle.length === 0 || foldText(node.name).includes(needle)) return null;
  return node.aliases.find((alias) => foldText(alias).includes(needle)) ?? null;
}

/** One row of the list: a node, a passage of the evidence, or a passage of a document's text. */
type Suggestion =
  | { kind: 'node'; node: GraphNode }
  | { kind: 'passage'; passage: SearchPassage }
  | { kind: 'document'; passage: DocumentPassage };

/** Creates a picker; append `element` where it belongs. */
export function createNodePicker(options: NodePickerOptions): NodePicker {
  const limit = options.limit ?? DEFAULT_LIMIT;
  const listId = `${options.id}-suggestions`;
  const input = h('input', {
    className: 'picker-input',
    attrs: {
      id: options.id,
      type: 'search',
      role: 'combobox',
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: options.placeholder,
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': listId,
    },
  });
  const list = h('ul', { className: 'picker-suggestions', attrs: { id: listId, role: 'listbox', 'aria-label': `${options.label} suggestions` } });
  list.hidden = true;
  const element = h(
    'div',
    { className: 'picker' },
    h('label', { className: 'field-label', attrs: { for: options.id } }, options.label),
    h('div', { className: 'picker-box' }, input, list),
  );

  let suggestions: Suggestion[] = [];
  let highlighted = -1;
  let chosen: GraphNode | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: AbortController | null = null;

  function close(): void {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    highlighted = -1;
  }

  function renderOption(suggestion: Suggestion, i: number, query: string): HTMLElement {
    const attrs = { id: `${listId}-${i}`, role: 'option', 'aria-selected': String(i === highlighted) };
    const className = i === highlighted ? 'picker-option is-highlighted' : 'picker-option';
    let option: HTMLElement;
    if (suggestion.kind === 'node') {
      const { node } = suggestion;
      const alias = matchedAlias(node, query);
      option = h('li', { className, attrs: { ...attrs, 'data-node-id': node.id } },
        h('span', { className: 'option-text' },
          h('span', { className: 'option-name' }, node.name),
          alias !== null ? h('span', { className: 'option-alias' }, `also “${alias}”`) : null,
        ),
        kindBadge(node.kind),
      );
    } else if (suggestion.kind === 'document') {
      const { passage } = suggestion;
      option = h('li', { className: `${className} picker-passage picker-document-passage`, attrs: { ...attrs, 'data-document-id': passage.document, 'data-start': String(passage.start) } },
        h('span', { className: 'option-text' },
          h('span', { className: 'option-name' }, passage.title),
          h('span', { className: 'option-quote' }, `“${passage.passage}”`),
          h('span', { className: 'option-alias' }, `${passage.publisher}, ${passage.published}`),
        ),
      );
    } else {
      const { passage } = suggestion;
      const where = [passage.publisher, passage.published].filter((x) => x !== undefined).join(', ');
      option = h('li', { className: `${className} picker-passage`, attrs: { ...attrs, 'data-edge-id': passage.edge } },
        h('span', { className: 'option-text' },
          h('span', { className: 'option-name' }, `${passage.sourceName} —${passage.type}→ ${passage.targetName}`),
          h('span', { className: 'option-quote' }, passage.matched === 'quote' ? `“${passage.quote}”` : `in “${passage.title ?? passage.document}”`),
          where.length > 0 ? h('span', { className: 'option-alias' }, where) : null,
        ),
      );
    }
    // mousedown, not click: the input's blur would close the list before a click arrived.
    option.addEventListener('mousedown', (event) => {
      event.preventDefault();
      choose(suggestion);
    });
    return option;
  }

  function renderList(query: string): void {
    if (suggestions.length === 0) {
      replaceChildren(list, h('li', { className: 'picker-empty', attrs: { role: 'presentation' } }, `Nothing matches "${query}".`));
    } else {
      const firstPassage = suggestions.findIndex((s) => s.kind === 'passage');
      const firstDocument = suggestions.findIndex((s) => s.kind === 'document');
      const group = (label: string): HTMLElement => h('li', { className: 'picker-group', attrs: { role: 'presentation' } }, label);
      replaceChildren(
        list,
        ...suggestions.flatMap((suggestion, i) => [
          i === firstPassage ? group('In the evidence') : i === firstDocument ? group('In the documents') : null,
          renderOption(suggestion, i, query),
        ]).filter((x): x is HTMLElement => x !== null),
      );
    }
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    if (highlighted >= 0) input.setAttribute('aria-activedescendant', `${listId}-${highlighted}`);
    else input.removeAttribute('aria-activedescendant');
  }

  function choose(suggestion: Suggestion): void {
    // A search still waiting (debounced or in flight) would reopen the list over the page after the choice.
    clearTimeout(timer);
    pending?.abort();
    close();
    if (suggestion.kind === 'passage') {
      options.onChoosePassage?.(suggestion.passage);
      return;
    }
    if (suggestion.kind === 'document') {
      options.onChooseDocumentPassage?.(suggestion.passage);
      return;
    }
    const { node } = suggestion;
    chosen = options.clearOnChoose === true ? null : node;
    input.value = options.clearOnChoose === true ? '' : node.name;
    options.onChoose(node);
  }

  async function search(query: string): Promise<void> {
    pending?.abort();
    const controller = new AbortController();
    pending = controller;
    try {
      const result = await options.api.search(query, limit, controller.signal);
      // The text may have changed while the answer travelled: only the latest question's answer is shown.
      if (pending !== controller || input.value.trim() !== query) return;
      suggestions = [
        ...result.nodes.map((node): Suggestion => ({ kind: 'node', node })),
        ...(options.onChoosePassage !== undefined ? result.passages.map((passage): Suggestion => ({ kind: 'passage', passage })) : []),
        // Older servers answer without documentPassages.
        ...(options.onChooseDocumentPassage !== undefined ? (result.documentPassages ?? []).map((passage): Suggestion => ({ kind: 'document', passage })) : []),
      ];
      highlighted = suggestions.length > 0 ? 0 : -1;
      renderList(query);
    } catch (error) {
      if (isAbortError(error)) return;
      close();
      options.onError(error);
    } finally {
      if (pending === controller) pending = null;
    }
  }

  input.addEventListener('input', () => {
    if (chosen !== null && input.value !== chosen.name) {
      chosen = null;
      options.onClear?.();
    }
    clearTimeout(timer);
    const query = input.value.trim();
    if (query.length === 0) {
      pending?.abort();
      suggestions = [];
      close();
      return;
    }
    timer = setTimeout(() => void search(query), options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
  });

  input.addEventListener('keydown', (event) => {
    if (list.hidden) {
      if (event.key === 'ArrowDown' && suggestions.length > 0) {
        renderList(input.value.trim());
        event.preventDefault();
      }
      return;
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (suggestions.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      highlighted = (highlighted + step + suggestions.length) % suggestions.length;
      renderList(input.value.trim());
      event.preventDefault();
    } else if (event.key === 'Enter') {
      const suggestion = suggestions[highlighted];
      if (suggestion !== undefined) choose(suggestion);
      event.preventDefault();
    } else if (event.key === 'Escape') {
      close();
      event.preventDefault();
    }
  });

  input.addEventListener('blur', close);

  return {
    element,
    setValue(node) {
      // Re-rendering with the choice the picker already holds must not disturb what the user is typing.
      if ((node?.id ?? null) === (chosen?.id ?? null)) return;
      chosen = node;
      input.value = node?.name ?? '';
      close();
    },
  };
}
