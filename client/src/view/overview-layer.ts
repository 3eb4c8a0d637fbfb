/**
 * The overview's layer: on a large view every edge and every node is drawn on a plain canvas under Cytoscape's,
 * from the overview model's arrays (overview-model.ts): one stroked path per edge colour, one filled path of
 * discs per node colour. Cytoscape draws on top only the few elements handed to it (hubs, the selection and its
 * neighbourhood, the path, whatever is under the pointer), with their shapes, labels and arrows; that is where
 * the overview's status styles (dashed, retracted) and node shapes show, the layer draws plain lines and discs.
 *
 * While the camera moves the last picture is moved with a CSS transform, and redrawn once the camera settles.
 */
import type cytoscape from 'cytoscape';
import type { OverviewModel } from './overview-model';

/** The class of the layer's canvas, for tests that read its pixels. */
export const OVERVIEW_LAYER_CLASS = 'edge-layer';
/** How long the camera must rest before the layer is redrawn at the new zoom. */
const SETTLE_MS = 120;
/** Below this many screen pixels a node is drawn as a square, which costs far less than a disc and looks alike. */
const DISC_MIN_PX = 3;

interface Viewport {
  readonly zoom: number;
  readonly x: number;
  readonly y: number;
}

export interface OverviewLayer {
  /** Redraws at the next frame (the model's positions or elements changed). */
  redraw(): void;
  /** Removes the layer and its listeners. */
  detach(): void;
}

/** Adds index `i` to the group of `colour`: each colour is then one stroke or one fill, not one per element. */
function push(groups: Map<string, number[]>, colour: string, i: number): void {
  const group = groups.get(colour);
  if (group === undefined) groups.set(colour, [i]);
  else group.push(i);
}

/**
 * Draws `model()` on a canvas placed under Cytoscape's in `container`, following the camera of `cy`.
 */
export function attachOverviewLayer(cy: cytoscape.Core, container: HTMLElement, model: () => OverviewModel | null): OverviewLayer {
  const doc = container.ownerDocument;
  const canvas = doc.createElement('canvas');
  canvas.className = OVERVIEW_LAYER_CLASS;
  canvas.style.cssText = 'position:absolute;left:0;top:0;pointer-events:none;transform-origin:0 0;';
  // A clip of the container's size: while the camera zooms in, the scaled picture would otherwise spill over
  // the page around the canvas until the redraw.
  const clip = doc.createElement('div');
  clip.style.cssText = 'position:absolute;inset:0;overflow:hidden;pointer-events:none;';
  clip.append(canvas);
  // The clip is positioned against the container; Cytoscape's own canvases come later in the DOM, so on top.
  if (doc.defaultView?.getComputedStyle(container).position === 'static') container.style.position = 'relative';
  container.prepend(clip);
  const context = canvas.getContext('2d');

  let drawnAt: Viewport | null = null;
  let frame: number | null = null;
  let settle: ReturnType<typeof setTimeout> | null = null;

  function draw(): void {
    frame = null;
    if (context === null || cy.destroyed()) return;
    const width = cy.width();
    const height = cy.height();
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    canvas.style.transform = '';
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, width, height);
    const zoom = cy.zoom();
    const pan = cy.pan();
    drawnAt = { zoom, x: pan.x, y: pan.y };
    const drawing = model();
    if (drawing === null) return;
    context.setTransform(zoom, 0, 0, zoom, pan.x, pan.y);
    drawEdges(context, drawing, zoom);
    drawNodes(context, drawing, zoom);
  }

  function scheduleDraw(): void {
    if (frame === null) frame = requestAnimationFrame(draw);
  }

  /** Moves the last picture with the camera (screen = pan + zoom × model), then redraws once it rests. */
  function followCamera(): void {
    if (drawnAt !== null) {
      const zoom = cy.zoom();
      const pan = cy.pan();
      const scale = zoom / drawnAt.zoom;
      canvas.style.transform = `translate(${pan.x - scale * drawnAt.x}px, ${pan.y - scale * drawnAt.y}px) scale(${scale})`;
    }
    if (settle !== null) clearTimeout(settle);
    settle = setTimeout(() => {
      settle = null;
      // A draw since the move (a framing right before a redraw asked for anyway) already shows this viewport:
      // on 50k elements a second one costs a visible pause.
      const pan = cy.pan();
      if (drawnAt !== null && drawnAt.zoom === cy.zoom() && drawnAt.x === pan.x && drawnAt.y === pan.y) return;
      scheduleDraw();
    }, SETTLE_MS);
  }

  cy.on('viewport', followCamera);
  cy.on('resize', scheduleDraw);
  scheduleDraw();
  return {
    redraw: scheduleDraw,
    detach() {
      if (frame !== null) cancelAnimationFrame(frame);
      if (settle !== null) clearTimeout(settle);
      cy.off('viewport', followCamera);
      cy.off('resize', scheduleDraw);
      clip.remove();
    },
  };
}

function drawEdges(context: CanvasRenderingContext2D, model: OverviewModel, zoom: number): void {
  const byColour = new Map<string, number[]>();
  for (let e = 0; e < model.edgeCount; e++) push(byColour, model.edgeColour(e), e);
  // One screen pixel whatever the zoom; pale, since thousands of them overlap.
  context.lineWidth = 1 / zoom;
  context.globalAlpha = 0.55;
  for (const [colour, edges] of byColour) {
    context.beginPath();
    for (const e of edges) {
      const s = model.sources[e] as number;
      const t = model.targets[e] as number;
      if (s < 0 || t < 0) continue;
      context.moveTo(model.x(s), model.y(s));
      context.lineTo(model.x(t), model.y(t));
    }
    context.strokeStyle = colour;
    context.stroke();
  }
  context.globalAlpha = 1;
}

function drawNodes(context: CanvasRenderingContext2D, model: OverviewModel, zoom: number): void {
  const byColour = new Map<string, number[]>();
  for (let i = 0; i < model.nodeCount; i++) push(byColour, model.colours[i] as string, i);
  for (const [colour, nodes] of byColour) {
    context.beginPath();
    for (const i of nodes) {
      const x = model.x(i);
      const y = model.y(i);
      const r = (model.sizes[i] as number) / 2;
      if (r * zoom < DISC_MIN_PX) {
        context.rect(x - r, y - r, 2 * r, 2 * r);
      } else {
        context.moveTo(x + r, y);
        context.arc(x, y, r, 0, 2 * Math.PI);
      }
    }
    context.fillStyle = colour;
    context.fill();
  }
}
