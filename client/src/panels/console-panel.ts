/**
 * The Cypher console drawer: an editor (CodeMirror 6 with Neo4j's Cypher support, loaded on first open),
 * example queries for the seed graph, the history of queries run, the engine it runs on, the result as a
 * table (its graph goes onto the canvas) and errors inline with the engine's message and position.
 */
import type { CypherResult } from '../../../server/domain/graph-model';
import type { ActionContext, AppState } from '../state/app-state';
import { runConsoleQuery } from '../state/console/console-actions';
import { errorExcerpt, formatCell } from '../state/console/console-format';
import { setConsoleOpen, type ConsoleError, type ConsoleState } from '../state/console/console-state';
import type { CypherEditor, CypherEditorSchema } from './cypher-editor';
import { h, replaceChildren } from './dom';

export interface ConsolePanel {
  readonly element: HTMLElement;
  render(state: AppState): void;
  focus(): void;
}

/** Reads that run on both engines against the seed graph (see README, "The Cypher console"). */
export const EXAMPLE_QUERIES: readonly { label: string; query: string }[] = [
  { label: 'Who hosts military bases', query: 'MATCH (c:Country)-[r:HOSTS_BASE]->(b) RETURN c, r, b' },
  { label: 'Who funds what', query: 'MATCH (a)-[r:FUNDS]->(b) RETURN a, r, b LIMIT 50' },
  { label: 'Loans and investments', query: 'MATCH (a)-[r:LENDS_TO|INVESTS_IN]->(b) RETURN a, r, b LIMIT 50' },
  { label: "Tajikistan's memberships", query: "MATCH (t:Country {id: 'tajikistan'})-[r:MEMBER_OF]->(o) RETURN t, r, o" },
  { label: 'Countries by name (table)', query: 'MATCH (c:Country) RETURN c.name AS country ORDER BY country' },
];

const ENGINE_NAMES: Record<string, string> = { embedded: 'Kuzu (embedded)', neo4j: 'Neo4j' };

