/**
 * Relationship records by id for the embedded store (getEdges, and a neighbourhood's relationships in
 * readSubgraph): the reads planned by kuzu-edge-reads.ts and kuzu-subgraph-reads.ts, their rows checked
 * against the graph index (SOURCE_IN_LISTS), and what a wrong row left out read again one source at a time.
 * Kept out of kuzu-graph-store.ts, which holds the store's lifecycle and delegates each concern.
 */
import type { KuzuValue } from 'kuzu';
import type { GraphEdge } from '../../domain/graph-model';
import type { SeedDocument } from '../../domain/seed-schema';
import type { EdgeLocation } from '../graph-index/graph-index';
import { planEdgeReads, settleEdgeRows, type EdgeRead } from './kuzu-edge-reads';
import { toEdge } from './kuzu-records';
import type { Row } from './kuzu-result-rows';
import { planSubgraphEdgeReads } from './kuzu-subgraph-reads';

/** What the reads need from the store: its bounded query runner, the graph index, its tables, its documents. */
export interface EdgeRecordReader {
  run(query: string, params: Record<string, KuzuValue>): Promise<Row[]>;
  locate(id: string): EdgeLocation | undefined;
  has(table: string): boolean;
  documents(): Promise<ReadonlyMap<string, SeedDocument>>;
}

/** The relationships `ids` (each once; ids the store lacks are left out). */
export async function readEdgesById(reader: EdgeRecordReader, ids: readonly string[]): Promise<GraphEdge[]> {
  const locate = (id: string): EdgeLocation | undefined => reader.locate(id);
  const has = (table: string): boolean => reader.has(table);
  const readAll = async (reads: EdgeRead[]): Promise<Row[]> => (await Promise.all(reads.map(({ query, params }) => reader.run(query, params)))).flat();
  // Rows checked against the graph index, what a wrong row left out read again one source at a time (SOURCE_IN_LISTS).
  const first = settleEdgeRows(await readAll(planEdgeReads(ids, locate, has)), ids, locate);
  const again = first.missing.length > 0 ? settleEdgeRows(await readAll(planEdgeReads(first.missing, locate, has, true)), first.missing, locate).rows : [];
  const docs = await reader.documents();
  return [...first.rows, ...again].map((row) => toEdge(row.r, String(row.s), String(row.t), docs));
}

/** A neighbourhood's relationships `ids`: by kind pair where a pair holds several types, the rest by readEdgesById. */
export async function readSubgraphEdges(reader: EdgeRecordReader, ids: readonly string[]): Promise<GraphEdge[]> {
  const locate = (id: string): EdgeLocation | undefined => reader.locate(id);
  const { reads, rest: others } = planSubgraphEdgeReads(ids, locate, (table) => reader.has(table));
  const [rows, rest, docs] = await Promise.all([
    Promise.all(reads.map(({ query, params }) => reader.run(query, params))),
    readEdgesById(reader, others),
    reader.documents(),
  ]);
  // The kind-pair reads use labelled IN lists too: their rows are checked the same way, and what a wrong row
  // left out is read again through readEdgesById.
  const settled = settleEdgeRows(rows.flat(), reads.flatMap(({ keep }) => [...keep]), locate);
  const again = settled.missing.length > 0 ? await readEdgesById(reader, settled.missing) : [];
  return [...settled.rows.map((row) => toEdge(row.r, String(row.s), String(row.t), docs)), ...rest, ...again];
}
