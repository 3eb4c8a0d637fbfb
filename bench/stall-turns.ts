/**
 * The longest turns of the event loop the server's own heavy steps take, at the 1M-relationship scale and
 * without an engine: building the graph index from blocks of adjacency columns as the engine process sends
 * them (each block added, each sealing step), and receiving one large record answer from a child process over
 * the same IPC channel the engine process uses. Prints each step's worst turn (performance.now() around it)
 * and the loop's max / p99 delay (monitorEventLoopDelay, 10 ms resolution) while it ran.
 * Run: esbuild bench/stall-turns.ts --bundle --platform=node --packages=external --outfile=dist/bench/stall-turns.js
 *      && node dist/bench/stall-turns.js [relationships=1000000] [records=5000]
 */
import { fork } from 'node:child_process';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { GraphIndexBuilder, emptyAdjacencyColumns } from '../server/stores/graph-index/graph-index';
import { SliceClock } from '../server/stores/graph-index/slice-clock';
import { buildGraphIndex } from '../server/stores/graph-index/kept-graph-index';
import type { AdjacencyColumns } from '../server/domain/ports/graph-store';
import { EngineConnection } from '../server/stores/kuzu/engine-process/engine-connection';
import { splitAnswer } from '../server/stores/kuzu/engine-process/answer-parts';

const KINDS = ['Country', 'City', 'Person', 'Agreement', 'Project', 'Group', 'Event', 'Infrastructure'];
const TYPES = ['HOSTS_BASE', 'SIGNED', 'FUNDS', 'MEMBER_OF', 'BORDERS', 'ALLIED_WITH', 'TRADES_WITH', 'LOCATED_IN'];

/** The blocks of a synthetic graph of `m` relationships over `n` nodes, made one at a time (as they arrive). */
function* blocks(m: number, n: number, rows = 20_000): Generator<AdjacencyColumns> {
  let seed = 42;
  const rand = (k: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % k;
  };
  let block = emptyAdjacencyColumns();
  for (let e = 0; e < m; e += 1) {
    const s = rand(n);
    const t = rand(n);
    block.id.push(`rel-${e}-${rand(1e6)}`);
    block.type.push(TYPES[rand(TYPES.length)] as string);
    block.source.push(`${(KINDS[s % KINDS.length] as string).toLowerCase()}-${s}`);
    block.target.push(`${(KINDS[t % KINDS.length] as string).toLowerCase()}-${t}`);
    block.sourceKind.push(KINDS[s % KINDS.length] as string);
    block.targetKind.push(KINDS[t % KINDS.length] as string);
    block.yearFrom.push(rand(3) === 0 ? null : 1990 + rand(30));
    block.yearTo.push(rand(3) === 0 ? null : 2000 + rand(30));
    if (block.id.length === rows) {
      yield block;
      block = emptyAdjacencyColumns();
    }
  }
  if (block.id.length > 0) yield block;
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));


async function measure(label: string, run: () => Promise<string>): Promise<void> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  await tick();
  h.enable();
  const t0 = performance.now();
  const detail = await run();
  const total = performance.now() - t0;
  h.disable();
  const ms = (ns: number): string => (ns / 1e6).toFixed(0);
  console.log(`${label.padEnd(34)} ${total.toFixed(0).padStart(6)} ms total  loop delay max ${ms(h.max)} ms p99 ${ms(h.percentile(99))} ms  ${detail}`);
}

/** The longest gap between two turns of a setImmediate spinner: the longest turn anything else took meanwhile. */
function turnMeter(): { stop(): number; skip(): void } {
  let worst = 0;
  let last = performance.now();
  let on = true;
  const spin = (): void => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    if (process.env.SHOW_TURNS && now - last > 25) console.log(`turn of ${(now - last).toFixed(1)} ms ending at ${now.toFixed(0)} ms`);
    last = now;
    if (on) setImmediate(spin);
  };
  setImmediate(spin);
  return {
    skip: () => {
      last = performance.now();
    },
    stop: () => {
      on = false;
      return worst;
    },
  };
}

/** The worst and the 99th-percentile of a list of durations. */
function worst(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const p99 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0;
  return `max ${(sorted[sorted.length - 1] ?? 0).toFixed(1)} ms p99 ${p99.toFixed(1)} ms over ${sorted.length}`;
}

