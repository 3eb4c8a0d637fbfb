/**
 * Maps neo4j-driver errors to domain errors by their codes: unreachable or expired connections become
 * 503s, timeouts 504s, statement errors 400s with the engine's own message and position.
 */
import { Neo4jError } from 'neo4j-driver';
import {
  EngineUnavailableError,
  QueryFailedError,
  QueryRejectedError,
  QueryTimeoutError,
  type DomainError,
} from '../../domain/errors';

const UNAVAILABLE = new Set(['ServiceUnavailable', 'SessionExpired']);

/** Returns the domain error for a driver error, or undefined when it is not the driver's. */
export function toDomainError(err: unknown, context: { uri: string; timeoutMs?: number }): DomainError | undefined {
  if (!(err instanceof Neo4jError)) return undefined;
  const code = err.code ?? '';
  if (UNAVAILABLE.has(code) || code.startsWith('Neo.TransientError.General.DatabaseUnavailable')) {
    return new EngineUnavailableError(`Neo4j at ${context.uri} is unreachable (${err.message.split('\n')[0]}).`);
  }
  if (code.startsWith('Neo.ClientError.Security.')) {
    return new EngineUnavailableError(`Neo4j at ${context.uri} refused the configured credentials (${code}).`);
  }
  if (code.startsWith('Neo.ClientError.Transaction.TransactionTimedOut')) {
    return new QueryTimeoutError(context.timeoutMs ?? 0);
  }
  if (code === 'Neo.ClientError.Statement.AccessMode') {
    return new QueryRejectedError('The console only reads: the statement tried to write.');
  }
  if (code.startsWith('Neo.ClientError.')) {
    const m = /line (\d+), column (\d+) \(offset: (\d+)\)/.exec(err.message);
    return new QueryFailedError(
      err.message.trim(),
      m ? { line: Number(m[1]), column: Number(m[2]), offset: Number(m[3]) } : undefined,
    );
  }
  return undefined;
}
