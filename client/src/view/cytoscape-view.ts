/**
 * The graph canvas. It renders the application state into Cytoscape (elements when the graph changes,
 * classes for selection and the highlighted path, camera moves when asked) and reports taps back as ids.
 * It never owns data: the Cytoscape instance is a drawing of the state, rebuilt from it, and nothing it
 * holds is handed out except plain numbers and ids through the read-only probe.
 */
import cytoscape from 'cytoscape';
import type { AppState } from '../state/app-state';
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
}

export interface CytoscapeView {
  render(state: AppState): void;
  readonly probe: ViewProbe;
}

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

  return {
    render(state) {
      const graph = state.graph.graph;
      let redrawn = false;
      if (graph !== null && graph !== drawnGraph) {
        drawGraph(graph);
        drawnGraph = graph;
        redrawn = true;
      }
      // A new drawing has none of the old classes, so selection and path are drawn again after one.
      const path = activePath(state.paths);
      if (redrawn || path !== drawnPath) drawPath(path);
      if (redrawn || state.selection !== drawnSelection) drawSelection(state.selection);
    },
    probe: {
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
