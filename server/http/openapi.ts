/**
 * The OpenAPI 3.1 description of API v1 (GET /api/openapi.json), generated from the same zod schemas the
 * server validates with, so the document cannot drift from the code.
 */
import { z } from 'zod';
import {
  ApiErrorSchema,
  CypherRequestSchema,
  CypherResultSchema,
  GraphSchema,
  HealthSchema,
  EngineProcessHealthSchema,
  NodeDetailsSchema,
  NodeSchema,
  EdgeSchema,
  PathSchema,
  PathEndSchema,
  PathHopSchema,
  PathsResultSchema,
  TieGroupSchema,
  SourceSchema,
  VocabularySchema,
  SearchPassageSchema,
  SearchResultSchema,
  DocumentPassageSchema,
  StorageStatusSchema,
} from '../domain/graph-model';
import { InfluenceModelStatementSchema, InfluenceParametersSchema, InfluenceResultSchema, ResolvedNodeSchema, RobustnessSchema } from '../domain/influence-model';
import { ExportRequestSchema, ExportSelectionSchema, EXPORT_FORMATS } from '../domain/export-request';
import { EXPORT_MEDIA } from '../export/export-writer';
import { ImportRecordSchema, ImportSummarySchema, UndoSummarySchema } from '../domain/import-model';
import { EditSummarySchema, EntityEditSchema, RelationshipEditSchema } from '../domain/edit-model';
import { CandidateEntitySchema, ClaimProposalSchema, CommitRequestSchema, DocumentAnalysisSchema, DocumentInputSchema, MentionSchema, StoredDocumentSchema } from '../domain/document-model';
import { ExportQuerySchema, InfluenceQuerySchema, NeighborhoodQuerySchema, OverviewQuerySchema, PathsQuerySchema, SearchQuerySchema } from './request-schemas';

type JsonSchema = Record<string, unknown>;

const NeighborhoodResultSchema = z
  .object({ nodes: z.array(NodeSchema), edges: z.array(EdgeSchema), truncated: z.boolean() })
  .meta({ id: 'Neighborhood' });

const ref = (id: string): JsonSchema => ({ $ref: `#/components/schemas/${id}` });

function components(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  const all = {
    Source: SourceSchema, Node: NodeSchema, Edge: EdgeSchema, Path: PathSchema, PathHop: PathHopSchema, TieGroup: TieGroupSchema, PathEnd: PathEndSchema, Graph: GraphSchema, Health: HealthSchema, EngineProcessHealth: EngineProcessHealthSchema, StorageStatus: StorageStatusSchema, SearchResult: SearchResultSchema, SearchPassage: SearchPassageSchema, DocumentPassage: DocumentPassageSchema,
    NodeDetails: NodeDetailsSchema, Neighborhood: NeighborhoodResultSchema, PathsResult: PathsResultSchema,
    CypherRequest: CypherRequestSchema, Vocabulary: VocabularySchema, CypherResult: CypherResultSchema, Error: ApiErrorSchema,
    InfluenceResult: InfluenceResultSchema, InfluenceParameters: InfluenceParametersSchema, ResolvedNode: ResolvedNodeSchema,
    InfluenceModelStatement: InfluenceModelStatementSchema, InfluenceRobustness: RobustnessSchema,
    ExportSelection: ExportSelectionSchema, ExportRequest: ExportRequestSchema,
    ImportSummary: ImportSummarySchema, ImportRecord: ImportRecordSchema, UndoSummary: UndoSummarySchema,
    EntityEdit: EntityEditSchema, RelationshipEdit: RelationshipEditSchema, EditSummary: EditSummarySchema,
    DocumentInput: DocumentInputSchema, StoredDocument: StoredDocumentSchema, Mention: MentionSchema, CandidateEntity: CandidateEntitySchema,
    ClaimProposal: ClaimProposalSchema, DocumentAnalysis: DocumentAnalysisSchema, DocumentCommitRequest: CommitRequestSchema,
  };
  for (const [id, schema] of Object.entries(all)) registry.add(schema, { id });
  const out = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, io: 'output' }) as { schemas: Record<string, JsonSchema> };
  for (const s of Object.values(out.schemas)) {
    delete s.$schema;
    delete s.$id;
  }
  return out.schemas;
}

/** Query parameters of an object schema, described from its input side (what clients send). */
function queryParameters(schema: z.ZodObject, required: string[] = []): JsonSchema[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, JsonSchema> };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: required.includes(name),
    schema: s,
  }));
}

