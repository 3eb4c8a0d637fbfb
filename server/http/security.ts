/**
 * The HTTP walls in front of every route, applied by path prefix in create-app.ts so routes added later
 * are covered without touching them: security headers with a Content-Security-Policy that fits the
 * explorer page, CORS closed unless origins are configured, rate limits on the expensive routes, and
 * bearer tokens for writes (always) and reads (when READ_TOKEN is set).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import cors from 'cors';
import { rateLimit } from 'express-rate-limit';
import type { SecurityConfig } from '../config';
import { sendError } from './error-mapper';

/**
 * Headers for every response. The page loads only its own script, stylesheet and (for PNG export or a
 * layout worker) blob: images and workers; no inline script, no plugin, no framing.
 */
export function securityHeaders(): RequestHandler {
  // Every header here is the same on every response: helmet's chain of a dozen middlewares runs once, at
  // start-up, against a recorder, and each request gets the recorded headers in one step.
  const recorded = recordHeaders(helmetPolicy());
  return (_req, res, next) => {
    for (const [name, value] of recorded.set) res.setHeader(name, value);
    for (const name of recorded.removed) res.removeHeader(name);
    next();
  };
}

/** What a header middleware does to a response that asks nothing of the request; throws if it needs one. */
function recordHeaders(middleware: RequestHandler): { set: Array<[string, string | number | readonly string[]]>; removed: string[] } {
  const set: Array<[string, string | number | readonly string[]]> = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => set.push([name, value]),
    removeHeader: (name: string) => removed.push(name),
  };
  let done = false;
  // A stand-in request and response offering only the two header calls. Recording is right because this
  // policy has no per-request part (no nonce, no function directive); a policy calling anything else on
  // the response fails here, at start-up.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- stand-ins for express's Request and Response
  middleware({} as any, recorder as any, (err?: unknown) => {
    if (err) throw err instanceof Error ? err : new Error(String(err));
    done = true;
  });
  if (!done) throw new Error('The security header policy did not finish synchronously.');
  return { set, removed };
}

function helmetPolicy(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Inline styles are allowed, scripts are not: CodeMirror 6 (style-mod) writes generated <style> elements
        // whose text varies with the theme, so no hash list covers them, and a nonce would need a templated page.
        // A style can only be injected through HTML, and the client renders every data value as text (tested).
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        scriptSrcAttr: ["'none'"],
      },
    },
    // The app is often served over plain HTTP on a workstation; HSTS belongs to the TLS proxy in front.
    strictTransportSecurity: false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
}

/** CORS: no cross-origin access unless CORS_ORIGINS lists the origins allowed. */
export function corsPolicy(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST'],
    allowedHeaders: ['Content-Type', 'Authorization', 'Accept'],
    maxAge: 600,
  });
}

/** A per-client rate limit answering 429 JSON with the draft-8 RateLimit headers and Retry-After. */
export function rateLimited(name: string, limit: number, windowMs: number): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    identifier: name,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // CORS preflights carry no work; counting them would halve a browser client's quota.
    skip: (req) => req.method === 'OPTIONS',
    handler: (_req, res) => {
      sendError(res, 429, 'rate_limited', `Too many ${name} requests: at most ${limit} every ${Math.round(windowMs / 1000)} s per client. Try again later.`);
    },
  });
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Compares in constant time (both sides hashed to one length first). */
function sameToken(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

/**
 * Write routes: with no ADMIN_TOKEN they are off (403); otherwise they need `Authorization: Bearer <ADMIN_TOKEN>` (401).
 */
export function requireAdmin(adminToken: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (!adminToken) {
      sendError(res, 403, 'forbidden', 'Writes are off on this server: set ADMIN_TOKEN to enable them.');
      return;
    }
    const given = bearerToken(req.headers.authorization);
    if (!given || !sameToken(given, adminToken)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="multivector-admin"');
      sendError(res, 401, 'unauthorized', 'This route writes: send Authorization: Bearer <ADMIN_TOKEN>.');
      return;
    }
    next();
  };
}

/** Read routes when READ_TOKEN is set: the read or the admin token, as a bearer token. */
export function requireReader(readToken: string, adminToken: string | undefined): RequestHandler {
  return (req, res, next) => {
    const given = bearerToken(req.headers.authorization);
    if (given && (sameToken(given, readToken) || (adminToken !== undefined && sameToken(given, adminToken)))) {
      next();
      return;
    }
    res.setHeader('WWW-Authenticate', 'Bearer realm="multivector"');
    sendError(res, 401, 'unauthorized', 'This server requires a token: send Authorization: Bearer <READ_TOKEN>.');
  };
}

/** Paths under /api that write, whatever their method: imports, edits and administration. */
const WRITE_PREFIXES = ['/import', '/edits', '/admin'];
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Paths under /api where a POST writes (storing a document, committing its claims) but a GET reads. */
const WRITE_POST_PREFIXES = ['/documents'];

/**
 * True for a request that may change data: any PUT, PATCH or DELETE under /api, and any request under
 * /api/import, /api/edits or /api/admin. POST stays open for reads that need a body (the console).
 * `path` is relative to /api.
 */
export function isWriteRequest(method: string, path: string): boolean {
  if (WRITE_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`))) return true;
  if (method === 'POST' && WRITE_POST_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`))) return true;
  return !READ_METHODS.has(method) && method !== 'POST';
}

export type { SecurityConfig };
