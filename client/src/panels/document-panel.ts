/**
 * The Documents panel (issue 19): a token holder pastes an article or picks a .txt/.html/.md file, gives its
 * publisher, title and date, and the server stores it and proposes what it supports. The text shows with the
 * known entities it names highlighted; beside it each proposed claim can be accepted, edited (type, direction,
 * endpoints, quote) or left out, and the accepted ones are committed in one import (undoable here or in the
 * import log). Everything from the document goes in as text nodes (dom.ts), never as HTML.
 */
import { ApiRequestError } from '../api/api-client';
import { addDocument, commitDocument, getDocument, type CommitClaim, type CommitEntity, type DocumentAnalysis } from '../api/documents-api';
import { undoImport } from '../api/api-client';
import type { ActionContext } from '../state/app-state';
import { replaceCanvas } from '../state/canvas/canvas-state';
import { loadGraph, loadHealth } from '../state/graph/graph-actions';
import { h, replaceChildren, requireElement } from './dom';
import { documentTextView, type ProposedSentence, type TextFocus } from './document-text-view';
import { proposalGroupsView } from './document-proposal-groups';
import { groupBySentence } from '../state/documents/proposal-grouping';
import { documentClaimForm } from './document-claim-form';

const TOKEN_KEY = 'multivector.adminToken';
type Proposal = DocumentAnalysis['candidates']['claims'][number];

