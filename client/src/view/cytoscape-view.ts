/**
 * The graph canvas. It renders the application state into Cytoscape (elements when the graph changes,
 * classes for selection and the highlighted path, camera moves when asked) and reports taps back as ids.
 * It never owns data: the Cytoscape instance is a drawing of the state, rebuilt from it, and nothing it
 * holds is handed out except plain numbers and ids through the read-only probe.
 */
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';
import cytoscapeSvg from 'cytoscape-svg';
import type { AppState } from '../state/app-state';
import type { LayoutRequest } from '../state/canvas/canvas-state';
import { categoryIndex, selectDrawnGraph } from '../state/canvas/drawn-graph';
import { layoutPathColumns } from './path-layout';
import { colorForCategory } from './styles';
import { activePath } from '../state/paths/paths-state';
import { pathElementIds } from '../state/paths/path-steps';
import type { Graph, GraphPath } from '../../../server/domain/graph-model';
import type { Selection, SelectionState } from '../state/selection/selection-state';
import { createStylesheet } from './styles';
import { edgeElementId, nodeElementId, toCytoscapeElements } from './to-cytoscape-elements';

export interface CytoscapeViewEvents {
  onNodeTap(id: string): void;
  onEdgeTap(id: string): void;
  onBackgroundTap(): void;
  /** Edges the API sent whose endpoints are missing; they are not drawn, and the user should know. */
  onDanglingEdges(ids: readonly string[]): void;
  /** A double click (or double tap) on a node: the explorer expands it. */
  onNodeDoubleTap?(id: string): void;
}

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
  /** Zooms in (factor > 1) or out around the canvas centre. */
  zoomBy(factor: number): void;
}

cytoscape.use(fcose);
cytoscape.use(cytoscapeSvg);

const LAYOUT: cytoscape.CoseLayoutOptions = {
  name: 'cose',
  // No animation: the layout runs to the end at once, so the first picture is the final one.
  animate: false,
  randomize: false,
  fit: true,
  padding: 30,
  // Counting the long event names as node size spread the seed graph so far that fitting it hid every
  // label; hubs repel strongly instead, so the overview keeps the hubs' names readable.
  nodeDimensionsIncludeLabels: false,
  nodeRepulsion: () => 250000,
  nodeOverlap: 20,
  idealEdgeLength: () => 70,
  edgeElasticity: () => 100,
  nestingFactor: 1.2,
  gravity: 80,
  numIter: 1000,
  initialTemp: 200,
  coolingFactor: 0.95,
  minTemp: 1.0,
  componentSpacing: 80,
};

const CAMERA_MS = 350;
// Framing a short path at full zoom would blow three nodes up to fill the screen; stop at a readable size.
const FRAME_MAX_ZOOM = 1.4;
const FRAME_PADDING = 80;

/** mulberry32: a tiny seeded generator, enough to make the layout's tie-breaking repeatable. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs `run` with Math.random seeded. cose nudges overlapping nodes apart in random directions, so the same
 * graph would otherwise come out differently on every load; the layout is synchronous (animate: false), so
 * nothing else can observe the swap.
 */
function withSeededRandom(seed: number, run: () => void): void {
  const original = Math.random;
  Math.random = seededRandom(seed);
  try {
    run();
  } finally {
    Math.random = original;
  }
}

function refOf(element: cytoscape.SingularElementArgument): string {
  return String(element.data('ref'));
}

