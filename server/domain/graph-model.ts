/**
 * The wire model of Multivector's HTTP API, version 1: one zod schema per shape, shared with the client
 * (which imports the inferred types with `import type`). Stores return these plain objects; routes send them.
 */
import { z } from 'zod';

/** A property value as both engines can store it natively: a primitive or a list of one primitive type. */
export const PropertyValueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.string()),
  z.array(z.number()),
]);
export type PropertyValue = z.infer<typeof PropertyValueSchema>;

export const PropertiesSchema = z.record(z.string(), PropertyValueSchema);
export type Properties = z.infer<typeof PropertiesSchema>;

/** Why a source is attached: it states the claim, or it corrects/retracts it. */
export const SOURCE_ROLES = ['claim', 'correction'] as const;
export type SourceRole = (typeof SOURCE_ROLES)[number];

export const SourceSchema = z
  .object({
    document: z.string().min(1).describe('Id of the source document (the seed file name for the seed graph).'),
    publisher: z.string().optional(),
    title: z.string().optional(),
    published: z.string().optional().describe('Publication date, ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD).'),
    quote: z.string().min(1).describe('A sentence copied verbatim from the document.'),
    role: z.enum(SOURCE_ROLES).optional().describe('"correction" when the quote corrects or retracts the claim.'),
  })
  .meta({ id: 'Source' });
export type Source = z.infer<typeof SourceSchema>;

export const NodeSchema = z
  .object({
    id: z.string().min(1).describe('Stable slug, e.g. "dushanbe".'),
    kind: z.string().min(1).describe('PascalCase label, e.g. "City".'),
    name: z.string(),
    aliases: z.array(z.string()),
    properties: PropertiesSchema,
  })
  .meta({ id: 'Node' });
export type GraphNode = z.infer<typeof NodeSchema>;

export const EdgeSchema = z
  .object({
    id: z.string().min(1),
    type: z.string().min(1).describe('UPPER_SNAKE relationship type, e.g. "HOSTS_BASE".'),
    source: z.string().min(1).describe('Id of the start node.'),
    target: z.string().min(1).describe('Id of the end node.'),
    properties: PropertiesSchema,
    sources: z.array(SourceSchema),
  })
  .meta({ id: 'Edge' });
export type GraphEdge = z.infer<typeof EdgeSchema>;

export const GraphSchema = z
  .object({ nodes: z.array(NodeSchema), edges: z.array(EdgeSchema) })
  .meta({ id: 'Graph' });
export type Graph = z.infer<typeof GraphSchema>;

/** The relationships of one type between a hop's two nodes, strongest evidence first. */
export const TieGroupSchema = z
  .object({
    type: z.string(),
    count: z.number().int().describe('How many relationships of this type join the two nodes.'),
    edges: z.array(EdgeSchema),
  })
  .meta({ id: 'TieGroup' });
export type TieGroup = z.infer<typeof TieGroupSchema>;

/** Every tie of one hop: all relationships between its two nodes (that held in the year asked), grouped by type. */
export const PathHopSchema = z
  .object({
    source: z.string().describe('Id of the node the hop leaves (nodes[i]).'),
    target: z.string().describe('Id of the node the hop reaches (nodes[i + 1]).'),
    count: z.number().int().describe('All relationships between the two nodes, of every type.'),
    ties: z.array(TieGroupSchema).describe('Grouped by type, the group with the strongest evidence first.'),
  })
  .meta({ id: 'PathHop' });
export type PathHop = z.infer<typeof PathHopSchema>;

/**
 * A path: nodes and edges in walk order (edges[i] joins nodes[i] and nodes[i + 1], in either direction;
 * it is the hop's best-evidenced tie), and per hop every tie between its two nodes.
 */
export const PathSchema = z
  .object({ nodes: z.array(NodeSchema), edges: z.array(EdgeSchema), hops: z.array(PathHopSchema).optional() })
  .meta({ id: 'Path' });
export type GraphPath = z.infer<typeof PathSchema>;

