/**
 * The messages between the HTTP server process and the engine process (engine-host.ts). They travel over
 * the IPC channel of child_process.fork with `serialization: 'advanced'` (structured clone), so Maps,
 * typed arrays and large arrays cross as they are, without JSON re-encoding. Every request the server
 * sends carries an id; the host answers it once with `result` or `error`. A runImport call is the one
 * conversation: the host opens a transaction and says `tx-start`, the server's work calls `tx.<method>`
 * on it, and `tx-end` tells the host to commit (no error) or roll back.
 *
 * Both sides are this app's code, built together, so the messages are typed unions rather than validated
 * schemas; the method names are a union too, so a name one side uses and the other does not serve fails to
 * compile (the host still answers an unknown name with an error, never a crash).
 */
import type { KuzuStoreOptions } from '../kuzu-store-options';
import type { SeedDocument } from '../../../domain/seed-schema';
import type { AdjacencyColumns, ImportTransaction } from '../../../domain/ports/graph-store';

export type { AdjacencyColumns };

/** An error as it crosses the boundary: DomainErrors keep their code and details, others their message. */
export interface WireError {
  name: string;
  message: string;
  code?: string;
  details?: unknown;
}

/** The store methods the host serves by name, and the calls of the boundary's own streams and adjacency load. */
export type EngineMethod =
  | 'init'
  | 'ping'
  | 'counts'
  | 'storageStatus'
  | 'searchCandidates'
  | 'getNodes'
  | 'getEdges'
  | 'getStar'
  | 'readSubgraph'
  | 'adjacency'
  | 'runReadQuery'
  | 'readAll'
  | 'listDocuments'
  | 'catalogue'
  | 'getDocument'
  | 'edgesCitingDocuments'
  | 'documentTextStamps'
  | 'upsert'
  | 'bulkLoad'
  | 'prepareAdjacencyIndex'
  | 'listImports'
  | 'readImportBatches'
  | 'runImport'
  | 'adjacency.load'
  | 'stream.open'
  | 'stream.next'
  | 'stream.close';

/** The methods of an import transaction the server's work calls on the host's open transaction. */
export const TRANSACTION_METHODS = [
  'findNodes',
  'findEdges',
  'findDocuments',
  'putNodes',
  'putEdges',
  'putDocuments',
  'removeEdges',
  'removeNodes',
  'removeDocuments',
  'putImportBatch',
  'putImportRecord',
] as const satisfies ReadonlyArray<keyof ImportTransaction>;
export type TransactionMethod = (typeof TRANSACTION_METHODS)[number];

/** What a `call` names: a method of the host, or `tx.<method>` of an import transaction it holds open. */
export type HostCall = EngineMethod | `tx.${TransactionMethod}`;

/** Server -> host. */
export type HostRequest =
  | { t: 'call'; id: number; method: HostCall; args: unknown[] }
  | { t: 'tx-end'; txId: number; error?: WireError }
  /** The caller of request `id` went away: drop its result (Kuzu cannot cancel a running query). */
  | { t: 'abort'; id: number }
  /** Close the store cleanly (checkpoint) and exit. */
  | { t: 'close' };

/** Host -> server. */
export type HostMessage =
  | { t: 'ready'; pid: number }
  | { t: 'open-failed'; error: WireError }
  /** `parted`: the lists of the answer that came ahead in `part` messages (answer-parts.ts), emptied in `value`. */
  | { t: 'result'; id: number; value: unknown; parted?: string[] }
  /** Part of a long list of an answer, sent ahead of its `result` (answer-parts.ts). */
  | { t: 'part'; id: number; field: string; items: unknown[] }
  | { t: 'error'; id: number; error: WireError }
  | { t: 'tx-start'; id: number; txId: number }
  /** Part of a long answer sent ahead of its `result` (the adjacency rows). */
  | { t: 'rows'; id: number; rows: AdjacencyColumns };

/** What the server asks the host to open. */
export interface HostOptions {
  store: KuzuStoreOptions;
}

/** Stream kinds the host serves through stream.open / stream.next / stream.close. */
export type StreamKind = 'nodes' | 'edges';

/** The host's answer to stream.open: the stream's id; for relationships, the documents their sources name. */
export interface OpenedStream {
  streamId: number;
  documents?: SeedDocument[];
}
