/**
 * Typed calls of the documents API (POST /api/documents, POST /api/documents/:id/commit), for token
 * holders, and GET /api/documents/:id, a read anyone may make (a search opens a document's passage with it).
 * Standalone like the import calls, so the explorer's read-only client stays read-only.
 */
import type { CommitClaim, DocumentAnalysis, DocumentInput } from '../../../server/domain/document-model';
import type { ImportSummary } from '../../../server/domain/import-model';
import { ApiRequestError } from './api-client';

export type { CommitClaim, DocumentAnalysis, DocumentInput };

/** A new entity sent with a commit (a candidate accepted). */
export interface CommitEntity {
  id: string;
  kind: string;
  name: string;
}

async function send<T>(url: string, body: unknown, token: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiRequestError('network_error', 'The server could not be reached.', 0);
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new ApiRequestError('bad_response', 'The server sent an answer that is not JSON.', response.status);
  }
  if (!response.ok) {
    const error = (json as { error?: { code?: string; message?: string; details?: unknown } }).error;
    throw new ApiRequestError(error?.code ?? 'http_error', error?.message ?? `HTTP ${response.status}`, response.status, error?.details);
  }
  return json as T;
}

/** Stores a document with its text and answers its proposals. */
export function addDocument(input: DocumentInput, token: string, baseUrl = ''): Promise<DocumentAnalysis> {
  return send<DocumentAnalysis>(`${baseUrl}/api/documents`, input, token);
}

/** Commits accepted claims (and the new entities they need) of a stored document. */
export function commitDocument(id: string, body: { entities: CommitEntity[]; claims: CommitClaim[] }, token: string, baseUrl = ''): Promise<ImportSummary> {
  return send<ImportSummary>(`${baseUrl}/api/documents/${encodeURIComponent(id)}/commit`, body, token);
}

/** A stored document with its text and the proposals it supports now (no token: a read). */
export async function getDocument(id: string, baseUrl = ''): Promise<DocumentAnalysis> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/api/documents/${encodeURIComponent(id)}`, { headers: { Accept: 'application/json' } });
  } catch {
    throw new ApiRequestError('network_error', 'The server could not be reached.', 0);
  }
  const json = (await response.json().catch(() => undefined)) as unknown;
  if (json === undefined) throw new ApiRequestError('bad_response', 'The server sent an answer that is not JSON.', response.status);
  if (!response.ok) {
    const error = (json as { error?: { code?: string; message?: string; details?: unknown } }).error;
    throw new ApiRequestError(error?.code ?? 'http_error', error?.message ?? `HTTP ${response.status}`, response.status, error?.details);
  }
  return json as DocumentAnalysis;
}
