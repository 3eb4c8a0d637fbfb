/**
 * The Neo4j store's settings: its connection options and the sizes and time limits its reads and writes use
 * (kept apart from the store so the class reads as what it does).
 */
export interface Neo4jStoreOptions {
  uri: string;
  user: string;
  password: string;
  database: string;
  /** Timeout of the store's own transactions, in ms. */
  internalTimeoutMs?: number;
}

/** Adjacency rows per block read for the graph index (also the driver's fetch size for that read). */
export const ADJACENCY_BLOCK_ROWS = 20_000;
// Streams (exports) read whole graphs: long, but finite.
export const STREAM_TIMEOUT_MS = 10 * 60 * 1000;
/**
 * Records pulled per round trip by a stream (the driver's fetchSize; its default is 1,000). The driver's
 * iterator stops pulling while 70% of a batch waits unread, so memory stays at about one batch: 5,000 rows
 * of a relationship with its evidence are a few MB, and a whole-graph export makes a fifth of the round trips.
 */
export const STREAM_FETCH_ROWS = 5_000;
/**
 * A look-up by ids needing at most this many index seeks (types x ids: a few milliseconds) seeks without
 * asking how many relationships there are; past it, the count decides whether one scan is cheaper.
 */
export const SEEKS_BEFORE_COUNTING = 20_000;
/** Answered from Neo4j's count store: no relationship is read. */
export const RELATIONSHIP_COUNT_QUERY = 'MATCH ()-[r]->() RETURN count(r) AS c';
/** Rows per write transaction in bulkLoad. */
export const BULK_BATCH = 10_000;
/** An import of a million relationships takes minutes; the transaction may take up to an hour, never forever. */
export const IMPORT_TIMEOUT_MS = 60 * 60 * 1000;
