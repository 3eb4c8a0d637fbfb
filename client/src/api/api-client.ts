/**
 * Typed client of Multivector's HTTP API. The wire types come from server/domain/graph-model.ts (type-only
 * imports, so nothing of zod reaches the bundle); responses are trusted as typed, but every non-2xx answer
 * is read as the API's `{ error: { code, message, details? } }` shape and thrown as an ApiRequestError, so
 * callers can show it instead of failing silently.
 */
import type {
  ApiError,
  CypherResult,
  Direction,
  Graph,
  Health,
  NodeDetails,
  PathsResult,
  SearchResult,
  VocabularyInfo,
} from '../../../server/domain/graph-model';
import type { ImportIssue, ImportRecord, ImportSummary, UndoSummary } from '../../../server/domain/import-model';
import type { ExportRequest } from '../../../server/domain/export-request';

export type { ImportIssue, ImportRecord, ImportSummary, UndoSummary };

/** An API call that failed: the server's error code and message, or a client-side code for transport failures. */
export class ApiRequestError extends Error {
  constructor(
    /** The API's error code, or "network_error" / "bad_response" when no API answer could be read. */
    readonly code: string,
    message: string,
    /** HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

export interface PathQuery {
  from: string;
  to: string;
  maxHops: number;
  types?: readonly string[];
  categories?: readonly string[];
  direction?: Direction;
  year?: number;
  limit?: number;
  /** False traces a capital as the city itself; by default it stands for its state (metonyms=on). */
  metonyms?: boolean;
}

export interface NeighborhoodQuery {
  depth?: number;
  types?: readonly string[];
  categories?: readonly string[];
  direction?: Direction;
  year?: number;
  limit?: number;
}

/** Server-side export formats (GET/POST /api/export). */
export const EXPORT_FORMATS = ['json', 'cytoscape', 'graphml', 'gexf', 'csv', 'cypher'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What a server-side export covers. */
export type ExportScope =
  | { readonly kind: 'all' }
  /** Nodes with every relationship among them, or, with `edgeIds` (even empty), exactly those relationships. */
  | { readonly kind: 'nodes'; readonly ids: readonly string[]; readonly edgeIds?: readonly string[] }
  | { readonly kind: 'focus'; readonly focus: string; readonly query: NeighborhoodQuery }
  | { readonly kind: 'paths'; readonly query: PathQuery };

/** Above this many ids the selection goes in a POST body rather than the URL. */
export const MAX_IDS_IN_URL = 150;

export interface Neighborhood extends Graph {
  truncated: boolean;
}

export interface ApiClient {
  health(): Promise<Health>;
  search(q: string, limit: number, signal?: AbortSignal): Promise<SearchResult>;
  node(id: string, signal?: AbortSignal): Promise<NodeDetails>;
  neighborhood(id: string, query?: NeighborhoodQuery): Promise<Neighborhood>;
  paths(query: PathQuery, signal?: AbortSignal): Promise<PathsResult>;
  /** The whole graph as the page draws it on load (GET /api/graph: cached, revalidated with its ETag). */
  wholeGraph(): Promise<Graph>;
  /** The `hubs` best-connected nodes and the relationships among them (GET /api/overview): a large graph's start. */
  overview(hubs: number): Promise<Graph>;
  vocabulary(): Promise<VocabularyInfo>;
  cypher(query: string, signal?: AbortSignal): Promise<CypherResult>;
  /** Downloads a server-side export as a file body and its file name (from Content-Disposition). */
  downloadExport(format: ExportFormat, scope: ExportScope): Promise<{ blob: Blob; filename: string }>;
}

/** The GET address of a server-side export, or null when the scope is too large for a URL. */
export function exportUrl(format: ExportFormat, scope: ExportScope): string | null {
  const base = { format };
  switch (scope.kind) {
    case 'all':
      return `/api/export${toQueryString(base)}`;
    case 'nodes': {
      if (scope.ids.length + (scope.edgeIds?.length ?? 0) > MAX_IDS_IN_URL) return null;
      // An empty edgeIds is sent as "edgeIds=" (no relationships), never left out (every relationship).
      const edgeIds = scope.edgeIds === undefined ? undefined : scope.edgeIds.length === 0 ? '' : scope.edgeIds;
      return `/api/export${toQueryString({ ...base, ids: scope.ids, edgeIds })}`;
    }
    case 'focus': {
      const q = scope.query;
      return `/api/export${toQueryString({ ...base, focus: scope.focus, depth: q.depth, direction: q.direction, types: q.types, categories: q.categories, year: q.year })}`;
    }
    case 'paths': {
      const q = scope.query;
      return `/api/export${toQueryString({ ...base, from: q.from, to: q.to, maxHops: q.maxHops, types: q.types, categories: q.categories, year: q.year, direction: q.direction, limit: q.limit })}`;
    }
  }
}

/** The POST body of a node-selection export (the wire shape of server/domain/export-request.ts). */
function exportBody(format: ExportFormat, scope: ExportScope): ExportRequest {
  // exportUrl gives every other scope a URL: none of them grows with the view.
  if (scope.kind !== 'nodes') throw new Error(`A ${scope.kind} export is sent by GET, not POST.`);
  const { ids, edgeIds } = scope;
  return { format, selection: edgeIds === undefined ? { kind: 'nodes', ids: [...ids] } : { kind: 'nodes', ids: [...ids], edgeIds: [...edgeIds] } };
}

/** The file name of a Content-Disposition header, or `fallback`. */
export function filenameOf(disposition: string | null, fallback: string): string {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition ?? '');
  return match?.[1] !== undefined ? decodeURIComponent(match[1]) : fallback;
}

type QueryValue = string | number | readonly string[] | undefined;

function toQueryString(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) search.set(key, value.join(','));
    } else {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text.length > 0 ? `?${text}` : '';
}

