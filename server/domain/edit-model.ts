/**
 * The wire model of edits made in the explorer (issue 19): an entity or a relationship written, replaced or
 * deleted one at a time by a user holding ADMIN_TOKEN. Every edit is an import of one record (or a deletion
 * logged like one), so it is validated as an import is, lands in one transaction, shows in the import log
 * and is undone with POST /api/import/:id/undo. Shared with the client (`import type`).
 */
import { z } from 'zod';
import { PropertiesSchema, SourceSchema } from './graph-model';
import { PASCAL_CASE, UPPER_SNAKE } from './seed-schema';

/** Ids as the seed writes them: lower-case words joined by hyphens ("russia", "kulob-airfield"). */
export const ENTITY_ID = /^[a-z0-9][a-z0-9-]*$/;

export const EntityEditSchema = z
  .strictObject({
    id: z.string().max(200).regex(ENTITY_ID, 'must be lower-case letters, digits and hyphens').optional()
      .describe('Only when creating; derived from the name when absent.'),
    kind: z.string().regex(PASCAL_CASE, 'must be a PascalCase kind of the vocabulary'),
    name: z.string().trim().min(1, 'must not be empty').max(400),
    aliases: z.array(z.string().trim().min(1, 'must not be empty').max(400)).max(100).default([]),
    description: z.string().trim().max(10_000).optional(),
    properties: PropertiesSchema.default({}).describe('Other properties; description is its own field.'),
  })
  .meta({ id: 'EntityEdit' });
export type EntityEdit = z.input<typeof EntityEditSchema>;

export const RelationshipEditSchema = z
  .strictObject({
    type: z.string().regex(UPPER_SNAKE, 'must be an UPPER_SNAKE relationship type of the vocabulary'),
    source: z.string().min(1, 'must name the start entity').max(400),
    target: z.string().min(1, 'must name the end entity').max(400),
    properties: PropertiesSchema.default({}).describe('validFrom, validTo, asOf, status, sourceGrades and any other property.'),
    sources: z
      .array(SourceSchema.extend({
        document: z.string().trim().min(1, 'must name the source document'),
        quote: z.string().trim().min(1, 'must not be empty: copy the sentence from the document'),
      }))
      .min(1, 'every relationship needs at least one source')
      .max(500),
  })
  .meta({ id: 'RelationshipEdit' });
export type RelationshipEdit = z.input<typeof RelationshipEditSchema>;

export const EDIT_ACTIONS = ['created', 'replaced', 'unchanged', 'deleted'] as const;
export type EditAction = (typeof EDIT_ACTIONS)[number];

/** What an edit answers: the import log entry to undo it with, and what it wrote or removed. */
export const EditSummarySchema = z
  .object({
    importId: z.string().optional().describe('Absent when the edit changed nothing (and on a dry run).'),
    action: z.enum(EDIT_ACTIONS),
    dryRun: z.boolean(),
    entity: z.string().optional().describe('Id of the entity written or deleted.'),
    relationship: z.string().optional().describe('Id of the relationship written or deleted.'),
    removedRelationships: z
      .array(z.object({ id: z.string(), type: z.string(), source: z.string(), target: z.string() }))
      .default([])
      .describe('Relationships deleted with an entity (a dry run lists them for the confirmation).'),
  })
  .meta({ id: 'EditSummary' });
export type EditSummary = z.infer<typeof EditSummarySchema>;
