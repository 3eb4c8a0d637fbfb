/**
 * Walking the graph through the store's one-hop adjacency: node details, neighbourhoods and the k
 * shortest simple paths between two nodes. Engine-neutral, so both engines give the same answers.
 */
import type { Direction, Graph, GraphEdge, GraphNode, GraphPath, NodeDetails, PathEnd, PathsResult } from './graph-model';
import { InvalidRequestError, NotFoundError, TooLargeError } from './errors';
import { isMetonym, isMetonymLink, METONYM_TYPES, metonymLabel, resolveMetonymIds, type ResolvedNode } from './metonyms';
import { rankPathsOnAdjacency, readRankedPaths, verifyAndRankPaths, type CandidatePath, type RankedPath } from './path-ties';
import { DEFAULT_EVIDENCE_HORIZON_YEARS, holdsIn, validitiesOf } from './validity';
import type { AdjacencyFilter, EdgeRef, GraphStore } from './ports/graph-store';
import { adjacencyInSlices, REFS_PER_SLICE } from './sliced-adjacency';

/** Fetching more than this many relationships to answer one path query is refused as too broad. */
export const PATH_SEARCH_EDGE_BUDGET = 200_000;
/** DFS steps allowed while enumerating paths; past it the paths found so far are returned. */
const PATH_ENUMERATION_STEPS = 2_000_000;
/** Candidates enumerated per path asked for, so that ranking by ties chooses among more than the first k. */
const CANDIDATES_PER_PATH = 5;

