/**
 * Zod schemas of the API's request parameters: one per route, shared by the routes (parsing) and the
 * OpenAPI document (description). Query strings arrive as strings; these coerce and bound them.
 */
import { z } from 'zod';
import { DIRECTIONS } from '../domain/graph-model';
import type { InfluenceOverrides, InfluenceQuery } from '../domain/influence';
import { CATEGORIES, UPPER_SNAKE, type Category } from '../domain/seed-schema';
import { CREDIBILITY_GRADES, RELIABILITY_GRADES } from '../domain/source-grades';
import { InvalidRequestError } from '../domain/errors';
import { MAX_EVIDENCE_HORIZON_YEARS, MIN_EVIDENCE_HORIZON_YEARS } from '../domain/validity';
import { EXPORT_FORMATS, EXPORT_MAX_EDGE_IDS, EXPORT_MAX_IDS, type ExportSelectionInput } from '../domain/export-request';

const intParam = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);

const typesParam = z
  .string()
  .max(2000, 'is longer than 2000 characters')
  .transform((s) => s.split(',').map((t) => t.trim()).filter((t) => t.length > 0))
  .refine((ts) => ts.every((t) => UPPER_SNAKE.test(t)), 'must be a comma-separated list of UPPER_SNAKE relationship types')
  .optional();

const categoriesParam = z
  .string()
  .max(500, 'is longer than 500 characters')
  .transform((s) => s.split(',').map((t) => t.trim()).filter((t) => t.length > 0))
  .refine((cs) => cs.every((c) => (CATEGORIES as readonly string[]).includes(c)), `must be a comma-separated list of ${CATEGORIES.join(', ')}`)
  .optional();

const yearParam = z.coerce
  .number({ error: 'must be a year' })
  .int('must be a whole year')
  .min(1000, 'must be a year between 1000 and 2999')
  .max(2999, 'must be a year between 1000 and 2999')
  .optional();

const horizonParam = z.coerce
  .number({ error: 'must be a number of years' })
  .int('must be a whole number of years')
  .min(MIN_EVIDENCE_HORIZON_YEARS, `must be between ${MIN_EVIDENCE_HORIZON_YEARS} and ${MAX_EVIDENCE_HORIZON_YEARS} years`)
  .max(MAX_EVIDENCE_HORIZON_YEARS, `must be between ${MIN_EVIDENCE_HORIZON_YEARS} and ${MAX_EVIDENCE_HORIZON_YEARS} years`)
  .optional()
  .describe('With year: years a claim holds past its latest evidence unless it ends or is reconfirmed (default EVIDENCE_HORIZON_YEARS, 8).');

export const NodeIdParamsSchema = z.object({
  id: z.string().min(1, 'must not be empty').max(200, 'is longer than 200 characters'),
});

export const SearchQuerySchema = z.object({
  q: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(200, 'is longer than 200 characters'),
  limit: intParam(1, 100, 20),
});

export const OverviewQuerySchema = z.object({
  hubs: intParam(1, 200, 40),
});

export const NeighborhoodQuerySchema = z.object({
  depth: intParam(1, 3, 1),
  types: typesParam,
  categories: categoriesParam,
  year: yearParam,
  horizon: horizonParam,
  direction: z.enum(DIRECTIONS, { error: `must be one of ${DIRECTIONS.join(', ')}` }).default('any'),
  limit: intParam(1, 2000, 200),
});

export const PathsQuerySchema = z.object({
  from: z.string({ error: 'is required' }).min(1, 'must not be empty').max(200, 'is longer than 200 characters'),
  to: z.string({ error: 'is required' }).min(1, 'must not be empty').max(200, 'is longer than 200 characters'),
  maxHops: intParam(1, 8, 4),
  types: typesParam,
  categories: categoriesParam,
  year: yearParam,
  horizon: horizonParam,
  metonyms: z
    .enum(['on', 'off'], { error: 'must be on or off' })
    .default('on')
    .describe('on: a capital stands for its state (CAPITAL_OF / SEAT_OF are no hops); off: trace the city itself.'),
  direction: z.enum(DIRECTIONS, { error: `must be one of ${DIRECTIONS.join(', ')}` }).default('any'),
  limit: intParam(1, 50, 10),
});

