/**
 * The names of a DATA_DIR's database files, kept apart from kuzu-generations.ts (which loads kuzu) so that the
 * server process can tell a folder that holds no database yet before its engine process has opened it.
 */
import { promises as fs } from 'node:fs';

export const DB_FILE = 'multivector.kuzu';
export const CURRENT_FILE = 'CURRENT';
export const GENERATION_FILE = /^multivector(?:-(\d+))?\.kuzu$/;
/** A generation's file and what Kuzu keeps beside it. */
export const DB_FILE_PATTERN = /^multivector(-\d+)?\.kuzu(\.wal|\.shadow|\.tmp)?$/;

/**
 * Whether `dataDir` holds no database yet (missing, or without CURRENT and any generation's file): the embedded
 * engine will create an empty one there. A hint for the order of the start's work, not a lock: the engine
 * decides again when it opens the folder.
 */
export async function holdsNoDatabase(dataDir: string): Promise<boolean> {
  let names: string[];
  try {
    names = await fs.readdir(dataDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
  return !names.some((n) => n === CURRENT_FILE || DB_FILE_PATTERN.test(n));
}
