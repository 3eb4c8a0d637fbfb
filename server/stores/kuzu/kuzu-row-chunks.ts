/**
 * Stream chunks in the form they cross the engine process boundary: each table's rows as one flat list of
 * values under the table's column names, rather than one record object per row. Structured clone writes
 * every key of every object and every source's document metadata again for each relationship; the host's
 * serialising and the garbage it left were about a third of its time in a 1M-relationship stream, while the
 * server process sat idle. So the host sends the rows as Kuzu gave them and the server makes the records
 * (fromStoredNode / fromStoredEdge, the same functions the in-process streams use), in its own process, in
 * parallel with the host reading the next chunk. Imports no runtime code of the kuzu module: the server
 * process decodes with it.
 */
import type { GraphEdge, GraphNode } from '../../domain/graph-model';
import type { SeedDocument } from '../../domain/seed-schema';
import { fromStoredEdge, fromStoredNode } from '../stored-graph';
import type { Row } from './kuzu-result-rows';
import type { ChunkBuilder } from './kuzu-streams';

/** Consecutive rows of one table: `values` holds `columns.length` values per row, row after row. */
export interface RowGroup {
  table: string;
  columns: string[];
  values: unknown[];
}

/** One chunk of a stream as the host sends it. */
export interface RowChunk {
  groups: RowGroup[];
  rows: number;
}

/** Gathers rows into RowChunks; `keep` drops rows before they are sent (a selection's far ends). */
export class RowChunks implements ChunkBuilder<RowChunk> {
  private groups: RowGroup[] = [];
  private current: RowGroup | undefined;
  private rows = 0;

  constructor(private readonly keep?: (row: Row) => boolean) {}

  add(row: Row, table: string): void {
    if (this.keep && !this.keep(row)) return;
    let group = this.current;
    if (!group || group.table !== table) {
      // A statement's rows all carry its RETURN columns, in that order.
      group = { table, columns: Object.keys(row), values: [] };
      this.groups.push(group);
      this.current = group;
    }
    // for...in walks the keys in Object.keys order (the columns'), without an entries array per row.
    for (const key in row) group.values.push(row[key]);
    this.rows += 1;
  }

  get length(): number {
    return this.rows;
  }

  take(): RowChunk {
    const chunk = { groups: this.groups, rows: this.rows };
    this.groups = [];
    this.current = undefined;
    this.rows = 0;
    return chunk;
  }
}

/** The records of a chunk: each row rebuilt as the object Kuzu gave (same keys, same order), then `make`. */
export function decodeRowChunk<T>(chunk: RowChunk, make: (row: Record<string, unknown>, table: string) => T): T[] {
  const out: T[] = [];
  for (const { table, columns, values } of chunk.groups) {
    const width = columns.length;
    for (let at = 0; at + width <= values.length && width > 0; at += width) {
      const row: Record<string, unknown> = {};
      for (let c = 0; c < width; c += 1) row[columns[c] as string] = values[at + c];
      out.push(make(row, table));
    }
  }
  return out;
}

/** A node of a stream's row (the columns of its kind's table). */
export function nodeFromStreamRow(row: Record<string, unknown>, kind: string): GraphNode {
  return fromStoredNode(kind, row);
}

/** A relationship of a stream's row (its columns, its ends as _s and _t), its sources' metadata from `documents`. */
export function edgeFromStreamRow(row: Record<string, unknown>, type: string, documents: ReadonlyMap<string, SeedDocument>): GraphEdge {
  return fromStoredEdge(type, String(row._s), String(row._t), row, documents);
}
