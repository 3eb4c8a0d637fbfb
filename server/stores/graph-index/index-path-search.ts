/**
 * traversal.ts's k-shortest path search for a query without a year, run on the graph index's typed arrays:
 * the two balls, the relationships they fetched, the exact distances to the target and the depth-first listing
 * in order of node ids, each as traversal.ts does it (searchPathIds, growBall, WalkGraph, enumeratePaths), but
 * over ordinals with stamps reused from search to search instead of EdgeRef objects, Maps and Sets per step:
 * at 1M relationships those objects were most of the search's time (allocation, hashing, garbage collection).
 * The answer is the same, step for step (tests/unit/index-path-search.test.ts compares both on random graphs).
 *
 * A generator, paused by its SliceClock (slice-clock.ts): one search is 8 ms p50 at 1M but up to ~100 ms for a
 * pair of hubs, which the server must not spend in one turn of its event loop. Every loop that may run long
 * ticks the clock; the depth-first listing is a loop over an explicit stack so that it can pause too.
 */
import type { Direction } from '../../domain/graph-model';
import type { PathCandidateQuery, PathCandidates } from '../../domain/ports/graph-store';
import type { PathSearchScratch } from './path-search-scratch';
import type { SliceClock } from './slice-clock';

/** What the search reads of a sealed index (graph-index.ts). */
export interface SearchableIndex {
  ordinalOf(id: string): number;
  nameOf(v: number): string;
  /** Each node's place in order of ids, and the node at each place (node-name-order.ts). */
  readonly nameRank: Int32Array;
  readonly byNameRank: Int32Array;
  readonly outStart: Int32Array;
  readonly inStart: Int32Array;
  readonly inRows: Int32Array;
  readonly src: Int32Array;
  readonly dst: Int32Array;
  readonly type: Uint8Array | Uint16Array;
  readonly typeNames: readonly string[];
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

/**
 * The answer of traversal.ts's searchPathIds (without a year) as candidate paths, on the index, pausing
 * whenever `clock` says its slice has run (drive it with turn-queue.ts's runInTurns, or runToEnd for one turn).
 */
export function* searchPathCandidates(index: SearchableIndex, scratch: PathSearchScratch, q: PathCandidateQuery, clock: SliceClock): Generator<void, PathCandidates> {
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

  function* cost(b: Ball): Generator<void, number> {
    let sum = 0;
    for (const v of b.frontier) {
      if (b.direction !== 'in') sum += (outStart[v + 1] as number) - (outStart[v] as number);
      if (b.direction !== 'out') sum += (inStart[v + 1] as number) - (inStart[v] as number);
      if (clock.tick()) yield* clock.pause();
    }
    return sum;
  }
  function* grow(b: Ball): Generator<void, void> {
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
      if (b.direction !== 'in') {
        for (let e = outStart[v] as number, end = outStart[v + 1] as number; e < end; e += 1) {
          take(e, dst[e] as number);
          if (clock.tick()) yield* clock.pause();
        }
      }
      if (b.direction !== 'out') {
        for (let k = inStart[v] as number, end = inStart[v + 1] as number; k < end; k += 1) {
          const e = inRows[k] as number;
          take(e, src[e] as number);
          if (clock.tick()) yield* clock.pause();
        }
      }
    }
    b.frontier = next;
    b.radius += 1;
  }

  for (;;) {
    const exhausted = fromBall.frontier.length === 0 || toBall.frontier.length === 0;
    const bound = exhausted ? q.maxHops : Math.min(q.maxHops, fromBall.radius + toBall.radius);
    if (bound >= 1) {
      const found = yield* listPaths(index, scratch, clock, fetched, noHop, q.direction, from, to, bound, q.candidateLimit, q.stepBudget);
      if (found.length >= q.limit || bound >= q.maxHops) return { paths: found };
    }
    yield* grow((yield* cost(fromBall)) <= (yield* cost(toBall)) ? fromBall : toBall);
    if (fetched.length > q.edgeBudget) return { tooLarge: true };
  }
}

/**
 * enumeratePaths of traversal.ts over the fetched relationships: every simple path of at most `maxBound`
 * hops, shortest first and within a length in order of node ids, at most `limit`. The fetched relationships
 * become a small local graph (ids 0..L-1) first, forward and backward rows of the walk's direction.
 */