/** Creates the view inside `container` and wires taps and hovers to `events`. */
export function createCytoscapeView(container: HTMLElement, events: CytoscapeViewEvents): CytoscapeView {
  const cy = cytoscape({
    container,
    style: createStylesheet(),
    // Selection is state, drawn with classes: Cytoscape's own selection would be a second source of truth.
    autounselectify: true,
    boxSelectionEnabled: false,
    minZoom: 0.15,
    maxZoom: 4,
    wheelSensitivity: 0.4,
  });

  let drawnGraph: Graph | null = null;
  let drawnSelection: SelectionState | null = null;
  let drawnPath: GraphPath | null = null;
  let ready = false;
  let cameraMoves = 0;
  let cameraMoving = false;

  cy.on('tap', 'node', (event) => events.onNodeTap(refOf(event.target as cytoscape.NodeSingular)));
  cy.on('tap', 'edge', (event) => events.onEdgeTap(refOf(event.target as cytoscape.EdgeSingular)));
  cy.on('tap', (event) => {
    if (event.target === cy) events.onBackgroundTap();
  });
  cy.on('dbltap', 'node', (event) => events.onNodeDoubleTap?.(refOf(event.target as cytoscape.NodeSingular)));
  // The canvas changes size when the console drawer opens or the window resizes; Cytoscape must be told.
  new ResizeObserver(() => cy.resize()).observe(container);
  // Hover is a passing look, not state: it only shows the edge types around the pointer.
  cy.on('mouseover', 'edge', (event) => (event.target as cytoscape.EdgeSingular).addClass('hover'));
  cy.on('mouseout', 'edge', (event) => (event.target as cytoscape.EdgeSingular).removeClass('hover'));
  cy.on('mouseover', 'node', (event) => {
    const node = event.target as cytoscape.NodeSingular;
    node.addClass('hover');
    node.connectedEdges().addClass('hover');
    container.style.cursor = 'pointer';
  });
  cy.on('mouseout', 'node', (event) => {
    const node = event.target as cytoscape.NodeSingular;
    node.removeClass('hover');
    node.connectedEdges().removeClass('hover');
    container.style.cursor = '';
  });

  function drawGraph(graph: Graph): void {
    const { elements, danglingEdgeIds } = toCytoscapeElements(graph);
    cy.batch(() => {
      cy.elements().remove();
      cy.add(elements);
    });
    withSeededRandom(graph.nodes.length * 31 + graph.edges.length, () => cy.layout(LAYOUT).run());
    ready = true;
    if (danglingEdgeIds.length > 0) events.onDanglingEdges(danglingEdgeIds);
  }

  function elementOf(selection: Selection): cytoscape.CollectionReturnValue {
    if (selection.kind === 'node') return cy.getElementById(nodeElementId(selection.id));
    if (selection.kind === 'edge') return cy.getElementById(edgeElementId(selection.id));
    return cy.collection();
  }

  function drawSelection(selection: SelectionState): void {
    const { current, centre, revision } = selection;
    const element = elementOf(current);
    cy.batch(() => {
      cy.elements('.is-selected').removeClass('is-selected');
      cy.edges('.near-selection').removeClass('near-selection');
      cy.elements('.dimmed').removeClass('dimmed');
      element.addClass('is-selected');
      if (current.kind === 'node' && element.nonempty()) {
        // A selected node's neighbourhood stays bright and the rest steps back, so its links can be read.
        element.connectedEdges().addClass('near-selection');
        cy.elements().difference(element.closedNeighborhood()).addClass('dimmed');
      }
    });
    if (centre && revision !== drawnSelection?.revision && element.nonempty()) {
      if (current.kind === 'edge') {
        frame(element.connectedNodes().union(element));
      } else {
        frame(element.closedNeighborhood());
      }
    }
    drawnSelection = selection;
  }

  function drawPath(path: GraphPath | null): void {
    const ids = path === null ? new Set<string>() : pathElementIds(path);
    cy.batch(() => {
      cy.elements().removeClass('on-path faded');
      if (path === null) return;
      const onPath = cy.elements().filter((element) => ids.has(refOf(element)));
      onPath.addClass('on-path');
      cy.elements().difference(onPath).addClass('faded');
    });
    if (path !== null) frame(cy.elements('.on-path'));
    drawnPath = path;
  }

  /** Moves the camera so `elements` fill the canvas, but never closer than FRAME_MAX_ZOOM. */
  function frame(elements: cytoscape.CollectionReturnValue): void {
    if (elements.empty()) return;
    const box = elements.boundingBox();
    const width = Math.max(cy.width() - 2 * FRAME_PADDING, 1);
    const height = Math.max(cy.height() - 2 * FRAME_PADDING, 1);
    const fitZoom = Math.min(width / Math.max(box.w, 1), height / Math.max(box.h, 1));
    const zoom = Math.min(Math.max(fitZoom, cy.minZoom()), FRAME_MAX_ZOOM);
    const pan = { x: cy.width() / 2 - zoom * (box.x1 + box.w / 2), y: cy.height() / 2 - zoom * (box.y1 + box.h / 2) };
    moveCamera({ zoom, pan });
  }

  /**
   * Animates the viewport, replacing any move under way. The pending count is ours because Cytoscape's
   * animated() is false until a queued animation's first frame, which would let tests read stale positions.
   */
  function moveCamera(target: cytoscape.AnimationOptions): void {
    cy.stop(true);
    const move = ++cameraMoves;
    cy.animate(target, {
      duration: CAMERA_MS,
      complete: () => {
        if (move === cameraMoves) cameraMoving = false;
      },
    });
    cameraMoving = true;
  }

  function screenPoint(element: cytoscape.CollectionReturnValue, point: cytoscape.Position): ScreenPoint | null {
    if (element.empty()) return null;
    const box = container.getBoundingClientRect();
    if (point.x < 0 || point.y < 0 || point.x > box.width || point.y > box.height) return null;
    return { x: box.left + point.x, y: box.top + point.y };
  }

  // ---- Explorer additions: incremental drawing, pins, category colours and the explorer's layouts. ----
  let drawnLayout = 0;
  let drawnPins: readonly string[] | null = null;
  let decoratedVocabulary: unknown = null;
  let lastLayoutKind = 'initial';
  let layoutCount = 0;
  /** Where nodes were when they left the drawing (hidden, filtered, undone), so they come back in place. */
  const lastPositions = new Map<string, cytoscape.Position>();

  /** Brings the drawing to `graph` without moving what stays: removes what left, adds what came. */
  function syncGraph(graph: Graph, anchor: string | null): void {
    const { elements, danglingEdgeIds } = toCytoscapeElements(graph);
    const wanted = new Set(elements.map((e) => String(e.data.id)));
    const added: cytoscape.ElementDefinition[] = [];
    cy.batch(() => {
      const leaving = cy.elements().filter((element) => !wanted.has(element.id()));
      leaving.nodes().forEach((node) => {
        lastPositions.set(node.id(), { ...node.position() });
      });
      leaving.remove();
      for (const definition of elements) {
        const existing = cy.getElementById(String(definition.data.id));
        if (existing.nonempty()) {
          // Degree (and so size) may change as neighbours come and go.
          if (definition.group === 'nodes') existing.data('size', definition.data['size']);
          continue;
        }
        added.push(definition);
      }
      const newNodes = added.filter((d) => d.group === 'nodes');
      placeNewNodes(newNodes, graph, anchor);
      cy.add(added);
    });
    if (danglingEdgeIds.length > 0) events.onDanglingEdges(danglingEdgeIds);
  }

  /** Puts new nodes where they were before, else on a ring around the anchor or their first drawn neighbour. */
  function placeNewNodes(nodes: cytoscape.ElementDefinition[], graph: Graph, anchor: string | null): void {
    const neighbour = new Map<string, string>();
    for (const edge of graph.edges) {
      if (!neighbour.has(edge.source)) neighbour.set(edge.source, edge.target);
      if (!neighbour.has(edge.target)) neighbour.set(edge.target, edge.source);
    }
    const ringCount = new Map<string, number>();
    const ringTotal = new Map<string, number>();
    const centreOf = (definition: cytoscape.ElementDefinition): string | null => {
      const ref = String(definition.data['ref']);
      if (anchor !== null && cy.getElementById(nodeElementId(anchor)).nonempty() && ref !== anchor) return anchor;
      const other = neighbour.get(ref);
      return other !== undefined && cy.getElementById(nodeElementId(other)).nonempty() ? other : null;
    };
    for (const definition of nodes) {
      const centre = centreOf(definition);
      if (centre !== null) ringTotal.set(centre, (ringTotal.get(centre) ?? 0) + 1);
    }
    const extent = cy.nodes().nonempty() ? cy.nodes().boundingBox() : { x1: 0, y1: 0, w: 0, h: 0 };
    for (const definition of nodes) {
      const remembered = lastPositions.get(String(definition.data.id));
      if (remembered !== undefined) {
        definition.position = remembered;
        continue;
      }
      const centre = centreOf(definition);
      if (centre === null) {
        // Nothing drawn to attach to: beside the drawing, keeping the hashed spread of the element builder.
        const seed = definition.position ?? { x: 0, y: 0 };
        definition.position = { x: extent.x1 + extent.w + 150 + seed.x / 4, y: extent.y1 + extent.h / 2 + seed.y / 4 };
        continue;
      }
      const k = ringCount.get(centre) ?? 0;
      ringCount.set(centre, k + 1);
      const total = ringTotal.get(centre) ?? 1;
      const radius = 110 + 9 * total;
      const angle = (2 * Math.PI * k) / total - Math.PI / 2;
      const at = cy.getElementById(nodeElementId(centre)).position();
      definition.position = { x: at.x + radius * Math.cos(angle), y: at.y + radius * Math.sin(angle) };
    }
  }

  /** Colours edges by their relationship category, once the vocabulary is known. */
  function decorateEdges(state: AppState): void {
    const vocabulary = state.graph.vocabulary;
    if (vocabulary === null) return;
    const categories = categoryIndex(vocabulary);
    cy.batch(() => {
      cy.edges().forEach((edge) => {
        if (edge.data('categoryColor') !== undefined) return;
        const category = categories.get(String(edge.data('type')));
        if (category !== undefined) edge.data({ category, categoryColor: colorForCategory(category) });
      });
    });
    decoratedVocabulary = vocabulary;
  }

  /** Pinned nodes are locked (no layout or drag moves them) and drawn with a double border. */
  function drawPins(pinned: readonly string[]): void {
    const ids = new Set(pinned.map(nodeElementId));
    cy.batch(() => {
      cy.nodes('.is-pinned').forEach((node) => {
        if (!ids.has(node.id())) node.removeClass('is-pinned').unlock();
      });
      for (const id of ids) cy.getElementById(id).addClass('is-pinned').lock();
    });
    drawnPins = pinned;
  }

  /** Runs the layout the state asks for over what is drawn now, then frames the result. */
  function runLayout(request: LayoutRequest, state: AppState): void {
    lastLayoutKind = request.kind;
    layoutCount += 1;
    const anchorNode = request.anchor === null ? cy.collection() : cy.getElementById(nodeElementId(request.anchor));
    if (request.kind === 'around') {
      if (anchorNode.nonempty()) frame(anchorNode.closedNeighborhood());
      return;
    }
    if (request.kind === 'path') {
      const path = activePath(state.paths);
      const graph = drawnGraph;
      if (path !== null && graph !== null) {
        const positions = layoutPathColumns(graph, path.nodes.map((n) => n.id));
        cy.nodes().not('.is-pinned').forEach((node) => {
          const at = positions.get(refOf(node));
          if (at !== undefined) node.position({ ...at });
        });
        frameNow(cy.elements());
        return;
      }
    }
    if (request.kind === 'concentric' && anchorNode.nonempty()) {
      const distance = hopDistances(anchorNode);
      const far = Math.max(0, ...distance.values()) + 1;
      cy.layout({
        name: 'concentric',
        animate: false,
        fit: false,
        concentric: (node: cytoscape.NodeSingular) => far - (distance.get(node.id()) ?? far),
        levelWidth: () => 1,
        minNodeSpacing: 30,
      } as cytoscape.ConcentricLayoutOptions).run();
      frameNow(cy.elements());
      return;
    }
    const fixed = cy.nodes('.is-pinned').map((node) => ({ nodeId: node.id(), position: { ...node.position() } }));
    withSeededRandom(cy.nodes().length * 17 + cy.edges().length, () =>
      cy.layout({
        name: 'fcose',
        animate: false,
        randomize: true,
        quality: 'default',
        fit: false,
        nodeRepulsion: () => 6000,
        idealEdgeLength: () => 60,
        fixedNodeConstraint: fixed.length > 0 ? fixed : undefined,
      } as unknown as cytoscape.LayoutOptions).run(),
    );
    frameNow(cy.elements());
  }

  /** Like frame(), but at once: a layout's result is shown framed without a camera flight from the old view. */
  function frameNow(elements: cytoscape.CollectionReturnValue): void {
    if (elements.empty()) return;
    cy.stop(true);
    cameraMoves += 1;
    cameraMoving = false;
    const box = elements.boundingBox();
    // A small margin: with the console open the canvas may be only about 300 px tall.
    const width = Math.max(cy.width() - 60, 1);
    const height = Math.max(cy.height() - 60, 1);
    const zoom = Math.min(Math.max(Math.min(width / Math.max(box.w, 1), height / Math.max(box.h, 1)), cy.minZoom()), FRAME_MAX_ZOOM);
    cy.viewport({ zoom, pan: { x: cy.width() / 2 - zoom * (box.x1 + box.w / 2), y: cy.height() / 2 - zoom * (box.y1 + box.h / 2) } });
  }

  /** Hop distance (ignoring direction) of every drawn node from `start`. */
  function hopDistances(start: cytoscape.CollectionReturnValue): Map<string, number> {
    const distance = new Map<string, number>();
    cy.elements().bfs({
      roots: start,
      directed: false,
      visit: (node, _edge, _previous, _index, depth) => {
        distance.set(node.id(), depth);
      },
    });
    return distance;
  }

  return {
    render(state) {
      // The explorer draws the canvas after hiding and filters (see state/canvas/drawn-graph.ts).
      const graph = selectDrawnGraph(state);
      let redrawn = false;
      if (graph !== null && graph !== drawnGraph) {
        // The first picture is a full layout; later changes keep what is drawn where it is.
        if (ready) syncGraph(graph, state.canvas.layout.anchor);
        else drawGraph(graph);
        drawnGraph = graph;
        redrawn = true;
        decorateEdges(state);
      }
      if (state.graph.vocabulary !== decoratedVocabulary) decorateEdges(state);
      if (redrawn || state.canvas.pinned !== drawnPins) drawPins(state.canvas.pinned);
      const path0 = activePath(state.paths);
      if (ready && (state.canvas.layout.revision !== drawnLayout || (state.canvas.layout.kind === 'path' && path0 !== drawnPath))) {
        runLayout(state.canvas.layout, state);
        drawnLayout = state.canvas.layout.revision;
      }
      // A new drawing has none of the old classes, so selection and path are drawn again after one.
      const path = activePath(state.paths);
      if (redrawn || path !== drawnPath) drawPath(path);
      if (redrawn || state.selection !== drawnSelection) drawSelection(state.selection);
    },
    exportPng: () => cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' }),
    exportSvg: () => (cy as unknown as { svg(options: { full: boolean; scale: number; bg: string }): string }).svg({ full: true, scale: 1, bg: '#ffffff' }),
    fit: () => moveCamera({ fit: { eles: cy.elements(), padding: 30 } }),
    zoomBy(factor) {
      const zoom = Math.min(Math.max(cy.zoom() * factor, cy.minZoom()), cy.maxZoom());
      cy.zoom({ level: zoom, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    },
    probe: {
      drawnNodeIds: () => cy.nodes().map((n) => refOf(n)),
      drawnEdgeIds: () => cy.edges().map((e) => refOf(e)),
      nodePosition(id) {
        const node = cy.getElementById(nodeElementId(id));
        return node.empty() ? null : { ...node.position() };
      },
      lastLayout: () => ({ kind: lastLayoutKind, count: layoutCount }),
      isReady: () => ready,
      isSettled: () => ready && !cameraMoving && !cy.animated(),
      nodeCount: () => cy.nodes().length,
      edgeCount: () => cy.edges().length,
      nodeScreenPoint(id) {
        const node = cy.getElementById(nodeElementId(id));
        return node.empty() ? null : screenPoint(node, node.renderedPosition());
      },
      edgeScreenPoint(id) {
        const edge = cy.getElementById(edgeElementId(id));
        return edge.empty() ? null : screenPoint(edge, (edge as cytoscape.EdgeSingular).renderedMidpoint());
      },
      highlightedIds: () => cy.elements('.on-path').map((element) => refOf(element)),
    },
  };
}
