/**
 * The digest that identifies a stored document's text: MD5 of its UTF-8 bytes, in hex. MD5 because the
 * embedded engine computes exactly this itself (Kuzu's md5()), so its stamps cost no text crossing to the
 * server; Neo4j has no hash function without plugins, so its adapter stores this digest beside the text.
 * It tells versions of a text apart for the search index's cache, nothing more: not a security measure.
 */
import { createHash } from 'node:crypto';

/** Characters hashed between two event-loop turns in documentTextDigestSliced (a few ms each). */
const DIGEST_SLICE_CHARS = 1 << 17;

/** MD5 hex digest of `text`'s UTF-8 bytes (what Kuzu's md5(text) answers). */
export function documentTextDigest(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/**
 * documentTextDigest in slices with event-loop turns between them: hashing 5 million characters at once
 * holds the loop for tens of ms. Slices never split a surrogate pair, so the bytes hashed are the same.
 */
export async function documentTextDigestSliced(text: string): Promise<string> {
  const hash = createHash('md5');
  let at = 0;
  while (at < text.length) {
    let end = Math.min(text.length, at + DIGEST_SLICE_CHARS);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end += 1;
    hash.update(text.slice(at, end), 'utf8');
    at = end;
    if (at < text.length) await new Promise((resolve) => setImmediate(resolve));
  }
  return hash.digest('hex');
}
