/**
 * The engine child of the console fuzz runner: opens (and on first use seeds) a real embedded store in the
 * folder it is given, then runs each console query it receives exactly as POST /api/cypher does (the
 * guard, then the engine within the console's limits) and answers with the outcome. When the engine
 * crashes, this process dies with it; the parent sees the signal and blames the query it sent last.
 *
 * Started by crash-runner.ts with `fork(file, [dataDir])`.
 */
import { runConsoleQuery } from '../../server/domain/cypher-console';
import { warmUpCypherParser } from '../../server/domain/cypher-parser';
import { DomainError } from '../../server/domain/errors';
import { seedIfEmpty } from '../../server/domain/seed-graph';
import { KuzuGraphStore } from '../../server/stores/kuzu/kuzu-graph-store';
import type { RunAnswer, RunRequest, WorkerMessage } from './fuzz-protocol';

/** The console's limits in the fuzz: short, so a slow query costs little and still counts. */
const LIMITS = { timeoutMs: 2_000, maxRows: 100, maxGraphNodes: 200 };

function send(message: WorkerMessage): void {
  process.send?.(message);
}

async function answer(store: KuzuGraphStore, request: RunRequest): Promise<RunAnswer> {
  try {
    const result = await runConsoleQuery(store, request.query, request.params, LIMITS);
    return { kind: 'answer', id: request.id, outcome: 'answered', rows: result.rows.length };
  } catch (err) {
    if (err instanceof DomainError) {
      const outcome = err.code === 'query_rejected' ? 'refused' : err.code === 'query_timeout' ? 'timeout' : 'failed';
      return { kind: 'answer', id: request.id, outcome, code: err.code, message: err.message, details: err.details };
    }
    // Anything else is what the server would answer 500 with: count it as a failure, keep its words.
    return { kind: 'answer', id: request.id, outcome: 'failed', code: 'internal', message: err instanceof Error ? err.message : String(err) };
  }
}

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('fuzz-worker needs the data folder as its first argument');
  const open = (): Promise<KuzuGraphStore> => KuzuGraphStore.open({ dataDir, poolSize: 1, bufferPoolBytes: 256 * 2 ** 20 });
  let store = await open();
  await store.init();
  if (await seedIfEmpty(store)) {
    // Closed and opened again so the seed is checkpointed into the file: a crash with the seed still in the
    // WAL left a store that no later child could open (kuzu 0.11.3 does not replay such a WAL reliably).
    await store.close();
    store = await open();
    await store.init();
  }
  warmUpCypherParser();
  const { nodes } = await store.counts();
  // One query at a time: the parent waits for each answer, so a crash names its query.
  process.on('message', (request: RunRequest) => {
    void answer(store, request).then(send);
  });
  process.on('disconnect', () => {
    void store.close().finally(() => process.exit(0));
  });
  send({ kind: 'ready', nodes });
}

main().catch((err: unknown) => {
  console.error('fuzz-worker could not start:', err);
  process.exit(2);
});
