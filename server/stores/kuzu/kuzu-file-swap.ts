/**
 * Copy-then-swap, how every write of a folder's store reaches the disk: the file in use is copied, the write
 * runs on the copy, and the copy becomes the folder's next generation (kuzu-generations.ts) only once it is
 * checkpointed and closed. kuzu 0.11.3 replays its write-ahead log unsafely after a crash in a write, so a
 * crash, a failure or a dry run must only ever hit a copy nobody depends on yet. Apart from the store
 * because it acts on the whole folder (every store open on it pauses and reconnects) and on files, while
 * the store only says how to write on a copy and how to reopen itself.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Database } from 'kuzu';
import { QueryFailedError, TooLargeError } from '../../domain/errors';
import type { DatabaseSlot } from './kuzu-database-slots';
import {
  STAGING_DIR,
  commitGeneration,
  copyDatabase,
  generationOf,
  nextDbFileName,
  openDatabase,
  pendingLogBytes,
  pingDatabase,
  retireGeneration,
  setAsideGeneration,
  writeCurrentDbFile,
} from './kuzu-generations';
import type { KuzuSchema } from './kuzu-schema';

/**
 * A store opened alone on the copy's Database, and what the swap needs of it. `S` is the store type the
 * write runs on (the adapter's own class, so the write may call its private methods); the swap only ever
 * uses the other members.
 */
export interface StagingCopy<S> {
  store: S;
  /** The copy's catalogue as the write leaves it: every store of the folder adopts it after the swap. */
  schema: KuzuSchema;
  /** Folds the copy's log into its file, so the generation swapped in has nothing to replay. */
  checkpoint(): Promise<void>;
  /** Closes the copy's connections, then its Database (every result made on it is closed already). */
  close(): Promise<void>;
}

/**
 * What a write on a copy needs of the store that writes, besides the folder's slot. Explicit rather than
 * the store itself: the swap must not reach into a store's pool or schema, and the store must not know
 * about files and generations.
 */
export interface CopyWriteContext<S> {
  slot: DatabaseSlot;
  /** A staged import: the copy gets the import's buffer pool (IMPORT_MEMORY_MB) instead of the folder's. */
  staged: boolean;
  /** Runs CHECKPOINT on the file in use; called while every store of the folder is paused. */
  checkpointInUse(): Promise<void>;
  /**
   * Opens the store that writes on `db` (the copy), knowing the writer's catalogue. If it fails after
   * connecting, it closes its own connections first: the caller then closes only the Database.
   */
  openCopy(db: Database): Promise<StagingCopy<S>>;
}

/**
 * Every write of a folder's store: the database file is copied (checkpointed first if a log is pending,
 * inside the write queue, so the copy is complete), `write` runs on the copy, which is checkpointed,
 * closed and swapped in (see swapIn). Readers keep reading the old file meanwhile; a failure, a dry run
 * or a crash leaves it untouched (the next open removes the abandoned copy). A staged import gains more:
 * all-or-nothing without one huge transaction, whose uncommitted pages Kuzu keeps in its buffer pool (a
 * 1M-relationship import needed a 3 GB pool and 1.5 GB RSS).
 */
export async function writeOnCopy<S, T>(ctx: CopyWriteContext<S>, write: (copy: S, stagingDir: string) => Promise<T>): Promise<T> {
  const { slot, staged } = ctx;
  if ((await pendingLogBytes(slot.file)) > 0) {
    // Only a folder written by an older version has a log here (writes never touch the file in use).
    // Kuzu checkpoints only when no transaction is open: reads in flight finish first, new ones wait.
    const stores = [...slot.stores];
    await Promise.all(stores.map((s) => s.pool.pause()));
    try {
      await ctx.checkpointInUse();
    } finally {
      stores.forEach((s) => s.pool.resume());
    }
  }
  const stagingDir = path.join(slot.dataDir, STAGING_DIR);
  await fs.mkdir(stagingDir, { recursive: true });
  const copyFile = path.join(stagingDir, nextDbFileName(slot.file));
  await copyDatabase(slot.file, copyFile);
  // A staged import's copy gets the import's pool (IMPORT_MEMORY_MB): Kuzu copies a relationship pair in one
  // piece and needs about 800 MB of pool for a million relationships with a short quote each (768 MB failed,
  // 896 passed). Other writes get the pool they had when they wrote in place. A pool is a ceiling, taken as used.
  const pool = staged ? slot.importBufferPoolBytes : slot.bufferPoolBytes;
  let result: T;
  let db: Database | undefined;
  let copy: StagingCopy<S> | undefined;
  try {
    db = await openDatabase(copyFile, pool, slot.maxDbBytes, slot.dataDir);
    copy = await ctx.openCopy(db);
    result = await write(copy.store, stagingDir);
    await copy.checkpoint();
    await copy.close();
  } catch (err) {
    if (db) await (copy ? copy.close() : db.close()).catch(() => undefined);
    // The copy, its log and whatever the spool left: the folder is this write's alone.
    await fs.rm(stagingDir, { recursive: true, force: true });
    // Not `instanceof Error`: the binding's errors may come from another realm (a test runner's sandbox).
    if (staged && !(err instanceof TooLargeError) && /buffer pool is full/i.test(String((err as Error | undefined)?.message))) {
      throw new TooLargeError(
        `The import needs more memory than its buffer pool (IMPORT_MEMORY_MB, ${Math.round(pool / 2 ** 20)} MB here) allows. ` +
          'Raise IMPORT_MEMORY_MB and import again; nothing was imported.',
      );
    }
    throw err;
  }
  await swapIn(slot, copyFile, copy.schema);
  return result;
}

/**
 * Makes `staged` (closed, checkpointed) the folder's database: every store on the folder stops lending
 * connections and waits for the lent ones, closes them, the old Database closes, the copy is fsynced and
 * moved next to it and CURRENT names it (the commit point). The new generation must then open and answer
 * a query before the old one is retired; should anything fail, CURRENT names the old one again, which is
 * reopened, and the write fails with nothing changed. A crash in between leaves both files: the next open
 * tries the new one (in a child process) and falls back to the old one.
 */
async function swapIn(slot: DatabaseSlot, staged: string, schema: KuzuSchema): Promise<void> {
  const stores = [...slot.stores];
  await Promise.all(stores.map((s) => s.pool.pause()));
  try {
    for (const s of stores) await s.pool.closeForSwap();
    await slot.db.close();
    const old = slot.file;
    let next: string | undefined;
    let db: Database | undefined;
    try {
      next = await commitGeneration(slot.dataDir, staged);
      db = await openDatabase(next, slot.bufferPoolBytes, slot.maxDbBytes, slot.dataDir);
      await pingDatabase(db);
    } catch (err) {
      await db?.close().catch(() => undefined);
      if (next) {
        await writeCurrentDbFile(slot.dataDir, old);
        await setAsideGeneration(slot.dataDir, path.basename(next));
      }
      slot.db = await openDatabase(old, slot.bufferPoolBytes, slot.maxDbBytes, slot.dataDir);
      await Promise.all(stores.map((s) => s.reconnect(slot.db)));
      throw new QueryFailedError(`The write finished but its copy of the database did not open (${(err as Error).message}); nothing changed.`);
    }
    slot.db = db;
    slot.file = next;
    slot.storage = { ...slot.storage, generation: generationOf(next) };
    await Promise.all(stores.map((s) => s.reconnect(db, schema)));
    await retireGeneration(old);
    await fs.rm(path.join(slot.dataDir, STAGING_DIR), { recursive: true, force: true });
  } finally {
    stores.forEach((s) => s.pool.resume());
  }
}
