/**
 * The typed client of /api/edits (issue 19): each call sends the admin token as a Bearer header and answers
 * the server's EditSummary, whose importId the import log's Undo (POST /api/import/:id/undo) takes.
 * Standalone functions, like the import's, so the explorer's read client stays read-only.
 */
import type { EditSummary, EntityEdit, RelationshipEdit } from '../../../server/domain/edit-model';
import { adminRequest } from './api-client';

export type { EditSummary, EntityEdit, RelationshipEdit };

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const path = (...parts: Array<string | number>) => `/api/edits/${parts.map((p) => encodeURIComponent(String(p))).join('/')}`;

export function createEntity(edit: EntityEdit, token: string): Promise<EditSummary> {
  return adminRequest(path('entities'), json('POST', edit), token, 'an edit answer');
}

export function replaceEntity(id: string, edit: EntityEdit, token: string): Promise<EditSummary> {
  return adminRequest(path('entities', id), json('PUT', edit), token, 'an edit answer');
}

/** Deletes an entity with its relationships; `dryRun` only lists those relationships (for the confirmation). */
export function deleteEntity(id: string, token: string, dryRun = false): Promise<EditSummary> {
  return adminRequest(`${path('entities', id)}${dryRun ? '?dryRun=true' : ''}`, { method: 'DELETE' }, token, 'an edit answer');
}

export function createRelationship(edit: RelationshipEdit, token: string): Promise<EditSummary> {
  return adminRequest(path('relationships'), json('POST', edit), token, 'an edit answer');
}

export function replaceRelationship(id: string, edit: RelationshipEdit, token: string): Promise<EditSummary> {
  return adminRequest(path('relationships', id), json('PUT', edit), token, 'an edit answer');
}

export function deleteRelationship(id: string, token: string): Promise<EditSummary> {
  return adminRequest(path('relationships', id), { method: 'DELETE' }, token, 'an edit answer');
}

/** Removes source number `index` (0-based) of a relationship. */
export function removeSource(id: string, index: number, token: string): Promise<EditSummary> {
  return adminRequest(path('relationships', id, 'sources', index), { method: 'DELETE' }, token, 'an edit answer');
}
