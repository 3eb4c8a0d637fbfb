/**
 * store.adjacency() in slices for traversals: a frontier holding hubs of a large graph touches hundreds of
 * thousands of relationships, and the graph index answers them in one synchronous call (an EdgeRef object
 * each), which held the event loop for seconds at 1M relationships while every other request waited. When
 * the store can estimate the cost (the graph index's degree sums), the ids are read in groups of about
 * REFS_PER_SLICE relationships with a setImmediate between groups. The answer is the same set of
 * relationships, each once (a relationship between two groups' nodes would otherwise come twice); callers
 * do not depend on its order.
 */
import type { Direction } from './graph-model';
import type { AdjacencyFilter, EdgeRef, GraphStore } from './ports/graph-store';

/** Relationships read in one synchronous piece at most (by the store's estimate; one node may exceed it). */
export const REFS_PER_SLICE = 20_000;

/** Every relationship touching `ids` in `direction` that passes `filter`, once; read in slices when large. */
export async function adjacencyInSlices(
  store: Pick<GraphStore, 'adjacency' | 'estimateAdjacency'>,
  ids: readonly string[],
  direction: Direction,
  filter?: AdjacencyFilter,
): Promise<EdgeRef[]> {
  const total = ids.length > 1 ? store.estimateAdjacency?.(ids, direction) : undefined;
  if (total === undefined || total <= REFS_PER_SLICE) return store.adjacency(ids, direction, filter);
  const out: EdgeRef[] = [];
  const seen = new Set<string>();
  let group: string[] = [];
  let cost = 0;
  const read = async (): Promise<void> => {
    for (const r of await store.adjacency(group, direction, filter)) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      out.push(r);
    }
    group = [];
    cost = 0;
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  for (const id of ids) {
    const c = store.estimateAdjacency?.([id], direction) ?? 1;
    if (group.length > 0 && cost + c > REFS_PER_SLICE) await read();
    group.push(id);
    cost += c;
  }
  if (group.length > 0) await read();
  return out;
}
