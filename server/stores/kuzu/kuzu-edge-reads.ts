/**
 * How the embedded store reads relationships by id in few queries: the graph index tells each one's kinds and
 * type, so reads go through primary-key indexes grouped by endpoint or by (source kind, type, target kind).
 */
import type { KuzuValue } from 'kuzu';
import type { EdgeLocation } from '../graph-index/graph-index';
import { quoteIdentifier } from './kuzu-schema';

/** An endpoint shared by at least this many wanted relationships is read in one query (at most this many such queries). */
const SHARED_END_MIN = 3;
const SHARED_END_QUERIES = 256;
/** ... and only when it has at most this many times as many relationships as are wanted from it. */
const SHARED_END_WASTE = 8;
/** Relationships looked up per batched query of one (source kind, type, target kind) group in getEdges. */
const EDGE_GROUP_CHUNK = 5_000;
/** From this many relationships of one group, getEdges scans the group's typed table instead of looking each up from its source. */
const EDGE_GROUP_SCAN_FROM = 200;
/** A group with relationships from more sources than this is read by that scan too, not by one look-up per source. */
const EDGE_GROUP_SOURCES_MAX = 16;

/**
 * SOURCE_IN_LISTS: kuzu 0.11.3 at 100k nodes / 1M relationships answered
 * `MATCH (a:GovernmentBody)-[r:FUNDS_FORUM]->(b:Event) WHERE a.id IN $s AND r.id IN $ids` (two sources, four ids)
 * with one relationship under the other source's id and another relationship missing; `a.id = $s` per source,
 * `a.id IN $s` alone and `r.id IN $ids` alone answered right (bench/edge-read-variants.ts counts misplaced rows).
 * One read per source costs about twice the reads (paths' getEdges p50 65 -> 85 ms, depth 2's 0.9 -> 1.3 s), so the
 * lists stay and every row is checked against the graph index (settleEdgeRows): a row whose ends are not the
 * relationship's is dropped, and what is then missing is read again one source at a time.
 */

/** One batched read of getEdges; `keep`, when given, names the relationships wanted among its rows. */
export interface EdgeRead {
  query: string;
  params: Record<string, KuzuValue>;
  keep?: ReadonlySet<string>;
}

/**
 * The reads that fetch relationships `ids` (each row `r, s, t`): located ones (the graph index knows their
 * kinds) by their sources, shared endpoints first, then per (source kind, type, target kind); the rest by one
 * unlabelled UNWIND.
 */
