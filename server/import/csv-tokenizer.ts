/**
 * An RFC 4180 tokenizer for the import's CSV, fed text chunk by chunk. It exists because the import must tell an
 * unquoted empty field (a missing value) from a quoted one (`""`, the empty string), and csv-parse only says which
 * a field was through its `cast` callback, whose context object it builds afresh for every field: in a CPU profile
 * of a 200k-relationship dry run that context took 20.8 s of 46 s busy, GC on top. Here a field is a slice of the
 * chunk, and an unquoted empty field is `null`.
 *
 * The rules are csv-parse's defaults, which the import used before: `,` between fields; `\n`, `\r\n` or `\r` ends a
 * record; `""` inside a quoted field is one quote; a quote inside an unquoted field, or anything but a separator
 * after a closing quote, is an error; a quote left open at the end is an error; a byte order mark at the start is
 * dropped; a blank line is a record of one `null`; the last record needs no line break. State is kept between
 * chunks, so a field, a `""` or a `\r\n` may be split anywhere and a long field is read in linear time.
 */

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;
const BOM = 0xfeff;

/** A field may hold this many characters; beyond it the file is refused rather than held in memory whole. */
export const MAX_FIELD_CHARS = 64 * 1024 * 1024;

export type CsvCells = (string | null)[];

/** Bad CSV: the message names the problem and the line (1-based, counting line breaks inside quoted fields). */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

const enum State {
  /** Before the first character of a field. */
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: the next character says whether it was `""` or the closing quote. */
  QuoteInQuoted,
}

export class CsvTokenizer {
  private state = State.FieldStart;
  private cells: CsvCells = [];
  /** The current field's text read from earlier chunks (or, quoted, before a `""`). */
  private part = '';
  /** The previous chunk ended with `\r`: an `\n` starting this one belongs to it. */
  private pendingLf = false;
  private started = false;
  private line = 1;
  /** The line the current field started on, for "quote not closed" and the size limit. */
  private fieldLine = 1;
  /** The previous chunk ended inside a quoted field with a `\r`, already counted as a line break. */
  private pendingCrInQuotes = false;

  constructor(private readonly maxFieldChars = MAX_FIELD_CHARS) {}

  /** The records completed by `text`; throws CsvSyntaxError on bad CSV. */
  push(text: string): CsvCells[] {
    const out: CsvCells[] = [];
    const n = text.length;
    let i = 0;
    if (n === 0) return out;
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === BOM) i = 1;
    }
    if (this.pendingLf) {
      this.pendingLf = false;
      if (text.charCodeAt(i) === LF) i += 1;
    }
    const crCarried = this.pendingCrInQuotes;
    this.pendingCrInQuotes = false;
    let state = this.state;
    let start = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (state === State.Quoted) {
        // The common case inside quotes: jump to the next quote in one native search.
        const q = text.indexOf('"', i);
        this.countLines(text, i, q < 0 ? n : q, crCarried && i === 0);
        if (q < 0) break; // the field goes on in the next chunk: kept below from `start`
        this.part += text.slice(start, q);
        state = State.QuoteInQuoted;
        i = q + 1;
        continue;
      }
      if (state === State.QuoteInQuoted) {
        if (c === QUOTE) {
          this.part += '"';
          state = State.Quoted;
          i += 1;
          start = i;
          continue;
        }
        if (c === COMMA || c === LF || c === CR) {
          this.cells.push(this.part);
          this.part = '';
          i = this.endField(text, i, c, out);
          state = State.FieldStart;
          continue;
        }
        throw new CsvSyntaxError(
          `a closing quote is followed by "${text[i]}" at line ${this.line}, field ${this.cells.length + 1}; ` +
            'a quoted field ends with a quote followed by a comma or a line break (a quote inside is written "")',
          this.line,
        );
      }
      if (state === State.FieldStart) {
        this.fieldLine = this.line;
        if (c === QUOTE) {
          state = State.Quoted;
          i += 1;
          start = i;
          continue;
        }
        state = State.Unquoted;
        start = i;
      }
      // Unquoted: read to the next separator.
      if (c === COMMA || c === LF || c === CR) {
        const value = this.part + text.slice(start, i);
        this.part = '';
        this.cells.push(value === '' ? null : value);
        i = this.endField(text, i, c, out);
        state = State.FieldStart;
        continue;
      }
      if (c === QUOTE) {
        throw new CsvSyntaxError(
          `a quote inside an unquoted field at line ${this.line}, field ${this.cells.length + 1}; ` +
            'a field holding a quote is itself quoted, the quote doubled ("a ""b"" c")',
          this.line,
        );
      }
      i += 1;
    }
    if (state === State.Unquoted || state === State.Quoted) this.part += text.slice(start, n);
    if (this.part.length > this.maxFieldChars) {
      throw new CsvSyntaxError(
        `the field starting at line ${this.fieldLine} is longer than ${this.maxFieldChars} characters` +
          (state === State.Quoted ? ' (a quote left open?)' : ''),
        this.fieldLine,
      );
    }
    this.state = state;
    return out;
  }

  /** The last record, if the text did not end with a line break; throws if a quote is still open. */
  end(): CsvCells[] {
    const state = this.state;
    this.state = State.FieldStart;
    if (state === State.Quoted) {
      throw new CsvSyntaxError(`the quoted field starting at line ${this.fieldLine} is never closed`, this.fieldLine);
    }
    if (state === State.QuoteInQuoted) this.cells.push(this.part);
    else if (state === State.Unquoted) this.cells.push(this.part === '' ? null : this.part);
    else if (this.cells.length > 0) this.cells.push(null); // "a,b," at the very end: the last field is empty
    this.part = '';
    if (this.cells.length === 0) return [];
    const last = this.cells;
    this.cells = [];
    return [last];
  }

  /** After a field ending at `i` with separator `c`: closes the record on a line break; the next index. */
  private endField(text: string, i: number, c: number, out: CsvCells[]): number {
    if (c === COMMA) return i + 1;
    out.push(this.cells);
    this.cells = [];
    this.line += 1;
    if (c === CR) {
      if (i + 1 === text.length) this.pendingLf = true;
      else if (text.charCodeAt(i + 1) === LF) return i + 2;
    }
    return i + 1;
  }

  /**
   * Counts the line breaks of text[from, to) inside a quoted field, `\r\n` once: `afterCr` says the previous
   * chunk ended with a `\r` already counted, so an `\n` at `from` is its second half.
   */
  private countLines(text: string, from: number, to: number, afterCr: boolean): void {
    for (let k = from; k < to; k++) {
      const c = text.charCodeAt(k);
      if (c === LF) {
        if (!(afterCr && k === from)) this.line += 1;
      } else if (c === CR) {
        // A \r ends a line unless an \n follows; at the chunk's end it is counted now and remembered.
        if (k + 1 === text.length || text.charCodeAt(k + 1) !== LF) this.line += 1;
      }
    }
    if (to === text.length && to > from) this.pendingCrInQuotes = text.charCodeAt(to - 1) === CR;
  }
}
