/**
 * Ranking the search index's nodes against a folded needle: exact name or alias, prefix, word prefix,
 * substring, then a description match; ties to the shorter name, then the alphabetically earlier name and id.
 * Kept apart from the index's building (search-index.ts) because it runs on every keystroke over every node:
 * at 100k nodes the first form (a rank object per node, every label split into words, every match sorted with
 * localeCompare) took 150-340 ms a search, so the work here is only spent where the needle occurs: every folded
 * label and description sits in one string, and `indexOf` over it finds the nodes that hold the needle without
 * visiting the others (a per-node `includes` still cost ~10 ms a search at 100k nodes).
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

/** Between two texts of the joined string: a match that spans it is a false lead, dropped when its node is checked. */
const SEPARATOR = '\u0001';

/** The nodes a search ranks: their entries, and their labels and descriptions joined in one string. */
export interface SearchableNodes {
  entries: readonly NodeEntry[];
  /** Each entry's labels and description, each followed by SEPARATOR, entry after entry. */
  text: string;
  /** Where each entry's texts start in `text`, and one past the end. */
  starts: Uint32Array;
}

/** The joined string over `entries` that rankNodes searches (built once per index build). */
export function searchableNodes(entries: readonly NodeEntry[]): SearchableNodes {
  const parts: string[] = [];
  const starts = new Uint32Array(entries.length + 1);
  let at = 0;
  for (let i = 0; i < entries.length; i += 1) {
    const entry = entries[i] as NodeEntry;
    starts[i] = at;
    const part = `${entry.labels.join(SEPARATOR)}${SEPARATOR}${entry.description}${SEPARATOR}`;
    parts.push(part);
    at += part.length;
  }
  starts[entries.length] = at;
  return { entries, text: parts.join(''), starts };
}

/** The entry whose texts hold position `at` of the joined string: the last start at or before it. */
function entryAt(starts: Uint32Array, at: number): number {
  let lo = 0;
  let hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((starts[mid] as number) <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The entries whose texts may hold `needle`: each once, in order (every entry for an empty needle). */
function* candidates(nodes: SearchableNodes, needle: string): Generator<NodeEntry> {
  if (needle.length === 0) {
    yield* nodes.entries;
    return;
  }
  let from = 0;
  for (;;) {
    const at = nodes.text.indexOf(needle, from);
    if (at < 0) return;
    const i = entryAt(nodes.starts, at);
    yield nodes.entries[i] as NodeEntry;
    // The rest of this entry's texts need not be searched: the entry is checked whole.
    from = nodes.starts[i + 1] as number;
  }
}

/** The best `limit` nodes for `needle` (already folded), best first (see the module comment for the order). */
export function rankNodes(nodes: SearchableNodes, needle: string, limit: number): GraphNode[] {
  if (limit <= 0 || nodes.entries.length === 0) return [];
  const hits: Hit[] = [];
  for (const entry of candidates(nodes, needle)) {
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
