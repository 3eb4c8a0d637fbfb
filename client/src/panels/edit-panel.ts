/**
 * Edit mode (issue 19): with the admin token set (Import panel), an Edit button in the header turns on forms
 * at the top of the details column to create, edit and delete entities and relationships and their sources,
 * reached from the selection or the canvas menu (edit-actions.ts). A relationship is drawn by picking two
 * nodes: "New relationship from here" on one, then a click on the other. Every save is an import on the
 * server (/api/edits), so it is listed in the import log and undone there or with this panel's Undo, which
 * walks back through this tab's edits. A refusal shows the server's message and marks the field it names.
 */
import type { GraphEdge, GraphNode, Source } from '../../../server/domain/graph-model';
import type { Status } from '../../../server/domain/seed-schema';
import { ApiRequestError, undoImport } from '../api/api-client';
import * as edits from '../api/edit-api';
import type { ActionContext, AppState } from '../state/app-state';
import { replaceCanvas } from '../state/canvas/canvas-state';
import { loadGraph, loadHealth } from '../state/graph/graph-actions';
import { indexGraph } from '../state/graph/graph-state';
import { dismissMessage, showInfo } from '../state/messages/messages-state';
import { chooseEdge, chooseNode } from '../state/selection/selection-actions';
import { clearSelection } from '../state/selection/selection-state';
import { ADMIN_TOKEN_EVENT, readAdminToken } from './admin-token';
import { h, replaceChildren, requireElement, type Child } from './dom';
import { registerEditActions } from './edit-actions';

export interface EditPanel {
  readonly element: HTMLElement;
  render(state: AppState): void;
}

// Every status, checked against the server's union: a status added there fails to compile here.
const STATUS_LABELS: Record<Status, string> = {
  reported: 'reported',
  alleged: 'alleged',
  disputed: 'disputed',
  retracted: 'retracted',
  planned: 'planned',
};
const TIME_FIELDS = ['validFrom', 'validTo', 'asOf'] as const;
const GRADES_KEY = 'sourceGrades';

/** The field a refusal names: zod's `fields[0].field` or the edit's `field`, as the form's data-field ("sources.0.quote"). */
function fieldOf(error: unknown): string | null {
  if (!(error instanceof ApiRequestError) || typeof error.details !== 'object' || error.details === null) return null;
  const d = error.details as { field?: unknown; fields?: Array<{ field?: unknown }> };
  const raw = typeof d.field === 'string' ? d.field : typeof d.fields?.[0]?.field === 'string' ? d.fields[0].field : null;
  return raw === null ? null : raw.replace(/^body\./, '').replace(/\[(\d+)\]/g, '.$1');
}

function input(field: string, label: string, value = '', attrs: Record<string, string> = {}): { row: HTMLElement; input: HTMLInputElement } {
  const el = h('input', { attrs: { type: 'text', 'data-field': field, 'aria-label': label, ...attrs } });
  el.value = value;
  return { row: h('label', { className: 'edit-field' }, h('span', {}, label), el), input: el };
}

function select(field: string, label: string, options: ReadonlyArray<[string, string]>, value: string): { row: HTMLElement; select: HTMLSelectElement } {
  const el = h('select', { attrs: { 'data-field': field, 'aria-label': label } }, ...options.map(([v, text]) => h('option', { attrs: { value: v } }, text)));
  el.value = value;
  return { row: h('label', { className: 'edit-field' }, h('span', {}, label), el), select: el };
}

function textarea(field: string, label: string, value = ''): { row: HTMLElement; textarea: HTMLTextAreaElement } {
  const el = h('textarea', { attrs: { 'data-field': field, 'aria-label': label, rows: '3' } });
  el.value = value;
  return { row: h('label', { className: 'edit-field' }, h('span', {}, label), el), textarea: el };
}