function readToken(): string {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export type { TextFocus };

/** What the explorer asks of the document view besides its own button. */
export interface DocumentView {
  /** Opens the stored document `id` (a read, no token needed) with `focus` marked and scrolled into view. */
  openAt(id: string, focus?: TextFocus): Promise<void>;
}

/** Wires the Documents button and panel of index.html. */
export function initDocumentPanel(context: ActionContext, root: ParentNode = document): DocumentView {
  const toggle = requireElement(root, '#document-toggle', HTMLButtonElement);
  const panel = requireElement(root, '#document-panel', HTMLElement);

  const field = (id: string, label: string, attrs: Record<string, string> = {}): HTMLInputElement => {
    const input = h('input', { attrs: { id, type: 'text', autocomplete: 'off', ...attrs } });
    fields.append(h('label', { className: 'document-field' }, h('span', {}, label), input));
    return input;
  };
  const fields = h('div', { className: 'document-fields' });
  const token = field('document-token', 'Admin token', { type: 'password', spellcheck: 'false' });
  token.value = readToken();
  const title = field('document-title', 'Title');
  const publisher = field('document-publisher', 'Publisher');
  const published = field('document-published', 'Published (YYYY-MM-DD, empty: inferred)', { placeholder: '2024-06-20' });
  const url = field('document-url', 'URL', { type: 'url' });
  const picker = h('input', { attrs: { id: 'document-file', type: 'file', accept: '.txt,.html,.htm,.md,.markdown', 'aria-label': 'Article file (.txt, .html or .md)' } });
  const text = h('textarea', { className: 'document-input', attrs: { id: 'document-input', rows: '6', placeholder: 'Paste the article here, or choose a file', 'aria-label': 'Article text' } });
  const analyse = h('button', { className: 'document-analyse', attrs: { type: 'button', id: 'document-analyse' } }, 'Analyse');
  const status = h('p', { className: 'document-status', attrs: { id: 'document-status', 'aria-live': 'polite' } });
  const review = h('div', { className: 'document-review', attrs: { id: 'document-review' } });
  const close = h('button', { className: 'import-close', attrs: { type: 'button', 'aria-label': 'Close the documents panel' } }, '×');
  replaceChildren(panel, h('div', { className: 'import-head' }, h('h2', {}, 'Documents'), close), fields, picker, text, analyse, status, review);

  let format: 'text' | 'html' | 'markdown' = 'text';
  const setOpen = (open: boolean): void => {
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) title.focus();
  };
  toggle.addEventListener('click', () => setOpen(panel.hidden));
  close.addEventListener('click', () => setOpen(false));
  picker.addEventListener('change', () => {
    const file = picker.files?.[0];
    if (!file) return;
    format = /\.html?$/i.test(file.name) ? 'html' : /\.(md|markdown)$/i.test(file.name) ? 'markdown' : 'text';
    if (title.value.trim() === '') title.value = file.name.replace(/\.[^.]+$/, '');
    void file.text().then((content) => {
      text.value = content;
    });
  });
  text.addEventListener('input', () => {
    format = 'text';
  });
  analyse.addEventListener('click', () => void run());

  async function run(): Promise<void> {
    replaceChildren(review);
    status.textContent = 'Analysing…';
    try {
      const analysis = await addDocument(
        {
          text: text.value,
          format,
          title: title.value.trim(),
          publisher: publisher.value.trim(),
          ...(published.value.trim() ? { published: published.value.trim() } : {}),
          ...(url.value.trim() ? { url: url.value.trim() } : {}),
        },
        token.value.trim(),
      );
      showReview(analysis);
    } catch (error) {
      status.textContent = `Refused: ${messageOf(error)}`;
    }
  }

  function showReview(analysis: DocumentAnalysis, focus?: TextFocus): void {
    const claims = analysis.candidates.claims;
    status.textContent = [
      `${analysis.document.title}: ${new Set(analysis.mentions.map((m) => m.entity)).size} known entities named, ${claims.length} claims proposed, ${analysis.candidates.entities.length} new names.`,
      ...analysis.notes,
    ].join(' ');
    const types = (context.store.get().graph.vocabulary?.relationshipTypes ?? []).map((t) => t.type);
    const rows = claims.map((claim) => ({ proposal: claim, ...proposalRow(claim, types) }));
    const groups = proposalGroupsView(analysis.document.text, rows);
    const sentences: ProposedSentence[] = [];
    for (const g of groupBySentence(rows)) {
      // Sentences do not overlap; should two spans ever do, the later one is reachable from the list only.
      const last = sentences[sentences.length - 1];
      if (last === undefined || g.start >= last.end) sentences.push({ start: g.start, end: g.end, count: g.items.length });
    }
    const commit = h('button', { className: 'document-commit', attrs: { type: 'button', id: 'document-commit' } }, 'Commit accepted claims');
    const result = h('p', { className: 'document-result', attrs: { id: 'document-result', 'aria-live': 'polite' } });
    const manualRows: Array<ReturnType<typeof proposalRow>> = [];
    const manualList = h('ol', { className: 'document-proposals', attrs: { id: 'document-manual-claims' } });
    commit.addEventListener('click', () => {
      const accepted = [...rows, ...manualRows].filter((r) => r.accepted()).map((r) => r.claim());
      if (accepted.length === 0) {
        result.textContent = 'Accept at least one claim first.';
        return;
      }
      const needed = new Set(accepted.flatMap((c) => [c.source, c.target]));
      const entities: CommitEntity[] = analysis.candidates.entities.filter((e) => needed.has(e.id)).map((e) => ({ id: e.id, kind: e.kind, name: e.name }));
      commit.disabled = true;
      result.textContent = 'Committing…';
      void (async () => {
        try {
          const summary = await commitDocument(analysis.document.id, { entities, claims: accepted }, token.value.trim());
          replaceChildren(result, `Committed: ${summary.counts.edges.added} relationships added, ${summary.counts.edges.changed} corroborated, ${summary.counts.nodes.added} entities added. `);
          if (summary.importId) result.append(undoButton(summary.importId, result));
          await reloadGraph();
        } catch (error) {
          const details = error instanceof ApiRequestError ? error.details : undefined;
          result.textContent = `Refused: ${messageOf(error)}${details && typeof details === 'object' && 'issues' in details ? ` ${JSON.stringify((details as { issues: unknown }).issues)}` : ''}`;
        } finally {
          commit.disabled = false;
        }
      })();
    });
    const textView = documentTextView(analysis, sentences, (start) => groups.reveal(start), focus);
    const form = documentClaimForm(context.api, analysis, textView, types, (p) => {
      const row = proposalRow(p, types);
      row.check();
      manualRows.push(row);
      manualList.append(row.element);
    });
    replaceChildren(review, h('div', { className: 'document-columns' }, textView, h('div', { className: 'document-side' }, form, manualList, groups.element, commit, result)));
  }

  function undoButton(importId: string, result: HTMLElement): HTMLButtonElement {
    const undo = h('button', { className: 'import-undo', attrs: { type: 'button', id: 'document-undo' } }, 'Undo');
    undo.addEventListener('click', () => {
      undo.disabled = true;
      void (async () => {
        try {
          const summary = await undoImport(importId, token.value.trim());
          result.textContent = `Undone: ${summary.removed.edges} relationships removed, ${summary.restored.edges} restored.`;
          await reloadGraph();
        } catch (error) {
          result.textContent = `Undo refused: ${messageOf(error)}`;
        }
      })();
    });
    return undo;
  }

  /** One proposal: accept box, editable type, ends (swappable) and quote, and why it was proposed. */
  function proposalRow(p: Proposal, types: readonly string[]): { element: HTMLElement; accepted(): boolean; check(): void; claim(): CommitClaim } {
    const accept = h('input', { attrs: { type: 'checkbox', 'aria-label': `Accept ${p.type} ${p.source} to ${p.target}` } });
    accept.className = 'document-accept';
    const type = h('select', { className: 'document-type', attrs: { 'aria-label': 'Relationship type' } },
      ...[...new Set([p.type, ...types])].map((t) => h('option', { attrs: t === p.type ? { value: t, selected: '' } : { value: t } }, t)));
    const source = h('input', { className: 'document-source', attrs: { type: 'text', value: p.source, 'aria-label': 'Source entity id', size: '18' } });
    const target = h('input', { className: 'document-target', attrs: { type: 'text', value: p.target, 'aria-label': 'Target entity id', size: '18' } });
    const swap = h('button', { className: 'document-swap', attrs: { type: 'button', title: 'Swap the direction' } }, '⇄');
    swap.addEventListener('click', () => {
      [source.value, target.value] = [target.value, source.value];
    });
    const quote = h('textarea', { className: 'document-quote', attrs: { rows: '2', 'aria-label': 'Quote' } });
    quote.value = p.quote;
    const extras = [p.validFrom ? `from ${p.validFrom}` : '', p.asOf ? `as of ${p.asOf}` : '', p.status ?? '', ...(p.quantities ?? []).map((q) => `${q.key} ${q.value}`)].filter((x) => x !== '');
    const why = h('div', { className: 'document-why' },
      `${p.corroborates ? `new source for ${p.corroborates} · ` : ''}${p.newEntities?.length ? `new: ${p.newEntities.join(', ')} · ` : ''}trigger “${p.why.trigger}” · score ${p.score}${extras.length ? ` · ${extras.join(', ')}` : ''}`);
    const element = h('li', { className: 'document-proposal', attrs: { 'data-claim': p.id } },
      h('label', { className: 'document-accept-label' }, accept, ' accept'), ' ', type, ' ', source, swap, target, quote, why);
    accept.addEventListener('change', () => element.classList.toggle('document-proposal-accepted', accept.checked));
    return {
      element,
      accepted: () => accept.checked,
      check: () => {
        accept.checked = true;
        element.classList.add('document-proposal-accepted');
      },
      claim: () => {
        const properties: Record<string, string | number> = {};
        const edited = type.value !== p.type || source.value !== p.source || target.value !== p.target;
        if (!edited) {
          if (p.validFrom) properties.validFrom = p.validFrom;
          if (p.asOf) properties.asOf = p.asOf;
          if (p.status) properties.status = p.status;
          for (const q of p.quantities ?? []) properties[q.key] = q.value;
        }
        return {
          type: type.value,
          source: source.value.trim(),
          target: target.value.trim(),
          quote: quote.value,
          ...(Object.keys(properties).length > 0 && !p.corroborates ? { properties } : {}),
          ...(p.corroborates && !edited ? { corroborates: p.corroborates } : {}),
        };
      },
    };
  }

  async function openAt(id: string, focus?: TextFocus): Promise<void> {
    panel.hidden = false;
    toggle.setAttribute('aria-expanded', 'true');
    replaceChildren(review);
    status.textContent = 'Opening the document…';
    try {
      showReview(await getDocument(id), focus);
    } catch (error) {
      status.textContent = `Could not open "${id}": ${messageOf(error)}`;
      return;
    }
    const passage = review.querySelector<HTMLElement>('#document-passage');
    if (passage !== null) {
      passage.scrollIntoView({ block: 'center' });
      passage.focus({ preventScroll: true });
    }
  }

  return { openAt };

  async function reloadGraph(): Promise<void> {
    await loadGraph(context);
    const graph = context.store.get().graph.graph;
    if (graph !== null) context.store.update(replaceCanvas(graph, 'force'));
    await loadHealth(context);
  }
}