async function indexBuild(m: number): Promise<void> {
  // Blocks arrive as separate IPC messages, one per turn, as from the engine process; making one is not timed.
  await measure(`graph index build, ${m} rels`, async () => {
    const meter = turnMeter();
    const index = await buildGraphIndex(async (onColumns) => {
      for (const b of blocks(m, m / 10)) {
        meter.skip();
        onColumns(b);
        await tick();
      }
    });
    await tick();
    return `worst turn ${meter.stop().toFixed(1)} ms, ${index.size} rels`;
  });
  // The same build driven here, timing each slice of the index's own code: wall time (which includes being
  // preempted by other processes on a busy machine) and this process's CPU time (which does not, but counts
  // V8's helper threads).
  const slices: number[] = [];
  const cpu: number[] = [];
  const timed = <T>(f: () => T): T => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const v = f();
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    slices.push(performance.now() - t0);
    return v;
  };
  const builder = new GraphIndexBuilder();
  const clock = new SliceClock();
  for (const b of blocks(m, m / 10)) {
    const steps = builder.addSteps(b, clock);
    while (timed(() => steps.next().done) !== true) await tick();
    await tick();
  }
  const adding = `${worst(slices)} (CPU ${worst(cpu)})`;
  slices.length = 0;
  cpu.length = 0;
  let c0 = process.cpuUsage();
  let last = performance.now();
  const sealing = slices;
  await builder.sealInSteps(() => {
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    slices.push(performance.now() - last);
    return tick().then(() => {
      last = performance.now();
      c0 = process.cpuUsage();
    });
  }, clock);
  slices.push(performance.now() - last);
  console.log(`  its slices: adding blocks ${adding}; sealing ${worst(slices)} (CPU ${worst(cpu)})`);
  if (process.env.SHOW_TURNS) console.log(`  sealing slices: ${sealing.map((t) => t.toFixed(0)).join(' ')}`);
}

function records(count: number): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < count; i += 1) {
    out.push({
      id: `rel-${i}`,
      type: 'HOSTS_BASE',
      source: `country-${i}`,
      target: `city-${i * 7}`,
      properties: { yearFrom: 1990 + (i % 30), confidence: 0.8, status: 'active', note: `note ${i}` },
      sources: [
        { document: `doc-${i % 100}`, publisher: 'Publisher', title: `Title of article ${i % 100}`, published: '2020-01-01', quote: `A sentence quoted verbatim from the document, number ${i}, long enough to look real.` },
        { document: `doc-${(i + 1) % 100}`, quote: `Another sentence quoted from a second document about relationship ${i}.` },
      ],
    });
  }
  return out;
}

/**
 * One answer of `count` relationship records from a child process over an IPC channel like the engine
 * process's, received by the server's EngineConnection: whole in one message (as before), or its long list
 * in parts as the engine host now sends it.
 */
async function bigAnswer(count: number, parted: boolean): Promise<void> {
  const child = fork(__filename, ['--child', String(count), parted ? 'parted' : 'whole'], { serialization: 'advanced' });
  await new Promise<void>((resolve) => child.once('message', () => resolve()));
  const connection = new EngineConnection(child);
  await measure(`one answer of ${count} records, ${parted ? 'in parts' : 'whole'}`, async () => {
    const meter = turnMeter();
    const answer = await connection.call<unknown[]>('getEdges', []).result;
    // The turn that delivered the answer ends after this: let the spinner see it.
    await tick();
    const worstTurn = meter.stop();
    child.kill();
    return `worst turn ${worstTurn.toFixed(1)} ms, ${answer.length} records`;
  });
}

async function main(): Promise<void> {
  const m = Number(process.argv[2] ?? 1_000_000);
  const r = Number(process.argv[3] ?? 5000);
  await indexBuild(m);
  for (const n of [r, r * 4]) {
    await bigAnswer(n, false);
    await bigAnswer(n, true);
  }
}

if (process.argv[2] === '--child') {
  const data = records(Number(process.argv[3]));
  process.on('message', (message: { id: number }) => {
    // As engine-host.ts's sendAnswer does.
    const { parts, rest, parted } = process.argv[4] === 'parted' ? splitAnswer(data) : { parts: [], rest: data, parted: [] };
    for (const part of parts) process.send?.({ t: 'part', id: message.id, ...part });
    process.send?.({ t: 'result', id: message.id, value: rest, parted });
  });
  process.send?.({ t: 'ready', pid: process.pid });
} else {
  void main();
}
