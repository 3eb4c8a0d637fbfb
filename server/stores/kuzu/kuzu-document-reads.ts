/**
 * The embedded store's reads of documents: their catalogue (texts left out) and one document with its text
 * (GraphStore.listDocuments, getDocument), and the reads about documents that are not a document's own
 * record: which relationships cite some documents (an undo's check), and each stored text's digest (the
 * search index's cache). Relationships
 * keep their evidence as parallel list columns (stored-graph.ts: sourceDocuments, sourceQuotes, ...), so
 * "cites" means "has the id in sourceDocuments".
 */
import type { KuzuValue } from 'kuzu';
import type { CitingEdge, CitingEdges, CitingEdgesOptions, DocumentTextStamp } from '../../domain/ports/graph-store';
import type { SeedDocument } from '../../domain/seed-schema';
import { DOCUMENT_LABEL, fromStoredDocument, withoutText } from '../stored-graph';

type Run = (query: string, params?: Record<string, KuzuValue>) => Promise<Array<Record<string, unknown>>>;

/** Every stored document by id, texts left out (the catalogue relationships resolve their sources with). */
export async function readDocumentCatalog(run: Run, hasDocuments: boolean): Promise<Map<string, SeedDocument>> {
  const rows = hasDocuments ? await run(`MATCH (d:${DOCUMENT_LABEL}) RETURN d`) : [];
  return new Map(rows.map((r) => {
    const d = withoutText(fromStoredDocument(r.d as Record<string, unknown>));
    return [d.id, d];
  }));
}

/** The document `id` with its text, if stored. */
export async function readDocument(run: Run, hasDocuments: boolean, id: string): Promise<SeedDocument | undefined> {
  if (!hasDocuments) return undefined;
  const rows = await run(`MATCH (d:${DOCUMENT_LABEL}) WHERE d.id = $id RETURN d`, { id });
  return rows[0] ? fromStoredDocument(rows[0].d as Record<string, unknown>) : undefined;
}

/**
 * One query over every relationship table: UNWIND of the list column, since list functions given a NULL
 * list (a table without the column, or a relationship without sources) can crash kuzu 0.11.3, while
 * UNWIND of NULL yields no row. Each asked id is compared by equality (`doc = x`): on a database the store
 * had written (opened from its file), `WITH ..., doc WHERE doc IN $docs` answered some rows with another
 * row's `doc` (e-2 citing only doc-second came back citing doc-cited; tests/contract/document-reads).
 * `$docs` is never empty: an empty list parameter arrives as NULL.
 */
const CITING_QUERY =
  'UNWIND $docs AS x MATCH (a)-[r]->(b) UNWIND r.sourceDocuments AS doc WITH a, r, b, doc, x WHERE doc = x ' +
  'RETURN r.id AS id, label(r) AS type, a.id AS s, b.id AS t, r.sourceDocuments AS docs ORDER BY id';

/**
 * The relationships citing `documentIds`. A relationship citing several of them comes once per cited
 * document; it is kept once, naming the first of them its sources cite.
 */
export async function readEdgesCitingDocuments(
  run: Run,
  hasRelationships: boolean,
  documentIds: readonly string[],
  options: CitingEdgesOptions,
): Promise<CitingEdges> {
  if (documentIds.length === 0 || !hasRelationships) return { edges: [], total: 0 };
  const asked = new Set(documentIds);
  const excluded = new Set(options.excluding ?? []);
  const seen = new Set<string>();
  const edges: CitingEdge[] = [];
  for (const row of await run(CITING_QUERY, { docs: [...asked] })) {
    const id = String(row.id);
    if (excluded.has(id) || seen.has(id)) continue;
    seen.add(id);
    if (edges.length < options.limit) {
      const document = (Array.isArray(row.docs) ? row.docs : []).find((d): d is string => typeof d === 'string' && asked.has(d)) ?? '';
      edges.push({ id, type: String(row.type), source: String(row.s), target: String(row.t), document });
    }
  }
  return { edges, total: seen.size };
}

/** Every stored text's digest, computed by the engine (md5, as documentTextDigest computes it here). */
export async function readDocumentTextStamps(run: Run, hasDocuments: boolean): Promise<DocumentTextStamp[]> {
  if (!hasDocuments) return [];
  const rows = await run(`MATCH (d:${DOCUMENT_LABEL}) WHERE d.text IS NOT NULL RETURN d.id AS id, md5(d.text) AS digest`);
  return rows.map((r) => ({ id: String(r.id), digest: typeof r.digest === 'string' ? r.digest : null }));
}