/** An end of a path search as asked and as read: "Dushanbe" stands for Tajikistan by its CAPITAL_OF link. */
export const PathEndSchema = z
  .object({
    asked: z.string().describe('Id of the node asked for.'),
    standsFor: z.string().describe('Id of the node the paths start or end at (the state a capital stands for).'),
    label: z.string().describe('How the answer names it: "Dushanbe (Tajikistan)", or the plain name.'),
    link: EdgeSchema.optional().describe('The CAPITAL_OF / SEAT_OF link by which the city stands for the state.'),
  })
  .meta({ id: 'PathEnd' });
export type PathEnd = z.infer<typeof PathEndSchema>;

export const ENGINES = ['embedded', 'neo4j'] as const;
export type EngineName = (typeof ENGINES)[number];

/** The embedded engine's own process: it runs apart from the server so that a crash of it is a restart. */
export const EngineProcessHealthSchema = z
  .object({
    /** Null while the engine is being restarted. */
    pid: z.number().int().nullable(),
    restarts: z.number().int(),
    lastCrash: z
      .object({
        at: z.string(),
        signal: z.string().nullable(),
        exitCode: z.number().int().nullable(),
        /** What was running on the engine when it stopped (store methods; empty when idle). */
        during: z.array(z.string()),
      })
      .optional(),
    /** Console query shapes refused because they stopped the engine before. */
    refusedShapes: z.number().int(),
  })
  .meta({ id: 'EngineProcessHealth' });
export type EngineProcessHealth = z.infer<typeof EngineProcessHealthSchema>;

/**
 * Which generation of the embedded database is in use (every write makes the next one, see
 * server/stores/kuzu/kuzu-generations.ts), and whether the server had to start from an older one because
 * the current one did not open: then the write that made it is lost, and the operator should know.
 */
export const StorageStatusSchema = z
  .object({
    generation: z.number().int().nonnegative(),
    recoveredFrom: z
      .object({
        generation: z.number().int().nonnegative(),
        reason: z.string(),
        at: z.string(),
      })
      .optional(),
  })
  .meta({ id: 'StorageStatus' });
export type StorageStatus = z.infer<typeof StorageStatusSchema>;

