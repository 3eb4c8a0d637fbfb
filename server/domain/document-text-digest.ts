/**
 * The digest that identifies a stored document's text: MD5 of its UTF-8 bytes, in hex. MD5 because the
 * embedded engine computes exactly this itself (Kuzu's md5()), so its stamps cost no text crossing to the
 * server; Neo4j has no hash function without plugins, so its adapter stores this digest beside the text.
 * It tells versions of a text apart for the search index's cache, nothing more: not a security measure.
 */
import { createHash } from 'node:crypto';

/** MD5 hex digest of `text`'s UTF-8 bytes (what Kuzu's md5(text) answers). */
export function documentTextDigest(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}
