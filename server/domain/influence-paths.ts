/**
 * Every simple path of at most `maxHops` hops from each power to the target, in any direction and in any
 * year, found once; influence.ts then buckets them by year. Unlike GET /api/paths it keeps, per hop,
 * every relationship joining the two nodes: which of them held decides in which years the hop holds.
 */
import { TooLargeError } from './errors';
import type { CandidatePath } from './influence-model';
import { PATH_SEARCH_EDGE_BUDGET } from './traversal';
import type { EdgeRef, GraphStore } from '../stores/graph-store';

/** DFS steps allowed per power; past it the paths found so far are kept and the result says truncated. */
const ENUMERATION_STEPS = 2_000_000;

export interface PowerPaths {
  paths: CandidatePath[];
  truncated: boolean;
}

/** Breadth-first ball of `radius` hops around all of `starts` at once, collecting every relationship fetched. */
async function expandBall(store: GraphStore, starts: readonly string[], radius: number, sink: Map<string, EdgeRef>): Promise<void> {
  const seen = new Set(starts);
  let frontier = [...starts];
  for (let level = 0; level < radius && frontier.length > 0; level += 1) {
    const refs = await store.adjacency(frontier, 'any');
    const next: string[] = [];
    for (const r of refs) {
      sink.set(r.id, r);
      for (const n of [r.source, r.target]) {
        if (!seen.has(n)) {
          seen.add(n);
          next.push(n);
        }
      }
    }
    if (sink.size > PATH_SEARCH_EDGE_BUDGET) {
      throw new TooLargeError(
        `Tracing influence over ${radius * 2} hops would explore more than ${PATH_SEARCH_EDGE_BUDGET} relationships; lower maxHops or ask for fewer powers.`,
      );
    }
    frontier = next;
  }
}

/**
 * The simple paths (no node twice) from each power to `target`, shortest first, at most `maxPaths` per
 * power. A path avoids `blocked(power)` nodes (the other powers, when their influence is not to count).
 *
 * Every node on a path of at most H hops lies within ceil(H/2) hops of its start or floor(H/2) hops of
 * the target, so one ball around all powers and one around the target hold every candidate; a walk pruned
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
  await expandBall(store, powers, Math.ceil(maxHops / 2), refs);
  await expandBall(store, [target], Math.floor(maxHops / 2), refs);

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
  // Neighbours sorted once so that the order of paths does not depend on engine row order.
  const steps = new Map<string, Array<[string, string[]]>>();
  for (const [u, m] of adjacency) {
    steps.set(u, [...m].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([v, ids]) => [v, ids.sort()]));
  }

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
        for (const [v, ids] of steps.get(u) ?? []) {
          const d = dist.get(v);
          if (d === undefined || onPath.has(v) || avoid.has(v) || hops.length + 1 + d > bound) continue;
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
