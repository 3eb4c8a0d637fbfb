/**
 * The index's nodes in order of their ids (JavaScript string order, as traversal.ts sorts them), made once
 * when the index is sealed. The path search lists a node's next steps in that order: with each node's rank
 * it sorts integers instead of comparing decoded ids, which for a hub's tens of thousands of neighbours was
 * one unsliceable sort of up to ~200 ms at 1M. 8 bytes per node.
 */
import type { SliceClock } from './slice-clock';

export interface NodeNameOrder {
  /** rank[v]: the place of node v's id among all ids. */
  rank: Int32Array;
  /** byRank[r]: the node whose id has place r. */
  byRank: Int32Array;
}

/** Ranks `n` nodes by `nameOf`: a bottom-up merge sort, pausing on `clock` (a quick sort's worst case could not). */
export function* nodeNameOrderSteps(n: number, nameOf: (v: number) => string, clock: SliceClock): Generator<void, NodeNameOrder> {
  const names: string[] = new Array<string>(n);
  for (let v = 0; v < n; v += 1) {
    names[v] = nameOf(v);
    if (clock.tick(4)) yield* clock.pause();
  }
  let from = new Int32Array(n);
  for (let v = 0; v < n; v += 1) from[v] = v;
  let to = new Int32Array(n);
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      for (let k = lo; k < hi; k += 1) {
        if (j >= hi || (i < mid && (names[from[i] as number] as string) <= (names[from[j] as number] as string))) {
          to[k] = from[i] as number;
          i += 1;
        } else {
          to[k] = from[j] as number;
          j += 1;
        }
        if (clock.tick(2)) yield* clock.pause();
      }
    }
    [from, to] = [to, from];
  }
  const rank = to;
  for (let r = 0; r < n; r += 1) rank[from[r] as number] = r;
  return { rank, byRank: from };
}
