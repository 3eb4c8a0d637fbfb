/**
 * The console's read query on Neo4j (GraphStore.runReadQuery): one READ transaction under the console's own
 * timeout, at most `maxRows` rows pulled, stopped when the client goes away, values made plain here and
 * relationships completed by id afterwards (read-result.ts).
 */
import type { GraphEdge } from '../../domain/graph-model';
import { RequestAbortedError } from '../../domain/errors';
import type { ReadQueryOptions, ReadQueryResult } from '../../domain/ports/graph-store';
import { finishRows } from '../read-result';
import type { Neo4jRunner } from './neo4j-runner';
import { toDriverParams, toPlain } from './neo4j-values';

/** Runs the (already guarded) read `query`; `getEdges` loads the relationships its rows name. */
export async function runConsoleQuery(
  runner: Neo4jRunner,
  query: string,
  params: Record<string, unknown>,
  options: ReadQueryOptions,
  getEdges: (ids: string[]) => Promise<GraphEdge[]>,
): Promise<ReadQueryResult> {
  // A client that goes away frees the query at once: the runner closes the session on abort.
  const { columns, rows, more } = await runner.transaction(
    'READ',
    async (tx) => {
      const result = tx.run(query, toDriverParams(params));
      const keys = (await result.keys()) as string[];
      const out: unknown[][] = [];
      let extra = false;
      for await (const record of result) {
        if (options.signal?.aborted) throw new RequestAbortedError();
        if (out.length >= options.maxRows) {
          extra = true;
          break;
        }
        out.push(keys.map((k) => toPlain(record.get(k))));
      }
      return { columns: keys, rows: out, more: extra };
    },
    { timeoutMs: options.timeoutMs, signal: options.signal },
  );
  return finishRows(columns, rows, more, getEdges);
}
