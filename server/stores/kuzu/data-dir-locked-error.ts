/** The error of a DATA_DIR another process holds; kept apart from the store so code without kuzu can name it. */

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
