/**
 * Document ingestion, the use cases behind /api/documents: store a document with its text (an import of
 * one document record: logged and undoable like any import), describe it (the proposals its text supports
 * against the graph as it is now), and commit the claims an analyst accepted. A commit is an import too:
 * validated against the vocabulary, written in one transaction, logged, undoable; every quote must appear
 * in the stored text (up to white space and typographic quotes and dashes), or nothing is written.
 */
import { createHash } from 'node:crypto';
import type { GraphEdge, GraphNode, Source } from './graph-model';
import { CommitRequestSchema, DocumentInputSchema, DOCUMENT_MAX_CHARS, type CommitClaim, type DocumentAnalysis, type DocumentInput } from './document-model';
import { InvalidRequestError, NotFoundError } from './errors';
import { importGraph } from './import-graph';
import { gradeBySeedRule, SOURCE_GRADES_KEY } from './source-grades';
import type { ImportSummary } from './import-model';
import type { SeedDocument, Vocabulary } from './seed-schema';
import type { GraphStore } from './ports/graph-store';
import { defaultRelationshipId } from '../seed/seed-loader';
import { extractText, looksLikeHtml } from '../documents/text-extraction';
import { analyseDocument } from '../documents/analyse-document';
import { slugOf } from '../documents/entity-candidates';
import { chrono } from '../documents/lazy-nlp';

export interface DocumentDependencies {
  store: GraphStore;
  vocabulary: Vocabulary;
  actor: string;
}

type TextDocument = SeedDocument & { text: string };

/** Folding for the verbatim check: the seed's quotes were copied with straight quotes and plain spaces. */
export function normaliseForQuote(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u2018\u2019\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u2033]/g, '"')
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The latest dated day the text names, as a marked inference of the publication date. */
function inferPublished(text: string): { published: string; note: string } | undefined {
  let latest: { iso: string; text: string } | undefined;
  for (const r of chrono().parse(text)) {
    const c = r.start;
    if (!c.isCertain('year') || !c.isCertain('month')) continue;
    const y = c.get('year');
    const m = c.get('month');
    if (!y || !m) continue;
    const d = c.isCertain('day') ? c.get('day') : null;
    const iso = `${y}-${String(m).padStart(2, '0')}${d ? `-${String(d).padStart(2, '0')}` : ''}`;
    if (!latest || iso > latest.iso) latest = { iso, text: r.text };
  }
  return latest && { published: latest.iso, note: `Inferred: the latest date the text names ("${latest.text}").` };
}

/**
 * Stores a document with its readable text and answers the proposals its text supports. The id is the
 * given one or the title's slug with a hash of the text, so sending the same article twice stores it once.
 * @throws InvalidRequestError naming the field for bad input, or an id already holding another text.
 */
export async function createDocument(deps: DocumentDependencies, raw: unknown): Promise<DocumentAnalysis> {
  const input = DocumentInputSchema.parse(raw);
  const format = input.format === 'text' && looksLikeHtml(input.text) ? 'html' : input.format;
  const text = extractText(input.text, format);
  if (text.trim().length === 0) throw new InvalidRequestError('text holds no readable text', { field: 'text' });
  if (text.length > DOCUMENT_MAX_CHARS) throw new InvalidRequestError(`text is longer than ${DOCUMENT_MAX_CHARS} characters`, { field: 'text' });
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 10);
  const id = input.id ?? `${slugOf(input.title).slice(0, 60).replace(/-+$/, '')}-${hash}`;
  let published = input.published;
  let publishedInferred = input.publishedInferred;
  let publishedNote = input.publishedNote;
  if (!published) {
    const inferred = inferPublished(text);
    if (!inferred) throw new InvalidRequestError('published is missing and the text names no dated day to infer it from: send published (YYYY, YYYY-MM or YYYY-MM-DD)', { field: 'published' });
    published = inferred.published;
    publishedInferred = true;
    publishedNote = publishedNote ?? inferred.note;
  }
  const doc: TextDocument = { id, publisher: input.publisher, title: input.title, published, text };
  if (input.author) doc.author = input.author;
  if (publishedInferred) doc.publishedInferred = true;
  if (publishedNote) doc.publishedNote = publishedNote;
  if (input.url) doc.url = input.url;

  const stored = await deps.store.getDocument(id);
  let importId: string | undefined;
  if (stored) {
    if (stored.text !== undefined && stored.text !== text) {
      throw new InvalidRequestError(`Document "${id}" is already stored with another text; send another id.`, { field: 'id' });
    }
    if (stored.text === undefined) importId = (await importDocument(deps, doc)).importId;
  } else {
    importId = (await importDocument(deps, doc)).importId;
  }
  const analysis = await analyseDocument(deps.store, deps.vocabulary, doc);
  return { document: { ...doc }, ...(importId ? { importId } : {}), ...analysis };
}

async function importDocument(deps: DocumentDependencies, doc: TextDocument): Promise<ImportSummary> {
  const bytes = new TextEncoder().encode(JSON.stringify({ documents: [doc] }));
  return importGraph(deps.store, [{ name: 'document.json', bytes }], { actor: deps.actor, vocabulary: deps.vocabulary });
}

