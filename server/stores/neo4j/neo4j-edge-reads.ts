/**
 * Relationship reads on Neo4j: records by id (GraphStore.getEdges) through the per-type id indexes
 * (neo4j-relationship-ids.ts), the adjacency of some entities (GraphStore.adjacency), and the one way a
 * record of EDGE_COLUMNS becomes a wire edge (here, in the streams and in the whole-graph read).
 */
import type { Record as DriverRecord } from 'neo4j-driver';
import type { Direction, GraphEdge } from '../../domain/graph-model';
import type { AdjacencyFilter, EdgeRef } from '../../domain/ports/graph-store';
import type { SeedDocument } from '../../domain/seed-schema';
import { adjacencyWhere } from '../adjacency-filter';
import { ENTITY_LABEL, fromStoredEdge } from '../stored-graph';
import { countOf, readInTransaction, readObjects, type ReadContext } from './neo4j-read';
import { RELATIONSHIPS_BY_ID_FALLBACK_QUERY, RELATIONSHIP_TYPES_QUERY, relationshipsByIdQuery } from './neo4j-relationship-ids';
import type { Neo4jSchema } from './neo4j-schema';
import { RELATIONSHIP_COUNT_QUERY, SEEKS_BEFORE_COUNTING } from './neo4j-store-options';
import { plainProperties, toDriverParams } from './neo4j-values';

/** A record of RETURN type, p (the properties), s, t as a wire edge. */
export function edgeOf(record: DriverRecord, docs: ReadonlyMap<string, SeedDocument>): GraphEdge {
  const props = plainProperties(record.get('p') as Record<string, unknown>);
  return fromStoredEdge(String(record.get('type')), String(record.get('s')), String(record.get('t')), props, docs);
}

/**
 * The relationships `ids`, by per-type index seeks (neo4j-relationship-ids.ts), or by one scan when the ids
 * are so many that the seeks (types x ids) would outnumber the relationships a scan reads; in one READ
 * transaction with the look-up again of ids not found, over types another client may have added since the
 * store started (learnt into `schema`). `documents` resolves their sources.
 */
export async function readEdgesById(
  ctx: ReadContext,
  schema: Neo4jSchema,
  ids: readonly string[],
  documents: () => Promise<ReadonlyMap<string, SeedDocument>>,
): Promise<GraphEdge[]> {
  if (ids.length === 0) return [];
  const docs = await documents();
  const known = schema.relationshipTypes;
  const seeks = known.length * ids.length;
  const records = await readInTransaction(ctx, async (tx) => {
    // Counted only for a look-up large enough to matter, and then now, in this transaction: another
    // client may have loaded or emptied the graph since any earlier count.
    const byScan = seeks > SEEKS_BEFORE_COUNTING && seeks > (await countOf(tx, RELATIONSHIP_COUNT_QUERY));
    if (known.length === 0 || byScan) {
      return (await tx.run(RELATIONSHIPS_BY_ID_FALLBACK_QUERY, toDriverParams({ ids: [...ids], known: [] }))).records;
    }
    const found = (await tx.run(relationshipsByIdQuery(known), toDriverParams({ ids: [...ids] }))).records;
    const seen = new Set(found.map((r) => String((r.get('p') as { id?: unknown }).id)));
    const missing = ids.filter((id) => !seen.has(id));
    if (missing.length === 0) return found;
    const inUse = (await tx.run(RELATIONSHIP_TYPES_QUERY)).records.map((r) => String(r.get('relationshipType')));
    if (inUse.every((t) => known.includes(t))) return found;
    schema.learnTypes(inUse);
    const more = await tx.run(RELATIONSHIPS_BY_ID_FALLBACK_QUERY, toDriverParams({ ids: missing, known: [...known] }));
    return [...found, ...more.records];
  });
  return records.map((r) => edgeOf(r, docs));
}

/** The relationships at `ids` in `direction` passing `filter`, each once, as references. */
export async function readAdjacency(ctx: ReadContext, ids: readonly string[], direction: Direction, filter: AdjacencyFilter): Promise<EdgeRef[]> {
  if (ids.length === 0) return [];
  const { where, params } = adjacencyWhere(filter, 'type(r)');
  params.ids = [...ids];
  const ret = 'RETURN r.id AS id, type(r) AS type, a.id AS s, b.id AS t';
  const match = `MATCH (a:${ENTITY_LABEL})-[r]->(b:${ENTITY_LABEL})`;
  const out: EdgeRef[] = [];
  const seen = new Set<string>();
  const collect = (rows: Array<Record<string, unknown>>): void => {
    for (const r of rows) {
      const id = String(r.id);
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ id, type: String(r.type), source: String(r.s), target: String(r.t) });
    }
  };
  if (direction === 'any') {
    // Both directions in one undirected match (one round trip, not two); a relationship between two of
    // the ids comes back once from each end, hence the `seen` set.
    const both = `MATCH (a:${ENTITY_LABEL})-[r]-(b:${ENTITY_LABEL}) WHERE a.id IN $ids${where} ` +
      'RETURN r.id AS id, type(r) AS type, startNode(r).id AS s, endNode(r).id AS t';
    collect(await readObjects(ctx, both, params));
    return out;
  }
  if (direction === 'out') collect(await readObjects(ctx, `${match} WHERE a.id IN $ids${where} ${ret}`, params));
  else collect(await readObjects(ctx, `${match} WHERE b.id IN $ids${where} ${ret}`, params));
  return out;
}
