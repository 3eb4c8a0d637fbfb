/**
 * The canvas interactions users know from Bloom and Linkurious, wired onto whichever Cytoscape instance the
 * view draws with: hover tooltips, a context menu on nodes, edges and the background (right click, or
 * Shift+F10 / the ContextMenu key on the focused canvas for the selected element), group selection by box
 * (Shift+drag; Ctrl+Shift+drag adds), lasso (Alt+drag; Alt+Shift adds) and Ctrl/Shift+click, and label
 * collision handling. The group is state (state/group); this module draws it with a class and reports gestures.
 */
import type cytoscape from 'cytoscape';
import type { ActionContext, AppState } from '../state/app-state';
import { selectDrawnGraph, selectValidities, formatValidity, horizonOf } from '../state/canvas/drawn-graph';
import { indexGraph } from '../state/graph/graph-state';
import { clearGroup, drawnGroup, emptyGroup, groupAround, setGroup, toggleInGroup, type GroupSelection } from '../state/group/group-selection';
import { createCanvasTooltip, edgeFacts, nodeFacts, type TooltipContext } from '../view/canvas-tooltip';
import { createContextMenu } from '../view/context-menu';
import type { CytoscapeView } from '../view/cytoscape-view';
import type { DetailTier } from '../view/level-of-detail';
import { attachLabelCollisions, countLabelOverlaps, LABEL_COLLIDED_CLASS } from '../view/label-collision';
import { attachLasso } from '../view/lasso-select';
import { insideBox, insidePolygon, type Point } from '../view/polygon';
import { edgeElementId, nodeElementId } from '../view/to-cytoscape-elements';
import { countExpansions } from '../state/canvas/expansion-counts';
import { backgroundMenuEntries, edgeMenuEntries, nodeMenuEntries } from './canvas-menu-entries';

/** The class drawing the group selection. */
export const IN_GROUP_CLASS = 'in-group';
const GROUP_COLOR = '#2f5fd0';

/** What the browser tests read about the interactions, as plain values. */
export interface CanvasInteractionsProbe {
  /** API ids of the elements drawn as the group selection (read from the drawing, not the state). */
  groupIds(): { nodes: string[]; edges: string[] };
  /** Label boxes and overlapping pairs: among all names (`shownOnly` false) or only the names shown. */
  labelOverlaps(shownOnly: boolean): { labels: number; overlappingPairs: number };
  /** API ids of the nodes whose names are hidden for colliding. */
  hiddenLabelIds(): string[];
  /** True when no label-collision pass is waiting to run. */
  labelsSettled(): boolean;
}

const refOf = (element: cytoscape.SingularElementArgument): string => String(element.data('ref'));
const withModifier = (event: cytoscape.EventObject): boolean => {
  const original = event.originalEvent as MouseEvent | undefined;
  return original !== undefined && (original.shiftKey || original.ctrlKey || original.metaKey);
};

