/**
 * The influence use case: how each power stands over a target, year by year, through which channels and
 * on which evidence. Paths are found once for all years (influence-paths.ts) and bucketed by the years in
 * which every hop held (influence-scoring.ts); the model is influence-model.ts, the robustness hint
 * influence-robustness.ts.
 */
import type { GraphEdge, GraphNode } from './graph-model';
import { InvalidRequestError } from './errors';
import {
  DEFAULT_INFLUENCE_PARAMETERS,
  InfluenceParametersSchema,
  categoryOf,
  scoreEdge,
  type CandidatePath,
  type CategoryWeights,
  type CredibilityWeights,
  type InfluenceChannel,
  type InfluenceClaim,
  type InfluenceParameters,
  type InfluencePath,
  type InfluencePoint,
  type InfluenceResult,
  type InfluenceSeries,
  type PathInYear,
  type ReliabilityWeights,
  type ResolvedNode,
  type ScoredEdge,
} from './influence-model';
import { enumerateInfluencePaths } from './influence-paths';
import { checkRobustness } from './influence-robustness';
import { claimContributions, evaluateYears, holdOf, type Years } from './influence-scoring';
import { stateModel } from './influence-statement';
import { claimValidity } from './influence-validity';
import { normaliseSearchText, searchNodes } from './search';
import type { Category, Vocabulary } from './seed-schema';
import { gradesOf } from './source-grades';
import { yearOf } from './validity';
import type { GraphStore } from './ports/graph-store';

/** Years computed at most in one request. */
export const MAX_INFLUENCE_YEARS = 200;
/** Relationships listed per channel at most. */
const CHANNEL_EDGES = 30;

/** What a request may change in the model; anything left out keeps its default. */
export type InfluenceOverrides = Partial<Omit<InfluenceParameters, 'categoryWeights' | 'reliabilityWeights' | 'credibilityWeights'>> & {
  categoryWeights?: Partial<CategoryWeights>;
  reliabilityWeights?: Partial<ReliabilityWeights>;
  credibilityWeights?: Partial<CredibilityWeights>;
};

export interface InfluenceQuery {
  /** Id, name or alias of the place influenced. */
  target: string;
  /** Ids, names or aliases of the powers compared. */
  powers: string[];
  /** First and last year; by default the span of the stored documents' publication years. */
  from?: number;
  to?: number;
  parameters?: InfluenceOverrides;
}

/** The defaults with the request's overrides, validated (bounds as in InfluenceParametersSchema). */
export function resolveParameters(overrides: InfluenceOverrides = {}): InfluenceParameters {
  const merged = {
    ...DEFAULT_INFLUENCE_PARAMETERS,
    ...overrides,
    categoryWeights: { ...DEFAULT_INFLUENCE_PARAMETERS.categoryWeights, ...overrides.categoryWeights },
    reliabilityWeights: { ...DEFAULT_INFLUENCE_PARAMETERS.reliabilityWeights, ...overrides.reliabilityWeights },
    credibilityWeights: { ...DEFAULT_INFLUENCE_PARAMETERS.credibilityWeights, ...overrides.credibilityWeights },
  };
  const parsed = InfluenceParametersSchema.safeParse(merged);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message }));
    throw new InvalidRequestError(fields.map((f) => `${f.field} ${f.message}`).join('; '), { fields });
  }
  return parsed.data;
}

/**
 * The node a term names. An exact alias comes first, because the metonym rule makes capitals aliases of
 * their states ("Moscow" is Russia, "Dushanbe" Tajikistan); then an id; then an exact name.
 */
export async function resolveNodeTerm(store: GraphStore, term: string): Promise<GraphNode | null> {
  const needle = normaliseSearchText(term);
  if (needle.length === 0) return null;
  const hits = await searchNodes(store, term, 100);
  const byAlias = hits.find((n) => n.aliases.some((a) => normaliseSearchText(a) === needle));
  if (byAlias) return byAlias;
  const [byId] = await store.getNodes([term.trim()]);
  if (byId) return byId;
  return hits.find((n) => normaliseSearchText(n.name) === needle) ?? null;
}

async function resolveAll(store: GraphStore, query: InfluenceQuery): Promise<{ target: ResolvedNode; powers: ResolvedNode[] }> {
  const asked = [{ field: 'target', term: query.target }, ...query.powers.map((term) => ({ field: 'powers', term }))];
  const found = await Promise.all(asked.map(async (a) => ({ ...a, node: await resolveNodeTerm(store, a.term) })));
  const unknown = found.filter((f) => f.node === null);
  if (unknown.length > 0) {
    throw new InvalidRequestError(`No node is named ${unknown.map((u) => `"${u.term}" (${u.field})`).join(', ')}.`, {
      fields: unknown.map((u) => ({ field: u.field, message: `no node has the id, name or alias "${u.term}"` })),
    });
  }
  const resolved = found.map((f) => ({ query: f.term, node: f.node as GraphNode }));
  const [target, ...powers] = resolved as [ResolvedNode, ...ResolvedNode[]];
  const seen = new Map<string, string>([[target.node.id, `target "${target.query}"`]]);
  for (const p of powers) {
    const other = seen.get(p.node.id);
    if (other !== undefined) {
      throw new InvalidRequestError(`powers "${p.query}" names ${p.node.id}, as ${other} does.`, { field: 'powers' });
    }
    seen.set(p.node.id, `power "${p.query}"`);
  }
  return { target, powers };
}

