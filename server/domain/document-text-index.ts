/**
 * The stored documents' texts as search folds them (document-text-search.ts), kept between rebuilds of the
 * search index: each entry is keyed by document id and the digest of the text it was folded from
 * (document-text-digest.ts). A rebuild asks the store for every text's digest in one query and reads and
 * folds only the texts that are new or whose digest changed; entries of removed documents are dropped.
 * Folding runs in slices with event-loop turns between them, so a rebuild of millions of characters does
 * not hold up requests. An entry is only ever reused for the digest of the very text it was folded from
 * (computed here from the text read), so a text that changed between the stamps and the read is read again
 * on the next rebuild, never answered stale.
 */
import type { GraphStore } from './ports/graph-store';
import type { SeedDocument } from './seed-schema';
import { documentTextDigestSliced } from './document-text-digest';
import { indexDocumentTextSliced, type DocumentTextEntry } from './document-text-search';

/** Characters of stored document text indexed at most (a few hundred long articles). */
export const DOCUMENT_TEXT_MAX_CHARS = 5_000_000;

interface Kept {
  digest: string;
  entry: DocumentTextEntry;
}

/** What one refresh read, for the server log and the bench. */
export interface DocumentTextRefresh {
  texts: DocumentTextEntry[];
  /** False when texts were left out past DOCUMENT_TEXT_MAX_CHARS. */
  documentTexts: boolean;
  /** Texts read from the store (new or changed) by this refresh. */
  read: number;
}

/** The folded texts of the stored documents, refreshed incrementally (see the module comment). */
export class DocumentTextIndex {
  private kept = new Map<string, Kept>();

  constructor(
    private readonly store: GraphStore,
    private readonly maxChars = DOCUMENT_TEXT_MAX_CHARS,
  ) {}

  /**
   * The texts of `documents` (the bibliography, without texts), newest first, within the character budget.
   * Not to be called again before the previous call has settled (the search index builds one at a time).
   */
  async refresh(documents: readonly SeedDocument[]): Promise<DocumentTextRefresh> {
    const stamps = new Map((await this.store.documentTextStamps()).map((s) => [s.id, s.digest]));
    const newestFirst = documents
      .filter((d) => stamps.has(d.id))
      .sort((a, b) => b.published.localeCompare(a.published) || a.id.localeCompare(b.id));
    const next = new Map<string, Kept>();
    const texts: DocumentTextEntry[] = [];
    let chars = 0;
    let read = 0;
    let documentTexts = true;
    for (const d of newestFirst) {
      const meta = { id: d.id, title: d.title, publisher: d.publisher, published: d.published };
      const stamp = stamps.get(d.id);
      const had = this.kept.get(d.id);
      let kept: Kept | undefined;
      if (had && stamp !== null && stamp !== undefined && had.digest === stamp) {
        // The same text: only the catalogue fields may have changed, and they cost nothing to swap.
        kept = { digest: had.digest, entry: { ...had.entry, document: meta } };
      } else {
        const text = (await this.store.getDocument(d.id))?.text;
        read += 1;
        if (text === undefined || text.length === 0) continue;
        if (chars + text.length > this.maxChars) {
          documentTexts = false;
          break;
        }
        kept = { digest: await documentTextDigestSliced(text), entry: await indexDocumentTextSliced(meta, text) };
      }
      if (chars + kept.entry.text.length > this.maxChars) {
        documentTexts = false;
        break;
      }
      chars += kept.entry.text.length;
      next.set(d.id, kept);
      texts.push(kept.entry);
    }
    // Removed documents, and those now past the budget, leave the cache.
    this.kept = next;
    return { texts, documentTexts, read };
  }
}
