/**
 * Every tie of a hop: the relationships between each pair of consecutive nodes of candidate paths, read
 * once for all candidates, checked against the year (evidence horizon and supersession, see validity.ts),
 * grouped by type with the strongest evidence first, and used to keep, drop and rank the paths.
 *
 * The path search walks the store's year pre-filter, which keeps the hard interval only; here the read-time
 * rule decides. A hop holds when at least one of its ties holds that year and passes the type filter; the
 * hop then lists all its ties that held, of every type (a filter chooses hops, it does not hide evidence).
 *
 * Without a year nothing in a record changes which hops hold or how paths rank (tie counts, types and
 * endpoints are all in the adjacency rows, i.e. in the graph index): there the candidates are ranked on
 * those rows alone and records are read only for the paths returned, one batched read per kind. With a
 * year the evidence dates and supersession live in the records, so every candidate's ties are read.
 */
import type { GraphEdge, GraphNode, GraphPath, PathHop, TieGroup } from './graph-model';
import { isMetonymLink } from './metonyms';
import { holdsIn, validitiesOf, evidenceYearsOf } from './validity';
import type { EdgeRef, GraphStore } from './ports/graph-store';

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

/** A path ranked on adjacency rows alone: its node ids in walk order and, per hop, the ids of its ties. */
export interface RankedPath {
  nodes: string[];
  hopTies: string[][];
}

/**
 * The candidates' hop pairs, and the relationships between them that may be ties (metonym links are not).
 * When the store can tell degrees cheaply (the graph index), each hop is read from its end with fewer
 * relationships, in both directions: a path through two hubs would otherwise list every relationship
 * leaving either hub (tens of thousands at 1M relationships) to find the few between them.
 */
async function tieRefsOf(store: GraphStore, candidates: readonly CandidatePath[], opts: TieOptions): Promise<{ pathNodeIds: string[]; refs: EdgeRef[] }> {
  const pathNodeIds = [...new Set(candidates.flatMap((p) => p.nodes))];
  const partners = new Map<string, Set<string>>();
  const link = (a: string, b: string): void => {
    const set = partners.get(a);
    if (set) set.add(b);
    else partners.set(a, new Set([b]));
  };
  for (const p of candidates) {
    for (let i = 0; i + 1 < p.nodes.length; i += 1) {
      link(p.nodes[i]!, p.nodes[i + 1]!);
      link(p.nodes[i + 1]!, p.nodes[i]!);
    }
  }
  const keep = (r: EdgeRef): boolean => !(opts.metonyms && isMetonymLink(r.type));
  // From the store's memory when it can: only the relationships between the pairs, not every one at the cheaper end.
  const pairs: Array<[string, string]> = [];
  for (const [a, set] of partners) for (const b of set) if (a < b) pairs.push([a, b]);
  const between = await store.relationshipsBetween?.(pairs, opts.year === undefined ? undefined : { year: opts.year });
  if (between) return { pathNodeIds, refs: between.filter(keep) };
  const degree = store.estimateAdjacency?.bind(store);
  let starts: string[] = pathNodeIds;
  let direction: 'out' | 'any' = 'out';
  if (degree && pathNodeIds.every((id) => degree([id], 'any') !== undefined)) {
    const cost = new Map(pathNodeIds.map((id) => [id, degree([id], 'any') ?? 0]));
    const chosen = new Set<string>();
    // Cheapest ends first, so a hop between a leaf and a hub is read from the leaf.
    for (const id of [...pathNodeIds].sort((a, b) => cost.get(a)! - cost.get(b)!)) {
      if ([...partners.get(id)!].some((other) => !chosen.has(other))) chosen.add(id);
    }
    starts = [...chosen];
    direction = 'any';
  }
  const seen = new Set<string>();
  const refs = (await store.adjacency(starts, direction, opts.year === undefined ? undefined : { year: opts.year })).filter((r) => {
    if (seen.has(r.id) || partners.get(r.source)?.has(r.target) !== true || !keep(r)) return false;
    seen.add(r.id);
    return true;
  });
  return { pathNodeIds, refs };
}

/**
 * Without a year (see the module header): the candidates ranked as verifyAndRankPaths ranks them, on the
 * adjacency rows alone (through the graph index, no record read), at most `limit`.
 */
