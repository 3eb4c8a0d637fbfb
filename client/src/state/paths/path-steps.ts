/**
 * A path as readable steps: "Dushanbe —CAPITAL_OF→ Tajikistan ←HOSTS_BASE— Russia". The API gives nodes and
 * edges in walk order but an edge may be walked against its direction, so each hop says which way it points.
 */
import type { GraphEdge, GraphNode, GraphPath } from '../../../../server/domain/graph-model';

export type PathStep =
  | { readonly kind: 'node'; readonly node: GraphNode }
  /** `forward` is true when the edge points along the walk (its source is the node before it). */
  | { readonly kind: 'hop'; readonly edge: GraphEdge; readonly forward: boolean };

/** The path's nodes and hops interleaved, in walk order. */
export function toPathSteps(path: GraphPath): PathStep[] {
  const steps: PathStep[] = [];
  path.nodes.forEach((node, i) => {
    steps.push({ kind: 'node', node });
    const edge = path.edges[i];
    if (edge !== undefined) steps.push({ kind: 'hop', edge, forward: edge.source === node.id });
  });
  return steps;
}

/** The arrow text of one hop: "—TYPE→" along the walk, "←TYPE—" against it. */
export function formatHop(type: string, forward: boolean): string {
  return forward ? `—${type}→` : `←${type}—`;
}

/** The whole path as one line of text. */
export function formatPath(path: GraphPath): string {
  return toPathSteps(path)
    .map((step) => (step.kind === 'node' ? step.node.name : formatHop(step.edge.type, step.forward)))
    .join(' ');
}

/** Ids of every node and edge on the path, for highlighting. */
export function pathElementIds(path: GraphPath): Set<string> {
  return new Set([...path.nodes.map((n) => n.id), ...path.edges.map((e) => e.id)]);
}
