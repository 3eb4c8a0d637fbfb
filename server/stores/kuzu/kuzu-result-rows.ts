/**
 * Reading Kuzu results without stalling the event loop: rows read synchronously in short time slices, results
 * always closed (kuzu 0.11.3 segfaults on an unclosed result collected after its Database closed), and the
 * small value tests the adapter's readers share.
 */
import type { Connection, KuzuValue, QueryResult } from 'kuzu';
import { nextTurn } from '../../domain/next-turn';

/** One result row as the binding gives it. */
export type Row = Record<string, KuzuValue>;



/**
 * Synchronous row reading (getNextSync; the async getAll() is about 30x slower) holds the event loop, so it
 * goes in slices of at most this long, with a turn of the event loop between slices. A slice bounded by time
 * rather than by a row count keeps stalls short whatever the width of the rows (3 ids or whole relationships).
 */
const READ_SLICE_MS = 10;
/** Rows read between two looks at the clock (a look costs about as much as reading a narrow row). */
const ROWS_PER_CLOCK_CHECK = 64;

/** A time slice of synchronous work: `spent()` says, now and then, that it is time to give the event loop a turn. */
export class ReadSlice {
  private started = performance.now();
  private rows = 0;

  /** Counts one row; true once the slice has run for READ_SLICE_MS. */
  spent(): boolean {
    this.rows += 1;
    return this.rows % ROWS_PER_CLOCK_CHECK === 0 && performance.now() - this.started >= READ_SLICE_MS;
  }

  /** Yields to the event loop and starts the next slice. */
  async pause(): Promise<void> {
    await nextTurn();
    this.started = performance.now();
  }
}

/** Reads up to `max` rows synchronously in time slices, yielding between slices. */
export async function readRows(result: QueryResult, max: number): Promise<{ rows: Row[]; more: boolean }> {
  const rows: Row[] = [];
  const slice = new ReadSlice();
  while (rows.length < max && result.hasNext()) {
    const row = result.getNextSync();
    if (row) rows.push(row);
    if (slice.spent()) await slice.pause();
  }
  return { rows, more: result.hasNext() };
}

/**
 * Reads every row of `query` on `c` in time slices and closes the result. `visit` returning false stops the
 * read (the answer is then true); a promise it returns is awaited before the next row.
 */
export async function eachRow(c: Connection, query: string, visit: (row: Row) => boolean | void | Promise<void>): Promise<boolean> {
  const result = single(await c.query(query));
  try {
    const slice = new ReadSlice();
    while (result.hasNext()) {
      const row = result.getNextSync();
      if (row) {
        const next = visit(row);
        if (next === false) return true;
        if (next) await next;
      }
      if (slice.spent()) await slice.pause();
    }
    return false;
  } finally {
    result.close();
  }
}

export function parsePosition(message: string): { line?: number; offset?: number } | undefined {
  const m = /\(line: (\d+), offset: (\d+)\)/.exec(message);
  return m ? { line: Number(m[1]), offset: Number(m[2]) } : undefined;
}

/**
 * Runs a statement whose rows nobody reads and closes its result at once. Every QueryResult must be closed
 * before its Database is (a staged import swaps Databases): kuzu 0.11.3 segfaults when an unclosed result is
 * garbage-collected after its Database was closed (prepared statements and connections are safe).
 */
export async function discard(pending: Promise<QueryResult | QueryResult[]>): Promise<void> {
  const r = await pending;
  for (const x of Array.isArray(r) ? r : [r]) x.close();
}

/** One statement gives one result; the binding's type also allows a list for multi-statement strings. */
export function single(r: QueryResult | QueryResult[]): QueryResult {
  if (Array.isArray(r)) {
    const first = r[0];
    if (!first) throw new Error('The engine returned no result.');
    return first;
  }
  return r;
}

export function isNodeValue(v: Record<string, unknown>): boolean {
  return typeof v._label === 'string' && v._id !== undefined && v._src === undefined && '_label' in v;
}

/** A DATE cell (or a list of them) as ISO date text. */
export function toDateText(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return Array.isArray(v) ? v.map(toDateText) : v;
}