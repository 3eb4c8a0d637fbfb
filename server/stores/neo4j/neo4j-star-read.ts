/**
 * A node's star for node details in one Neo4j query (GraphStore.getStar), shaped like the engine's own
 * `MATCH (a:Kind {id: $id})-[r]-(b) RETURN a, r, b`: the centre through the entity_id constraint's index,
 * then its relationships in both directions with the node at the other end. Replaces the assembled answer
 * (an adjacency read, a node read and a relationship read: three transactions per node details).
 */
import type { Record as DriverRecord } from 'neo4j-driver';
import type { GraphEdge, GraphNode } from '../../domain/graph-model';
import type { NodeStar } from '../../domain/ports/graph-store';
import type { SeedDocument } from '../../domain/seed-schema';
import { ENTITY_LABEL, fromStoredEdge, fromStoredNode } from '../stored-graph';
import { readInTransaction, type ReadContext } from './neo4j-read';
import { kindOf, plainProperties } from './neo4j-values';

/**
 * One row per relationship of the centre `$id`, or one row with nulls beside the centre when it has none
 * (OPTIONAL MATCH: in Neo4j an optional expand from one node, no join). Each relationship's own ends give
 * its direction; only entities count as the other end, as in the assembled answer's adjacency read.
 */
export const STAR_QUERY =
  `MATCH (n:${ENTITY_LABEL} {id: $id}) OPTIONAL MATCH (n)-[r]-(b:${ENTITY_LABEL}) ` +
  'RETURN labels(n) AS l, properties(n) AS p, type(r) AS type, properties(r) AS rp, ' +
  'startNode(r).id AS s, endNode(r).id AS t, labels(b) AS bl, properties(b) AS bp';

/** The star from STAR_QUERY's records, or null when the centre does not exist (no record). */
export function toStar(records: readonly DriverRecord[], docs: ReadonlyMap<string, SeedDocument>): NodeStar | null {
  const first = records[0];
  if (!first) return null;
  const node = fromStoredNode(kindOf(first.get('l') as string[]), plainProperties(first.get('p') as Record<string, unknown>));
  const edges = new Map<string, GraphEdge>();
  const neighbors = new Map<string, GraphNode>();
  for (const record of records) {
    const type = record.get('type') as string | null;
    if (type === null) continue;
    const other = fromStoredNode(kindOf(record.get('bl') as string[]), plainProperties(record.get('bp') as Record<string, unknown>));
    // The centre is its own neighbour through a self-loop, as in the assembled answer.
    if (!neighbors.has(other.id)) neighbors.set(other.id, other);
    const props = plainProperties(record.get('rp') as Record<string, unknown>);
    // A relationship without an id (another client's) cannot be named on the wire; the assembled answer
    // leaves it out too, keeping the node at its other end.
    if (typeof props.id !== 'string') continue;
    // A self-loop is met once by Neo4j's undirected pattern; kept once whatever the engine's rule.
    if (!edges.has(props.id)) edges.set(props.id, fromStoredEdge(type, String(record.get('s')), String(record.get('t')), props, docs));
  }
  return { node, edges: [...edges.values()], neighbors: [...neighbors.values()] };
}

/** The star of `id`, or null when it does not exist; `documents` resolves its relationships' sources. */
export async function readStar(ctx: ReadContext, id: string, documents: () => Promise<ReadonlyMap<string, SeedDocument>>): Promise<NodeStar | null> {
  const docs = await documents();
  const records = await readInTransaction(ctx, async (tx) => (await tx.run(STAR_QUERY, { id })).records);
  return toStar(records, docs);
}
