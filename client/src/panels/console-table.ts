/**
 * The console's result table, the way Neo4j Browser reads: nodes and relationships as chips (a node by its
 * kind's swatch and name, a relationship as `source -[TYPE]-> target`), paths as hop text, lists and maps as
 * Cypher literals. Rows are picked with the mouse or the keyboard (one row in the tab order, arrows move,
 * Enter or Space picks), and a long answer is drawn a page at a time.
 */
import type { CypherResult } from '../../../server/domain/graph-model';
import { cellText, describeCell, type CellView, type NodeNames } from '../state/console/console-format';
import { ROWS_PER_PAGE } from '../state/console/console-state';
import { h, replaceChildren, type Child } from './dom';
import { kindSwatch } from './kind-badge';

/** Longest text drawn in a cell; the whole value stays in the cell's title. */
const MAX_CELL_TEXT = 400;

export interface ConsoleTable {
  readonly element: HTMLElement;
  /** Draws the rows of `result` up to `shownRows` (only when the result or the count changed). */
  render(result: CypherResult | null, shownRows: number, activeIndex: number | null): void;
}

export interface ConsoleTableEvents {
  onPick(index: number): void;
  onShowMore(): void;
}

function clip(text: string): string {
  return text.length > MAX_CELL_TEXT ? `${text.slice(0, MAX_CELL_TEXT - 1)}…` : text;
}

function nodeChip(node: { id: string; kind: string; name: string }): HTMLElement {
  return h('span', { className: 'cell-chip cell-node', attrs: { title: `${node.kind} · id ${node.id}`, 'data-node-id': node.id } },
    kindSwatch(node.kind), h('span', { className: 'cell-chip-name' }, node.name));
}

/** A cell's structure as DOM (text nodes only: every name and value may hold markup). */
export function renderCell(view: CellView): Child {
  switch (view.kind) {
    case 'null':
      return h('span', { className: 'cell-null' }, 'null');
    case 'scalar':
      return clip(view.text);
    case 'node':
      return nodeChip(view.node);
    case 'edge':
      return h('span', { className: 'cell-chip cell-edge', attrs: { 'data-edge-id': view.edge.id, title: `relationship ${view.edge.id}` } },
        view.sourceName, ' ', h('span', { className: 'path-hop' }, `-[${view.edge.type}]->`), ' ', view.targetName);
    case 'path': {
      const parts: Child[] = [h('span', { className: 'path-node' }, view.start.name)];
      for (const hop of view.hops) {
        parts.push(' ', h('span', { className: 'path-hop' }, hop.forward ? `-[${hop.type}]->` : `<-[${hop.type}]-`), ' ', h('span', { className: 'path-node' }, hop.to.name));
      }
      return h('span', { className: 'cell-path', attrs: { title: `${view.hops.length} ${view.hops.length === 1 ? 'hop' : 'hops'}` } }, ...parts);
    }
    case 'list': {
      const parts: Child[] = ['['];
      view.items.forEach((item, i) => parts.push(i > 0 ? ', ' : null, renderNested(item)));
      parts.push(']');
      return h('span', { className: 'cell-list' }, ...parts);
    }
    case 'map': {
      const parts: Child[] = ['{'];
      view.entries.forEach(([key, value], i) => parts.push(i > 0 ? ', ' : null, h('span', { className: 'cell-key' }, `${key}: `), renderNested(value)));
      parts.push('}');
      return h('span', { className: 'cell-map' }, ...parts);
    }
  }
}

/** A value inside a list or map: strings in quotes, as Cypher writes them. */
function renderNested(view: CellView): Child {
  return view.kind === 'scalar' && view.quoted ? JSON.stringify(clip(view.text)) : renderCell(view);
}

export function createConsoleTable(events: ConsoleTableEvents): ConsoleTable {
  const table = h('table', { className: 'console-table', attrs: { id: 'console-table', role: 'grid', 'aria-label': 'Result rows: pick one to select its elements on the canvas' } });
  const more = h('button', { className: 'button-quiet button-small console-more', attrs: { type: 'button', id: 'console-more' } });
  more.hidden = true;
  more.addEventListener('click', () => events.onShowMore());
  const element = h('div', { className: 'console-table-wrap', attrs: { id: 'console-table-wrap' } }, table, more);

  let rows: HTMLTableRowElement[] = [];
  let drawnResult: CypherResult | null = null;
  let drawnShown = 0;
  let focusIndex = 0;

  function moveFocus(index: number, pick: boolean): void {
    const row = rows[index];
    if (row === undefined) return;
    rows[focusIndex]?.setAttribute('tabindex', '-1');
    row.setAttribute('tabindex', '0');
    focusIndex = index;
    row.focus();
    if (pick) events.onPick(index);
  }

  function rowElement(cells: readonly unknown[], index: number, names: NodeNames): HTMLTableRowElement {
    const views = cells.map((cell) => describeCell(cell, names));
    const tr = h('tr', { className: 'console-row', attrs: { 'data-row': String(index), tabindex: index === 0 ? '0' : '-1', 'aria-selected': 'false' } },
      ...views.map((view) => h('td', { attrs: { title: clip(cellText(view)) } }, renderCell(view))));
    tr.addEventListener('click', () => moveFocus(index, true));
    tr.addEventListener('keydown', (event) => {
      const key = event.key;
      if (key === 'Enter' || key === ' ') events.onPick(index);
      else if (key === 'ArrowDown') moveFocus(Math.min(index + 1, rows.length - 1), true);
      else if (key === 'ArrowUp') moveFocus(Math.max(index - 1, 0), true);
      else if (key === 'Home') moveFocus(0, true);
      else if (key === 'End') moveFocus(rows.length - 1, true);
      else return;
      event.preventDefault();
    });
    return tr;
  }

  return {
    element,
    render(result, shownRows, activeIndex) {
      if (result !== drawnResult) {
        drawnResult = result;
        drawnShown = 0;
        rows = [];
        focusIndex = 0;
        if (result === null) {
          replaceChildren(table);
        } else {
          replaceChildren(table,
            h('thead', {}, h('tr', {}, ...result.columns.map((c) => h('th', { attrs: { scope: 'col' } }, c)))),
            h('tbody', {}));
        }
      }
      const tbody = table.tBodies[0];
      if (result !== null && tbody !== undefined && shownRows > drawnShown) {
        const names: NodeNames = new Map(result.graph.nodes.map((n) => [n.id, n.name]));
        const end = Math.min(shownRows, result.rows.length);
        for (let i = drawnShown; i < end; i += 1) {
          const row = rowElement(result.rows[i] ?? [], i, names);
          rows.push(row);
          tbody.appendChild(row);
        }
        drawnShown = end;
      }
      const left = result === null ? 0 : result.rows.length - drawnShown;
      more.hidden = left <= 0;
      more.textContent = left > 0 ? `Show ${Math.min(left, ROWS_PER_PAGE)} more of ${left} rows not drawn yet` : '';
      rows.forEach((row, i) => {
        const active = i === activeIndex;
        row.classList.toggle('is-active', active);
        row.setAttribute('aria-selected', String(active));
      });
    },
  };
}
