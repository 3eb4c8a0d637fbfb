/**
 * Domain errors: what can go wrong, in words the HTTP layer maps to status codes in one place
 * (server/http/error-mapper.ts). Stores translate engine failures into these; nothing else leaks.
 */

export type ErrorCode =
  | 'invalid_request'
  | 'not_found'
  | 'conflict'
  | 'query_rejected'
  | 'query_failed'
  | 'query_timeout'
  | 'too_large'
  | 'engine_unavailable'
  | 'engine_restarted'
  | 'engine_memory_full'
  | 'query_crashed_engine'
  | 'request_aborted'
  | 'rate_limited'
  | 'unauthorized'
  | 'forbidden'
  | 'internal';

/** Base class: a code, a user-facing message, optional structured details. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidRequestError extends DomainError {
  constructor(message: string, details?: unknown) {
    super('invalid_request', message, details);
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super('not_found', message);
  }
}

/** The request is sound but the stored graph's present state forbids it (records that depend on what it would remove). */
export class ConflictError extends DomainError {
  constructor(message: string, details?: unknown) {
    super('conflict', message, details);
  }
}

/** The console guard refused a query before it reached the engine. */
export class QueryRejectedError extends DomainError {
  constructor(message: string, details?: unknown) {
    super('query_rejected', message, details);
  }
}

/** The engine refused or failed a read query (syntax, binding, type); the message is the engine's own. */
export class QueryFailedError extends DomainError {
  constructor(message: string, details?: { line?: number; column?: number; offset?: number }) {
    super('query_failed', message, details);
  }
}

export class QueryTimeoutError extends DomainError {
  constructor(timeoutMs: number) {
    super('query_timeout', `The query ran longer than the ${timeoutMs} ms limit and was stopped.`);
  }
}

/** A request whose work would exceed a server-side budget (search space, result size). */
export class TooLargeError extends DomainError {
  constructor(message: string) {
    super('too_large', message);
  }
}

export class EngineUnavailableError extends DomainError {
  constructor(message: string) {
    super('engine_unavailable', message);
  }
}

/** The client went away before the answer was ready; the work was cancelled where the engine allows it. */
export class RequestAbortedError extends DomainError {
  constructor() {
    super('request_aborted', 'The client closed the request before it was answered.');
  }
}

/**
 * The embedded engine's process died while this request was running (a crash of the native engine) and was
 * started again. Writes are all-or-nothing, so what was stored before the request is still there.
 */
export class EngineRestartedError extends DomainError {
  constructor() {
    super('engine_restarted', 'The embedded engine stopped on this request and was restarted; nothing stored was lost.');
  }
}

/**
 * A read the embedded engine's buffer pool could not hold beside the queries running with it, even when asked
 * again once those had finished (stores/kuzu/kuzu-memory-retry.ts). Transient under load; lasting when the read
 * alone needs more than the pool, which ENGINE_MEMORY_MB sizes.
 */
export class EngineMemoryFullError extends DomainError {
  constructor(poolMb: number) {
    super(
      'engine_memory_full',
      `The embedded engine's memory (ENGINE_MEMORY_MB, ${poolMb} MB here) is full with the queries running now; retry, or raise ENGINE_MEMORY_MB.`,
      { setting: 'ENGINE_MEMORY_MB', megabytes: poolMb },
    );
  }
}

/** A console query of a shape that stopped the embedded engine before: refused so it cannot do it again. */
export class QueryCrashedEngineError extends DomainError {
  constructor(shape: string) {
    super(
      'query_crashed_engine',
      'A query of this shape stopped the embedded engine before, so the console refuses it. ' +
        'Rewrite it (for example avoid passing null or a non-list where a function needs a node, relationship or list).',
      { shape },
    );
  }
}