function* listPaths(
  index: SearchableIndex,
  scratch: PathSearchScratch,
  clock: SliceClock,
  fetched: IntList,
  noHop: Uint8Array,
  direction: Direction,
  from: number,
  to: number,
  maxBound: number,
  limit: number,
  stepBudget: number,
): Generator<void, string[][]> {
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
    if (clock.tick()) yield* clock.pause();
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
  function* rows(keys: IntList, values: IntList): Generator<void, { start: Int32Array; items: Int32Array }> {
    const start = new Int32Array(n + 1);
    for (let i = 0; i < keys.length; i += 1) {
      start[(keys.data[i] as number) + 1] = (start[(keys.data[i] as number) + 1] as number) + 1;
      if (clock.tick()) yield* clock.pause();
    }
    for (let v = 0; v < n; v += 1) start[v + 1] = (start[v + 1] as number) + (start[v] as number);
    const fill = start.slice(0, n);
    const items = new Int32Array(keys.length);
    for (let i = 0; i < keys.length; i += 1) {
      const k = keys.data[i] as number;
      items[fill[k] as number] = values.data[i] as number;
      fill[k] = (fill[k] as number) + 1;
      if (clock.tick()) yield* clock.pause();
    }
    return { start, items };
  }
  const forward = yield* rows(stepFrom, stepTo);
  const backward = yield* rows(stepTo, stepFrom);

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
        if (clock.tick()) yield* clock.pause();
      }
    }
    layer = next;
  }
  const start = dist[lf] as number;
  if (start < 0) return [];

  // Each node's distinct next steps that can still reach the target, in order of node id; made on first use.
  // Sorted as ranks (integers) rather than by comparing ids: a hub's list is tens of thousands long at 1M.
  const { nameRank, byNameRank } = index;
  const names: Array<string | undefined> = new Array<string | undefined>(n);
  const nameOf = (x: number): string => (names[x] ??= index.nameOf(globalOf[x] as number));
  const steps: Array<Int32Array | undefined> = new Array<Int32Array | undefined>(n);
  const mark = new Int32Array(n);
  let markStamp = 0;
  /** What the lists made since the last tick cost, in iterations (told to the clock). */
  let listWork = 0;
  const stepsOf = (u: number): Int32Array => {
    let list = steps[u];
    if (!list) {
      markStamp += 1;
      const ranks: number[] = [];
      const begin = forward.start[u] as number;
      const end = forward.start[u + 1] as number;
      for (let k = begin; k < end; k += 1) {
        const v = forward.items[k] as number;
        if (dist[v] === -1 || mark[v] === markStamp) continue;
        mark[v] = markStamp;
        ranks.push(nameRank[globalOf[v] as number] as number);
      }
      list = Int32Array.from(ranks).sort();
      for (let i = 0; i < list.length; i += 1) list[i] = localId[byNameRank[list[i] as number] as number] as number;
      steps[u] = list;
      listWork += end - begin + 4 * list.length;
    }
    return list;
  };

  // The depth-first walk of traversal.ts's enumeratePaths (recursive there), on a stack: at depth d the path
  // holds path[0..d], lists[d] are path[d]'s steps and cursor[d] the next one to try.
  const found: string[][] = [];
  const onPath = new Uint8Array(n);
  const path = new Int32Array(maxBound + 1);
  const lists: Int32Array[] = new Array<Int32Array>(maxBound + 1);
  const cursor = new Int32Array(maxBound + 1);
  let stepCount = 0;
  let bound = start;
  /** A visit of path[hops]: true when its steps are to be tried (the recursive walk's loop). */
  const enter = (u: number, hops: number): boolean => {
    if (found.length >= limit || stepCount > stepBudget) return false;
    stepCount += 1;
    if (u === lt) {
      if (hops === bound) {
        const ids: string[] = [];
        for (let i = 0; i <= hops; i += 1) ids.push(nameOf(path[i] as number));
        found.push(ids);
      }
      return false;
    }
    lists[hops] = stepsOf(u);
    cursor[hops] = 0;
    return true;
  };
  for (; bound <= maxBound && found.length < limit; bound += 1) {
    path[0] = lf;
    onPath[lf] = 1;
    let depth = enter(lf, 0) ? 0 : -1;
    while (depth >= 0) {
      const work = 1 + listWork;
      listWork = 0;
      if (clock.tick(work)) yield* clock.pause();
      const list = lists[depth] as Int32Array;
      let i = cursor[depth] as number;
      let deeper = false;
      while (i < list.length) {
        const v = list[i] as number;
        i += 1;
        if (onPath[v] === 1 || depth + 1 + (dist[v] as number) > bound) continue;
        cursor[depth] = i;
        path[depth + 1] = v;
        onPath[v] = 1;
        if (enter(v, depth + 1)) {
          deeper = true;
          break;
        }
        onPath[v] = 0;
      }
      if (deeper) {
        depth += 1;
        continue;
      }
      // path[depth]'s steps are all tried: back to its parent (the root stays marked until the bound ends).
      if (depth > 0) onPath[path[depth] as number] = 0;
      depth -= 1;
    }
    onPath[lf] = 0;
  }
  return found;
}
