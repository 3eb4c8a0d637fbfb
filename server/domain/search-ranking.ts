/**
 * Ranking the search index's nodes against a folded needle: exact name or alias, prefix, word prefix,
 * substring, then a description match; ties to the shorter name, then the alphabetically earlier name and id.
 * Kept apart from the index's building (search-index.ts) because it runs on every keystroke over every node:
 * at 100k nodes the first form (a rank object per node, every label split into words, every match sorted with
 * localeCompare) took 150-340 ms a search, so the work here is only spent where the needle occurs.
 */
import type { GraphNode } from './graph-model';

/** A node as the search index holds it. */
export interface NodeEntry {
  node: GraphNode;
  /** Folded name first, then folded aliases. */
  labels: string[];
  description: string;
}

/** Label rank: exact 0, prefix 1, word prefix 2, substring 3, none 4; an alias counts half a rank worse. */
export function labelRank(labels: readonly string[], needle: string): number {
  let best = 4;
  for (let i = 0; i < labels.length; i += 1) {
    const label = labels[i] as string;
    // Exact, prefix and word prefix all contain the needle: a label without it is no match, and is not split.
    if (!label.includes(needle)) continue;
    const bias = i === 0 ? 0 : 0.5;
    let r = 3;
    if (label === needle) r = 0;
    else if (label.startsWith(needle)) r = 1;
    else if (label.split(/[\s\-'()/,.]+/).some((w) => w.startsWith(needle))) r = 2;
    best = Math.min(best, r + bias);
  }
  return best;
}

interface Hit {
  entry: NodeEntry;
  rank: number;
}

function compareHits(a: Hit, b: Hit): number {
  return a.rank - b.rank || a.entry.node.name.length - b.entry.node.name.length || a.entry.node.name.localeCompare(b.entry.node.name) || a.entry.node.id.localeCompare(b.entry.node.id);
}

/** The numeric part of the order (rank, then name length) as one number: ranks step by 0.5, names are short. */
function coarseKey(h: Hit): number {
  return h.rank * 2 * 2 ** 32 + h.entry.node.name.length;
}

/** The best `limit` nodes for `needle` (already folded), best first (see the module comment for the order). */
export function rankNodes(entries: readonly NodeEntry[], needle: string, limit: number): GraphNode[] {
  if (limit <= 0) return [];
  const hits: Hit[] = [];
  for (const entry of entries) {
    let rank = labelRank(entry.labels, needle);
    if (rank === 4) {
      if (!entry.description.includes(needle)) continue;
      rank = 5;
    }
    hits.push({ entry, rank });
  }
  // Only hits whose (rank, length) is within the best `limit` can be in the answer: the full comparison, with its
  // string comparisons, runs on those alone (a common syllable matches thousands of nodes at 100k).
  let kept = hits;
  if (hits.length > limit) {
    const keys = Float64Array.from(hits, coarseKey).sort();
    const cut = keys[limit - 1] as number;
    kept = hits.filter((h) => coarseKey(h) <= cut);
  }
  return kept
    .sort(compareHits)
    .slice(0, limit)
    .map((h) => h.entry.node);
}
