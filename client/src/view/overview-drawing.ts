/**
 * An overview's drawing: the model of every element (overview-model.ts) painted by the layer under Cytoscape
 * (overview-layer.ts), and in Cytoscape only what must be interactive or highlighted: hubs, pinned nodes, what
 * the state marks (selection with its neighbourhood, path, console row, group, layout anchor), the nodes named
 * when zoomed in, and the nodes the pointer touches. A node under the pointer is handed to Cytoscape before
 * Cytoscape sees the press (a capturing listener), so its taps, double taps, context menu, tooltip and drag
 * work as on any drawn node; a tap Cytoscape still reports on the background is checked against the model.
 */
import type cytoscape from 'cytoscape';
import { EXPORT_EDGES_CLASS, HUB_MIN_SIZE, LABEL_MAX_NODES, LABEL_ZOOM, LABELLED_CLASS } from './level-of-detail';
import { attachOverviewLayer } from './overview-layer';
import type { OverviewModel } from './overview-model';
import { edgeElementId, nodeElementId } from './to-cytoscape-elements';

/** What the state asks Cytoscape to hold, by API id. */
export interface OverviewWanted {
  readonly nodes: readonly string[];
  readonly edges: readonly string[];
  /** Nodes shown with every edge at them and their neighbours (a selected node, a layout's anchor). */
  readonly around: readonly string[];
}

const NOTHING: OverviewWanted = { nodes: [], edges: [], around: [] };
/** At most this many nodes touched by the pointer are kept in Cytoscape between state changes. */
const TOUCHED_MAX = 64;
/**
 * A touched node with at most this many edges comes with them (and their other ends), so hovering it shows its
 * links as on any view; a hub's hundreds would cost a visible pause under the pointer.
 */
const TOUCHED_EDGES_MAX = 60;
/** How far (screen pixels) from a node's disc a press or hover still finds it: overview nodes are specks. */
const HIT_SLACK_PX = 4;
const LABEL_SETTLE_MS = 150;

export interface OverviewDrawing {
  readonly model: OverviewModel | null;
  /** Takes a new model (a new drawing or a synced one) and redraws the layer. */
  setModel(model: OverviewModel): void;
  /** Makes Cytoscape hold what `wanted` asks for and the overview's own (hubs, pins, labels, touched). */
  show(wanted: OverviewWanted): void;
  /** The model has moved: moves the nodes Cytoscape holds to match, and redraws the layer. */
  positionsChanged(): void;
  /** API ids of the nodes whose rendered centre (canvas pixels) passes `test`. */
  nodesWhere(test: (rendered: cytoscape.Position) => boolean): string[];
  /** The API id of the node drawn at a rendered point (canvas pixels), or null. */
  nodeAtRendered(point: cytoscape.Position): string | null;
  /** Runs `render` (an image export) with every element in Cytoscape, which alone draws png() and svg(). */
  withEverything<T>(render: () => T): T;
  detach(): void;
}