function button(label: string, className: string, run: () => void, attrs: Record<string, string> = {}): HTMLButtonElement {
  const b = h('button', { className, attrs: { type: 'button', ...attrs } }, label);
  b.addEventListener('click', run);
  return b;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

export function createEditPanel(context: ActionContext): EditPanel {
  const { store } = context;
  const body = h('div', { className: 'edit-body' });
  const error = h('p', { className: 'edit-error', attrs: { role: 'alert', id: 'edit-error' } });
  const notice = h('div', { className: 'edit-notice', attrs: { 'aria-live': 'polite', id: 'edit-notice' } });
  const element = h('section', { className: 'edit-panel', attrs: { id: 'edit-panel', 'aria-label': 'Edit the graph' } },
    h('div', { className: 'edit-head' }, h('h2', { className: 'section-heading' }, 'Edit'),
      button('New entity', 'edit-new-entity', () => openEntity(null), { id: 'edit-new-entity' })),
    notice, error, body);
  element.hidden = true;

  const toggle = h('button', { className: 'edit-toggle', attrs: { id: 'edit-toggle', type: 'button', 'aria-pressed': 'false', title: 'Edit mode: create, change and delete entities and relationships' } }, 'Edit');
  requireElement(document, '.app-header', HTMLElement).insertBefore(toggle, document.getElementById('import-toggle'));

  let on = false;
  let pendingFrom: string | null = null;
  /** The canvas notice that asks for the other end of a new relationship, gone once it is picked. */
  let pickingNotice: number | null = null;
  const endPicking = (): void => {
    pendingFrom = null;
    const notice = pickingNotice;
    pickingNotice = null;
    // After the current render: this may run inside one, and the store re-renders on update.
    if (notice !== null) queueMicrotask(() => store.update(dismissMessage(notice)));
  };
  let seenRevision = -1;
  /** This tab's edits, newest last: Undo walks back through them. */
  const undoStack: Array<{ importId: string; label: string }> = [];

  const token = (): string => readAdminToken().trim();
  const setOn = (value: boolean): void => {
    on = value && token() !== '';
    toggle.setAttribute('aria-pressed', String(on));
    element.hidden = !on;
    if (!on) endPicking();
    else if (body.querySelector('form, .edit-confirm, .edit-picking') === null) replaceChildren(body, selectionActions(store.get()));
  };
  const syncToken = (): void => {
    toggle.hidden = token() === '';
    if (toggle.hidden) setOn(false);
  };
  toggle.addEventListener('click', () => setOn(!on));
  window.addEventListener(ADMIN_TOKEN_EVENT, syncToken);
  syncToken();

  const graphIndex = () => indexGraph(store.get().graph.graph);
  const clearError = (): void => {
    error.textContent = '';
    for (const bad of element.querySelectorAll('[aria-invalid="true"]')) bad.removeAttribute('aria-invalid');
  };
  const showFailure = (what: string, failure: unknown): void => {
    error.textContent = `${what}: ${failure instanceof Error ? failure.message : String(failure)}`;
    const field = fieldOf(failure);
    if (field === null) return;
    // The named field, or the closest one the form has ("sources.0" for "sources.0.document" missing).
    const parts = field.split('.');
    for (let n = parts.length; n > 0; n -= 1) {
      const target = body.querySelector<HTMLElement>(`[data-field="${CSS.escape(parts.slice(0, n).join('.'))}"]`);
      if (target !== null) {
        target.setAttribute('aria-invalid', 'true');
        target.focus();
        return;
      }
    }
  };

  /** The graph after a write: reloaded and redrawn, as after an import, and the counts refreshed. */
  async function reloadGraph(): Promise<void> {
    await loadGraph(context);
    const graph = store.get().graph.graph;
    if (graph !== null) store.update(replaceCanvas(graph, 'force'));
    await loadHealth(context);
  }

  function showUndo(message: string): void {
    const last = undoStack[undoStack.length - 1];
    replaceChildren(notice, h('span', {}, message), last === undefined ? null : ' ',
      last === undefined ? null : button('Undo', 'edit-undo', () => void undoLast(), { id: 'edit-undo', title: `Undo ${last.label} (${last.importId})` }));
  }

  async function undoLast(): Promise<void> {
    const last = undoStack[undoStack.length - 1];
    if (last === undefined) return;
    clearError();
    try {
      await undoImport(last.importId, token());
      undoStack.pop();
      await reloadGraph();
      showUndo(`Undid ${last.label}.`);
      if (body.querySelector('form, .edit-confirm, .edit-picking') === null) replaceChildren(body, selectionActions(store.get()));
    } catch (failure) {
      showFailure(`Undo of ${last.label} was refused`, failure);
    }
  }

  /** Runs one write; on success records it for Undo, reloads the graph and selects what it wrote. */
  async function write(label: string, run: () => Promise<edits.EditSummary>, after?: (s: edits.EditSummary) => void): Promise<void> {
    clearError();
    let summary: edits.EditSummary;
    try {
      summary = await run();
    } catch (failure) {
      showFailure(`Could not ${label}`, failure);
      return;
    }
    if (summary.importId !== undefined) undoStack.push({ importId: summary.importId, label });
    replaceChildren(body);
    await reloadGraph();
    showUndo(summary.action === 'unchanged' ? 'Nothing changed.' : `Done: ${label}.`);
    // What was deleted is no longer there to show or edit.
    if (summary.action === 'deleted') store.update(clearSelection);
    after?.(summary);
    if (body.childElementCount === 0) replaceChildren(body, selectionActions(store.get()));
  }

  // --- entities ---

  function openEntity(node: GraphNode | null): void {
    setOn(true);
    clearError();
    const vocabulary = store.get().graph.vocabulary;
    const kinds = (vocabulary?.kinds ?? []).map((k): [string, string] => [k.kind, k.kind]);
    const kind = select('kind', 'Kind', node === null ? [['', 'Choose a kind…'], ...kinds] : kinds, node?.kind ?? '');
    // The kind of a stored entity is its table on the embedded engine: fixed once created.
    kind.select.disabled = node !== null;
    const id = input('id', 'Id (optional)', '', { placeholder: 'from the name' });
    const name = input('name', 'Name', node?.name ?? '');
    const aliases = input('aliases', 'Aliases (comma-separated)', (node?.aliases ?? []).join(', '));
    const description = textarea('description', 'Description', text(node?.properties.description));
    const save = (): void => {
      const rest = { ...(node?.properties ?? {}) };
      delete rest.description;
      const edit: edits.EntityEdit = {
        kind: kind.select.value,
        name: name.input.value,
        aliases: aliases.input.value.split(',').map((a) => a.trim()).filter((a) => a !== ''),
        description: description.textarea.value.trim() === '' ? undefined : description.textarea.value,
        properties: rest,
      };
      if (node === null) {
        if (id.input.value.trim() !== '') edit.id = id.input.value.trim();
        void write(`create ${edit.name}`, () => edits.createEntity(edit, token()), (s) => s.entity !== undefined && void chooseNode(context, s.entity, { centre: true }));
      } else {
        void write(`edit ${edit.name}`, () => edits.replaceEntity(node.id, edit, token()), () => void chooseNode(context, node.id, { centre: true }));
      }
    };
    replaceChildren(body, h('form', { className: 'edit-form', attrs: { id: 'edit-entity-form', 'aria-label': node === null ? 'New entity' : `Edit ${node.name}` } },
      h('h3', { className: 'edit-title' }, node === null ? 'New entity' : `Entity ${node.id}`),
      kind.row, node === null ? id.row : null, name.row, aliases.row, description.row,
      h('div', { className: 'edit-buttons' },
        button('Save', 'edit-save', save, { id: 'edit-save' }),
        node === null ? null : button('Delete…', 'edit-delete', () => void confirmDeleteNode(node.id), { id: 'edit-delete' }),
        button('Cancel', 'edit-cancel', showSelection))));
    name.input.focus();
  }

  async function confirmDeleteNode(nodeId: string): Promise<void> {
    setOn(true);
    clearError();
    const node = graphIndex().nodesById.get(nodeId);
    let plan: edits.EditSummary;
    try {
      plan = await edits.deleteEntity(nodeId, token(), true);
    } catch (failure) {
      showFailure(`Could not delete ${nodeId}`, failure);
      return;
    }
    const names = graphIndex().nodesById;
    const listed = plan.removedRelationships.map((r) =>
      h('li', {}, `${names.get(r.source)?.name ?? r.source} —${r.type}→ ${names.get(r.target)?.name ?? r.target}`));
    replaceChildren(body, h('div', { className: 'edit-confirm', attrs: { role: 'group', 'aria-label': 'Confirm deletion' } },
      h('p', {}, `Delete ${node?.name ?? nodeId}`, plan.removedRelationships.length === 0 ? '? It has no relationships.' : ` and its ${plan.removedRelationships.length} relationship(s)?`),
      listed.length > 0 ? h('ul', { className: 'edit-confirm-list' }, ...listed) : null,
      h('div', { className: 'edit-buttons' },
        button('Delete', 'edit-delete edit-danger', () => void write(`delete ${node?.name ?? nodeId}`, () => edits.deleteEntity(nodeId, token())), { id: 'edit-confirm-delete' }),
        button('Cancel', 'edit-cancel', showSelection))));
  }

  // --- relationships ---

  function sourceRow(source: Partial<Source>, grade: string, index: number, remove: (row: HTMLElement) => void): HTMLElement {
    const documents = h('datalist', { attrs: { id: `edit-documents-${index}` } },
      ...[...documentsOf()].map(([id, title]) => h('option', { attrs: { value: id } }, title)));
    const doc = input(`sources.${index}.document`, 'Document', source.document ?? '', { list: `edit-documents-${index}`, 'data-role': 'document' });
    const quote = textarea(`sources.${index}.quote`, 'Quote (verbatim)', source.quote ?? '');
    quote.textarea.setAttribute('data-role', 'quote');
    const gradeInput = input(`properties.${GRADES_KEY}`, 'Grade (e.g. B2)', grade, { 'data-role': 'grade', size: '4' });
    const date = source.published !== undefined ? h('p', { className: 'muted edit-source-date' }, `Published ${source.published}`) : null;
    const row = h('fieldset', { className: 'edit-source', attrs: { 'data-field': `sources.${index}` } },
      h('legend', {}, `Source ${index + 1}`), doc.row, documents, quote.row, gradeInput.row, date);
    row.append(button('Remove source', 'edit-remove-source', () => remove(row)));
    if (source.role !== undefined) row.setAttribute('data-source-role', source.role);
    return row;
  }

  /** Documents the graph cites, id → title, for the source rows' suggestions. */
  function documentsOf(): Map<string, string> {
    const out = new Map<string, string>();
    for (const e of store.get().graph.graph?.edges ?? []) for (const s of e.sources) if (!out.has(s.document)) out.set(s.document, s.title ?? s.document);
    return out;
  }

  function openRelationship(edge: GraphEdge | null, ends?: { source: string; target: string }): void {
    setOn(true);
    clearError();
    const state = store.get();
    const index = graphIndex();
    const sourceId = edge?.source ?? ends?.source ?? '';
    const targetId = edge?.target ?? ends?.target ?? '';
    const types = state.graph.vocabulary?.relationshipTypes ?? [];
    const fromKind = index.nodesById.get(sourceId)?.kind;
    const toKind = index.nodesById.get(targetId)?.kind;
    const fitting = types.find((t) => (fromKind === undefined || t.from.includes(fromKind)) && (toKind === undefined || t.to.includes(toKind)));
    const type = select('type', 'Type', types.map((t): [string, string] => [t.type, `${t.type} (${t.from.join('/')} → ${t.to.join('/')})`]), edge?.type ?? fitting?.type ?? types[0]?.type ?? '');
    const nodes = h('datalist', { attrs: { id: 'edit-nodes' } }, ...(state.graph.graph?.nodes ?? []).map((n) => h('option', { attrs: { value: n.id } }, `${n.name} (${n.kind})`)));
    const source = input('source', 'From', sourceId, { list: 'edit-nodes' });
    const target = input('target', 'To', targetId, { list: 'edit-nodes' });
    const swap = button('⇄ Reverse direction', 'edit-swap', () => {
      [source.input.value, target.input.value] = [target.input.value, source.input.value];
    }, { id: 'edit-swap' });
    const times = TIME_FIELDS.map((key) => input(`properties.${key}`, key, text(edge?.properties[key]), { placeholder: 'YYYY, YYYY-MM or YYYY-MM-DD', 'data-key': key }));
    const status = select('properties.status', 'Status', [['', '(none)'], ...Object.entries(STATUS_LABELS)], text(edge?.properties.status));
    const grades = edge?.properties[GRADES_KEY];
    const sources = h('div', { className: 'edit-sources' });
    let rows = 0;
    const addSource = (s: Partial<Source>, grade: string): void => {
      sources.append(sourceRow(s, grade, rows, (row) => row.remove()));
      rows += 1;
    };
    (edge?.sources ?? [{}]).forEach((s, i) => addSource(s, Array.isArray(grades) ? text(grades[i]) : ''));

    const save = (): void => {
      const properties = { ...(edge?.properties ?? {}) };
      for (const t of times) {
        const key = t.input.getAttribute('data-key') as string;
        if (t.input.value.trim() === '') delete properties[key];
        else properties[key] = t.input.value.trim();
      }
      if (status.select.value === '') delete properties.status;
      else properties.status = status.select.value;
      const list: Source[] = [];
      const gradeList: string[] = [];
      for (const row of sources.querySelectorAll<HTMLElement>('.edit-source')) {
        const value = (role: string): string => row.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[data-role="${role}"]`)?.value.trim() ?? '';
        const role = row.getAttribute('data-source-role');
        list.push({ document: value('document'), quote: value('quote'), ...(role === 'correction' || role === 'claim' ? { role } : {}) });
        gradeList.push(value('grade'));
      }
      // Grades go all or none: one per source, in order (source-grades.ts).
      if (gradeList.some((g) => g !== '')) properties[GRADES_KEY] = gradeList;
      else delete properties[GRADES_KEY];
      const edit: edits.RelationshipEdit = { type: type.select.value, source: source.input.value.trim(), target: target.input.value.trim(), properties, sources: list };
      const nameOf = (id: string): string => graphIndex().nodesById.get(id)?.name ?? id;
      const label = `${edit.type} ${nameOf(edit.source)} → ${nameOf(edit.target)}`;
      const showWritten = (s: edits.EditSummary): void => {
        const written = s.relationship === undefined ? undefined : graphIndex().edgesById.get(s.relationship);
        if (written !== undefined) chooseEdge(context, written, { centre: true });
      };
      if (edge === null) void write(`create ${label}`, () => edits.createRelationship(edit, token()), showWritten);
      else void write(`edit ${label}`, () => edits.replaceRelationship(edge.id, edit, token()), showWritten);
    };
    replaceChildren(body, h('form', { className: 'edit-form', attrs: { id: 'edit-relationship-form', 'aria-label': edge === null ? 'New relationship' : `Edit relationship ${edge.id}` } },
      h('h3', { className: 'edit-title' }, edge === null ? 'New relationship' : `Relationship ${edge.id}`),
      type.row, nodes, source.row, target.row, swap,
      h('div', { className: 'edit-times' }, ...times.map((t) => t.row)), status.row,
      h('h4', { className: 'details-heading' }, 'Sources'),
      // The server checks each new quote against its document's stored text, when the document has one.
      h('p', { className: 'muted' }, 'Copy each quote verbatim from its document: a document stored with its text is checked.'),
      sources,
      button('Add source', 'edit-add-source', () => addSource({}, ''), { id: 'edit-add-source' }),
      h('div', { className: 'edit-buttons' },
        button('Save', 'edit-save', save, { id: 'edit-save' }),
        edge === null ? null : button('Delete…', 'edit-delete', () => confirmDeleteEdge(edge.id), { id: 'edit-delete' }),
        button('Cancel', 'edit-cancel', showSelection))));
    (edge === null ? sources.querySelector<HTMLElement>('[data-role="document"]') : type.select)?.focus();
  }

  function confirmDeleteEdge(edgeId: string): void {
    setOn(true);
    clearError();
    const index = graphIndex();
    const edge = index.edgesById.get(edgeId);
    if (edge === undefined) return;
    const name = (id: string): string => index.nodesById.get(id)?.name ?? id;
    const label = `${name(edge.source)} —${edge.type}→ ${name(edge.target)}`;
    replaceChildren(body, h('div', { className: 'edit-confirm', attrs: { role: 'group', 'aria-label': 'Confirm deletion' } },
      h('p', {}, `Delete the relationship ${label} with its ${edge.sources.length} source(s)?`),
      h('div', { className: 'edit-buttons' },
        button('Delete', 'edit-delete edit-danger', () => void write(`delete ${label}`, () => edits.deleteRelationship(edgeId, token())), { id: 'edit-confirm-delete' }),
        button('Cancel', 'edit-cancel', showSelection))));
  }

  function relationshipFrom(nodeId: string): void {
    setOn(true);
    pendingFrom = nodeId;
    seenRevision = store.get().selection.revision;
    const name = graphIndex().nodesById.get(nodeId)?.name ?? nodeId;
    replaceChildren(body, h('p', { className: 'edit-picking', attrs: { id: 'edit-picking' } }, `New relationship from ${name}: click the node it goes to. `,
      button('Cancel', 'edit-cancel', () => {
        endPicking();
        showSelection();
      })));
    store.update(showInfo('New relationship', `From ${name}: now click the node it goes to.`));
    pickingNotice = store.get().messages.nextId - 1;
  }

  function editNode(id: string): void {
    const node = graphIndex().nodesById.get(id);
    if (node !== undefined) openEntity(node);
  }

  registerEditActions({
    isOn: () => on,
    editNode,
    deleteNode: (id) => void confirmDeleteNode(id),
    relationshipFrom,
    editEdge: (id) => {
      const edge = graphIndex().edgesById.get(id);
      if (edge !== undefined) openRelationship(edge);
    },
    deleteEdge: confirmDeleteEdge,
    newEntity: () => openEntity(null),
  });

  /** Closes a form or confirmation: the selection's buttons again. */
  function showSelection(): void {
    replaceChildren(body, selectionActions(store.get()));
  }

  /** The selection's own buttons while Edit mode is on and no form is open. */
  function selectionActions(state: AppState): Child {
    const current = state.selection.current;
    if (current.kind === 'node') {
      return h('div', { className: 'edit-buttons edit-selection' },
        button('Edit entity', 'edit-open', () => editNode(current.id), { id: 'edit-open-node' }),
        button('New relationship from here', 'edit-open', () => relationshipFrom(current.id), { id: 'edit-from-node' }),
        button('Delete entity…', 'edit-delete', () => void confirmDeleteNode(current.id)));
    }
    if (current.kind === 'edge') {
      return h('div', { className: 'edit-buttons edit-selection' },
        button('Edit relationship', 'edit-open', () => openRelationship(current.edge), { id: 'edit-open-edge' }),
        button('Delete relationship…', 'edit-delete', () => confirmDeleteEdge(current.id)));
    }
    return h('p', { className: 'muted edit-selection' }, 'Select a node or relationship to edit it, or create an entity.');
  }

  let lastSelection = -1;
  return {
    element,
    render(state: AppState): void {
      if (!on) return;
      const revision = state.selection.revision;
      const current = state.selection.current;
      if (pendingFrom !== null && revision !== seenRevision && current.kind === 'node' && current.id !== pendingFrom) {
        const from = pendingFrom;
        endPicking();
        openRelationship(null, { source: from, target: current.id });
        lastSelection = revision;
        return;
      }
      // A new selection replaces the actions shown, never an open form or confirmation.
      if (revision !== lastSelection && pendingFrom === null && body.querySelector('form, .edit-confirm') === null) {
        lastSelection = revision;
        replaceChildren(body, selectionActions(state));
      }
    },
  };
}
