/**
 * One Database per folder per process, shared by every store opened on it (Kuzu lets a process open a file
 * twice, which corrupts it), and the connections made on it.
 */
import path from 'node:path';
import kuzu from 'kuzu';
import type { Connection, Database } from 'kuzu';
import type { StorageStatus } from '../../domain/graph-model';
import type { KuzuConnectionPool } from './kuzu-connection-pool';
import type { KuzuSchema } from './kuzu-schema';
import { openCurrentGeneration } from './kuzu-generations';
import { openCountedConnection } from './kuzu-connection-recycling';
import { KuzuMemoryGate } from './kuzu-memory-retry';
import { DEFAULT_BUFFER_POOL_BYTES, DEFAULT_IMPORT_POOL_BYTES, DEFAULT_MAX_DB_BYTES, type KuzuStoreOptions } from './kuzu-store-options';

/**
 * A store open on a folder, as a swap of its database file (kuzu-file-swap.ts) sees it: a pool to pause and
 * close before the old Database closes, and a way to reopen on the new one. Not the store itself, so that
 * what a swap may do to a store is exactly this.
 */
export interface SlotMember {
  readonly pool: KuzuConnectionPool;
  /**
   * New pool connections on `db` (the pool is still paused); what was derived from the old file is forgotten.
   * `schema`: the new file's catalogue as the write that made it left it (read from the file when absent).
   */
  reconnect(db: Database, schema?: KuzuSchema): Promise<void>;
}

/**
 * The Database a folder holds, shared by every store this process opened on it: Kuzu lets one process open a
 * file twice, which corrupts it. `file` changes with every write, which goes into a copy swapped in (see
 * kuzu-file-swap.ts): the file in use is only ever read. A Database stays open until the process exits,
 * except at a swap: kuzu 0.11.3 segfaults when an unclosed QueryResult is garbage-collected after its Database
 * was closed, so the store closes every result it makes (see discard) and a swap closes the connections first.
 */
export interface DatabaseSlot {
  dataDir: string;
  file: string;
  db: Database;
  bufferPoolBytes: number;
  importBufferPoolBytes: number;
  maxDbBytes: number;
  stores: Set<SlotMember>;
  /** The generation in use and any recovery at start (see kuzu-generations.ts). */
  storage: StorageStatus;
  /** The reads on this folder's Database: one buffer pool holds all their pins (kuzu-memory-retry.ts). */
  memory: KuzuMemoryGate;
  /** Kuzu allows one write transaction at a time, and each write copies the file: writes of every store queue here. */
  writeChain: Promise<unknown>;
}
export const slots = new Map<string, DatabaseSlot>();

/**
 * The slot of `options.dataDir`: the one a store of this process opened already, or a new one on the folder's
 * current generation (see kuzu-generations.ts). Throws DataDirLockedError if another process holds the folder.
 */
export async function joinSlot(options: KuzuStoreOptions): Promise<DatabaseSlot> {
  const dataDir = path.resolve(options.dataDir);
  let slot = slots.get(dataDir);
  if (!slot) {
    const bufferPoolBytes = options.bufferPoolBytes ?? DEFAULT_BUFFER_POOL_BYTES;
    const maxDbBytes = options.maxDbBytes ?? DEFAULT_MAX_DB_BYTES;
    const log = options.log ?? ((m: string) => console.error(m));
    const { file, db, storage } = await openCurrentGeneration(dataDir, { bufferPoolBytes, maxDbBytes, log });
    const importBufferPoolBytes = options.importBufferPoolBytes ?? DEFAULT_IMPORT_POOL_BYTES;
    slot = { dataDir, file, db, bufferPoolBytes, importBufferPoolBytes, maxDbBytes, stores: new Set(), storage, memory: new KuzuMemoryGate(bufferPoolBytes), writeChain: Promise.resolve() };
    slots.set(dataDir, slot);
  }
  return slot;
}

/** `n` pool connections on `db`, each able to be recycled on it (see kuzu-connection-recycling.ts). */
export async function connect(db: Database, n: number, queryThreads?: number): Promise<Connection[]> {
  const connections: Connection[] = [];
  for (let i = 0; i < n; i += 1) connections.push(await openCountedConnection(db, queryThreads));
  return connections;
}


/**
 * A bare connection to the Database a store in this process opened on `dataDir`, for benchmarks that
 * compare the product with the raw engine in the same process (a second Database on the folder would
 * corrupt it). Undefined when no store holds that folder.
 */
export async function openRawKuzuConnection(dataDir: string): Promise<Connection | undefined> {
  const slot = slots.get(path.resolve(dataDir));
  if (!slot) return undefined;
  const c = new kuzu.Connection(slot.db);
  await c.init();
  return c;
}

