/**
 * traversal.ts's k-shortest path search for a query without a year, run on the graph index's typed arrays:
 * the two balls, the relationships they fetched, the exact distances to the target and the depth-first listing
 * in order of node ids, each as traversal.ts does it (searchPathIds, growBall, WalkGraph, enumeratePaths), but
 * over ordinals with stamps reused from search to search instead of EdgeRef objects, Maps and Sets per step:
 * at 1M relationships those objects were most of the search's time (allocation, hashing, garbage collection).
 * The answer is the same, step for step (tests/unit/index-path-search.test.ts compares both on random graphs).
 */
import type { Direction } from '../../domain/graph-model';
import type { PathCandidateQuery, PathCandidates } from '../../domain/ports/graph-store';

/** What the search reads of a sealed index (graph-index.ts). */
export interface SearchableIndex {
  ordinalOf(id: string): number;
  nameOf(v: number): string;
  readonly outStart: Int32Array;
  readonly inStart: Int32Array;
  readonly inRows: Int32Array;
  readonly src: Int32Array;
  readonly dst: Int32Array;
  readonly type: Uint8Array | Uint16Array;
  readonly typeNames: readonly string[];
}

/**
 * Per-index arrays a search marks instead of allocating: a stamp per relationship (fetched) and per node
 * (seen by each ball). A search's marks are those equal to its stamp, so nothing is cleared between searches.
 * Searches are synchronous, so one scratch per index serves them all.
 */
export class PathSearchScratch {
  private stamp = 0;
  private listStamp = 0;
  readonly fetchedAt: Int32Array;
  readonly seenFrom: Int32Array;
  readonly seenTo: Int32Array;
  /** A node's id in the local graph of one listing (valid where localAt holds that listing's stamp). */
  readonly localId: Int32Array;
  readonly localAt: Int32Array;

  constructor(nodes: number, edges: number) {
    this.fetchedAt = new Int32Array(edges);
    this.seenFrom = new Int32Array(nodes);
    this.seenTo = new Int32Array(nodes);
    this.localId = new Int32Array(nodes);
    this.localAt = new Int32Array(nodes);
  }

  /** A stamp for one listing's local ids. */
  nextListStamp(): number {
    if (this.listStamp === 0x7fffffff) {
      this.localAt.fill(0);
      this.listStamp = 0;
    }
    this.listStamp += 1;
    return this.listStamp;
  }

  /** A stamp no mark of an earlier search holds. */
  nextStamp(): number {
    if (this.stamp === 0x7fffffff) {
      this.fetchedAt.fill(0);
      this.seenFrom.fill(0);
      this.seenTo.fill(0);
      this.stamp = 0;
    }
    this.stamp += 1;
    return this.stamp;
  }
}

/** An Int32 list that grows by doubling. */
class IntList {
  data: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length] = v;
    this.length += 1;
  }
}

interface Ball {
  frontier: number[];
  radius: number;
  direction: Direction;
  seen: Int32Array;
}

const REVERSE: Record<Direction, Direction> = { out: 'in', in: 'out', any: 'any' };

/** One bit per type code, from type names (unknown names match nothing). */
function typeMask(index: SearchableIndex, names: readonly string[]): Uint8Array {
  const mask = new Uint8Array(Math.max(1, index.typeNames.length));
  for (const name of names) {
    const code = index.typeNames.indexOf(name);
    if (code >= 0) mask[code] = 1;
  }
  return mask;
}

