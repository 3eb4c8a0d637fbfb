/**
 * The view's camera: framing elements (animated or at once), fitting laid-out positions, the camera a shared
 * link or Back/Forward asks for (held until the drawing can take it), and the count of moves under way that
 * tells the probe when screen points will stay put. It works on whichever Cytoscape instance draws now: a
 * tier change replaces the instance, the camera stays.
 */
import type cytoscape from 'cytoscape';
import type { Camera } from '../state/url/url-state';
import { nodeSize } from './to-cytoscape-elements';
import type { OverviewModel } from './overview-model';

const CAMERA_MS = 350;
// Framing a short path at full zoom would blow three nodes up to fill the screen; stop at a readable size.
const FRAME_MAX_ZOOM = 1.4;
const FRAME_PADDING = 80;
/** Padding around a fit of laid-out positions, as the first layout's fit. */
const FIT_PADDING = 30;

/** What the camera reads of the view. */
export interface CameraHost {
  cy(): cytoscape.Core;
  /** True once a graph is drawn. */
  isReady(): boolean;
  /** True while a worker layout is about to move the nodes. */
  isLayoutPending(): boolean;
  /** The overview's model when the view is an overview (it holds what Cytoscape does not). */
  overviewModel(): OverviewModel | null;
}

export interface ViewCamera {
  /** Where the canvas looks now, or null before a drawing. */
  current(): Camera | null;
  /** Looks at `camera` now, or once the drawing is ready and no layout is about to move it. */
  want(camera: Camera): void;
  /** Applies a camera wanted earlier, when it can be. */
  applyWanted(): void;
  /** Moves the camera so `elements` fill the canvas, but never closer than FRAME_MAX_ZOOM. */
  frame(elements: cytoscape.CollectionReturnValue): void;
  /** Like frame(), but at once: a layout's result is shown framed without a camera flight from the old view. */
  frameNow(elements: cytoscape.CollectionReturnValue): void;
  /** Frames the whole drawing at once (on an overview from the model). */
  frameAll(): void;
  /** Fits the camera to laid-out positions (x, y pairs). */
  fitPositions(positions: Float32Array): void;
  /** Animates the viewport, replacing any move under way. */
  move(target: cytoscape.AnimationOptions): void;
  /** True while an animated move is under way. */
  isMoving(): boolean;
  /** Forgets a move of an instance that was replaced (it will never complete). */
  forgetMoves(): void;
}

export function createViewCamera(host: CameraHost): ViewCamera {
  let moves = 0;
  let moving = false;
  let wanted: Camera | null = null;

  /** Ends any move: the next picture is placed at once. */
  function stopMoves(cy: cytoscape.Core): void {
    cy.stop(true);
    moves += 1;
    moving = false;
  }

  function applyWanted(): void {
    if (wanted === null || !host.isReady() || host.isLayoutPending()) return;
    const cy = host.cy();
    const { zoom, x, y } = wanted;
    wanted = null;
    stopMoves(cy);
    const level = Math.min(Math.max(zoom, cy.minZoom()), cy.maxZoom());
    cy.viewport({ zoom: level, pan: { x: cy.width() / 2 - level * x, y: cy.height() / 2 - level * y } });
  }

  /**
   * cy.fit() would measure every element's box, labels included, which on thousands of nodes costs more than
   * the drawing; the positions and the largest node size suffice.
   */
  function fitPositions(positions: Float32Array): void {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i + 1 < positions.length; i += 2) {
      const x = positions[i] as number;
      const y = positions[i + 1] as number;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    if (minX > maxX) return;
    const cy = host.cy();
    stopMoves(cy);
    const margin = nodeSize(100) / 2;
    const width = maxX - minX + 2 * margin;
    const height = maxY - minY + 2 * margin;
    const fitZoom = Math.min((cy.width() - 2 * FIT_PADDING) / width, (cy.height() - 2 * FIT_PADDING) / height);
    const zoom = Math.min(Math.max(fitZoom, cy.minZoom()), cy.maxZoom());
    cy.viewport({ zoom, pan: { x: cy.width() / 2 - zoom * (minX + maxX) / 2, y: cy.height() / 2 - zoom * (minY + maxY) / 2 } });
  }

  function frameNow(elements: cytoscape.CollectionReturnValue): void {
    if (elements.empty()) return;
    const cy = host.cy();
    stopMoves(cy);
    const box = elements.boundingBox();
    // A small margin: with the console open the canvas may be only about 300 px tall.
    const width = Math.max(cy.width() - 60, 1);
    const height = Math.max(cy.height() - 60, 1);
    const zoom = Math.min(Math.max(Math.min(width / Math.max(box.w, 1), height / Math.max(box.h, 1)), cy.minZoom()), FRAME_MAX_ZOOM);
    cy.viewport({ zoom, pan: { x: cy.width() / 2 - zoom * (box.x1 + box.w / 2), y: cy.height() / 2 - zoom * (box.y1 + box.h / 2) } });
  }

  /**
   * The pending count is ours because Cytoscape's animated() is false until a queued animation's first frame,
   * which would let tests read stale positions.
   */
  function move(target: cytoscape.AnimationOptions): void {
    const cy = host.cy();
    cy.stop(true);
    const move = ++moves;
    cy.animate(target, {
      duration: CAMERA_MS,
      complete: () => {
        if (move === moves) moving = false;
      },
    });
    moving = true;
  }

  return {
    current() {
      if (!host.isReady()) return null;
      const cy = host.cy();
      const zoom = cy.zoom();
      const pan = cy.pan();
      return { zoom, x: (cy.width() / 2 - pan.x) / zoom, y: (cy.height() / 2 - pan.y) / zoom };
    },
    want(camera) {
      wanted = camera;
      applyWanted();
    },
    applyWanted,
    frame(elements) {
      if (elements.empty()) return;
      const cy = host.cy();
      const box = elements.boundingBox();
      const width = Math.max(cy.width() - 2 * FRAME_PADDING, 1);
      const height = Math.max(cy.height() - 2 * FRAME_PADDING, 1);
      const fitZoom = Math.min(width / Math.max(box.w, 1), height / Math.max(box.h, 1));
      const zoom = Math.min(Math.max(fitZoom, cy.minZoom()), FRAME_MAX_ZOOM);
      move({ zoom, pan: { x: cy.width() / 2 - zoom * (box.x1 + box.w / 2), y: cy.height() / 2 - zoom * (box.y1 + box.h / 2) } });
    },
    frameNow,
    frameAll() {
      const model = host.overviewModel();
      if (model === null) frameNow(host.cy().elements());
      else fitPositions(model.positions);
    },
    fitPositions,
    move,
    isMoving: () => moving,
    forgetMoves() {
      moving = false;
    },
  };
}
