/**
 * Every write of the embedded store is atomic on disk: a child process (tests/support/crash-writer.ts, bundled
 * here) runs writes of every kind (seed, small and staged imports, a dry run that adds a column, an import
 * that adds an integer column, undos, a bulk load; each ends with a swap) and is killed with SIGKILL or
 * SIGSEGV at a random moment of one of them, 30 times. After each kill the folder opens again in a new
 * child, holding exactly the content from before that write or from after it (compared with the same
 * sequence run in this process), with counts() and the import log agreeing.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { KuzuGraphStore } from '../../server/stores/kuzu/kuzu-graph-store';
import { readVocabulary } from '../../server/seed/seed-loader';
import type { StorageStatus } from '../../server/domain/graph-model';
import { PROJECT_ROOT } from '../../server/project-paths';
import { makeTempDir, removeTempDirs } from '../support/temp-dirs';
import { MINI_SEED_DIR } from '../support/test-server';
import { readState, runStep, STEP_KINDS, stepKind, type StepContext, type StepKind, type StoreState } from '../support/crash-steps';

const WRITER = path.join(PROJECT_ROOT, 'dist', 'crash-atomicity-test', 'crash-writer.js');
const KILLS = 30;

afterAll(removeTempDirs);

beforeAll(() => {
  buildSync({
    entryPoints: [path.join(PROJECT_ROOT, 'tests', 'support', 'crash-writer.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outfile: WRITER,
    logLevel: 'warning',
  });
});

/** The expected states: the same steps run in this process, on a folder of its own. state[i] is before step i. */
class Reference {
  readonly states: StoreState[] = [];
  /** How long each step took here: the kill is timed within the child's step from it (not asserted). */
  readonly durations: number[] = [];

  private constructor(private readonly ctx: StepContext) {}

  static async create(): Promise<Reference> {
    const store = await KuzuGraphStore.open({ dataDir: makeTempDir(), bufferPoolBytes: 256 * 2 ** 20, importBufferPoolBytes: 256 * 2 ** 20 });
    await store.init();
    const ref = new Reference({ store, seedDir: MINI_SEED_DIR, vocabulary: await readVocabulary(MINI_SEED_DIR), inputs: makeTempDir() });
    ref.states.push(await readState(store));
    return ref;
  }

  async upTo(i: number): Promise<void> {
    while (this.states.length <= i) {
      const step = this.states.length - 1;
      const started = performance.now();
      await runStep(this.ctx, step);
      this.durations[step] = performance.now() - started;
      this.states.push(await readState(this.ctx.store));
    }
  }
}

interface WriterRun {
  state: StoreState;
  storage: StorageStatus;
  committed: number[];
  /** The step running when the kill came, if one did. */
  killedIn?: number;
  signal: NodeJS.Signals | null;
  errors: string[];
}

/**
 * Starts the writer on `dataDir`, reads the state it opened, lets `decide` choose the steps from it, and
 * kills the writer `killAfterMs(step)` after it begins step `killStep` (no kill when undefined).
 */
function runWriter(
  dataDir: string,
  inputs: string,
  decide: (state: StoreState) => Promise<{ from: number; count: number; killStep?: number; delayMs?: number; signal?: NodeJS.Signals }>,
): Promise<WriterRun> {
  const child = spawn(process.execPath, [WRITER, dataDir, MINI_SEED_DIR, inputs], { stdio: ['pipe', 'pipe', 'pipe'] });
  const run: Partial<WriterRun> & { committed: number[]; errors: string[] } = { committed: [], errors: [] };
  let begun: number | undefined;
  let plan: Awaited<ReturnType<typeof decide>> | undefined;
  let buffered = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const event = JSON.parse(buffered.slice(0, nl)) as { event: string; step?: number; state?: StoreState; storage?: StorageStatus; message?: string };
      buffered = buffered.slice(nl + 1);
      if (event.event === 'state') {
        run.state = event.state;
        run.storage = event.storage;
        decide(event.state as StoreState).then(
          (p) => {
            plan = p;
            child.stdin.end(`${JSON.stringify({ from: p.from, count: p.count })}\n`);
          },
          (err: unknown) => {
            run.errors.push(String(err));
            child.kill('SIGKILL');
          },
        );
      } else if (event.event === 'begin') {
        begun = event.step;
        if (plan && event.step === plan.killStep) {
          const { signal = 'SIGKILL', delayMs = 0 } = plan;
          setTimeout(() => {
            run.killedIn = begun;
            child.kill(signal);
          }, delayMs);
        }
      } else if (event.event === 'committed') {
        run.committed.push(event.step as number);
        begun = undefined;
      } else if (event.event === 'error') run.errors.push(event.message ?? '');
    }
  });
  return new Promise((resolve) => {
    child.on('exit', (_code, signal) => {
      if (signal === null) delete run.killedIn;
      if (!run.state && stderr) run.errors.push(stderr);
      resolve({ ...run, signal } as WriterRun);
    });
  });
}

