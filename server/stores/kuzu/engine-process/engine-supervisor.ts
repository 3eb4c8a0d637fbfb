/**
 * Starts the engine process, restarts it at once when it dies, and keeps the books: restarts, the last
 * crash and what was running then. A process that dies again and again while starting (a database that
 * crashes the engine on open) is not respawned in a tight loop: after a few failures in a row the
 * supervisor waits longer between attempts (up to half a minute) and callers get engine_unavailable
 * at once instead of waiting.
 */
import { fork } from 'node:child_process';
import { EngineUnavailableError } from '../../../domain/errors';
import { DataDirLockedError, DataDirUnopenableError } from '../data-dir-errors';
import { EngineConnection, EngineStoppedError, type EngineExit } from './engine-connection';
import { hostEnv, hostLaunch, type HostLaunch } from './host-launch';
import type { HostMessage, HostOptions } from './protocol';
import { fromWireError } from './wire-errors';

/** Failed starts in a row after which callers are answered engine_unavailable while the supervisor retries. */
const START_FAILURES_BEFORE_UNAVAILABLE = 3;
const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;
/** How long close() waits for the host to close its store before killing it. */
const CLOSE_GRACE_MS = 20_000;

export interface EngineCrash {
  at: string;
  signal: string | null;
  exitCode: number | null;
  /** What was running on the engine when it died (method names; empty when it was idle). */
  during: string[];
}

export interface SupervisorOptions {
  host: HostOptions;
  /** The host to start; by default engine-host (see host-launch.ts). Tests start hosts that fail on purpose. */
  launch?: HostLaunch;
  /** Called for each death of a ready engine, before its requests in flight are rejected. */
  onCrash?(exit: EngineExit): void;
  log?(message: string): void;
}

export class EngineSupervisor {
  private current: EngineConnection | undefined;
  private attempt: Promise<EngineConnection> | undefined;
  /** Resolved and replaced whenever a start attempt ends, so waiters look again. */
  private settled = deferred();
  private startFailures = 0;
  private lastStartError: Error | undefined;
  private nextAttemptAt = 0;
  private closed = false;
  private restartCount = 0;
  private crash: EngineCrash | undefined;

  private constructor(private readonly options: SupervisorOptions) {}

  /** Starts the first engine process; rejects when it cannot open the store (the app then does not start). */
  static async start(options: SupervisorOptions): Promise<EngineSupervisor> {
    const supervisor = new EngineSupervisor(options);
    const connection = await supervisor.spawn();
    supervisor.adopt(connection);
    return supervisor;
  }

  get pid(): number | undefined {
    return this.current?.alive ? this.current.pid : undefined;
  }

  get restarts(): number {
    return this.restartCount;
  }

  get lastCrash(): EngineCrash | undefined {
    return this.crash;
  }

  /** The running engine, waiting for a restart in progress; engine_unavailable while starts keep failing. */
  async connection(): Promise<EngineConnection> {
    for (;;) {
      if (this.closed) throw new EngineUnavailableError('The embedded database is closed.');
      if (this.current?.alive) return this.current;
      if (this.startFailures >= START_FAILURES_BEFORE_UNAVAILABLE) {
        const seconds = Math.max(0, Math.ceil((this.nextAttemptAt - Date.now()) / 1000));
        throw new EngineUnavailableError(
          `The embedded engine stopped ${this.startFailures} times in a row while starting` +
            `${this.lastStartError ? ` (${this.lastStartError.message})` : ''}; it is tried again in ${seconds} s.`,
        );
      }
      if (!this.attempt) this.restart();
      await this.settled.promise;
    }
  }

  /** Asks the engine to close its store and exit; kills it when it does not within the grace. */
  async close(graceMs = CLOSE_GRACE_MS): Promise<void> {
    this.closed = true;
    this.settled.resolve();
    const connection = this.current;
    if (!connection?.alive) return;
    connection.send({ t: 'close' });
    const timer = setTimeout(() => connection.child.kill('SIGKILL'), graceMs);
    await connection.exited;
    clearTimeout(timer);
  }

  private adopt(connection: EngineConnection): void {
    this.current = connection;
    void connection.exited.then((exit) => {
      if (this.closed) return;
      this.restartCount += 1;
      this.crash = { at: new Date().toISOString(), signal: exit.signal, exitCode: exit.exitCode, during: exit.inFlight.map((c) => c.method) };
      this.options.log?.(
        `The embedded engine process ${connection.pid ?? ''} stopped (${exit.signal ?? `exit code ${String(exit.exitCode)}`})` +
          ` while running ${this.crash.during.join(', ') || 'nothing'}; restarting it.`,
      );
      this.options.onCrash?.(exit);
      this.restart();
    });
  }

  /** Starts engines until one is ready, waiting longer after each failure. */
  private restart(): void {
    if (this.attempt || this.closed) return;
    this.attempt = (async () => {
      for (;;) {
        try {
          const connection = await this.spawn();
          if (this.closed) {
            connection.child.kill('SIGKILL');
            throw new EngineUnavailableError('The embedded database is closed.');
          }
          this.startFailures = 0;
          this.lastStartError = undefined;
          this.adopt(connection);
          return connection;
        } catch (err) {
          if (this.closed) throw err;
          this.startFailures += 1;
          this.lastStartError = err instanceof Error ? err : new Error(String(err));
          const wait = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (this.startFailures - 1));
          this.nextAttemptAt = Date.now() + wait;
          this.options.log?.(`The embedded engine did not start (${this.lastStartError.message}); trying again in ${wait} ms.`);
          this.notify();
          await new Promise((resolve) => setTimeout(resolve, wait).unref());
        }
      }
    })().finally(() => {
      this.attempt = undefined;
      this.notify();
    });
    this.attempt.catch(() => undefined);
  }

  private notify(): void {
    const settled = this.settled;
    this.settled = deferred();
    settled.resolve();
  }

  /** Forks an engine process and resolves once it has opened the store. */
  private spawn(): Promise<EngineConnection> {
    const launch = this.options.launch ?? hostLaunch();
    const child = fork(launch.modulePath, [JSON.stringify(this.options.host)], {
      execArgv: launch.execArgv,
      env: hostEnv(process.env),
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const connection = new EngineConnection(child);
    return new Promise((resolve, reject) => {
      const onMessage = (message: HostMessage): void => {
        if (message.t === 'ready') {
          child.off('message', onMessage);
          resolve(connection);
        } else if (message.t === 'open-failed') {
          child.off('message', onMessage);
          const err = fromWireError(message.error);
          // The folder's own errors keep their class across the boundary: main.ts prints them as they are.
          if (err.name === 'DataDirLockedError') reject(new DataDirLockedError(this.options.host.store.dataDir, { cause: err }));
          else if (err.name === 'DataDirUnopenableError') reject(new DataDirUnopenableError(this.options.host.store.dataDir, [], err.message));
          else reject(err);
        }
      };
      child.on('message', onMessage);
      void connection.exited.then((exit) => {
        child.off('message', onMessage);
        reject(new EngineStoppedError(exit));
      });
    });
  }
}

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
