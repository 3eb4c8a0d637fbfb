/**
 * The graph canvas. It renders the application state into Cytoscape (elements when the graph changes,
 * classes for selection and the highlighted path, camera moves when asked) and reports taps back as ids.
 * A console row the user picked is drawn as a selection of all the elements it mentions.
 * It never owns data: the Cytoscape instance is a drawing of the state, rebuilt from it, and nothing it
 * holds is handed out except plain numbers and ids through the read-only probe.
 *
 * The first picture of a graph is a full layout; later changes (expand, hide, filters, undo) are synced in
 * place, so what stays keeps its position, and the explorer's layouts (fcose, concentric rings, left to right
 * along a path) run when the state asks for one.
 *
 * Large views are drawn differently (level-of-detail.ts): laid out in a web worker (layout-runner.ts), drawn
 * with a lighter style, and on WebGL where a hardware GPU is present (renderer-choice.ts). Renderer and detail
 * tier are Cytoscape construction options, so crossing a tier recreates the Cytoscape instance: event handlers
 * are therefore bound in wire(), which runs on every new instance, and a sync that crosses a tier carries the
 * drawn positions and the camera over to the new instance.
 */
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';
import cytoscapeSvg from 'cytoscape-svg';
import type { AppState } from '../state/app-state';
import type { LayoutRequest } from '../state/canvas/canvas-state';
import { categoryIndex, selectDrawnGraph } from '../state/canvas/drawn-graph';
import { activePath } from '../state/paths/paths-state';
import { pathElementIds } from '../state/paths/path-steps';
import type { Graph, GraphPath, VocabularyInfo } from '../../../server/domain/graph-model';
import type { Selection, SelectionState } from '../state/selection/selection-state';
import type { Camera } from '../state/url/url-state';
import { currentActiveRow, type ActiveRow } from '../state/console/console-state';
import { colorForCategory, createStylesheet } from './styles';
import { layoutPathColumns } from './path-layout';
import { edgeElementId, nodeElementId, nodeSize, toCytoscapeElements } from './to-cytoscape-elements';
import { layoutStart, type ForceLayoutInput } from './force-layout';
import { createLayoutRunner, type LayoutRunner } from './layout-runner';
import { attachOverviewDrawing, type OverviewDrawing, type OverviewWanted } from './overview-drawing';
import { OverviewModel } from './overview-model';
import { detailTierFor, rendererOptionsFor, withTierStyles, type DetailTier } from './level-of-detail';
import { chooseRenderer, type RendererName } from './renderer-choice';
import { detectGpu } from './gpu-detection';
import { browserWorker } from './browser-worker';
import { seededRandom } from './seeded-random';

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
  /** Ids (API ids) of the elements drawn as selected. */
  selectedIds(): string[];
  /** How an edge is drawn (its status, line style, colour and mid-line mark), or null when it is not drawn. */
  edgeStyle(id: string): { status: string | null; lineStyle: string; lineColor: string; midMark: string } | null;
  /** The renderer drawing the view ('canvas' or 'webgl') and its level of detail. */
  renderer(): RendererName;
  detailTier(): DetailTier;
  /** The camera as the URL carries it (zoom, model point at the canvas centre), or null before a drawing. */
  camera(): Camera | null;
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
  /** The picture as a PNG (whole drawing, white background, twice the screen resolution). */
  exportPng(): Blob;
  /** The picture as an SVG document. */
  exportSvg(): string;
  /** Fits the whole drawing into the canvas. */
  fit(): void;
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

/** The overview model of element definitions, each node at its definition's position. */
function overviewModelOf(elements: readonly cytoscape.ElementDefinition[]): OverviewModel {
  const nodes = elements.filter((element) => element.group === 'nodes');
  const edges = elements.filter((element) => element.group === 'edges');
  const positions = new Float32Array(nodes.length * 2);
  nodes.forEach((node, i) => {
    positions[2 * i] = node.position?.x ?? 0;
    positions[2 * i + 1] = node.position?.y ?? 0;
  });
  return new OverviewModel(nodes, edges, positions);
}

