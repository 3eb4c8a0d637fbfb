/**
 * Document routes under /api/documents. POSTs pass requireAdmin first (security.ts: they write); GET is a
 * read. POST / takes the document as JSON ({ text, format, publisher, title, ... }) or its text as the body
 * (text/plain, text/html, text/markdown: a file as it is) with the other fields in the query string.
 */
import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { commitDocumentClaims, createDocument, describeDocument } from '../domain/document-ingest';
import type { DocumentFormat } from '../domain/document-model';
import type { Vocabulary } from '../domain/seed-schema';
import type { GraphStore } from '../domain/ports/graph-store';
import { InvalidRequestError } from '../domain/errors';

/** Largest body: an HTML page with its markup (the readable text is bounded by DOCUMENT_MAX_CHARS). */
export const DOCUMENT_BODY_LIMIT = '8mb';

const FORMAT_BY_TYPE: Record<string, DocumentFormat> = {
  'text/plain': 'text',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
};

const DocumentIdSchema = z.object({ id: z.string().min(1).max(300) });

export interface DocumentRouteDependencies {
  store: GraphStore;
  vocabulary: Vocabulary;
}

/** The body as the use case takes it: JSON as sent, a text body with the query's fields. */
function documentInput(req: Request): unknown {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (typeof req.body === 'string') {
    const q = req.query as Record<string, unknown>;
    const { publishedInferred, ...rest } = q;
    return {
      ...rest,
      format: q.format ?? FORMAT_BY_TYPE[type] ?? 'text',
      ...(publishedInferred !== undefined ? { publishedInferred: publishedInferred === 'true' } : {}),
      text: req.body,
    };
  }
  if (type !== 'application/json' || req.body === undefined || req.body === null || typeof req.body !== 'object') {
    throw new InvalidRequestError(`Content-Type "${type || '(none)'}" is not a document: send application/json, text/plain, text/html or text/markdown`);
  }
  return req.body;
}

export function createDocumentRouter(deps: DocumentRouteDependencies): Router {
  const router = Router();
  const actor = 'api (ADMIN_TOKEN)';
  const json = express.json({ limit: DOCUMENT_BODY_LIMIT });
  const text = express.text({ type: Object.keys(FORMAT_BY_TYPE), limit: DOCUMENT_BODY_LIMIT });

  router.post('/', json, text, async (req, res) => {
    res.status(201).json(await createDocument({ ...deps, actor }, documentInput(req)));
  });

  router.get('/:id', async (req, res) => {
    const { id } = DocumentIdSchema.parse(req.params);
    res.json(await describeDocument(deps, id));
  });

  router.post('/:id/commit', json, async (req, res) => {
    const { id } = DocumentIdSchema.parse(req.params);
    res.status(201).json(await commitDocumentClaims({ ...deps, actor }, id, req.body));
  });

  return router;
}
