/**
 * Search over names and aliases, case-insensitive, best first: an exact name or alias, then a prefix,
 * then a word prefix, then any substring; ties go to the shorter, then alphabetically earlier name.
 * Ranking lives here, not in a store, so both engines order results the same way.
 */
import type { GraphNode } from './graph-model';
import type { GraphStore } from './ports/graph-store';

const CANDIDATES_PER_RESULT = 5;
const MAX_CANDIDATES = 500;

function rankOf(node: GraphNode, needle: string): number {
  let best = 4;
  for (const [i, label] of [node.name, ...node.aliases].entries()) {
    const l = label.toLowerCase();
    // The name counts slightly better than an alias of equal quality.
    const bias = i === 0 ? 0 : 0.5;
    let r = 4;
    if (l === needle) r = 0;
    else if (l.startsWith(needle)) r = 1;
    else if (l.split(/[\s\-–—'’()/,.]+/).some((w) => w.startsWith(needle))) r = 2;
    else if (l.includes(needle)) r = 3;
    best = Math.min(best, r + bias);
  }
  return best;
}

/** Normalises a query: trimmed, lower-cased, inner white space folded. */
export function normaliseSearchText(q: string): string {
  return q.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Nodes matching `q` by name or alias, best first, at most `limit`. */
export async function searchNodes(store: GraphStore, q: string, limit: number): Promise<GraphNode[]> {
  const needle = normaliseSearchText(q);
  if (needle.length === 0) return [];
  const candidates = await store.searchCandidates(needle, Math.min(MAX_CANDIDATES, limit * CANDIDATES_PER_RESULT));
  return candidates
    .map((node) => ({ node, rank: rankOf(node, needle) }))
    .sort((a, b) => a.rank - b.rank || a.node.name.length - b.node.name.length || a.node.name.localeCompare(b.node.name) || a.node.id.localeCompare(b.node.id))
    .slice(0, limit)
    .map((x) => x.node);
}
