/**
 * The embedded store's streams (exports, the graph index's load, readAll): each table read with its columns
 * named, on one connection, in chunks handed out in time slices so no chunk holds the event loop long.
 */
import type { Connection, KuzuValue, QueryResult } from 'kuzu';
import { QueryFailedError, QueryTimeoutError } from '../../domain/errors';
import { userFacingKuzuMessage } from './kuzu-error-message';
import { prepareSpending } from './kuzu-connection-recycling';
import { ReadSlice, single, type Row } from './kuzu-result-rows';
import { quoteIdentifier, type KuzuSchema } from './kuzu-schema';
import type { StreamSelection } from '../../domain/ports/graph-store';

/** One statement of a stream, and the table (kind or type) its rows belong to. */
export interface StreamStatement {
  query: string;
  params?: Record<string, KuzuValue>;
  table: string;
}
// Streams (exports) read whole tables: long, but finite.
export const STREAM_TIMEOUT_MS = 10 * 60 * 1000;

/** `v.col AS col, ...` for every column of a table, in the table's order (so properties keep their order). */
export function columnList(schema: KuzuSchema, variable: string, table: string): string {
  return [...schema.columns(table).keys()].map((col) => `${variable}.${quoteIdentifier(col)} AS ${quoteIdentifier(col)}`).join(', ');
}

/** Gathers a stream's rows into the chunks it hands out (plain records, or the boundary's row chunks). */
export interface ChunkBuilder<C> {
  /** Adds one row of `table`, unless the builder drops it. */
  add(row: Row, table: string): void;
  /** Rows gathered since the last take(). */
  readonly length: number;
  /** The chunk gathered so far; the builder starts a new one. */
  take(): C;
}

/** Chunks of the records `map` makes of each row (undefined drops the row). */
class RecordChunks<T> implements ChunkBuilder<T[]> {
  private chunk: T[] = [];
  constructor(private readonly map: (row: Row, table: string) => T | undefined) {}
  add(row: Row, table: string): void {
    const item = this.map(row, table);
    if (item !== undefined) this.chunk.push(item);
  }
  get length(): number {
    return this.chunk.length;
  }
  take(): T[] {
    const chunk = this.chunk;
    this.chunk = [];
    return chunk;
  }
}

/**
 * Runs statements one after the other on `c` (held by the caller for the whole stream) and hands their rows out
 * in chunks of at most `chunkSize`, read with getNextSync in time slices (see READ_SLICE_MS): a chunk goes
 * out early when its slice is spent, so no chunk holds the event loop long whatever the rows' width.
 * The finally block runs when the consumer stops early too, so the last result is always closed.
 */
export function readStatements<T>(
  c: Connection,
  statements: readonly StreamStatement[],
  chunkSize: number,
  map: (row: Row, table: string) => T | undefined,
): AsyncGenerator<T[]> {
  return readChunks(c, statements, chunkSize, new RecordChunks(map));
}

/** readStatements with the chunks gathered by `builder`. */
export async function* readChunks<C>(c: Connection, statements: readonly StreamStatement[], chunkSize: number, builder: ChunkBuilder<C>): AsyncGenerator<C> {
  const size = Math.max(1, Math.floor(chunkSize));
  let result: QueryResult | undefined;
  try {
    const slice = new ReadSlice();
    for (const statement of statements) {
      result = await startStream(c, statement);
      while (result.hasNext()) {
        const row = result.getNextSync();
        if (row) builder.add(row, statement.table);
        if (builder.length >= size || slice.spent()) {
          if (builder.length > 0) yield builder.take();
          await slice.pause();
        }
      }
      result.close();
      result = undefined;
    }
    if (builder.length > 0) yield builder.take();
  } finally {
    result?.close();
  }
}

async function startStream(c: Connection, statement: StreamStatement): Promise<QueryResult> {
  try {
    if (!statement.params) return single(await c.query(statement.query));
    // Prepared on every call, never kept: spent against the connection's budget (kuzu-connection-recycling.ts).
    const ps = await prepareSpending(c, statement.query);
    if (!ps.isSuccess()) throw new Error(ps.getErrorMessage());
    return single(await c.execute(ps, statement.params));
  } catch (err) {
    const message = userFacingKuzuMessage((err as Error).message);
    if (/Interrupted/i.test(message)) throw new QueryTimeoutError(STREAM_TIMEOUT_MS);
    throw new QueryFailedError(message);
  }
}

/**
 * One statement per entity table, reading its nodes' columns; a selection keeps the nodes with those ids.
 * None for an empty selection. Documents and the import log live in node tables too: entity tables only.
 */
export function nodeStatements(schema: KuzuSchema, selection: StreamSelection): StreamStatement[] {
  const tables = schema.entityTables();
  if (selection !== 'all' && selection.length === 0) return [];
  const where = selection === 'all' ? '' : ' WHERE n.id IN $ids';
  const params = selection === 'all' ? undefined : { ids: [...selection] };
  return tables.map((kind) => ({
    query: `MATCH (n:${quoteIdentifier(kind)})${where} RETURN ${columnList(schema, 'n', kind)}`,
    params,
    table: kind,
  }));
}

/**
 * One statement per relationship table (`tables`), reading its columns and its endpoints as _s and _t (property
 * names never start with "_", and fromStoredEdge skips such keys). A selection reads the relationships from a
 * selected node (UNWIND + equality, never `IN $ids` on an unlabelled node: see UNLABELLED_IN in
 * kuzu-adjacency-reads.ts); the caller keeps those that end at a selected node too (keepEndingIn). None for an
 * empty selection.
 */
export function edgeStatements(schema: KuzuSchema, selection: StreamSelection): StreamStatement[] {
  const tables = schema.relTables();
  if (selection !== 'all' && selection.length === 0) return [];
  const unwind = selection === 'all' ? '' : 'UNWIND $ids AS x ';
  const where = selection === 'all' ? '' : ' WHERE a.id = x';
  const params = selection === 'all' ? undefined : { ids: [...new Set(selection)] };
  return tables.map((type) => ({
    query: `${unwind}MATCH (a)-[r:${quoteIdentifier(type)}]->(b)${where} RETURN a.id AS _s, b.id AS _t, ${columnList(schema, 'r', type)}`,
    params,
    table: type,
  }));
}

/** For a selection, keeps the relationships (read from a selected node by edgeStatements) that end at a selected node too. */
export function keepEndingIn(selection: StreamSelection): (row: Row) => boolean {
  if (selection === 'all') return () => true;
  const selected = new Set(selection);
  return (row) => selected.has(String(row._t));
}
