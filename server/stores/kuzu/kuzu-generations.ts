/**
 * The database files of a DATA_DIR and their generations. The store never writes into the file it serves:
 * every write goes into a copy (the next generation, multivector.kuzu -> multivector-1.kuzu -> ...), which
 * is checkpointed, closed, fsynced and then named in CURRENT (temp file, fsync, rename: the commit point).
 * kuzu 0.11.3 replays its write-ahead log unsafely after a crash in a write (the database then fails to open
 * with "unordered_map::at"), so a crash must only ever hit a copy nobody depends on yet.
 *
 * The previous generation stays until the next one has opened cleanly. At start, a generation that has
 * not been seen opening yet (an older one is still there, or it has a log to replay) is first opened in a
 * short-lived child process, since an open that segfaults cannot be caught in-process; when it fails, the
 * newest older generation that opens becomes current again, loudly. The folder is never started empty
 * while it holds a graph.
 */
import { execFile } from 'node:child_process';
import { constants as fsConstants, promises as fs } from 'node:fs';
import path from 'node:path';
import kuzu from 'kuzu';
import type { Database } from 'kuzu';
import type { StorageStatus } from '../../domain/graph-model';
import { DataDirLockedError, DataDirUnopenableError } from './data-dir-errors';
import { CURRENT_FILE, DB_FILE, DB_FILE_PATTERN, GENERATION_FILE } from './data-dir-files';

export { DB_FILE } from './data-dir-files';
export const STAGING_DIR = 'staging';
/** Generations that failed to open are moved here (the latest of each name), for whoever investigates. */
const FAILED_DIR = 'failed';
/** How long the child process may take to open a generation (a long log replay included). */
const PROBE_TIMEOUT_MS = 5 * 60 * 1000;


/** The generation a database file holds: 0 for multivector.kuzu, n for multivector-n.kuzu. */
export function generationOf(file: string): number {
  const m = GENERATION_FILE.exec(path.basename(file));
  return Number(m?.[1] ?? 0);
}

/** The file the next write of `current` goes into: multivector.kuzu -> multivector-1.kuzu -> multivector-2.kuzu ... */
export function nextDbFileName(current: string): string {
  return `multivector-${generationOf(current) + 1}.kuzu`;
}

