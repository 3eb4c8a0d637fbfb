/**
 * Label collision handling: where two node names would overlap, the less important one is hidden. Important
 * means selected, on the traced path, hovered or pinned first, then the larger node (more links), then the
 * name. Greedy in that order over a grid of placed label boxes, so a thousand labels cost milliseconds.
 * A hidden name shows again when its node is hovered or selected, or when zooming in opens room for it: the
 * boxes are compared with a gap of a few screen pixels, which is a smaller gap in the drawing's own
 * coordinates the closer one zooms (Cytoscape scales names with the zoom, so only that gap changes).
 * Re-run after the layout, the content or the zoom changed, once the change has settled.
 */
import type cytoscape from 'cytoscape';

/** The class that hides a colliding name (its rule is added to the instance's stylesheet by attach). */
export const LABEL_COLLIDED_CLASS = 'label-collided';
/** Screen pixels kept free between two names. */
const GAP_PX = 2;
const PRIORITY_CLASSES = ['is-selected', 'on-path', 'hover', 'is-pinned', 'in-group'] as const;

interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

function overlaps(a: Box, b: Box, gap: number): boolean {
  return a.x1 < b.x2 + gap && b.x1 < a.x2 + gap && a.y1 < b.y2 + gap && b.y1 < a.y2 + gap;
}

/**
 * The scale Cytoscape's canvas renderer compares a font size with min-zoomed-font-size at: the zoom times the
 * pixel ratio, rounded up to a power of two (its texture level; eleTextBiggerThanMin in Cytoscape 3.34).
 */
function drawScale(zoom: number): number {
  return 2 ** Math.ceil(Math.log2(zoom * (globalThis.devicePixelRatio || 1)));
}

/**
 * The node's name box in model coordinates, or null when it shows no name: none, or one Cytoscape does not draw
 * at this zoom (smaller on screen than its min-zoomed-font-size). Zooming in brings those into the contest.
 */
function labelBox(node: cytoscape.NodeSingular, zoom: number): Box | null {
  const label = node.data('label') as unknown;
  if (typeof label !== 'string' || label.length === 0) return null;
  if (node.numericStyle('font-size') * drawScale(zoom) < node.numericStyle('min-zoomed-font-size')) return null;
  const bb = node.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false } as cytoscape.BoundingBoxOptions);
  if (!(bb.w > 0 && bb.h > 0)) return null;
  return { x1: bb.x1, y1: bb.y1, x2: bb.x2, y2: bb.y2 };
}

function priority(node: cytoscape.NodeSingular): number {
  let p = 0;
  for (const cls of PRIORITY_CLASSES) if (node.hasClass(cls)) p += 1000;
  // What a selection or a path pushes into the background yields its room to what stays bright.
  if (node.hasClass('dimmed') || node.hasClass('faded')) p -= 500;
  return p + Number(node.data('size') ?? 0);
}

/** A uniform grid of placed boxes: each box is compared only with those in the cells it touches. */
class BoxGrid {
  private readonly cells = new Map<string, Box[]>();
  constructor(private readonly cell: number) {}
  private keys(b: Box): string[] {
    const keys: string[] = [];
    for (let i = Math.floor(b.x1 / this.cell); i <= Math.floor(b.x2 / this.cell); i++) {
      for (let j = Math.floor(b.y1 / this.cell); j <= Math.floor(b.y2 / this.cell); j++) keys.push(`${i}:${j}`);
    }
    return keys;
  }
  hits(b: Box, gap: number): boolean {
    const grown = { x1: b.x1 - gap, y1: b.y1 - gap, x2: b.x2 + gap, y2: b.y2 + gap };
    return this.keys(grown).some((key) => (this.cells.get(key) ?? []).some((other) => overlaps(b, other, gap)));
  }
  add(b: Box): void {
    for (const key of this.keys(b)) {
      const list = this.cells.get(key);
      if (list === undefined) this.cells.set(key, [b]);
      else list.push(b);
    }
  }
}

