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
 * by a plain canvas layer from a model of every element (overview-drawing.ts), with only the few elements that
 * must be interactive or highlighted in Cytoscape, and on WebGL where a hardware GPU is present
 * (renderer-choice.ts). Renderer and detail tier are Cytoscape construction options, so crossing a tier
 * recreates the Cytoscape instance: event handlers are therefore bound on every new instance (view-events.ts),
 * and a sync that crosses a tier carries the drawn positions and the camera over to the new instance.
 * The view's contract (cytoscape-view-contract.ts), the camera (view-camera.ts), the probe (view-probe.ts), the
 * main-thread layouts and node placement live in
 * files of their own.
 */
import cytoscape from 'cytoscape';
import cytoscapeSvg from 'cytoscape-svg';
import type { AppState } from '../state/app-state';
import type { LayoutRequest } from '../state/canvas/canvas-state';
import { categoryIndex, selectDrawnGraph } from '../state/canvas/drawn-graph';
import { activePath } from '../state/paths/paths-state';
import { pathElementIds } from '../state/paths/path-steps';
import type { Graph, GraphPath, VocabularyInfo } from '../../../server/domain/graph-model';
import type { Selection, SelectionState } from '../state/selection/selection-state';
import { currentActiveRow, type ActiveRow } from '../state/console/console-state';
import { colorForCategory, createStylesheet } from './styles';
import { layoutPathColumns } from './path-layout';
import { edgeElementId, nodeElementId, toCytoscapeElements, withCategories } from './to-cytoscape-elements';
import { layoutStart, type ForceLayoutInput } from './force-layout';
import { createLayoutRunner, type LayoutRunner } from './layout-runner';
import { attachOverviewDrawing, type OverviewDrawing, type OverviewWanted } from './overview-drawing';
import { OverviewModel } from './overview-model';
import { detailTierFor, rendererOptionsFor, withTierStyles, type DetailTier } from './level-of-detail';
import { chooseRenderer } from './renderer-choice';
import { detectGpu } from './gpu-detection';
import { showRendererStatus } from './renderer-status';
import { browserWorker } from './browser-worker';
import { createViewCamera } from './view-camera';
import { runConcentricLayout, runFcoseLayout, runFirstLayout } from './main-thread-layouts';
import { placeNewNodes, placeOverviewNodes, placeOverviewRings } from './node-placement';
import { wireViewEvents } from './view-events';
import { createViewProbe, type ViewProbe } from './view-probe';
import type { CytoscapeView, CytoscapeViewEvents, CytoscapeViewOptions, ViewProfile } from './cytoscape-view-contract';

export type { ScreenPoint, ViewProbe } from './view-probe';
export type { CytoscapeView, CytoscapeViewEvents, CytoscapeViewOptions } from './cytoscape-view-contract';

cytoscape.use(cytoscapeSvg);

function refOf(element: cytoscape.SingularElementArgument): string {
  return String(element.data('ref'));
}