test(`killed ${KILLS} times at random moments of writes of every kind, the folder always reopens with the old or the new content`, async () => {
  const ref = await Reference.create();
  const dataDir = makeTempDir();
  const inputs = makeTempDir();
  // The states the folder may hold at the next open, as indexes into ref.states.
  let allowed = [0];
  const killedKinds = new Map<StepKind, number>();
  const recoveries: StorageStatus[] = [];
  let kills = 0;
  for (let round = 0; kills < KILLS; round += 1) {
    expect(round).toBeLessThan(KILLS * 3);
    const signal: NodeJS.Signals = kills % 2 === 0 ? 'SIGKILL' : 'SIGSEGV';
    const candidates = allowed;
    let at = -1;
    const run = await runWriter(dataDir, inputs, async (state) => {
      await ref.upTo(Math.max(...candidates));
      // The newest state it equals: a dry run or a repeated seed leaves the content as it was.
      at = Math.max(...candidates.filter((i) => JSON.stringify(ref.states[i]) === JSON.stringify(state)));
      if (at < 0) return { from: 0, count: 0 };
      // Step `at` runs whole, then the kill comes somewhere in step at + 1 (up to 30% past its time here,
      // so now and then the write has committed or is swapping in when the kill lands).
      const kill = at + 1;
      await ref.upTo(kill + 1);
      // Every kind is met first: a kind not yet interrupted is killed in the first half of its step, and while
      // kinds remain unmet the steps of kinds already met run whole (no kill), so the walk reaches the next one
      // (a step killed inside leaves the old state and would be tried again). Then the remaining kills land at
      // random, up to 30% past a step's time: near its commit and swap, sometimes after it.
      const duration = ref.durations[kill] ?? 0;
      const kind = stepKind(kill);
      const unmetLeft = STEP_KINDS.some((k) => !killedKinds.has(k));
      if (killedKinds.has(kind) && unmetLeft) return { from: at, count: 2 };
      const delayMs = killedKinds.has(kind) ? Math.random() * 1.3 * duration : Math.random() * 0.5 * duration;
      return { from: at, count: 2, killStep: kill, delayMs, signal };
    });
    expect(run.errors).toEqual([]);
    expect(candidates.map((i) => ref.states[i])).toContainEqual(run.state);
    expect(run.state.read).toEqual(run.state.counts);
    if (run.storage.recoveredFrom) recoveries.push(run.storage);
    const last = run.committed.length > 0 ? Math.max(...run.committed) : at - 1;
    if (run.killedIn !== undefined) {
      kills += 1;
      const kind = stepKind(run.killedIn);
      killedKinds.set(kind, (killedKinds.get(kind) ?? 0) + 1);
      allowed = [last + 1, last + 2];
    } else {
      allowed = [last + 1];
    }
  }
  // The last kill's folder, opened once more, and nothing left behind but the current generation.
  const final = await runWriter(dataDir, inputs, async (state) => {
    await ref.upTo(Math.max(...allowed));
    expect(allowed.map((i) => ref.states[i])).toContainEqual(state);
    return { from: 0, count: 0 };
  });
  expect(final.errors).toEqual([]);
  expect(final.signal).toBeNull();
  expect(readdirSync(dataDir).filter((f) => f !== 'failed')).toEqual(['CURRENT', `multivector-${final.storage.generation}.kuzu`]);
  // Every kind of write was interrupted at least once; no start needed an older generation.
  expect([...killedKinds.keys()].sort()).toEqual(['bulk load', 'dry run adding a column', 'import adding an integer column', 'seed', 'small import', 'staged import', 'staged undo', 'undo']);
  expect(recoveries).toEqual([]);
}, 300_000);
