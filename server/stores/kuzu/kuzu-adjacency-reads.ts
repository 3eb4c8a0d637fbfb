/**
 * The embedded store's adjacency read (GraphStore.adjacency) when the graph index is not ready: the
 * relationships at some entities, as references, read from the engine. Also the home of UNLABELLED_IN, the
 * engine's wrong answers that decide how every read here names a list of ids.
 *
 * UNLABELLED_IN: kuzu 0.11.3, on a database opened from its file (after any restart, and after every write
 * here, which swaps in a copy), answers `MATCH (n) WHERE n.id IN ['base-1']` with another node
 * ('beta-city'), and `MATCH (a)-[r]->(b) WHERE b.id IN ['base-1']` with no rows, for some one-element
 * lists; `UNWIND $ids AS x MATCH ... WHERE n.id = x` answered right in every case tried (68 checks on the
 * mini-seed). A labelled `(n:Kind) WHERE n.id IN $ids` answered right too.
 */
import type { KuzuValue } from 'kuzu';
import type { Direction } from '../../domain/graph-model';
import type { AdjacencyFilter, EdgeRef } from '../../domain/ports/graph-store';
import { adjacencyWhere } from '../adjacency-filter';
import type { Row } from './kuzu-result-rows';

/** The relationships at `ids` in `direction` passing `filter`, each once, as references. */
export async function readAdjacencyRefs(
  run: (query: string, params: Record<string, KuzuValue>) => Promise<Row[]>,
  ids: readonly string[],
  direction: Direction,
  filter: AdjacencyFilter,
): Promise<EdgeRef[]> {
  const { where, params } = adjacencyWhere(filter, 'label(r)');
  params.ids = [...ids];
  const out: EdgeRef[] = [];
  const seen = new Set<string>();
  const collect = (rows: Row[]): void => {
    for (const r of rows) {
      const id = String(r.id);
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ id, type: String(r.type), source: String(r.s), target: String(r.t) });
    }
  };
  const ret = 'RETURN r.id AS id, label(r) AS type, a.id AS s, b.id AS t';
  // UNWIND + equality, never `a.id IN $ids` here: see UNLABELLED_IN.
  if (direction !== 'in') collect(await run(`UNWIND $ids AS x MATCH (a)-[r]->(b) WHERE a.id = x${where} ${ret}`, params));
  if (direction !== 'out') collect(await run(`UNWIND $ids AS x MATCH (a)-[r]->(b) WHERE b.id = x${where} ${ret}`, params));
  return out;
}
