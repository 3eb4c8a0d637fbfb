/**
 * Any GraphStore with its traversals answered from the graph index in this process: adjacency() and
 * estimateAdjacency() come from typed arrays (microseconds per hop) instead of one engine round trip per
 * hop, on the embedded engine and on Neo4j alike. Everything else goes to the store as it is.
 *
 * Never a stale answer. The index remembers the write version (WriteTracker) it was built at; a write
 * through the app changes the version, so from its first moment on the index is not used and the engine
 * answers, as it would without an index, while a new index is built in the background once the write has
 * ended. A build that a write overlapped is thrown away. On Neo4j other clients may write too: there an
 * index also stops being used once it is `maxAgeMs` old (0: never, for a database only this app writes)
 * and is rebuilt in the background, as server/http/page-graph.ts re-reads the page's graph. The embedded
 * engine can also change under the app without a write: a restart of its process may start from another
 * database generation (a recovery), so an engine restart or a generation change makes the index stale too.
 */
import type { Direction } from '../../domain/graph-model';
import { trackWrites } from '../../domain/write-tracking';
import type { AdjacencyFilter, EdgeRef, GraphStore, PathCandidateQuery, PathCandidates } from '../../domain/ports/graph-store';
import type { GraphIndex } from './graph-index';
import { buildGraphIndex } from './kept-graph-index';

export interface GraphIndexSettings {
  /** Build and use the index (off: every traversal asks the engine, as before). */
  enabled: boolean;
  /** After this long an index is no longer used and is rebuilt (other writers); 0 means never. */
  maxAgeMs: number;
  /** Told of each build and each failure (sizes and seconds), for the server log. */
  log?(message: string): void;
  now?(): number;
}

/** What /api/health or a bench may want to know about the index. */
export interface GraphIndexStatus {
  state: 'off' | 'building' | 'ready' | 'stale';
  relationships?: number;
  bytes?: number;
  buildMs?: number;
  builtAt?: number;
}

interface Built {
  index: GraphIndex;
  /** What the graph was when the build started (see `stamp`). */
  version: string;
  builtAt: number;
  buildMs: number;
}

/** A failed build (the engine down, a timeout) is tried again on use, but not more often than this. */
const RETRY_AFTER_FAILURE_MS = 5_000;

/** The store methods that change what is stored: after each, a new index is built. */
const WRITE_METHODS: ReadonlySet<PropertyKey> = new Set<PropertyKey>(['upsert', 'bulkLoad', 'runImport']);

export interface IndexedGraphStore {
  /** The store to hand to use cases: the same store, its traversals answered from the index when current. */
  readonly store: GraphStore;
  status(): GraphIndexStatus;
  /** Resolves once an index of the current graph is in use (for tests and benches; the app does not wait). */
  ready(): Promise<void>;
}

/**
 * Wraps `store`: hand the answer's `store` to everything that reads or writes, so every write is seen. The
 * first build starts at once in the background.
 */
