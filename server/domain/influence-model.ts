/**
 * The influence model: how strongly the graph ties a power to a target in a given year, and through
 * which channels. Pure functions and the wire shapes of GET /api/influence; the use case that feeds them
 * from a store is influence.ts.
 *
 * The model, in the words of the README:
 * - a relationship weighs `categoryWeight[category] × statusFactor[status] × (1 + quantityBonus if it
 *   states a quantity)`, capped at 1; "link" relationships that only say what belongs to what or where it
 *   is (PART_OF, LOCATED_IN, CAPITAL_OF, ...) weigh `linkWeight` and are no channel of their own;
 * - a path (a sequence of nodes, as GET /api/paths lists them) holds in a year when each of its hops has a
 *   relationship that held that year; a hop weighs the sum, over relationship types, of the strongest
 *   relationship of that type that held (so loans and investment both count, the dated figures of one tie
 *   once); the path contributes `Π hop weights × decay^(hops − 1)`;
 * - a power's score in a year is the sum of its paths' contributions: the weighted number of chains of
 *   ties from the power to the target (a direct tie stated as fact, of weight w, adds w);
 * - channel C's score is the part of that sum made of chains with at least one relationship of category C.
 */
import { z } from 'zod';
import { EdgeSchema, NodeSchema, type GraphEdge, type PropertyValue } from './graph-model';
import { CATEGORIES, STATUSES, type Category, type Status } from './seed-schema';
import { holdsIn, type YearInterval } from './validity';

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

export const StatusFactorsSchema = z.object(
  Object.fromEntries(['confirmed', ...STATUSES].map((s) => [s, weight()])) as Record<'confirmed' | Status, ReturnType<typeof weight>>,
);
export type StatusFactors = z.infer<typeof StatusFactorsSchema>;

export const InfluenceParametersSchema = z
  .object({
    maxHops: z.number().int().min(1).max(4).describe('Longest path counted, in hops.'),
    decay: z.number().gt(0).max(1).describe('Factor applied per hop beyond the first.'),
    categoryWeights: CategoryWeightsSchema.describe('Weight of a relationship by the category of its type.'),
    statusFactors: StatusFactorsSchema.describe('Factor by the claim\'s status; "confirmed" is a claim stated as fact (no status).'),
    quantityBonus: z.number().min(0).max(1).describe('A relationship stating a quantity weighs this much more (relative), capped at 1.'),
    linkWeight: weight().describe(`Weight of the link types ${LINK_TYPES.join(', ')}.`),
    throughOtherPowers: z.boolean().describe('Whether a path may pass through another requested power (false: that influence is the other power\'s).'),
    topPaths: z.number().int().min(1).max(10).describe('Strongest paths shown per power and year.'),
    maxPaths: z.number().int().min(1).max(100_000).describe('Paths enumerated at most per power; past it the result says truncated.'),
  })
  .meta({ id: 'InfluenceParameters' });
export type InfluenceParameters = z.infer<typeof InfluenceParametersSchema>;

/** The defaults, chosen so that a direct military or economic tie stated as fact weighs 0.8 and a measured one 1. */
export const DEFAULT_INFLUENCE_PARAMETERS: InfluenceParameters = {
  maxHops: 3,
  decay: 0.5,
  categoryWeights: { military: 0.8, economic: 0.8, political: 0.6, diplomatic: 0.6, social: 0.4, cultural: 0.4, environmental: 0.4 },
  statusFactors: { confirmed: 1, reported: 0.8, alleged: 0.5, disputed: 0.5, planned: 0.3, retracted: 0 },
  quantityBonus: 0.25,
  linkWeight: 1,
  throughOtherPowers: false,
  topPaths: 3,
  maxPaths: 20_000,
};

/** A relationship as the model sees it: its type, category (null for a link), weight and validity. */
export interface ScoredEdge {
  id: string;
  type: string;
  category: Category | null;
  weight: number;
  validity: YearInterval;
}

function statusOf(value: PropertyValue | undefined): 'confirmed' | Status {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value) ? (value as Status) : 'confirmed';
}

/** The category a relationship counts in: null for a link type, or a type outside the vocabulary. */
export function categoryOf(type: string, categories: ReadonlyMap<string, Category>): Category | null {
  if ((LINK_TYPES as readonly string[]).includes(type)) return null;
  return categories.get(type) ?? null;
}

/** The weight of one relationship under `params` (see the module header); `category` null is a link. */
export function weighEdge(edge: GraphEdge, category: Category | null, params: InfluenceParameters): number {
  const base = category === null ? params.linkWeight : params.categoryWeights[category];
  const hasQuantity = QUANTITY_KEYS.some((k) => typeof edge.properties[k] === 'number');
  return Math.min(1, base * params.statusFactors[statusOf(edge.properties.status)] * (hasQuantity ? 1 + params.quantityBonus : 1));
}

/** A candidate path: nodes in walk order, and for each hop every relationship joining its two nodes. */
export interface CandidatePath {
  nodes: string[];
  hops: string[][];
}

/** One hop in one year: the relationships it counts (one per type, strongest first) and their summed weight. */
export interface HopInYear {
  counted: ScoredEdge[];
  weight: number;
}

/** The path as it stands in one year. */
export interface PathInYear {
  path: CandidatePath;
  hops: HopInYear[];
  contribution: number;
  /** Per channel, the part of the contribution made of chains with at least one relationship of that category. */
  channels: Map<Category, number>;
  /** Every relationship with a category that held on the path that year (the channels' evidence). */
  held: ScoredEdge[];
}