async function defaultYears(store: GraphStore): Promise<{ from: number; to: number } | null> {
  const years = (await store.listDocuments()).map((d) => yearOf(d.published)).filter((y): y is number => y !== null);
  return years.length > 0 ? { from: Math.min(...years), to: Math.max(...years) } : null;
}

async function resolveYears(store: GraphStore, query: InfluenceQuery): Promise<{ from: number; to: number }> {
  const span = query.from !== undefined && query.to !== undefined ? null : await defaultYears(store);
  const from = query.from ?? span?.from;
  const to = query.to ?? span?.to;
  if (from === undefined || to === undefined) {
    throw new InvalidRequestError('from and to are required: the store holds no dated document to take them from', { field: 'from' });
  }
  if (from > to) throw new InvalidRequestError(`from (${from}) must not be after to (${to})`, { field: 'from' });
  if (to - from + 1 > MAX_INFLUENCE_YEARS) {
    throw new InvalidRequestError(`from..to spans ${to - from + 1} years; at most ${MAX_INFLUENCE_YEARS} are computed at once`, { field: 'to' });
  }
  return { from, to };
}

/** Stronger first; ties go to the shorter path, then to the earlier node sequence. */
function isStronger(a: PathInYear, b: PathInYear, keys: ReadonlyMap<CandidatePath, string>): boolean {
  if (a.contribution !== b.contribution) return a.contribution > b.contribution;
  if (a.path.hops.length !== b.path.hops.length) return a.path.hops.length < b.path.hops.length;
  return (keys.get(a.path) ?? '') < (keys.get(b.path) ?? '');
}

/** The `k` strongest paths, strongest first, without sorting them all. */
function strongest(held: readonly PathInYear[], k: number, keys: ReadonlyMap<CandidatePath, string>): PathInYear[] {
  const top: PathInYear[] = [];
  for (const p of held) {
    if (top.length === k && !isStronger(p, top[k - 1] as PathInYear, keys)) continue;
    let i = Math.min(top.length, k - 1);
    top[i] = p;
    while (i > 0 && isStronger(p, top[i - 1] as PathInYear, keys)) {
      top[i] = top[i - 1] as PathInYear;
      top[i - 1] = p;
      i -= 1;
    }
  }
  return top;
}

function toWirePath(p: PathInYear): InfluencePath {
  return {
    nodes: p.path.nodes,
    hops: p.hops.map(({ counted: [best, ...others], carry }) => ({
      edge: best?.id ?? '',
      type: best?.type ?? '',
      category: best?.category ?? null,
      carry,
      others: others.map((e) => e.id),
    })),
    contribution: p.contribution,
    channels: [...p.channels].sort(),
  };
}

/** One power's year before the shares are known: its paths, its claims' contributions, its hold. */
interface PowerYear {
  year: number;
  held: PathInYear[];
  claims: Map<string, number>;
  hold: number;
}

/** One power's point in one year, given the compared powers' total hold that year. */
function pointOf(y: PowerYear, total: number, scored: ReadonlyMap<string, ScoredEdge>, params: InfluenceParameters, keys: ReadonlyMap<CandidatePath, string>): InfluencePoint {
  const channels = new Map<Category, Array<[string, number]>>();
  for (const [id, adds] of y.claims) {
    const category = scored.get(id)?.category;
    if (category == null) continue;
    let list = channels.get(category);
    if (!list) channels.set(category, (list = []));
    list.push([id, adds]);
  }
  const share = (hold: number): number => (total > 0 ? hold / total : 0);
  const channelList: InfluenceChannel[] = [...channels]
    .map(([category, list]) => {
      const hold = list.reduce((s, [, adds]) => s + adds, 0);
      return {
        category,
        claims: list.length,
        hold,
        score: share(hold),
        edges: list
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .slice(0, CHANNEL_EDGES)
          .map(([id]) => id),
      };
    })
    .sort((a, b) => b.hold - a.hold || a.category.localeCompare(b.category));
  return {
    year: y.year,
    paths: y.held.length,
    shortest: y.held.reduce<number | null>((min, p) => (min === null || p.path.hops.length < min ? p.path.hops.length : min), null),
    claims: y.claims.size,
    hold: y.hold,
    score: share(y.hold),
    channels: channelList,
    topPaths: strongest(y.held, params.topPaths, keys).map(toWirePath),
  };
}

