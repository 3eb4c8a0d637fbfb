/**
 * A node's relationships counted by type and direction, for the context menu's "expand by type": counted from
 * its one-hop neighbourhood in the chosen year (the same API call an expansion makes, so a count is what that
 * entry will draw at most).
 */
import type { Direction, Graph } from '../../../../server/domain/graph-model';

/** Relationships of one type in one direction around a node. */
export interface ExpansionGroup {
  readonly type: string;
  readonly direction: Exclude<Direction, 'any'>;
  readonly relationships: number;
  readonly neighbours: number;
}

/** Counts `nodeId`'s relationships in `neighbourhood` by type and direction, most first. */
export function countExpansions(nodeId: string, neighbourhood: Graph): ExpansionGroup[] {
  const groups = new Map<string, { type: string; direction: 'out' | 'in'; relationships: number; neighbours: Set<string> }>();
  for (const edge of neighbourhood.edges) {
    const direction = edge.source === nodeId ? 'out' : edge.target === nodeId ? 'in' : null;
    if (direction === null) continue;
    const key = `${edge.type} ${direction}`;
    const group = groups.get(key) ?? { type: edge.type, direction, relationships: 0, neighbours: new Set<string>() };
    group.relationships += 1;
    group.neighbours.add(direction === 'out' ? edge.target : edge.source);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((g) => ({ type: g.type, direction: g.direction, relationships: g.relationships, neighbours: g.neighbours.size }))
    .sort((a, b) => b.relationships - a.relationships || a.type.localeCompare(b.type) || a.direction.localeCompare(b.direction));
}

