/**
 * Zod schemas of the API's request parameters: one per route, shared by the routes (parsing) and the
 * OpenAPI document (description). Query strings arrive as strings; these coerce and bound them.
 */
import { z } from 'zod';
import { DIRECTIONS } from '../domain/graph-model';
import { CATEGORIES, UPPER_SNAKE } from '../domain/seed-schema';

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

export const NodeIdParamsSchema = z.object({
  id: z.string().min(1, 'must not be empty').max(200, 'is longer than 200 characters'),
});

export const SearchQuerySchema = z.object({
  q: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(200, 'is longer than 200 characters'),
  limit: intParam(1, 100, 20),
});

export const NeighborhoodQuerySchema = z.object({
  depth: intParam(1, 3, 1),
  types: typesParam,
  categories: categoriesParam,
  year: yearParam,
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
  direction: z.enum(DIRECTIONS, { error: `must be one of ${DIRECTIONS.join(', ')}` }).default('any'),
  limit: intParam(1, 50, 10),
});

export const EXPORT_FORMATS = ['json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const ExportQuerySchema = z.object({
  format: z.enum(EXPORT_FORMATS, { error: `must be one of ${EXPORT_FORMATS.join(', ')}` }).default('json'),
});
