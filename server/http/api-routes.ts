/**
 * The API's routes, version 1. Each one parses its input with a zod schema, calls one use case and
 * sends the result; errors go to the error mapper. No Cypher and no engine knowledge here.
 */
import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import { CypherRequestSchema, type Health } from '../domain/graph-model';
import { InvalidRequestError, DomainError } from '../domain/errors';
import type { StoreReadiness } from '../domain/store-readiness';
import { SearchIndex } from '../domain/search-index';
import { getNeighborhood, getNodeDetails, tracePaths } from '../domain/traversal';
import { DEFAULT_EVIDENCE_HORIZON_YEARS } from '../domain/validity';
import type { ConsoleLimits } from '../domain/cypher-console';
import { ConsoleAnswers } from '../domain/console-answers';
import { computeInfluence } from '../domain/influence';
import { describeVocabulary, resolveTypes } from '../domain/vocabulary';
import type { Vocabulary } from '../domain/seed-schema';
import type { GraphStore } from '../domain/ports/graph-store';
import { parseRequest } from './parse-request';
import {
  ExportQuerySchema,
  InfluenceQuerySchema,
  exportSelectionFromQuery,
  NeighborhoodQuerySchema,
  NodeIdParamsSchema,
  PathsQuerySchema,
  OverviewQuerySchema,
  SearchQuerySchema,
  toInfluenceQuery,
} from './request-schemas';
import { buildOpenApiDocument } from './openapi';
import { clientGone, sendExport } from './export-response';
import { ExportRequestSchema, type ParsedExportRequest } from '../domain/export-request';
import { prepareExport } from '../domain/export-selection';
import { graphStamp, type WriteTracker } from '../domain/write-tracking';
import { AnswerCache } from './answer-cache';
import { WorkLimiter } from '../domain/work-limiter';
import type { CountsCache } from '../domain/counts-cache';
import { PageGraph } from './page-graph';
import { GraphOverview } from '../domain/graph-overview';

export interface ApiDependencies {
  store: GraphStore;
  /** Counts the app's writes; the page's cached graph follows it. */
  writes: WriteTracker;
  /** Health's counts; read from the store on every call when absent. */
  counts?: Pick<CountsCache, 'current'>;
  console: ConsoleLimits;
  vocabulary: Vocabulary;
  /** Default evidence horizon, in years, of year-filtered answers (a request's `horizon` overrides it). */
  evidenceHorizon?: number;
  /** Where failures after a response started are reported (default console.error). */
  log?: (message: string, err?: unknown) => void;
  /** See AppOptions.readiness. */
  readiness?: StoreReadiness;
  /** See AppOptions.readCache (absent: off). */
  readCache?: ReadCacheSettings;
  /** Traversals (paths, neighbourhoods, influence) computed at once at most, and as many node details in a lane of their own; default TRAVERSALS_AT_ONCE. */
  traversalsAtOnce?: number;
}

/** Two per core of the machines this runs on: the engine works on one while the server walks another. */
export const TRAVERSALS_AT_ONCE = 4;

/** Read answers kept per graph stamp (answer-cache.ts, console-answers.ts). */
export interface ReadCacheSettings {
  /** Bytes of kept answers (traversals, search, details) and as many again for console answers; 0: off. */
  maxBytes: number;
  /** After this long a kept answer is computed again (other writers, Neo4j); 0 means never. */
  maxAgeMs: number;
}

/** Parses `input` with `schema`; a failure becomes a 400 naming each bad field. */
function parse<S extends z.ZodType>(schema: S, input: unknown, where: string, stripPrefix?: string): z.infer<S> {
  if (input && typeof input === 'object') {
    for (const [k, v] of Object.entries(input)) {
      if (Array.isArray(v)) throw new InvalidRequestError(`${k} must be given once`, { fields: [{ field: k, message: 'must be given once' }] });
    }
  }
  return parseRequest(schema, input, where, stripPrefix);
}

function nodeId(req: Request): string {
  return parse(NodeIdParamsSchema, req.params, 'id').id;
}

/** What health says while the store is being prepared (schema, first-start seed). */
export const STARTING_MESSAGE = 'The graph store is being prepared (schema and, on first start, the seed graph); it serves in a moment.';

/**
 * GET /api/health: engine and counts (kept by CountsCache on Neo4j, by the adapter on Kuzu); 503 `starting` until
 * the store is prepared, 503 `degraded` when the engine does not answer. Exported so create-app.ts can also
 * mount it ahead of the routes that need body parsing.
 */
export function healthHandler(
  store: GraphStore,
  readiness?: StoreReadiness,
  counts: Pick<CountsCache, 'current'> = { current: () => store.counts() },
): (req: Request, res: Response) => Promise<void> {
  return async (_req, res) => {
    // What the embedded engine adds in every state: its database generation and its process's restarts.
    const storage = store.storageStatus?.();
    const extra: Pick<Health, 'storage' | 'engineProcess'> = {
      ...(storage ? { storage } : {}),
      ...(store.engineProcessHealth ? { engineProcess: store.engineProcessHealth() } : {}),
    };
    const prepared = readiness?.get() ?? { state: 'ready' };
    if (prepared.state !== 'ready') {
      // Counting now would report a graph that is still being seeded (or an engine known to be away).
      const body: Health =
        prepared.state === 'failed'
          ? { status: 'degraded', engine: store.engine, nodes: null, edges: null, message: prepared.message, ...extra }
          : { status: 'starting', engine: store.engine, nodes: null, edges: null, message: STARTING_MESSAGE, ...extra };
      res.status(503).json(body);
      return;
    }
    try {
      const { nodes, edges } = await counts.current();
      const body: Health = { status: 'ok', engine: store.engine, nodes, edges, ...extra };
      res.json(body);
    } catch (err) {
      const message = err instanceof DomainError ? err.message : 'The graph engine did not answer.';
      const body: Health = { status: 'degraded', engine: store.engine, nodes: null, edges: null, message, ...extra };
      res.status(503).json(body);
    }
  };
}