const errorResponses = (...codes: number[]): Record<string, JsonSchema> =>
  Object.fromEntries(
    codes.map((c) => [String(c), { description: { 400: 'Invalid parameters', 401: 'Token missing or wrong', 403: 'Writes are off (no ADMIN_TOKEN)', 404: 'Not found', 409: 'Conflict: the stored graph still depends on what this would remove (the details list what)', 413: 'Too large: the body, or (import) more than IMPORT_MEMORY_MB allows', 422: 'Request too broad', 429: 'Rate limit reached', 503: 'Engine unreachable, the store still being prepared at start (Retry-After), or the engine stopped on this request and was restarted', 504: 'Query timed out' }[c] ?? 'Error', content: { 'application/json': { schema: ref('Error') } } }]),
  );

const idParameter: JsonSchema = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const dryRunParameter: JsonSchema = { name: 'dryRun', in: 'query', required: false, schema: { type: 'string', enum: ['true', 'false'] }, description: 'Validate (delete: list what would go) and write nothing' };

const ok = (id: string, description = 'OK'): JsonSchema => ({
  description,
  content: { 'application/json': { schema: ref(id) } },
});

/** A streamed file in one of the export formats. */
const exportFile = (): JsonSchema => {
  const content: Record<string, JsonSchema> = {};
  for (const f of EXPORT_FORMATS) {
    const type = EXPORT_MEDIA[f].contentType.split(';')[0] as string;
    content[type] = { schema: f === 'csv' ? { type: 'string', contentMediaType: 'application/zip' } : { type: 'string' } };
  }
  return {
    description:
      'The file, streamed. Content-Disposition names it multivector-<what>-<date>.<ext> (RFC 6266 filename* when not ASCII). ' +
      'A failure after the first byte cuts the connection, so an incomplete file never looks complete.',
    headers: { 'Content-Disposition': { schema: { type: 'string' } } },
    content,
  };
};

const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', minLength: 1, maxLength: 200 } };

