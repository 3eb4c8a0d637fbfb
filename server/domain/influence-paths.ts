/**
 * Every simple path of at most `maxHops` hops from each power to the target, in any direction and in any
 * year, found once; influence.ts then buckets them by year. Unlike GET /api/paths it keeps, per hop,
 * every relationship joining the two nodes: which of them held decides in which years the hop holds.
 */
import { TooLargeError } from './errors';
import type { CandidatePath } from './influence-model';
import { PATH_SEARCH_EDGE_BUDGET } from './traversal';
import type { EdgeRef, GraphStore } from './ports/graph-store';

/** DFS steps allowed per power; past it the paths found so far are kept and the result says truncated. */
const ENUMERATION_STEPS = 2_000_000;

export interface PowerPaths {
  paths: CandidatePath[];
  truncated: boolean;
}

/** One side of the search: the nodes reached so far and the last level's new nodes. */
interface Ball {
  seen: Set<string>;
  frontier: string[];
}

/** Fetches the relationships of `ball`'s frontier into `sink` and moves the frontier one level out. */
async function expandLevel(store: GraphStore, ball: Ball, sink: Map<string, EdgeRef>, maxHops: number): Promise<void> {
  const refs = await store.adjacency(ball.frontier, 'any');
  const next: string[] = [];
  for (const r of refs) {
    sink.set(r.id, r);
    for (const n of [r.source, r.target]) {
      if (!ball.seen.has(n)) {
        ball.seen.add(n);
        next.push(n);
      }
    }
  }
  if (sink.size > PATH_SEARCH_EDGE_BUDGET) {
    throw new TooLargeError(
      `Tracing influence over ${maxHops} hops would explore more than ${PATH_SEARCH_EDGE_BUDGET} relationships; lower maxHops or ask for fewer powers.`,
    );
  }
  ball.frontier = next;
}

/**
 * The simple paths (no node twice) from each power to `target`, shortest first, at most `maxPaths` per
 * power. A path avoids `blocked(power)` nodes (the other powers, when their influence is not to count).
 *
 * One ball of rp levels around all powers and one of rt levels around the target, with rp + rt = H, hold
 * every relationship of every path of at most H hops: the hop leaving position i is fetched from the
 * powers' side when i < rp, and otherwise lies within rt − 1 hops of the target. Any split works, so each
 * level goes to the side with the smaller frontier (hubs are expanded from the other side). A walk pruned
 * by the exact distance to the target then lists the paths of each length.
 */
export async function enumerateInfluencePaths(
  store: GraphStore,
  powers: readonly string[],
  target: string,
  maxHops: number,
  maxPaths: number,
  blocked: (power: string) => ReadonlySet<string>,
): Promise<Map<string, PowerPaths>> {
  const refs = new Map<string, EdgeRef>();
  const fromPowers: Ball = { seen: new Set(powers), frontier: [...powers] };
  const fromTarget: Ball = { seen: new Set([target]), frontier: [target] };
  for (let level = 0; level < maxHops; level += 1) {
    const side = fromPowers.frontier.length < fromTarget.frontier.length ? fromPowers : fromTarget;
    if (side.frontier.length === 0) break;
    await expandLevel(store, side, refs, maxHops);
  }

  const adjacency = new Map<string, Map<string, string[]>>();
  const link = (u: string, v: string, id: string): void => {
    let m = adjacency.get(u);
    if (!m) adjacency.set(u, (m = new Map()));
    const ids = m.get(v);
    if (ids) ids.push(id);
    else m.set(v, [id]);
  };
  for (const r of refs.values()) {
    if (r.source === r.target) continue;
    link(r.source, r.target, r.id);
    link(r.target, r.source, r.id);
  }
  // Neighbours nearest the target first (then by id, so the order does not depend on engine row order),
  // sorted on first use: the walk stops scanning a hub's list at the first neighbour too far away.
  const sorted = new Map<string, Array<[string, number, string[]]>>();
  const stepsOf = (u: string): Array<[string, number, string[]]> => {
    let list = sorted.get(u);
    if (!list) {
      list = [];
      for (const [v, ids] of adjacency.get(u) ?? []) {
        const d = dist.get(v);
        if (d !== undefined) list.push([v, d, ids.sort()]);
      }
      list.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      sorted.set(u, list);
    }
    return list;
  };

  const dist = new Map<string, number>([[target, 0]]);
  let layer = [target];
  for (let d = 1; d <= maxHops && layer.length > 0; d += 1) {
    const next: string[] = [];
    for (const v of layer) {
      for (const u of adjacency.get(v)?.keys() ?? []) {
        if (!dist.has(u)) {
          dist.set(u, d);
          next.push(u);
        }
      }
    }
    layer = next;
  }

  const result = new Map<string, PowerPaths>();
  for (const power of powers) {
    const found: CandidatePath[] = [];
    const avoid = blocked(power);
    let count = 0;
    let truncated = false;
    const start = dist.get(power);
    for (let bound = start ?? maxHops + 1; bound <= maxHops && !truncated; bound += 1) {
      const nodes = [power];
      const hops: string[][] = [];
      const onPath = new Set(nodes);
      const walk = (u: string): void => {
        if (truncated) return;
        count += 1;
        if (count > ENUMERATION_STEPS) {
          truncated = true;
          return;
        }
        if (u === target) {
          if (hops.length !== bound) return;
          if (found.length >= maxPaths) truncated = true;
          else found.push({ nodes: [...nodes], hops: [...hops] });
          return;
        }
        for (const [v, d, ids] of stepsOf(u)) {
          if (hops.length + 1 + d > bound) break;
          if (onPath.has(v) || avoid.has(v)) continue;
          nodes.push(v);
          hops.push(ids);
          onPath.add(v);
          walk(v);
          onPath.delete(v);
          hops.pop();
          nodes.pop();
        }
      };
      walk(power);
    }
    result.set(power, { paths: found, truncated });
  }
  return result;
}
