/**
 * The longest turns of the server's event loop while it answers path queries one after the other at 1M,
 * over a graph already loaded by `npm run bench -- --data-dir DIR` (same --nodes, --edges, --seed): the store
 * as the server builds it (engine process, record cache, graph index), random pairs of the synthetic graph,
 * each answer traced (tracePaths) and serialised as the answer cache does (stringifyInSlices). Prints per
 * phase the loop's worst delay (monitorEventLoopDelay at 1 ms resolution: a turn that held the loop shows as
 * a delay that long), next to the same loop idle, and the answers' times. On a loaded machine a delay also
 * counts the time other processes held the core, so each gap between two firings of a 1 ms timer is also
 * weighed by the CPU this process spent in it: the worst such "turn CPU" is what our own code held.
 *
 * Build: esbuild bench/path-turns.ts --bundle --platform=node --target=node20 --packages=external --outfile=dist/bench/path-turns.js
 * Run:   node --expose-gc dist/bench/path-turns.js --data-dir DIR [--nodes 100000 --edges 1000000 --seed 42 --samples 80]
 *        [--neighbourhoods: also depth-2 neighbourhoods around the pairs' first ends]
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { readVocabulary } from '../server/seed/seed-loader';
import { SEED_DIR } from '../server/project-paths';
import { EngineProcessStore } from '../server/stores/kuzu/engine-process/engine-process-store';
import { withGraphIndex } from '../server/stores/graph-index/indexed-graph-store';
import { withRecordCache } from '../server/stores/record-cache/cached-records-store';
import { getNeighborhood, rankPathIds, tracePaths } from '../server/domain/traversal';
import { stringifyInSlices } from '../server/http/sliced-json';
import { createRandom, generateSyntheticGraph } from './synthetic-graph';
import { arg, ms, summary } from './profile-cli';

async function main(): Promise<void> {
  const nodes = Number(arg('nodes', '100000'));
  const edges = Number(arg('edges', '1000000'));
  const seed = Number(arg('seed', '42'));
  const samples = Number(arg('samples', '80'));
  // Only the node ids are kept: the bench must not carry a million relationship objects the server does
  // not hold (their garbage collection would show as stalls of its own).
  const ids = generateSyntheticGraph(await readVocabulary(SEED_DIR), { nodes, edges, seed }).nodes.map((n) => n.id);
  const raw = await EngineProcessStore.open({ dataDir: arg('data-dir') });
  await raw.init();
  const indexed = withGraphIndex(withRecordCache(raw, { maxRecords: 50_000, maxAgeMs: 0 }), { enabled: true, maxAgeMs: 0 });
  await indexed.ready();
  const store = indexed.store;
  const random = createRandom(seed + 11);
  const pairs = Array.from({ length: samples }, () => [ids[Math.floor(random() * ids.length)] as string, ids[Math.floor(random() * ids.length)] as string] as const);

  /** Watches the gaps between firings of a 1 ms timer: the worst in wall time and in this process's CPU time. */
  const watchTurns = (): (() => { wallMs: number; cpuMs: number; over50: number }) => {
    let last = performance.now();
    let lastCpu = process.cpuUsage();
    const worst = { wallMs: 0, cpuMs: 0, over50: 0 };
    const timer = setInterval(() => {
      const now = performance.now();
      const used = process.cpuUsage(lastCpu);
      // CPU of the GC's helper threads counts too: never more than the gap itself.
      const cpu = Math.min(now - last, (used.user + used.system) / 1000);
      worst.wallMs = Math.max(worst.wallMs, now - last);
      worst.cpuMs = Math.max(worst.cpuMs, cpu);
      if (cpu > 50) worst.over50 += 1;
      last = now;
      lastCpu = process.cpuUsage();
    }, 1);
    return () => {
      clearInterval(timer);
      return worst;
    };
  };
  const phase = async (label: string, run: (from: string, to: string) => Promise<unknown>): Promise<void> => {
    (globalThis as { gc?: () => void }).gc?.();
    const loop = monitorEventLoopDelay({ resolution: 1 });
    const times: number[] = [];
    loop.enable();
    const turns = watchTurns();
    for (const [from, to] of pairs) {
      if (from === to) continue;
      // Each request arrives in a turn of its own, as from a socket (without this, answers that never wait
      // for I/O would run back to back in one turn).
      await new Promise((resolve) => setImmediate(resolve));
      const t = performance.now();
      await run(from, to).catch(() => undefined);
      times.push(ms(t));
    }
    loop.disable();
    const turn = turns();
    console.log(
      `${label}: worst loop delay ${(loop.max / 1e6).toFixed(1)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms; ` +
        `worst turn CPU ${turn.cpuMs.toFixed(1)} ms, turns over 50 ms CPU ${turn.over50}; ${summary('answer ms', times)}`,
    );
  };
  const query = (from: string, to: string) => ({ from, to, maxHops: 6, direction: 'any' as const, limit: 10 });
  // The idle loop first: what the machine's load alone causes.
  const idle = monitorEventLoopDelay({ resolution: 1 });
  idle.enable();
  const idleTurns = watchTurns();
  await new Promise((resolve) => setTimeout(resolve, 2000));
  idle.disable();
  console.log(`idle 2 s: worst loop delay ${(idle.max / 1e6).toFixed(1)} ms, worst turn CPU ${idleTurns().cpuMs.toFixed(1)} ms`);
  await phase('search + ties (rankPathIds)', (from, to) => rankPathIds(store, query(from, to)));
  await phase('whole answer (tracePaths + stringifyInSlices)', async (from, to) => stringifyInSlices(await tracePaths(store, query(from, to))));
  if (process.argv.includes('--neighbourhoods')) {
    // The load run's neighbourhood (depth 2, at most 2,000 nodes) around each pair's first end.
    await phase('neighbourhood depth 2 (getNeighborhood + stringifyInSlices)', async (from) => stringifyInSlices(await getNeighborhood(store, { id: from, depth: 2, limit: 2000 })));
  }
  await store.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
