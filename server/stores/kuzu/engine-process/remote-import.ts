/**
 * An import through the engine process: the transaction lives in the engine, the import's work here in the
 * server. Apart from the store proxy because it is the boundary's one two-way conversation (tx-start from the
 * host, tx.<method> calls and tx-end from the server), with its own rule for which error the caller sees.
 */
import { EngineRestartedError } from '../../../domain/errors';
import type { ImportSchemaNeeds, ImportTransaction, RunImportOptions } from '../../../domain/ports/graph-store';
import { EngineStoppedError, type EngineConnection } from './engine-connection';
import type { EngineSupervisor } from './engine-supervisor';
import { TRANSACTION_METHODS } from './protocol';
import { toWireError } from './wire-errors';

/**
 * Each time the host opens a transaction for this import (tx-start), the work runs on a proxy whose calls go
 * to that transaction, and tx-end tells the host to commit or roll back. The work's own error reaches the
 * caller as it was thrown; the engine dying under the import is engine_restarted.
 */
export async function runImportRemotely<T>(
  supervisor: EngineSupervisor,
  needs: ImportSchemaNeeds,
  work: (tx: ImportTransaction) => Promise<T>,
  options: RunImportOptions,
): Promise<T> {
  let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
  let connection: EngineConnection | undefined;
  const onTxStart = (txId: number): void => {
    const conn = connection as EngineConnection;
    void (async () => {
      try {
        const value = await work(transactionProxy(conn, txId));
        outcome = { ok: true, value };
        conn.send({ t: 'tx-end', txId });
      } catch (error) {
        outcome = { ok: false, error };
        conn.send({ t: 'tx-end', txId, error: toWireError(error) });
      }
    })();
  };
  try {
    connection = await supervisor.connection();
    await connection.call('runImport', [needs, options], { onTxStart }).result;
  } catch (err) {
    if (err instanceof EngineStoppedError) throw new EngineRestartedError();
    if (outcome && !outcome.ok) throw outcome.error;
    throw err;
  }
  if (!outcome?.ok) throw new Error('The import ended without its work having finished.');
  return outcome.value;
}

/** An ImportTransaction whose every method is a tx.<method> call on the host's transaction `txId`. */
function transactionProxy(connection: EngineConnection, txId: number): ImportTransaction {
  const tx: Partial<Record<keyof ImportTransaction, (...args: unknown[]) => Promise<unknown>>> = {};
  for (const method of TRANSACTION_METHODS) {
    tx[method] = async (...args: unknown[]) => {
      try {
        return await connection.call(`tx.${method}`, [txId, ...args]).result;
      } catch (err) {
        throw err instanceof EngineStoppedError ? new EngineRestartedError() : err;
      }
    };
  }
  return tx as unknown as ImportTransaction;
}
