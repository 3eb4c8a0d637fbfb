/**
 * Import routes under /api/import. Every request here passes requireAdmin first (create-app.ts): off
 * without ADMIN_TOKEN, and only with `Authorization: Bearer <ADMIN_TOKEN>` otherwise. The body is one file,
 * sent as it is: Graph JSON or a graph-seed file (application/json), the CSV export's zip (application/zip)
 * or one of its CSV files (text/csv); `?name=` gives the file name the import reports and keys formats on.
 * Or several files as multipart/form-data (one file part each, named by its filename), streamed to a
 * temporary folder and imported together as one import.
 */
import express, { Router } from 'express';
import { z } from 'zod';
import { importGraph, listImports, undoImport } from '../domain/import-graph';
import type { Vocabulary } from '../domain/seed-schema';
import type { GraphStore } from '../domain/ports/graph-store';
import { sendError } from './error-mapper';
import { parseRequest } from './parse-request';
import { isMultipart, receiveMultipartFiles, removeReceived, UploadTooLargeError, IMPORT_FILE_NAME, type ReceivedFiles } from './multipart-files';
import { InvalidRequestError } from '../domain/errors';

/** Largest file one request may carry: bigger imports go through `npm run import`, which streams from disk. */
export const IMPORT_BODY_LIMIT = '64mb';
/** Multipart: files per request, and bytes per file (streamed to disk, not held in memory). */
export const IMPORT_MAX_FILES = 50;
export const IMPORT_MAX_FILE_BYTES = 256 * 1024 * 1024;

const EXTENSION_BY_TYPE: Record<string, string> = {
  'application/json': '.json',
  'application/zip': '.zip',
  'application/x-zip-compressed': '.zip',
  'text/csv': '.csv',
};

const ImportQuerySchema = z.object({
  name: z
    .string()
    .min(1, 'must not be empty')
    .max(200, 'is longer than 200 characters')
    .regex(IMPORT_FILE_NAME, 'must be a file name ending in .json, .csv or .zip')
    .refine((n) => ![...n].some((c) => c.charCodeAt(0) < 0x20), 'must not hold control characters')
    .optional(),
  dryRun: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
});

const ImportIdSchema = z.object({ id: z.string().min(1).max(200) });


export interface ImportDependencies {
  store: GraphStore;
  vocabulary: Vocabulary;
  stagedFromRecords?: number;
}

export function createImportRouter(deps: ImportDependencies): Router {
  const router = Router();
  // Raw bytes, whatever the type: the import reads the file itself, as the CLI does from disk.
  const rawBody = express.raw({ type: (req) => !isMultipart(req.headers['content-type']), limit: IMPORT_BODY_LIMIT });

  router.post('/', rawBody, async (req, res) => {
    const q = parseRequest(ImportQuerySchema, req.query, 'query');
    if (isMultipart(req.headers['content-type'])) {
      let received: ReceivedFiles;
      try {
        received = await receiveMultipartFiles(req, { maxFiles: IMPORT_MAX_FILES, maxFileBytes: IMPORT_MAX_FILE_BYTES });
      } catch (err) {
        if (err instanceof UploadTooLargeError) {
          sendError(res, 413, 'too_large', err.message);
          return;
        }
        throw err;
      }
      try {
        const summary = await importGraph(deps.store, received.files, {
          actor: 'api (ADMIN_TOKEN)',
          dryRun: q.dryRun === 'true',
          vocabulary: deps.vocabulary,
          stagedFromRecords: deps.stagedFromRecords,
        });
        res.status(q.dryRun === 'true' ? 200 : 201).json(summary);
      } finally {
        await removeReceived(received);
      }
      return;
    }
    const bytes: unknown = req.body;
    if (!(bytes instanceof Buffer) || bytes.length === 0) throw new InvalidRequestError('The request has no body: send the file to import as the body.');
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const extension = EXTENSION_BY_TYPE[type];
    if (!q.name && !extension) {
      throw new InvalidRequestError(`Content-Type "${type || '(none)'}" is not an import format: send application/json, application/zip or text/csv, or name the file with ?name=`);
    }
    const name = q.name ?? `upload${extension ?? ''}`;
    const summary = await importGraph(deps.store, [{ name, bytes: new Uint8Array(bytes) }], {
      actor: 'api (ADMIN_TOKEN)',
      dryRun: q.dryRun === 'true',
      vocabulary: deps.vocabulary,
      stagedFromRecords: deps.stagedFromRecords,
    });
    res.status(q.dryRun === 'true' ? 200 : 201).json(summary);
  });

  router.get('/', async (_req, res) => {
    res.json({ imports: await listImports(deps.store) });
  });

  router.post('/:id/undo', async (req, res) => {
    const { id } = parseRequest(ImportIdSchema, req.params, 'path');
    res.json(await undoImport(deps.store, id, { actor: 'api (ADMIN_TOKEN)', stagedFromRecords: deps.stagedFromRecords }));
  });

  return router;
}
