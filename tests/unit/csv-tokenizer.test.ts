/**
 * The import's CSV tokenizer: what the export writes reads back cell for cell however the bytes are chunked, it
 * agrees with csv-parse (which the import used before, and which stays a dev dependency as the reference) on
 * arbitrary text, and bad CSV is refused with the line named.
 */
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { CsvSyntaxError, CsvTokenizer, type CsvCells } from '../../server/import/csv-tokenizer';
import { csvField } from '../../server/export/csv-writer';

/** Tokenizes `text` fed in pieces cut at `cuts` (indexes into the text). */
function tokenize(text: string, cuts: readonly number[] = [], maxFieldChars?: number): CsvCells[] {
  const tokenizer = new CsvTokenizer(maxFieldChars);
  const points = [...new Set(cuts.map((c) => Math.min(c, text.length)))].sort((a, b) => a - b);
  const out: CsvCells[] = [];
  let from = 0;
  for (const p of [...points, text.length]) {
    out.push(...tokenizer.push(text.slice(from, p)));
    from = p;
  }
  out.push(...tokenizer.end());
  return out;
}

/** csv-parse with the options and cast the import used: an unquoted empty field is null. */
function reference(text: string): CsvCells[] {
  return parse(text, {
    cast: (value: string, context: { quoting: boolean }) => (context.quoting || value !== '' ? value : null),
    relax_column_count: true,
    bom: true,
  }) as CsvCells[];
}

function syntaxError(run: () => unknown): CsvSyntaxError {
  try {
    run();
  } catch (err) {
    if (err instanceof CsvSyntaxError) return err;
    throw err;
  }
  throw new Error('no CsvSyntaxError was thrown');
}

describe('CsvTokenizer', () => {
  test('when fields are plain, quoted, quoted empty or missing, each reads as itself and a missing one as null', () => {
    expect(tokenize('a,"b, c",,""\n"x ""y""",z\n')).toEqual([
      ['a', 'b, c', null, ''],
      ['x "y"', 'z'],
    ]);
  });

  test('when line breaks are \\n, \\r\\n or \\r, each ends a record, and one inside quotes is kept', () => {
    expect(tokenize('a\r\nb\rc\n"d\r\ne"')).toEqual([['a'], ['b'], ['c'], ['d\r\ne']]);
  });

  test('when the text starts with a byte order mark, it is dropped; a blank line is one null; a trailing comma is a null field', () => {
    expect(tokenize('\uFEFFid,name\n\nx,\n')).toEqual([['id', 'name'], [null], ['x', null]]);
    expect(tokenize('a,b,')).toEqual([['a', 'b', null]]);
    expect(tokenize('')).toEqual([]);
  });

  test('when the export writes random cells, they read back exactly, cut into chunks anywhere', () => {
    const cell = fc.option(
      fc.string({ unit: fc.constantFrom('a', 'é', '😀', ',', '"', '\n', '\r', ' ', '\u001f', ';'), maxLength: 8 }),
      { nil: null },
    );
    // A record of one missing field is a blank line, which cannot end the file: give every record two cells.
    const record = fc.array(cell, { minLength: 2, maxLength: 5 });
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 6 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        fc.array(fc.nat(200), { maxLength: 6 }),
        (records, eol, trailing, cuts) => {
          const text = records.map((r) => r.map((c) => (c === null ? '' : csvField(c))).join(',')).join(eol) + (trailing ? eol : '');
          expect(tokenize(text, cuts)).toEqual(records);
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('when any text is read, records and refusals agree with csv-parse, chunked or whole', () => {
    // One line-break style per text: csv-parse takes the first it meets as the only one, the tokenizer takes all three.
    const text = fc.constantFrom('\n', '\r\n', '\r').chain((eol) =>
      fc.array(fc.constantFrom('a', 'b', ',', '"', ' ', eol), { maxLength: 24 }).map((units) => units.join('')),
    );
    fc.assert(
      fc.property(text, fc.array(fc.nat(30), { maxLength: 5 }), (input, cuts) => {
        let expected: CsvCells[] | 'error';
        try {
          expected = reference(input);
        } catch {
          expected = 'error';
        }
        let actual: CsvCells[] | 'error';
        try {
          actual = tokenize(input, cuts);
        } catch (err) {
          if (!(err instanceof CsvSyntaxError)) throw err;
          actual = 'error';
        }
        expect(actual).toEqual(expected);
      }),
      { numRuns: 5000 },
    );
  });

  test('when a quote sits inside an unquoted field, the error names it and the line', () => {
    const err = syntaxError(() => tokenize('a,b\nc,d"e\n'));
    expect(err.message).toMatch(/^a quote inside an unquoted field at line 2, field 2/);
    expect(err.line).toBe(2);
  });

  test('when a closing quote is followed by text, the error names the character and the line after a multi-line field', () => {
    const err = syntaxError(() => tokenize('"one\r\ntwo\nthree",ok\n"x"y', [4, 5]));
    expect(err.message).toMatch(/^a closing quote is followed by "y" at line 4, field 1/);
  });

  test('when a quote is never closed, the error names the line the field started on', () => {
    const err = syntaxError(() => tokenize('id\n"open\n\n\n'));
    expect(err.message).toBe('the quoted field starting at line 2 is never closed');
    expect(err.line).toBe(2);
  });

  test('when a field grows past the limit, the file is refused instead of held in memory', () => {
    const err = syntaxError(() => tokenize(`id\n"${'x'.repeat(100)}`, [10, 50, 90], 64));
    expect(err.message).toBe('the field starting at line 2 is longer than 64 characters (a quote left open?)');
  });
});