export function createConsolePanel(context: ActionContext): ConsolePanel {
  const { store } = context;
  const engine = h('span', { className: 'console-engine', attrs: { id: 'console-engine' } }, 'Engine: …');
  const examples = h('select', { attrs: { id: 'console-examples', 'aria-label': 'Example queries' } },
    h('option', { attrs: { value: '' } }, 'Examples…'),
    ...EXAMPLE_QUERIES.map((example, i) => h('option', { attrs: { value: String(i) } }, example.label)));
  const history = h('select', { attrs: { id: 'console-history', 'aria-label': 'Query history' } });
  const run = h('button', { className: 'button-primary button-small', attrs: { type: 'button', id: 'console-run', title: 'Run (Ctrl+Enter)' } }, 'Run ▸');
  const close = h('button', { className: 'button-quiet button-small', attrs: { type: 'button', 'aria-label': 'Close the console' } }, '×');
  const editorHost = h('div', { className: 'console-editor', attrs: { id: 'console-editor' } });
  const errorBox = h('div', { className: 'console-error', attrs: { role: 'alert', id: 'console-error' } });
  const summary = h('p', { className: 'console-summary', attrs: { id: 'console-summary', role: 'status' } });
  const table = h('table', { className: 'console-table', attrs: { id: 'console-table' } });
  const element = h('section', { className: 'console-drawer', attrs: { id: 'console', 'aria-label': 'Cypher console' } },
    h('div', { className: 'console-header' },
      h('h2', { className: 'section-heading' }, 'Cypher console'), engine, examples, history, run, close),
    h('div', { className: 'console-body' },
      editorHost,
      h('div', { className: 'console-output' }, errorBox, summary, h('div', { className: 'console-table-wrap' }, table))),
  );
  element.hidden = true;

  let editor: CypherEditor | null = null;
  let loading: Promise<CypherEditor> | null = null;
  let pendingText: string | null = null;
  let schema: CypherEditorSchema | null = null;

  const runNow = (): void => {
    const query = editor?.getValue() ?? '';
    void runConsoleQuery(context, query);
  };

  function loadEditor(): Promise<CypherEditor> {
    loading ??= import('./cypher-editor').then(({ mountCypherEditor }) => {
      editor = mountCypherEditor(editorHost, pendingText ?? EXAMPLE_QUERIES[0]?.query ?? '', runNow);
      if (schema !== null) editor.setSchema(schema);
      editorHost.dataset['ready'] = 'true';
      return editor;
    });
    return loading;
  }

  function setText(text: string): void {
    pendingText = text;
    if (editor !== null) editor.setValue(text);
    else void loadEditor();
  }

  examples.addEventListener('change', () => {
    const example = EXAMPLE_QUERIES[Number(examples.value)];
    if (example !== undefined) setText(example.query);
    examples.value = '';
  });
  history.addEventListener('change', () => {
    if (history.value !== '') setText(history.value);
    history.value = '';
  });
  run.addEventListener('click', runNow);
  close.addEventListener('click', () => store.update(setConsoleOpen(false)));

  function renderError(error: ConsoleError | null, query: string | null): void {
    errorBox.hidden = error === null;
    if (error === null) return;
    const where = error.line !== null && error.column !== null ? `line ${error.line}, column ${error.column}` : null;
    replaceChildren(errorBox,
      h('p', { className: 'console-error-message' },
        h('strong', {}, error.code === 'query_rejected' ? 'Refused: ' : 'The engine refused the query: '),
        error.message, ' ', h('code', { className: 'message-code' }, error.code)),
      where !== null && query !== null ? h('pre', { className: 'console-error-excerpt', attrs: { 'aria-label': `At ${where}` } }, errorExcerpt(query, error.line ?? 1, error.column ?? 1)) : null,
    );
    if (error.line !== null && error.column !== null) editor?.setPosition(error.line, error.column);
  }

  function renderResult(result: CypherResult | null): void {
    if (result === null) {
      replaceChildren(table);
      summary.textContent = '';
      return;
    }
    const rows = `${result.rows.length} ${result.rows.length === 1 ? 'row' : 'rows'}`;
    const drawn = result.graph.nodes.length > 0 ? ` · ${result.graph.nodes.length} nodes and ${result.graph.edges.length} edges drawn` : ' · nothing to draw';
    summary.textContent = `${rows}${drawn} · ${result.elapsedMs} ms on ${ENGINE_NAMES[result.engine] ?? result.engine}${result.truncated ? ' · truncated' : ''}`;
    replaceChildren(table,
      h('thead', {}, h('tr', {}, ...result.columns.map((c) => h('th', { attrs: { scope: 'col' } }, c)))),
      h('tbody', {}, ...result.rows.map((row) => h('tr', {}, ...row.map((cell) => h('td', {}, formatCell(cell)))))),
    );
  }

  let drawn: ConsoleState | null = null;
  let drawnVocabulary: unknown = null;
  let drawnHealth: unknown = null;
  return {
    element,
    focus() {
      void loadEditor().then((e) => e.focus());
    },
    render(state) {
      if (state.graph.health !== drawnHealth) {
        drawnHealth = state.graph.health;
        const name = state.graph.health?.engine;
        engine.textContent = name === undefined ? 'Engine: …' : `on ${ENGINE_NAMES[name] ?? name}`;
      }
      if (state.graph.vocabulary !== drawnVocabulary && state.graph.vocabulary !== null) {
        drawnVocabulary = state.graph.vocabulary;
        const keys = new Set(['id', 'name', 'aliases']);
        for (const node of state.graph.graph?.nodes ?? []) for (const key of Object.keys(node.properties)) keys.add(key);
        for (const edge of state.graph.graph?.edges ?? []) for (const key of Object.keys(edge.properties)) keys.add(key);
        schema = {
          labels: state.graph.vocabulary.kinds.map((k) => k.kind),
          relationshipTypes: state.graph.vocabulary.relationshipTypes.map((t) => t.type),
          propertyKeys: [...keys].sort(),
        };
        editor?.setSchema(schema);
      }
      const current = state.console;
      if (current === drawn) return;
      element.hidden = !current.open;
      if (current.open && !(drawn?.open ?? false)) void loadEditor();
      if (current.history !== drawn?.history) {
        replaceChildren(history, h('option', { attrs: { value: '' } }, `History (${current.history.length})…`),
          ...current.history.map((q) => h('option', { attrs: { value: q } }, q.length > 80 ? `${q.slice(0, 79)}…` : q)));
      }
      run.disabled = current.status === 'loading';
      run.textContent = current.status === 'loading' ? 'Running…' : 'Run ▸';
      if (current.error !== drawn?.error) renderError(current.error, current.query);
      if (current.result !== drawn?.result) renderResult(current.result);
      drawn = current;
    },
  };
}
