/**
 * The console queries the explorer writes itself about a source document: the claims it supports (the
 * document's details) and the document as a node (a shared link focusing on one). The id goes in as a
 * Cypher string literal, escaped, since the console takes no parameters from the page.
 */
import { DOCUMENT_KIND } from '../../../../server/domain/document-kind';

/** `value` as a single-quoted Cypher string literal. */
function cypherString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A console query for the claims a document is evidence for. */
export function claimsQuery(documentId: string): string {
  return `MATCH (a)-[r]->(b) WHERE ${cypherString(documentId)} IN r.sourceDocuments RETURN a, r, b`;
}

/** A console query answering the document itself, which the console draws as a node of kind SourceDocument. */
export function documentQuery(documentId: string): string {
  return `MATCH (d:${DOCUMENT_KIND}) WHERE d.id = ${cypherString(documentId)} RETURN d`;
}
