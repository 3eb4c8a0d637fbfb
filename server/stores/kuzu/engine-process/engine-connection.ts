/**
 * One running engine process seen from the server: requests with ids, their answers, and what happens to
 * the requests in flight when the process ends. A connection lives as long as its process; the supervisor
 * makes a new one for every restart, so an answer can never reach a request made to another process.
 */
import type { ChildProcess } from 'node:child_process';
import type { AdjacencyColumns, HostCall, HostMessage, HostRequest } from './protocol';
import { fromWireError } from './wire-errors';
import { AnswerAssembly } from './answer-parts';

/** How the engine process ended. */
export interface EngineExit {
  signal: NodeJS.Signals | null;
  exitCode: number | null;
  /** The requests that were in flight on it. */
  inFlight: PendingCall[];
}

/** Rejects the requests in flight on a process that ended; the store decides what the caller sees. */
export class EngineStoppedError extends Error {
  constructor(readonly exit: Omit<EngineExit, 'inFlight'>) {
    super(`The engine process stopped (${exit.signal ?? `exit code ${String(exit.exitCode)}`}).`);
    this.name = 'EngineStoppedError';
  }
}

export interface CallHooks {
  /** Told of each import transaction the host opens for this call. */
  onTxStart?(txId: number): void;
  /** Told of each block of adjacency rows sent ahead of the result. */
  onRows?(rows: AdjacencyColumns): void;
  /** A console query's shape, kept for crash attribution. */
  shape?: string;
}

export interface PendingCall {
  id: number;
  method: HostCall;
  hooks: CallHooks;
  /** The parts of a long answer received so far. */
  parts?: AnswerAssembly;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

export class EngineConnection {
  private readonly pending = new Map<number, PendingCall>();
  private nextId = 1;
  private ended: EngineStoppedError | undefined;
  /** Resolves with how the process ended. */
  readonly exited: Promise<EngineExit>;

  constructor(readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (exitCode, signal) => {
        const inFlight = [...this.pending.values()];
        this.pending.clear();
        this.ended = new EngineStoppedError({ signal, exitCode });
        resolve({ signal, exitCode, inFlight });
        // After the supervisor's bookkeeping (it listens to `exited` first), so it can restart before callers retry.
        queueMicrotask(() => {
          for (const call of inFlight) call.reject(this.ended);
        });
      });
    });
    child.on('message', (message: HostMessage) => this.receive(message));
    // A send to a process that just died fails here; its requests are rejected by the 'exit' handler.
    child.on('error', () => undefined);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.ended === undefined;
  }

  /** The calls in flight, e.g. to tell which console queries were running. */
  inFlight(): PendingCall[] {
    return [...this.pending.values()];
  }

  call<T>(method: HostCall, args: unknown[], hooks: CallHooks = {}): { id: number; result: Promise<T> } {
    const id = this.nextId++;
    const result = new Promise<T>((resolve, reject) => {
      if (this.ended) {
        reject(this.ended);
        return;
      }
      this.pending.set(id, { id, method, hooks, resolve: resolve as (v: unknown) => void, reject });
      this.send({ t: 'call', id, method, args });
    });
    return { id, result };
  }

  /** Forgets request `id` (its caller went away) and tells the host to drop its result. */
  abandon(id: number, reason: unknown): void {
    const call = this.pending.get(id);
    if (!call) return;
    this.send({ t: 'abort', id });
    // Kept in flight until the host answers: if the engine dies on it, it still counts as running.
    call.resolve = () => this.pending.delete(id);
    const reject = call.reject;
    call.reject = () => undefined;
    reject(reason);
  }

  send(message: HostRequest): void {
    if (this.ended || !this.child.connected) return;
    this.child.send(message);
  }

  private receive(message: HostMessage): void {
    if (message.t === 'ready' || message.t === 'open-failed') return;
    const call = this.pending.get(message.id);
    if (!call) return;
    switch (message.t) {
      case 'result':
        this.pending.delete(message.id);
        call.resolve(message.parted && call.parts ? call.parts.complete(message.value, message.parted) : message.value);
        return;
      case 'part':
        (call.parts ??= new AnswerAssembly()).add(message);
        return;
      case 'error':
        this.pending.delete(message.id);
        call.reject(fromWireError(message.error));
        return;
      case 'tx-start':
        call.hooks.onTxStart?.(message.txId);
        return;
      case 'rows':
        call.hooks.onRows?.(message.rows);
        return;
    }
  }
}
