/**
 * The Import panel (issue 8): for users holding ADMIN_TOKEN. A header button opens it; files dropped on the
 * zone or chosen with the picker (.json, .csv, .zip) are sent together as one import to POST /api/import
 * (one file as the body, several as multipart, so nodes.csv and relationships.csv import as one, all or
 * nothing). It shows the counts, or the server's message and the listed issues (file/row/field/message, the
 * first 50), and the import log with an Undo button per applied import (asked twice: undo is a write).
 * The token lives in sessionStorage only (admin-token.ts), and turns on the explorer's Edit mode.
 * Everything shown goes in as text (dom.ts helpers), never as HTML: file names and messages are user data.
 */
import { ApiRequestError, importFile, importFiles, listImports, undoImport, type ImportIssue, type ImportRecord, type ImportSummary } from '../api/api-client';
import type { ActionContext } from '../state/app-state';
import { replaceCanvas } from '../state/canvas/canvas-state';
import { loadGraph, loadHealth } from '../state/graph/graph-actions';
import { readAdminToken, saveAdminToken } from './admin-token';
import { h, replaceChildren, requireElement } from './dom';

const MAX_ISSUES_SHOWN = 50;
const LOG_SHOWN = 10;
const ACCEPTED = /\.(json|csv|zip)$/i;

function describeCounts(summary: ImportSummary): string {
  const { nodes, edges, documents } = summary.counts;
  const part = (label: string, c: { added: number; changed: number; unchanged: number }): string =>
    `${label}: ${c.added} added, ${c.changed} changed, ${c.unchanged} unchanged`;
  return [part('nodes', nodes), part('edges', edges), part('documents', documents)].join(' · ');
}

