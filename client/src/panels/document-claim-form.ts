/**
 * Adding a claim the proposer missed: the analyst selects a sentence in the document's text (or types the
 * quote), picks the relationship type and two entities, and adds it; it joins the accepted claims like a
 * proposal. The entity lists start with those the document names or proposes; a search field beside each
 * finds any entity of the graph (GET /api/search), since a claim may concern one the text names in a way
 * the mention finder missed. The quote must be in the text here already, as the commit will check.
 */
import type { GraphNode } from '../../../server/domain/graph-model';
import type { ApiClient } from '../api/api-client';
import type { DocumentAnalysis } from '../api/documents-api';
import { h } from './dom';
import { createNodePicker } from './node-picker';

type Proposal = DocumentAnalysis['candidates']['claims'][number];

/** White space folded, as the commit's verbatim check folds it (typographic quotes are left as written). */
const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The form; `textView` is the document text box whose selection "Use the selected text" reads. */
export function documentClaimForm(api: ApiClient, analysis: DocumentAnalysis, textView: HTMLElement, types: readonly string[], onAdd: (p: Proposal) => void): HTMLElement {
  const entities = new Map<string, string>();
  for (const m of analysis.mentions) if (!entities.has(m.entity)) entities.set(m.entity, m.name);
  for (const e of analysis.candidates.entities) if (!entities.has(e.id)) entities.set(e.id, `${e.name} (new)`);
  const options = [...entities].sort((a, b) => a[1].localeCompare(b[1]));
  const entitySelect = (id: string, label: string): HTMLSelectElement =>
    h('select', { attrs: { id, 'aria-label': label } }, h('option', { attrs: { value: '' } }, `${label}…`), ...options.map(([value, name]) => h('option', { attrs: { value } }, `${name} · ${value}`)));
  const quote = h('textarea', { className: 'document-quote', attrs: { id: 'document-manual-quote', rows: '2', 'aria-label': 'Quote of the new claim', placeholder: 'Select a sentence in the text, then “Use the selected text”' } });
  const useSelection = h('button', { attrs: { type: 'button', id: 'document-use-selection' } }, 'Use the selected text');
  const type = h('select', { attrs: { id: 'document-manual-type', 'aria-label': 'Relationship type of the new claim' } }, ...types.map((t) => h('option', { attrs: { value: t } }, t)));
  const source = entitySelect('document-manual-source', 'From entity');
  const target = entitySelect('document-manual-target', 'To entity');
  const add = h('button', { attrs: { type: 'button', id: 'document-manual-add' } }, 'Add to the accepted claims');
  const message = h('p', { className: 'document-manual-message', attrs: { id: 'document-manual-message', 'aria-live': 'polite' } });
  let added = 0;

  /** A found entity joins both lists (once) and is chosen in `select`. */
  const choose = (select: HTMLSelectElement, node: GraphNode): void => {
    for (const list of [source, target]) {
      if (![...list.options].some((o) => o.value === node.id)) list.append(h('option', { attrs: { value: node.id } }, `${node.name} · ${node.id}`));
    }
    select.value = node.id;
    message.textContent = '';
  };
  const finder = (select: HTMLSelectElement, id: string, label: string): HTMLElement => createNodePicker({
    api,
    id,
    label,
    placeholder: 'Any entity of the graph…',
    clearOnChoose: true,
    onChoose: (node) => choose(select, node),
    onError: (error) => {
      message.textContent = `Search failed: ${messageOf(error)}`;
    },
  }).element;
  const sourceFinder = finder(source, 'document-manual-source-search', 'or find the from entity');
  const targetFinder = finder(target, 'document-manual-target-search', 'or find the to entity');

  // mousedown would move the selection before the click is read; the button keeps it by not taking focus first.
  useSelection.addEventListener('mousedown', (event) => event.preventDefault());
  useSelection.addEventListener('click', () => {
    const selection = globalThis.getSelection();
    const range = selection !== null && selection.rangeCount > 0 ? selection.getRangeAt(0) : null;
    if (range === null || range.collapsed || !textView.contains(range.commonAncestorContainer)) {
      message.textContent = 'Select a sentence in the document text first.';
      return;
    }
    quote.value = selection?.toString().trim() ?? '';
    message.textContent = '';
  });
  add.addEventListener('click', () => {
    const text = analysis.document.text;
    const wanted = squash(quote.value);
    const at = wanted === '' ? -1 : squash(text).indexOf(wanted);
    const problem =
      wanted === '' ? 'Give the quote: select a sentence in the text.'
        : at < 0 ? 'The quote is not in the document’s text.'
          : source.value === '' || target.value === '' ? 'Pick both entities.'
            : source.value === target.value ? 'Pick two different entities.'
              : type.value === '' ? 'Pick a relationship type.' : null;
    if (problem !== null) {
      message.textContent = problem;
      return;
    }
    added += 1;
    // Offsets are in the folded text; they only order this claim, which no sentence group holds.
    onAdd({ id: `manual-${added}`, type: type.value, source: source.value, target: target.value, quote: quote.value.trim(), start: at, end: at + wanted.length, score: 1, why: { trigger: 'added by hand', mentions: [] } });
    message.textContent = `Added: ${type.value} from ${source.value} to ${target.value}.`;
    quote.value = '';
  });
  return h('fieldset', { className: 'document-manual', attrs: { id: 'document-manual' } },
    h('legend', {}, 'Add a claim'), quote, useSelection, ' ', type,
    h('div', { className: 'document-manual-end' }, source, sourceFinder),
    h('div', { className: 'document-manual-end' }, target, targetFinder),
    add, message);
}
