/**
 * What the canvas's context menu offers on a node, an edge and the background, and what each entry does
 * (through the state's actions). Expansion by type and direction lists the node's relationships in the chosen
 * year, counted from its one-hop neighbourhood (state/canvas/expansion-counts.ts).
 */
import type { ActionContext } from '../state/app-state';
import { expandNode } from '../state/canvas/canvas-actions';
import type { ExpansionGroup } from '../state/canvas/expansion-counts';
import { hideNodes, setLayout, showHidden, togglePin } from '../state/canvas/canvas-state';
import { selectDrawnGraph } from '../state/canvas/drawn-graph';
import { indexGraph } from '../state/graph/graph-state';
import { expandGroup } from '../state/group/group-actions';
import { clearGroup, drawnGroup, groupAround, setGroup, toggleInGroup } from '../state/group/group-selection';
import { showInfo } from '../state/messages/messages-state';
import { findPaths } from '../state/paths/paths-actions';
import { setPathEnd, type PathEnd } from '../state/paths/paths-state';
import { chooseEdge, chooseNode } from '../state/selection/selection-actions';
import type { MenuEntry } from '../view/context-menu';
import { activeEditActions } from './edit-actions';

/** How far the expansion counts got: not yet, failed, or the groups (`truncated` when the API stopped at its limit). */
export type ExpansionCounts = { readonly status: 'loading' } | { readonly status: 'failed' } | { readonly status: 'ready'; readonly groups: readonly ExpansionGroup[]; readonly truncated: boolean };

function item(id: string, label: string, run: () => void, hint?: string, disabled = false): MenuEntry {
  return { kind: 'item', id, label, run, hint, disabled };
}

/** Sets one end of the path tracer to `nodeId`, and traces at once when the other end is set. */
async function traceFromTo(context: ActionContext, nodeId: string, end: PathEnd): Promise<void> {
  const { api, store } = context;
  const known = indexGraph(store.get().graph.graph).nodesById.get(nodeId) ?? (await api.node(nodeId)).node;
  store.update(setPathEnd(end, known));
  const { from, to } = store.get().paths;
  if (from !== null && to !== null && from.id !== to.id) await findPaths(context);
  else store.update(showInfo(`Paths ${end} ${known.name}`, `Now choose where the paths should ${end === 'from' ? 'go to' : 'start from'}: right-click a node, or use the path panel.`));
}

function groupEntries(context: ActionContext): MenuEntry[] {
  const state = context.store.get();
  const group = drawnGroup(state.group, selectDrawnGraph(state));
  const size = group.nodes.length + group.edges.length;
  if (size === 0) return [];
  return [
    { kind: 'heading', label: `Selection: ${group.nodes.length} nodes, ${group.edges.length} relationships` },
    item('menu-group-hide', 'Hide the selection', () => {
      context.store.update(hideNodes([...group.nodes, ...group.edges]));
      context.store.update(clearGroup);
    }),
    item('menu-group-expand', 'Expand the selection', () => void expandGroup(context), `${group.nodes.length}`, group.nodes.length === 0),
    item('menu-group-clear', 'Clear the selection', () => context.store.update(clearGroup)),
  ];
}

