/**
 * The graph canvas. It renders the application state into Cytoscape (elements when the graph changes,
 * classes for selection and the highlighted path, camera moves when asked) and reports taps back as ids.
 * It never owns data: the Cytoscape instance is a drawing of the state, rebuilt from it, and nothing it
 * holds is handed out except plain numbers and ids through the read-only probe.
 *
 * Large views are drawn differently (level-of-detail.ts): laid out in a web worker (layout-runner.ts), drawn
 * with a lighter style, and on WebGL where a hardware GPU is present (renderer-choice.ts). Renderer and detail
 * tier are Cytoscape construction options, so crossing a tier recreates the Cytoscape instance: event handlers
 * are therefore bound in wire(), which runs on every new instance.
 */
import cytoscape from 'cytoscape';
import type { AppState } from '../state/app-state';
import { activePath } from '../state/paths/paths-state';
import { pathElementIds } from '../state/paths/path-steps';
import type { Graph, GraphPath } from '../../../server/domain/graph-model';
import type { Selection, SelectionState } from '../state/selection/selection-state';
import { createStylesheet } from './styles';
import { edgeElementId, nodeElementId, nodeSize, toCytoscapeElements } from './to-cytoscape-elements';
import { layoutStart, type ForceLayoutInput } from './force-layout';
import { createLayoutRunner, type LayoutRunner } from './layout-runner';
import { attachZoomLabels, detailTierFor, rendererOptionsFor, withTierStyles, type DetailTier } from './level-of-detail';
import { chooseRenderer, type RendererName } from './renderer-choice';
import { detectGpu } from './gpu-detection';
import { browserWorker } from './browser-worker';

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
  /** Ids (API ids) of the elements drawn as selected. */
  selectedIds(): string[];
  /** The renderer drawing the view ('canvas' or 'webgl') and its level of detail. */
  renderer(): RendererName;
  detailTier(): DetailTier;
}

export interface CytoscapeViewOptions {
  /** Force a renderer; 'auto' (the default) picks WebGL for large views on a hardware GPU, else the canvas. */
  readonly renderer?: RendererName | 'auto';
  /** Where large layouts run; by default the layout worker next to the page's script. */
  readonly layoutRunner?: LayoutRunner;
  /** The element that names the renderer for the user; by default #renderer-status, when the page has one. */
  readonly rendererStatus?: HTMLElement | null;
}

interface ViewProfile {
  readonly renderer: RendererName;
  readonly tier: DetailTier;
}

const RENDERER_LABELS: Record<RendererName, string> = { canvas: 'Canvas', webgl: 'WebGL' };

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

/** Node and edge endpoints of element definitions as index arrays, the form the force layout takes. */
function toLayoutArrays(elements: readonly cytoscape.ElementDefinition[]): {
  nodes: cytoscape.ElementDefinition[];
  edges: cytoscape.ElementDefinition[];
  sources: Int32Array;
  targets: Int32Array;
} {
  const nodes = elements.filter((element) => element.group === 'nodes');
  const edges = elements.filter((element) => element.group === 'edges');
  const index = new Map<string, number>();
  nodes.forEach((node, i) => index.set(String(node.data.id), i));
  const sources = new Int32Array(edges.length);
  const targets = new Int32Array(edges.length);
  edges.forEach((edge, i) => {
    sources[i] = index.get(String(edge.data.source)) ?? -1;
    targets[i] = index.get(String(edge.data.target)) ?? -1;
  });
  return { nodes, edges, sources, targets };
}

/**
 * Layout time allowed in the worker for a view of `nodeCount` nodes: enough for a readable overview, no more.
 * The spiral start already groups neighbours, so a thousand-element view needs only about a hundred
 * iterations; the budget grows with the graph and stops at the time Cytoscape itself needs to style it.
 */
function layoutBudgetMs(nodeCount: number): number {
  return Math.min(900, 50 + nodeCount * 0.1);
}

