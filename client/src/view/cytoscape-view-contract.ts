/**
 * What the graph canvas offers the explorer (CytoscapeView), what it tells it (CytoscapeViewEvents) and how it
 * may be set up (CytoscapeViewOptions): the view's contract, apart from how cytoscape-view.ts draws it.
 */
import type cytoscape from 'cytoscape';
import type { AppState } from '../state/app-state';
import type { Camera } from '../state/url/url-state';
import type { LayoutRunner } from './layout-runner';
import type { DetailTier } from './level-of-detail';
import type { RendererName } from './renderer-choice';
import type { ScreenPoint, ViewProbe } from './view-probe';

export interface CytoscapeViewEvents {
  onNodeTap(id: string): void;
  onEdgeTap(id: string): void;
  onBackgroundTap(): void;
  /** Edges the API sent whose endpoints are missing; they are not drawn, and the user should know. */
  onDanglingEdges(ids: readonly string[]): void;
  /** A double click (or double tap) on a node: the explorer expands it. */
  onNodeDoubleTap?(id: string): void;
}

export interface CytoscapeViewOptions {
  /** Force a renderer; 'auto' (the default) picks WebGL for large views on a hardware GPU, else the canvas. */
  readonly renderer?: RendererName | 'auto';
  /** Where large layouts run; by default the layout worker next to the page's script. */
  readonly layoutRunner?: LayoutRunner;
  /** The element that names the renderer for the user; by default #renderer-status, when the page has one. */
  readonly rendererStatus?: HTMLElement | null;
}

export interface ViewProfile {
  readonly renderer: RendererName;
  readonly tier: DetailTier;
}

export interface CytoscapeView {
  render(state: AppState): void;
  readonly probe: ViewProbe;
  /** The picture as a PNG (whole drawing, white background, twice the screen resolution). */
  exportPng(): Blob;
  /** The picture as an SVG document. */
  exportSvg(): string;
  /** Fits the whole drawing into the canvas. */
  fit(): void;
  /**
   * API ids of the drawn nodes whose centre, in canvas pixels, passes `test` (a lasso): on an overview all of
   * them, not only the few Cytoscape holds.
   */
  drawnNodesWhere(test: (rendered: ScreenPoint) => boolean): string[];
  /** Zooms in (factor > 1) or out around the canvas centre. */
  zoomBy(factor: number): void;
  /**
   * Calls `attach` with the Cytoscape instance now and with every new one (a tier change recreates it), for
   * the canvas interactions kept in their own files (context menu, tooltips, lasso, label collisions).
   */
  onInstance(attach: (cy: cytoscape.Core, tier: DetailTier) => void): void;
  /** Where the canvas looks now, or null before a graph is drawn. */
  camera(): Camera | null;
  /**
   * Looks at `camera` (a shared link, Back/Forward), ending any camera move; held until the drawing is ready
   * when it is not, so a layout or framing still to come does not override it.
   */
  setCamera(camera: Camera): void;
  /** Calls `listener` whenever the camera moves (pan, zoom, framing); returns the function that removes it. */
  onCameraChange(listener: () => void): () => void;
}