/** Hides the names that would overlap a more important one at the current zoom; returns how many it hid. */
export function resolveLabelCollisions(cy: cytoscape.Core): number {
  const zoom = cy.zoom();
  const gap = GAP_PX / Math.max(zoom, 1e-6);
  const placed: Array<{ node: cytoscape.NodeSingular; box: Box }> = [];
  const unseen: cytoscape.NodeSingular[] = [];
  cy.nodes().forEach((node) => {
    const box = labelBox(node, zoom);
    if (box !== null) placed.push({ node, box });
    else if (node.hasClass(LABEL_COLLIDED_CLASS)) unseen.push(node);
  });
  placed.sort((a, b) => priority(b.node) - priority(a.node) || String(a.node.data('label')).localeCompare(String(b.node.data('label'))));
  const typical = placed.length === 0 ? 100 : placed.reduce((sum, p) => sum + (p.box.x2 - p.box.x1), 0) / placed.length;
  const grid = new BoxGrid(Math.max(typical, 1));
  const hide: cytoscape.NodeSingular[] = [];
  // A name too small to be drawn now needs no hiding: it comes back into the contest when it grows.
  const show: cytoscape.NodeSingular[] = [...unseen];
  for (const { node, box } of placed) {
    const keep = priority(node) >= 1000 || !grid.hits(box, gap);
    if (keep) {
      grid.add(box);
      if (node.hasClass(LABEL_COLLIDED_CLASS)) show.push(node);
    } else if (!node.hasClass(LABEL_COLLIDED_CLASS)) hide.push(node);
  }
  if (hide.length > 0 || show.length > 0) {
    cy.batch(() => {
      for (const node of show) node.removeClass(LABEL_COLLIDED_CLASS);
      for (const node of hide) node.addClass(LABEL_COLLIDED_CLASS);
    });
  }
  return cy.nodes(`.${LABEL_COLLIDED_CLASS}`).length;
}

/**
 * Pairs of names drawn overlapping (boxes intersecting, no gap), among the names Cytoscape draws at this zoom
 * (`shownOnly` false: as if none were hidden for colliding) or only those shown. For the before/after measure.
 */
export function countLabelOverlaps(cy: cytoscape.Core, shownOnly: boolean): { labels: number; overlappingPairs: number } {
  const boxes: Box[] = [];
  const zoom = cy.zoom();
  cy.nodes().forEach((node) => {
    if (shownOnly && node.hasClass(LABEL_COLLIDED_CLASS)) return;
    const box = labelBox(node, zoom);
    if (box !== null) boxes.push(box);
  });
  let pairs = 0;
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) if (overlaps(boxes[i] as Box, boxes[j] as Box, 0)) pairs += 1;
  }
  return { labels: boxes.length, overlappingPairs: pairs };
}

/**
 * Keeps `cy`'s names free of collisions: adds the hiding rule to its stylesheet and re-resolves `settleMs`
 * after the last change of content, positions or zoom. Returns whether a resolution is pending (for tests).
 */
export function attachLabelCollisions(cy: cytoscape.Core, settleMs = 120): { pending(): boolean; resolveNow(): void } {
  cy.style()
    .selector(`node.${LABEL_COLLIDED_CLASS}`)
    .style({ 'text-opacity': 0, 'text-background-opacity': 0 })
    .update();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastZoom = cy.zoom();
  let applying = false;
  const run = (): void => {
    timer = null;
    if (cy.destroyed()) return;
    applying = true;
    try {
      resolveLabelCollisions(cy);
    } finally {
      applying = false;
    }
  };
  const schedule = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(run, settleMs);
  };
  cy.on('add remove position layoutstop', schedule);
  cy.on('viewport', () => {
    // Panning moves every name alike; only a zoom changes which ones fit.
    if (cy.zoom() === lastZoom) return;
    lastZoom = cy.zoom();
    schedule();
  });
  // A hovered name shows at once, over whatever it collides with.
  cy.on('mouseover', 'node', (event) => {
    applying = true;
    (event.target as cytoscape.NodeSingular).removeClass(LABEL_COLLIDED_CLASS);
    applying = false;
  });
  cy.on('mouseout', 'node', schedule);
  // Selection, path and dimming change priorities; the pass's own class changes must not start another.
  cy.on('class', 'node', () => {
    if (!applying) schedule();
  });
  return {
    pending: () => timer !== null,
    resolveNow: () => {
      if (timer !== null) clearTimeout(timer);
      run();
    },
  };
}