/** The node menu: expansion by type and direction (with counts once known), then the node's own actions. */
export function nodeMenuEntries(context: ActionContext, nodeId: string, counts: ExpansionCounts): MenuEntry[] {
  const { store } = context;
  const state = store.get();
  const pinned = state.canvas.pinned.includes(nodeId);
  const inGroup = state.group.nodes.includes(nodeId);
  const expand: MenuEntry[] = [{ kind: 'heading', label: 'Expand' }];
  if (counts.status === 'loading') {
    expand.push(item('menu-expand-all', 'All neighbours', () => void expandNode(context, nodeId)), item('menu-expand-loading', 'Counting relationships…', () => undefined, undefined, true));
  } else if (counts.status === 'failed') {
    expand.push(item('menu-expand-all', 'All neighbours', () => void expandNode(context, nodeId), 'counts unavailable'));
  } else {
    const total = counts.groups.reduce((sum, g) => sum + g.relationships, 0);
    expand.push(item('menu-expand-all', 'All neighbours', () => void expandNode(context, nodeId), `${total}${counts.truncated ? '+' : ''}`, total === 0));
    for (const group of counts.groups) {
      const arrow = group.direction === 'out' ? `${group.type} → (outgoing)` : `← ${group.type} (incoming)`;
      expand.push(
        item(
          `menu-expand-${group.type}-${group.direction}`,
          arrow,
          () => void expandNode(context, nodeId, { types: [group.type], direction: group.direction }),
          `${group.relationships}`,
        ),
      );
    }
  }
  return [
    ...expand,
    { kind: 'heading', label: 'Node' },
    item('menu-details', 'Details and evidence', () => void chooseNode(context, nodeId, { centre: true })),
    item('menu-hide', 'Hide', () => store.update(hideNodes([nodeId]))),
    item('menu-pin', pinned ? 'Unpin' : 'Pin in place', () => store.update(togglePin(nodeId))),
    item('menu-trace-from', 'Trace paths from here', () => void traceFromTo(context, nodeId, 'from')),
    item('menu-trace-to', 'Trace paths to here', () => void traceFromTo(context, nodeId, 'to')),
    item('menu-rings', 'Rings around this node', () => store.update(setLayout('concentric', nodeId))),
    item('menu-group-toggle', inGroup ? 'Remove from selection' : 'Add to selection', () => store.update(toggleInGroup('node', nodeId))),
    ...nodeEditEntries(nodeId),
    ...groupEntries(context),
  ];
}

/** Edit mode only (admin token): edit or delete the node, or start a relationship at it. */
function nodeEditEntries(nodeId: string): MenuEntry[] {
  const edit = activeEditActions();
  if (edit === null) return [];
  return [
    { kind: 'heading', label: 'Edit' },
    item('menu-edit-node', 'Edit', () => edit.editNode(nodeId)),
    item('menu-new-relationship', 'New relationship from here', () => edit.relationshipFrom(nodeId), 'then pick a node'),
    item('menu-delete-node', 'Delete…', () => edit.deleteNode(nodeId)),
  ];
}

/** Edit mode only: edit or delete the relationship. */
function edgeEditEntries(edgeId: string): MenuEntry[] {
  const edit = activeEditActions();
  if (edit === null) return [];
  return [
    { kind: 'heading', label: 'Edit' },
    item('menu-edit-edge', 'Edit', () => edit.editEdge(edgeId)),
    item('menu-delete-edge', 'Delete…', () => edit.deleteEdge(edgeId)),
  ];
}

/** The edge menu: its evidence, hiding it, and the selection. */
export function edgeMenuEntries(context: ActionContext, edgeId: string): MenuEntry[] {
  const { store } = context;
  const state = store.get();
  const edge = indexGraph(state.graph.graph).edgesById.get(edgeId);
  const inGroup = state.group.edges.includes(edgeId);
  return [
    { kind: 'heading', label: 'Relationship' },
    item('menu-evidence', 'Show evidence', () => {
      if (edge !== undefined) chooseEdge(context, edge, { centre: true });
    }, edge === undefined ? undefined : `${edge.sources.length}`, edge === undefined),
    item('menu-hide-edge', 'Hide', () => store.update(hideNodes([edgeId]))),
    item('menu-group-toggle', inGroup ? 'Remove from selection' : 'Add to selection', () => store.update(toggleInGroup('edge', edgeId))),
    ...edgeEditEntries(edgeId),
    ...groupEntries(context),
  ];
}

/** The background menu: select all, show hidden, fit, and the selection. */
export function backgroundMenuEntries(context: ActionContext, fit: () => void): MenuEntry[] {
  const { store } = context;
  const state = store.get();
  const drawn = selectDrawnGraph(state);
  const hidden = state.canvas.hidden.length;
  return [
    { kind: 'heading', label: 'Canvas' },
    item('menu-select-all', 'Select all', () => {
      if (drawn !== null) store.update(setGroup(groupAround(drawn, drawn.nodes.map((n) => n.id))));
    }, drawn === null ? undefined : `${drawn.nodes.length + drawn.edges.length}`, drawn === null || drawn.nodes.length === 0),
    item('menu-show-hidden', 'Show hidden', () => store.update(showHidden), `${hidden}`, hidden === 0),
    item('menu-fit', 'Fit to view', fit, 'F'),
    ...(activeEditActions() === null ? [] : [item('menu-new-entity', 'New entity…', () => activeEditActions()?.newEntity())]),
    ...groupEntries(context),
    { kind: 'heading', label: 'Shift+drag: box select · Alt+drag: lasso · Ctrl+click: add' },
  ];
}
