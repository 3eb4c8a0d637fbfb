/**
 * The child process of the crash test (bundled by it): opens the embedded store on DATA_DIR, prints its
 * state, reads `{"from": i, "count": n}` on stdin and runs steps i .. i+n-1 of crash-steps.ts, printing a
 * line before and after each, until the test kills it. One JSON object per stdout line.
 */
import { createInterface } from 'node:readline';
import { KuzuGraphStore } from '../../server/stores/kuzu/kuzu-graph-store';
import { readVocabulary } from '../../server/seed/seed-loader';
import { readState, runStep } from './crash-steps';

function say(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

async function main(): Promise<void> {
  const [dataDir, seedDir, inputs] = process.argv.slice(2) as [string, string, string];
  const store = await KuzuGraphStore.open({ dataDir, bufferPoolBytes: 256 * 2 ** 20, importBufferPoolBytes: 256 * 2 ** 20, log: () => undefined });
  await store.init();
  say({ event: 'state', state: await readState(store), storage: store.storageStatus() });
  const lines = createInterface({ input: process.stdin });
  const [line] = await lines[Symbol.asyncIterator]().next().then((r) => [r.value as string | undefined]);
  lines.close();
  const { from, count } = JSON.parse(line ?? '{"from":0,"count":0}') as { from: number; count: number };
  const vocabulary = await readVocabulary(seedDir);
  for (let i = from; i < from + count; i += 1) {
    say({ event: 'begin', step: i });
    await runStep({ store, seedDir, vocabulary, inputs }, i);
    say({ event: 'committed', step: i });
  }
  await store.close();
  say({ event: 'done' });
}

main().catch((err: unknown) => {
  say({ event: 'error', message: String((err as Error).stack ?? err) });
  process.exit(1);
});
