/**
 * The wire shape of an export request (POST /api/export, and what GET /api/export's query parameters are
 * turned into): a format and a selection. Shared with the client, which imports the types with
 * `import type`. The bounds match the routes the selections mirror (GET /api/nodes/:id/neighborhood,
 * GET /api/paths, POST /api/cypher), so a view the UI shows can always be exported as it is.
 */
import { z } from 'zod';
import { DIRECTIONS } from './graph-model';
import { CATEGORIES, UPPER_SNAKE } from './seed-schema';

export const EXPORT_FORMATS = ['json', 'cytoscape', 'graphml', 'gexf', 'csv', 'cypher'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_SELECTION_KINDS = ['all', 'nodes', 'neighborhood', 'paths', 'cypher'] as const;
export type ExportSelectionKind = (typeof EXPORT_SELECTION_KINDS)[number];

/** At most this many node ids in one `nodes` selection. */
export const EXPORT_MAX_IDS = 10_000;
/** At most this many relationship ids in one `nodes` selection's `edgeIds` (a drawn view of the largest node set). */
export const EXPORT_MAX_EDGE_IDS = 50_000;

const nodeId = z.string().min(1, 'must not be empty').max(200, 'is longer than 200 characters');
const edgeId = z.string().min(1, 'must not be empty').max(400, 'is longer than 400 characters');
const int = (min: number, max: number) =>
  z.number({ error: 'must be a whole number' }).int('must be a whole number').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);
const types = z
  .array(z.string().regex(UPPER_SNAKE, 'must be an UPPER_SNAKE relationship type'))
  .max(200, 'has more than 200 types')
  .optional();
const categories = z.array(z.enum(CATEGORIES, { error: `must be one of ${CATEGORIES.join(', ')}` })).optional();
const year = int(1000, 2999).optional();
const direction = z.enum(DIRECTIONS, { error: `must be one of ${DIRECTIONS.join(', ')}` }).default('any');

export const ExportSelectionSchema = z
  .discriminatedUnion(
    'kind',
    [
      z.strictObject({ kind: z.literal('all') }),
      z.strictObject({
        kind: z.literal('nodes'),
        ids: z.array(nodeId).min(1, 'must name at least one node').max(EXPORT_MAX_IDS, `must name at most ${EXPORT_MAX_IDS} nodes`),
        // Absent: every relationship among the nodes. Given (even empty): exactly these, as a drawn view shows
        // them after filters and hides; each must join two of `ids`.
        edgeIds: z
          .array(edgeId)
          .max(EXPORT_MAX_EDGE_IDS, `must name at most ${EXPORT_MAX_EDGE_IDS} relationships`)
          .optional()
          .describe('Exactly these relationships instead of every one among the nodes (a drawn view or a canvas selection); each must join two of the nodes.'),
      }),
      z.strictObject({
        kind: z.literal('neighborhood'),
        focus: nodeId,
        depth: int(1, 3).default(1),
        direction,
        types,
        categories,
        year,
        limit: int(1, 2000).default(200),
      }),
      z.strictObject({
        kind: z.literal('paths'),
        from: nodeId,
        to: nodeId,
        maxHops: int(1, 8).default(4),
        types,
        categories,
        year,
        direction,
        limit: int(1, 50).default(10),
      }),
      z.strictObject({
        kind: z.literal('cypher'),
        query: z.string().min(1, 'must not be empty').max(20_000, 'is longer than 20000 characters'),
        params: z.record(z.string(), z.unknown()).optional(),
      }),
    ],
    { error: `kind must be one of ${EXPORT_SELECTION_KINDS.join(', ')}` },
  )
  .meta({ id: 'ExportSelection' });

export const ExportRequestSchema = z
  .strictObject({
    format: z.enum(EXPORT_FORMATS, { error: `must be one of ${EXPORT_FORMATS.join(', ')}` }),
    selection: ExportSelectionSchema,
  })
  .meta({ id: 'ExportRequest' });

/** What a client sends (defaults may be left out). */
export type ExportRequest = z.input<typeof ExportRequestSchema>;
export type ExportSelectionInput = z.input<typeof ExportSelectionSchema>;
/** A request after parsing, defaults filled in. */
export type ParsedExportRequest = z.output<typeof ExportRequestSchema>;
export type ExportSelection = z.output<typeof ExportSelectionSchema>;