/** The answer of traversal.ts's searchPathIds (without a year) as candidate paths, on the index. */
export function searchPathCandidates(index: SearchableIndex, scratch: PathSearchScratch, q: PathCandidateQuery): PathCandidates {
  const from = index.ordinalOf(q.from);
  const to = index.ordinalOf(q.to);
  // A node with no relationship: its ball is empty after one growth, which costs nothing, and nothing is found.
  if (from < 0 || to < 0 || from === to) return { paths: [] };
  const stamp = scratch.nextStamp();
  const walked = q.types && q.types.length > 0 ? typeMask(index, q.types) : undefined;
  const noHop = typeMask(index, q.noHopTypes);
  const fetched = new IntList(1024);
  const { outStart, inStart, inRows, src, dst, type } = index;
  const fromBall: Ball = { frontier: [from], radius: 0, direction: q.direction, seen: scratch.seenFrom };
  const toBall: Ball = { frontier: [to], radius: 0, direction: REVERSE[q.direction], seen: scratch.seenTo };
  fromBall.seen[from] = stamp;
  toBall.seen[to] = stamp;

  const cost = (b: Ball): number => {
    let sum = 0;
    for (const v of b.frontier) {
      if (b.direction !== 'in') sum += (outStart[v + 1] as number) - (outStart[v] as number);
      if (b.direction !== 'out') sum += (inStart[v + 1] as number) - (inStart[v] as number);
    }
    return sum;
  };
  const grow = (b: Ball): void => {
    const next: number[] = [];
    const seen = b.seen;
    const take = (e: number, other: number): void => {
      if (walked && walked[type[e] as number] !== 1) return;
      if (scratch.fetchedAt[e] !== stamp) {
        scratch.fetchedAt[e] = stamp;
        fetched.push(e);
      }
      if (seen[other] !== stamp) {
        seen[other] = stamp;
        next.push(other);
      }
    };
    for (const v of b.frontier) {
      if (b.direction !== 'in') for (let e = outStart[v] as number, end = outStart[v + 1] as number; e < end; e += 1) take(e, dst[e] as number);
      if (b.direction !== 'out') {
        for (let k = inStart[v] as number, end = inStart[v + 1] as number; k < end; k += 1) {
          const e = inRows[k] as number;
          take(e, src[e] as number);
        }
      }
    }
    b.frontier = next;
    b.radius += 1;
  };

  for (;;) {
    const exhausted = fromBall.frontier.length === 0 || toBall.frontier.length === 0;
    const bound = exhausted ? q.maxHops : Math.min(q.maxHops, fromBall.radius + toBall.radius);
    if (bound >= 1) {
      const found = listPaths(index, scratch, fetched, noHop, q.direction, from, to, bound, q.candidateLimit, q.stepBudget);
      if (found.length >= q.limit || bound >= q.maxHops) return { paths: found };
    }
    grow(cost(fromBall) <= cost(toBall) ? fromBall : toBall);
    if (fetched.length > q.edgeBudget) return { tooLarge: true };
  }
}

/**
 * enumeratePaths of traversal.ts over the fetched relationships: every simple path of at most `maxBound`
 * hops, shortest first and within a length in order of node ids, at most `limit`. The fetched relationships
 * become a small local graph (ids 0..L-1) first, forward and backward rows of the walk's direction.
 */
