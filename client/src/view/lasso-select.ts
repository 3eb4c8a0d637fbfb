/**
 * Lasso selection: Alt+drag on the canvas draws a free-hand outline; the nodes whose centres fall inside it are
 * selected. Not cytoscape-lasso (1.1.4, February 2026, kept up): it selects through Cytoscape's own selection,
 * which this view turns off (autounselectify: the group selection is app state), so its result would have to be
 * read back from events it does not document; the outline here is an SVG over the canvas and a point-in-polygon
 * test (polygon.ts), under a hundred lines. Mouse-down is caught in the capture phase, before Cytoscape's own
 * handlers, so the drag neither pans the view nor moves a node. */

import { type Point } from './polygon';

export interface LassoOptions {
  /** Called with the outline in container (rendered) pixels when a lasso is closed; `extend` when Shift was held. */
  onLasso(outline: readonly Point[], extend: boolean): void;
  /** Called when a lasso starts (Cytoscape sees none of its events, so a tooltip shown before would stay). */
  onStart?(): void;
}

/** A drag shorter than this (in pixels of outline) is a click, not a lasso. */
const MIN_OUTLINE = 3;
const SVG_NS = 'http://www.w3.org/2000/svg';

/** Lets the user draw lassos over `container` (the canvas host); returns a function that stops it. */
export function attachLasso(container: HTMLElement, options: LassoOptions): () => void {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'lasso-layer');
  svg.setAttribute('aria-hidden', 'true');
  const outlineShape = document.createElementNS(SVG_NS, 'polygon');
  outlineShape.setAttribute('class', 'lasso-outline');
  svg.append(outlineShape);
  let points: Point[] = [];
  let drawing = false;

  const local = (event: MouseEvent): Point => {
    const box = container.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  };
  const drawOutline = (): void => outlineShape.setAttribute('points', points.map((p) => `${p.x},${p.y}`).join(' '));

  const onDown = (event: MouseEvent): void => {
    if (!event.altKey || event.button !== 0) return;
    event.preventDefault();
    event.stopPropagation();
    drawing = true;
    options.onStart?.();
    points = [local(event)];
    drawOutline();
    container.append(svg);
    window.addEventListener('mousemove', onMove, true);
    window.addEventListener('mouseup', onUp, true);
  };
  const onMove = (event: MouseEvent): void => {
    if (!drawing) return;
    event.stopPropagation();
    points.push(local(event));
    drawOutline();
  };
  const onUp = (event: MouseEvent): void => {
    if (!drawing) return;
    event.stopPropagation();
    drawing = false;
    window.removeEventListener('mousemove', onMove, true);
    window.removeEventListener('mouseup', onUp, true);
    svg.remove();
    if (points.length >= MIN_OUTLINE) options.onLasso(points, event.shiftKey);
    points = [];
  };
  container.addEventListener('mousedown', onDown, true);
  return () => {
    container.removeEventListener('mousedown', onDown, true);
    window.removeEventListener('mousemove', onMove, true);
    window.removeEventListener('mouseup', onUp, true);
    svg.remove();
  };
}
