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
import type { Selection } from '../state/selection/selection-state';
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
  padding: 40,
  nodeDimensionsIncludeLabels: true,
  nodeRepulsion: () => 12000,
  idealEdgeLength: () => 70,
  edgeElasticity: () => 80,
  gravity: 0.6,
  componentSpacing: 60,
  numIter: 1500,
};

const CAMERA_MS = 350;

function refOf(element: cytoscape.SingularElementReturnValue): string {
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
  let drawnSelectionRevision = -1;
  let drawnPath: GraphPath | null = null;
  let ready = false;

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
    cy.layout(LAYOUT).run();
    ready = true;
    if (danglingEdgeIds.length > 0) events.onDanglingEdges(danglingEdgeIds);
  }

  function elementOf(selection: Selection): cytoscape.CollectionReturnValue {
    if (selection.kind === 'node') return cy.getElementById(nodeElementId(selection.id));
    if (selection.kind === 'edge') return cy.getElementById(edgeElementId(selection.id));
    return cy.collection();
  }

  function drawSelection(state: AppState): void {
    const { current, centre, revision } = state.selection;
    cy.batch(() => {
      cy.elements('.is-selected').removeClass('is-selected');
      cy.edges('.near-selection').removeClass('near-selection');
      const element = elementOf(current);
      element.addClass('is-selected');
      if (current.kind === 'node') element.connectedEdges().addClass('near-selection');
    });
    if (centre && revision !== drawnSelectionRevision) {
      const element = elementOf(current);
      if (element.nonempty()) {
        const target = current.kind === 'edge' ? element.connectedNodes().union(element) : element;
        cy.animate({ center: { eles: target }, zoom: Math.max(cy.zoom(), 1.1) }, { duration: CAMERA_MS });
      }
    }
    drawnSelectionRevision = revision;
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
    if (path !== null && path !== drawnPath) {
      const onPath = cy.elements('.on-path');
      if (onPath.nonempty()) cy.animate({ fit: { eles: onPath, padding: 90 } }, { duration: CAMERA_MS });
    }
    drawnPath = path;
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
      if (graph !== null && graph !== drawnGraph) {
        drawGraph(graph);
        drawnGraph = graph;
        // A new drawing has none of the old classes: force selection and path to be drawn again.
        drawnPath = null;
      }
      drawSelection(state);
      const path = activePath(state.paths);
      drawPath(path);
    },
    probe: {
      isReady: () => ready,
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
