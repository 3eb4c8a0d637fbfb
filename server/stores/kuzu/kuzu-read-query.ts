/**
 * The console's read query on the embedded engine: parameters bound so they arrive exactly, the console's
 * own timeout, Kuzu's errors turned into the app's (a 400 naming the position, a 504 for the timeout), then
 * the rows turned into cells in time slices. Apart from the store because it is the one query path with its
 * own limits and error mapping; the store lends the connection and finishes the cells (finishRows).
 */
import type { Connection, KuzuValue, QueryResult } from 'kuzu';
import { QueryFailedError, QueryTimeoutError } from '../../domain/errors';
import type { ReadQueryOptions } from '../../domain/ports/graph-store';
import { bindQueryParams } from './kuzu-query-params';
import { userFacingKuzuMessage } from './kuzu-error-message';
import { ReadSlice, parsePosition, readRows, single, toDateText, type Row } from './kuzu-result-rows';
import { toCell } from './kuzu-records';
import { consoleStatement, forgetConsoleStatement } from './kuzu-console-statements';

/** A console query's answer as read off the connection, before its cells are converted. */
export interface ReadQueryRows {
  columns: string[];
  /** Kuzu's type name per column (e.g. DATE, DATE[]). */
  types: string[];
  rows: Row[];
  /** More rows than options.maxRows were there. */
  more: boolean;
}

/** Runs `query` on `c` (lent to the caller) and reads at most options.maxRows rows; the result is closed. */
export async function executeReadQuery(c: Connection, query: string, params: Record<string, unknown>, options: ReadQueryOptions): Promise<ReadQueryRows> {
  // The console's own limit, re-set every time: a pooled connection may carry another query's timeout.
  c.setQueryTimeout(options.timeoutMs);
  // Empty and mixed numeric lists are written into the query so they arrive exactly (see kuzu-query-params.ts).
  const bound = bindQueryParams(query, params);
  // Prepared once per connection and text where that is exact (see kuzu-console-statements.ts).
  const ps = await consoleStatement(c, bound.query, bound.params);
  if (!ps.isSuccess()) {
    const message = userFacingKuzuMessage(ps.getErrorMessage());
    throw new QueryFailedError(message, parsePosition(message));
  }
  let result: QueryResult;
  try {
    result = single(await c.execute(ps, bound.params as Record<string, KuzuValue>));
  } catch (err) {
    forgetConsoleStatement(c, bound.query);
    const message = userFacingKuzuMessage((err as Error).message);
    if (/Interrupted/i.test(message)) throw new QueryTimeoutError(options.timeoutMs);
    throw new QueryFailedError(message, parsePosition(message));
  }
  // Closed even when reading fails: the pool may close this connection (kuzu-connection-recycling.ts), and a
  // result must never outlive its Database (a swap closes that).
  try {
    const columns = result.getColumnNamesSync();
    const types = result.getColumnDataTypesSync();
    const { rows, more } = await readRows(result, options.maxRows);
    return { columns, types, rows, more };
  } finally {
    result.close();
  }
}

/** The rows as plain cells in column order, converted in time slices (after the connection went back). */
export async function toCells({ columns, types, rows: raw }: ReadQueryRows): Promise<unknown[][]> {
  const rows: unknown[][] = new Array<unknown[]>(raw.length);
  const slice = new ReadSlice();
  for (let i = 0; i < raw.length; i += 1) {
    const r = raw[i] as Row;
    const cells = new Array<unknown>(columns.length);
    for (let j = 0; j < columns.length; j += 1) {
      const v = r[columns[j] as string] ?? null;
      // The binding reads DATE as a JS Date at midnight UTC; Neo4j writes a date as 2022-06-28, so do the same.
      cells[j] = /^DATE(\[\])*$/.test(types[j] ?? '') ? toDateText(v) : toCell(v);
    }
    rows[i] = cells;
    if (slice.spent()) await slice.pause();
  }
  return rows;
}