export function planEdgeReads(
  ids: readonly string[],
  locate: (id: string) => EdgeLocation | undefined,
  has: (table: string) => boolean,
  /** One read per source in every group, no source list (the re-read of SOURCE_IN_LISTS). */
  perSource = false,
): EdgeRead[] {
  const unplaced: string[] = [];
  const bySourceKind = new Map<string, Array<EdgeLocation & { id: string }>>();
  for (const id of new Set(ids)) {
    const at = locate(id);
    if (!at || !has(at.sourceKind) || !has(at.targetKind) || !has(at.type)) unplaced.push(id);
    else {
      const group = bySourceKind.get(at.sourceKind);
      const e = { ...at, id };
      if (group) group.push(e);
      else bySourceKind.set(at.sourceKind, [e]);
    }
  }
  const ret = 'RETURN r, a.id AS s, b.id AS t';
  const reads: EdgeRead[] = [];
  // UNWIND + equality, never `r.id IN $ids` here: see UNLABELLED_IN.
  if (unplaced.length > 0) reads.push({ query: `UNWIND $ids AS x MATCH (a)-[r]->(b) WHERE r.id = x ${ret}`, params: { ids: unplaced } });
  // The rest in one batched read per (source kind, type, target kind): only that type's relationships from
  // the listed sources. At 200k relationships, 300 of one group: 54-130 ms in one such
  // query, 0.4-0.9 s as one typed query each, 13-18 s read from their sources untyped (hubs' every relationship).
  const located = [...bySourceKind.values()].flat();
  // But relationships sharing an endpoint (a node's details, a neighbourhood's centre) come in one indexed
  // query from that endpoint: most shared endpoints first, while each still covers several wanted ones.
  const ends = new Map<string, { node: string; kind: string; out: boolean; degree: number; edges: Array<EdgeLocation & { id: string }> }>();
  for (const e of located) {
    for (const [node, kind, out, degree] of [[e.source, e.sourceKind, true, e.sourceOutDegree], [e.target, e.targetKind, false, e.targetInDegree]] as const) {
      const key = `${out ? '>' : '<'}${node}`;
      const end = ends.get(key);
      if (end) end.edges.push(e);
      else ends.set(key, { node, kind, out, degree, edges: [e] });
    }
  }
  const covered = new Set<string>();
  let endQueries = 0;
  for (const end of [...ends.values()].sort((x, y) => y.edges.length - x.edges.length)) {
    if (end.edges.length < SHARED_END_MIN || endQueries >= SHARED_END_QUERIES) break;
    const wanted = new Set(end.edges.filter((e) => !covered.has(e.id)).map((e) => e.id));
    // Not through a hub for a few of its thousands of relationships: reading them all costs more.
    if (wanted.size < SHARED_END_MIN || end.degree > wanted.size * SHARED_END_WASTE) continue;
    for (const id of wanted) covered.add(id);
    endQueries += 1;
    const pattern = end.out ? `(a:${quoteIdentifier(end.kind)})-[r]->(b) WHERE a.id = $n` : `(a)-[r]->(b:${quoteIdentifier(end.kind)}) WHERE b.id = $n`;
    reads.push({ query: `MATCH ${pattern} ${ret}`, params: { n: end.node }, keep: wanted });
  }
  const groups = new Map<string, { sourceKind: string; type: string; targetKind: string; pairs: Array<{ s: string; id: string }> }>();
  for (const e of located) {
    if (covered.has(e.id)) continue;
    const key = `${e.sourceKind}\u0000${e.type}\u0000${e.targetKind}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { sourceKind: e.sourceKind, type: e.type, targetKind: e.targetKind, pairs: [] }));
    group.pairs.push({ s: e.source, id: e.id });
  }
  for (const g of groups.values()) {
    const pattern = `(a:${quoteIdentifier(g.sourceKind)})-[r:${quoteIdentifier(g.type)}]->(b:${quoteIdentifier(g.targetKind)})`;
    for (let i = 0; i < g.pairs.length; i += EDGE_GROUP_CHUNK) {
      const pairs = g.pairs.slice(i, i + EDGE_GROUP_CHUNK);
      const bySource = new Map<string, string[]>();
      for (const x of pairs) {
        const list = bySource.get(x.s);
        if (list) list.push(x.id);
        else bySource.set(x.s, [x.id]);
      }
      if (!perSource && (pairs.length >= EDGE_GROUP_SCAN_FROM || bySource.size > EDGE_GROUP_SOURCES_MAX)) {
        // Many of one group (a neighbourhood's): one scan of that typed table beats expanding hubs again per pair.
        // Labelled ends, so not the unlabelled `IN` of UNLABELLED_IN.
        reads.push({ query: `MATCH ${pattern} WHERE r.id IN $ids ${ret}`, params: { ids: pairs.map((x) => x.id) } });
      } else if (perSource || bySource.size === 1) {
        // A primary-key look-up per source. The id list is never empty (Kuzu takes an empty-list parameter as NULL,
        // and `IN` over NULL can crash it).
        for (const [source, ids] of bySource) reads.push({ query: `MATCH ${pattern} WHERE a.id = $s AND r.id IN $ids ${ret}`, params: { s: source, ids } });
      } else {
        // Labelled `IN` lists, not `UNWIND $p AS x MATCH (a:Kind {id: x.s})-[r:TYPE]->(b:Kind)`: Kuzu plans that
        // UNWIND as a cross product with a scan of the whole typed table (18k rows for 6 wanted, 16-20 ms at 1M
        // relationships), while here it scans the source kind's node table (~5k rows), masks the listed sources
        // and reads only their relationships of that type (3-6 ms). Its rows are checked (SOURCE_IN_LISTS).
        reads.push({ query: `MATCH ${pattern} WHERE a.id IN $s AND r.id IN $ids ${ret}`, params: { s: [...bySource.keys()], ids: pairs.map((x) => x.id) } });
      }
    }
  }
  return reads;
}

/**
 * The rows of getEdges' reads that are right (SOURCE_IN_LISTS): each wanted relationship once, with the ends the
 * graph index knows for it (rows of relationships the index does not place are taken as they come), and the
 * located ids no right row answered, to read again with `planEdgeReads(missing, ..., true)`.
 */
export function settleEdgeRows<Row extends Record<string, unknown>>(
  rows: readonly Row[],
  wanted: readonly string[],
  locate: (id: string) => EdgeLocation | undefined,
): { rows: Row[]; missing: string[] } {
  const want = new Set(wanted);
  const found = new Set<string>();
  const out: Row[] = [];
  for (const row of rows) {
    // Each row is `r, s, t`: the relationship and the ids of its ends as the engine answered them.
    const id = String((row.r as { id?: unknown } | null)?.id);
    if (!want.has(id) || found.has(id)) continue;
    const at = locate(id);
    if (at && (at.source !== String(row.s) || at.target !== String(row.t))) continue;
    found.add(id);
    out.push(row);
  }
  const missing = [...want].filter((id) => !found.has(id) && locate(id) !== undefined);
  return { rows: out, missing };
}
