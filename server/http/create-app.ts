/**
 * The Express application factory: security headers, CORS, tokens and rate limits applied by path prefix
 * (so every route under /api is covered, including ones added later), JSON parsing with a size limit, the
 * API under /api, the built client at /, JSON 404s and one error mapper. No listening here, so tests can
 * mount it on port 0.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import type { GraphStore } from '../domain/ports/graph-store';
import type { ConsoleLimits } from '../domain/cypher-console';
import type { Vocabulary } from '../domain/seed-schema';
import type { SecurityConfig } from '../config';
import type { StoreReadiness } from '../domain/store-readiness';
import { createApiRouter, healthHandler, STARTING_MESSAGE, type ReadCacheSettings } from './api-routes';
import { trackWrites } from '../domain/write-tracking';
import { CountsCache, countsMaxAgeFor } from '../domain/counts-cache';
import { createAdminRouter } from './admin-routes';
import { createEditRouter } from './edit-routes';
import { createImportRouter } from './import-routes';
import { createDocumentRouter } from './document-routes';
import { createErrorMapper, notFoundRoute, sendError } from './error-mapper';
import { corsPolicy, isWriteRequest, rateLimited, requireAdmin, requireReader, securityHeaders } from './security';

/** Largest JSON body accepted (413 beyond): a console query is at most 20 000 characters plus parameters. */
export const JSON_BODY_LIMIT = '256kb';
/**
 * Largest export request body: a drawn view sent as its ids (up to 10 000 node ids and 50 000 relationship
 * ids, each a few dozen characters) outgrows JSON_BODY_LIMIT long before its own bounds.
 */
export const EXPORT_BODY_LIMIT = '4mb';

/** Routes that stay open without READ_TOKEN: liveness probes and the API description. */
const PUBLIC_API_PATHS = new Set(['/health', '/openapi.json']);

export const DEFAULT_SECURITY: SecurityConfig = {
  corsOrigins: [],
  rateLimit: { windowMs: 60_000, cypher: 60, export: 10, graph: 600 },
  trustProxy: 0,
};

export interface AppOptions {
  store: GraphStore;
  console: ConsoleLimits;
  vocabulary: Vocabulary;
  /** Default evidence horizon of year-filtered answers (EVIDENCE_HORIZON_YEARS); domain default when absent. */
  evidenceHorizon?: number;
  /** Folder of the built client (index.html, main.js); absent folder answers / with a hint. */
  clientDir: string;
  /** Seed folder for POST /api/admin/seed. */
  seedDir?: string;
  security?: SecurityConfig;
  /** Records from which an import is staged (IMPORT_STAGED_FROM). */
  importStagedFrom?: number;
  log?: (message: string, err?: unknown) => void;
  /** Whether the store has been prepared (schema, first-start seed); absent means it was before the app was built. */
  readiness?: StoreReadiness;
  /** Read answers kept per graph stamp (READ_CACHE, READ_CACHE_MB); absent: every request computes its answer. */
  readCache?: ReadCacheSettings;
}

export function createApp(options: AppOptions): Express {
  const log = options.log ?? ((message, err) => console.error(message, err));
  // Every route gets the same store with its writes counted, so the page's cached graph knows when it is stale.
  const writes = trackWrites(options.store);
  const store = writes.store;
  const counts = new CountsCache(store, writes, countsMaxAgeFor(store.engine));
  const security = options.security ?? DEFAULT_SECURITY;
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  if (security.trustProxy > 0) app.set('trust proxy', security.trustProxy);
  app.use(securityHeaders());
  app.use('/api', corsPolicy(security.corsOrigins));
  app.use('/api', (req, res, next) => {
    if (isWriteRequest(req.method, req.path)) {
      requireAdmin(security.adminToken)(req, res, next);
    } else if (security.readToken && !PUBLIC_API_PATHS.has(req.path) && req.method !== 'OPTIONS') {
      requireReader(security.readToken, security.adminToken)(req, res, next);
    } else {
      next();
    }
  });
  // Liveness probes and monitors call this often: answered here, after the headers, CORS and the token
  // gate (it is public, like in the router), without walking the rate limiters, parsers and routers below.
  app.get('/api/health', healthHandler(store, options.readiness, counts));
  // Until the store is prepared its answers would describe a half-seeded graph: the API says so instead.
  const readiness = options.readiness;
  if (readiness) {
    app.use('/api', (req, res, next) => {
      const prepared = readiness.get();
      if (prepared.state === 'ready' || PUBLIC_API_PATHS.has(req.path)) return next();
      res.setHeader('Retry-After', '2');
      sendError(res, 503, 'engine_unavailable', prepared.state === 'failed' ? prepared.message : STARTING_MESSAGE);
    });
  }
  const { windowMs } = security.rateLimit;
  app.use('/api/cypher', rateLimited('console', security.rateLimit.cypher, windowMs));
  app.use('/api/export', rateLimited('export', security.rateLimit.export, windowMs));
  app.use('/api/graph', rateLimited('page graph', security.rateLimit.graph, windowMs));
  // Before the JSON parser: an import carries a whole file (up to IMPORT_BODY_LIMIT), read as raw bytes.
  app.use('/api/import', createImportRouter({ store, vocabulary: options.vocabulary, stagedFromRecords: options.importStagedFrom }));
  // Before the JSON parser too: a document may be an HTML page larger than JSON_BODY_LIMIT.
  app.use('/api/documents', createDocumentRouter({ store, vocabulary: options.vocabulary }));
  // Parsed here first, so the general parser below (which skips a parsed body) does not cap it.
  app.use('/api/export', express.json({ limit: EXPORT_BODY_LIMIT }));
  app.use(express.json({ limit: JSON_BODY_LIMIT }));
  app.use('/api/edits', createEditRouter({ store, vocabulary: options.vocabulary }));
  if (options.seedDir) app.use('/api/admin', createAdminRouter({ store, seedDir: options.seedDir }));
  app.use('/api', createApiRouter({ store, writes, counts, console: options.console, vocabulary: options.vocabulary, evidenceHorizon: options.evidenceHorizon, log, readiness: options.readiness, readCache: options.readCache }));
  app.use('/api', notFoundRoute);
  if (existsSync(path.join(options.clientDir, 'index.html'))) {
    app.use(express.static(options.clientDir, { index: 'index.html', maxAge: '1h' }));
  } else {
    app.get('/', (_req, res) => sendError(res, 503, 'client_not_built', 'The client is not built; run `npm run build`.'));
  }
  app.use(notFoundRoute);
  app.use(createErrorMapper(log));
  return app;
}
