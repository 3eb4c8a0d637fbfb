/**
 * The messages between the HTTP server process and the engine process (engine-host.ts). They travel over
 * the IPC channel of child_process.fork with `serialization: 'advanced'` (structured clone), so Maps,
 * typed arrays and large arrays cross as they are, without JSON re-encoding. Every request the server
 * sends carries an id; the host answers it once with `result` or `error`. A runImport call is the one
 * conversation: the host opens a transaction and says `tx-start`, the server's work calls `tx.<method>`
 * on it, and `tx-end` tells the host to commit (no error) or roll back.
 */
import type { KuzuStoreOptions } from '../kuzu-graph-store';
import type { AdjacencyColumns } from '../../../domain/ports/graph-store';

export type { AdjacencyColumns };

/** An error as it crosses the boundary: DomainErrors keep their code and details, others their message. */
export interface WireError {
  name: string;
  message: string;
  code?: string;
  details?: unknown;
}

/** Server -> host. */
export type HostRequest =
  | { t: 'call'; id: number; method: string; args: unknown[] }
  | { t: 'tx-end'; txId: number; error?: WireError }
  /** The caller of request `id` went away: drop its result (Kuzu cannot cancel a running query). */
  | { t: 'abort'; id: number }
  /** Close the store cleanly (checkpoint) and exit. */
  | { t: 'close' };

/** Host -> server. */
export type HostMessage =
  | { t: 'ready'; pid: number }
  | { t: 'open-failed'; error: WireError }
  | { t: 'result'; id: number; value: unknown }
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

/** Console queries, writes and imports are not retried after a crash; these reads are. */
export const IDEMPOTENT_READS: ReadonlySet<string> = new Set([
  'init',
  'ping',
  'counts',
  'searchCandidates',
  'getNodes',
  'getEdges',
  'adjacency',
  'readAll',
  'listDocuments',
  'getDocument',
  'edgesCitingDocuments',
  'documentTextStamps',
  'listImports',
  'readImportBatches',
  'prepareAdjacencyIndex',
]);
