/**
 * The overview's edge layer: on a large view every edge is drawn as one stroked path per colour on a plain
 * canvas under Cytoscape's, instead of by Cytoscape. Profiling a 50k-element overview showed Cytoscape spending
 * most of the first draw on its edges (a style, a bounding box and a cached texture lookup per edge, every
 * frame); a hairline per edge needs none of that. The edges stay in Cytoscape, hidden by the overview's style
 * (level-of-detail.ts), so selection, paths, the probe and syncing work on them as before, and the few that are
 * highlighted (hovered, selected, near the selection, on a path) are shown by Cytoscape on top, with arrows.
 * Edges on this layer take no clicks: an overview answers clicks on nodes only.
 *
 * While the camera moves the last picture is moved with a CSS transform, and redrawn once the camera settles.
 */
import type cytoscape from 'cytoscape';

/** The overview's edge colour when an edge has no category colour: the base grey at 60 % over white. */
export const EDGE_LAYER_GREY = '#c2c9d2';
/** How long the camera must rest before the layer is redrawn at the new zoom. */
const SETTLE_MS = 120;

interface Viewport {
  readonly zoom: number;
  readonly x: number;
  readonly y: number;
}

/**
 * Draws the edges of `cy` on a canvas placed under Cytoscape's in `container`, kept current as the camera,
 * positions and edges change. Returns a function that removes the layer and its listeners.
 */
export function attachEdgeLayer(cy: cytoscape.Core, container: HTMLElement): () => void {
  const doc = container.ownerDocument;
  const canvas = doc.createElement('canvas');
  canvas.className = 'edge-layer';
  canvas.style.cssText = 'position:absolute;left:0;top:0;pointer-events:none;transform-origin:0 0;';
  // The canvas is positioned against the container; Cytoscape's own canvases come later in the DOM, so on top.
  if (doc.defaultView?.getComputedStyle(container).position === 'static') container.style.position = 'relative';
  container.prepend(canvas);
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
    // Lines of one colour go into one path: one stroke per relationship category, not one per edge.
    const byColour = new Map<string, number[]>();
    cy.edges().forEach((edge) => {
      const colour = (edge.data('categoryColor') as string | undefined) ?? EDGE_LAYER_GREY;
      let lines = byColour.get(colour);
      if (lines === undefined) byColour.set(colour, (lines = []));
      const from = edge.source().position();
      const to = edge.target().position();
      lines.push(from.x, from.y, to.x, to.y);
    });
    context.setTransform(zoom, 0, 0, zoom, pan.x, pan.y);
    // One screen pixel whatever the zoom; pale, since thousands of them overlap.
    context.lineWidth = 1 / zoom;
    context.globalAlpha = 0.55;
    for (const [colour, lines] of byColour) {
      context.beginPath();
      for (let i = 0; i + 3 < lines.length; i += 4) {
        context.moveTo(lines[i] as number, lines[i + 1] as number);
        context.lineTo(lines[i + 2] as number, lines[i + 3] as number);
      }
      context.strokeStyle = colour;
      context.stroke();
    }
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
      scheduleDraw();
    }, SETTLE_MS);
  }

  cy.on('viewport', followCamera);
  cy.on('add remove position', scheduleDraw);
  cy.on('data', 'edge', scheduleDraw);
  cy.on('resize', scheduleDraw);
  scheduleDraw();
  return () => {
    if (frame !== null) cancelAnimationFrame(frame);
    if (settle !== null) clearTimeout(settle);
    cy.off('viewport', followCamera);
    cy.off('add remove position', scheduleDraw);
    cy.off('data', 'edge', scheduleDraw);
    cy.off('resize', scheduleDraw);
    canvas.remove();
  };
}
