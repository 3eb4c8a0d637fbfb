/**
 * The Cypher console use case: guard the statement, run it read-only within server-side limits, and
 * return rows plus the graph elements they mention, so the UI can draw what a table lists.
 */
import type { CypherResult, EngineName } from './graph-model';
import { assertReadOnlyCypher } from './cypher-guard';
import type { GraphStore } from '../stores/graph-store';

export interface ConsoleLimits {
  timeoutMs: number;
  maxRows: number;
  maxGraphNodes: number;
}

/** Runs a console query; throws QueryRejectedError, QueryFailedError or QueryTimeoutError. */
export async function runConsoleQuery(
  store: GraphStore,
  query: string,
  params: Record<string, unknown>,
  limits: ConsoleLimits,
): Promise<CypherResult> {
  const statement = assertReadOnlyCypher(query);
  const started = performance.now();
  const result = await store.runReadQuery(statement, params, { timeoutMs: limits.timeoutMs, maxRows: limits.maxRows });
  const nodeIds = result.nodeIds.slice(0, limits.maxGraphNodes);
  const kept = new Set(nodeIds);
  const [nodes, edges] = await Promise.all([store.getNodes(nodeIds), store.getEdges(result.edgeIds)]);
  const keptEdges = edges.filter((e) => kept.has(e.source) && kept.has(e.target));
  return {
    columns: result.columns,
    rows: result.rows,
    graph: { nodes, edges: keptEdges },
    truncated: result.truncated || nodeIds.length < result.nodeIds.length,
    engine: store.engine as EngineName,
    elapsedMs: Math.round((performance.now() - started) * 10) / 10,
  };
}
