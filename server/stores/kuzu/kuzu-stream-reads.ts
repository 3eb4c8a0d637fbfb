/**
 * The embedded store's whole-graph reads on a connection it holds throughout (GraphStore.streamNodes,
 * streamEdges, readAll, loadAdjacency, and the engine process's row streams): the statements of
 * kuzu-streams.ts run under a long timeout, the connection given back (with the store's internal timeout)
 * even when the consumer stops early.
 *
 * Streams read each table with its columns named (`RETURN n.id AS id, n.name AS name ...`) rather than
 * whole node or relationship values: the binding builds a value's internal fields too (_id, _src, _dst,
 * _label) and, for an unlabelled match, a label lookup per row; measured at 1M relationships, named
 * columns of one table at a time read about twice as fast. The rows carry the same property names, so
 * fromStoredNode / fromStoredEdge convert them exactly as before.
 */
import type { Connection } from 'kuzu';
import type { Graph, GraphEdge, GraphNode } from '../../domain/graph-model';
import type { AdjacencyColumns, StreamSelection } from '../../domain/ports/graph-store';
import type { SeedDocument } from '../../domain/seed-schema';
import { readAdjacencyColumns } from './kuzu-adjacency-columns';
import type { KuzuConnectionPool } from './kuzu-connection-pool';
import { RowChunks, edgeFromStreamRow, nodeFromStreamRow, type RowChunk } from './kuzu-row-chunks';
import type { KuzuSchema } from './kuzu-schema';
import { READ_ALL_CHUNK, WRITE_TIMEOUT_MS } from './kuzu-store-options';
import { STREAM_TIMEOUT_MS, edgeStatements, keepEndingIn, nodeStatements, readChunks, readStatements } from './kuzu-streams';

/** What a whole-graph read needs of the store: its pool, its tables, and its internal timeout (restored after). */
export interface StreamContext {
  pool: KuzuConnectionPool;
  schema: KuzuSchema;
  timeoutMs: number;
}

/** Runs `read` on a connection held for the whole stream (see readChunks); it goes back to the pool even when the consumer stops early. */
async function* onStreamConnection<C>(ctx: StreamContext, read: (c: Connection) => AsyncGenerator<C>): AsyncGenerator<C> {
  const c = await ctx.pool.acquire();
  try {
    c.setQueryTimeout(STREAM_TIMEOUT_MS);
    yield* read(c);
  } finally {
    c.setQueryTimeout(ctx.timeoutMs);
    ctx.pool.release(c);
  }
}

/** The entities of `selection`, in chunks of at most `chunkSize`. */
export async function* streamNodeRecords(ctx: StreamContext, selection: StreamSelection, chunkSize: number): AsyncGenerator<GraphNode[]> {
  const statements = nodeStatements(ctx.schema, selection);
  if (statements.length > 0) yield* onStreamConnection(ctx, (c) => readStatements(c, statements, chunkSize, (row, kind) => nodeFromStreamRow(row, kind)));
}

/** The relationships of `selection`, in chunks of at most `chunkSize`; `documents` resolves their sources. */
export async function* streamEdgeRecords(
  ctx: StreamContext,
  selection: StreamSelection,
  chunkSize: number,
  documents: () => Promise<ReadonlyMap<string, SeedDocument>>,
): AsyncGenerator<GraphEdge[]> {
  const statements = edgeStatements(ctx.schema, selection);
  if (statements.length === 0) return;
  const docs = await documents();
  const keep = keepEndingIn(selection);
  yield* onStreamConnection(ctx, (c) => readStatements(c, statements, chunkSize, (row, type) => (keep(row) ? edgeFromStreamRow(row, type, docs) : undefined)));
}

/** streamNodeRecords as rows for the engine process to send (kuzu-row-chunks.ts): the server makes the records. */
export async function* streamNodeRowChunks(ctx: StreamContext, selection: StreamSelection, chunkSize: number): AsyncGenerator<RowChunk> {
  const statements = nodeStatements(ctx.schema, selection);
  if (statements.length > 0) yield* onStreamConnection(ctx, (c) => readChunks(c, statements, chunkSize, new RowChunks()));
}

/** streamEdgeRecords as rows (see streamNodeRowChunks); the server resolves their sources itself. */
export async function* streamEdgeRowChunks(ctx: StreamContext, selection: StreamSelection, chunkSize: number): AsyncGenerator<RowChunk> {
  const statements = edgeStatements(ctx.schema, selection);
  if (statements.length > 0) yield* onStreamConnection(ctx, (c) => readChunks(c, statements, chunkSize, new RowChunks(keepEndingIn(selection))));
}

/** The whole graph: the streams' reading (column by column, in time slices), gathered: one conversion for both paths. */
export async function readWholeGraph(ctx: StreamContext, documents: () => Promise<ReadonlyMap<string, SeedDocument>>): Promise<Graph> {
  const nodes: GraphNode[] = [];
  for await (const chunk of streamNodeRecords(ctx, 'all', READ_ALL_CHUNK)) for (const n of chunk) nodes.push(n);
  const edges: GraphEdge[] = [];
  for await (const chunk of streamEdgeRecords(ctx, 'all', READ_ALL_CHUNK, documents)) for (const e of chunk) edges.push(e);
  return { nodes, edges };
}

/** Every relationship's adjacency row in blocks of columns (kuzu-adjacency-columns.ts), on a held connection. */
export async function loadAdjacencyOn(ctx: StreamContext, onColumns: (columns: AdjacencyColumns) => void): Promise<void> {
  if (ctx.schema.relTables().length === 0) return;
  const c = await ctx.pool.acquire();
  try {
    // Reading a million rows takes seconds on a busy machine: the internal timeout is for small queries.
    c.setQueryTimeout(WRITE_TIMEOUT_MS);
    await readAdjacencyColumns(c, onColumns);
  } finally {
    c.setQueryTimeout(ctx.timeoutMs);
    ctx.pool.release(c);
  }
}
