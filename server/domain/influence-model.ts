/**
 * Influence model 2: how much of what the compared powers hold over a target, year by year, each power
 * holds, and through which channels. Pure functions and the wire shapes of GET /api/influence; the use
 * case that feeds them from a store is influence.ts, the yearly scoring influence-scoring.ts.
 *
 * The model, in the words of the README:
 * - a claim is one relationship; its confidence combines its sources' Admiralty grades with diminishing
 *   returns, `1 − Π (1 − reliabilityWeight × credibilityWeight)` over the documents stating it
 *   (source-grades.ts); a retracted claim has confidence 0 and does not hold;
 * - a claim of a channel type weighs `categoryWeight × confidence × (1 + quantityBonus if it states a
 *   quantity) × (plannedFactor if it is only planned)`; a "link" (PART_OF, CAPITAL_OF, LOCATED_IN, ...)
 *   carries a chain along with `linkWeight × confidence` and is no channel of its own;
 * - a claim counts for a power in a year when it lies on a path of at most maxHops hops from the power to
 *   the target whose every hop held that year (of a hop's claims of one type, the strongest: the dated
 *   figures of one tie count once); it counts `weight × decay^(hops − 1) × Π carry of the path's other
 *   hops`, on its best path: once, however many paths or sources it has. A CAPITAL_OF / SEAT_OF hop
 *   (a capital standing for its state, metonyms.ts) is no hop: it neither decays nor weakens the chain;
 * - a power's hold is the sum of its claims; its score is its share of the compared powers' holds that
 *   year (shares sum to 1, or are all 0 when no power holds anything), so a better-documented year is
 *   not a stronger year; a channel's score is the part of that share its claims make.
 */
import { z } from 'zod';
import { EdgeSchema, NodeSchema, type GraphEdge, type PropertyValue } from './graph-model';
import { CATEGORIES, type Category } from './seed-schema';
import { claimConfidence, CREDIBILITY_GRADES, isRetracted, RELIABILITY_GRADES, type CredibilityGrade, type ReliabilityGrade } from './source-grades';
import { isMetonymLink } from './metonyms';
import type { YearInterval } from './validity';

/**
 * Relationship types that carry influence along without being a channel themselves: what belongs to
 * what (a unit to its state, an official to the state he leads) and where things are.
 */
export const LINK_TYPES = ['PART_OF', 'CAPITAL_OF', 'SEAT_OF', 'LOCATED_IN', 'TOOK_PLACE_IN', 'LEADS', 'WORKS_FOR'] as const;

/** Edge properties that state a quantity (see graph-seed/vocabulary.json); any of them earns the quantity bonus. */
export const QUANTITY_KEYS = ['troops', 'troopsMin', 'troopsMax', 'amountUsd', 'percentOfGdp', 'people', 'quantity'] as const;

/** A new schema per use: a schema object used twice would become a shared definition without a name in the OpenAPI document. */
const weight = () => z.number().min(0, 'must be at least 0').max(1, 'must be at most 1');

export const CategoryWeightsSchema = z.object(
  Object.fromEntries(CATEGORIES.map((c) => [c, weight()])) as Record<Category, ReturnType<typeof weight>>,
);
export type CategoryWeights = z.infer<typeof CategoryWeightsSchema>;

export const ReliabilityWeightsSchema = z.object(
  Object.fromEntries(RELIABILITY_GRADES.map((g) => [g, weight()])) as Record<ReliabilityGrade, ReturnType<typeof weight>>,
);
export type ReliabilityWeights = z.infer<typeof ReliabilityWeightsSchema>;

export const CredibilityWeightsSchema = z.object(
  Object.fromEntries(CREDIBILITY_GRADES.map((g) => [g, weight()])) as Record<CredibilityGrade, ReturnType<typeof weight>>,
);
export type CredibilityWeights = z.infer<typeof CredibilityWeightsSchema>;

