/**
 * Every tie of a hop: the relationships between each pair of consecutive nodes of candidate paths, read
 * once for all candidates, checked against the year (evidence horizon and supersession, see validity.ts),
 * grouped by type with the strongest evidence first, and used to keep, drop and rank the paths.
 *
 * The path search walks the store's year pre-filter, which keeps the hard interval only; here the read-time
 * rule decides. A hop holds when at least one of its ties holds that year and passes the type filter; the
 * hop then lists all its ties that held, of every type (a filter chooses hops, it does not hide evidence).
 */
import type { GraphEdge, GraphNode, GraphPath, PathHop, TieGroup } from './graph-model';
import { isMetonymLink } from './metonyms';
import { holdsIn, validitiesOf, evidenceYearsOf } from './validity';
import type { GraphStore } from './ports/graph-store';

export interface TieOptions {
  year?: number;
  horizon: number;
  /** The types a hop must have a tie of (none: any). */
  types?: readonly string[];
  /** When true, CAPITAL_OF / SEAT_OF links are not ties of a hop (they name actors; see metonyms.ts). */
  metonyms: boolean;
}

/** A candidate path from the enumeration: node ids in walk order. */
export interface CandidatePath {
  nodes: string[];
}

const pairKey = (a: string, b: string): string => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

/** Stronger evidence first: more sources, then the more recent evidence, then by id for a stable order. */
function byEvidence(a: GraphEdge, b: GraphEdge): number {
  const latest = (e: GraphEdge): number => Math.max(-Infinity, ...evidenceYearsOf(e));
  return b.sources.length - a.sources.length || latest(b) - latest(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The ties of one hop grouped by type, the group whose best tie has the strongest evidence first. */
export function groupTies(edges: readonly GraphEdge[]): TieGroup[] {
  const groups = new Map<string, GraphEdge[]>();
  for (const e of [...edges].sort(byEvidence)) {
    const list = groups.get(e.type) ?? [];
    list.push(e);
    groups.set(e.type, list);
  }
  return [...groups.entries()]
    .map(([type, list]) => ({ type, count: list.length, edges: list }))
    .sort((a, b) => byEvidence(a.edges[0]!, b.edges[0]!) || b.count - a.count || a.type.localeCompare(b.type));
}

/** A verified path with its strength for ranking: the weakest hop's tie count, then all ties. */
interface Verified {
  path: GraphPath;
  weakest: number;
  total: number;
  order: number;
}

/**
 * The candidates whose every hop holds (see the module header), as wire paths with their hops, ranked: shorter
 * first, then the path whose weakest hop has more ties, then more ties in all, then the enumeration's order.
 */
export async function verifyAndRankPaths(store: GraphStore, candidates: readonly CandidatePath[], opts: TieOptions): Promise<GraphPath[]> {
  if (candidates.length === 0) return [];
  const pathNodeIds = [...new Set(candidates.flatMap((p) => p.nodes))];
  const wanted = new Set<string>();
  for (const p of candidates) for (let i = 0; i + 1 < p.nodes.length; i += 1) wanted.add(pairKey(p.nodes[i]!, p.nodes[i + 1]!));
  const refs = (await store.adjacency(pathNodeIds, 'out', opts.year === undefined ? undefined : { year: opts.year })).filter(
    (r) => wanted.has(pairKey(r.source, r.target)) && !(opts.metonyms && isMetonymLink(r.type)),
  );
  const [nodes, edges] = await Promise.all([store.getNodes(pathNodeIds), store.getEdges([...new Set(refs.map((r) => r.id))])]);
  const nodeById = new Map<string, GraphNode>(nodes.map((n) => [n.id, n]));
  const validity = validitiesOf(edges, nodeById, { horizon: opts.horizon });
  const tiesOf = new Map<string, GraphEdge[]>();
  for (const e of edges) {
    if (opts.year !== undefined && !holdsIn(validity.get(e.id)!, opts.year)) continue;
    const key = pairKey(e.source, e.target);
    const list = tiesOf.get(key) ?? [];
    list.push(e);
    tiesOf.set(key, list);
  }
  const allowed = opts.types && opts.types.length > 0 ? new Set(opts.types) : null;

  const verified: Verified[] = [];
  candidates.forEach((c, order) => {
    const hops: PathHop[] = [];
    const best: GraphEdge[] = [];
    for (let i = 0; i + 1 < c.nodes.length; i += 1) {
      const source = c.nodes[i]!;
      const target = c.nodes[i + 1]!;
      const ties = tiesOf.get(pairKey(source, target)) ?? [];
      const passing = allowed ? ties.filter((e) => allowed.has(e.type)) : ties;
      if (passing.length === 0) return;
      best.push([...passing].sort(byEvidence)[0]!);
      hops.push({ source, target, count: ties.length, ties: groupTies(ties) });
    }
    const pathNodes = c.nodes.map((id) => nodeById.get(id));
    if (pathNodes.some((n) => n === undefined)) return;
    const counts = hops.map((h) => h.count);
    verified.push({
      path: { nodes: pathNodes as GraphNode[], edges: best, hops },
      weakest: Math.min(...counts),
      total: counts.reduce((a, b) => a + b, 0),
      order,
    });
  });
  verified.sort((a, b) => a.path.nodes.length - b.path.nodes.length || b.weakest - a.weakest || b.total - a.total || a.order - b.order);
  return verified.map((v) => v.path);
}
