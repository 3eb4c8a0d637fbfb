/**
 * Errors across the process boundary: the host sends what a DomainError says (code, message, details), and
 * the server raises a DomainError with the same code, so the error mapper answers exactly as it would have
 * in one process. Other errors keep their name and message only: a stack of the engine process means
 * nothing to a client, and the mapper answers them with a plain 500.
 */
import { DomainError, type ErrorCode } from '../../../domain/errors';
import type { WireError } from './protocol';

export function toWireError(err: unknown): WireError {
  if (err instanceof DomainError) {
    return { name: err.name, message: err.message, code: err.code, details: err.details };
  }
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}

/** The error the server raises for one the host sent. */
export function fromWireError(wire: WireError): Error {
  if (wire.code) {
    const err = new DomainError(wire.code as ErrorCode, wire.message, wire.details);
    err.name = wire.name;
    return err;
  }
  const err = new Error(wire.message);
  err.name = wire.name;
  return err;
}
