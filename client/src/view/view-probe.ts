/**
 * The view's read-only probe: plain numbers and ids about the drawing, for the browser tests and for debugging
 * in the console. On an overview most elements are drawn only by the layer, so counts, ids, positions and
 * screen points come from the overview model; what the state marks (selected, on the path) is always held by
 * Cytoscape and read there.
 */
import type cytoscape from 'cytoscape';
import type { Camera } from '../state/url/url-state';
import type { DetailTier } from './level-of-detail';
import type { OverviewModel } from './overview-model';
import type { RendererName } from './renderer-choice';
import { edgeElementId, nodeElementId } from './to-cytoscape-elements';

export interface ScreenPoint {
  readonly x: number;
  readonly y: number;
}

/** Read-only facts about the drawing, for the browser tests and for debugging in the console. */
export interface ViewProbe {
  /** True once a graph has been laid out and drawn. */
  isReady(): boolean;
  /** True when drawn and no camera move is under way, so screen points will stay where they are. */
  isSettled(): boolean;
  nodeCount(): number;
  edgeCount(): number;
  /** Where a node is drawn, in viewport (client) pixels, or null when it is not drawn or off screen. */
  nodeScreenPoint(id: string): ScreenPoint | null;
  /** Where an edge's midpoint is drawn, in viewport (client) pixels, or null when it is not drawn or off screen. */
  edgeScreenPoint(id: string): ScreenPoint | null;
  /** Ids (API ids) of the nodes and edges highlighted as the active path. */
  highlightedIds(): string[];
  /** API ids of the drawn nodes and edges. */
  drawnNodeIds(): string[];
  drawnEdgeIds(): string[];
  /** A node's model position (not screen), or null when it is not drawn. */
  nodePosition(id: string): ScreenPoint | null;
  /** How many layouts ran since the page opened, and the kind of the last one. */
  lastLayout(): { kind: string; count: number };
  /** Ids (API ids) of the elements drawn as selected. */
  selectedIds(): string[];
  /**
   * API ids of the nodes Cytoscape holds: every drawn node on a full view, on an overview only those it must
   * make interactive or highlight (hubs, what the state marks, what the pointer touched).
   */
  heldNodeIds(): string[];
  /**
   * How an edge is drawn (its status, line style, colour and mid-line mark), or null when it is not drawn by
   * Cytoscape (on an overview, an edge only on the layer).
   */
  edgeStyle(id: string): { status: string | null; lineStyle: string; lineColor: string; midMark: string } | null;
  /** The renderer drawing the view ('canvas' or 'webgl') and its level of detail. */
  renderer(): RendererName;
  detailTier(): DetailTier;
  /** The camera as the URL carries it (zoom, model point at the canvas centre), or null before a drawing. */
  camera(): Camera | null;
}

/** What the probe reads of the view. */
export interface ProbeHost {
  readonly container: HTMLElement;
  cy(): cytoscape.Core;
  overviewModel(): OverviewModel | null;
  isReady(): boolean;
  isSettled(): boolean;
  lastLayout(): { kind: string; count: number };
  renderer(): RendererName;
  detailTier(): DetailTier;
  camera(): Camera | null;
}

const refOf = (element: cytoscape.SingularElementArgument): string => String(element.data('ref'));

export function createViewProbe(host: ProbeHost): ViewProbe {
  /** The viewport point of a rendered (canvas) point, or null when it is off the canvas. */
  function onScreen(point: cytoscape.Position): ScreenPoint | null {
    const box = host.container.getBoundingClientRect();
    if (point.x < 0 || point.y < 0 || point.x > box.width || point.y > box.height) return null;
    return { x: box.left + point.x, y: box.top + point.y };
  }
  function modelOnScreen(x: number, y: number): ScreenPoint | null {
    const cy = host.cy();
    const zoom = cy.zoom();
    const pan = cy.pan();
    return onScreen({ x: pan.x + zoom * x, y: pan.y + zoom * y });
  }

  return {
    isReady: host.isReady,
    isSettled: host.isSettled,
    nodeCount: () => host.overviewModel()?.nodeCount ?? host.cy().nodes().length,
    edgeCount: () => host.overviewModel()?.edgeCount ?? host.cy().edges().length,
    nodeScreenPoint(id) {
      const node = host.cy().getElementById(nodeElementId(id));
      if (node.nonempty()) return onScreen(node.renderedPosition());
      const model = host.overviewModel();
      const i = model?.nodeIndex.get(nodeElementId(id));
      return model === null || i === undefined ? null : modelOnScreen(model.x(i), model.y(i));
    },
    edgeScreenPoint(id) {
      const edge = host.cy().getElementById(edgeElementId(id));
      if (edge.nonempty()) return onScreen((edge as cytoscape.EdgeSingular).renderedMidpoint());
      // On the layer an edge is a straight line: its midpoint is halfway between its ends.
      const model = host.overviewModel();
      const e = model?.edgeIndex.get(edgeElementId(id));
      if (model === null || e === undefined) return null;
      const s = model.sources[e] as number;
      const t = model.targets[e] as number;
      return modelOnScreen((model.x(s) + model.x(t)) / 2, (model.y(s) + model.y(t)) / 2);
    },
    highlightedIds: () => host.cy().elements('.on-path').map(refOf),
    drawnNodeIds: () => host.overviewModel()?.nodes.map((n) => String(n.data['ref'])) ?? host.cy().nodes().map(refOf),
    drawnEdgeIds: () => host.overviewModel()?.edges.map((e) => String(e.data['ref'])) ?? host.cy().edges().map(refOf),
    nodePosition(id) {
      const model = host.overviewModel();
      const i = model?.nodeIndex.get(nodeElementId(id));
      if (model !== null && i !== undefined) return { x: model.x(i), y: model.y(i) };
      const node = host.cy().getElementById(nodeElementId(id));
      return node.empty() ? null : { ...node.position() };
    },
    lastLayout: host.lastLayout,
    selectedIds: () => host.cy().elements('.is-selected').map(refOf),
    heldNodeIds: () => host.cy().nodes().map(refOf),
    edgeStyle(id) {
      const edge = host.cy().getElementById(edgeElementId(id));
      if (edge.empty()) return null;
      const status = edge.data('status') as string | undefined;
      return {
        status: status ?? null,
        lineStyle: String(edge.style('line-style')),
        lineColor: String(edge.style('line-color')),
        midMark: String(edge.style('mid-target-arrow-shape')),
      };
    },
    renderer: host.renderer,
    detailTier: host.detailTier,
    camera: host.camera,
  };
}
