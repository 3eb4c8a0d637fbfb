/**
 * The wire model of document ingestion (POST /api/documents, GET /api/documents/:id, POST
 * /api/documents/:id/commit): a document as sent, what the server proposes from its text (mentions of known
 * entities, candidate entities, candidate claims anchored to its sentences) and what a commit accepts.
 * Shared with the client (`import type`).
 */
import { z } from 'zod';
import { PropertiesSchema, SOURCE_ROLES } from './graph-model';
import { PARTIAL_DATE, PASCAL_CASE, SLUG, STATUSES, UPPER_SNAKE } from './seed-schema';

export const DOCUMENT_FORMATS = ['text', 'html', 'markdown'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/** A document id: a slug or a file name, as the seed's documents are named. */
export const DOCUMENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Longest text a document may hold (characters, after HTML is reduced): a long report, not a book. */
export const DOCUMENT_MAX_CHARS = 500_000;

/** What POST /api/documents takes (JSON), or its query with the text as a text/plain, text/html or text/markdown body. */
export const DocumentInputSchema = z
  .strictObject({
    id: z
      .string()
      .regex(DOCUMENT_ID, 'id must be letters, digits, dots, dashes and underscores (a file name such as 004_cf506b058cce2681.txt)')
      .max(200)
      .optional()
      .describe('Made from the title and a hash of the text when absent.'),
    text: z.string().min(1, 'text must not be empty'),
    format: z.enum(DOCUMENT_FORMATS).default('text').describe('html is reduced to its readable text; markdown loses its markup.'),
    publisher: z.string().min(1, 'publisher must not be empty').max(500),
    title: z.string().min(1, 'title must not be empty').max(1000),
    author: z.string().min(1).max(500).optional(),
    published: z.string().regex(PARTIAL_DATE, 'published must be YYYY, YYYY-MM or YYYY-MM-DD').optional(),
    publishedInferred: z.boolean().optional().describe('True when the date is inferred from the text, not printed with it.'),
    publishedNote: z.string().max(5000).optional(),
    url: z.string().url('url must be a URL').optional(),
  })
  .meta({ id: 'DocumentInput' });
export type DocumentInput = z.input<typeof DocumentInputSchema>;

/** A span of the text naming a known entity. `standsFor`: the state a capital names (the metonym rule). */
export const MentionSchema = z
  .object({
    entity: z.string(),
    name: z.string().describe('The entity’s name.'),
    kind: z.string(),
    standsFor: z.string().optional(),
    text: z.string().describe('The span as written.'),
    start: z.number().int(),
    end: z.number().int(),
    via: z.enum(['name', 'alias', 'demonym', 'reference']).describe('reference: "the country" read as the state the document names most.'),
  })
  .meta({ id: 'Mention' });
export type Mention = z.infer<typeof MentionSchema>;

/** A name the document introduces that the graph lacks, with a proposed kind and id. */
export const CandidateEntitySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.string(),
    mentions: z.array(z.object({ text: z.string(), start: z.number().int(), end: z.number().int() })),
    why: z.string().describe('What the language library tagged it as.'),
  })
  .meta({ id: 'CandidateEntity' });
export type CandidateEntity = z.infer<typeof CandidateEntitySchema>;

export const QuantitySchema = z.object({ key: z.string(), value: z.number(), text: z.string() });
export type Quantity = z.infer<typeof QuantitySchema>;

/** A proposed relationship, anchored to one sentence of the text (quote = text.slice(start, end)). */
export const ClaimProposalSchema = z
  .object({
    id: z.string().describe('Stable within the document: the sentence start and the claim.'),
    type: z.string(),
    source: z.string(),
    target: z.string(),
    quote: z.string(),
    start: z.number().int(),
    end: z.number().int(),
    validFrom: z.string().optional(),
    asOf: z.string().optional(),
    quantities: z.array(QuantitySchema).optional(),
    status: z.enum(STATUSES).optional(),
    score: z.number().describe('0..1: how strongly the sentence supports it.'),
    corroborates: z.string().optional().describe('Id of an existing relationship this sentence is a new source for.'),
    newEntities: z.array(z.string()).optional().describe('Endpoints that are candidate entities, not yet in the graph.'),
    why: z.object({ trigger: z.string(), mentions: z.array(z.string()) }),
  })
  .meta({ id: 'ClaimProposal' });
export type ClaimProposal = z.infer<typeof ClaimProposalSchema>;

export const StoredDocumentSchema = z
  .object({
    id: z.string(),
    publisher: z.string(),
    title: z.string(),
    author: z.string().optional(),
    published: z.string(),
    publishedInferred: z.boolean().optional(),
    publishedNote: z.string().optional(),
    url: z.string().optional(),
    text: z.string(),
  })
  .meta({ id: 'StoredDocument' });

export const DocumentAnalysisSchema = z
  .object({
    document: StoredDocumentSchema,
    importId: z.string().optional().describe('The import that stored the document (undo removes it).'),
    mentions: z.array(MentionSchema),
    candidates: z.object({ entities: z.array(CandidateEntitySchema), claims: z.array(ClaimProposalSchema) }),
    notes: z.array(z.string()).describe('Plain statements about the analysis, e.g. that no known entity was found.'),
  })
  .meta({ id: 'DocumentAnalysis' });
export type DocumentAnalysis = z.infer<typeof DocumentAnalysisSchema>;

/** A new entity a commit creates (a candidate accepted, possibly renamed or re-kinded). */
export const CommitEntitySchema = z.strictObject({
  id: z.string().regex(SLUG, 'id must be a lowercase slug').max(200),
  kind: z.string().regex(PASCAL_CASE, 'kind must be PascalCase'),
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)).optional(),
  properties: PropertiesSchema.optional(),
});

/** An accepted claim: a proposal as it came or as the analyst edited it. */
export const CommitClaimSchema = z.strictObject({
  type: z.string().regex(UPPER_SNAKE, 'type must be UPPER_SNAKE'),
  source: z.string().min(1),
  target: z.string().min(1),
  quote: z.string().min(1, 'quote must not be empty'),
  properties: PropertiesSchema.optional().describe('validFrom, asOf, status, amounts ... as the vocabulary declares them.'),
  role: z.enum(SOURCE_ROLES).optional(),
  corroborates: z.string().optional().describe('Add the quote as a new source of this existing relationship.'),
});
export type CommitClaim = z.infer<typeof CommitClaimSchema>;

export const CommitRequestSchema = z
  .strictObject({
    entities: z.array(CommitEntitySchema).max(1000).default([]),
    claims: z.array(CommitClaimSchema).min(1, 'claims must hold at least one accepted claim').max(5000),
  })
  .meta({ id: 'DocumentCommitRequest' });
export type CommitRequest = z.input<typeof CommitRequestSchema>;
