/**
 * The one place errors become HTTP responses: `{ error: { code, message, details? } }` with a status
 * that fits. Unknown errors are logged with their stack and answered as a plain 500; no stack trace or
 * engine internals ever reach a client.
 */
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { DomainError, type ErrorCode } from '../domain/errors';

const STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  not_found: 404,
  conflict: 409,
  query_rejected: 400,
  query_failed: 400,
  query_timeout: 504,
  too_large: 422,
  engine_unavailable: 503,
  engine_restarted: 503,
  // 503, not 500: nothing is wrong with the request or the server, the engine has no room for it now.
  engine_memory_full: 503,
  query_crashed_engine: 400,
  // 499: nginx's "client closed request"; nobody reads it, but logs and metrics tell it from a failure.
  request_aborted: 499,
  rate_limited: 429,
  unauthorized: 401,
  forbidden: 403,
  internal: 500,
};

export function sendError(res: Response, status: number, code: string, message: string, details?: unknown): void {
  res.status(status).json({ error: details === undefined ? { code, message } : { code, message, details } });
}

/** Turns a zod error into one message naming each bad field, e.g. "maxHops must be at most 8". */
export function describeZodError(error: z.ZodError, where: string, stripPrefix?: string): { message: string; details: unknown } {
  const name = (path: string): string => (stripPrefix && path.startsWith(stripPrefix) ? path.slice(stripPrefix.length) : path);
  const fields = error.issues.map((i) => ({ field: name(i.path.map(String).join('.')) || where, message: i.message }));
  return {
    message: fields.map((f) => `${f.field} ${f.message}`).join('; '),
    details: { fields },
  };
}

export const notFoundRoute: RequestHandler = (req, res) => {
  sendError(res, 404, 'not_found', `No route ${req.method} ${req.originalUrl.split('?')[0] ?? ''}`);
};

interface HttpParserError {
  type?: string;
  status?: number;
  limit?: number;
}

export function createErrorMapper(log: (message: string, err: unknown) => void): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    if (err instanceof DomainError) {
      sendError(res, STATUS[err.code], err.code, err.message, err.details);
      return;
    }
    if (err instanceof z.ZodError) {
      const { message, details } = describeZodError(err, 'request');
      sendError(res, 400, 'invalid_request', message, details);
      return;
    }
    const parserError = err as HttpParserError;
    if (parserError && parserError.type === 'entity.parse.failed') {
      sendError(res, 400, 'invalid_request', 'The request body is not valid JSON.');
      return;
    }
    if (parserError && parserError.type === 'entity.too.large') {
      sendError(res, 413, 'too_large', `The request body is larger than ${parserError.limit ?? 'the'} bytes allowed.`);
      return;
    }
    if (parserError && typeof parserError.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
      sendError(res, parserError.status, 'invalid_request', 'The request could not be read.');
      return;
    }
    log('Unhandled error while answering a request', err);
    sendError(res, 500, 'internal', 'An internal error occurred; it has been logged.');
  };
}