/** The name CURRENT holds, or undefined for a folder without it (which uses DB_FILE). */
async function readCurrentName(dataDir: string): Promise<string | undefined> {
  const pointer = path.join(dataDir, CURRENT_FILE);
  let name: string;
  try {
    name = (await fs.readFile(pointer, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if (!GENERATION_FILE.test(name)) throw new Error(`${pointer} names "${name}", which is not a Multivector database file.`);
  return name;
}

async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncFile(file: string): Promise<void> {
  const handle = await fs.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Names `file` in CURRENT: temp file, fsync, rename, fsync of the folder, so a crash leaves the old name or the new. */
export async function writeCurrentDbFile(dataDir: string, file: string): Promise<void> {
  const tmp = path.join(dataDir, `${CURRENT_FILE}.tmp`);
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(`${path.basename(file)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(tmp, path.join(dataDir, CURRENT_FILE));
  await syncDir(dataDir);
}

/**
 * Commits a finished, closed copy: fsynced, moved next to the current file, then named in CURRENT.
 * Answers the new generation's path.
 */
export async function commitGeneration(dataDir: string, staged: string): Promise<string> {
  await syncFile(staged);
  const next = path.join(dataDir, path.basename(staged));
  await fs.rename(staged, next);
  await writeCurrentDbFile(dataDir, next);
  return next;
}

/** Bytes of the write-ahead log next to `file` waiting to be replayed or checkpointed (0 when none). */
export async function pendingLogBytes(file: string): Promise<number> {
  return (await fs.stat(`${file}.wal`).catch(() => undefined))?.size ?? 0;
}

/**
 * Copies a checkpointed database file (the caller makes sure no log is pending) for the next write,
 * as a reflink where the file system offers one (btrfs, xfs), a plain copy elsewhere (ext4).
 */
export async function copyDatabase(from: string, to: string): Promise<void> {
  await fs.rm(to, { force: true });
  await fs.rm(`${to}.wal`, { force: true });
  await fs.copyFile(from, to, fsConstants.COPYFILE_FICLONE);
}

/** Removes a database file and what Kuzu keeps beside it. */
export async function retireGeneration(file: string): Promise<void> {
  for (const suffix of ['', '.wal', '.shadow', '.tmp']) await fs.rm(`${file}${suffix}`, { force: true });
}

/** Moves a generation that failed to open (and its log) into FAILED_DIR, replacing an earlier one of that name. */
export async function setAsideGeneration(dataDir: string, name: string): Promise<void> {
  const dir = path.join(dataDir, FAILED_DIR);
  await fs.mkdir(dir, { recursive: true });
  for (const suffix of ['', '.wal', '.shadow']) {
    await fs.rename(path.join(dataDir, `${name}${suffix}`), path.join(dir, `${name}${suffix}`)).catch(() => undefined);
  }
}

/**
 * Removes what a crash or a swap left behind: copies never committed (in STAGING_DIR, or moved next to the
 * current file before CURRENT named them) and generations the current one replaced. Runs only once this
 * process holds the current file's lock and has seen it open.
 */
async function removeLeftovers(dataDir: string, current: string): Promise<void> {
  await fs.rm(path.join(dataDir, STAGING_DIR), { recursive: true, force: true });
  for (const name of await fs.readdir(dataDir)) {
    if (DB_FILE_PATTERN.test(name) && !name.startsWith(path.basename(current))) {
      await fs.rm(path.join(dataDir, name), { force: true });
    }
  }
}

/** Opens a Kuzu Database in this process; a lock held elsewhere becomes DataDirLockedError. */
export async function openDatabase(file: string, bufferPoolBytes: number, maxDbBytes: number, dataDirForMessages: string): Promise<Database> {
  const db = new kuzu.Database(file, bufferPoolBytes, true, false, maxDbBytes);
  try {
    await db.init();
  } catch (err) {
    const message = (err as Error).message;
    if (/lock/i.test(message)) throw new DataDirLockedError(dataDirForMessages, { cause: err });
    throw new Error(`Cannot open the embedded database in "${dataDirForMessages}": ${message}`, { cause: err });
  }
  return db;
}

/** Runs a trivial query on `db`: a generation counts as opened once this answers. */
export async function pingDatabase(db: Database): Promise<void> {
  const c = new kuzu.Connection(db);
  await c.init();
  try {
    const r = await c.query('RETURN 1 AS ok');
    for (const x of Array.isArray(r) ? r : [r]) x.close();
  } finally {
    await c.close();
  }
}

// The probe's whole program: open, query, close. Run by `node -e`, so it needs no build step.
const PROBE_SCRIPT = `
const kuzu = require(process.argv[1]);
(async () => {
  const db = new kuzu.Database(process.argv[2], Number(process.argv[3]), true, false, Number(process.argv[4]));
  await db.init();
  const c = new kuzu.Connection(db);
  await c.init();
  const r = await c.query('RETURN 1 AS ok');
  (Array.isArray(r) ? r : [r]).forEach((x) => x.close());
  await c.close();
  await db.close();
  process.stdout.write('opened');
})().catch((err) => { process.stderr.write(String((err && err.message) || err)); process.exit(2); });
`;

/**
 * Opens `file` in a short-lived child process (a segfault there costs only the child). Answers undefined
 * when it opened and answered a query, else why not ("killed by SIGSEGV", the engine's message).
 */
export function probeDatabase(file: string, bufferPoolBytes: number, maxDbBytes: number): Promise<string | undefined> {
  const args = ['-e', PROBE_SCRIPT, require.resolve('kuzu'), file, String(bufferPoolBytes), String(maxDbBytes)];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { timeout: PROBE_TIMEOUT_MS, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err && stdout === 'opened') return resolve(undefined);
      const e = err as (NodeJS.ErrnoException & { signal?: string | null; killed?: boolean }) | null;
      if (e?.signal) return resolve(`the engine crashed while opening it (${e.signal})`);
      resolve(stderr.trim().split('\n').pop() || e?.message || 'it did not open');
    });
  });
}

export interface OpenedGeneration {
  file: string;
  db: Database;
  storage: StorageStatus;
}

export interface OpenGenerationOptions {
  bufferPoolBytes: number;
  maxDbBytes: number;
  /** Where the loud lines go (a recovery). */
  log: (message: string) => void;
}

/**
 * Opens the folder's current generation, falling back to the newest older one that opens (see the module
 * header). Throws DataDirLockedError when another process holds the folder, DataDirUnopenableError when
 * no generation opens.
 */
export async function openCurrentGeneration(dataDir: string, options: OpenGenerationOptions): Promise<OpenedGeneration> {
  await fs.mkdir(dataDir, { recursive: true });
  const named = await readCurrentName(dataDir);
  const currentName = named ?? DB_FILE;
  const generations = (await fs.readdir(dataDir)).filter((n) => GENERATION_FILE.test(n));
  // Newer files than CURRENT names are copies that never committed: never a fallback, removed below.
  const older = generations
    .filter((n) => n !== currentName && generationOf(n) < generationOf(currentName))
    .sort((a, b) => generationOf(b) - generationOf(a));
  // An empty database is created only in a folder that holds none: never over a user's graph.
  const fresh = named === undefined && generations.length === 0;
  const failures: Array<{ name: string; reason: string }> = [];
  for (const [i, name] of [currentName, ...older].entries()) {
    const file = path.join(dataDir, name);
    if (!fresh && !(await fs.stat(file).catch(() => undefined))) {
      failures.push({ name, reason: 'the file is missing' });
      continue;
    }
    // Seen opening before (a committed swap retires the older generation only after that) and nothing to replay.
    const unproven = i > 0 || older.length > 0 || (await pendingLogBytes(file)) > 0;
    if (unproven) {
      const reason = await probeDatabase(file, options.bufferPoolBytes, options.maxDbBytes);
      if (reason && /could not set lock/i.test(reason)) throw new DataDirLockedError(dataDir);
      if (reason) {
        failures.push({ name, reason });
        continue;
      }
    }
    let db: Database | undefined;
    try {
      db = await openDatabase(file, options.bufferPoolBytes, options.maxDbBytes, dataDir);
      await pingDatabase(db);
    } catch (err) {
      if (err instanceof DataDirLockedError) throw err;
      await db?.close().catch(() => undefined);
      failures.push({ name, reason: (err as Error).message });
      continue;
    }
    if (i > 0) await writeCurrentDbFile(dataDir, file);
    for (const f of failures) await setAsideGeneration(dataDir, f.name);
    await removeLeftovers(dataDir, file);
    const storage: StorageStatus = { generation: generationOf(file) };
    const first = failures[0];
    if (first) {
      storage.recoveredFrom = { generation: generationOf(first.name), reason: first.reason, at: new Date().toISOString() };
      options.log(
        `RECOVERED: the embedded database in "${dataDir}" could not open its current generation ${first.name} ` +
          `(${first.reason}); started from the previous generation ${name} instead. The write that made ${first.name} ` +
          `is lost; the failed file is kept in ${path.join(dataDir, FAILED_DIR)}.`,
      );
    }
    return { file, db, storage };
  }
  throw new DataDirUnopenableError(dataDir, failures);
}