function listPaths(
  index: SearchableIndex,
  scratch: PathSearchScratch,
  fetched: IntList,
  noHop: Uint8Array,
  direction: Direction,
  from: number,
  to: number,
  maxBound: number,
  limit: number,
  stepBudget: number,
): string[][] {
  const { src, dst, type } = index;
  const listStamp = scratch.nextListStamp();
  const { localId, localAt } = scratch;
  const globalOf: number[] = [];
  const local = (v: number): number => {
    if (localAt[v] === listStamp) return localId[v] as number;
    const x = globalOf.length;
    localAt[v] = listStamp;
    localId[v] = x;
    globalOf.push(v);
    return x;
  };
  const localOf = (v: number): number | undefined => (localAt[v] === listStamp ? (localId[v] as number) : undefined);
  // Walk steps u -> v (as local ids), two per relationship at most.
  const stepFrom = new IntList(fetched.length * 2);
  const stepTo = new IntList(fetched.length * 2);
  for (let i = 0; i < fetched.length; i += 1) {
    const e = fetched.data[i] as number;
    const s = src[e] as number;
    const t = dst[e] as number;
    if (s === t || noHop[type[e] as number] === 1) continue;
    const ls = local(s);
    const lt = local(t);
    if (direction !== 'in') {
      stepFrom.push(ls);
      stepTo.push(lt);
    }
    if (direction !== 'out') {
      stepFrom.push(lt);
      stepTo.push(ls);
    }
  }
  const lf = localOf(from);
  const lt = localOf(to);
  if (lf === undefined || lt === undefined) return [];
  const n = globalOf.length;
  const rows = (keys: IntList, values: IntList): { start: Int32Array; items: Int32Array } => {
    const start = new Int32Array(n + 1);
    for (let i = 0; i < keys.length; i += 1) start[(keys.data[i] as number) + 1] = (start[(keys.data[i] as number) + 1] as number) + 1;
    for (let v = 0; v < n; v += 1) start[v + 1] = (start[v + 1] as number) + (start[v] as number);
    const fill = start.slice(0, n);
    const items = new Int32Array(keys.length);
    for (let i = 0; i < keys.length; i += 1) {
      const k = keys.data[i] as number;
      items[fill[k] as number] = values.data[i] as number;
      fill[k] = (fill[k] as number) + 1;
    }
    return { start, items };
  };
  const forward = rows(stepFrom, stepTo);
  const backward = rows(stepTo, stepFrom);

  // Exact hop distance to the target inside the fetched relationships (-1: none within maxBound).
  const dist = new Int32Array(n).fill(-1);
  dist[lt] = 0;
  let layer = [lt];
  for (let d = 1; d <= maxBound && layer.length > 0; d += 1) {
    const next: number[] = [];
    for (const v of layer) {
      for (let k = backward.start[v] as number, end = backward.start[v + 1] as number; k < end; k += 1) {
        const u = backward.items[k] as number;
        if (dist[u] === -1) {
          dist[u] = d;
          next.push(u);
        }
      }
    }
    layer = next;
  }
  const start = dist[lf] as number;
  if (start < 0) return [];

  // Each node's distinct next steps that can still reach the target, in order of node id; made on first use.
  const names: Array<string | undefined> = new Array<string | undefined>(n);
  const nameOf = (x: number): string => (names[x] ??= index.nameOf(globalOf[x] as number));
  const steps: Array<Int32Array | undefined> = new Array<Int32Array | undefined>(n);
  const mark = new Int32Array(n);
  let markStamp = 0;
  const stepsOf = (u: number): Int32Array => {
    let list = steps[u];
    if (!list) {
      markStamp += 1;
      const out: number[] = [];
      for (let k = forward.start[u] as number, end = forward.start[u + 1] as number; k < end; k += 1) {
        const v = forward.items[k] as number;
        if (dist[v] === -1 || mark[v] === markStamp) continue;
        mark[v] = markStamp;
        out.push(v);
      }
      out.sort((a, b) => {
        const x = nameOf(a);
        const y = nameOf(b);
        return x < y ? -1 : x > y ? 1 : 0;
      });
      steps[u] = list = Int32Array.from(out);
    }
    return list;
  };

  const found: string[][] = [];
  const onPath = new Uint8Array(n);
  const path = new Int32Array(maxBound + 1);
  let stepCount = 0;
  let bound = start;
  const walk = (u: number, hops: number): void => {
    if (found.length >= limit || stepCount > stepBudget) return;
    stepCount += 1;
    if (u === lt) {
      if (hops === bound) {
        const ids: string[] = [];
        for (let i = 0; i <= hops; i += 1) ids.push(nameOf(path[i] as number));
        found.push(ids);
      }
      return;
    }
    const list = stepsOf(u);
    for (let i = 0; i < list.length; i += 1) {
      const v = list[i] as number;
      if (onPath[v] === 1 || hops + 1 + (dist[v] as number) > bound) continue;
      path[hops + 1] = v;
      onPath[v] = 1;
      walk(v, hops + 1);
      onPath[v] = 0;
    }
  };
  for (; bound <= maxBound && found.length < limit; bound += 1) {
    path[0] = lf;
    onPath[lf] = 1;
    walk(lf, 0);
    onPath[lf] = 0;
  }
  return found;
}