export const HEALTH_STATUSES = ['ok', 'starting', 'degraded'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

/**
 * GET /api/health. `starting` (503): the store is still being prepared (schema, first-start seed), so its
 * counts are not the graph's yet; `degraded` (503): the engine does not answer; `ok`: serving.
 */
export const HealthSchema = z
  .object({
    status: z.enum(HEALTH_STATUSES),
    engine: z.enum(ENGINES),
    nodes: z.number().int().nullable(),
    edges: z.number().int().nullable(),
    message: z.string().optional(),
    engineProcess: EngineProcessHealthSchema.optional(),
    /** The embedded engine's database generation (absent on Neo4j). */
    storage: StorageStatusSchema.optional(),
  })
  .meta({ id: 'Health' });
export type Health = z.infer<typeof HealthSchema>;

/** A passage of the evidence that matched a search: one source's quote (or its document's title) of one relationship. */
export const SearchPassageSchema = z
  .object({
    edge: z.string().describe('Id of the relationship the quote is evidence for.'),
    type: z.string(),
    source: z.string(),
    target: z.string(),
    sourceName: z.string(),
    targetName: z.string(),
    document: z.string(),
    title: z.string().optional(),
    publisher: z.string().optional(),
    published: z.string().optional(),
    quote: z.string().describe('The quote, cut to the words around the match (… where cut).'),
    matched: z.enum(['quote', 'title']),
  })
  .meta({ id: 'SearchPassage' });
export type SearchPassage = z.infer<typeof SearchPassageSchema>;

/** A passage of a stored document's text that matched a search: the sentence around the match, with offsets. */
export const DocumentPassageSchema = z
  .object({
    document: z.string(),
    title: z.string(),
    publisher: z.string(),
    published: z.string(),
    passage: z.string().describe('The sentence holding the match (cut, with …, when longer than a window).'),
    passageStart: z.number().int().min(0).describe("Offset of the passage in the document's stored text (UTF-16 units)."),
    passageEnd: z.number().int().min(0),
    start: z.number().int().min(0).describe('Offset of the matched words in the stored text.'),
    end: z.number().int().min(0),
  })
  .meta({ id: 'DocumentPassage' });
export type DocumentPassage = z.infer<typeof DocumentPassageSchema>;

export const SearchResultSchema = z
  .object({
    nodes: z.array(NodeSchema).describe('Nodes by name, alias or description, best first.'),
    passages: z.array(SearchPassageSchema).describe('Evidence whose quote or document title matches, newest first.'),
    documentPassages: z.array(DocumentPassageSchema).describe("Passages of stored documents' texts that match, newest document first."),
    fullText: z.boolean().describe('False when the graph is too large for quotes to be searched (names, aliases and descriptions still are).'),
    documentTexts: z.boolean().describe('False when the stored texts exceed the index budget and some documents are not searched.'),
  })
  .meta({ id: 'SearchResult' });
export type SearchResult = z.infer<typeof SearchResultSchema>;

export const NodeDetailsSchema = z
  .object({ node: NodeSchema, edges: z.array(EdgeSchema), neighbors: z.array(NodeSchema) })
  .meta({ id: 'NodeDetails' });
export type NodeDetails = z.infer<typeof NodeDetailsSchema>;

export const PathsResultSchema = z
  .object({
    paths: z.array(PathSchema),
    from: PathEndSchema.optional(),
    to: PathEndSchema.optional(),
    horizon: z.number().int().optional().describe('The evidence horizon in years the answer used (with a year).'),
  })
  .meta({ id: 'PathsResult' });
export type PathsResult = z.infer<typeof PathsResultSchema>;

export const CypherRequestSchema = z
  .object({
    query: z.string().min(1, 'query must not be empty').max(20_000, 'query is longer than 20000 characters'),
    params: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .meta({ id: 'CypherRequest' });
export type CypherRequest = z.infer<typeof CypherRequestSchema>;

/**
 * A console cell is plain JSON: graph elements are returned both as cells ({ id, kind, ... }) and in `graph`;
 * a source document is a node of kind DOCUMENT_KIND (document-kind.ts) whose properties are its catalogue fields.
 */
export const CypherResultSchema = z
  .object({
    columns: z.array(z.string()),
    rows: z.array(z.array(z.unknown())),
    graph: GraphSchema,
    truncated: z.boolean().describe('True when rows or graph nodes were left out (see rowsTruncated, graphTruncated).'),
    rowsTruncated: z.boolean().optional().describe('True when the server stopped reading rows at its limit (CYPHER_MAX_ROWS).'),
    graphTruncated: z.boolean().optional().describe('True when the rows mention more nodes than the graph holds (CYPHER_MAX_GRAPH_NODES).'),
    engine: z.enum(ENGINES),
    elapsedMs: z.number(),
  })
  .meta({ id: 'CypherResult' });
export type CypherResult = z.infer<typeof CypherResultSchema>;

export const DIRECTIONS = ['out', 'in', 'any'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const ApiErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ApiError = z.infer<typeof ApiErrorSchema>;

export const VocabularySchema = z
  .object({
    kinds: z.array(z.object({ kind: z.string(), description: z.string() })),
    relationshipTypes: z.array(
      z.object({
        type: z.string(),
        category: z.string(),
        description: z.string(),
        from: z.array(z.string()),
        to: z.array(z.string()),
      }),
    ),
    categories: z.array(z.string()),
    years: z
      .object({ from: z.number().int(), to: z.number().int() })
      .nullable()
      .describe('The span of publication years of the source documents: the range of the time slider.'),
    evidenceHorizon: z
      .number()
      .int()
      .optional()
      .describe('Years a claim holds past its latest evidence unless it ends or is reconfirmed (server default).'),
  })
  .meta({ id: 'Vocabulary' });
export type VocabularyInfo = z.infer<typeof VocabularySchema>;