function sortById<T extends { id: string }>(xs: T[]): T[] {
  return xs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A node, every relationship touching it, and the nodes at their other ends. */
export async function getNodeDetails(store: GraphStore, id: string): Promise<NodeDetails> {
  if (store.getStar) {
    // One engine read shaped like the engine's own star query, instead of adjacency + one node read per
    // neighbour kind + the relationship reads (5-15 queries at 1M).
    const star = await store.getStar(id);
    if (!star) throw new NotFoundError(`No node with id "${id}".`);
    return { node: star.node, edges: sortById(star.edges), neighbors: sortById(star.neighbors) };
  }
  const refs = await store.adjacency([id], 'any');
  const neighborIds = new Set(refs.map((r) => (r.source === id ? r.target : r.source)));
  neighborIds.delete(id);
  // The node and its neighbours in one look-up, their relationships alongside: two round trips at once, not three in a row.
  const [nodes, edges] = await Promise.all([store.getNodes([id, ...neighborIds]), store.getEdges(refs.map((r) => r.id))]);
  const node = nodes.find((n) => n.id === id);
  if (!node) throw new NotFoundError(`No node with id "${id}".`);
  // A self-loop makes the node its own neighbour.
  const looped = refs.some((r) => r.source === id && r.target === id);
  const neighbors = sortById(nodes.filter((n) => n.id !== id || looped));
  return { node, edges: sortById(edges), neighbors };
}

/** A neighbourhood's records: in one read when the store has one (readSubgraph), else nodes and relationships side by side. */
async function readRecords(store: GraphStore, nodeIds: string[], edgeIds: string[]): Promise<{ nodes: GraphNode[]; edges: GraphEdge[] }> {
  if (store.readSubgraph) return store.readSubgraph(nodeIds, edgeIds);
  const [nodes, edges] = await Promise.all([store.getNodes(nodeIds), store.getEdges(edgeIds)]);
  return { nodes, edges };
}

export interface NeighborhoodQuery {
  id: string;
  depth: number;
  types?: string[];
  /** Only relationships that held in this year (see validity.ts). */
  year?: number;
  /** With `year`: years a claim holds past its latest evidence (default DEFAULT_EVIDENCE_HORIZON_YEARS). */
  horizon?: number;
  direction?: Direction;
  limit: number;
}

/** Nodes within `depth` hops (in `direction`, default any), breadth first, at most `limit`, with the edges among them. */
export async function getNeighborhood(store: GraphStore, q: NeighborhoodQuery): Promise<Graph & { truncated: boolean }> {
  // The centre's existence is read with the other nodes at the end (a walk from an unknown id finds nothing):
  // one engine round trip fewer per request, which an engine in another process pays for in latency.
  const filter: AdjacencyFilter = { types: q.types, year: q.year };
  const direction = q.direction ?? 'any';
  const included = new Set<string>([q.id]);
  // The answer's relationships: every one passing the filter whose two ends are included (read 'out' from its source).
  const edgeIds = new Set<string>();
  let frontier = [q.id];
  let truncated = false;
  for (let level = 0; level < q.depth && frontier.length > 0 && !truncated; level += 1) {
    const refs = await adjacencyInSlices(store, frontier, direction, filter);
    const next: string[] = [];
    // Sorted so that which nodes survive the cap does not depend on engine row order.
    const candidates = [...new Set(refs.flatMap((r) => [r.source, r.target]))].sort();
    for (const n of candidates) {
      if (included.has(n)) continue;
      if (included.size >= q.limit) {
        truncated = true;
        break;
      }
      included.add(n);
      next.push(n);
    }
    // Kept now, not read again at the end: an end left out here stays out (only the cap leaves one out, and it
    // ends the walk).
    for (const r of refs) if (included.has(r.source) && included.has(r.target)) edgeIds.add(r.id);
    frontier = next;
  }
  // What the walk did not read: relationships whose walking end was never expanded, all touching the last
  // frontier ('out' of it, or 'in' for an inward walk, which read the expanded nodes' incoming ones).
  if (frontier.length > 0) {
    for (const r of await adjacencyInSlices(store, frontier, direction === 'in' ? 'in' : 'out', filter)) {
      if (included.has(r.source) && included.has(r.target)) edgeIds.add(r.id);
    }
  }
  const ids = [...included];
  const { nodes, edges: fetched } = await readRecords(store, ids, [...edgeIds]);
  if (!nodes.some((n) => n.id === q.id)) throw new NotFoundError(`No node with id "${q.id}".`);
  if (q.year === undefined) return { nodes: sortById(nodes), edges: sortById(fetched), truncated };
  // The store pre-filters by the hard interval; the horizon and supersession decide here (validity.ts).
  // A node reached only through claims that faded or were superseded that year leaves the answer.
  const year = q.year;
  const validity = validitiesOf(fetched, new Map(nodes.map((n) => [n.id, n])), { horizon: q.horizon ?? DEFAULT_EVIDENCE_HORIZON_YEARS });
  const edges = fetched.filter((e) => holdsIn(validity.get(e.id)!, year));
  const touched = new Set<string>([q.id, ...edges.flatMap((e) => [e.source, e.target])]);
  return { nodes: sortById(nodes.filter((n) => touched.has(n.id))), edges: sortById(edges), truncated };
}

export interface PathQuery {
  from: string;
  to: string;
  maxHops: number;
  types?: string[];
  /** Only relationships that held in this year (see validity.ts). */
  year?: number;
  /** With `year`: years a claim holds past its latest evidence (default DEFAULT_EVIDENCE_HORIZON_YEARS). */
  horizon?: number;
  /** Read a capital as the state it stands for (default true; see metonyms.ts); false traces the city itself. */
  metonyms?: boolean;
  direction: Direction;
  limit: number;
}

interface Step {
  to: string;
  edges: string[];
}

const REVERSE: Record<Direction, Direction> = { out: 'in', in: 'out', any: 'any' };

/** One end of the bidirectional search: the nodes seen so far and the last level reached. */
interface Ball {
  seen: Set<string>;
  frontier: string[];
  radius: number;
  direction: Direction;
}

function ballAround(start: string, direction: Direction): Ball {
  return { seen: new Set([start]), frontier: [start], radius: 0, direction };
}

function tooBroad(): TooLargeError {
  return new TooLargeError(
    `Tracing paths of up to this many hops would explore more than ${PATH_SEARCH_EDGE_BUDGET} relationships; ` +
      'lower maxHops, restrict types or choose a direction.',
  );
}

/** Fetches the relationships of the ball's frontier (one store call) and moves it one hop out. */
async function growBall(
  store: GraphStore,
  ball: Ball,
  filter: AdjacencyFilter,
  sink: Map<string, EdgeRef>,
  onNew: (r: EdgeRef) => void,
): Promise<void> {
  const refs = await adjacencyInSlices(store, ball.frontier, ball.direction, filter);
  const next: string[] = [];
  for (const [i, r] of refs.entries()) {
    // A hub's hop is hundreds of thousands of relationships at 1M: let other requests in between slices.
    if (i % REFS_PER_SLICE === REFS_PER_SLICE - 1) await new Promise<void>((resolve) => setImmediate(resolve));
    if (!sink.has(r.id)) onNew(r);
    sink.set(r.id, r);
    for (const n of [r.source, r.target]) {
      if (!ball.seen.has(n)) {
        ball.seen.add(n);
        next.push(n);
      }
    }
  }
  if (sink.size > PATH_SEARCH_EDGE_BUDGET) throw tooBroad();
  ball.frontier = next;
  ball.radius += 1;
}

interface FoundPath {
  nodes: string[];
  hops: string[][];
}

/** The fetched relationships as a walking graph (u -> v along the allowed direction), parallel edges grouped per hop. */
class WalkGraph {
  readonly forward = new Map<string, Map<string, string[]>>();
  readonly backward = new Map<string, Set<string>>();

  constructor(
    private readonly direction: Direction,
    private readonly skipMetonymLinks: boolean,
  ) {}

  add(r: EdgeRef): void {
    // A capital's CAPITAL_OF link names its state: with the metonym rule on it is no hop.
    if (this.skipMetonymLinks && isMetonymLink(r.type)) return;
    if (this.direction !== 'in') this.link(r.source, r.target, r.id);
    if (this.direction !== 'out') this.link(r.target, r.source, r.id);
  }

  private link(u: string, v: string, edgeId: string): void {
    if (u === v) return;
    let m = this.forward.get(u);
    if (!m) this.forward.set(u, (m = new Map()));
    const parallel = m.get(v);
    if (parallel) parallel.push(edgeId);
    else m.set(v, [edgeId]);
    let b = this.backward.get(v);
    if (!b) this.backward.set(v, (b = new Set()));
    b.add(u);
  }
}

/**
 * Every simple path of at most `maxBound` hops inside the fetched relationships, shortest first and, within
 * a length, in order of node ids (depth-first over sorted neighbours), stopping at `q.limit`.
 */
function enumeratePaths(graph: WalkGraph, q: { from: string; to: string; limit: number }, maxBound: number): FoundPath[] {
  const { forward, backward } = graph;
  // Exact hop distance to the target inside the fetched subgraph.
  const dist = new Map<string, number>([[q.to, 0]]);
  let layer = [q.to];
  for (let d = 1; d <= maxBound && layer.length > 0; d += 1) {
    const next: string[] = [];
    for (const v of layer) {
      for (const u of backward.get(v) ?? []) {
        if (!dist.has(u)) {
          dist.set(u, d);
          next.push(u);
        }
      }
    }
    layer = next;
  }
  const start = dist.get(q.from);
  if (start === undefined) return [];

  const sortedSteps = new Map<string, Step[]>();
  const adjacencyOf = (u: string): Step[] => {
    let steps = sortedSteps.get(u);
    if (!steps) {
      steps = [...(forward.get(u) ?? new Map<string, string[]>())]
        .filter(([to]) => dist.has(to))
        .map(([to, edges]) => ({ to, edges }))
        .sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
      sortedSteps.set(u, steps);
    }
    return steps;
  };
  const found: FoundPath[] = [];
  let steps = 0;
  for (let bound = start; bound <= maxBound && found.length < q.limit; bound += 1) {
    const nodes = [q.from];
    const hops: string[][] = [];
    const onPath = new Set(nodes);
    const walk = (u: string): void => {
      if (found.length >= q.limit || steps > PATH_ENUMERATION_STEPS) return;
      steps += 1;
      if (u === q.to) {
        if (hops.length === bound) found.push({ nodes: [...nodes], hops: hops.map((h) => [...h]) });
        return;
      }
      for (const step of adjacencyOf(u)) {
        const d = dist.get(step.to);
        if (d === undefined || onPath.has(step.to) || hops.length + 1 + d > bound) continue;
        nodes.push(step.to);
        hops.push(step.edges);
        onPath.add(step.to);
        walk(step.to);
        onPath.delete(step.to);
        hops.pop();
        nodes.pop();
      }
    };
    walk(q.from);
  }
  return found;
}

/** How an end of the search reads: the node asked for and what it stands for, with the link that says so. */
function describeEnd(r: ResolvedNode, link: GraphEdge | undefined): PathEnd {
  const end: PathEnd = { asked: r.asked.id, standsFor: r.standsFor.id, label: metonymLabel(r) };
  if (isMetonym(r) && link) end.link = link;
  return end;
}

/** The id of the CAPITAL_OF / SEAT_OF link from `asked` to `standsFor`, found on the adjacency rows. */
async function metonymLinkId(store: GraphStore, asked: string, standsFor: string): Promise<string | undefined> {
  if (asked === standsFor) return undefined;
  const refs = await store.adjacency([asked], 'out');
  return refs.find((x) => x.target === standsFor && isMetonymLink(x.type))?.id;
}

/**
 * The k shortest simple paths (no repeated node) from `from` to `to`, shortest first, as distinct node
 * sequences, each hop with every tie between its two nodes (path-ties.ts); within a length, paths whose
 * weakest hop has more ties come first.
 *
 * Metonyms (on unless `metonyms: false`): a capital asked for is read as its state ("Dushanbe (Tajikistan)"),
 * and CAPITAL_OF / SEAT_OF links are no hops anywhere on the way, whatever the type filter.
 *
 * Time: with `year`, the store pre-filters by the hard interval, and each hop of a candidate must keep a tie
 * that holds that year under the evidence horizon and supersession (validity.ts).
 *
 * Bidirectional: a ball grows around each end, one hop at a time on the side whose frontier touches fewer
 * relationships (when the store can tell cheaply; else the smaller frontier).
 * With radii rf and rt, the fetched relationships hold every path of at most rf + rt hops (hop i of a
 * path of length L starts within i hops of `from`, so it was fetched if i < rf, or ends within L - i - 1
 * hops of `to`, fetched if L - i - 1 < rt; one of the two holds for every i when L <= rf + rt). So after
 * each step the paths up to rf + rt hops are listed exactly, and the search stops as soon as k hold
 * (or a ball is exhausted, or maxHops is reached): the same answer as exploring everything, usually at
 * a fraction of the cost on heavy-tailed graphs.
 */
export async function findPaths(store: GraphStore, q: PathQuery): Promise<GraphPath[]> {
  return (await searchPaths(store, q)).paths;
}

/** findPaths with how the ends were read ("Dushanbe (Tajikistan)") and the horizon used: the answer of GET /api/paths. */
export async function tracePaths(store: GraphStore, q: PathQuery): Promise<PathsResult> {
  const { paths, fromEnd, toEnd, horizon, links } = await searchPaths(store, q);
  const result: PathsResult = { paths };
  if (q.metonyms ?? true) [result.from, result.to] = [describeEnd(fromEnd, links.from), describeEnd(toEnd, links.to)];
  if (q.year !== undefined) result.horizon = horizon;
  return result;
}

interface PathSearch {
  paths: GraphPath[];
  fromEnd: ResolvedNode;
  toEnd: ResolvedNode;
  horizon: number;
  links: { from?: GraphEdge; to?: GraphEdge };
}

/** What the search on the adjacency finds: without a year, ranked ids (no record read yet); with one, verified paths. */
type PathIdAnswer = { ranked: RankedPath[]; paths?: undefined } | { ranked?: undefined; paths: GraphPath[] };

/** The ends as the search reads them: each id, or what it stands for under the metonym rule (adjacency only). */
async function endIdsOf(store: GraphStore, q: PathQuery): Promise<{ from: string; to: string }> {
  if (!(q.metonyms ?? true)) return { from: q.from, to: q.to };
  const ids = await resolveMetonymIds(store, [q.from, q.to]);
  return { from: ids.get(q.from) ?? q.from, to: ids.get(q.to) ?? q.to };
}

/**
 * The path search on the adjacency alone (the graph index when current), for paths without a year: the
 * k best paths as node and tie ids, ranked as tracePaths ranks them, no record read. What the bench calls
 * the index's own bare search; an unknown id finds nothing here (tracePaths says which one).
 */
export async function rankPathIds(store: GraphStore, q: PathQuery): Promise<RankedPath[]> {
  if (q.year !== undefined) throw new InvalidRequestError('rankPathIds ranks without a year only', { field: 'year' });
  const { from, to } = await endIdsOf(store, q);
  if (from === to) return [];
  return (await searchPathIds(store, q, from, to)).ranked ?? [];
}

async function searchPaths(store: GraphStore, q: PathQuery): Promise<PathSearch> {
  if (q.from === q.to) throw new InvalidRequestError('from and to must be different nodes', { field: 'to' });
  const metonyms = q.metonyms ?? true;
  const horizon = q.horizon ?? DEFAULT_EVIDENCE_HORIZON_YEARS;
  const { from, to } = await endIdsOf(store, q);
  const endNodeIds = [...new Set([q.from, q.to, from, to])];
  const resolveEnds = (nodeById: ReadonlyMap<string, GraphNode>): { fromEnd: ResolvedNode; toEnd: ResolvedNode } => {
    const end = (asked: string, standsFor: string, field: string): ResolvedNode => {
      const node = nodeById.get(asked);
      if (!node) throw new NotFoundError(`No node with id "${asked}" (${field}).`);
      return { asked: node, standsFor: nodeById.get(standsFor) ?? node };
    };
    return { fromEnd: end(q.from, from, 'from'), toEnd: end(q.to, to, 'to') };
  };
  if (from === to) {
    const { fromEnd, toEnd } = resolveEnds(new Map((await store.getNodes(endNodeIds)).map((n) => [n.id, n])));
    throw new InvalidRequestError(
      `${metonymLabel(fromEnd)} and ${metonymLabel(toEnd)} name the same actor; trace the city itself with metonyms=off`,
      { field: 'to' },
    );
  }
  // The ends' nodes and metonym links are read with the paths' records, in the same batch per kind.
  const [found, fromLink, toLink] = await Promise.all([
    searchPathIds(store, q, from, to),
    metonyms ? metonymLinkId(store, q.from, from) : undefined,
    metonyms ? metonymLinkId(store, q.to, to) : undefined,
  ]);
  const linkIds = [fromLink, toLink].filter((id): id is string => id !== undefined);
  let paths: GraphPath[];
  let nodeById: Map<string, GraphNode>;
  let edgeById: Map<string, GraphEdge>;
  if (found.ranked) {
    ({ paths, nodeById, edgeById } = await readRankedPaths(store, found.ranked, { types: q.types }, { nodes: endNodeIds, edges: linkIds }));
  } else {
    paths = found.paths;
    const [nodes, edges] = await Promise.all([store.getNodes(endNodeIds), linkIds.length ? store.getEdges(linkIds) : []]);
    nodeById = new Map(nodes.map((n) => [n.id, n]));
    edgeById = new Map(edges.map((e) => [e.id, e]));
  }
  const { fromEnd, toEnd } = resolveEnds(nodeById);
  const links = { from: fromLink === undefined ? undefined : edgeById.get(fromLink), to: toLink === undefined ? undefined : edgeById.get(toLink) };
  return { paths: paths.slice(0, q.limit), fromEnd, toEnd, horizon, links };
}

/** The bidirectional search between two resolved ends (see findPaths). */
async function searchPathIds(store: GraphStore, q: PathQuery, from: string, to: string): Promise<PathIdAnswer> {
  const metonyms = q.metonyms ?? true;
  const horizon = q.horizon ?? DEFAULT_EVIDENCE_HORIZON_YEARS;
  const candidateLimit = q.limit * CANDIDATES_PER_PATH;
  const tieOptions = { year: q.year, horizon, types: q.types, metonyms };
  // Without a year the same search runs in the store's memory when it can (the graph index's typed arrays):
  // no EdgeRef per relationship fetched. With a year the records decide which candidates hold, so the
  // search below may need to go on after a listing; it stays here.
  const inMemory =
    q.year === undefined
      ? await store.pathCandidates?.({
          from,
          to,
          direction: q.direction,
          maxHops: q.maxHops,
          limit: q.limit,
          candidateLimit,
          types: q.types,
          noHopTypes: metonyms ? METONYM_TYPES : [],
          edgeBudget: PATH_SEARCH_EDGE_BUDGET,
          stepBudget: PATH_ENUMERATION_STEPS,
        })
      : undefined;
  if (inMemory?.tooLarge) throw tooBroad();
  if (inMemory) return { ranked: await rankPathsOnAdjacency(store, inMemory.paths.map((nodes) => ({ nodes })), tieOptions, q.limit) };
  const refs = new Map<string, EdgeRef>();
  const graph = new WalkGraph(q.direction, metonyms);
  const filter: AdjacencyFilter = { types: q.types, year: q.year };
  const fromBall = ballAround(from, q.direction);
  const toBall = ballAround(to, REVERSE[q.direction]);
  for (;;) {
    const exhausted = fromBall.frontier.length === 0 || toBall.frontier.length === 0;
    const bound = exhausted ? q.maxHops : Math.min(q.maxHops, fromBall.radius + toBall.radius);
    if (bound >= 1) {
      const found = enumeratePaths(graph, { from, to, limit: candidateLimit }, bound);
      if (found.length >= q.limit || bound >= q.maxHops) {
        // Without a year the adjacency rows decide the ranking: records are read for the returned paths only.
        const answer: PathIdAnswer =
          q.year === undefined
            ? { ranked: await rankPathsOnAdjacency(store, found as CandidatePath[], tieOptions, q.limit) }
            : { paths: await verifyAndRankPaths(store, found as CandidatePath[], tieOptions) };
        if ((answer.ranked ?? answer.paths).length >= q.limit || bound >= q.maxHops) return answer;
      }
    }
    // Grow the side that fetches fewer relationships: a frontier of a dozen nodes holding a hub can cost
    // more than hundreds of leaves. Either side keeps the answer exact (see above); only the cost differs.
    const cost = (b: Ball): number => store.estimateAdjacency?.(b.frontier, b.direction) ?? b.frontier.length;
    const ball = cost(fromBall) <= cost(toBall) ? fromBall : toBall;
    await growBall(store, ball, filter, refs, (r) => graph.add(r));
  }
}