function isApiError(body: unknown): body is ApiError {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** Whether a body is a Health (health answers one with 503 while starting or degraded). */
function isHealth(body: unknown): body is Health {
  if (typeof body !== 'object' || body === null) return false;
  const { status, engine } = body as { status?: unknown; engine?: unknown };
  return (status === 'ok' || status === 'starting' || status === 'degraded') && typeof engine === 'string';
}

/** Turns a non-2xx response into an ApiRequestError, keeping the server's words when it sent the error shape. */
async function toRequestError(response: Response): Promise<ApiRequestError> {
  const text = await response.text().catch(() => '');
  try {
    const body: unknown = JSON.parse(text);
    if (isApiError(body)) {
      return new ApiRequestError(body.error.code, body.error.message, response.status, body.error.details);
    }
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): fall through to a generic message with the status.
  }
  const reason = response.statusText || 'request failed';
  return new ApiRequestError('bad_response', `The server answered ${response.status} ${reason}.`, response.status);
}

/**
 * The body of a successful response as JSON. A body cut short because the caller aborted (the year slider
 * moved on, a newer search replaced this one) stays an AbortError, which callers drop silently: it is no
 * "response that is not JSON".
 */
async function readJson<T>(response: Response, what: string, signal: AbortSignal | null | undefined): Promise<T> {
  try {
    return (await response.json()) as T;
  } catch (cause) {
    if (isAbortError(cause)) throw cause;
    if (signal?.aborted === true) throw new DOMException('The request was cancelled.', 'AbortError');
    throw new ApiRequestError('bad_response', `The server sent a response that is not JSON ${what}.`, response.status);
  }
}

/**
 * Creates the client. `baseUrl` is empty when the page is served by the API itself (the normal case).
 * @param fetchImpl injectable for unit tests; defaults to the browser's fetch.
 */