export const InfluenceParametersSchema = z
  .object({
    maxHops: z.number().int().min(1).max(4).describe('Longest path counted, in hops.'),
    decay: z.number().gt(0).max(1).describe('Factor applied per hop beyond the first.'),
    categoryWeights: CategoryWeightsSchema.describe('Weight of a claim by the category of its type.'),
    reliabilityWeights: ReliabilityWeightsSchema.describe('Weight of a source by its publisher\'s reliability grade, A (completely reliable) to F (cannot be judged).'),
    credibilityWeights: CredibilityWeightsSchema.describe('Weight of a source by the credibility grade of its information, 1 (confirmed) to 6 (cannot be judged).'),
    plannedFactor: weight().describe('Factor of a claim that is only planned, announced or feared (status "planned").'),
    quantityBonus: z.number().min(0).max(1).describe('A claim stating a quantity weighs this much more (relative).'),
    linkWeight: weight().describe(`Carry of the link types ${LINK_TYPES.join(', ')}, times their confidence.`),
    throughOtherPowers: z.boolean().describe('Whether a path may pass through another requested power (false: that influence is the other power\'s).'),
    topPaths: z.number().int().min(1).max(10).describe('Strongest paths shown per power and year.'),
    maxPaths: z.number().int().min(1).max(100_000).describe('Paths enumerated at most per power; past it the result says truncated.'),
  })
  .meta({ id: 'InfluenceParameters' });
export type InfluenceParameters = z.infer<typeof InfluenceParametersSchema>;

/**
 * The defaults. Grade weights step by 0.2 from A/1 (1) to E/5 (0.2), with "cannot be judged" (F, 6) in
 * the middle at 0.5, so a source of a usually reliable newsroom stating a probable fact (B2) counts 0.64
 * and two such articles 0.87. A direct military or economic claim weighs 0.8 of its confidence.
 */
export const DEFAULT_INFLUENCE_PARAMETERS: InfluenceParameters = {
  maxHops: 3,
  decay: 0.5,
  categoryWeights: { military: 0.8, economic: 0.8, political: 0.6, diplomatic: 0.6, social: 0.4, cultural: 0.4, environmental: 0.4 },
  reliabilityWeights: { A: 1, B: 0.8, C: 0.6, D: 0.4, E: 0.2, F: 0.5 },
  credibilityWeights: { '1': 1, '2': 0.8, '3': 0.6, '4': 0.4, '5': 0.2, '6': 0.5 },
  plannedFactor: 0.3,
  quantityBonus: 0.25,
  linkWeight: 1,
  throughOtherPowers: false,
  topPaths: 3,
  maxPaths: 20_000,
};

/** A relationship as the model sees it. */
export interface ScoredEdge {
  id: string;
  type: string;
  /** Null for a link type (no channel of its own). */
  category: Category | null;
  /** Confidence from the sources' grades, 0..1 (0 when retracted). */
  confidence: number;
  /** What the claim adds as a channel (0 for a link). */
  weight: number;
  /** How well it carries a chain of which it is one hop. */
  carry: number;
  /** A retracted claim never holds. */
  retracted: boolean;
  validity: YearInterval;
}

/** The category a relationship counts in: null for a link type, or a type outside the vocabulary. */
export function categoryOf(type: string, categories: ReadonlyMap<string, Category>): Category | null {
  if ((LINK_TYPES as readonly string[]).includes(type)) return null;
  return categories.get(type) ?? null;
}

const isPlanned = (status: PropertyValue | undefined): boolean => status === 'planned';

/** One relationship under `params` (see the module header); `category` null is a link. */
export function scoreEdge(edge: GraphEdge, category: Category | null, validity: YearInterval, params: InfluenceParameters): ScoredEdge {
  const confidence = claimConfidence(edge, params);
  const stage = isPlanned(edge.properties.status) ? params.plannedFactor : 1;
  const hasQuantity = QUANTITY_KEYS.some((k) => typeof edge.properties[k] === 'number');
  const weight = category === null ? 0 : params.categoryWeights[category] * confidence * stage * (hasQuantity ? 1 + params.quantityBonus : 1);
  const carry = (category === null ? params.linkWeight : 1) * confidence * stage;
  return { id: edge.id, type: edge.type, category, confidence, weight, carry, retracted: isRetracted(edge), validity };
}

/** A candidate path: nodes in walk order, and for each hop every relationship joining its two nodes. */
export interface CandidatePath {
  nodes: string[];
  hops: string[][];
}

/** One hop in one year: the relationships it counts (one per type, strongest first) and its carry (the best of theirs). */
export interface HopInYear {
  counted: ScoredEdge[];
  carry: number;
}

