/**
 * Reads of the whole Neo4j graph in one answer (GraphStore.counts, readAll); exports and the graph index
 * read it in chunks instead (neo4j-streams.ts).
 */
import type { Graph } from '../../domain/graph-model';
import type { GraphCounts } from '../../domain/ports/graph-store';
import type { SeedDocument } from '../../domain/seed-schema';
import { ENTITY_LABEL } from '../stored-graph';
import { edgeOf } from './neo4j-edge-reads';
import { countOf, readInTransaction, type ReadContext } from './neo4j-read';
import { EDGE_COLUMNS } from './neo4j-relationship-ids';
import { RELATIONSHIP_COUNT_QUERY } from './neo4j-store-options';
import { NODE_COLUMNS, nodeOf } from './neo4j-values';

/** Entities and relationships stored. */
export async function readCounts(ctx: ReadContext): Promise<GraphCounts> {
  // Both counts come from Neo4j's count store (no scan); one transaction instead of one each.
  const [nodes, edges] = await readInTransaction(ctx, async (tx): Promise<[number, number]> => {
    const nodes = await countOf(tx, `MATCH (n:${ENTITY_LABEL}) RETURN count(n) AS c`);
    return [nodes, await countOf(tx, RELATIONSHIP_COUNT_QUERY)];
  });
  return { nodes, edges };
}

/** Every entity and relationship, each kind in a READ transaction of its own; `documents` resolves sources. */
export async function readWholeGraph(ctx: ReadContext, documents: () => Promise<ReadonlyMap<string, SeedDocument>>): Promise<Graph> {
  const nodeRecords = await readInTransaction(ctx, async (tx) => (await tx.run(`MATCH (n:${ENTITY_LABEL}) ${NODE_COLUMNS}`)).records);
  const edgeRecords = await readInTransaction(ctx, async (tx) => (await tx.run(`MATCH (a:${ENTITY_LABEL})-[r]->(b:${ENTITY_LABEL}) ${EDGE_COLUMNS}`)).records);
  const docs = await documents();
  return { nodes: nodeRecords.map(nodeOf), edges: edgeRecords.map((r) => edgeOf(r, docs)) };
}
