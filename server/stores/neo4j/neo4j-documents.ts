/**
 * Neo4j's reads of documents: their catalogue (texts left out) and one document with its text
 * (GraphStore.listDocuments, getDocument), the reads about them beyond their own record
 * (edgesCitingDocuments and documentTextStamps), and the document row every write stores: its catalogue,
 * its text and `textDigest`, the digest of the text. Neo4j has no hash function without plugins, so the stamp of a text is the digest
 * written with it; `SET d = row` replaces both together.
 */
import type { CitingEdge, CitingEdges, CitingEdgesOptions, DocumentTextStamp } from '../../domain/ports/graph-store';
import type { Node } from 'neo4j-driver';
import type { SeedDocument } from '../../domain/seed-schema';
import { documentTextDigest } from '../../domain/document-text-digest';
import { DOCUMENT_LABEL, ENTITY_LABEL, fromStoredDocument, toStoredDocument, withoutText } from '../stored-graph';
import type { ReadObjects as Read } from './neo4j-read';
import { plainProperties, toPlain } from './neo4j-values';

/** Every stored document by id, texts left out (the catalogue relationships resolve their sources with). */
export async function readDocumentCatalog(read: Read): Promise<Map<string, SeedDocument>> {
  const rows = await read(`MATCH (d:${DOCUMENT_LABEL}) RETURN d`);
  return new Map(
    rows.map((r) => {
      const d = withoutText(fromStoredDocument(plainProperties((r.d as Node).properties as Record<string, unknown>)));
      return [d.id, d];
    }),
  );
}

/** The document `id` with its text, if stored. */
export async function readDocument(read: Read, id: string): Promise<SeedDocument | undefined> {
  const rows = await read(`MATCH (d:${DOCUMENT_LABEL} {id: $id}) RETURN d`, { id });
  const row = rows[0];
  return row ? fromStoredDocument(plainProperties((row.d as Node).properties as Record<string, unknown>)) : undefined;
}

/** A document's stored properties plus `textDigest` when it has a text. */
export function toNeo4jDocument(doc: SeedDocument): Record<string, unknown> {
  const row: Record<string, unknown> = toStoredDocument(doc);
  if (doc.text !== undefined) row.textDigest = documentTextDigest(doc.text);
  return row;
}

/**
 * Relationships citing any of $docs, sorted by id, all counted and the first $limit listed. A full scan of
 * the relationships (no index reaches into a list property), in one query and one round trip.
 */
const CITING_QUERY = `MATCH (a:${ENTITY_LABEL})-[r]->(b:${ENTITY_LABEL})
WHERE any(d IN r.sourceDocuments WHERE d IN $docs) AND NOT r.id IN $excluding
WITH a, r, b ORDER BY r.id
WITH collect({id: r.id, type: type(r), source: a.id, target: b.id, document: [d IN r.sourceDocuments WHERE d IN $docs][0]}) AS found
RETURN size(found) AS total, found[0..$limit] AS edges`;

/** The relationships citing `documentIds` (GraphStore.edgesCitingDocuments). */
export async function readEdgesCitingDocuments(read: Read, documentIds: readonly string[], options: CitingEdgesOptions): Promise<CitingEdges> {
  if (documentIds.length === 0) return { edges: [], total: 0 };
  const rows = await read(CITING_QUERY, { docs: [...new Set(documentIds)], excluding: [...(options.excluding ?? [])], limit: options.limit });
  const row = rows[0];
  if (!row) return { edges: [], total: 0 };
  return { edges: toPlain(row.edges) as CitingEdge[], total: toPlain(row.total) as number };
}

/** Every stored text's digest as written with it; null for a text written without one (by another client). */
export async function readDocumentTextStamps(read: Read): Promise<DocumentTextStamp[]> {
  const rows = await read(`MATCH (d:${DOCUMENT_LABEL}) WHERE d.text IS NOT NULL RETURN d.id AS id, d.textDigest AS digest`);
  return rows.map((r) => ({ id: String(r.id), digest: typeof r.digest === 'string' ? r.digest : null }));
}
