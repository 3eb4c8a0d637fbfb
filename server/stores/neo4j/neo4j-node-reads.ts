/**
 * Entity reads on Neo4j (GraphStore.searchCandidates, getNodes): through the `:Entity` label, whose
 * entity_id constraint is the id index.
 */
import type { Node } from 'neo4j-driver';
import type { GraphNode } from '../../domain/graph-model';
import { ENTITY_LABEL } from '../stored-graph';
import { readInTransaction, readObjects, type ReadContext } from './neo4j-read';
import { NODE_COLUMNS, nodeOf, toDriverParams, toGraphNode } from './neo4j-values';

/** Entities whose name or an alias contains `needle` (already lower-cased by the caller), at most `limit`. */
export async function searchNodes(ctx: ReadContext, needle: string, limit: number): Promise<GraphNode[]> {
  const rows = await readObjects(
    ctx,
    `MATCH (n:${ENTITY_LABEL}) WHERE toLower(n.name) CONTAINS $q ` +
      'OR any(a IN coalesce(n.aliases, []) WHERE toLower(a) CONTAINS $q) RETURN n LIMIT $limit',
    { q: needle, limit },
  );
  return rows.map((r) => toGraphNode(r.n as Node));
}

/** The entities `ids` (ids not stored are left out). */
export async function readNodes(ctx: ReadContext, ids: readonly string[]): Promise<GraphNode[]> {
  if (ids.length === 0) return [];
  const params = toDriverParams({ ids: [...ids] });
  const records = await readInTransaction(
    ctx,
    async (tx) => (await tx.run(`MATCH (n:${ENTITY_LABEL}) WHERE n.id IN $ids ${NODE_COLUMNS}`, params)).records,
  );
  return records.map(nodeOf);
}
