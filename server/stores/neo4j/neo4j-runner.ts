/**
 * How work reaches Neo4j: sessions that name their database and access mode, explicit transactions with a
 * server-side timeout, retries of transient failures, the mapping of driver errors to domain errors, and
 * the availability state that makes every call fail fast while Neo4j is known to be down.
 *
 * Transactions are retried here rather than by the driver's executeRead/executeWrite: the driver also
 * retries "service unavailable" for maxTransactionRetryTime (with its backoff of 1 s, 2 s, ... a request
 * during an outage waited about 7 s for its 503). Here a connection failure is not retried: it marks Neo4j
 * down at once (see neo4j-availability.ts); deadlocks, leader switches and other transient errors are
 * retried with the driver's backoff, within the same 5 s budget.
 */
import neo4j, { Neo4jError, type Driver, type Session, type Transaction } from 'neo4j-driver';
import { EngineUnavailableError, RequestAbortedError } from '../../domain/errors';
import { toDomainError } from './neo4j-errors';
import { Neo4jAvailability } from './neo4j-availability';
import { SharedPing } from './shared-ping';

export type AccessMode = 'READ' | 'WRITE';

export interface TransactionOptions {
  /** Server-side transaction timeout in ms (Neo4j stops the query and rolls back). */
  timeoutMs: number;
  /** Aborts when the client goes away: the session is closed, which makes Neo4j terminate the query. */
  signal?: AbortSignal;
}

const MAX_RETRY_TIME_MS = 5_000;
const INITIAL_RETRY_DELAY_MS = 1_000;
const RETRY_JITTER = 0.2;
/** The probe's own query is trivial: a Neo4j that takes longer than this to answer it is not serving. */
const PROBE_TIMEOUT_MS = 2_000;
/** Codes that mean "cannot reach Neo4j (or its database)" rather than "this transaction failed". */
const CONNECTION_FAILURES = new Set(['ServiceUnavailable', 'Neo.TransientError.General.DatabaseUnavailable']);

function isRetryable(err: unknown): boolean {
  return err instanceof Neo4jError && err.retryable && !CONNECTION_FAILURES.has(err.code);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class Neo4jRunner {
  readonly availability: Neo4jAvailability;
  private readonly liveness = new SharedPing(() => this.guard(() => this.returnOne(), PROBE_TIMEOUT_MS));

  constructor(
    private readonly driver: Driver,
    private readonly database: string,
    private readonly uri: string,
  ) {
    this.availability = new Neo4jAvailability(() => this.probe());
  }

  /** A session on the configured database in `mode`; the caller closes it. */
  session(mode: AccessMode, fetchSize?: number): Session {
    return this.driver.session({
      database: this.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
      ...(fetchSize !== undefined ? { fetchSize } : {}),
    });
  }

  /** Maps a driver error to a domain error; a connection failure also marks Neo4j down. */
  mapError(err: unknown, timeoutMs?: number): unknown {
    const mapped = toDomainError(err, { uri: this.uri, timeoutMs });
    if (mapped instanceof EngineUnavailableError) this.availability.markDown(mapped);
    return mapped ?? err;
  }

  /** Runs driver work: at once a 503 while Neo4j is known to be down, otherwise the work with its errors mapped. */
  async guard<T>(work: () => Promise<T>, timeoutMs?: number): Promise<T> {
    this.availability.assertUp();
    try {
      return await work();
    } catch (err) {
      throw this.mapError(err, timeoutMs);
    }
  }

  /**
   * Runs `work` in one explicit transaction and commits it. Transient failures (not connection failures)
   * run `work` again from scratch, so `work` must not keep state between calls.
   */
  transaction<T>(mode: AccessMode, work: (tx: Transaction) => Promise<T>, options: TransactionOptions): Promise<T> {
    return this.guard(async () => {
      const started = Date.now();
      let delay = INITIAL_RETRY_DELAY_MS;
      for (;;) {
        try {
          return await this.once(mode, work, options);
        } catch (err) {
          if (!isRetryable(err) || options.signal?.aborted || Date.now() - started + delay > MAX_RETRY_TIME_MS) throw err;
        }
        await sleep(delay * (1 - RETRY_JITTER + 2 * RETRY_JITTER * Math.random()));
        delay *= 2;
        this.availability.assertUp();
      }
    }, options.timeoutMs);
  }

  private async once<T>(mode: AccessMode, work: (tx: Transaction) => Promise<T>, options: TransactionOptions): Promise<T> {
    const session = this.session(mode);
    // Closing a session with an open transaction sends RESET: Neo4j terminates the query and rolls back.
    const cancel = (): void => void session.close().catch(() => undefined);
    options.signal?.addEventListener('abort', cancel, { once: true });
    try {
      if (options.signal?.aborted) throw new RequestAbortedError();
      // Awaited so a failure to connect rejects with the driver's own error (ServiceUnavailable), which
      // marks Neo4j down; a query run on a transaction whose BEGIN failed only says "rolled back".
      const tx = await session.beginTransaction({ timeout: options.timeoutMs });
      try {
        const result = await work(tx);
        await tx.commit();
        return result;
      } finally {
        // Rolls back unless committed; after a failure the driver has reset the transaction already.
        await tx.close().catch(() => undefined);
      }
    } catch (err) {
      if (options.signal?.aborted) throw new RequestAbortedError();
      throw err;
    } finally {
      options.signal?.removeEventListener('abort', cancel);
      await session.close().catch(() => undefined);
    }
  }

  /**
   * Whether Neo4j answers now: at once a 503 while it is known to be down, else one auto-commit `RETURN 1`
   * (one round trip: an explicit transaction's BEGIN and COMMIT were two more), shared by the callers that
   * arrive while one is under way (shared-ping.ts). A connection failure marks Neo4j down, as any call's does.
   */
  ping(): Promise<void> {
    return this.liveness.ping();
  }

  /** The background probe: one `RETURN 1` (never retried), its failure mapped but not marked (the probe keeps the state). */
  private async probe(): Promise<void> {
    try {
      await this.returnOne();
    } catch (err) {
      throw toDomainError(err, { uri: this.uri }) ?? err;
    }
  }

  /** One auto-commit `RETURN 1`, bounded by a server-side timeout; driver errors unmapped. */
  private async returnOne(): Promise<void> {
    const session = this.session('READ');
    try {
      await session.run('RETURN 1 AS ok', {}, { timeout: PROBE_TIMEOUT_MS });
    } finally {
      await session.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.availability.close();
    await this.driver.close();
  }
}