const optionalInt = z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').optional();
const nodeIdParam = z.string().min(1, 'must not be empty').max(200, 'is longer than 200 characters').optional();

/**
 * GET /api/export: a format and at most one selection, named by which parameters are present: `ids`
 * (those nodes; with `edgeIds`, only those of their relationships), `focus` (a neighbourhood, the parameters of GET /api/nodes/:id/neighborhood), `from` and
 * `to` (paths, the parameters of GET /api/paths), or none (the whole graph). Bounds are checked on the
 * selection this becomes (ExportRequestSchema), so GET and POST accept the same values.
 */
export const ExportQuerySchema = z.strictObject({
  format: z.enum(EXPORT_FORMATS, { error: `must be one of ${EXPORT_FORMATS.join(', ')}` }).default('json'),
  ids: z
    .string()
    .max(EXPORT_MAX_IDS * 201, 'is too long')
    .transform((s) => s.split(',').map((t) => t.trim()).filter((t) => t.length > 0))
    .refine((ids) => ids.length > 0, 'must name at least one node id')
    .optional(),
  // With ids: exactly these relationships (empty: none), rather than every one among the nodes.
  edgeIds: z
    .string()
    .max(EXPORT_MAX_EDGE_IDS * 401, 'is too long')
    .transform((s) => s.split(',').map((t) => t.trim()).filter((t) => t.length > 0))
    .optional(),
  focus: nodeIdParam,
  depth: optionalInt,
  from: nodeIdParam,
  to: nodeIdParam,
  maxHops: optionalInt,
  types: typesParam,
  categories: categoriesParam,
  year: yearParam,
  direction: z.enum(DIRECTIONS, { error: `must be one of ${DIRECTIONS.join(', ')}` }).optional(),
  limit: optionalInt,
});

const numberParam = (min: number, max: number) =>
  z.coerce.number({ error: 'must be a number' }).min(min, `must be at least ${min}`).max(max, `must be at most ${max}`).optional();

