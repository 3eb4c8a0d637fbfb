/**
 * Whole-graph reads in chunks on Neo4j (GraphStore.streamNodes, streamEdges, loadAdjacency): one explicit
 * READ transaction per stream, its records handed out as they arrive.
 */
import type { Record as DriverRecord, Transaction } from 'neo4j-driver';
import type { GraphEdge, GraphNode } from '../../domain/graph-model';
import type { AdjacencyColumns, StreamSelection } from '../../domain/ports/graph-store';
import type { SeedDocument } from '../../domain/seed-schema';
import { emptyAdjacencyColumns } from '../graph-index/graph-index';
import { ENTITY_LABEL } from '../stored-graph';
import { edgeOf } from './neo4j-edge-reads';
import { EDGE_COLUMNS } from './neo4j-relationship-ids';
import type { Neo4jRunner } from './neo4j-runner';
import { ADJACENCY_BLOCK_ROWS, STREAM_FETCH_ROWS, STREAM_TIMEOUT_MS } from './neo4j-store-options';
import { NODE_COLUMNS, kindOf, nodeOf, toDriverParams } from './neo4j-values';

/**
 * Runs one read query in an explicit READ transaction and hands its records out in chunks as they arrive.
 * The driver pulls `fetchSize` records at a time and pauses the server while the consumer is behind, so
 * memory stays at about one chunk. The runner's transaction() cannot be used: its callback cannot yield,
 * and a retry after records were handed out would repeat them. The finally block closes (rolls back) the
 * transaction and the session also when the consumer stops early.
 */
async function* streamRecords<T>(
  runner: Neo4jRunner,
  query: string,
  params: Record<string, unknown>,
  chunkSize: number,
  map: (record: DriverRecord) => T,
): AsyncGenerator<T[]> {
  runner.availability.assertUp();
  const size = Math.max(1, Math.floor(chunkSize));
  const session = runner.session('READ', Math.max(size, STREAM_FETCH_ROWS));
  let tx: Transaction | undefined;
  try {
    let chunk: T[] = [];
    try {
      tx = await session.beginTransaction({ timeout: STREAM_TIMEOUT_MS });
      for await (const record of tx.run(query, toDriverParams(params))) {
        chunk.push(map(record));
        if (chunk.length >= size) {
          yield chunk;
          chunk = [];
        }
      }
    } catch (err) {
      throw runner.mapError(err, STREAM_TIMEOUT_MS);
    }
    if (chunk.length > 0) yield chunk;
  } finally {
    await tx?.close().catch(() => undefined);
    await session.close();
  }
}

/** The entities of `selection` (every one, or those ids), in chunks of `chunkSize`. */
export async function* streamNodeRecords(runner: Neo4jRunner, selection: StreamSelection, chunkSize: number): AsyncGenerator<GraphNode[]> {
  if (selection !== 'all' && selection.length === 0) return;
  yield* selection === 'all'
    ? streamRecords(runner, `MATCH (n:${ENTITY_LABEL}) ${NODE_COLUMNS}`, {}, chunkSize, nodeOf)
    : streamRecords(runner, `MATCH (n:${ENTITY_LABEL}) WHERE n.id IN $ids ${NODE_COLUMNS}`, { ids: [...selection] }, chunkSize, nodeOf);
}

/**
 * The relationships of `selection` (every one, or those with both ends among the ids), in chunks of
 * `chunkSize`; `documents` resolves their sources, asked only when there is something to stream.
 */
export async function* streamEdgeRecords(
  runner: Neo4jRunner,
  selection: StreamSelection,
  chunkSize: number,
  documents: () => Promise<ReadonlyMap<string, SeedDocument>>,
): AsyncGenerator<GraphEdge[]> {
  if (selection !== 'all' && selection.length === 0) return;
  const docs = await documents();
  const toEdge = (r: DriverRecord): GraphEdge => edgeOf(r, docs);
  const match = `MATCH (a:${ENTITY_LABEL})-[r]->(b:${ENTITY_LABEL})`;
  const ret = EDGE_COLUMNS;
  yield* selection === 'all'
    ? streamRecords(runner, `${match} ${ret}`, {}, chunkSize, toEdge)
    : streamRecords(runner, `${match} WHERE a.id IN $ids AND b.id IN $ids ${ret}`, { ids: [...selection] }, chunkSize, toEdge);
}

/** Every relationship's adjacency row in blocks of columns (the graph index's load), read like a stream. */
export async function loadAdjacencyColumns(runner: Neo4jRunner, onColumns: (columns: AdjacencyColumns) => void): Promise<void> {
  // toFloat: years stored as INTEGER would come back as driver Integers; floats are plain numbers.
  const query =
    `MATCH (a:${ENTITY_LABEL})-[r]->(b:${ENTITY_LABEL}) RETURN r.id AS id, type(r) AS type, a.id AS s, b.id AS t, ` +
    'toFloat(r.yearFrom) AS f, toFloat(r.yearTo) AS u, labels(a) AS sk, labels(b) AS tk, r.status AS st';
  const toRow = (r: DriverRecord): Record<string, unknown> => r.toObject() as Record<string, unknown>;
  for await (const rows of streamRecords(runner, query, {}, ADJACENCY_BLOCK_ROWS, toRow)) {
    const block = emptyAdjacencyColumns();
    block.status = [];
    for (const r of rows) {
      block.id.push(String(r.id));
      block.type.push(String(r.type));
      block.source.push(String(r.s));
      block.target.push(String(r.t));
      block.yearFrom.push(typeof r.f === 'number' ? r.f : null);
      block.yearTo.push(typeof r.u === 'number' ? r.u : null);
      block.sourceKind.push(kindOf(r.sk as string[]));
      block.targetKind.push(kindOf(r.tk as string[]));
      block.status.push(typeof r.st === 'string' ? r.st : null);
    }
    onColumns(block);
  }
}
