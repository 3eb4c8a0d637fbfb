/**
 * The schema of graph-seed/ (and of any file in the same format): sources, vocabulary and one file per
 * article. Validated with zod on every load; see graph-seed/README.md for the meaning of each field.
 */
import { z } from 'zod';
import { PropertyValueSchema, SOURCE_ROLES, type PropertyValue } from './graph-model';

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const PASCAL_CASE = /^[A-Z][A-Za-z0-9]*$/;
export const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
export const CAMEL_CASE = /^[a-z][A-Za-z0-9]*$/;
/** A year, a month or a day: "2004", "2004-10", "2004-10-16". */
export const PARTIAL_DATE = /^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/;

export const CATEGORIES = [
  'military',
  'economic',
  'diplomatic',
  'political',
  'social',
  'cultural',
  'environmental',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const STATUSES = ['reported', 'alleged', 'disputed', 'retracted', 'planned'] as const;
export type Status = (typeof STATUSES)[number];

export const PROPERTY_TYPES = ['string', 'number', 'boolean', 'date', 'string[]', 'number[]'] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

/** Keys the loader or the stores own; a record may not set them as properties. */
export const RESERVED_PROPERTY_KEYS = [
  'id',
  'kind',
  'name',
  'aliases',
  'type',
  'source',
  'target',
  'sources',
  'documents',
  'sourceDocuments',
  'sourceQuotes',
  'sourceRoles',
] as const;

export const SeedDocumentSchema = z.strictObject({
  id: z.string().min(1),
  publisher: z.string().min(1),
  title: z.string().min(1),
  author: z.string().min(1).optional(),
  published: z.string().regex(PARTIAL_DATE, 'published must be YYYY, YYYY-MM or YYYY-MM-DD'),
  publishedInferred: z.boolean().optional(),
  publishedNote: z.string().optional(),
  url: z.string().url().optional(),
  /**
   * The document's full text, so quotes can be checked verbatim against it when a claim is committed
   * (POST /api/documents). Stored with the document; the bibliography (listDocuments) leaves it out.
   */
  text: z.string().optional(),
});
export type SeedDocument = z.infer<typeof SeedDocumentSchema>;

export const SeedSourcesFileSchema = z.strictObject({
  documents: z.array(SeedDocumentSchema).min(1),
});

export const KindDefinitionSchema = z.strictObject({
  kind: z.string().regex(PASCAL_CASE, 'kind must be PascalCase'),
  description: z.string().min(1),
});

export const RelationshipTypeDefinitionSchema = z.strictObject({
  type: z.string().regex(UPPER_SNAKE, 'type must be UPPER_SNAKE'),
  category: z.enum(CATEGORIES),
  description: z.string().min(1),
  from: z.array(z.string().regex(PASCAL_CASE)).min(1),
  to: z.array(z.string().regex(PASCAL_CASE)).min(1),
});
export type RelationshipTypeDefinition = z.infer<typeof RelationshipTypeDefinitionSchema>;

export const PropertyDefinitionSchema = z.strictObject({
  key: z.string().regex(CAMEL_CASE, 'key must be camelCase'),
  type: z.enum(PROPERTY_TYPES),
  unit: z.string().min(1).optional(),
  appliesTo: z.enum(['node', 'edge', 'both']),
  description: z.string().min(1),
});
export type PropertyDefinition = z.infer<typeof PropertyDefinitionSchema>;

export const VocabularyFileSchema = z.strictObject({
  kinds: z.array(KindDefinitionSchema).min(1),
  relationshipTypes: z.array(RelationshipTypeDefinitionSchema).min(1),
  properties: z.array(PropertyDefinitionSchema),
});
export type Vocabulary = z.infer<typeof VocabularyFileSchema>;

export const SeedSourceRefSchema = z.strictObject({
  document: z.string().min(1).optional(),
  quote: z.string().min(1),
  role: z.enum(SOURCE_ROLES).optional(),
});

export const SeedEntitySchema = z.strictObject({
  id: z.string().regex(SLUG, 'id must be a lowercase slug'),
  kind: z.string().regex(PASCAL_CASE, 'kind must be PascalCase'),
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)).optional(),
  properties: z.record(z.string(), PropertyValueSchema).optional(),
});
export type SeedEntity = z.infer<typeof SeedEntitySchema>;

export const SeedRelationshipSchema = z.strictObject({
  id: z.string().regex(SLUG, 'id must be a lowercase slug').optional(),
  type: z.string().regex(UPPER_SNAKE, 'type must be UPPER_SNAKE'),
  source: z.string().regex(SLUG),
  target: z.string().regex(SLUG),
  properties: z.record(z.string(), PropertyValueSchema).optional(),
  sources: z.array(SeedSourceRefSchema).min(1, 'every relationship needs at least one source'),
});
export type SeedRelationship = z.infer<typeof SeedRelationshipSchema>;

export const SeedArticleFileSchema = z.strictObject({
  document: z.string().min(1),
  entities: z.array(SeedEntitySchema),
  relationships: z.array(SeedRelationshipSchema),
});
export type SeedArticleFile = z.infer<typeof SeedArticleFileSchema>;

/** Whether a property value has the declared type (a `date` is a YYYY, YYYY-MM or YYYY-MM-DD string). */
export function valueMatchesType(value: PropertyValue, type: PropertyType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'date':
      return typeof value === 'string' && PARTIAL_DATE.test(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'number[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'number');
  }
}