export function createApiRouter(deps: ApiDependencies): Router {
  const { store } = deps;
  const router = Router();
  const defaultHorizon = deps.evidenceHorizon ?? DEFAULT_EVIDENCE_HORIZON_YEARS;
  const openApi = buildOpenApiDocument();
  const searchIndex = new SearchIndex(store, deps.writes);
  const stamp = graphStamp(store, deps.writes);
  const cacheSettings = { maxBytes: deps.readCache?.maxBytes ?? 0, maxAgeMs: deps.readCache?.maxAgeMs ?? 0, stamp };
  const answers = new AnswerCache(cacheSettings);
  const consoleAnswers = new ConsoleAnswers(store, deps.console, cacheSettings);
  // An answer depends on the graph and on the request as sent (path and query string), nothing else.
  const cached = (req: Request, res: Response, compute: () => Promise<unknown>): Promise<void> => answers.send(req, res, req.originalUrl, compute);
  const traversals = new WorkLimiter(deps.traversalsAtOnce ?? TRAVERSALS_AT_ONCE);
  /** A traversal's answer: kept answers at once, others computed a few at a time (see WorkLimiter). */
  const traversal = (req: Request, res: Response, compute: () => Promise<unknown>): Promise<void> => cached(req, res, () => traversals.run(compute));
  // Node details are one read of the node's star, not a walk holding a ball of relationships: a lane of their
  // own, as many at once, so a click on a node is not queued behind every neighbourhood and path search
  // waiting for a turn (at 1M a neighbourhood took 11 s under load), and cannot take the traversals' turns.
  const details = new WorkLimiter(deps.traversalsAtOnce ?? TRAVERSALS_AT_ONCE);

  router.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });

  router.get('/health', healthHandler(store, deps.readiness, deps.counts));

  router.get('/search', async (req, res) => {
    const q = parse(SearchQuerySchema, req.query, 'query');
    await cached(req, res, () => searchIndex.search(q.q, q.limit));
  });

  router.get('/nodes/:id', async (req, res) => {
    const id = nodeId(req);
    await cached(req, res, () => details.run(() => getNodeDetails(store, id)));
  });

  router.get('/nodes/:id/neighborhood', async (req, res) => {
    const id = nodeId(req);
    const q = parse(NeighborhoodQuerySchema, req.query, 'query');
    const types = resolveTypes(deps.vocabulary, q.types, q.categories);
    await traversal(req, res, () => getNeighborhood(store, { id, depth: q.depth, types, year: q.year, horizon: q.horizon ?? defaultHorizon, direction: q.direction, limit: q.limit }));
  });

  router.get('/paths', async (req, res) => {
    const q = parse(PathsQuerySchema, req.query, 'query');
    const types = resolveTypes(deps.vocabulary, q.types, q.categories);
    await traversal(req, res, () => tracePaths(store, { ...q, types, horizon: q.horizon ?? defaultHorizon, metonyms: q.metonyms !== 'off' }));
  });

  router.get('/influence', async (req, res) => {
    const q = parse(InfluenceQuerySchema, req.query, 'query');
    await traversal(req, res, () => computeInfluence(store, deps.vocabulary, toInfluenceQuery(q)));
  });

  router.get('/vocabulary', async (_req, res) => {
    res.json({ ...(await describeVocabulary(store, deps.vocabulary)), evidenceHorizon: defaultHorizon });
  });

  router.post('/cypher', async (req, res) => {
    const body = parse(CypherRequestSchema, req.body ?? {}, 'body');
    // Aborted when the client goes away before the answer, so the engine can drop the query.
    const abort = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    res.json(await consoleAnswers.run(body.query, body.params ?? {}, abort.signal));
  });

  const exportDeps = { store, vocabulary: deps.vocabulary, console: deps.console };
  const log = deps.log ?? ((message: string, err?: unknown) => console.error(message, err));

  /** Resolves and streams an export; a client that leaves during the first pass ends it quietly. */
  const exportTo = async (res: Response, request: ParsedExportRequest): Promise<void> => {
    const gone = clientGone(res);
    let prepared;
    try {
      prepared = await prepareExport(exportDeps, request, gone);
    } catch (err) {
      if (gone.aborted) return;
      throw err;
    }
    await sendExport(res, prepared, log);
  };

  router.get('/export', async (req, res) => {
    const q = parse(ExportQuerySchema, req.query, 'query');
    // Bounds are the selection's: report them under the query parameter's own name.
    const request = parse(ExportRequestSchema, { format: q.format, selection: exportSelectionFromQuery(q) }, 'query', 'selection.');
    await exportTo(res, request);
  });

  router.post('/export', async (req, res) => {
    const request = parse(ExportRequestSchema, req.body ?? {}, 'body');
    await exportTo(res, request);
  });

  router.get('/graph', new PageGraph({ ...exportDeps, writes: deps.writes }).handler());

  const overview = new GraphOverview({ store, writes: deps.writes, timeoutMs: deps.console.timeoutMs });
  router.get('/overview', async (req, res) => {
    const q = parse(OverviewQuerySchema, req.query, 'query');
    res.json(await overview.read(q.hubs));
  });

  return router;
}
