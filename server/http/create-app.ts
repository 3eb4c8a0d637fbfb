/**
 * The Express application factory: JSON parsing with a size limit, the API under /api, the built client
 * at /, JSON 404s and one error mapper. No listening here, so tests can mount it on port 0.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import type { GraphStore } from '../stores/graph-store';
import type { ConsoleLimits } from '../domain/cypher-console';
import type { Vocabulary } from '../domain/seed-schema';
import { createApiRouter } from './api-routes';
import { createErrorMapper, notFoundRoute, sendError } from './error-mapper';

export interface AppOptions {
  store: GraphStore;
  console: ConsoleLimits;
  vocabulary: Vocabulary;
  /** Folder of the built client (index.html, main.js); absent folder answers / with a hint. */
  clientDir: string;
  log?: (message: string, err?: unknown) => void;
}

export function createApp(options: AppOptions): Express {
  const log = options.log ?? ((message, err) => console.error(message, err));
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(express.json({ limit: '256kb' }));
  app.use('/api', createApiRouter({ store: options.store, console: options.console, vocabulary: options.vocabulary, log }));
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
