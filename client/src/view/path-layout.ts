/**
 * The left-to-right layout of a path result: the highlighted path on one horizontal line, from its start on
 * the left to its end on the right, and every other node of the result in the column of its hop distance
 * from the start, stacked above and below the line. Pure, so it is tested without a browser.
 */
import type { Graph } from '../../../server/domain/graph-model';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export const COLUMN_GAP = 220;
export const ROW_GAP = 90;

/** Positions by node id for `graph`, with `line` (node ids in walk order) laid out left to right. */
export function layoutPathColumns(graph: Graph, line: readonly string[]): Map<string, Point> {
  const positions = new Map<string, Point>();
  line.forEach((id, i) => positions.set(id, { x: i * COLUMN_GAP, y: 0 }));
  const start = line[0];
  if (start === undefined) return positions;

  const neighbours = new Map<string, string[]>();
  for (const edge of graph.edges) {
    neighbours.set(edge.source, [...(neighbours.get(edge.source) ?? []), edge.target]);
    neighbours.set(edge.target, [...(neighbours.get(edge.target) ?? []), edge.source]);
  }
  const distance = new Map<string, number>([[start, 0]]);
  let frontier = [start];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const u of frontier) {
      for (const v of neighbours.get(u) ?? []) {
        if (!distance.has(v)) {
          distance.set(v, (distance.get(u) ?? 0) + 1);
          next.push(v);
        }
      }
    }
    frontier = next;
  }

  const lastColumn = Math.max(line.length - 1, 1);
  const filled = new Map<number, number>();
  const others = graph.nodes.map((n) => n.id).filter((id) => !positions.has(id)).sort();
  for (const id of others) {
    // Strictly inside the line's span where possible, so the start and the end stay the outermost nodes.
    const column = Math.min(Math.max(distance.get(id) ?? lastColumn, 1), Math.max(lastColumn - 1, 1));
    const k = filled.get(column) ?? 0;
    filled.set(column, k + 1);
    // Alternate below and above the line: 1, -1, 2, -2, ...
    const row = (Math.floor(k / 2) + 1) * (k % 2 === 0 ? 1 : -1);
    positions.set(id, { x: column * COLUMN_GAP, y: row * ROW_GAP });
  }
  return positions;
}