/** Starts the overview drawing of `cy` (an overview-tier instance) in `container`. */
export function attachOverviewDrawing(cy: cytoscape.Core, container: HTMLElement): OverviewDrawing {
  let model: OverviewModel | null = null;
  let wanted: OverviewWanted = NOTHING;
  let hubs: number[] = [];
  const touched = new Set<number>();
  let labelled = new Set<number>();
  const layer = attachOverviewLayer(cy, container, () => model);

  function definitionOf(group: 'nodes' | 'edges', i: number): cytoscape.ElementDefinition | null {
    if (model === null) return null;
    const source = group === 'nodes' ? model.nodes[i] : model.edges[i];
    if (source === undefined) return null;
    // A copy: Cytoscape keeps the data object it is given, and the model's must not change with it.
    const definition: cytoscape.ElementDefinition = { group, data: { ...source.data } };
    if (group === 'nodes') definition.position = { x: model.x(i), y: model.y(i) };
    return definition;
  }

  /** Adds the nodes and edges (model indices) Cytoscape does not hold yet, nodes first. */
  function add(nodes: Iterable<number>, edges: Iterable<number>): void {
    if (model === null) return;
    const definitions: cytoscape.ElementDefinition[] = [];
    for (const i of nodes) {
      const definition = definitionOf('nodes', i);
      if (definition !== null && cy.getElementById(String(definition.data.id)).empty()) definitions.push(definition);
    }
    for (const e of edges) {
      const definition = definitionOf('edges', e);
      if (definition !== null && cy.getElementById(String(definition.data.id)).empty()) definitions.push(definition);
    }
    if (definitions.length > 0) cy.add(definitions);
  }

  function sync(): void {
    if (model === null) return;
    const drawing = model;
    const nodes = new Set<number>([...hubs, ...labelled]);
    const edges = new Set<number>();
    const node = (id: string): number => drawing.nodeIndex.get(nodeElementId(id)) ?? -1;
    const addEdge = (e: number): void => {
      edges.add(e);
      nodes.add(drawing.sources[e] as number);
      nodes.add(drawing.targets[e] as number);
    };
    for (const i of touched) {
      nodes.add(i);
      for (const e of touchedEdges(i)) addEdge(e);
    }
    for (let i = 0; i < drawing.nodeCount; i++) if (drawing.locked[i] === 1) nodes.add(i);
    for (const id of wanted.nodes) nodes.add(node(id));
    for (const id of wanted.around) {
      const i = node(id);
      if (i < 0) continue;
      nodes.add(i);
      for (const e of drawing.incidentEdges(i)) addEdge(e);
    }
    for (const id of wanted.edges) {
      const e = drawing.edgeIndex.get(edgeElementId(id));
      if (e !== undefined) addEdge(e);
    }
    nodes.delete(-1);
    const keep = new Set<string>();
    for (const i of nodes) keep.add(String(drawing.nodes[i]?.data.id));
    for (const e of edges) keep.add(String(drawing.edges[e]?.data.id));
    cy.batch(() => {
      // A node being dragged stays, or the drag would end under the user's hand.
      cy.elements().filter((element) => !keep.has(element.id()) && !(element.isNode() && element.grabbed())).remove();
      add(nodes, edges);
      const names = new Set([...labelled].map((i) => String(drawing.nodes[i]?.data.id)));
      cy.nodes(`.${LABELLED_CLASS}`).forEach((n) => {
        if (!names.has(n.id())) n.removeClass(LABELLED_CLASS);
      });
      for (const id of names) cy.getElementById(id).addClass(LABELLED_CLASS);
    });
  }

  /** The edges a touched node comes with: all of them, unless it is a hub. */
  function touchedEdges(i: number): readonly number[] {
    const incident = model?.incidentEdges(i) ?? [];
    return incident.length <= TOUCHED_EDGES_MAX ? incident : [];
  }

  /** The model index of the node under a rendered point, or -1. */
  function hitAt(point: cytoscape.Position): number {
    if (model === null) return -1;
    const zoom = cy.zoom();
    const pan = cy.pan();
    return model.nodeAt((point.x - pan.x) / zoom, (point.y - pan.y) / zoom, HIT_SLACK_PX / zoom);
  }

  /** Hands the node under the pointer to Cytoscape before Cytoscape handles the event. */
  function touch(event: MouseEvent): void {
    if (model === null) return;
    const box = container.getBoundingClientRect();
    const i = hitAt({ x: event.clientX - box.left, y: event.clientY - box.top });
    if (i < 0 || touched.has(i)) return;
    if (touched.size >= TOUCHED_MAX) touched.clear();
    touched.add(i);
    const edges = touchedEdges(i);
    const ends = edges.flatMap((e) => [model?.sources[e] ?? -1, model?.targets[e] ?? -1]).filter((end) => end >= 0);
    add([i, ...ends], edges);
  }
  const onMove = (event: MouseEvent): void => {
    if (event.buttons === 0) touch(event);
  };
  container.addEventListener('mousemove', onMove, true);
  container.addEventListener('mousedown', touch, true);

  // Names the nodes in view once zoomed in far enough to read them (LABEL_ZOOM), after the camera settles.
  let labelTimer: ReturnType<typeof setTimeout> | null = null;
  const updateLabels = (): void => {
    labelTimer = null;
    if (model === null) return;
    let next = new Set<number>();
    if (cy.zoom() >= LABEL_ZOOM) {
      const { x1, y1, x2, y2 } = cy.extent();
      const inView = model.nodesIn({ x1, y1, x2, y2 });
      // Too many to read: the view is not zoomed in enough; keep what was named.
      next = inView.length > LABEL_MAX_NODES ? labelled : new Set(inView);
    }
    if (next.size === labelled.size && [...next].every((i) => labelled.has(i))) return;
    labelled = next;
    sync();
  };
  const scheduleLabels = (): void => {
    if (labelTimer !== null) clearTimeout(labelTimer);
    labelTimer = setTimeout(updateLabels, LABEL_SETTLE_MS);
  };
  cy.on('viewport', scheduleLabels);

  // A drag moves a node Cytoscape holds: the model follows, so the layer's lines stay attached.
  const onPosition = (event: cytoscape.EventObject): void => {
    const node = event.target as cytoscape.NodeSingular;
    const i = model?.nodeIndex.get(node.id());
    if (model === null || i === undefined) return;
    const { x, y } = node.position();
    if (model.x(i) === x && model.y(i) === y) return;
    model.moveNode(i, x, y);
    layer.redraw();
  };
  cy.on('position', 'node', onPosition);

  return {
    get model() {
      return model;
    },
    setModel(next) {
      model = next;
      hubs = [];
      for (let i = 0; i < next.nodeCount; i++) if ((next.sizes[i] as number) >= HUB_MIN_SIZE) hubs.push(i);
      touched.clear();
      labelled = new Set();
      layer.redraw();
    },
    show(next) {
      wanted = next;
      sync();
    },
    positionsChanged() {
      const drawing = model;
      if (drawing === null) return;
      cy.batch(() => {
        cy.nodes().forEach((node) => {
          const i = drawing.nodeIndex.get(node.id());
          if (i !== undefined) node.position({ x: drawing.x(i), y: drawing.y(i) });
        });
      });
      layer.redraw();
    },
    nodesWhere(test) {
      const drawing = model;
      if (drawing === null) return [];
      const zoom = cy.zoom();
      const pan = cy.pan();
      const found: string[] = [];
      for (let i = 0; i < drawing.nodeCount; i++) {
        if (test({ x: pan.x + zoom * drawing.x(i), y: pan.y + zoom * drawing.y(i) })) found.push(String(drawing.nodes[i]?.data['ref']));
      }
      return found;
    },
    nodeAtRendered(point) {
      const i = hitAt(point);
      return i < 0 || model === null ? null : String(model.nodes[i]?.data['ref']);
    },
    withEverything(render) {
      if (model === null) return render();
      const before = cy.elements();
      const all = Array.from({ length: model.nodeCount }, (_, i) => i);
      const allEdges = Array.from({ length: model.edgeCount }, (_, e) => e);
      add(all, allEdges);
      const added = cy.elements().difference(before);
      cy.edges().addClass(EXPORT_EDGES_CLASS);
      try {
        return render();
      } finally {
        cy.edges().removeClass(EXPORT_EDGES_CLASS);
        added.remove();
      }
    },
    detach() {
      if (labelTimer !== null) clearTimeout(labelTimer);
      container.removeEventListener('mousemove', onMove, true);
      container.removeEventListener('mousedown', touch, true);
      cy.off('viewport', scheduleLabels);
      cy.off('position', 'node', onPosition);
      layer.detach();
    },
  };
}
