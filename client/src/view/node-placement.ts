/**
 * Where nodes that join a drawing go (expand, unhide, undo): where they were before they left, else on a ring
 * around the layout's anchor or their first drawn neighbour, else beside the drawing. One function for a
 * drawing Cytoscape holds, one for an overview's model.
 */
import type cytoscape from 'cytoscape';
import type { Graph } from '../../../server/domain/graph-model';
import type { OverviewModel } from './overview-model';
import { nodeElementId } from './to-cytoscape-elements';

export type RememberedPositions = ReadonlyMap<string, cytoscape.Position>;

/** Puts new nodes where they were before, else on a ring around the anchor or their first drawn neighbour. */
export function placeNewNodes(cy: cytoscape.Core, nodes: cytoscape.ElementDefinition[], graph: Graph, anchor: string | null, lastPositions: RememberedPositions): void {
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

/** Places the nodes of a new overview model: remembered ones where they were, new ones on golden-angle rings. */
export function placeOverviewNodes(model: OverviewModel, lastPositions: RememberedPositions, anchor: string | null): void {
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
}

/** Space between neighbouring nodes on a ring, and between rings, in model pixels. */
const RING_SPACING = 40;

/**
 * Rings of hop distance around node `anchor` of an overview's model, as Cytoscape's concentric layout draws
 * them on a small view: the anchor in the middle, its neighbours on the first ring, theirs on the next, nodes
 * it does not reach on an outer ring. Each ring is as wide as its nodes need. Locked (pinned) nodes stay.
 */
export function placeOverviewRings(model: OverviewModel, anchor: number): void {
  const depth = new Int32Array(model.nodeCount).fill(-1);
  depth[anchor] = 0;
  const queue = [anchor];
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head] as number;
    for (const e of model.incidentEdges(i)) {
      const other = model.sources[e] === i ? (model.targets[e] as number) : (model.sources[e] as number);
      if (other < 0 || depth[other] !== -1) continue;
      depth[other] = (depth[i] as number) + 1;
      queue.push(other);
    }
  }
  const deepest = queue.reduce((max, i) => Math.max(max, depth[i] as number), 0);
  const rings: number[][] = Array.from({ length: deepest + 2 }, () => []);
  for (let i = 0; i < model.nodeCount; i++) rings[depth[i] === -1 ? deepest + 1 : (depth[i] as number)]?.push(i);
  const centre = { x: model.x(anchor), y: model.y(anchor) };
  let radius = 0;
  rings.forEach((ring, k) => {
    if (k > 0) radius = Math.max(radius + 2 * RING_SPACING, (ring.length * RING_SPACING) / (2 * Math.PI));
    ring.forEach((i, j) => {
      if (model.locked[i] === 1) return;
      const angle = (2 * Math.PI * j) / ring.length - Math.PI / 2;
      model.moveNode(i, centre.x + radius * Math.cos(angle), centre.y + radius * Math.sin(angle));
    });
  });
}
