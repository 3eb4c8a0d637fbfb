/**
 * The errors of a DATA_DIR that cannot be used, kept apart from the store so that code without kuzu (the server
 * process, the CLIs) can name them.
 */

/** Thrown at start-up when the folder is held by another process. */
export class DataDirLockedError extends Error {
  constructor(dataDir: string, options?: ErrorOptions) {
    super(
      `DATA_DIR "${dataDir}" is in use by another process (Kuzu could not lock its database file). ` +
        'Stop the other Multivector process or point DATA_DIR at another folder.',
      options,
    );
    this.name = 'DataDirLockedError';
  }
}

/** Thrown at start-up when no generation of the folder opens: nothing was removed, nothing started empty. */
export class DataDirUnopenableError extends Error {
  /** `message` is given when the error crossed from the engine process, which already worded it. */
  constructor(dataDir: string, tried: ReadonlyArray<{ name: string; reason: string }>, message?: string) {
    super(
      message ??
        `Cannot open the embedded database in "${dataDir}": no generation of it opens ` +
          `(tried ${tried.map((t) => `${t.name}: ${t.reason}`).join('; ')}). Nothing was removed and the server did not ` +
          'start empty over it: restore the folder from a backup, or point DATA_DIR at another folder.',
    );
    this.name = 'DataDirUnopenableError';
  }
}