/** Each claim that counted in some year, with the runs of years in which it added the same amount. */
function claimTimeline(years: readonly PowerYear[], scored: ReadonlyMap<string, ScoredEdge>, edgeById: ReadonlyMap<string, GraphEdge>): InfluenceClaim[] {
  const claims = new Map<string, InfluenceClaim>();
  for (const y of years) {
    for (const [id, adds] of y.claims) {
      const s = scored.get(id);
      const edge = edgeById.get(id);
      if (!s || s.category === null || !edge) continue;
      let claim = claims.get(id);
      if (!claim) claims.set(id, (claim = { edge: id, category: s.category, confidence: s.confidence, grades: gradesOf(edge), spans: [] }));
      const last = claim.spans[claim.spans.length - 1];
      if (last && last.to === y.year - 1 && last.contribution === adds) last.to = y.year;
      else claim.spans.push({ from: y.year, to: y.year, contribution: adds });
    }
  }
  return [...claims.values()].sort((a, b) => (a.edge < b.edge ? -1 : 1));
}

/**
 * Each power's influence over the target for every year from..to, with the model stated, the parameters
 * used, the robustness hint, and the nodes and relationships (with quotes) that the series name.
 */
export async function computeInfluence(store: GraphStore, vocabulary: Vocabulary, query: InfluenceQuery): Promise<InfluenceResult> {
  const started = performance.now();
  const params = resolveParameters(query.parameters);
  const { target, powers } = await resolveAll(store, query);
  const years: Years = await resolveYears(store, query);
  const powerIds = powers.map((p) => p.node.id);

  const noneBlocked = new Set<string>();
  const enumerated = await enumerateInfluencePaths(store, powerIds, target.node.id, params.maxHops, params.maxPaths, (power) =>
    params.throughOtherPowers ? noneBlocked : new Set(powerIds.filter((id) => id !== power)),
  );

  const allPaths = [...enumerated.values()].flatMap((e) => e.paths);
  const edgeList = await store.getEdges([...new Set(allPaths.flatMap((p) => p.hops.flat()))]);
  const nodeList = await store.getNodes([...new Set([target.node.id, ...powerIds, ...allPaths.flatMap((p) => p.nodes)])]);
  const nodeById = new Map(nodeList.map((n) => [n.id, n]));
  const edgeById = new Map(edgeList.map((e) => [e.id, e]));
  const categories = new Map(vocabulary.relationshipTypes.map((t) => [t.type, t.category]));
  const validity = claimValidity(edgeList, nodeById);
  const scored = new Map<string, ScoredEdge>();
  for (const e of edgeList) {
    scored.set(e.id, scoreEdge(e, categoryOf(e.type, categories), validity.get(e.id) ?? { yearFrom: null, yearTo: null }, params));
  }

  const found = powers.map((p) => enumerated.get(p.node.id) ?? { paths: [], truncated: false });
  const perPower: PowerYear[][] = found.map((f) =>
    evaluateYears(f.paths, scored, years, params.decay).map((held, i) => {
      const claims = claimContributions(held);
      return { year: years.from + i, held, claims, hold: holdOf(claims) };
    }),
  );
  const totals = Array.from({ length: years.to - years.from + 1 }, (_, i) => perPower.reduce((sum, ys) => sum + (ys[i]?.hold ?? 0), 0));
  const series: InfluenceSeries[] = powers.map((p, k) => {
    const f = found[k] ?? { paths: [], truncated: false };
    const keys = new Map(f.paths.map((path) => [path, path.nodes.join('\u0000')]));
    const ys = perPower[k] ?? [];
    return {
      power: p.node.id,
      candidatePaths: f.paths.length,
      truncated: f.truncated,
      points: ys.map((y, i) => pointOf(y, totals[i] ?? 0, scored, params, keys)),
      claims: claimTimeline(ys, scored, edgeById),
    };
  });
  const robustness = checkRobustness({
    paths: found.map((f) => f.paths),
    edges: edgeList,
    categories,
    validity,
    years,
    params,
    holds: perPower.map((ys) => ys.map((y) => y.hold)),
  });

  const namedEdges = new Set<string>();
  const namedNodes = new Set<string>([target.node.id, ...powerIds]);
  for (const s of series) {
    for (const c of s.claims) namedEdges.add(c.edge);
    for (const point of s.points) {
      for (const path of point.topPaths) {
        for (const n of path.nodes) namedNodes.add(n);
        for (const h of path.hops) for (const id of [h.edge, ...h.others]) namedEdges.add(id);
      }
    }
  }
  for (const id of namedEdges) {
    const e = edgeById.get(id);
    if (e) namedNodes.add(e.source).add(e.target);
  }
  const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const missing = [...namedNodes].filter((id) => !nodeById.has(id));
  for (const n of missing.length > 0 ? await store.getNodes(missing) : []) nodeById.set(n.id, n);
  return {
    target,
    powers,
    years,
    model: stateModel(params),
    parameters: params,
    series,
    robustness,
    nodes: [...namedNodes].map((id) => nodeById.get(id)).filter((n): n is GraphNode => n !== undefined).sort(byId),
    edges: [...namedEdges].map((id) => edgeById.get(id)).filter((e): e is GraphEdge => e !== undefined).sort(byId),
    elapsedMs: Math.round((performance.now() - started) * 10) / 10,
  };
}
