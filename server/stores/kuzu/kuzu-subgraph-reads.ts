/**
 * How the embedded store reads a neighbourhood's relationships: the relationships among a set of nodes, read
 * as an induced subgraph, one query per (source kind, target kind) between the listed ends, instead of one per
 * (source kind, type, target kind) group as getEdges plans them for paths (kuzu-edge-reads.ts). A depth-2
 * neighbourhood at 100k nodes / 1M relationships holds ~500 relationships in ~65 such groups but ~30 kind pairs;
 * on one connection the pairs read it in 110 ms p50 against 171 for the groups, and a 1M load run's depth-1
 * answers (~1,500 relationships) in 246 against 646 ms (bench/neighbourhood-profile.ts --variants, load ~10).
 */
import type { KuzuValue } from 'kuzu';
import type { EdgeLocation } from '../graph-index/graph-index';
import { quoteIdentifier } from './kuzu-schema';

/** One read of the subgraph's relationships (each row `r, s, t`), and the relationships wanted among its rows. */
export interface SubgraphEdgeRead {
  query: string;
  params: Record<string, KuzuValue>;
  keep: ReadonlySet<string>;
}

/**
 * The relationships `ids` as reads between their ends' kinds where a kind pair holds several types, and the
 * ids left to getEdges (one type between two kinds, or not placed by the graph index).
 */
export function planSubgraphEdgeReads(
  ids: readonly string[],
  locate: (id: string) => EdgeLocation | undefined,
  has: (table: string) => boolean,
): { reads: SubgraphEdgeRead[]; rest: string[] } {
  const unplaced: string[] = [];
  const pairs = new Map<string, { sourceKind: string; targetKind: string; sources: Set<string>; targets: Set<string>; keep: Set<string>; types: Set<string> }>();
  for (const id of new Set(ids)) {
    const at = locate(id);
    if (!at || !has(at.sourceKind) || !has(at.targetKind) || !has(at.type)) {
      unplaced.push(id);
      continue;
    }
    const key = `${at.sourceKind}\u0000${at.targetKind}`;
    let pair = pairs.get(key);
    if (!pair) pairs.set(key, (pair = { sourceKind: at.sourceKind, targetKind: at.targetKind, sources: new Set(), targets: new Set(), keep: new Set(), types: new Set() }));
    pair.sources.add(at.source);
    pair.targets.add(at.target);
    pair.keep.add(id);
    pair.types.add(at.type);
  }
  // A pair of one type saves no query over getEdges' own group read, and costs more (a second kind table's
  // scan, every type's relationships of the sources): bench depth-2 p50 38-75 -> 50-99 ms when all went by
  // pairs. Those are left to getEdges.
  const single = [...pairs.values()].filter((p) => p.types.size < 2);
  for (const p of single) {
    unplaced.push(...p.keep);
    pairs.delete(`${p.sourceKind}\u0000${p.targetKind}`);
  }
  // Both ends labelled, so Kuzu masks each through its kind's table (a labelled `IN` answers right; an unlabelled
  // one does not: UNLABELLED_IN in kuzu-adjacency-reads.ts), and the relationship untyped: listing the types
  // (`[r:A|B]`) read the same rows slower (149 against 110 ms p50). Rows between listed ends that are not wanted
  // (another type than the filter's, a year outside it) are dropped by `keep`. No list is ever empty (an empty
  // list arrives as NULL, and `IN` over NULL can crash the engine): a pair exists for a placed relationship.
  const reads = [...pairs.values()].map((p) => ({
    query: `MATCH (a:${quoteIdentifier(p.sourceKind)})-[r]->(b:${quoteIdentifier(p.targetKind)}) WHERE a.id IN $s AND b.id IN $t RETURN r, a.id AS s, b.id AS t`,
    params: { s: [...p.sources], t: [...p.targets] },
    keep: p.keep,
  }));
  return { reads, rest: unplaced };
}