function describeRecord(record: ImportRecord): string {
  const { nodes, edges } = record.counts;
  const when = record.at.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const status = record.status === 'undone' ? ` · undone${record.undoneAt ? ` ${record.undoneAt.slice(0, 10)}` : ''}` : '';
  const removed = (nodes.removed ?? 0) + (edges.removed ?? 0) > 0 ? `, deleted ${nodes.removed ?? 0} nodes and ${edges.removed ?? 0} edges` : '';
  return `${when} · ${record.actor} · ${record.files.join(', ')} · ${nodes.added + nodes.changed} nodes, ${edges.added + edges.changed} edges${removed}${status}`;
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
  token.value = readAdminToken();
  token.addEventListener('input', () => saveAdminToken(token.value.trim()));
  const dryRun = h('input', { attrs: { id: 'import-dry-run', type: 'checkbox' } });
  const picker = h('input', { attrs: { id: 'import-file', type: 'file', multiple: '', accept: '.json,.csv,.zip', 'aria-label': 'Files to import (.json, .csv or .zip)' } });
  // The visible words are the accessible name; the keyboard hint is its description.
  const zone = h('div', { className: 'import-drop', attrs: { id: 'import-drop', tabindex: '0', role: 'button', title: 'Drop files here, or press Enter to choose them' } },
    'Drop .json, .csv or .zip files here, or click to choose');
  const results = h('ol', { className: 'import-results', attrs: { id: 'import-results', 'aria-live': 'polite' } });
  const log = h('ol', { className: 'import-log', attrs: { id: 'import-log', 'aria-live': 'polite' } });
  const logStatus = h('p', { className: 'import-log-status', attrs: { id: 'import-log-status' } });
  const refreshLog = h('button', { className: 'import-log-refresh', attrs: { type: 'button', id: 'import-log-refresh' } }, 'Refresh');
  const close = h('button', { className: 'import-close', attrs: { type: 'button', 'aria-label': 'Close the import panel' } }, '×');
  replaceChildren(panel,
    h('div', { className: 'import-head' }, h('h2', {}, 'Import'), close),
    h('label', { className: 'import-field' }, h('span', {}, 'Admin token'), token),
    h('label', { className: 'import-check' }, dryRun, ' Dry run (validate and count, change nothing)'),
    zone, picker, results,
    h('div', { className: 'import-head' }, h('h3', {}, 'Import log'), refreshLog), logStatus, log);

  const setOpen = (open: boolean): void => {
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) {
      token.focus();
      void showLog();
    }
  };
  toggle.addEventListener('click', () => setOpen(panel.hidden));
  refreshLog.addEventListener('click', () => void showLog());
  token.addEventListener('change', () => void showLog());
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

  /** The last LOG_SHOWN imports, each applied one with an Undo button that asks once more before it writes. */
  async function showLog(note?: string): Promise<void> {
    const secret = token.value.trim();
    if (secret === '') {
      replaceChildren(log);
      logStatus.textContent = 'Enter the admin token to see the import log.';
      return;
    }
    let records: ImportRecord[];
    try {
      records = await listImports(secret);
    } catch (error) {
      replaceChildren(log);
      logStatus.textContent = `The import log could not be read: ${error instanceof Error ? error.message : String(error)}`;
      return;
    }
    logStatus.textContent = note ?? (records.length === 0 ? 'No import yet.' : records.length > LOG_SHOWN ? `The last ${LOG_SHOWN} of ${records.length} imports.` : '');
    replaceChildren(log, ...records.slice(0, LOG_SHOWN).map((record) => logItem(record)));
  }

  function logItem(record: ImportRecord): HTMLElement {
    const item = h('li', { className: `import-log-item import-log-${record.status}`, attrs: { 'data-import-id': record.id } },
      h('span', { className: 'import-log-text' }, describeRecord(record)));
    if (record.status !== 'applied') return item;
    const undo = h('button', { className: 'import-undo', attrs: { type: 'button', 'aria-label': `Undo import ${record.id}` } }, 'Undo');
    let armed = false;
    undo.addEventListener('click', () => {
      if (!armed) {
        armed = true;
        undo.textContent = 'Confirm undo';
        undo.classList.add('import-undo-armed');
        return;
      }
      undo.disabled = true;
      void (async () => {
        let note: string;
        try {
          const summary = await undoImport(record.id, token.value.trim());
          note = `Undid ${record.id}: removed ${summary.removed.nodes} nodes and ${summary.removed.edges} edges, restored ${summary.restored.nodes + summary.restored.edges} records.`;
          await reloadGraph();
        } catch (error) {
          note = `Undo of ${record.id} was refused: ${error instanceof Error ? error.message : String(error)}`;
        }
        await showLog(note);
      })();
    });
    item.append(' ', undo);
    return item;
  }

  /** New or removed nodes show at once: reload the graph and the health counts after a real write. */
  async function reloadGraph(): Promise<void> {
    // loadGraph refreshes the graph the panels index; the canvas is its own (undoable) picture, so it is
    // replaced with the fresh graph too, or the new nodes would be known but not drawn.
    await loadGraph(context);
    const graph = context.store.get().graph.graph;
    if (graph !== null) context.store.update(replaceCanvas(graph, 'force'));
    await loadHealth(context);
  }

  async function run(files: File[]): Promise<void> {
    if (files.length === 0 || busy) return;
    busy = true;
    replaceChildren(results);
    let applied = false;
    try {
      const accepted: File[] = [];
      for (const file of files) {
        if (ACCEPTED.test(file.name)) accepted.push(file);
        else results.append(h('li', { className: 'import-result import-failed' }, h('strong', {}, file.name), ': skipped, not a .json, .csv or .zip file'));
      }
      if (accepted.length === 0) return;
      const label = accepted.map((f) => f.name).join(', ');
      const item = h('li', { className: 'import-result' }, h('strong', {}, label), ': importing…');
      results.append(item);
      const secret = token.value.trim();
      if (secret === '') {
        replaceChildren(item, h('strong', {}, label), ': enter the admin token first');
        item.classList.add('import-failed');
        return;
      }
      try {
        // One file goes as it is; several go together, so their records reference each other in one import.
        const options = { token: secret, dryRun: dryRun.checked };
        const first = accepted[0] as File;
        const summary = accepted.length === 1
          ? await importFile({ name: first.name, body: first }, options)
          : await importFiles(accepted.map((f) => ({ name: f.name, body: f })), options);
        if (!summary.dryRun) applied = true;
        replaceChildren(item, h('strong', {}, label), `${summary.dryRun ? ' (dry run)' : ''}: `,
          h('span', { className: 'import-counts' }, describeCounts(summary)));
        item.classList.add('import-ok');
      } catch (error) {
        item.classList.add('import-failed');
        const message = error instanceof Error ? error.message : String(error);
        const refused = error instanceof ApiRequestError && (error.status === 401 || error.status === 403);
        const { issues, total } = error instanceof ApiRequestError ? issuesOf(error.details) : { issues: [], total: 0 };
        replaceChildren(item, h('strong', {}, label), `: ${refused ? 'refused: ' : ''}`, h('span', { className: 'import-error' }, message),
          issues.length > 0
            ? h('ul', { className: 'import-issues' },
              ...issues.slice(0, MAX_ISSUES_SHOWN).map((issue) => h('li', {}, describeIssue(issue))),
              total > MAX_ISSUES_SHOWN ? h('li', {}, `and ${total - MAX_ISSUES_SHOWN} more`) : null)
            : null);
      }
    } finally {
      busy = false;
    }
    if (applied) {
      await reloadGraph();
      await showLog();
    }
  }
}
