/**
 * Full-text search over the stored texts of documents (issue 19): each text is folded once as search folds
 * (text-folding.ts), character by character as offset-folding.ts does, so a match maps back to a span of the
 * text; a search answers a sentence-sized window around each match with the document's id and the offsets of both,
 * so the document view can scroll to the passage and highlight it verbatim.
 */
import type { DocumentPassage } from './graph-model';
import type { SeedDocument } from './seed-schema';
import { foldText } from './text-folding';
import { nextTurn } from './next-turn';

/** Characters of context at most on each side of a match when no sentence boundary comes sooner. */
const WINDOW_CHARS = 160;
/** Matches answered per document, so one long article does not crowd out the others. */
const PASSAGES_PER_DOCUMENT = 3;

export interface DocumentTextEntry {
  document: Pick<SeedDocument, 'id' | 'title' | 'publisher' | 'published'>;
  text: string;
  /** The text folded, runs of white space as one space (as a folded query has them). */
  folded: string;
  /** For each index of `folded` and one past its end, the index in `text`. */
  origin: Int32Array;
}

/** One character folded as search folds it (offset-folding.ts's rule), white space as one space. */
function foldChar(c: string, cache: Map<string, string>): string {
  const code = c.charCodeAt(0);
  if (c.length === 1 && code < 128) {
    if (code === 32 || (code >= 9 && code <= 13)) return ' ';
    return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : c;
  }
  let f = cache.get(c);
  if (f === undefined) {
    f = /\s/u.test(c) ? ' ' : foldText(c);
    cache.set(c, f);
  }
  return f;
}

/** Characters folded between two looks at the clock while folding in slices. */
const CHARS_PER_CHECK = 2_048;
/** A slice of folding ends once it has run this long (the event loop then gets a turn). */
export const FOLD_SLICE_MS = 8;

/**
 * The folding of one text, resumable: `advance` folds on from where it stopped, so a long text can be
 * folded a slice at a time. Folded characters are kept as one string per advance (joined once at the end:
 * joining millions of one-character strings at once blocked the event loop for tens of ms) and the offset
 * map in an Int32Array grown by doubling.
 */
class TextFolder {
  private readonly cache = new Map<string, string>();
  private readonly pieces: string[] = [];
  private origin: Int32Array;
  private size = 0;
  private last = '';
  /** The next index of the text to fold. */
  at = 0;

  constructor(private readonly text: string) {
    this.origin = new Int32Array(text.length + 1);
  }

  private push(index: number): void {
    if (this.size === this.origin.length) {
      const grown = new Int32Array(this.origin.length * 2);
      grown.set(this.origin);
      this.origin = grown;
    }
    this.origin[this.size] = index;
    this.size += 1;
  }

  /** Folds on up to (about) index `until` of the text, never splitting a surrogate pair. */
  advance(until: number): void {
    const { text } = this;
    const out: string[] = [];
    let i = this.at;
    const end = Math.min(until, text.length);
    while (i < end) {
      const code = text.charCodeAt(i);
      const width = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length ? 2 : 1;
      const f = foldChar(width === 1 ? text[i] ?? '' : text.slice(i, i + 2), this.cache);
      for (const k of f) {
        // A run of spaces is one space, as foldText makes it in the query; the map keeps the run's first position.
        if (k === ' ' && this.last === ' ') continue;
        out.push(k);
        this.push(i);
        this.last = k;
      }
      i += width;
    }
    this.at = i;
    this.pieces.push(out.join(''));
  }

  get done(): boolean {
    return this.at >= this.text.length;
  }

  finish(document: DocumentTextEntry['document']): DocumentTextEntry {
    this.push(this.text.length);
    return { document, text: this.text, folded: this.pieces.join(''), origin: this.origin.subarray(0, this.size) };
  }
}

/**
 * Folds one document's text for searching, at once. ASCII is folded inline and other characters once each
 * (cached): folding every character through foldText took 12.7 s for 4.7 million characters, on every rebuild.
 */
export function indexDocumentText(document: DocumentTextEntry['document'], text: string): DocumentTextEntry {
  const folder = new TextFolder(text);
  folder.advance(text.length);
  return folder.finish(document);
}


/**
 * indexDocumentText in slices of about FOLD_SLICE_MS, yielding to the event loop between them: folding
 * 5 million characters at once held the event loop for most of a second.
 */
export async function indexDocumentTextSliced(document: DocumentTextEntry['document'], text: string): Promise<DocumentTextEntry> {
  const folder = new TextFolder(text);
  let sliceStart = performance.now();
  while (!folder.done) {
    folder.advance(folder.at + CHARS_PER_CHECK);
    if (performance.now() - sliceStart >= FOLD_SLICE_MS) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
  return folder.finish(document);
}

/** True when a sentence begins at `at`: the text's start, or after a full stop (and any closing quote) or a line end. */
function startsSentence(text: string, at: number): boolean {
  return at === 0 || /(?:[.!?]["'”’)]*\s|\n\s*)$/.test(text.slice(Math.max(0, at - 4), at));
}

/** True when a sentence ends at `at`: the text's end, a line end, or just after a full stop and closing quotes. */
function endsSentence(text: string, at: number): boolean {
  return at >= text.length || text[at] === '\n' || (/[.!?]["'”’)]*$/.test(text.slice(Math.max(0, at - 4), at)) && /\s/.test(text[at] ?? ' '));
}

/** The sentence holding [start, end), cut at WINDOW_CHARS beyond the match when it runs longer. */
function sentenceAround(text: string, start: number, end: number): { from: number; to: number } {
  let from = start;
  const floor = Math.max(0, start - WINDOW_CHARS);
  while (from > floor && !startsSentence(text, from)) from -= 1;
  let to = end;
  const ceiling = Math.min(text.length, end + WINDOW_CHARS);
  while (to < ceiling && !endsSentence(text, to)) to += 1;
  while (from < start && /\s/.test(text[from] ?? '')) from += 1;
  while (to > end && /\s/.test(text[to - 1] ?? '')) to -= 1;
  return { from, to };
}

/** The passages of one document's text matching the folded `needle` (at most PASSAGES_PER_DOCUMENT). */
export function findDocumentPassages(entry: DocumentTextEntry, needle: string): DocumentPassage[] {
  const out: DocumentPassage[] = [];
  if (needle.length === 0) return out;
  let at = entry.folded.indexOf(needle);
  while (at >= 0 && out.length < PASSAGES_PER_DOCUMENT) {
    const start = entry.origin[at] ?? 0;
    const end = entry.origin[at + needle.length] ?? entry.text.length;
    const { from, to } = sentenceAround(entry.text, start, end);
    const { id, title, publisher, published } = entry.document;
    out.push({
      document: id,
      title,
      publisher,
      published,
      passage: `${startsSentence(entry.text, from) ? '' : '… '}${entry.text.slice(from, to)}${endsSentence(entry.text, to) ? '' : ' …'}`,
      passageStart: from,
      passageEnd: to,
      start,
      end,
    });
    // The next match after this passage: two matches in one sentence are one passage.
    let next = at + needle.length;
    while (next < entry.folded.length && (entry.origin[next] ?? 0) < to) next += 1;
    at = entry.folded.indexOf(needle, next);
  }
  return out;
}
