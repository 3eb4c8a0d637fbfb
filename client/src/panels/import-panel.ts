/**
 * The Import panel (issue 8): for users holding ADMIN_TOKEN. A header button opens it; files dropped on the
 * zone or chosen with the picker (.json, .csv, .zip) are sent one request each, in order, to POST /api/import.
 * Per file it shows the counts, or the server's message and the listed issues (file/row/field/message, the
 * first 50). The token lives in sessionStorage only (gone with the tab), never localStorage or the URL.
 * Everything shown goes in as text (dom.ts helpers), never as HTML: file names and messages are user data.
 */
import { ApiRequestError, importFile, type ImportIssue, type ImportSummary } from '../api/api-client';
import type { ActionContext } from '../state/app-state';
import { replaceCanvas } from '../state/canvas/canvas-state';
import { loadGraph, loadHealth } from '../state/graph/graph-actions';
import { h, replaceChildren, requireElement } from './dom';

const TOKEN_KEY = 'multivector.adminToken';
const MAX_ISSUES_SHOWN = 50;
const ACCEPTED = /\.(json|csv|zip)$/i;

function readToken(): string {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return ''; // Storage can be blocked (privacy settings): the field still works for this page.
  }
}

function saveToken(token: string): void {
  try {
    if (token === '') sessionStorage.removeItem(TOKEN_KEY);
    else sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Blocked storage: the token is simply not remembered.
  }
}

function describeCounts(summary: ImportSummary): string {
  const { nodes, edges, documents } = summary.counts;
  const part = (label: string, c: { added: number; changed: number; unchanged: number }): string =>
    `${label}: ${c.added} added, ${c.changed} changed, ${c.unchanged} unchanged`;
  return [part('nodes', nodes), part('edges', edges), part('documents', documents)].join(' · ');
}

function issuesOf(details: unknown): { issues: ImportIssue[]; total: number } {
  if (typeof details !== 'object' || details === null || !('issues' in details)) return { issues: [], total: 0 };
  const raw = (details as { issues: unknown; total?: unknown }).issues;
  const issues = Array.isArray(raw) ? (raw as ImportIssue[]) : [];
  const total = (details as { total?: unknown }).total;
  return { issues, total: typeof total === 'number' ? total : issues.length };
}

function describeIssue(issue: ImportIssue): string {
  const where = [issue.file, issue.row !== undefined ? `row ${issue.row}` : null, issue.record ?? null, issue.field !== undefined ? `field ${issue.field}` : null]
    .filter((p): p is string => p !== null && p !== '')
    .join(', ');
  return `${where}: ${issue.message}`;
}

/** Wires the Import button and panel of index.html. */
export function initImportPanel(context: ActionContext, root: ParentNode = document): void {
  const toggle = requireElement(root, '#import-toggle', HTMLButtonElement);
  const panel = requireElement(root, '#import-panel', HTMLElement);

  const token = h('input', { attrs: { id: 'import-token', type: 'password', autocomplete: 'off', spellcheck: 'false', size: '32' } });
  token.value = readToken();
  token.addEventListener('input', () => saveToken(token.value.trim()));
  const dryRun = h('input', { attrs: { id: 'import-dry-run', type: 'checkbox' } });
  const picker = h('input', { attrs: { id: 'import-file', type: 'file', multiple: '', accept: '.json,.csv,.zip' } });
  const zone = h('div', { className: 'import-drop', attrs: { id: 'import-drop', tabindex: '0', role: 'button', 'aria-label': 'Drop files to import, or press Enter to choose them' } },
    'Drop .json, .csv or .zip files here, or click to choose');
  const results = h('ol', { className: 'import-results', attrs: { id: 'import-results', 'aria-live': 'polite' } });
  const close = h('button', { className: 'import-close', attrs: { type: 'button', 'aria-label': 'Close the import panel' } }, '×');
  replaceChildren(panel,
    h('div', { className: 'import-head' }, h('h2', {}, 'Import'), close),
    h('label', { className: 'import-field' }, h('span', {}, 'Admin token'), token),
    h('label', { className: 'import-check' }, dryRun, ' Dry run (validate and count, change nothing)'),
    zone, picker, results);

  const setOpen = (open: boolean): void => {
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) token.focus();
  };
  toggle.addEventListener('click', () => setOpen(panel.hidden));
  close.addEventListener('click', () => setOpen(false));
  zone.addEventListener('click', () => picker.click());
  zone.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      picker.click();
    }
  });
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('import-drop-over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('import-drop-over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('import-drop-over');
    void run([...(event.dataTransfer?.files ?? [])]);
  });
  picker.addEventListener('change', () => {
    const files = [...(picker.files ?? [])];
    picker.value = ''; // So choosing the same file again fires change again.
    void run(files);
  });

  let busy = false;
  async function run(files: File[]): Promise<void> {
    if (files.length === 0 || busy) return;
    busy = true;
    replaceChildren(results);
    let applied = false;
    try {
      for (const file of files) {
        const item = h('li', { className: 'import-result' }, h('strong', {}, file.name), ': importing…');
        results.append(item);
        if (!ACCEPTED.test(file.name)) {
          replaceChildren(item, h('strong', {}, file.name), ': skipped, not a .json, .csv or .zip file');
          item.classList.add('import-failed');
          continue;
        }
        const secret = token.value.trim();
        if (secret === '') {
          replaceChildren(item, h('strong', {}, file.name), ': enter the admin token first');
          item.classList.add('import-failed');
          continue;
        }
        try {
          const summary = await importFile({ name: file.name, body: file }, { token: secret, dryRun: dryRun.checked });
          if (!summary.dryRun) applied = true;
          replaceChildren(item, h('strong', {}, file.name), `${summary.dryRun ? ' (dry run)' : ''}: `,
            h('span', { className: 'import-counts' }, describeCounts(summary)));
          item.classList.add('import-ok');
        } catch (error) {
          item.classList.add('import-failed');
          const message = error instanceof Error ? error.message : String(error);
          const refused = error instanceof ApiRequestError && (error.status === 401 || error.status === 403);
          const { issues, total } = error instanceof ApiRequestError ? issuesOf(error.details) : { issues: [], total: 0 };
          replaceChildren(item, h('strong', {}, file.name), `: ${refused ? 'refused: ' : ''}`, h('span', { className: 'import-error' }, message),
            issues.length > 0
              ? h('ul', { className: 'import-issues' },
                ...issues.slice(0, MAX_ISSUES_SHOWN).map((issue) => h('li', {}, describeIssue(issue))),
                total > MAX_ISSUES_SHOWN ? h('li', {}, `and ${total - MAX_ISSUES_SHOWN} more`) : null)
              : null);
        }
      }
    } finally {
      busy = false;
    }
    // New nodes appear at once: reload the whole graph and the health counts after a real import.
    if (applied) {
      // loadGraph refreshes the graph the panels index; the canvas is its own (undoable) picture, so it is
      // replaced with the fresh graph too, or the new nodes would be known but not drawn.
      await loadGraph(context);
      const graph = context.store.get().graph.graph;
      if (graph !== null) context.store.update(replaceCanvas(graph, 'force'));
      await loadHealth(context);
    }
  }
}