/** Creates the view inside `container` and wires taps and hovers to `events`. */
export function createCytoscapeView(container: HTMLElement, events: CytoscapeViewEvents, options: CytoscapeViewOptions = {}): CytoscapeView {
  const gpu = detectGpu(container.ownerDocument);
  const forcedRenderer = options.renderer ?? 'auto';
  const rendererStatus = options.rendererStatus !== undefined ? options.rendererStatus : container.ownerDocument.getElementById('renderer-status');
  const layoutRunner: LayoutRunner = options.layoutRunner ?? createLayoutRunner(browserWorker());
  let profile: ViewProfile = { renderer: chooseRenderer({ gpu, elementCount: 0, forced: forcedRenderer }), tier: 'full' };
  let cy = createInstance(profile);

  let drawnGraph: Graph | null = null;
  let drawnSelection: SelectionState | null = null;
  let drawnPath: GraphPath | null = null;
  let latestState: AppState | null = null;
  let ready = false;
  let drawToken = 0;
  let cameraMoves = 0;
  let cameraMoving = false;

  function createInstance(wanted: ViewProfile): cytoscape.Core {
    const instance = cytoscape({
      container,
      style: withTierStyles(createStylesheet(), wanted.tier),
      // Selection is state, drawn with classes: Cytoscape's own selection would be a second source of truth.
      autounselectify: true,
      boxSelectionEnabled: false,
      minZoom: wanted.tier === 'full' ? 0.15 : 0.02,
      maxZoom: 4,
      wheelSensitivity: 0.4,
      ...rendererOptionsFor(wanted.tier, wanted.renderer),
    });
    wire(instance);
    if (wanted.tier === 'overview') attachZoomLabels(instance);
    showProfile(wanted);
    return instance;
  }

  /** Switches renderer or detail tier; a new Cytoscape instance, since both are fixed at construction. */
  function useProfile(wanted: ViewProfile): void {
    if (wanted.renderer === profile.renderer && wanted.tier === profile.tier) return;
    cy.destroy();
    profile = wanted;
    cy = createInstance(wanted);
    // A camera move of the old instance will never complete.
    cameraMoving = false;
  }

  function showProfile(shown: ViewProfile): void {
    container.dataset.renderer = shown.renderer;
    container.dataset.detail = shown.tier;
    if (rendererStatus === null) return;
    rendererStatus.textContent = `${RENDERER_LABELS[shown.renderer]}${shown.tier === 'overview' ? ' · overview' : ''}`;
    rendererStatus.dataset.renderer = shown.renderer;
    rendererStatus.title =
      `Drawn with Cytoscape's ${shown.renderer === 'webgl' ? 'WebGL' : '2D canvas'} renderer. GPU: ` +
      `${gpu.name === '' ? 'unknown' : gpu.name}${gpu.software ? ' (software, so WebGL is not used)' : ''}.`;
  }

  /** Binds taps and hovers on a new instance (its own `cy`, so handlers never reach a destroyed one). */
  function wire(cy: cytoscape.Core): void {
    cy.on('tap', 'node', (event) => events.onNodeTap(refOf(event.target as cytoscape.NodeSingular)));
    cy.on('tap', 'edge', (event) => events.onEdgeTap(refOf(event.target as cytoscape.EdgeSingular)));
    cy.on('tap', (event) => {
      if (event.target === cy) events.onBackgroundTap();
    });
    // Hover is a passing look, not state: it only shows the edge types around the pointer. Not while a button
    // is down: the pointer sweeping over nodes during a pan would restyle them frame after frame.
    const panning = (event: cytoscape.EventObject): boolean => ((event.originalEvent as MouseEvent | undefined)?.buttons ?? 0) !== 0;
    cy.on('mouseover', 'edge', (event) => {
      if (!panning(event)) (event.target as cytoscape.EdgeSingular).addClass('hover');
    });
    cy.on('mouseout', 'edge', (event) => (event.target as cytoscape.EdgeSingular).removeClass('hover'));
    cy.on('mouseover', 'node', (event) => {
      if (panning(event)) return;
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
  }

  /**
   * Draws a new graph. Small ones are laid out at once on the main thread; large ones in the worker, after
   * which the drawing, the path and the selection appear together. Returns whether the drawing is done now.
   */
  function drawGraph(graph: Graph): boolean {
    const { elements, danglingEdgeIds } = toCytoscapeElements(graph);
    if (danglingEdgeIds.length > 0) events.onDanglingEdges(danglingEdgeIds);
    const tier = detailTierFor(elements.length);
    useProfile({ renderer: chooseRenderer({ gpu, elementCount: elements.length, forced: forcedRenderer }), tier });
    const token = ++drawToken;
    if (tier === 'full') {
      cy.batch(() => {
        cy.elements().remove();
        cy.add(elements);
      });
      withSeededRandom(graph.nodes.length * 31 + graph.edges.length, () => cy.layout(LAYOUT).run());
      ready = true;
      return true;
    }
    ready = false;
    cy.elements().remove();
    const { nodes, edges, sources, targets } = toLayoutArrays(elements);
    const input: ForceLayoutInput = { nodeCount: nodes.length, sources, targets, budgetMs: layoutBudgetMs(nodes.length) };
    const start = layoutStart(input);
    const laidOut = layoutRunner.run({ ...input, initial: start.slice() });
    // While the worker lays the graph out, this thread adds and styles the nodes at their starting points,
    // with the camera looking away so no frame draws the unfinished picture.
    const added = addStyledNodes(nodes, start);
    void laidOut.then(({ positions }) => {
      if (token !== drawToken) return;
      cy.batch(() => {
        added.forEach((node, i) => {
          node.position({ x: positions[2 * i] ?? 0, y: positions[2 * i + 1] ?? 0 });
        });
      });
      cy.add(edges);
      fitPositions(positions);
      ready = true;
      if (latestState !== null) decorate(latestState, true);
    });
    return false;
  }

  /**
   * Adds the nodes of a large drawing and styles them at once, before any edge exists: every style property
   * Cytoscape applies to a node also marks the style of the node's edges stale (a walk of its edges each time),
   * and with no edges yet those walks are empty, which halves the style work of a first draw on thousands of
   * nodes. The camera is pointed far away meanwhile, so nothing is drawn until the positions are final.
   */
  function addStyledNodes(nodes: cytoscape.ElementDefinition[], start: Float32Array): cytoscape.CollectionReturnValue {
    nodes.forEach((node, i) => {
      node.position = { x: start[2 * i] ?? 0, y: start[2 * i + 1] ?? 0 };
    });
    cy.viewport({ zoom: 1, pan: { x: -1e7, y: -1e7 } });
    const added = cy.add(nodes);
    added.forEach((node) => void node.numericStyle('width'));
    return added;
  }

  /**
   * Fits the camera to laid-out positions. cy.fit() would measure every element's box, labels included,
   * which on thousands of nodes costs more than the drawing; the positions and the largest node size suffice.
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
    const margin = nodeSize(100) / 2;
    const width = maxX - minX + 2 * margin;
    const height = maxY - minY + 2 * margin;
    const padding = LAYOUT.padding ?? 30;
    const fitZoom = Math.min((cy.width() - 2 * padding) / width, (cy.height() - 2 * padding) / height);
    const zoom = Math.min(Math.max(fitZoom, cy.minZoom()), cy.maxZoom());
    cy.viewport({ zoom, pan: { x: cy.width() / 2 - zoom * (minX + maxX) / 2, y: cy.height() / 2 - zoom * (minY + maxY) / 2 } });
  }

  /** Draws the highlighted path and the selection of `state`, again after a new drawing (it has no classes). */
  function decorate(state: AppState, redrawn: boolean): void {
    const path = activePath(state.paths);
    if (redrawn || path !== drawnPath) drawPath(path);
    if (redrawn || state.selection !== drawnSelection) drawSelection(state.selection);
  }

  function elementOf(selection: Selection): cytoscape.CollectionReturnValue {
    if (selection.kind === 'node') return cy.getElementById(nodeElementId(selection.id));
    if (selection.kind === 'edge') return cy.getElementById(edgeElementId(selection.id));
    return cy.collection();
  }

  /**
   * Whether a selection or a path dims everything else. Not on an overview: restyling tens of thousands of
   * elements per click costs seconds there, so the highlighted elements stand out by their own style alone.
   */
  function dimsTheRest(): boolean {
    return profile.tier === 'full';
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
        if (dimsTheRest()) cy.elements().difference(element.closedNeighborhood()).addClass('dimmed');
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
      if (dimsTheRest()) cy.elements().difference(onPath).addClass('faded');
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
      latestState = state;
      const graph = state.graph.graph;
      let redrawn = false;
      if (graph !== null && graph !== drawnGraph) {
        drawnGraph = graph;
        // A drawing still in the worker gets its path and selection when it lands (see drawGraph).
        if (!drawGraph(graph)) return;
        redrawn = true;
      }
      // A new drawing has none of the old classes, so selection and path are drawn again after one.
      if (ready) decorate(state, redrawn);
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
      selectedIds: () => cy.elements('.is-selected').map((element) => refOf(element)),
      renderer: () => profile.renderer,
      detailTier: () => profile.tier,
    },
  };
}