export function createCanvasInteractions(
  context: ActionContext,
  view: CytoscapeView,
  container: HTMLElement,
  host: HTMLElement,
): { render(state: AppState): void; probe: CanvasInteractionsProbe } {
  const { store, api } = context;
  const menu = createContextMenu(host);
  const tooltip = createCanvasTooltip(host, container);
  let cy: cytoscape.Core | null = null;
  let labels: ReturnType<typeof attachLabelCollisions> | null = null;
  let drawnGroupKey: readonly unknown[] = [];
  let menuToken = 0;

  /** Where a Cytoscape event happened, in viewport pixels. */
  function clientPoint(event: cytoscape.EventObject): { x: number; y: number } {
    const original = event.originalEvent as MouseEvent | undefined;
    if (original !== undefined && typeof original.clientX === 'number') return { x: original.clientX, y: original.clientY };
    const box = container.getBoundingClientRect();
    return { x: box.left + event.renderedPosition.x, y: box.top + event.renderedPosition.y };
  }

  let degrees: { graph: unknown; degree: Map<string, number> } = { graph: null, degree: new Map() };
  function tooltipContext(state: AppState): TooltipContext {
    const drawn = selectDrawnGraph(state) ?? { nodes: [], edges: [] };
    // Counted once per drawing, not per hover: an overview has tens of thousands of edges.
    if (degrees.graph !== drawn) {
      const counted = new Map<string, number>();
      for (const edge of drawn.edges) {
        counted.set(edge.source, (counted.get(edge.source) ?? 0) + 1);
        counted.set(edge.target, (counted.get(edge.target) ?? 0) + 1);
      }
      degrees = { graph: drawn, degree: counted };
    }
    const { degree } = degrees;
    const { nodesById } = indexGraph(state.graph.graph);
    const validities = selectValidities(state);
    const horizon = horizonOf(state.graph.vocabulary);
    return { nodesById, degree, validity: (edge) => formatValidity(edge, nodesById, validities.get(edge.id), horizon) };
  }

  function openNodeMenu(nodeId: string, at: { x: number; y: number }): void {
    const token = ++menuToken;
    const name = indexGraph(store.get().graph.graph).nodesById.get(nodeId)?.name ?? nodeId;
    menu.open(`Actions for ${name}`, nodeMenuEntries(context, nodeId, { status: 'loading' }), at, container);
    const year = store.get().filters.year ?? undefined;
    api
      .neighborhood(nodeId, { depth: 1, year, limit: 2000 })
      .then((neighbourhood) => {
        if (token === menuToken) menu.update(nodeMenuEntries(context, nodeId, { status: 'ready', groups: countExpansions(nodeId, neighbourhood), truncated: neighbourhood.truncated }));
      })
      .catch(() => {
        if (token === menuToken) menu.update(nodeMenuEntries(context, nodeId, { status: 'failed' }));
      });
  }

  function openEdgeMenu(edgeId: string, at: { x: number; y: number }): void {
    menuToken += 1;
    const type = indexGraph(store.get().graph.graph).edgesById.get(edgeId)?.type ?? 'relationship';
    menu.open(`Actions for the ${type} relationship`, edgeMenuEntries(context, edgeId), at, container);
  }

  function openBackgroundMenu(at: { x: number; y: number }): void {
    menuToken += 1;
    menu.open('Canvas actions', backgroundMenuEntries(context, () => view.fit()), at, container);
  }

  /** The group made by a box or a lasso: these nodes and the edges among them, added to the group or replacing it. */
  function selectArea(nodeIds: readonly string[], extend: boolean): void {
    const state = store.get();
    const drawn = selectDrawnGraph(state);
    if (drawn === null) return;
    store.update(setGroup(groupAround(drawn, nodeIds, extend ? drawnGroup(state.group, drawn) : emptyGroup)));
  }

  function wire(instance: cytoscape.Core, tier: DetailTier): void {
    instance
      .style()
      .selector(`node.${IN_GROUP_CLASS}`)
      .style({ 'underlay-color': GROUP_COLOR, 'underlay-opacity': 0.28, 'underlay-padding': 7, 'underlay-shape': 'ellipse' })
      .selector(`edge.${IN_GROUP_CLASS}`)
      .style({ 'underlay-color': GROUP_COLOR, 'underlay-opacity': 0.22, 'underlay-padding': 3 })
      .update();
    instance.on('cxttap', (event) => {
      tooltip.hide();
      const target = event.target as cytoscape.SingularElementArgument | cytoscape.Core;
      if (target === instance) openBackgroundMenu(clientPoint(event));
      else if ((target as cytoscape.SingularElementArgument).isNode()) openNodeMenu(refOf(target as cytoscape.NodeSingular), clientPoint(event));
      else openEdgeMenu(refOf(target as cytoscape.EdgeSingular), clientPoint(event));
    });
    instance.on('mouseover', 'node, edge', (event) => {
      const original = event.originalEvent as MouseEvent | undefined;
      if ((original?.buttons ?? 0) !== 0 || menu.isOpen()) return;
      const state = store.get();
      const element = event.target as cytoscape.SingularElementArgument;
      const { nodesById, edgesById } = indexGraph(state.graph.graph);
      const facts = element.isNode()
        ? ((node) => (node === undefined ? null : nodeFacts(node, tooltipContext(state), { pinned: state.canvas.pinned.includes(node.id) })))(nodesById.get(refOf(element)))
        : ((edge) => (edge === undefined ? null : edgeFacts(edge, tooltipContext(state))))(edgesById.get(refOf(element)));
      if (facts !== null) tooltip.show(facts, clientPoint(event));
    });
    instance.on('mouseout', 'node, edge', () => tooltip.hide());
    instance.on('viewport tapstart cxttapstart remove', () => tooltip.hide());
    instance.on('tap', 'node, edge', (event) => {
      if (!withModifier(event)) return;
      const element = event.target as cytoscape.SingularElementArgument;
      store.update(toggleInGroup(element.isNode() ? 'node' : 'edge', refOf(element)));
    });
    instance.on('tap', (event) => {
      if (event.target === instance && !withModifier(event)) store.update(clearGroup);
    });
    // Cytoscape's box starts where the button went down ('tapstart'); its own events give only where it ended.
    let boxFrom: Point | null = null;
    instance.on('tapstart', (event) => {
      boxFrom = { ...event.renderedPosition };
    });
    // Cytoscape emits 'boxend' and then 'box' on every element inside, in the same handler: collect, then apply.
    let boxed: string[] | null = null;
    instance.on('boxend', (event) => {
      const original = event.originalEvent as MouseEvent | undefined;
      const extend = original !== undefined && (original.ctrlKey || original.metaKey);
      const from = boxFrom;
      const to = { ...event.renderedPosition };
      // On an overview from the view, as for the lasso: Cytoscape holds only a few of the nodes drawn there, so
      // its 'box' events would name only those. Small views keep Cytoscape's test (a node wholly inside).
      boxed = tier === 'overview' && from !== null ? null : [];
      const inView = boxed === null && from !== null ? view.drawnNodesWhere((at) => insideBox(at, from, to)) : null;
      // Applied after Cytoscape's handler: the group redraws elements it is still emitting 'box' on.
      void Promise.resolve().then(() => {
        if (inView !== null) selectArea(inView, extend);
        if (boxed !== null) selectArea(boxed, extend);
        boxed = null;
      });
    });
    instance.on('box', 'node', (event) => boxed?.push(refOf(event.target as cytoscape.NodeSingular)));
  }

  view.onInstance((instance, tier) => {
    cy = instance;
    drawnGroupKey = [];
    wire(instance, tier);
    // Overviews name only hubs and the nodes in view when zoomed in (level-of-detail.ts); there a collision pass
    // over tens of thousands of nodes on every change would cost more than it saves.
    labels = tier === 'full' ? attachLabelCollisions(instance) : null;
  });

  attachLasso(container, {
    onStart: () => {
      tooltip.hide();
      menu.close();
    },
    onLasso(outline, extend) {
      // From the view, not Cytoscape: an overview hands Cytoscape only a few of the nodes it draws.
      selectArea(view.drawnNodesWhere((at) => insidePolygon(at, outline)), extend);
    },
  });

  container.addEventListener('keydown', (event) => {
    if (!(event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey))) return;
    event.preventDefault();
    const box = container.getBoundingClientRect();
    const current = store.get().selection.current;
    const instance = cy;
    const element = instance === null || current.kind === 'none' ? null : instance.getElementById(current.kind === 'node' ? nodeElementId(current.id) : edgeElementId(current.id));
    if (element !== null && element.nonempty()) {
      const bb = element.renderedBoundingBox({});
      const at = { x: box.left + Math.min(Math.max((bb.x1 + bb.x2) / 2, 0), box.width), y: box.top + Math.min(Math.max((bb.y1 + bb.y2) / 2, 0), box.height) };
      if (current.kind === 'node') openNodeMenu(current.id, at);
      else if (current.kind === 'edge') openEdgeMenu(current.id, at);
      return;
    }
    openBackgroundMenu({ x: box.left + box.width / 2, y: box.top + box.height / 2 });
  });
  // The browser's own menu would cover ours; Cytoscape reports the right click as 'cxttap'.
  container.addEventListener('contextmenu', (event) => event.preventDefault());
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || menu.isOpen()) return;
    const target = event.target as HTMLElement | null;
    if (target !== null && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
    store.update(clearGroup);
  });

  function drawGroup(group: GroupSelection): void {
    if (cy === null) return;
    const instance = cy;
    const ids = new Set([...group.nodes.map(nodeElementId), ...group.edges.map(edgeElementId)]);
    instance.batch(() => {
      instance.elements(`.${IN_GROUP_CLASS}`).forEach((element) => {
        if (!ids.has(element.id())) element.removeClass(IN_GROUP_CLASS);
      });
      for (const id of ids) instance.getElementById(id).addClass(IN_GROUP_CLASS);
    });
  }

  return {
    render(state) {
      const drawn = selectDrawnGraph(state);
      // Also after the view's own render: an element re-added by a sync comes without the class.
      const key = [state.group, drawn, cy, view.probe.nodeCount()];
      if (key.length === drawnGroupKey.length && key.every((k, i) => k === drawnGroupKey[i])) return;
      drawnGroupKey = key;
      drawGroup(drawnGroup(state.group, drawn));
    },
    probe: {
      groupIds() {
        const elements = cy?.elements(`.${IN_GROUP_CLASS}`);
        return {
          nodes: elements?.nodes().map(refOf).sort() ?? [],
          edges: elements?.edges().map(refOf).sort() ?? [],
        };
      },
      labelOverlaps: (shownOnly) => (cy === null ? { labels: 0, overlappingPairs: 0 } : countLabelOverlaps(cy, shownOnly)),
      hiddenLabelIds: () => cy?.nodes(`.${LABEL_COLLIDED_CLASS}`).map(refOf) ?? [],
      labelsSettled: () => labels === null || !labels.pending(),
    },
  };
}