export async function rankPathsOnAdjacency(
  store: GraphStore,
  candidates: readonly CandidatePath[],
  opts: TieOptions,
  limit: number,
): Promise<RankedPath[]> {
  if (opts.year !== undefined) throw new Error('rankPathsOnAdjacency ranks without a year only: with one, the records decide');
  if (candidates.length === 0) return [];
  const { refs } = await tieRefsOf(store, candidates, opts);
  const tiesOf = new Map<string, EdgeRef[]>();
  for (const r of refs) {
    const key = pairKey(r.source, r.target);
    const list = tiesOf.get(key) ?? [];
    list.push(r);
    tiesOf.set(key, list);
  }
  const allowed = opts.types && opts.types.length > 0 ? new Set(opts.types) : null;
  const ranked: Array<{ path: RankedPath; weakest: number; total: number; order: number }> = [];
  candidates.forEach((c, order) => {
    const hopTies: string[][] = [];
    for (let i = 0; i + 1 < c.nodes.length; i += 1) {
      const ties = tiesOf.get(pairKey(c.nodes[i]!, c.nodes[i + 1]!)) ?? [];
      if (!(allowed ? ties.some((r) => allowed.has(r.type)) : ties.length > 0)) return;
      // In order of id, so the answer does not depend on the order the store listed them in.
      hopTies.push(ties.map((r) => r.id).sort());
    }
    const counts = hopTies.map((h) => h.length);
    ranked.push({ path: { nodes: c.nodes, hopTies }, weakest: Math.min(...counts), total: counts.reduce((a, b) => a + b, 0), order });
  });
  ranked.sort((a, b) => a.path.nodes.length - b.path.nodes.length || b.weakest - a.weakest || b.total - a.total || a.order - b.order);
  return ranked.slice(0, limit).map((r) => r.path);
}

/**
 * The wire paths of ranked ones: their nodes and ties read in one batch per kind (with `extra` node and
 * relationship ids a caller needs alongside, so it reads nothing more). A path whose node or tie is no
 * longer stored is left out.
 */
export async function readRankedPaths(
  store: GraphStore,
  ranked: readonly RankedPath[],
  opts: Pick<TieOptions, 'types'>,
  extra: { nodes?: readonly string[]; edges?: readonly string[] } = {},
): Promise<{ paths: GraphPath[]; nodeById: Map<string, GraphNode>; edgeById: Map<string, GraphEdge> }> {
  const nodeIds = [...new Set([...ranked.flatMap((p) => p.nodes), ...(extra.nodes ?? [])])];
  const edgeIds = [...new Set([...ranked.flatMap((p) => p.hopTies.flat()), ...(extra.edges ?? [])])];
  const [nodes, edges] = await Promise.all([nodeIds.length ? store.getNodes(nodeIds) : [], edgeIds.length ? store.getEdges(edgeIds) : []]);
  const nodeById = new Map<string, GraphNode>(nodes.map((n) => [n.id, n]));
  const edgeById = new Map<string, GraphEdge>(edges.map((e) => [e.id, e]));
  const allowed = opts.types && opts.types.length > 0 ? new Set(opts.types) : null;
  const paths: GraphPath[] = [];
  for (const r of ranked) {
    const pathNodes = r.nodes.map((id) => nodeById.get(id));
    const tieLists = r.hopTies.map((ids) => ids.map((id) => edgeById.get(id)));
    if (pathNodes.some((n) => n === undefined) || tieLists.some((l) => l.some((e) => e === undefined))) continue;
    const hops: PathHop[] = [];
    const best: GraphEdge[] = [];
    tieLists.forEach((list, i) => {
      const ties = list as GraphEdge[];
      const passing = allowed ? ties.filter((e) => allowed.has(e.type)) : ties;
      best.push([...passing].sort(byEvidence)[0]!);
      hops.push({ source: r.nodes[i]!, target: r.nodes[i + 1]!, count: ties.length, ties: groupTies(ties) });
    });
    paths.push({ nodes: pathNodes as GraphNode[], edges: best, hops });
  }
  return { paths, nodeById, edgeById };
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
  const { pathNodeIds, refs } = await tieRefsOf(store, candidates, opts);
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