/** "key:value,key:value" with keys from `keys` and values in 0..1, e.g. "military:0.9,economic:0.7". */
const weightsParam = (keys: readonly string[]) =>
  z
    .string()
    .max(500, 'is longer than 500 characters')
    .transform((s, ctx) => {
      const out: Record<string, number> = {};
      for (const part of s.split(',').map((p) => p.trim()).filter((p) => p.length > 0)) {
        const [key = '', value = '', ...rest] = part.split(':').map((x) => x.trim());
        const n = Number(value);
        if (!keys.includes(key) || rest.length > 0 || value === '' || !Number.isFinite(n) || n < 0 || n > 1) {
          ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of key:weight with keys from ${keys.join(', ')} and weights in 0..1 (got "${part}")` });
          return z.NEVER;
        }
        out[key] = n;
      }
      return out;
    })
    .optional();

export const InfluenceQuerySchema = z.object({
  target: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(200, 'is longer than 200 characters'),
  powers: z
    .string({ error: 'is required' })
    .max(2000, 'is longer than 2000 characters')
    .transform((s) => s.split(',').map((t) => t.trim()).filter((t) => t.length > 0))
    .refine((ps) => ps.length >= 1 && ps.length <= 8, 'must name 1 to 8 powers, comma-separated')
    .refine((ps) => ps.every((p) => p.length <= 200), 'must not hold a name longer than 200 characters'),
  from: yearParam,
  to: yearParam,
  maxHops: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(4, 'must be at most 4').optional(),
  decay: numberParam(0.01, 1),
  weights: weightsParam(CATEGORIES),
  reliabilityWeights: weightsParam(RELIABILITY_GRADES),
  credibilityWeights: weightsParam(CREDIBILITY_GRADES),
  plannedFactor: numberParam(0, 1),
  quantityBonus: numberParam(0, 1),
  linkWeight: numberParam(0, 1),
  throughOtherPowers: z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true').optional(),
  topPaths: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(10, 'must be at most 10').optional(),
  maxPaths: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(100_000, 'must be at most 100000').optional(),
});
export type InfluenceQueryParams = z.infer<typeof InfluenceQuerySchema>;

/** The use case's query from the parsed query string (weights and factors become partial overrides). */
export function toInfluenceQuery(q: InfluenceQueryParams): InfluenceQuery {
  const { target, powers, from, to, weights, reliabilityWeights, credibilityWeights, ...rest } = q;
  const parameters: InfluenceOverrides = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  if (weights) parameters.categoryWeights = weights;
  if (reliabilityWeights) parameters.reliabilityWeights = reliabilityWeights;
  if (credibilityWeights) parameters.credibilityWeights = credibilityWeights;
  return { target, powers, from, to, parameters };
}

export type ExportQuery = z.infer<typeof ExportQuerySchema>;

// The query parser has checked each against CATEGORIES already; ExportRequestSchema checks them again.
const asCategories = (cs: string[] | undefined): Category[] | undefined => cs as Category[] | undefined;

const SELECTION_PARAMS: Record<'neighborhood' | 'paths', readonly (keyof ExportQuery)[]> = {
  neighborhood: ['focus', 'depth', 'direction', 'types', 'categories', 'year', 'limit'],
  paths: ['from', 'to', 'maxHops', 'types', 'categories', 'year', 'direction', 'limit'],
};

/**
 * The selection a GET /api/export query names, as the POST body would carry it (bounds not yet checked).
 * @throws InvalidRequestError when the query mixes selections or gives a parameter its selection does not take.
 */
export function exportSelectionFromQuery(q: ExportQuery, name: (param: string) => string = (p) => p): ExportSelectionInput {
  const given = (Object.keys(q) as (keyof ExportQuery)[]).filter((k) => k !== 'format' && q[k] !== undefined);
  const [ids, focus, from, to] = [name('ids'), name('focus'), name('from'), name('to')];
  const kinds = [q.ids && ids, q.focus && focus, (q.from ?? q.to) && `${from}/${to}`].filter((k): k is string => Boolean(k));
  if (kinds.length > 1) {
    throw new InvalidRequestError(`Choose one selection: ${kinds.join(' or ')} (an export takes ${ids}, ${focus} or ${from}/${to}, not several)`, { field: 'query' });
  }
  const refuse = (allowed: readonly string[], what: string): void => {
    const extra = given.filter((k) => !allowed.includes(k));
    if (extra.length > 0) {
      throw new InvalidRequestError(`${extra.map(name).join(', ')} ${extra.length === 1 ? 'does' : 'do'} not apply to ${what}`, { field: extra[0] });
    }
  };
  if (q.ids) {
    refuse(['ids', 'edgeIds'], `an export of ${ids}`);
    return q.edgeIds === undefined ? { kind: 'nodes', ids: q.ids } : { kind: 'nodes', ids: q.ids, edgeIds: q.edgeIds };
  }
  if (q.focus) {
    refuse(SELECTION_PARAMS.neighborhood, `a neighbourhood export (${focus})`);
    return { kind: 'neighborhood', focus: q.focus, depth: q.depth, direction: q.direction, types: q.types, categories: asCategories(q.categories), year: q.year, limit: q.limit };
  }
  if (q.from !== undefined || q.to !== undefined) {
    refuse(SELECTION_PARAMS.paths, `a paths export (${from}/${to})`);
    if (!q.from || !q.to) throw new InvalidRequestError(`${q.from ? to : from} is required with ${q.from ? from : to}`, { field: q.from ? 'to' : 'from' });
    return { kind: 'paths', from: q.from, to: q.to, maxHops: q.maxHops, types: q.types, categories: asCategories(q.categories), year: q.year, direction: q.direction, limit: q.limit };
  }
  refuse([], `a whole-graph export (give ${ids}, ${focus} or ${from}/${to} to select)`);
  return { kind: 'all' };
}
