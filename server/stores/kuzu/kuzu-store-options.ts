/**
 * What opening the embedded store takes, and the defaults of its memory settings. In a file of its own so that
 * the server process, which runs the store in the engine process and never loads kuzu, can name the options
 * it sends there (engine-process/protocol.ts) without importing the store.
 */

export interface KuzuStoreOptions {
  /** Folder holding the database file; created when missing. */
  dataDir: string;
  /** Connections in the pool (reads run in parallel on Kuzu's worker threads). */
  poolSize?: number;
  /** Threads one query may use (Kuzu's setMaxNumThreadForExec); absent: Kuzu's default, every core. */
  queryThreads?: number;
  /** Timeout for the store's own queries, in ms. */
  internalTimeoutMs?: number;
  /** Kuzu buffer pool, in bytes; Kuzu's own default takes most of the machine's memory. */
  bufferPoolBytes?: number;
  /** Largest database file, in bytes (a power of two); Kuzu reserves this much address space per Database. */
  maxDbBytes?: number;
  /** Buffer pool of a staged import's copy, in bytes (IMPORT_MEMORY_MB). */
  importBufferPoolBytes?: number;
  /** Rows from which a relationship table takes imports only staged (see runImport); tests lower it. */
  stageIntoRows?: number;
  /** Where loud start-up lines go (a recovery from an older generation); stderr by default. */
  log?: (message: string) => void;
}

/** The buffer pool when none is given: Kuzu's own default would take most of the machine's memory. */
export const DEFAULT_BUFFER_POOL_BYTES = 512 * 1024 * 1024;
// Kuzu's default maximum (8 TB) is reserved as virtual address space by every Database, and a process has
// 128 TB: the 17th Database a process opens fails with "Mmap ... failed". Test workers open many (one per
// temp folder, never closed, see kuzu-database-slots.ts); 1 TB still leaves room for any graph this app holds.
export const DEFAULT_MAX_DB_BYTES = 2 ** 40;
/** IMPORT_MEMORY_MB's default: room for about two million relationships in one pair (see kuzu-file-swap.ts). */
export const DEFAULT_IMPORT_POOL_BYTES = 2048 * 2 ** 20;

/** Relationship rows from which a table takes writes only through a staged rebuild (see runImport). */
export const STAGE_INTO_ROWS = 100_000;

/** Chunk size readAll asks of the streams (it keeps every chunk anyway). */
export const READ_ALL_CHUNK = 10_000;

// Writes get a long but finite limit: an import may take minutes, never forever.
export const WRITE_TIMEOUT_MS = 30 * 60 * 1000;
