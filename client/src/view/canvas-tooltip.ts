/**
 * Hover tooltips over the canvas: a node's name, kind and key facts, an edge's type, ends, time span, status
 * and number of sources. The facts come from the state (tooltipFacts), the widget only shows them: a
 * role="tooltip" box beside the pointer, referenced by the canvas's aria-describedby while shown, gone when the
 * pointer leaves, a button is pressed, the view moves or Escape is pressed. Text only, never markup.
 */
import type { GraphEdge, GraphNode } from '../../../server/domain/graph-model';
import { h } from '../panels/dom';

export interface TooltipFacts {
  readonly title: string;
  readonly subtitle: string;
  readonly lines: readonly string[];
}

export interface TooltipContext {
  readonly nodesById: ReadonlyMap<string, GraphNode>;
  /** Drawn relationships per node id, for "12 relationships". */
  readonly degree: ReadonlyMap<string, number>;
  /** An edge's time as text ("2004–", "retracted (claimed 2011–)"), or "" when undated. */
  validity(edge: GraphEdge): string;
}

const MAX_DESCRIPTION = 160;

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** What a node's tooltip says. */
export function nodeFacts(node: GraphNode, context: TooltipContext, state: { pinned: boolean }): TooltipFacts {
  const lines: string[] = [];
  const degree = context.degree.get(node.id) ?? 0;
  lines.push(`${degree} relationship${degree === 1 ? '' : 's'} drawn`);
  const description = node.properties['description'];
  if (typeof description === 'string' && description.length > 0) lines.push(shorten(description, MAX_DESCRIPTION));
  if (node.aliases.length > 0) lines.push(`Also: ${shorten(node.aliases.slice(0, 4).join(', '), 80)}`);
  if (state.pinned) lines.push('Pinned');
  return { title: node.name, subtitle: node.kind, lines };
}

/** What an edge's tooltip says. */
export function edgeFacts(edge: GraphEdge, context: TooltipContext): TooltipFacts {
  const name = (id: string): string => context.nodesById.get(id)?.name ?? id;
  const lines = [`${name(edge.source)} → ${name(edge.target)}`];
  const years = context.validity(edge);
  if (years.length > 0) lines.push(`Time: ${years}`);
  const status = edge.properties['status'];
  if (typeof status === 'string' && status.length > 0) lines.push(`Status: ${status}`);
  const n = edge.sources.length;
  lines.push(`${n} source${n === 1 ? '' : 's'}`);
  return { title: edge.type, subtitle: 'Relationship', lines };
}

export interface CanvasTooltip {
  show(facts: TooltipFacts, at: { x: number; y: number }): void;
  hide(): void;
  isShown(): boolean;
}

/** The tooltip box inside `host` (positioned), describing `describes` (the canvas) while it is shown. */
export function createCanvasTooltip(host: HTMLElement, describes: HTMLElement): CanvasTooltip {
  const box = h('div', { className: 'canvas-tooltip', attrs: { id: 'canvas-tooltip', role: 'tooltip' } });
  box.hidden = true;
  host.append(box);
  const hide = (): void => {
    if (box.hidden) return;
    box.hidden = true;
    describes.removeAttribute('aria-describedby');
  };
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') hide();
  });
  return {
    show(facts, at) {
      box.replaceChildren(
        h('div', { className: 'canvas-tooltip-title' }, facts.title),
        h('div', { className: 'canvas-tooltip-subtitle' }, facts.subtitle),
        ...facts.lines.map((line) => h('div', { className: 'canvas-tooltip-line' }, line)),
      );
      box.hidden = false;
      describes.setAttribute('aria-describedby', box.id);
      // Above and right of the pointer, so it never covers the node's own name (drawn below the node); on the
      // other side where it would leave the canvas.
      const hostBox = host.getBoundingClientRect();
      const { width, height } = box.getBoundingClientRect();
      let left = at.x - hostBox.left + 14;
      let top = at.y - hostBox.top - height - 14;
      if (left + width > hostBox.width) left = Math.max(0, at.x - hostBox.left - width - 14);
      if (top < 0) top = Math.min(at.y - hostBox.top + 18, Math.max(0, hostBox.height - height));
      box.style.left = `${left}px`;
      box.style.top = `${top}px`;
    },
    hide,
    isShown: () => !box.hidden,
  };
}