/** The path as it stands in one year. */
export interface PathInYear {
  path: CandidatePath;
  hops: HopInYear[];
  /** What each claim of a channel type on the path adds through this path (see claimsOnPath). */
  claims: Map<string, number>;
  /** The sum of `claims`: what the path would add if it were the only one (ranks the paths shown). */
  contribution: number;
  /** The categories of the claims on the path. */
  channels: Set<Category>;
}

const stronger = (a: ScoredEdge, b: ScoredEdge): boolean =>
  a.weight > b.weight || (a.weight === b.weight && (a.carry > b.carry || (a.carry === b.carry && a.id < b.id)));

/** True when the interval includes `year`. */
const holds = (v: YearInterval, year: number): boolean => (v.yearFrom === null || v.yearFrom <= year) && (v.yearTo === null || v.yearTo >= year);

/**
 * The path in `year`, or null when some hop had no claim that held then (a retracted claim never holds).
 * A path holds in a year exactly when every hop does, which is why one search without a year can be
 * bucketed into years.
 *
 * A hop counts, for each relationship type, the strongest claim of that type that held (the dated figures
 * of one tie count once). A counted claim of a channel type adds `weight × decay^(hops − 1) × Π carry of
 * the other hops`: a chain is only as good as the links that carry it to the target.
 */
export function evaluatePath(path: CandidatePath, edges: ReadonlyMap<string, ScoredEdge>, year: number, decay: number): PathInYear | null {
  const hops: HopInYear[] = [];
  for (const hop of path.hops) {
    const byType = new Map<string, ScoredEdge>();
    for (const id of hop) {
      const e = edges.get(id);
      if (e === undefined || e.retracted || !holds(e.validity, year)) continue;
      const current = byType.get(e.type);
      if (current === undefined || stronger(e, current)) byType.set(e.type, e);
    }
    if (byType.size === 0) return null;
    const counted = [...byType.values()].sort((a, b) => (stronger(a, b) ? -1 : 1));
    hops.push({ counted, carry: Math.max(...counted.map((e) => (isMetonymLink(e.type) ? e.confidence : e.carry))) });
  }
  // A capital standing for its state (metonyms.ts) names an actor, it is no step away from it: such a
  // hop neither decays nor weakens the chain.
  const naming = hops.map((h) => h.counted.every((e) => isMetonymLink(e.type)));
  const distance = decay ** Math.max(0, naming.filter((n) => !n).length - 1);
  const claims = new Map<string, number>();
  const channels = new Set<Category>();
  let contribution = 0;
  hops.forEach((hop, i) => {
    const others = hops.reduce((p, h, j) => (j === i ? p : p * h.carry), distance);
    for (const e of hop.counted) {
      if (e.category === null) continue;
      const adds = e.weight * others;
      claims.set(e.id, Math.max(adds, claims.get(e.id) ?? 0));
      channels.add(e.category);
      contribution += adds;
    }
  });
  return { path, hops, claims, contribution, channels };
}

export const ResolvedNodeSchema = z
  .object({ query: z.string().describe('The name, alias or id asked for.'), node: NodeSchema })
  .meta({ id: 'ResolvedNode' });
export type ResolvedNode = z.infer<typeof ResolvedNodeSchema>;

export const InfluenceHopSchema = z.object({
  edge: z.string().describe('Id of the strongest relationship of the hop that year (in `edges`, with its quotes).'),
  type: z.string(),
  category: z.enum(CATEGORIES).nullable().describe('Null for a link type.'),
  carry: z.number().describe('How well the hop carries the chain: the best carry of the relationships it counts.'),
  others: z.array(z.string()).describe('The other relationships the hop counts that year (one per type), strongest first.'),
});
export type InfluenceHop = z.infer<typeof InfluenceHopSchema>;

export const InfluencePathSchema = z.object({
  nodes: z.array(z.string()).describe('Node ids in walk order, from the power to the target.'),
  hops: z.array(InfluenceHopSchema).describe('hops[i] joins nodes[i] and nodes[i + 1] (in either direction).'),
  contribution: z.number().describe('What the path\'s claims add through it (ranks the paths; a claim on several paths counts once, on its best).'),
  channels: z.array(z.enum(CATEGORIES)),
});
export type InfluencePath = z.infer<typeof InfluencePathSchema>;

export const InfluenceChannelSchema = z.object({
  category: z.enum(CATEGORIES),
  claims: z.number().int().describe('Claims of this category that counted.'),
  hold: z.number().describe('Their summed contributions.'),
  score: z.number().describe('The part of the power\'s share they make (hold / the compared powers\' total hold).'),
  edges: z.array(z.string()).describe('The claims of this category, strongest contribution first (at most 30).'),
});
export type InfluenceChannel = z.infer<typeof InfluenceChannelSchema>;