/**
 * Layout time allowed in the worker for a view of `nodeCount` nodes: enough for a readable overview, no more.
 * The spiral start already groups neighbours, so a thousand-element view needs only about a hundred
 * iterations; the budget grows with the graph and stops at 900 ms, about half of the 2 s a 50k-element overview
 * may take to appear and answer a click (issue 20).
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
  const cameraListeners = new Set<() => void>();
  const camera = createViewCamera({
    cy: () => cy,
    isReady: () => ready,
    isLayoutPending: () => layoutPending,
    overviewModel: () => overview?.model ?? null,
  });

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
      camera.frameAll();
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
    wireViewEvents(instance, { events, container, overview: () => overview, onViewport: () => cameraListeners.forEach((listener) => listener()) });
    for (const attach of attachers) attach(instance, wanted.tier);
    if (wanted.tier === 'overview') overview = attachOverviewDrawing(instance, container);
    showRendererStatus(container, rendererStatus, gpu, wanted);
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
    camera.forgetMoves();
    layoutPending = false;
    drawToken += 1;
    return true;
  }

  /** The renderer and tier for a drawing of `elementCount` elements. */
  function profileFor(elementCount: number): ViewProfile {
    return { renderer: chooseRenderer({ gpu, elementCount, forced: forcedRenderer }), tier: detailTierFor(elementCount) };
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
      runFirstLayout(cy, graph.nodes.length * 31 + graph.edges.length);
      ready = true;
      return true;
    }
    ready = false;
    cy.elements().remove();
    const model = OverviewModel.ofElements(elements);
    const input: ForceLayoutInput = { nodeCount: model.nodeCount, sources: model.sources.slice(), targets: model.targets.slice(), budgetMs: layoutBudgetMs(model.nodeCount) };
    const start = layoutStart(input);
    void layoutRunner.run({ ...input, initial: start }).then(({ positions }) => {
      if (token !== drawToken) return;
      model.takePositions(positions);
      overview?.setModel(model);
      camera.fitPositions(positions);
      ready = true;
      if (latestState === null) return camera.applyWanted();
      // On an overview the worker's force layout is the force layout: a pending request for one is met.
      if (latestState.canvas.layout.kind === 'force') drawnLayout = latestState.canvas.layout.revision;
      decorate(latestState, true);
      camera.applyWanted();
    });
    return false;
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
      if (row !== drawnRow && elements.nonempty()) camera.frame(elements);
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
        camera.frame(element.connectedNodes().union(element));
      } else {
        camera.frame(element.closedNeighborhood());
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
    if (path !== null) camera.frame(cy.elements('.on-path'));
    drawnPath = path;
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
      const viewport = { zoom: cy.zoom(), pan: { ...cy.pan() } };
      useProfile(wanted);
      cy.viewport(viewport);
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
      placeNewNodes(cy, newNodes, graph, anchor, lastPositions);
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
    const model = OverviewModel.ofElements(elements);
    placeOverviewNodes(model, lastPositions, anchor);
    cy.elements().remove();
    drawing.setModel(model);
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
    // An overview drawn before the vocabulary came has grey lines on its layer: colour them now.
    const model = overview?.model;
    if (model !== null && model !== undefined && model.edges.some((edge) => edge.data['categoryColor'] === undefined)) {
      withCategories(model.edges as cytoscape.ElementDefinition[], vocabulary);
      overview?.positionsChanged();
    }
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
      if (anchorNode.nonempty()) camera.frame(anchorNode.closedNeighborhood());
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
        camera.frameAll();
        return;
      }
    }
    const drawing = overview?.model;
    const anchorIndex = request.anchor === null ? undefined : drawing?.nodeIndex.get(nodeElementId(request.anchor));
    if (request.kind === 'concentric' && drawing !== null && drawing !== undefined && anchorIndex !== undefined) {
      // On an overview Cytoscape holds only a few nodes: the rings are laid out on the model.
      placeOverviewRings(drawing, anchorIndex);
      overview?.positionsChanged();
      camera.frameAll();
      return;
    }
    if (request.kind === 'concentric' && anchorNode.nonempty()) {
      runConcentricLayout(cy, anchorNode);
      camera.frameNow(cy.elements());
      return;
    }
    if (profile.tier === 'overview') {
      // fcose on thousands of nodes would freeze the page for seconds: an overview uses the worker's layout.
      runWorkerLayout();
      return;
    }
    runFcoseLayout(cy);
    camera.frameNow(cy.elements());
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
        camera.fitPositions(model.positions);
        camera.applyWanted();
      });
  }

  const probe: ViewProbe = createViewProbe({
    container,
    cy: () => cy,
    overviewModel: () => overview?.model ?? null,
    isReady: () => ready,
    isSettled: () => ready && !layoutPending && !camera.isMoving() && !cy.animated(),
    lastLayout: () => ({ kind: lastLayoutKind, count: layoutCount }),
    renderer: () => profile.renderer,
    detailTier: () => profile.tier,
    camera: () => camera.current(),
  });

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
      camera.applyWanted();
    },
    exportPng: () => withEverythingInCytoscape(() => cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' })),
    exportSvg: () =>
      withEverythingInCytoscape(() => (cy as unknown as { svg(options: { full: boolean; scale: number; bg: string }): string }).svg({ full: true, scale: 1, bg: '#ffffff' })),
    fit: () => (overview?.model ? camera.frameAll() : camera.move({ fit: { eles: cy.elements(), padding: 30 } })),
    drawnNodesWhere: (test) =>
      overview?.model ? overview.nodesWhere(test) : cy.nodes().filter((node) => test(node.renderedPosition())).map((node) => refOf(node)),
    zoomBy(factor) {
      const zoom = Math.min(Math.max(cy.zoom() * factor, cy.minZoom()), cy.maxZoom());
      cy.zoom({ level: zoom, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    },
    onInstance(attach) {
      attachers.push(attach);
      attach(cy, profile.tier);
    },
    camera: () => camera.current(),
    setCamera: (wanted) => camera.want(wanted),
    onCameraChange(listener) {
      cameraListeners.add(listener);
      return () => cameraListeners.delete(listener);
    },
    probe,
  };
}
