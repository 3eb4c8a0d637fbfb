/**
 * Runs console queries against a real embedded store in a forked child (fuzz-worker.ts), one at a time,
 * and survives the engine: when the child dies by a signal (kuzu 0.11.3 segfaults on some reads) or goes
 * silent past a hard limit, the query it was running is recorded as the culprit, a new child is forked
 * on the same folder, and the next query runs. The store is seeded once, by the first child.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Outcome, RunAnswer, RunRequest, WorkerMessage } from './fuzz-protocol';

/** What the runner reports for one query. */
export interface QueryOutcome {
  outcome: Outcome;
  code?: string;
  message?: string;
  details?: unknown;
  rows?: number;
  /** For a crash: the signal (or exit code) the child ended with. */
  exit?: string;
}

export interface CrashRunnerOptions {
  /** The compiled fuzz-worker.js (or a .ts file with a loader in execArgv). */
  workerFile: string;
  dataDir: string;
  execArgv?: string[];
  /** A query that has not answered after this long is called hung and its child killed. */
  hardLimitMs?: number;
  /** How long a child may take to open (and the first, to seed) the store. */
  startLimitMs?: number;
}

export class CrashRunner {
  private child: ChildProcess | undefined;
  /** Children that died on a query (or were killed for hanging) and were replaced. */
  restarts = 0;

  constructor(private readonly options: CrashRunnerOptions) {}

  /** Forks a child and waits until its store is open; resolves with the node count it sees. */
  async start(): Promise<number> {
    const child = fork(this.options.workerFile, [this.options.dataDir], {
      execArgv: this.options.execArgv ?? [],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child = child;
    // The child's stderr is read so its pipe never fills; its tail explains a child that cannot start.
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2_000);
    });
    const limit = this.options.startLimitMs ?? 120_000;
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the fuzz worker did not open the store within ${limit} ms`));
      }, limit);
      const onMessage = (m: WorkerMessage): void => {
        if (m.kind !== 'ready') return;
        clearTimeout(timer);
        child.off('exit', onExit);
        child.off('message', onMessage);
        resolve(m.nodes);
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        clearTimeout(timer);
        reject(new Error(`the fuzz worker stopped while opening the store (${signal ?? `exit ${code}`}): ${stderr}`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  }

  /** Runs one query; a crash or hang is an outcome, not an error, and the next call gets a fresh child. */
  async run(query: string, params: Record<string, unknown> = {}): Promise<QueryOutcome> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) await this.start();
    const child = this.child as ChildProcess;
    const id = Math.floor(Math.random() * 2 ** 31);
    const limit = this.options.hardLimitMs ?? 20_000;
    const result = await new Promise<QueryOutcome>((resolve) => {
      const done = (outcome: QueryOutcome): void => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(outcome);
      };
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        done({ outcome: 'hung', exit: `no answer within ${limit} ms` });
      }, limit);
      const onMessage = (m: WorkerMessage): void => {
        if (m.kind !== 'answer' || m.id !== id) return;
        const { kind: _kind, id: _id, ...rest } = m satisfies RunAnswer;
        done(rest);
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        done({ outcome: 'crashed', exit: signal ?? `exit ${code}` });
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send({ kind: 'run', id, query, params } satisfies RunRequest);
    });
    if (result.outcome === 'crashed' || result.outcome === 'hung') {
      this.restarts += 1;
      await this.waitForExit(child);
      await this.start();
    }
    return result;
  }

  /** Lets the child close its store and leave. */
  async close(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = this.waitForExit(child);
    child.disconnect();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  private waitForExit(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => child.once('exit', () => resolve()));
  }
}