export const InfluencePointSchema = z.object({
  year: z.number().int(),
  paths: z.number().int().describe('Paths to the target that held this year.'),
  shortest: z.number().int().nullable().describe('Hops of the shortest of them; null when there is none.'),
  claims: z.number().int().describe('Distinct claims that counted.'),
  hold: z.number().describe('Sum of the claims\' contributions.'),
  score: z.number().describe('Share of the compared powers\' total hold this year, 0..1 (all 0 when none holds anything).'),
  channels: z.array(InfluenceChannelSchema).describe('Strongest first.'),
  topPaths: z.array(InfluencePathSchema).describe('Strongest first.'),
});
export type InfluencePoint = z.infer<typeof InfluencePointSchema>;

export const ClaimSpanSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  contribution: z.number().describe('What the claim added to the power\'s hold in each year of the span.'),
});
export type ClaimSpan = z.infer<typeof ClaimSpanSchema>;

export const InfluenceClaimSchema = z.object({
  edge: z.string().describe('Id of the relationship (in `edges`, with its quotes and sourceGrades).'),
  category: z.enum(CATEGORIES),
  confidence: z.number().describe('From its sources\' grades, 0..1.'),
  grades: z.array(z.string()).describe('The Admiralty grade of each source, in the order of the edge\'s sources.'),
  spans: z.array(ClaimSpanSchema).describe('The years in which it counted, in runs of equal contribution.'),
});
export type InfluenceClaim = z.infer<typeof InfluenceClaimSchema>;

export const InfluenceSeriesSchema = z.object({
  power: z.string().describe('Node id of the power.'),
  candidatePaths: z.number().int().describe('Paths of any year found before bucketing.'),
  truncated: z.boolean().describe('True when maxPaths stopped the enumeration: holds are then lower bounds.'),
  points: z.array(InfluencePointSchema),
  claims: z.array(InfluenceClaimSchema).describe('Every claim that counted for the power in some year, with when and how much: the "why did this move" of any two years.'),
});
export type InfluenceSeries = z.infer<typeof InfluenceSeriesSchema>;

export const RobustnessVariantSchema = z.object({
  parameter: z.string().describe('Dotted name, e.g. "decay" or "categoryWeights.military".'),
  factor: z.number().describe('0.5 (halved) or 2 (doubled).'),
  value: z.number().describe('The value tried (a doubled weight is capped at its bound, 1).'),
  changedYears: z.array(z.number().int()).describe('Years whose ranking of the powers differs from the answer\'s.'),
});
export type RobustnessVariant = z.infer<typeof RobustnessVariantSchema>;

export const RobustnessSchema = z
  .object({
    checked: z.boolean().describe('False when the check was skipped (see note).'),
    note: z.string(),
    variants: z.array(RobustnessVariantSchema).describe('Each numeric parameter halved and doubled in turn, the others kept.'),
    stableYears: z.array(z.number().int()).describe('Years whose ranking survives every variant.'),
  })
  .meta({ id: 'InfluenceRobustness' });
export type Robustness = z.infer<typeof RobustnessSchema>;

export const InfluenceModelStatementSchema = z
  .object({
    version: z.literal(2),
    summary: z.array(z.string()).describe('The model in a few lines, with the parameters in force.'),
  })
  .meta({ id: 'InfluenceModelStatement' });
export type InfluenceModelStatement = z.infer<typeof InfluenceModelStatementSchema>;

export const InfluenceResultSchema = z
  .object({
    target: ResolvedNodeSchema,
    powers: z.array(ResolvedNodeSchema),
    years: z.object({ from: z.number().int(), to: z.number().int() }),
    model: InfluenceModelStatementSchema,
    parameters: InfluenceParametersSchema,
    series: z.array(InfluenceSeriesSchema),
    robustness: RobustnessSchema,
    nodes: z.array(NodeSchema).describe('Every node named in the series.'),
    edges: z.array(EdgeSchema).describe('Every relationship named in the series, with its sources (quotes).'),
    elapsedMs: z.number(),
  })
  .meta({ id: 'InfluenceResult' });
export type InfluenceResult = z.infer<typeof InfluenceResultSchema>;