async function storedTextDocument(store: GraphStore, id: string): Promise<TextDocument> {
  const doc = await store.getDocument(id);
  if (!doc) throw new NotFoundError(`No document "${id}".`);
  if (doc.text === undefined) throw new InvalidRequestError(`Document "${id}" has no stored text: send it again with POST /api/documents.`);
  return { ...doc, text: doc.text };
}

/** A stored document with its text and what its text proposes against the graph as it is now. */
export async function describeDocument(deps: Omit<DocumentDependencies, 'actor'>, id: string): Promise<DocumentAnalysis> {
  const doc = await storedTextDocument(deps.store, id);
  return { document: doc, ...(await analyseDocument(deps.store, deps.vocabulary, doc)) };
}

/**
 * Commits accepted claims of a stored document through the import path. A claim naming an existing
 * relationship (`corroborates`, or the same type between the same ends) adds its quote as a new source of
 * that relationship; others become new relationships. New entities come with the request.
 * @throws InvalidRequestError naming every quote not found in the text, or unknown endpoints.
 */
export async function commitDocumentClaims(deps: DocumentDependencies, id: string, raw: unknown): Promise<ImportSummary> {
  const request = CommitRequestSchema.parse(raw);
  const doc = await storedTextDocument(deps.store, id);
  const text = normaliseForQuote(doc.text);
  const missing = request.claims
    .map((c, i) => ({ index: i, quote: c.quote }))
    .filter((c) => !text.includes(normaliseForQuote(c.quote)));
  if (missing.length > 0) {
    throw new InvalidRequestError(
      `${missing.length === 1 ? 'A quote is' : `${missing.length} quotes are`} not in the text of "${id}": ${missing.map((m) => `claims[${m.index}] "${m.quote}"`).join('; ')}`,
      { field: 'claims', quotesNotInText: missing },
    );
  }

  const newNodes = new Map<string, GraphNode>(
    request.entities.map((e) => [e.id, { id: e.id, kind: e.kind, name: e.name, aliases: e.aliases ?? [], properties: { ...(e.properties ?? {}), documents: [id] } }]),
  );
  const endpointIds = [...new Set(request.claims.flatMap((c) => [c.source, c.target]))];
  const known = new Set((await deps.store.getNodes(endpointIds)).map((n) => n.id));
  const unknown = endpointIds.filter((e) => !known.has(e) && !newNodes.has(e));
  if (unknown.length > 0) {
    throw new InvalidRequestError(`Unknown entit${unknown.length === 1 ? 'y' : 'ies'} ${unknown.map((u) => `"${u}"`).join(', ')}: add ${unknown.length === 1 ? 'it' : 'them'} to entities or pick a known one.`, { field: 'claims', unknown });
  }

  const edgeIdOf = (c: CommitClaim): string => c.corroborates ?? defaultRelationshipId(c.source, c.type, c.target);
  const existing = new Map((await deps.store.getEdges([...new Set(request.claims.map(edgeIdOf))])).map((e) => [e.id, e]));
  const edges = new Map<string, GraphEdge>();
  for (const [i, c] of request.claims.entries()) {
    const edgeId = edgeIdOf(c);
    const old = edges.get(edgeId) ?? existing.get(edgeId);
    if (c.corroborates && !old) throw new InvalidRequestError(`claims[${i}].corroborates names no relationship: "${c.corroborates}".`, { field: `claims.${i}.corroborates` });
    if (old && c.corroborates && !((old.source === c.source && old.target === c.target) || (old.source === c.target && old.target === c.source))) {
      throw new InvalidRequestError(`claims[${i}] joins "${c.source}" and "${c.target}", but "${old.id}" joins "${old.source}" and "${old.target}".`, { field: `claims.${i}` });
    }
    const source: Source = { document: id, quote: c.quote, ...(c.role ? { role: c.role } : {}) };
    if (old) {
      // Corroboration: the same relationship gains a source; its own properties stay as they are.
      const sources = old.sources.some((s) => s.document === id && normaliseForQuote(s.quote) === normaliseForQuote(c.quote)) ? old.sources : [...old.sources, source];
      const properties = { ...old.properties };
      const grades = properties[SOURCE_GRADES_KEY];
      // Grades run parallel to the sources: the new source gets the seed rule's grade for its publisher.
      if (sources !== old.sources && Array.isArray(grades) && grades.length === old.sources.length) {
        properties[SOURCE_GRADES_KEY] = [...(grades as string[]), gradeBySeedRule({ ...source, publisher: doc.publisher }, old)];
      }
      edges.set(edgeId, { ...old, properties, sources: sources.map(({ document, quote, role }) => ({ document, quote, ...(role ? { role } : {}) })) });
    } else {
      edges.set(edgeId, { id: edgeId, type: c.type, source: c.source, target: c.target, properties: { ...(c.properties ?? {}) }, sources: [source] });
    }
  }
  const bytes = new TextEncoder().encode(JSON.stringify({ nodes: [...newNodes.values()], edges: [...edges.values()] }));
  return importGraph(deps.store, [{ name: `${id}.claims.json`, bytes }], { actor: deps.actor, vocabulary: deps.vocabulary });
}

export type { DocumentInput };