export function withGraphIndex(raw: GraphStore, settings: GraphIndexSettings): IndexedGraphStore {
  const writes = trackWrites(raw);
  const store = writes.store;
  // Changes whenever the stored graph may have: a write through the app, an engine restart, another generation.
  const stamp = (): string => `${writes.version()}|${raw.engineProcessHealth?.().restarts ?? 0}|${raw.storageStatus?.()?.generation ?? ''}`;
  const now = settings.now ?? Date.now;
  const log = settings.log ?? (() => undefined);
  let built: Built | undefined;
  let building: Promise<void> | undefined;
  let failedAt = Number.NEGATIVE_INFINITY;
  let closed = false;

  const current = (): GraphIndex | undefined => {
    if (!built) return undefined;
    if (built.version !== stamp() || writes.writesInFlight() > 0) {
      // Stale for good: free its memory before the next one is built.
      built = undefined;
      return undefined;
    }
    if (settings.maxAgeMs > 0 && now() - built.builtAt >= settings.maxAgeMs) return undefined;
    return built.index;
  };

  const build = async (): Promise<void> => {
    const version = stamp();
    const started = now();
    const t0 = performance.now();
    const index = await buildGraphIndex((onColumns) => store.loadAdjacency(onColumns));
    const buildMs = Math.round(performance.now() - t0);
    if (version !== stamp() || writes.writesInFlight() > 0) return;
    built = { index, version, builtAt: started, buildMs };
    log(`Graph index: ${index.size} relationships, ${index.nodeCount} nodes, ${(index.byteSize() / 2 ** 20).toFixed(1)} MiB, built in ${buildMs} ms.`);
  };

  /** Starts a build unless one runs, a write is in flight (its end starts one) or the last failed just now. */
  const refresh = (): void => {
    if (!settings.enabled || closed || building || writes.writesInFlight() > 0) return;
    if (now() - failedAt < RETRY_AFTER_FAILURE_MS) return;
    building = build()
      .catch((err: unknown) => {
        failedAt = now();
        log(`Graph index: the build failed, traversals ask the engine meanwhile (${err instanceof Error ? err.message : String(err)}).`);
      })
      .finally(() => {
        building = undefined;
        // A write during the build made it useless: build again for the graph as it is now.
        if (!closed && !built && writes.writesInFlight() === 0 && now() - failedAt >= RETRY_AFTER_FAILURE_MS) refresh();
      });
  };

  const usable = (): GraphIndex | undefined => {
    const index = current();
    if (!index) refresh();
    return index;
  };

  const adjacency = (ids: readonly string[], direction: Direction, filter?: AdjacencyFilter): Promise<EdgeRef[]> => {
    const index = usable();
    return index ? Promise.resolve(index.adjacency(ids, direction, filter ?? {})) : store.adjacency(ids, direction, filter);
  };

  const estimateAdjacency = (ids: readonly string[], direction: Direction): number | undefined =>
    current()?.degreeSum(ids, direction) ?? store.estimateAdjacency?.(ids, direction);

  // Only from a current index: the engine has no such search, so without one the caller walks adjacency().
  // The search runs in slices, so a write may begin or end while it runs: its answer is given only if the
  // index it searched is still the current one at the end (else the caller walks, as during any write).
  const pathCandidates = async (q: PathCandidateQuery): Promise<PathCandidates | undefined> => {
    const index = usable();
    if (!index) return undefined;
    const answer = await index.pathCandidates(q);
    return current() === index ? answer : undefined;
  };

  // Sliced too, so given only from an index still current at the end, as pathCandidates.
  const relationshipsBetween = async (pairs: ReadonlyArray<readonly [string, string]>, filter?: AdjacencyFilter): Promise<EdgeRef[] | undefined> => {
    const index = usable();
    if (!index) return undefined;
    const answer = await index.between(pairs, filter ?? {});
    return current() === index ? answer : undefined;
  };

  const indexed = new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'adjacency') return adjacency;
      if (property === 'estimateAdjacency') return estimateAdjacency;
      if (property === 'pathCandidates') return pathCandidates;
      if (property === 'relationshipsBetween') return relationshipsBetween;
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (property === 'close') {
        return async (...args: unknown[]): Promise<unknown> => {
          closed = true;
          built = undefined;
          return method.apply(target, args);
        };
      }
      if (!WRITE_METHODS.has(property)) return method.bind(target);
      return async (...args: unknown[]): Promise<unknown> => {
        try {
          return await method.apply(target, args);
        } finally {
          refresh();
        }
      };
    },
  });

  refresh();
  return {
    store: indexed,
    status: () => {
      if (!settings.enabled) return { state: 'off' };
      const index = current();
      if (index && built) return { state: 'ready', relationships: index.size, bytes: index.byteSize(), buildMs: built.buildMs, builtAt: built.builtAt };
      return { state: building ? 'building' : 'stale' };
    },
    ready: async () => {
      while (settings.enabled && !closed && !current()) {
        refresh();
        if (building) await building;
        else if (writes.writesInFlight() > 0) await new Promise((resolve) => setTimeout(resolve, 20));
        else if (!current()) throw new Error('The graph index could not be built (see the log).');
      }
    },
  };
}