const stronger = (a: ScoredEdge, b: ScoredEdge): boolean => a.weight > b.weight || (a.weight === b.weight && a.id < b.id);

/**
 * The path in `year`, or null when some hop had no relationship that held then. A path holds in a year
 * exactly when every hop does, which is why one search without a year can be bucketed into years.
 *
 * A hop counts, for each relationship type, the strongest relationship of that type that held (the dated
 * figures of one tie count once), and weighs the sum of those. The path's contribution,
 * `Π hop weights × decay^(hops − 1)`, is then the sum over its chains of ties (one relationship per hop)
 * of each chain's `Π weights × decay^(hops − 1)`. Channel C takes the chains with a relationship of
 * category C: all chains minus those without one, `Π S_h − Π (S_h − S_h^C)`, times the decay.
 */
export function evaluatePath(path: CandidatePath, edges: ReadonlyMap<string, ScoredEdge>, year: number, decay: number): PathInYear | null {
  const hops: HopInYear[] = [];
  const categories = new Set<Category>();
  const held: ScoredEdge[] = [];
  for (const hop of path.hops) {
    const byType = new Map<string, ScoredEdge>();
    for (const id of hop) {
      const e = edges.get(id);
      if (e === undefined || !holdsIn(e.validity, year)) continue;
      const current = byType.get(e.type);
      if (current === undefined || stronger(e, current)) byType.set(e.type, e);
      if (e.category !== null) {
        categories.add(e.category);
        held.push(e);
      }
    }
    if (byType.size === 0) return null;
    const counted = [...byType.values()].sort((a, b) => (stronger(a, b) ? -1 : 1));
    hops.push({ counted, weight: counted.reduce((sum, e) => sum + e.weight, 0) });
  }
  const distance = decay ** (hops.length - 1);
  const contribution = hops.reduce((p, h) => p * h.weight, 1) * distance;
  const channels = new Map<Category, number>();
  for (const category of categories) {
    const without = hops.reduce((p, h) => p * h.counted.reduce((sum, e) => (e.category === category ? sum : sum + e.weight), 0), 1);
    channels.set(category, contribution - without * distance);
  }
  return { path, hops, contribution, channels, held };
}

/** A power's score: the sum of its paths' contributions (see the README for why a sum). */
export function sumContributions(contributions: Iterable<number>): number {
  let sum = 0;
  for (const c of contributions) sum += c;
  return sum;
}

export const ResolvedNodeSchema = z
  .object({ query: z.string().describe('The name, alias or id asked for.'), node: NodeSchema })
  .meta({ id: 'ResolvedNode' });
export type ResolvedNode = z.infer<typeof ResolvedNodeSchema>;

export const InfluenceHopSchema = z.object({
  edge: z.string().describe('Id of the strongest relationship of the hop that year (in `edges`, with its quotes).'),
  type: z.string(),
  category: z.enum(CATEGORIES).nullable().describe('Null for a link type.'),
  weight: z.number().describe('Summed weight of the relationships the hop counts (one per type).'),
  others: z.array(z.string()).describe('The other relationships the hop counts that year (one per type), strongest first.'),
});
export type InfluenceHop = z.infer<typeof InfluenceHopSchema>;

export const InfluencePathSchema = z.object({
  nodes: z.array(z.string()).describe('Node ids in walk order, from the power to the target.'),
  hops: z.array(InfluenceHopSchema).describe('hops[i] joins nodes[i] and nodes[i + 1] (in either direction).'),
  contribution: z.number(),
  channels: z.array(z.enum(CATEGORIES)),
});
export type InfluencePath = z.infer<typeof InfluencePathSchema>;

export const InfluenceChannelSchema = z.object({
  category: z.enum(CATEGORIES),
  paths: z.number().int(),
  score: z.number(),
  edges: z.array(z.string()).describe('Relationships of this category on the channel\'s paths, strongest first (at most 30).'),
});
export type InfluenceChannel = z.infer<typeof InfluenceChannelSchema>;

export const InfluencePointSchema = z.object({
  year: z.number().int(),
  paths: z.number().int().describe('Paths to the target that held this year.'),
  shortest: z.number().int().nullable().describe('Hops of the shortest of them; null when there is none.'),
  score: z.number(),
  channels: z.array(InfluenceChannelSchema).describe('Strongest first.'),
  topPaths: z.array(InfluencePathSchema).describe('Strongest first.'),
});
export type InfluencePoint = z.infer<typeof InfluencePointSchema>;

export const InfluenceSeriesSchema = z.object({
  power: z.string().describe('Node id of the power.'),
  candidatePaths: z.number().int().describe('Paths of any year found before bucketing.'),
  truncated: z.boolean().describe('True when maxPaths stopped the enumeration: scores are then lower bounds.'),
  points: z.array(InfluencePointSchema),
});
export type InfluenceSeries = z.infer<typeof InfluenceSeriesSchema>;

export const InfluenceResultSchema = z
  .object({
    target: ResolvedNodeSchema,
    powers: z.array(ResolvedNodeSchema),
    years: z.object({ from: z.number().int(), to: z.number().int() }),
    parameters: InfluenceParametersSchema,
    series: z.array(InfluenceSeriesSchema),
    nodes: z.array(NodeSchema).describe('Every node named in the series.'),
    edges: z.array(EdgeSchema).describe('Every relationship named in the series, with its sources (quotes).'),
    elapsedMs: z.number(),
  })
  .meta({ id: 'InfluenceResult' });
export type InfluenceResult = z.infer<typeof InfluenceResultSchema>;