export function buildOpenApiDocument(): JsonSchema {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Multivector API',
      version: '1.0.0',
      description: 'Trace influence through a knowledge graph: search, node details, neighbourhoods, paths, read-only Cypher and export. Every relationship carries its sources.',
    },
    servers: [{ url: '/' }],
    paths: {
      '/api/health': { get: { operationId: 'health', summary: 'Engine status and graph size', responses: { 200: ok('Health'), 503: ok('Health', 'The store is still being prepared: schema and first-start seed (status "starting"), or the engine is unreachable (status "degraded")') } } },
      '/api/search': { get: { operationId: 'search', summary: 'Nodes by name, alias or description, evidence passages by quote or document title, and passages of stored document texts; case, diacritics and script folded', parameters: queryParameters(SearchQuerySchema, ['q']), responses: { 200: ok('SearchResult'), ...errorResponses(400, 503) } } },
      '/api/nodes/{id}': { get: { operationId: 'getNode', summary: 'A node with its relationships and neighbours', parameters: [idParam], responses: { 200: ok('NodeDetails'), ...errorResponses(400, 404, 503) } } },
      '/api/nodes/{id}/neighborhood': { get: { operationId: 'getNeighborhood', summary: 'Nodes within depth hops and the relationships among them', parameters: [idParam, ...queryParameters(NeighborhoodQuerySchema)], responses: { 200: ok('Neighborhood'), ...errorResponses(400, 404, 503) } } },
      '/api/paths': { get: { operationId: 'findPaths', summary: 'The k shortest simple paths between two nodes, shortest first', parameters: queryParameters(PathsQuerySchema, ['from', 'to']), responses: { 200: ok('PathsResult'), ...errorResponses(400, 404, 422, 503) } } },
      '/api/influence': { get: { operationId: 'getInfluence', summary: 'Each power\'s influence over a target, year by year: paths, channels, a score and the strongest paths with their evidence', parameters: queryParameters(InfluenceQuerySchema, ['target', 'powers']), responses: { 200: ok('InfluenceResult'), ...errorResponses(400, 422, 503) } } },
      '/api/vocabulary': { get: { operationId: 'getVocabulary', summary: 'Kinds, relationship types with their categories, and the year span of the sources', responses: { 200: ok('Vocabulary'), ...errorResponses(503) } } },
      '/api/graph': {
        get: {
          operationId: 'getPageGraph',
          summary: 'The whole graph as the explorer draws it on load (the JSON export of everything), with a strong ETag',
          description: 'Cached until a write through the app (on Neo4j also for at most 5 s). Send If-None-Match to get a 304 when unchanged. Has its own rate limit (RATE_LIMIT_GRAPH), apart from exports.',
          responses: { 200: { description: 'The graph: { title, documents, nodes, edges }', content: { 'application/json': { schema: { type: 'object' } } } }, 304: { description: 'Not modified: the ETag sent is current' }, ...errorResponses(429, 503) },
        },
      },
      '/api/overview': { get: { operationId: 'getOverview', summary: 'The best-connected nodes (most relationships) and the relationships among them: the start view of a graph too large to draw whole', parameters: queryParameters(OverviewQuerySchema), responses: { 200: ok('Graph'), ...errorResponses(400, 503, 504) } } },
      '/api/cypher': { post: { operationId: 'runCypher', summary: 'Run one read-only Cypher statement, bounded in time and rows', requestBody: { required: true, content: { 'application/json': { schema: ref('CypherRequest') } } }, responses: { 200: ok('CypherResult'), ...errorResponses(400, 413, 429, 503, 504) } } },
      '/api/export': {
        get: {
          operationId: 'exportGraph',
          summary: 'Export the whole graph, some nodes (ids), a neighbourhood (focus, as GET /api/nodes/{id}/neighborhood) or paths (from, to, as GET /api/paths)',
          description: 'One selection per request: ids, focus or from/to; none exports the whole graph. Mixing them, or a parameter the selection does not take, answers 400.',
          parameters: queryParameters(ExportQuerySchema),
          responses: { 200: exportFile(), ...errorResponses(400, 422, 429, 503) },
        },
        post: {
          operationId: 'exportSelection',
          summary: 'Export any selection, including the nodes and relationships a read-only Cypher query returns',
          requestBody: { required: true, content: { 'application/json': { schema: ref('ExportRequest') } } },
          responses: { 200: exportFile(), ...errorResponses(400, 413, 422, 429, 503, 504) },
        },
      },
      '/api/import': {
        post: {
          operationId: 'importFile',
          summary:
            'Import one file (Graph JSON, a graph-seed file, the CSV export zip or one of its CSV files) as the body, or several as multipart/form-data file parts, all-or-nothing; needs ADMIN_TOKEN',
          security: [{ adminToken: [] }],
          parameters: [
            { name: 'name', in: 'query', required: false, schema: { type: 'string' }, description: 'File name (.json, .csv or .zip); defaults from Content-Type' },
            { name: 'dryRun', in: 'query', required: false, schema: { type: 'string', enum: ['true', 'false'] }, description: 'Validate and count, then roll back' },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: {} }, 'application/zip': { schema: { type: 'string', format: 'binary' } }, 'text/csv': { schema: { type: 'string' } }, 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'array', items: { type: 'string', format: 'binary' }, description: 'One part per file, up to 50 files of 256 MB each; the filename (.json, .csv or .zip) keys the format' } } } } } },
          responses: { 200: ok('ImportSummary'), 201: ok('ImportSummary'), ...errorResponses(400, 401, 403, 413, 503) },
        },
        get: { operationId: 'listImports', summary: 'The import log, newest first; needs ADMIN_TOKEN', security: [{ adminToken: [] }], responses: { 200: { description: 'The imports', content: { 'application/json': { schema: { type: 'object', properties: { imports: { type: 'array', items: ref('ImportRecord') } } } } } }, ...errorResponses(401, 403, 503) } },
      },
      '/api/import/{id}/undo': { post: { operationId: 'undoImport', summary: 'Undo one import: remove what it added, restore what it changed; needs ADMIN_TOKEN', security: [{ adminToken: [] }], parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: ok('UndoSummary'), ...errorResponses(400, 401, 403, 404, 409, 503) } } },
      '/api/edits/entities': { post: { operationId: 'createEntity', summary: 'Create one entity (an import of one record: logged, undone by POST /api/import/{id}/undo); needs ADMIN_TOKEN', security: [{ adminToken: [] }], parameters: [dryRunParameter], requestBody: { required: true, content: { 'application/json': { schema: ref('EntityEdit') } } }, responses: { 200: ok('EditSummary'), 201: ok('EditSummary'), ...errorResponses(400, 401, 403, 503) } } },
      '/api/edits/entities/{id}': {
        put: { operationId: 'replaceEntity', summary: 'Replace an entity\'s name, aliases, description and properties (not its kind); needs ADMIN_TOKEN', security: [{ adminToken: [] }], parameters: [idParameter, dryRunParameter], requestBody: { required: true, content: { 'application/json': { schema: ref('EntityEdit') } } }, responses: { 200: ok('EditSummary'), ...errorResponses(400, 401, 403, 404, 503) } },
        delete: { operationId: 'deleteEntity', summary: 'Delete an entity with every relationship touching it (dryRun=true lists them and writes nothing); undone like an import; needs ADMIN_TOKEN', security: [{ adminToken: [] }], parameters: [idParameter, dryRunParameter], responses: { 200: ok('EditSummary'), ...errorResponses(400, 401, 403, 404, 503) } },
      },
      '/api/edits/relationships': { post: { operationId: 'createRelationship', summary: 'Create one relationship with its sources; its id is source--type--target, made unique; needs ADMIN_TOKEN', security: [{ adminToken: [] }], parameters: [dryRunParameter], requestBody: { required: true, content: { 'application/json': { schema: ref('RelationshipEdit') } } }, responses: { 200: ok('EditSummary'), 201: ok('EditSummary'), ...errorResponses(400, 401, 403, 503) } } },
      '/api/edits/relationships/{id}': {
        put: { operationId: 'replaceRelationship', summary: 'Replace a relationship whole (type, direction, ends, properties, sources); needs ADMIN_TOKEN', security: [{ adminToken: [] }], parameters: [idParameter, dryRunParameter], requestBody: { required: true, content: { 'application/json': { schema: ref('RelationshipEdit') } } }, responses: { 200: ok('EditSummary'), ...errorResponses(400, 401, 403, 404, 503) } },
        delete: { operationId: 'deleteRelationship', summary: 'Delete a relationship with its sources; undone like an import; needs ADMIN_TOKEN', security: [{ adminToken: [] }], parameters: [idParameter, dryRunParameter], responses: { 200: ok('EditSummary'), ...errorResponses(400, 401, 403, 404, 503) } },
      },
      '/api/edits/relationships/{id}/sources/{index}': { delete: { operationId: 'removeSource', summary: 'Remove one source (0-based) of a relationship and its grade; the last one cannot go; needs ADMIN_TOKEN', security: [{ adminToken: [] }], parameters: [idParameter, { name: 'index', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } }, dryRunParameter], responses: { 200: ok('EditSummary'), ...errorResponses(400, 401, 403, 404, 503) } } },
      '/api/documents': {
        post: {
          operationId: 'addDocument',
          summary: 'Store an article with its readable text (HTML reduced, Markdown stripped) and answer what it proposes: mentions of known entities, candidate entities and candidate claims anchored to its sentences; needs ADMIN_TOKEN',
          description: 'JSON (DocumentInput), or the text as a text/plain, text/html or text/markdown body with the other fields in the query. Stored as an import (undo removes it). The same title and text again store nothing new.',
          security: [{ adminToken: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: ref('DocumentInput') }, 'text/plain': { schema: { type: 'string' } }, 'text/html': { schema: { type: 'string' } }, 'text/markdown': { schema: { type: 'string' } } } },
          responses: { 201: ok('DocumentAnalysis'), ...errorResponses(400, 401, 403, 413, 503) },
        },
      },
      '/api/documents/{id}': { get: { operationId: 'getDocument', summary: 'A stored document with its text and what it proposes against the graph as it is now', parameters: [idParam], responses: { 200: ok('DocumentAnalysis'), ...errorResponses(400, 404, 503) } } },
      '/api/documents/{id}/commit': {
        post: {
          operationId: 'commitDocumentClaims',
          summary: 'Commit accepted (possibly edited) claims of a document through the import path: validated, one transaction, logged, undoable; a quote not in the text is refused naming it; needs ADMIN_TOKEN',
          security: [{ adminToken: [] }],
          parameters: [idParam],
          requestBody: { required: true, content: { 'application/json': { schema: ref('DocumentCommitRequest') } } },
          responses: { 201: ok('ImportSummary'), ...errorResponses(400, 401, 403, 404, 503) },
        },
      },
      '/api/admin/seed': { post: { operationId: 'seed', summary: 'Load the seed graph again (MERGE by id); needs ADMIN_TOKEN', security: [{ adminToken: [] }], responses: { 200: { description: 'What was loaded', content: { 'application/json': { schema: { type: 'object', properties: { seeded: { type: 'object', properties: { nodes: { type: 'integer' }, edges: { type: 'integer' }, documents: { type: 'integer' } } } } } } } }, ...errorResponses(401, 403, 503) } } },
    },
    components: { schemas: components(), securitySchemes: { adminToken: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN (writes); READ_TOKEN guards reads when it is set' } } },
  };
}