export function createApiClient(baseUrl = '', fetchImpl: typeof fetch = (input, init) => fetch(input, init)): ApiClient {
  async function send(path: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await fetchImpl(`${baseUrl}${path}`, init);
    } catch (cause) {
      // An abort is the caller's own decision, not an error to show: let it through unchanged.
      if (isAbortError(cause)) throw cause;
      throw new ApiRequestError('network_error', 'The server could not be reached.', 0);
    }
    if (!response.ok) throw await toRequestError(response);
    return response;
  }

  async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
    return readJson<T>(await send(path, { headers: { Accept: 'application/json' }, signal }), `(${path})`, signal);
  }

  /** Health answers 503 with a Health body while starting or degraded: that is a status to show, not a failure. */
  async function getHealth(): Promise<Health> {
    let response: Response;
    try {
      response = await fetchImpl(`${baseUrl}/api/health`, { headers: { Accept: 'application/json' } });
    } catch (cause) {
      if (isAbortError(cause)) throw cause;
      throw new ApiRequestError('network_error', 'The server could not be reached.', 0);
    }
    if (response.status === 503) {
      const body: unknown = await response.clone().json().catch(() => null);
      if (isHealth(body)) return body;
    }
    if (!response.ok) throw await toRequestError(response);
    return readJson<Health>(response, '(/api/health)', undefined);
  }

  return {
    health: getHealth,
    search: (q, limit, signal) => getJson<SearchResult>(`/api/search${toQueryString({ q, limit })}`, signal),
    node: (id, signal) => getJson<NodeDetails>(`/api/nodes/${encodeURIComponent(id)}`, signal),
    neighborhood: (id, query = {}) =>
      getJson<Neighborhood>(
        `/api/nodes/${encodeURIComponent(id)}/neighborhood${toQueryString({
          depth: query.depth,
          types: query.types,
          categories: query.categories,
          direction: query.direction,
          year: query.year,
          limit: query.limit,
        })}`,
      ),
    paths: (query, signal) =>
      getJson<PathsResult>(
        `/api/paths${toQueryString({
          from: query.from,
          to: query.to,
          maxHops: query.maxHops,
          types: query.types,
          categories: query.categories,
          direction: query.direction,
          year: query.year,
          limit: query.limit,
          metonyms: query.metonyms === false ? 'off' : undefined,
        })}`,
        signal,
      ),
    wholeGraph: () => getJson<Graph>('/api/graph'),
    overview: (hubs) => getJson<Graph>(`/api/overview${toQueryString({ hubs })}`),
    vocabulary: () => getJson<VocabularyInfo>('/api/vocabulary'),
    async cypher(query, signal) {
      const response = await send('/api/cypher', {
        method: 'POST',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: JSON.stringify({ query }),
        signal,
      });
      return readJson<CypherResult>(response, '(the console answer)', signal);
    },
    async downloadExport(format, scope) {
      const url = exportUrl(format, scope);
      const response =
        url !== null
          ? await send(url, {})
          : await send('/api/export', {
              method: 'POST',
              headers: { 'Content-Type': 'application/json' },
              // Only a node selection can outgrow a URL; the other scopes always fit.
              body: JSON.stringify(exportBody(format, scope)),
            });
      const filename = filenameOf(response.headers.get('Content-Disposition'), `multivector-export.${format}`);
      return { blob: await response.blob(), filename };
    },
  };
}

/** True for the error a fetch throws when its AbortSignal fired: superseded requests, not failures. */
export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** Content-Type of an import file by its extension (the server also keys the format on `?name=`). */
function importContentType(name: string): string {
  const lower = name.toLowerCase();
  if (lower.endsWith('.zip')) return 'application/zip';
  if (lower.endsWith('.csv')) return 'text/csv';
  return 'application/json';
}

/** One admin request (ADMIN_TOKEN as a Bearer header, never in the URL); errors as ApiRequestError. */
export async function adminRequest<T>(url: string, init: RequestInit, token: string, what: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: { Accept: 'application/json', Authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
  } catch {
    throw new ApiRequestError('network_error', 'The server could not be reached.', 0);
  }
  if (!response.ok) throw await toRequestError(response);
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiRequestError('bad_response', `The server sent ${what} that is not JSON.`, response.status);
  }
}

/**
 * Imports one file through POST /api/import, the file as the body. Standalone functions rather than ApiClient
 * members so the explorer's client (and its test doubles) stay read-only.
 */
export async function importFile(
  file: { readonly name: string; readonly body: Blob },
  options: { readonly token: string; readonly dryRun: boolean },
  baseUrl = '',
): Promise<ImportSummary> {
  return adminRequest<ImportSummary>(
    `${baseUrl}/api/import${toQueryString({ name: file.name, dryRun: String(options.dryRun) })}`,
    { method: 'POST', headers: { 'Content-Type': importContentType(file.name) }, body: file.body },
    options.token,
    'an import answer',
  );
}

/** Imports several files as one import (multipart/form-data: nodes.csv with relationships.csv, seed articles). */
export async function importFiles(
  files: ReadonlyArray<{ readonly name: string; readonly body: Blob }>,
  options: { readonly token: string; readonly dryRun: boolean },
  baseUrl = '',
): Promise<ImportSummary> {
  const form = new FormData();
  for (const f of files) form.append('file', f.body, f.name);
  // No Content-Type header: the browser writes multipart/form-data with its boundary.
  return adminRequest<ImportSummary>(`${baseUrl}/api/import${toQueryString({ dryRun: String(options.dryRun) })}`, { method: 'POST', body: form }, options.token, 'an import answer');
}

/** The import log, newest first (GET /api/import). */
export async function listImports(token: string, baseUrl = ''): Promise<ImportRecord[]> {
  const answer = await adminRequest<{ imports: ImportRecord[] }>(`${baseUrl}/api/import`, { method: 'GET' }, token, 'an import log');
  return answer.imports;
}

/** Undoes one import or edit (POST /api/import/:id/undo). */
export async function undoImport(id: string, token: string, baseUrl = ''): Promise<UndoSummary> {
  return adminRequest<UndoSummary>(`${baseUrl}/api/import/${encodeURIComponent(id)}/undo`, { method: 'POST' }, token, 'an undo answer');
}