/**
 * Layout time allowed in the worker for a view of `nodeCount` nodes: enough for a readable overview, no more.
 * The spiral start already groups neighbours, so a thousand-element view needs only about a hundred
 * iterations; the budget grows with the graph and stops at the time Cytoscape itself needs to style it.
 */
function layoutBudgetMs(nodeCount: number): number {
  return Math.min(900, 50 + nodeCount * 0.1);
}


/**
 * Gives edge definitions their relationship category and its colour before they are added, so a large drawing
 * is styled once rather than restyled edge by edge when the colours arrive.
 */
function withCategories(elements: cytoscape.ElementDefinition[], vocabulary: VocabularyInfo | null): cytoscape.ElementDefinition[] {
  if (vocabulary === null) return elements;
  const categories = categoryIndex(vocabulary);
  for (const element of elements) {
    if (element.group !== 'edges') continue;
    const category = categories.get(String(element.data['type']));
    if (category !== undefined) element.data = { ...element.data, category, categoryColor: colorForCategory(category) };
  }
  return elements;
}

/** Creates the view inside `container` and wires taps and hovers to `events`. */
export function createCytoscapeView(container: HTMLElement, events: CytoscapeViewEvents, options: CytoscapeViewOptions = {}): CytoscapeView {
  const gpu = detectGpu(container.ownerDocument);
  const forcedRenderer = options.renderer ?? 'auto';
  const rendererStatus = options.rendererStatus !== undefined ? options.rendererStatus : container.ownerDocument.getElementById('renderer-status');
  const layoutRunner: LayoutRunner = options.layoutRunner ?? createLayoutRunner(browserWorker());
  let profile: ViewProfile = { renderer: chooseRenderer({ gpu, elementCount: 0, forced: forcedRenderer }), tier: 'full' };
  const attachers: Array<(cy: cytoscape.Core, tier: DetailTier) => void> = [];
  /** The overview drawing of the current instance (model, layer, what Cytoscape holds), on the overview tier. */
  let overview: OverviewDrawing | null = null;
  /**
   * Runs `render` (an image export) with every element drawn by Cytoscape: on an overview most are only on the
   * layer, which Cytoscape's png()/svg() do not see.
   */
  function withEverythingInCytoscape<T>(render: () => T): T {
    return overview === null ? render() : overview.withEverything(render);
  }
  let cy = createInstance(profile);

  let drawnGraph: Graph | null = null;
  let drawnSelection: SelectionState | null = null;
  let drawnRow: ActiveRow | null = null;
  let drawnPath: GraphPath | null = null;
  let latestState: AppState | null = null;
  let ready = false;
  /** Counts drawings and worker layouts; a worker answer for an older count is stale and dropped. */
  let drawToken = 0;
  /** True while a worker layout of what is drawn is under way (positions are about to change). */
  let layoutPending = false;
  let cameraMoves = 0;
  let cameraMoving = false;
  /** A camera asked for before the drawing could take it (see setCamera). */
  let wantedCamera: Camera | null = null;
  const cameraListeners = new Set<() => void>();

  // The canvas changes size when the console drawer opens or the window resizes; Cytoscape must be told.
  // One observer for the container, whichever instance draws in it at the time.
  // Switching the console between its table and graph views folds or unfolds the drawer: the canvas then
  // frames the drawing again in the room it has (refitOnResize is set by render when the view changes).
  let refitOnResize = false;
  let drawnConsoleView: string | null = null;
  new ResizeObserver(() => {
    cy.resize();
    if (refitOnResize && ready) {
      refitOnResize = false;
      frameAll();
    }
  }).observe(container);

  function createInstance(wanted: ViewProfile): cytoscape.Core {
    const instance = cytoscape({
      container,
      style: withTierStyles(createStylesheet(), wanted.tier),
      // Selection is state, drawn with classes: Cytoscape's own selection would be a second source of truth.
      autounselectify: true,
      // Shift/Ctrl+drag draws Cytoscape's selection box; its 'box' events feed the group selection (canvas-interactions.ts).
      boxSelectionEnabled: true,
      minZoom: wanted.tier === 'full' ? 0.15 : 0.02,
      maxZoom: 4,
      wheelSensitivity: 0.4,
      ...rendererOptionsFor(wanted.tier, wanted.renderer),
    });
    wire(instance);
    for (const attach of attachers) attach(instance, wanted.tier);
    if (wanted.tier === 'overview') overview = attachOverviewDrawing(instance, container);
    showProfile(wanted);
    return instance;
  }

  /**
   * Switches renderer or detail tier; a new Cytoscape instance, since both are fixed at construction.
   * Returns whether the instance was replaced (it is then empty).
   */
  function useProfile(wanted: ViewProfile): boolean {
    if (wanted.renderer === profile.renderer && wanted.tier === profile.tier) return false;
    overview?.detach();
    overview = null;
    cy.destroy();
    profile = wanted;
    cy = createInstance(wanted);
    // A camera move or a worker layout of the old instance will never complete.
    cameraMoving = false;
    layoutPending = false;
    drawToken += 1;
    return true;
  }

  /** The renderer and tier for a drawing of `elementCount` elements. */
  function profileFor(elementCount: number): ViewProfile {
    return { renderer: chooseRenderer({ gpu, elementCount, forced: forcedRenderer }), tier: detailTierFor(elementCount) };
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
    // A tap with Shift, Ctrl or Cmd adds to the group selection (canvas-interactions.ts), not the details' focus.
    const modified = (event: cytoscape.EventObject): boolean => {
      const original = event.originalEvent as MouseEvent | undefined;
      return original !== undefined && (original.shiftKey || original.ctrlKey || original.metaKey);
    };
    cy.on('tap', 'node', (event) => {
      if (!modified(event)) events.onNodeTap(refOf(event.target as cytoscape.NodeSingular));
    });
    cy.on('tap', 'edge', (event) => {
      if (!modified(event)) events.onEdgeTap(refOf(event.target as cytoscape.EdgeSingular));
    });
    cy.on('tap', (event) => {
      if (event.target !== cy) return;
      // On an overview most nodes are only on the layer: a tap there is a tap on the node under it.
      const onLayer = overview?.nodeAtRendered(event.renderedPosition) ?? null;
      if (onLayer === null) events.onBackgroundTap();
      else if (!modified(event)) events.onNodeTap(onLayer);
    });
    cy.on('dbltap', 'node', (event) => events.onNodeDoubleTap?.(refOf(event.target as cytoscape.NodeSingular)));
    cy.on('viewport', () => {
      for (const listener of cameraListeners) listener();
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
   * Draws a new graph from scratch (the first picture). Small ones are laid out at once on the main thread;
   * large ones in the worker, after which the drawing, the pins, the path and the selection appear together.
   * Returns whether the drawing is done now.
   */
  function drawGraph(graph: Graph, vocabulary: VocabularyInfo | null): boolean {
    const { elements, danglingEdgeIds } = toCytoscapeElements(graph);
    withCategories(elements, vocabulary);
    if (danglingEdgeIds.length > 0) events.onDanglingEdges(danglingEdgeIds);
    const wanted = profileFor(elements.length);
    useProfile(wanted);
    const token = ++drawToken;
    layoutPending = false;
    if (wanted.tier === 'full') {
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
    const model = overviewModelOf(elements);
    const input: ForceLayoutInput = { nodeCount: model.nodeCount, sources: model.sources.slice(), targets: model.targets.slice(), budgetMs: layoutBudgetMs(model.nodeCount) };
    const start = layoutStart(input);
    void layoutRunner.run({ ...input, initial: start }).then(({ positions }) => {
      if (token !== drawToken) return;
      model.takePositions(positions);
      overview?.setModel(model);
      fitPositions(positions);
      ready = true;
      if (latestState === null) return applyWantedCamera();
      // On an overview the worker's force layout is the force layout: a pending request for one is met.
      if (latestState.canvas.layout.kind === 'force') drawnLayout = latestState.canvas.layout.revision;
      decorate(latestState, true);
      applyWantedCamera();
    });
    return false;
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
    cy.stop(true);
    cameraMoves += 1;
    cameraMoving = false;
    const margin = nodeSize(100) / 2;
    const width = maxX - minX + 2 * margin;
    const height = maxY - minY + 2 * margin;
    const padding = LAYOUT.padding ?? 30;
    const fitZoom = Math.min((cy.width() - 2 * padding) / width, (cy.height() - 2 * padding) / height);
    const zoom = Math.min(Math.max(fitZoom, cy.minZoom()), cy.maxZoom());
    cy.viewport({ zoom, pan: { x: cy.width() / 2 - zoom * (minX + maxX) / 2, y: cy.height() / 2 - zoom * (minY + maxY) / 2 } });
  }

  /**
   * Draws what the state marks on the drawing (category colours, pins, the layout asked for, the highlighted
   * path, the selection); everything again after a new drawing, which has none of the old classes.
   */
  function decorate(state: AppState, redrawn: boolean): void {
    if (redrawn || state.graph.vocabulary !== decoratedVocabulary) decorateEdges(state);
    // First, so the pins, the path and the selection drawn below find their elements in Cytoscape.
    overview?.show(overviewWanted(state));
    if (redrawn || state.canvas.pinned !== drawnPins) drawPins(state.canvas.pinned);
    const path = activePath(state.paths);
    if (state.canvas.layout.revision !== drawnLayout || (state.canvas.layout.kind === 'path' && path !== drawnPath)) {
      runLayout(state.canvas.layout, state);
      drawnLayout = state.canvas.layout.revision;
    }
    if (redrawn || path !== drawnPath) drawPath(path);
    const row = currentActiveRow(state);
    if (redrawn || state.selection !== drawnSelection || row !== drawnRow) drawSelection(state.selection, row);
  }

  /** What an overview hands Cytoscape for `state`: every element the state marks, by API id. */
  function overviewWanted(state: AppState): OverviewWanted {
    const { current } = state.selection;
    const path = activePath(state.paths);
    const row = currentActiveRow(state);
    const { kind, anchor } = state.canvas.layout;
    return {
      nodes: [...state.canvas.pinned, ...(path?.nodes.map((n) => n.id) ?? []), ...(row?.nodeIds ?? []), ...state.group.nodes],
      edges: [...(path?.edges.map((e) => e.id) ?? []), ...(row?.edgeIds ?? []), ...state.group.edges, ...(current.kind === 'edge' ? [current.id] : [])],
      around: [...(current.kind === 'node' ? [current.id] : []), ...(kind === 'around' && anchor !== null ? [anchor] : [])],
    };
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

  /** The drawn elements of a console row the user picked. */
  function rowElementsOf(row: ActiveRow): cytoscape.CollectionReturnValue {
    let elements = cy.collection();
    for (const id of row.nodeIds) elements = elements.union(cy.getElementById(nodeElementId(id)));
    for (const id of row.edgeIds) elements = elements.union(cy.getElementById(edgeElementId(id)));
    return elements;
  }

  function drawSelection(selection: SelectionState, row: ActiveRow | null): void {
    const { current, centre, revision } = selection;
    if (row !== null) {
      // A console row: every element it mentions is selected together, the rest steps back, and it is framed.
      const elements = rowElementsOf(row);
      cy.batch(() => {
        cy.elements('.is-selected').removeClass('is-selected');
        cy.edges('.near-selection').removeClass('near-selection');
        cy.elements('.dimmed').removeClass('dimmed');
        elements.addClass('is-selected');
        if (dimsTheRest() && elements.nonempty()) cy.elements().difference(elements).addClass('dimmed');
      });
      if (row !== drawnRow && elements.nonempty()) frame(elements);
      drawnSelection = selection;
      drawnRow = row;
      return;
    }
    drawnRow = null;
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

  /** The viewport point of a model point, or null when it is off the canvas. */
  function screenPointOf(x: number, y: number): ScreenPoint | null {
    const zoom = cy.zoom();
    const pan = cy.pan();
    return screenPoint(cy.collection(), { x: pan.x + zoom * x, y: pan.y + zoom * y }, true);
  }

  function screenPoint(element: cytoscape.CollectionReturnValue, point: cytoscape.Position, onLayer = false): ScreenPoint | null {
    if (element.empty() && !onLayer) return null;
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

  /**
   * Brings the drawing to `graph` without moving what stays: removes what left, adds what came. When the new
   * size crosses a detail tier (or changes the renderer), the instance is replaced first and every node, with
   * the camera, carried over to the new one at its position.
   */
  function syncGraph(graph: Graph, state: AppState): void {
    const anchor = state.canvas.layout.anchor;
    const { elements, danglingEdgeIds } = toCytoscapeElements(graph);
    withCategories(elements, state.graph.vocabulary);
    // A worker layout of the old content would move nodes that are no longer the ones it laid out.
    drawToken += 1;
    layoutPending = false;
    const wanted = profileFor(elements.length);
    if (wanted.tier !== profile.tier || wanted.renderer !== profile.renderer) {
      rememberPositions();
      const camera = { zoom: cy.zoom(), pan: { ...cy.pan() } };
      useProfile(wanted);
      cy.viewport(camera);
    }
    if (overview !== null) {
      syncOverview(overview, elements, anchor);
      if (danglingEdgeIds.length > 0) events.onDanglingEdges(danglingEdgeIds);
      return;
    }
    const wantedIds = new Set(elements.map((e) => String(e.data.id)));
    const added: cytoscape.ElementDefinition[] = [];
    cy.batch(() => {
      const leaving = cy.elements().filter((element) => !wantedIds.has(element.id()));
      leaving.nodes().forEach((node) => {
        lastPositions.set(node.id(), { ...node.position() });
      });
      leaving.remove();
      for (const definition of elements) {
        const existing = cy.getElementById(String(definition.data.id));
        if (existing.nonempty()) {
          // Degree (and so size) may change as neighbours come and go.
          // Set only when it changed: each set restyles the node, which adds up on an overview.
          if (definition.group === 'nodes' && existing.data('size') !== definition.data['size']) existing.data('size', definition.data['size']);
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

  /** Keeps every drawn node's position in lastPositions, for a drawing about to be replaced. */
  function rememberPositions(): void {
    const model = overview?.model;
    if (model === null || model === undefined) {
      cy.nodes().forEach((node) => {
        lastPositions.set(node.id(), { ...node.position() });
      });
      return;
    }
    model.nodes.forEach((node, i) => lastPositions.set(String(node.data.id), { x: model.x(i), y: model.y(i) }));
  }

  /**
   * An overview brought to new elements: a new model where remembered nodes keep their place and new ones go on
   * a ring around the anchor or their first placed neighbour. Cytoscape's few elements are dropped; the
   * decoration that follows every sync hands it what the state marks again.
   */
  function syncOverview(drawing: OverviewDrawing, elements: readonly cytoscape.ElementDefinition[], anchor: string | null): void {
    rememberPositions();
    const model = overviewModelOf(elements);
    const placed = new Uint8Array(model.nodeCount);
    model.nodes.forEach((node, i) => {
      const remembered = lastPositions.get(String(node.data.id));
      if (remembered === undefined) return;
      model.moveNode(i, remembered.x, remembered.y);
      placed[i] = 1;
    });
    const box = model.box() ?? { x1: 0, y1: 0, x2: 0, y2: 0 };
    const anchorIndex = anchor === null ? -1 : (model.nodeIndex.get(nodeElementId(anchor)) ?? -1);
    const ring = new Map<number, number>();
    for (let i = 0; i < model.nodeCount; i++) {
      if (placed[i] === 1) continue;
      let centre = anchorIndex >= 0 && placed[anchorIndex] === 1 ? anchorIndex : -1;
      for (const e of centre >= 0 ? [] : model.incidentEdges(i)) {
        const other = model.sources[e] === i ? (model.targets[e] as number) : (model.sources[e] as number);
        if (placed[other] === 1) {
          centre = other;
          break;
        }
      }
      if (centre < 0) {
        model.moveNode(i, box.x2 + 150 + model.x(i) / 4, (box.y1 + box.y2) / 2 + model.y(i) / 4);
        continue;
      }
      const k = ring.get(centre) ?? 0;
      ring.set(centre, k + 1);
      // Golden-angle steps: a ring that needs no count of its members up front, and never stacks two nodes.
      const angle = k * 2.39996;
      const radius = 110 + 12 * Math.sqrt(k);
      model.moveNode(i, model.x(centre) + radius * Math.cos(angle), model.y(centre) + radius * Math.sin(angle));
    }
    cy.elements().remove();
    drawing.setModel(model);
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
    const model = overview?.model;
    if (model !== null && model !== undefined) {
      model.locked.fill(0);
      for (const id of ids) {
        const i = model.nodeIndex.get(id);
        if (i !== undefined) model.locked[i] = 1;
      }
    }
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
        const model = overview?.model;
        if (model !== null && model !== undefined) {
          for (const [id, at] of positions) {
            const i = model.nodeIndex.get(nodeElementId(id));
            if (i !== undefined && model.locked[i] !== 1) model.moveNode(i, at.x, at.y);
          }
          overview?.positionsChanged();
        } else {
          cy.nodes().not('.is-pinned').forEach((node) => {
            const at = positions.get(refOf(node));
            if (at !== undefined) node.position({ ...at });
          });
        }
        frameAll();
        return;
      }
    }
    // On an overview Cytoscape holds only a few nodes, so its concentric layout cannot place the rest: an overview
    // runs its force layout instead.
    if (request.kind === 'concentric' && anchorNode.nonempty() && overview === null) {
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
    if (profile.tier === 'overview') {
      // fcose on thousands of nodes would freeze the page for seconds: an overview uses the worker's layout.
      runWorkerLayout();
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
        // Nodes without a relationship (a console answer of documents or names) are tiled; the default 10 px
        // between them put their wrapped names over each other.
        tilingPaddingVertical: 36,
        tilingPaddingHorizontal: 90,
        fixedNodeConstraint: fixed.length > 0 ? fixed : undefined,
      } as unknown as cytoscape.LayoutOptions).run(),
    );
    frameNow(cy.elements());
  }

  /**
   * The force layout of an overview, in the worker, starting from where the nodes are now. Pinned nodes stay
   * where they are (the worker layout knows no fixed nodes, so they are simply not moved when it answers).
   */
  function runWorkerLayout(): void {
    const model = overview?.model;
    if (model === null || model === undefined) return;
    const token = ++drawToken;
    layoutPending = true;
    const { nodeCount, sources, targets, positions: initial } = model;
    void layoutRunner
      .run({ nodeCount, sources: sources.slice(), targets: targets.slice(), initial: initial.slice(), budgetMs: layoutBudgetMs(nodeCount) })
      .then(({ positions }) => {
        if (token !== drawToken) return;
        model.takePositions(positions);
        overview?.positionsChanged();
        layoutPending = false;
        fitPositions(model.positions);
        applyWantedCamera();
      });
  }

  function currentCamera(): Camera | null {
    if (!ready) return null;
    const zoom = cy.zoom();
    const pan = cy.pan();
    return { zoom, x: (cy.width() / 2 - pan.x) / zoom, y: (cy.height() / 2 - pan.y) / zoom };
  }

  /** Puts the camera where setCamera asked, once the drawing is ready and no layout is about to move it. */
  function applyWantedCamera(): void {
    if (wantedCamera === null || !ready || layoutPending) return;
    const { zoom, x, y } = wantedCamera;
    wantedCamera = null;
    cy.stop(true);
    cameraMoves += 1;
    cameraMoving = false;
    const level = Math.min(Math.max(zoom, cy.minZoom()), cy.maxZoom());
    cy.viewport({ zoom: level, pan: { x: cy.width() / 2 - level * x, y: cy.height() / 2 - level * y } });
  }

  /** Frames the whole drawing at once (on an overview from the model, which holds what Cytoscape does not). */
  function frameAll(): void {
    const model = overview?.model;
    if (model === null || model === undefined) frameNow(cy.elements());
    else fitPositions(model.positions);
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
      latestState = state;
      const consoleView = state.console.open ? state.console.view : null;
      if (drawnConsoleView !== null && consoleView !== null && consoleView !== drawnConsoleView) refitOnResize = true;
      drawnConsoleView = consoleView;
      // The explorer draws the canvas after hiding and filters (see state/canvas/drawn-graph.ts).
      const graph = selectDrawnGraph(state);
      let redrawn = false;
      if (graph !== null && graph !== drawnGraph) {
        drawnGraph = graph;
        redrawn = true;
        // The first picture is a full layout (in the worker when large); later changes keep what is drawn
        // where it is. A drawing still in the worker is replaced, and gets its decorations when it lands.
        if (ready) syncGraph(graph, state);
        else if (!drawGraph(graph, state.graph.vocabulary)) return;
      }
      if (ready) decorate(state, redrawn);
      applyWantedCamera();
    },
    exportPng: () => withEverythingInCytoscape(() => cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' })),
    exportSvg: () =>
      withEverythingInCytoscape(() => (cy as unknown as { svg(options: { full: boolean; scale: number; bg: string }): string }).svg({ full: true, scale: 1, bg: '#ffffff' })),
    fit: () => (overview?.model ? frameAll() : moveCamera({ fit: { eles: cy.elements(), padding: 30 } })),
    zoomBy(factor) {
      const zoom = Math.min(Math.max(cy.zoom() * factor, cy.minZoom()), cy.maxZoom());
      cy.zoom({ level: zoom, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    },
    onInstance(attach) {
      attachers.push(attach);
      attach(cy, profile.tier);
    },
    camera: currentCamera,
    setCamera(camera) {
      wantedCamera = camera;
      applyWantedCamera();
    },
    onCameraChange(listener) {
      cameraListeners.add(listener);
      return () => cameraListeners.delete(listener);
    },
    probe: {
      isReady: () => ready,
      isSettled: () => ready && !layoutPending && !cameraMoving && !cy.animated(),
      nodeCount: () => overview?.model?.nodeCount ?? cy.nodes().length,
      edgeCount: () => overview?.model?.edgeCount ?? cy.edges().length,
      nodeScreenPoint(id) {
        const node = cy.getElementById(nodeElementId(id));
        if (node.nonempty()) return screenPoint(node, node.renderedPosition());
        const model = overview?.model;
        const i = model?.nodeIndex.get(nodeElementId(id));
        return model === null || model === undefined || i === undefined ? null : screenPointOf(model.x(i), model.y(i));
      },
      edgeScreenPoint(id) {
        const edge = cy.getElementById(edgeElementId(id));
        if (edge.nonempty()) return screenPoint(edge, (edge as cytoscape.EdgeSingular).renderedMidpoint());
        // On the layer an edge is a straight line: its midpoint is halfway between its ends.
        const model = overview?.model;
        const e = model?.edgeIndex.get(edgeElementId(id));
        if (model === null || model === undefined || e === undefined) return null;
        const s = model.sources[e] as number;
        const t = model.targets[e] as number;
        return screenPointOf((model.x(s) + model.x(t)) / 2, (model.y(s) + model.y(t)) / 2);
      },
      highlightedIds: () => cy.elements('.on-path').map((element) => refOf(element)),
      drawnNodeIds: () => overview?.model?.nodes.map((n) => String(n.data['ref'])) ?? cy.nodes().map((n) => refOf(n)),
      drawnEdgeIds: () => overview?.model?.edges.map((e) => String(e.data['ref'])) ?? cy.edges().map((e) => refOf(e)),
      nodePosition(id) {
        const model = overview?.model;
        const i = model?.nodeIndex.get(nodeElementId(id));
        if (model !== null && model !== undefined && i !== undefined) return { x: model.x(i), y: model.y(i) };
        const node = cy.getElementById(nodeElementId(id));
        return node.empty() ? null : { ...node.position() };
      },
      lastLayout: () => ({ kind: lastLayoutKind, count: layoutCount }),
      selectedIds: () => cy.elements('.is-selected').map((element) => refOf(element)),
      edgeStyle(id) {
        const edge = cy.getElementById(edgeElementId(id));
        if (edge.empty()) return null;
        const status = edge.data('status') as string | undefined;
        return {
          status: status ?? null,
          lineStyle: String(edge.style('line-style')),
          lineColor: String(edge.style('line-color')),
          midMark: String(edge.style('mid-target-arrow-shape')),
        };
      },
      renderer: () => profile.renderer,
      detailTier: () => profile.tier,
      camera: currentCamera,
    },
  };
}
