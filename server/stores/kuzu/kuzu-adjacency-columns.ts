/**
 * Every relationship's adjacency row (id, type, endpoints, their kinds, years) read in blocks of columns: what
 * the graph indexes are built from, the adapter's own and the server's (through the engine process). Apart
 * from the store because it is one long read with its own shape and slicing; the store lends the connection.
 */
import type { Connection } from 'kuzu';
import type { AdjacencyColumns } from '../../domain/ports/graph-store';
import { emptyAdjacencyColumns } from '../graph-index/graph-index';
import { ReadSlice, single } from './kuzu-result-rows';

/** Adjacency rows per block of columns: big enough that a block's clone across the process boundary dominates its cost. */
const ADJACENCY_BLOCK_ROWS = 20_000;

/** Reads every relationship on `c` (lent, with a timeout fit for the whole graph) and hands out blocks of columns. */
export async function readAdjacencyColumns(c: Connection, onColumns: (columns: AdjacencyColumns) => void): Promise<void> {
  const result = single(
    await c.query(
      'MATCH (a)-[r]->(b) RETURN r.id AS id, label(r) AS type, a.id AS s, b.id AS t, r.yearFrom AS f, r.yearTo AS u, ' +
        'label(a) AS sk, label(b) AS tk',
    ),
  );
  const slice = new ReadSlice();
  let block = emptyAdjacencyColumns();
  while (result.hasNext()) {
    const r = result.getNextSync();
    if (r) {
      block.id.push(String(r.id));
      block.type.push(String(r.type));
      block.source.push(String(r.s));
      block.target.push(String(r.t));
      block.yearFrom.push(typeof r.f === 'number' ? r.f : null);
      block.yearTo.push(typeof r.u === 'number' ? r.u : null);
      block.sourceKind.push(String(r.sk));
      block.targetKind.push(String(r.tk));
    }
    if (block.id.length >= ADJACENCY_BLOCK_ROWS) {
      onColumns(block);
      block = emptyAdjacencyColumns();
    }
    if (slice.spent()) await slice.pause();
  }
  result.close();
  if (block.id.length > 0) onColumns(block);
}
